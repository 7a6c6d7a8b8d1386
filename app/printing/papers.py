"""Shared platypus pieces for the round's multi-page papers: styles in Tinos, NĐ 30 margins, page
numbers centred in the top margin from page 2 on, tables with a repeated header row.

Margins (NĐ 30/2020): top and bottom 20 mm, left 30 mm, right 15 mm (landscape: left 20 mm, since
a landscape page is bound along its top edge). Body text 13 pt, justified, first-line indent 1 cm,
6 pt between paragraphs. Every text goes through :func:`para`, which makes it NFC and escapes it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor, black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.domain.names import split_full_name
from app.domain.text import nfc, person_sort_key, sort_key
from app.printing.fitting import fit_text
from app.printing.fonts import SERIF, binary_streams, face, register_fonts

__all__ = ["STYLES", "para", "build_pdf", "grid_table", "dotted", "SHADE", "DottedField", "village_name_order"]

SHADE = HexColor("#EDEDED")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=SERIF, fontSize=13, leading=16.5, textColor=black)
    return {
        "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6),
        "base": base,
        "italic": ParagraphStyle("italic", parent=base, fontName=face(italic=True), alignment=TA_JUSTIFY,
                                 firstLineIndent=10 * mm, spaceAfter=3),
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER),
        "centre_bold": ParagraphStyle("centre_bold", parent=base, fontName=face(bold=True), alignment=TA_CENTER),
        "centre_italic": ParagraphStyle("centre_italic", parent=base, fontName=face(italic=True),
                                        alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=base, fontSize=11.5, leading=14, alignment=TA_LEFT),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=face(bold=True), fontSize=11.5, leading=14),
        "cell_bold_centre": ParagraphStyle("cell_bold_centre", parent=base, fontName=face(bold=True), fontSize=11.5,
                                           leading=14, alignment=TA_CENTER),
        "cell_centre": ParagraphStyle("cell_centre", parent=base, fontSize=11.5, leading=14, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=base, fontName=face(bold=True), fontSize=11.5, leading=14,
                               alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=10.5, leading=12.5),
        "small_bold": ParagraphStyle("small_bold", parent=base, fontName=face(bold=True), fontSize=10.5, leading=12.5),
        "small_centre": ParagraphStyle("small_centre", parent=base, fontSize=10.5, leading=12.5, alignment=TA_CENTER),
        "small_bold_centre": ParagraphStyle("small_bold_centre", parent=base, fontName=face(bold=True), fontSize=10.5,
                                            leading=12.5, alignment=TA_CENTER),
        "small_italic": ParagraphStyle("small_italic", parent=base, fontName=face(italic=True), fontSize=11,
                                       leading=13.5, alignment=TA_CENTER),
    }


STYLES = _styles()


def para(text: str, style: str = "body", bold: bool = False, head: str = "") -> Paragraph:
    """A paragraph of plain text (NFC, XML-escaped): ``bold`` makes it all bold, ``head`` is a
    bold lead-in ("Điều 1.") before it."""
    register_fonts()
    content = escape(nfc(text))
    if bold:
        content = f"<b>{content}</b>"
    if head:
        content = f"<b>{escape(nfc(head))}</b> {content}"
    return Paragraph(content, STYLES[style])


def dotted(value: str, width: int = 60) -> str:
    """``value`` or, when empty, a row of dots to fill in by hand."""
    return nfc(value) or "…" * width


def village_name_order(village: str, name: str, people: bool) -> tuple[str, str]:
    """Sort key of a list row: village, then a person's (or household head's) name as given,
    middle, family names, or another subject's display name, in Vietnamese order."""
    if people:
        family, middle, given = split_full_name(name)
        return sort_key(village), person_sort_key(given, middle, family)
    return sort_key(village), sort_key(name)


def _page_number(canvas, doc) -> None:
    """NĐ 30: Arabic numerals, 13 pt, centred in the top margin, not on page 1."""
    if doc.page == 1:
        return
    canvas.saveState()
    canvas.setFont(SERIF, 13)
    canvas.drawCentredString(doc.pagesize[0] / 2, doc.pagesize[1] - 12 * mm, str(doc.page))
    canvas.restoreState()


def _no_number(canvas, doc) -> None:
    return None


def build_pdf(story: Sequence[Flowable], wide: bool = False, title: str = "", page_numbers: bool = True) -> bytes:
    """Lay ``story`` out on A4 (``wide``: landscape) with NĐ 30 margins and, for one multi-page
    document, page numbers (a batch of one-page forms has none); PDF bytes."""
    register_fonts()
    out = io.BytesIO()
    size = landscape(A4) if wide else A4
    left = 20 * mm if wide else 30 * mm
    with binary_streams():
        doc = SimpleDocTemplate(out, pagesize=size, leftMargin=left, rightMargin=15 * mm, topMargin=20 * mm,
                                bottomMargin=20 * mm, title=nfc(title), creator="TTHTCD")
        numbers = _page_number if page_numbers else _no_number
        doc.build(list(story), onFirstPage=numbers, onLaterPages=numbers)
    return out.getvalue()


def grid_table(rows: Sequence[Sequence[object]], widths: Sequence[float], header_rows: int = 1,
               shaded_rows: Sequence[int] = (), spans: Sequence[int] = (), centred_cols: Sequence[int] = (),
               small: bool = False) -> Table:
    """A table with a thin grid, the first ``header_rows`` repeated on every page and shaded;
    ``shaded_rows`` are also shaded (group or criterion rows); ``spans`` rows merge all their
    cells; ``centred_cols`` centre their text; ``small`` uses 10.5 pt instead of 11.5 pt. Strings
    become cell paragraphs (NFC, wrapped)."""
    plain, centred, head = ("small", "small_centre", "small_bold_centre") if small else ("cell", "cell_centre", "head")
    cells = [[para(c, head if r < header_rows else centred if i in centred_cols else plain)
              if isinstance(c, str) else c for i, c in enumerate(row)] for r, row in enumerate(rows)]
    table = Table(cells, colWidths=list(widths), repeatRows=header_rows)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
    ]
    for r in shaded_rows:
        style.append(("BACKGROUND", (0, r), (-1, r), SHADE))
    for r in spans:
        style.append(("SPAN", (0, r), (-1, r)))
    table.setStyle(TableStyle(style))
    return table


class DottedField(Flowable):
    """"Label: value" at 13 pt followed by a dotted leader to the right margin, to fill in by hand
    (the value wraps to two lines when long)."""

    def __init__(self, label: str, value: str = "", size: float = 13, indent: float = 10 * mm):
        super().__init__()
        self.text = f"{nfc(label)}: {nfc(value)}".rstrip()
        self.size, self.indent = size, indent
        self.lines: tuple[str, ...] = ()

    def wrap(self, availWidth, availHeight):
        register_fonts()
        self.width = availWidth
        fitted = fit_text(self.text, SERIF, self.size, availWidth - self.indent, self.size - 1, 2)
        self.lines, self.fsize = fitted.lines, fitted.size
        self.height = len(self.lines) * self.size * 1.5 + 2
        return self.width, self.height

    def draw(self):
        c, size, lead = self.canv, self.fsize, self.size * 1.5
        c.setFont(SERIF, size)
        y = self.height - self.size * 1.15
        for line in self.lines:
            c.drawString(self.indent, y, line)
            y -= lead
        y += lead
        start = self.indent + stringWidth(self.lines[-1], SERIF, size) + 3
        dot = stringWidth(".", SERIF, size)
        count = int((self.width - start) / dot) if self.width > start else 0
        c.drawString(start, y, "." * count)
