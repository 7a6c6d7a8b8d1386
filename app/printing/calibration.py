"""Printer calibration: a test page with marks at known distances from the paper's edges, the
correction computed from what the user measures, and the corrections remembered per printer.

Offsets are ``(right, down)`` in millimetres: ``(1.5, -2)`` moves everything 1.5 mm right and 2 mm
up. The test page has a crosshair whose centre should be :data:`MARK_MM` from the left edge and
from the top edge; the user measures where it really is and :func:`corrected_offsets` gives the
new offsets. The per-printer store is a small JSON file whose location the caller chooses (for
example ``<data>/printers.json``).
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.text import nfc
from app.i18n import _
from app.printing.fonts import binary_streams, face, register_fonts
from app.printing.templates import CertificateTemplate

__all__ = ["MARK_MM", "build_test_page", "corrected_offsets", "load_printer_offsets", "printer_offsets",
           "save_printer_offsets"]

MARK_MM = 20.0
Offsets = tuple[float, float]


def _crosshair(c: Canvas, x: float, y: float, label: str, left: bool = False) -> None:
    c.setLineWidth(0.4)
    c.line(x - 8 * mm, y, x + 8 * mm, y)
    c.line(x, y - 8 * mm, x, y + 8 * mm)
    c.circle(x, y, 3 * mm, stroke=1, fill=0)
    c.setFont(face(), 7)
    if left:
        c.drawRightString(x - 1.2 * mm, y + 1.2 * mm, label)
    else:
        c.drawString(x + 1.2 * mm, y + 1.2 * mm, label)


def _mm(value: float) -> str:
    return f"{value:+.1f} mm".replace(".", ",").replace("-", "−")


def _rulers(c: Canvas, w: float, h: float) -> None:
    """Millimetre rulers along the top edge (from the left) and the left edge (from the top)."""
    c.setLineWidth(0.3)
    c.setFont(face(), 6)
    for i in range(0, int(w / mm) + 1):
        length = 6 if i % 10 == 0 else 4 if i % 5 == 0 else 2.5
        c.line(i * mm, h, i * mm, h - length * mm)
        if i % 10 == 0 and 0 < i < w / mm - 5:
            c.drawCentredString(i * mm, h - 9 * mm, str(i))
    for i in range(0, int(h / mm) + 1):
        length = 6 if i % 10 == 0 else 4 if i % 5 == 0 else 2.5
        c.line(0, h - i * mm, length * mm, h - i * mm)
        if i % 10 == 0 and 0 < i < h / mm - 5:
            c.drawString(7 * mm, h - i * mm - 2, str(i))


def build_test_page(template: CertificateTemplate | str = "A4", offsets_mm: Offsets = (0.0, 0.0),
                    printer_name: str = "") -> bytes:
    """A one-page PDF (landscape, the template's paper size or ``"A4"``/``"A5"``) with rulers on
    the top and left edges, crosshairs :data:`MARK_MM` from each corner, a centre cross, a frame
    10 mm in, and instructions. Drawn with ``offsets_mm`` applied, so a calibrated printer puts the
    marks exactly where the labels say."""
    register_fonts()
    size = template.page_size if isinstance(template, CertificateTemplate) else template
    w, h = landscape(A5 if size == "A5" else A4)
    out = io.BytesIO()
    with binary_streams():
        c = Canvas(out, pagesize=(w, h))
        c.setTitle("Trang in thử căn lề")
        c.translate(offsets_mm[0] * mm, -offsets_mm[1] * mm)
        c.setStrokeColor(black)
        _rulers(c, w, h)
        m = MARK_MM * mm
        for x, y, label in ((m, h - m, "trái 20 mm, trên 20 mm"), (w - m, h - m, "phải 20 mm, trên 20 mm"),
                            (m, m, "trái 20 mm, dưới 20 mm"), (w - m, m, "phải 20 mm, dưới 20 mm")):
            _crosshair(c, x, y, label, left=x > w / 2)
        _crosshair(c, w / 2, h / 2, "tâm trang")
        c.setStrokeColor(HexColor("#888888"))
        c.setDash(2, 2)
        c.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
        c.setDash()
        c.setFillColor(black)
        lines = [
            ("TRANG IN THỬ CĂN LỀ MÁY IN", 16, True),
            (nfc(f"Máy in: {printer_name}") if printer_name else "", 11, False),
            (f"Khổ {size} ngang. Độ lệch đang dùng: sang phải {_mm(offsets_mm[0])}, xuống dưới {_mm(offsets_mm[1])}.",
             11, False),
            ("Đo bằng thước từ mép trái tờ giấy đến tâm dấu thập góc trên bên trái (đúng ra là 20 mm),", 11, False),
            ("rồi từ mép trên tờ giấy đến tâm dấu thập đó (đúng ra là 20 mm). Nhập hai số đo vào chương trình.", 11, False),
            ("Thước ở mép trên và mép trái cho biết ngay máy in lệch bao nhiêu milimét.", 11, False),
        ]
        y = h / 2 + 42 * mm * (w / landscape(A4)[0])
        for text, size_pt, bold in lines:
            if not text:
                continue
            c.setFont(face(bold=bold), size_pt * (w / landscape(A4)[0]) ** 0.5)
            c.drawCentredString(w / 2, y, nfc(text))
            y -= size_pt * 1.5
        c.showPage()
        c.save()
    return out.getvalue()


def corrected_offsets(current: Offsets, measured_left_mm: float, measured_top_mm: float) -> Offsets:
    """New offsets after measuring the test page printed with ``current``: the distances from the
    left and top paper edges to the top-left crosshair, which should both be :data:`MARK_MM`."""
    return (round(current[0] - (measured_left_mm - MARK_MM), 1), round(current[1] - (measured_top_mm - MARK_MM), 1))


def load_printer_offsets(path: str | os.PathLike[str]) -> dict[str, Offsets]:
    """Printer name → offsets from the store (an empty dict if the file is missing or unreadable)."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
        return {str(k): (float(v[0]), float(v[1])) for k, v in data.get("printers", {}).items()}
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        return {}


def printer_offsets(path: str | os.PathLike[str], printer_name: str) -> Offsets:
    """The remembered offsets of one printer, ``(0, 0)`` if none."""
    return load_printer_offsets(path).get(printer_name, (0.0, 0.0))


def save_printer_offsets(path: str | os.PathLike[str], printer_name: str, offsets: Offsets) -> None:
    """Remember a printer's offsets (other printers are kept; written atomically). Offsets beyond
    ±30 mm are refused with ``ValueError``: that is a wrong measurement, not a printer."""
    if any(abs(v) > 30 for v in offsets):
        raise ValueError(_("Độ lệch quá 30 mm: hãy đo lại trang in thử."))
    store = load_printer_offsets(path)
    store[printer_name] = (float(offsets[0]), float(offsets[1]))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps({"printers": {k: list(v) for k, v in sorted(store.items())}}, ensure_ascii=False,
                              indent=2), "utf-8")
    os.replace(tmp, target)
