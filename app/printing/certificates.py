"""Certificates (giấy công nhận): plain data in, one PDF of any number of pages out (canvas API).

Page: landscape A4 or A5 (A5 is the A4 layout scaled by 0.707, fonts included). Top: the issuing
body (left) and quốc hiệu/tiêu ngữ (right) as NĐ 30/2020; middle: the template's wording lines,
centred; bottom left: the template's footer lines (decision, register number, "Cấp lại lần N")
over the QR code; bottom right: the place-and-date line (italic), the signature block (TM./KT.,
position, room for signature and seal, the signer's name in bold). Every text is NFC and fitted:
shrunk to its floor, then wrapped, so a long name or address never leaves the frame
(:func:`layout_certificate` returns the decisions, for tests and the template editor's preview).

``offsets_mm = (right, down)`` moves everything on the paper to correct a printer (see
:mod:`app.printing.calibration`). 3,000 A4 pages with QR codes take ≈ 4 s and ≈ 130 MB.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.crypto.certificate_qr import draw_qr
from app.domain.text import nfc
from app.i18n import document_date
from app.printing.border import place_border
from app.printing.document import LEADING, NATIONAL_MOTTO, NATIONAL_NAME, authority_lines
from app.printing.fitting import fit_text
from app.printing.fonts import binary_streams, face, register_fonts
from app.printing.templates import CertificateTemplate, TemplateLine, default_template, placeholders_in
from app.printing.titles import RECIPIENT_KINDS, title_label

__all__ = ["Cancelled", "CertificateData", "Placed", "CertificateLayout", "placeholder_values",
           "layout_certificate", "draw_certificate", "build_certificates", "sample_certificate", "preview_pdf"]

Report = Callable[[int, int], None]


class Cancelled(Exception):
    """Raised by a builder when ``cancelled()`` became true; nothing is returned."""


@dataclass(frozen=True)
class CertificateData:
    """One certificate. ``recipient`` is the name as printed (a household's head, "Dòng họ Lò", a
    village, a unit, a person); ``name_parts`` (family, middle, given) order people when sorting.
    ``signer_authority`` may hold two lines ("TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH"); ``issued_on``
    (the date line) defaults to the decision date; ``reprint_count`` 0 is the first issue."""

    title_code: str
    year: int
    recipient: str
    decision_number: str
    decision_date: date
    register_no: int | str  # "…" on a preview of an award not yet in the register
    signer_name: str
    issuing_body: tuple[str, ...] = ("ỦY BAN NHÂN DÂN",)
    parent_body: tuple[str, ...] = ()
    commune_name: str = ""
    place: str = ""
    title_label: str = ""
    recipient_kind: str = ""
    address: str = ""
    village: str = ""
    reprint_count: int = 0
    issued_on: date | None = None
    signer_authority: str = "TM. ỦY BAN NHÂN DÂN"
    signer_position: str = "CHỦ TỊCH"
    qr_text: str = ""
    name_parts: tuple[str, str, str] | None = None
    key: str = ""
    honorific: str = ""  # "ông" / "bà" for a person or a household's head; "" when not known

    @property
    def label(self) -> str:
        return self.title_label or title_label(self.title_code)

    @property
    def kind(self) -> str:
        return self.recipient_kind or RECIPIENT_KINDS.get(self.title_code, "person")


@dataclass(frozen=True)
class Placed:
    """One fitted text on the page: ``x`` is the centre (or the left edge when ``align`` is
    ``left``), ``baselines`` one per line, all in points from the page's lower-left corner before
    printer offsets; ``max_width`` is the width it had to fit."""

    role: str
    lines: tuple[str, ...]
    font: str
    size: float
    color: str
    x: float
    baselines: tuple[float, ...]
    max_width: float
    align: str = "centre"

    def line_widths(self) -> tuple[float, ...]:
        return tuple(stringWidth(line, self.font, self.size) for line in self.lines)


@dataclass(frozen=True)
class CertificateLayout:
    page_size: tuple[float, float]
    frame: tuple[float, float, float, float]  # left, bottom, right, top (points)
    scale: float
    texts: tuple[Placed, ...]
    rules: tuple[tuple[float, float, float], ...]  # (x1, x2, y): the NĐ 30 rules
    qr: tuple[float, float, float] | None  # x, y, size


def placeholder_values(item: CertificateData, template: CertificateTemplate) -> dict[str, str]:
    """The text of every placeholder for ``item`` (parts the template hides are empty)."""
    show = template.shows
    label = nfc(item.label)
    return {
        "title_label": label, "title_upper": label.upper(), "year": str(item.year),
        "recipient": nfc(item.recipient), "recipient_upper": nfc(item.recipient).upper(),
        "address": nfc(item.address) if show("address") else "", "village": nfc(item.village),
        "commune": nfc(item.commune_name), "place": nfc(item.place or item.commune_name),
        "decision_number": nfc(item.decision_number) if show("decision") else "",
        "decision_date": item.decision_date.strftime("%d/%m/%Y") if show("decision") else "",
        "decision_date_long": document_date(item.decision_date) if show("decision") else "",
        "register_no": str(item.register_no) if show("register_no") else "",
        "reprint": f"Cấp lại lần {item.reprint_count}" if item.reprint_count > 0 else "",
        "honorific": item.honorific or "ông (bà)",
    }


def _render(line: TemplateLine, values: Mapping[str, str]) -> str:
    names = placeholders_in(line.text)
    if names and not any(values.get(n) for n in names):
        return ""
    return nfc(line.text.format_map(values))


class _Builder:
    """Collects fitted texts for one page at scale ``k`` (1.0 on A4)."""

    def __init__(self, k: float, template: CertificateTemplate):
        self.k, self.t = k, template
        self.texts: list[Placed] = []
        self.rules: list[tuple[float, float, float]] = []

    def text(self, role: str, text: str, x: float, top: float, width: float, size: float, bold=False,
             italic=False, color="black", min_size=None, max_lines=2, align="centre") -> float:
        """Place ``text`` (size in A4 points) with its top at ``top``; return the height used."""
        if not text:
            return 0.0
        k = self.k
        fitted = fit_text(text, face(bold, italic), size * k, width,
                          (min_size if min_size is not None else size * 0.75) * k, max_lines)
        lead = fitted.size * LEADING
        baselines = tuple(top - lead * (i + 1) + fitted.size * 0.31 for i in range(len(fitted.lines)))
        self.texts.append(Placed(role, fitted.lines, fitted.font, fitted.size, color, x, baselines, width, align))
        return lead * len(fitted.lines)

    def rule(self, x_centre: float, length: float, y: float) -> None:
        self.rules.append((x_centre - length / 2, x_centre + length / 2, y))


def _header(b: _Builder, item: CertificateData, W: float, top: float) -> float:
    t, k = b.t, b.k
    left_x, left_w = 70 * mm * k, 96 * mm * k
    right_x, right_w = W - 72 * mm * k, 104 * mm * k
    h_left = h_right = 0.0
    if t.shows("issuing_body"):
        size = t.size("issuing_body")
        for line in item.parent_body:
            h_left += b.text("parent_body", line.upper(), left_x, top - h_left, left_w, size, max_lines=1)
        body = [nfc(x).upper() for x in item.issuing_body if x.strip()]
        for line in body:
            h_left += b.text("issuing_body", line, left_x, top - h_left, left_w, size, bold=True, max_lines=1)
        if body:
            widest = max(p.line_widths()[0] for p in b.texts if p.role == "issuing_body")
            b.rule(left_x, widest * 0.4, top - h_left - 1.5 * k)
    if t.shows("national_header"):
        h_right += b.text("national_name", NATIONAL_NAME, right_x, top, right_w, t.size("national"), bold=True,
                          max_lines=1)
        h_right += b.text("national_motto", NATIONAL_MOTTO, right_x, top - h_right, right_w, t.size("motto"),
                          bold=True, max_lines=1)
        motto = b.texts[-1]
        b.rule(right_x, motto.line_widths()[0], motto.baselines[0] - motto.size * 0.36)
    return max(h_left, h_right)


def _body(b: _Builder, values: Mapping[str, str], W: float, top: float, bottom: float) -> None:
    rendered = [(line, _render(line, values)) for line in b.t.lines]
    rendered = [(line, text) for line, text in rendered if text]
    width = W - 2 * 28 * mm * b.k
    factor = 1.0
    for _attempt in range(4):
        trial = _Builder(b.k * factor, b.t)
        height = 0.0
        for line, text in rendered:
            height += line.space_before * mm * b.k * factor
            height += trial.text("body", text, W / 2, top - height, width, line.size, line.bold, line.italic,
                                 line.color, line.min_size, line.max_lines)
        room = top - bottom
        if height <= room or factor < 0.5:
            break
        factor *= max(0.5, room / height) * 0.98
    shift = max(0.0, (room - height) / 2)
    b.texts.extend(replace(p, baselines=tuple(y - shift for y in p.baselines)) for p in trial.texts)


def _bottom(b: _Builder, item: CertificateData, values: Mapping[str, str], W: float) -> tuple | None:
    t, k = b.t, b.k
    left_x, left_w = 70 * mm * k, 96 * mm * k
    right_x, right_w = W - 72 * mm * k, 104 * mm * k
    top = 95 * mm * k
    h = 0.0
    for line in t.footer_lines:
        text = _render(line, values)
        h += line.space_before * mm * k
        h += b.text("footer", text, left_x, top - h, left_w, line.size, line.bold, line.italic, line.color,
                    line.min_size, min(line.max_lines, 2))
    qr = None
    if t.shows("qr") and item.qr_text:
        side = 30 * mm * k
        qr = (left_x - side / 2, 23 * mm * k, side)
        b.text("qr_caption", "Mã kiểm tra giấy công nhận", left_x, 23 * mm * k, left_w, 7.5, italic=True,
               max_lines=1)
    h = 0.0
    if t.shows("date_line"):
        h += b.text("date_line", document_date(item.issued_on or item.decision_date, nfc(item.place or item.commune_name)),
                    right_x, top - h, right_w, t.size("date_line"), italic=True, max_lines=1)
    if t.shows("signature"):
        h += 1 * mm * k
        size = t.size("signature")
        for line in authority_lines(item.signer_authority, item.signer_position):
            h += b.text("authority", line, right_x, top - h, right_w, size, bold=True, max_lines=1)
        name_top = max(20 * mm * k + size * k * LEADING, top - h - 30 * mm * k)
        b.text("signer_name", item.signer_name, right_x, name_top, right_w, size, bold=True, max_lines=1)
    return qr


def layout_certificate(item: CertificateData, template: CertificateTemplate) -> CertificateLayout:
    """Where every text of one certificate goes and at what size (no drawing)."""
    register_fonts()
    W, H = landscape(A5 if template.page_size == "A5" else A4)
    k = W / (297 * mm)
    b = _Builder(k, template)
    top = H - 20 * mm * k
    header = _header(b, item, W, top)
    values = placeholder_values(item, template)
    _body(b, values, W, top - header - (6 if header else 0) * mm * k, 97 * mm * k)
    qr = _bottom(b, item, values, W)
    frame = (20 * mm * k, 18 * mm * k, W - 20 * mm * k, H - 18 * mm * k)
    return CertificateLayout((W, H), frame, k, tuple(b.texts), tuple(b.rules), qr)


def draw_certificate(c: Canvas, item: CertificateData, template: CertificateTemplate,
                     offsets_mm: tuple[float, float] = (0.0, 0.0)) -> None:
    """Draw one certificate on the canvas's current page (sets the page size; does not end the page)."""
    lay = layout_certificate(item, template)
    W, H = lay.page_size
    c.setPageSize((W, H))
    c.saveState()
    c.translate(offsets_mm[0] * mm, -offsets_mm[1] * mm)
    if template.border:
        place_border(c, W, H, template.accent, template.gold)
    colours = {"black": black, "accent": HexColor(template.accent), "gold": HexColor(template.gold)}
    for p in lay.texts:
        c.setFont(p.font, p.size)
        c.setFillColor(colours.get(p.color, black))
        for line, y in zip(p.lines, p.baselines, strict=True):
            if p.align == "left":
                c.drawString(p.x, y, line)
            else:
                c.drawCentredString(p.x, y, line)
    c.setStrokeColor(black)
    c.setLineWidth(0.6 * lay.scale)
    for x1, x2, y in lay.rules:
        c.line(x1, y, x2, y)
    if lay.qr:
        x, y, side = lay.qr
        draw_qr(c, item.qr_text, x, y, side)
    c.restoreState()


