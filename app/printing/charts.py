"""Charts for printed reports, drawn with ReportLab graphics (no Qt): the recognition rate of each
title as a bar, with its target as a red line across the bar.

:func:`rate_chart` takes plain ``(label, rate, target)`` rows (percent, None = no figure) and
returns a :class:`~reportlab.graphics.shapes.Drawing` usable as a platypus flowable.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm

from app.domain.text import nfc
from app.printing.fitting import fit_text
from app.printing.fonts import face, register_fonts

__all__ = ["rate_chart", "BAR", "BAR_BELOW", "TARGET"]

BAR = HexColor("#3B6EA5")
BAR_BELOW = HexColor("#C98A2B")
TARGET = HexColor("#C62828")
GRID = HexColor("#BDBDBD")


def _pct(value: float) -> str:
    """A bar's rate as the tables print it: one decimal, Vietnamese comma (``24,0``, ``56,3``)."""
    return f"{value:.1f}".replace(".", ",")


def rate_chart(rows: Sequence[tuple[str, float | None, float | None]], width: float, height: float = 72 * mm,
               legend: tuple[str, str, str] = ("Tỷ lệ được công nhận (%)", "Chỉ tiêu (%)", "Dưới chỉ tiêu")
               ) -> Drawing:
    """Bars of ``rate`` (0–100 %) per row with the ``target`` as a red line; a bar below its
    target is drawn in amber. Labels under the bars wrap to three lines."""
    register_fonts()
    d = Drawing(width, height)
    left, right, bottom, top = 12 * mm, 2 * mm, 17 * mm, 9 * mm
    plot_w, plot_h = width - left - right, height - bottom - top
    regular, bold = face(), face(bold=True)
    for pct in range(0, 101, 20):
        y = bottom + plot_h * pct / 100
        d.add(Line(left, y, left + plot_w, y, strokeColor=GRID if pct else black, strokeWidth=0.4 if pct else 0.8))
        d.add(String(left - 2, y - 3, f"{pct}", fontName=regular, fontSize=8, textAnchor="end"))
    d.add(Line(left, bottom, left, bottom + plot_h, strokeColor=black, strokeWidth=0.8))
    n = max(len(rows), 1)
    slot = plot_w / n
    bar_w = min(slot * 0.5, 22 * mm)
    for i, (label, rate, target) in enumerate(rows):
        cx = left + slot * (i + 0.5)
        if rate is not None:
            h = plot_h * max(0.0, min(rate, 100.0)) / 100
            below = target is not None and rate < target
            d.add(Rect(cx - bar_w / 2, bottom, bar_w, h, fillColor=BAR_BELOW if below else BAR, strokeColor=None))
            d.add(String(cx, bottom + h + 2, _pct(rate), fontName=bold, fontSize=8, textAnchor="middle"))
        else:
            d.add(String(cx, bottom + 2, "—", fontName=regular, fontSize=8, textAnchor="middle"))
        if target is not None:
            y = bottom + plot_h * max(0.0, min(target, 100.0)) / 100
            d.add(Line(cx - bar_w / 2 - 3, y, cx + bar_w / 2 + 3, y, strokeColor=TARGET, strokeWidth=1.8))
        fitted = fit_text(nfc(label), regular, 8, slot - 4, 7, 3)
        for k, line in enumerate(fitted.lines):
            d.add(String(cx, bottom - 9 - k * (fitted.size + 1), line, fontName=fitted.font, fontSize=fitted.size,
                         textAnchor="middle"))
    _legend(d, left, height - 6, legend, regular)
    return d


def _legend(d: Drawing, x: float, y: float, legend: tuple[str, str, str], font: str) -> None:
    """Three keys on one line at the top: bar, target line, bar below target."""
    d.add(Rect(x, y - 1, 8, 6, fillColor=BAR, strokeColor=None))
    d.add(String(x + 11, y, nfc(legend[0]), fontName=font, fontSize=8))
    x += 11 + _width(legend[0], font) + 12
    d.add(Line(x, y + 2, x + 12, y + 2, strokeColor=TARGET, strokeWidth=1.8))
    d.add(String(x + 15, y, nfc(legend[1]), fontName=font, fontSize=8))
    x += 15 + _width(legend[1], font) + 12
    d.add(Rect(x, y - 1, 8, 6, fillColor=BAR_BELOW, strokeColor=None))
    d.add(String(x + 11, y, nfc(legend[2]), fontName=font, fontSize=8))


def _width(text: str, font: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(nfc(text), font, 8)
