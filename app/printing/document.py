"""The parts of a state document in the format of NĐ 30/2020/NĐ-CP, Phụ lục I, drawn with ReportLab.

Each ``draw_*`` function draws on a canvas (or, with ``c=None``, only measures) a block centred on
``cx`` whose top is at ``top`` (points, y upwards), no wider than ``width``, and returns the height
it takes. Lines that are too long shrink to a floor, then wrap (:func:`app.printing.fitting.fit_text`).
All text is NFC before it is drawn. Sizes follow the decree:

* issuing body: upright caps 12–13 pt; the body's own name bold, a rule 1/3–1/2 of it underneath;
* quốc hiệu bold caps 12–13 pt, tiêu ngữ bold 13–14 pt with a rule exactly as long as the text;
* "Số: …" 13 pt and the place-and-date line 13–14 pt italic, on one baseline;
* tên loại bold 13–14 pt and trích yếu bold, with a rule 1/3–1/2 of the line;
* signature block: authority (TM./KT.) and position bold caps, room for signature and seal, the
  signer's name bold; "Nơi nhận:" 12 pt bold italic, its list 11 pt.

:class:`DocumentHeader`, :class:`DocumentTitle` and :class:`SignatureBlock` wrap these for platypus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.domain.text import nfc
from app.printing.fitting import fit_text
from app.printing.fonts import face, register_fonts

__all__ = [
    "NATIONAL_NAME", "NATIONAL_MOTTO", "LEADING", "draw_text", "draw_issuing_body", "draw_national_header",
    "draw_title", "draw_signature", "draw_recipients", "authority_lines", "DocumentHeader", "DocumentTitle",
    "SignatureBlock", "Issuer", "NationalHeader",
]

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
LEADING = 1.22  # line height / font size: single spacing


@dataclass(frozen=True)
class Issuer:
    """Who issues a paper or certificate: the commune's code (for QR codes), the header lines
    (``parent_body`` upright over the bold ``issuing_body``), the place of the date line (default:
    the commune's name) and the signer. ``signer_authority`` may hold two lines (TM./KT.)."""

    commune_code: str
    commune_name: str
    signer_name: str
    issuing_body: tuple[str, ...] = ("ỦY BAN NHÂN DÂN",)
    parent_body: tuple[str, ...] = ()
    place: str = ""
    signer_authority: str = "TM. ỦY BAN NHÂN DÂN"
    signer_position: str = "CHỦ TỊCH"

    @property
    def date_place(self) -> str:
        return self.place or self.commune_name


def draw_text(c, text: str, cx: float, top: float, width: float, size: float, bold: bool = False,
              italic: bool = False, color: Color = black, min_size: float | None = None, max_lines: int = 2,
              align: str = "centre", underline: float = 0.0) -> float:
    """One text (shrunk, then wrapped to ``max_lines``) with its first line's top at ``top``;
    ``align`` is ``centre`` (on ``cx``) or ``left`` (from ``cx``). ``underline`` > 0 draws a
    rule under the last line, that fraction of its width (1.0 = as long as the text). Returns
    the height used (``LEADING`` × size per line, plus the rule's gap)."""
    if not text:
        return 0.0
    fitted = fit_text(text, face(bold, italic), size, width, min_size if min_size is not None else size * 0.8,
                      max_lines)
    lead = fitted.size * LEADING
    y = top
    for line in fitted.lines:
        y -= lead
        if c is not None:
            c.setFont(fitted.font, fitted.size)
            c.setFillColor(color)
            baseline = y + (lead - fitted.size) / 2 + fitted.size * 0.2
            if align == "left":
                c.drawString(cx, baseline, line)
            else:
                c.drawCentredString(cx, baseline, line)
    if underline > 0 and fitted.lines:
        rule_y = y + (lead - fitted.size) / 2 + fitted.size * 0.2 - fitted.size * 0.3
        if c is not None:
            length = stringWidth(fitted.lines[-1], fitted.font, fitted.size) * underline
            left = cx if align == "left" else cx - length / 2
            c.setStrokeColor(color)
            c.setLineWidth(0.6)
            c.line(left, rule_y, left + length, rule_y)
        return top - y + 2
    return top - y


def draw_issuing_body(c, cx: float, top: float, width: float, body: Sequence[str], parent: Sequence[str] = (),
                      size: float = 13) -> float:
    """Tên cơ quan chủ quản (``parent``, upright) over tên cơ quan ban hành (``body``, bold), a rule
    of 40 % (between 1/3 and 1/2) of the body's widest line under it, centred."""
    register_fonts()
    h = 0.0
    for line in parent:
        h += draw_text(c, line.upper(), cx, top - h, width, size, max_lines=1)
    for i, line in enumerate(body):
        last = i == len(body) - 1
        h += draw_text(c, line.upper(), cx, top - h, width, size, bold=True, max_lines=1)
        if last and c is not None:
            widest = max(stringWidth(b.upper(), face(bold=True), size) for b in body)
            length = min(widest, width) * 0.4
            c.setLineWidth(0.6)
            c.setStrokeColor(black)
            c.line(cx - length / 2, top - h - 2.5, cx + length / 2, top - h - 2.5)
    return h + 5


def draw_national_header(c, cx: float, top: float, width: float, name_size: float = 13,
                         motto_size: float = 14) -> float:
    """Quốc hiệu (bold caps) and tiêu ngữ (bold, a rule as long as the text) centred on ``cx``."""
    register_fonts()
    h = draw_text(c, NATIONAL_NAME, cx, top, width, name_size, bold=True, max_lines=1)
    h += draw_text(c, NATIONAL_MOTTO, cx, top - h, width, motto_size, bold=True, max_lines=1, underline=1.0)
    return h


def draw_title(c, cx: float, top: float, width: float, kind: str, subject: Sequence[str], size: float = 14) -> float:
    """Tên loại (``kind``, bold caps) and trích yếu (``subject`` lines, bold) with a rule of 40 % of
    the longest subject line under it."""
    register_fonts()
    h = draw_text(c, kind.upper(), cx, top, width, size, bold=True, max_lines=1)
    for line in subject:
        h += draw_text(c, line, cx, top - h, width, size, bold=True, max_lines=3)
    if c is not None and subject:
        widest = min(width, max(stringWidth(s, face(bold=True), size) for s in subject))
        c.setLineWidth(0.6)
        c.setStrokeColor(black)
        c.line(cx - widest * 0.2, top - h - 3, cx + widest * 0.2, top - h - 3)
    return h + 6


def authority_lines(authority: str, position: str) -> list[str]:
    """The signature block's caps lines: ``"TM. ỦY BAN NHÂN DÂN"`` + ``"CHỦ TỊCH"``, or
    ``"TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH"`` + ``"PHÓ CHỦ TỊCH"`` (``authority`` lines split at
    line breaks; empty parts skipped)."""
    lines = [nfc(line) for line in (authority or "").split("\n") if nfc(line)]
    if nfc(position):
        lines.append(nfc(position))
    return [line.upper() for line in lines]


def draw_signature(c, cx: float, top: float, width: float, authority: str, position: str, name: str,
                   size: float = 14, seal_gap: float = 30 * mm, color: Color = black) -> float:
    """The signature block: authority and position (bold caps), ``seal_gap`` left blank for the
    signature and the seal, then the signer's full name in bold."""
    register_fonts()
    h = 0.0
    for line in authority_lines(authority, position):
        h += draw_text(c, line, cx, top - h, width, size, bold=True, max_lines=1, color=color)
    h += seal_gap
    h += draw_text(c, name, cx, top - h, width, size, bold=True, max_lines=1, color=color)
    return h


def draw_recipients(c, left: float, top: float, width: float, recipients: Sequence[str]) -> float:
    """"Nơi nhận:" (12 pt bold italic) and one "- …;" line a recipient (11 pt), flush left."""
    register_fonts()
    if not recipients:
        return 0.0
    h = draw_text(c, "Nơi nhận:", left, top, width, 12, bold=True, italic=True, max_lines=1, align="left")
    for i, item in enumerate(recipients):
        item = item.strip().lstrip("-").strip().rstrip(";.")
        end = "." if i == len(recipients) - 1 else ";"
        h += draw_text(c, f"- {item}{end}", left, top - h, width, 11, max_lines=2, align="left")
    return h


class _Drawn(Flowable):
    """A flowable whose height comes from running its draw function without a canvas."""

    def __init__(self):
        super().__init__()
        self.width = self.height = 0.0

    def paint(self, c, width: float) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.paint(None, availWidth)
        return self.width, self.height

    def draw(self):
        self.paint(self.canv, self.width)


class DocumentHeader(_Drawn):
    """Top of page 1: issuing body (left, 38 %) and quốc hiệu (right), then "Số: …" and the date
    line on one baseline (either may be empty); ``compact`` leaves less space under it."""

    def __init__(self, body: Sequence[str], parent: Sequence[str], number_line: str, date_line: str,
                 compact: bool = False):
        super().__init__()
        self.body, self.parent, self.number_line, self.date_line = body, parent, number_line, date_line
        self.compact = compact

    def paint(self, c, width: float) -> float:
        left_w, right_w = width * 0.38, width * 0.62
        top = 0.0 if c is None else self.height
        h_left = draw_issuing_body(c, left_w / 2, top, left_w - 4, self.body, self.parent)
        h_right = draw_national_header(c, left_w + right_w / 2, top, right_w)
        row = max(h_left, h_right) + 4
        h1 = draw_text(c, self.number_line, left_w / 2, top - row, left_w - 4, 13, max_lines=1)
        h2 = draw_text(c, self.date_line, left_w + right_w / 2, top - row, right_w, 14, italic=True, max_lines=1)
        return row + max(h1, h2) + (4 if self.compact else 14)


class NationalHeader(_Drawn):
    """Quốc hiệu and tiêu ngữ alone, centred on the page (forms filled in by citizens)."""

    def paint(self, c, width: float) -> float:
        top = 0.0 if c is None else self.height
        return draw_national_header(c, width / 2, top, width) + 10


class DocumentTitle(_Drawn):
    """Tên loại and trích yếu, centred, with their rule."""

    def __init__(self, kind: str, subject: Sequence[str], size: float = 14):
        super().__init__()
        self.kind, self.subject, self.size = kind, subject, size

    def paint(self, c, width: float) -> float:
        top = 0.0 if c is None else self.height
        return draw_title(c, width / 2, top, width * 0.9, self.kind, self.subject, self.size) + 8


class SignatureBlock(_Drawn):
    """"Nơi nhận" (left half) level with the signature block (right half)."""

    def __init__(self, authority: str, position: str, name: str, recipients: Sequence[str] = (),
                 seal_gap: float = 28 * mm):
        super().__init__()
        self.authority, self.position, self.name = authority, position, name
        self.recipients, self.seal_gap = recipients, seal_gap

    def paint(self, c, width: float) -> float:
        top = 0.0 if c is None else self.height
        half = width / 2
        h1 = draw_recipients(c, 0, top, half - 6, self.recipients)
        h2 = draw_signature(c, half + half / 2, top, half, self.authority, self.position, self.name,
                            seal_gap=self.seal_gap)
        return max(h1, h2) + 6