def build_certificates(items: Sequence[CertificateData],
                       template: CertificateTemplate | Mapping[str, CertificateTemplate],
                       offsets_mm: tuple[float, float] = (0.0, 0.0), report: Report | None = None,
                       cancelled: Callable[[], bool] | None = None) -> bytes:
    """One PDF with a page per item, in the given order (sort first with
    :func:`app.printing.batch.sort_for_printing`). ``template`` is one template or a mapping title
    code → template (a missing title uses its shipped default). ``report(done, total)`` is called
    every 50 pages and at the end; ``cancelled()`` is checked before each page (raises
    :class:`Cancelled`). Runs on any thread; touches no database."""
    register_fonts()
    out = io.BytesIO()
    with binary_streams():
        c = Canvas(out, pagesize=landscape(A4), pageCompression=1)
        c.setTitle("Giấy công nhận")
        c.setCreator("TTHTCD")
        total = len(items)
        defaults: dict[str, CertificateTemplate] = {}
        for i, item in enumerate(items):
            if cancelled is not None and cancelled():
                raise Cancelled()
            if isinstance(template, CertificateTemplate):
                tpl = template
            else:
                tpl = template.get(item.title_code) or defaults.setdefault(item.title_code,
                                                                           default_template(item.title_code))
            draw_certificate(c, item, tpl, offsets_mm)
            c.showPage()
            if report is not None and ((i + 1) % 50 == 0 or i + 1 == total):
                report(i + 1, total)
        if not items:
            c.showPage()
        c.save()
    return out.getvalue()


