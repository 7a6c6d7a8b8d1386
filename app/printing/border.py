"""The certificate's decorative border, in ReportLab vector shapes (no image files).

A double frame — a red outer rule and a thin gold inner rule with a hairline between — with an
ornament in each corner (a gold diamond with a red centre inside two quarter arcs) and a small
diamond at the middle of each side. Drawn once per page size and colour pair into a PDF form
XObject that every page reuses, so 3,000 pages cost one drawing.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm

__all__ = ["draw_border", "place_border", "FRAME_INSET_MM"]

#: Distance of the outer rule from the paper edge on A4; everything scales with the page.
FRAME_INSET_MM = 8.0


def _diamond(c, x: float, y: float, r: float, fill, stroke=None) -> None:
    p = c.beginPath()
    p.moveTo(x, y + r)
    p.lineTo(x + r, y)
    p.lineTo(x, y - r)
    p.lineTo(x - r, y)
    p.close()
    c.setFillColor(fill)
    if stroke is not None:
        c.setStrokeColor(stroke)
    c.drawPath(p, fill=1, stroke=1 if stroke is not None else 0)


def _corner(c, x: float, y: float, sx: int, sy: int, k: float, accent, gold) -> None:
    """The ornament whose frame corner is at (x, y); (sx, sy) point into the page."""
    c.setStrokeColor(gold)
    c.setLineWidth(1.0 * k)
    for radius in (9 * mm * k, 12 * mm * k):
        # A quarter arc from one rule to the other, bulging into the page.
        c.arc(x - radius, y - radius, x + radius, y + radius,
              startAng={(1, 1): 0, (-1, 1): 90, (-1, -1): 180, (1, -1): 270}[(sx, sy)], extent=90)
    cx, cy = x + sx * 4.2 * mm * k, y + sy * 4.2 * mm * k
    _diamond(c, cx, cy, 3.4 * mm * k, gold)
    _diamond(c, cx, cy, 1.5 * mm * k, accent)
    c.setFillColor(white)
    c.circle(cx, cy, 0.45 * mm * k, stroke=0, fill=1)


def draw_border(c, width: float, height: float, accent: str, gold: str) -> None:
    """Draw the border for a page ``width`` × ``height`` points (A4 proportions scale it)."""
    k = width / (297 * mm) if width > height else height / (297 * mm)
    red, yellow = HexColor(accent), HexColor(gold)
    outer = FRAME_INSET_MM * mm * k
    c.saveState()
    c.setStrokeColor(red)
    c.setLineWidth(2.6 * k)
    c.rect(outer, outer, width - 2 * outer, height - 2 * outer, stroke=1, fill=0)
    mid = outer + 1.6 * mm * k
    c.setLineWidth(0.4 * k)
    c.rect(mid, mid, width - 2 * mid, height - 2 * mid, stroke=1, fill=0)
    inner = outer + 3.0 * mm * k
    c.setStrokeColor(yellow)
    c.setLineWidth(1.2 * k)
    c.rect(inner, inner, width - 2 * inner, height - 2 * inner, stroke=1, fill=0)
    for x, y, sx, sy in ((inner, inner, 1, 1), (width - inner, inner, -1, 1), (inner, height - inner, 1, -1),
                         (width - inner, height - inner, -1, -1)):
        _corner(c, x, y, sx, sy, k, red, yellow)
    c.setLineWidth(0.6 * k)
    for x, y in ((width / 2, inner), (width / 2, height - inner), (inner, height / 2), (width - inner, height / 2)):
        _diamond(c, x, y, 2.4 * mm * k, yellow, stroke=red)
    c.restoreState()


def place_border(c, width: float, height: float, accent: str, gold: str) -> None:
    """Draw the border on the current page through a form XObject made once per canvas, size and
    colours (``c`` must be a ReportLab canvas)."""
    forms = c.__dict__.setdefault("_tthtcd_border_forms", {})
    key = (round(width, 2), round(height, 2), accent, gold)
    name = forms.get(key)
    if name is None:
        name = f"tthtcdBorder{len(forms)}"
        c.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=height)
        draw_border(c, width, height, accent, gold)
        c.endForm()
        forms[key] = name
    c.doForm(name)