def sample_certificate(title_code: str = "GDHT", year: int | None = None) -> CertificateData:
    """A made-up certificate for the template editor's live preview."""
    names = {"GDHT": "Nguyễn Văn An", "DHHT": "Dòng họ Lò", "CDHT_THON": "Bản Nà Sản",
             "DVHT": "Trường Tiểu học Chiềng Mung", "CDHT_CONG_DAN": "Lò Thị Hương"}
    y = year or date.today().year
    return CertificateData(
        title_code=title_code, year=y, recipient=names.get(title_code, "Nguyễn Văn An"),
        decision_number="125/QĐ-UBND", decision_date=date(y, 12, 5), register_no=1, signer_name="Cầm Văn Ún",
        issuing_body=("ỦY BAN NHÂN DÂN", "XÃ CHIỀNG MUNG"), commune_name="Chiềng Mung", place="Chiềng Mung",
        address="Bản Nà Sản, xã Chiềng Mung, tỉnh Sơn La", village="Bản Nà Sản",
    )


def preview_pdf(template: CertificateTemplate, item: CertificateData | None = None) -> bytes:
    """A one-page PDF of ``template`` filled with ``item`` (default: :func:`sample_certificate`)."""
    return build_certificates([item or sample_certificate(template.title_code or "GDHT")], template)
