"""What the two key slips share (the commune's phiếu khóa ký số, :mod:`app.printing.key_slip`; the
receiving office's phiếu khóa, :mod:`app.printing.office_slip`): one A4 page with the NĐ30 header
and date, a title, label/value rows, keys in large monospace, a QR code in a frame, paragraphs of
instructions and the two signature places. Drawing on a ReportLab canvas; positions in points,
``y`` the top of what is drawn next, each function returning the ``y`` below what it drew."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.crypto.certificate_qr import draw_qr
from app.i18n import document_date
from app.printing.document import (
    Issuer,
    draw_issuing_body,
    draw_national_header,
    draw_signature,
    draw_text,
    draw_title,
)
from app.printing.fonts import binary_streams, register_fonts

GREY = HexColor("#555555")
WIDTH, HEIGHT = A4
LEFT = 20 * mm
TEXT_W = WIDTH - 15 * mm - LEFT  # the text column: 20 mm left margin, 15 mm right
LABEL_W = 42 * mm  # the labels of label/value rows


def grouped(key_id: str) -> str:
    """``1F4BC34507E7F368`` → ``1F4B C345 07E7 F368``."""
    return " ".join(key_id[i:i + 4] for i in range(0, len(key_id), 4))


def build_slip(title: str, author: str, draw: Callable[[Canvas], None]) -> bytes:
    """One A4 page drawn by ``draw(canvas)``, as PDF bytes with ``title`` and ``author`` set."""
    register_fonts()
    out = io.BytesIO()
    with binary_streams():
        c = Canvas(out, pagesize=A4, pageCompression=1)
        c.setTitle(title)
        c.setAuthor(author)
        draw(c)
        c.showPage()
        c.save()
    return out.getvalue()


def draw_heading(c, issuer: Issuer, printed: date, title: str, subtitle: Sequence[str], col_share: float,
                 title_gap: float, capitalise_date: bool = False) -> float:
    """The issuing body (left, ``col_share`` of the column) beside the national motto and the
    place and date, then ``title_gap`` and the title with its ``subtitle`` lines."""
    top = HEIGHT - 15 * mm
    col = TEXT_W * col_share
    h_left = draw_issuing_body(c, LEFT + col / 2, top, col, issuer.issuing_body, issuer.parent_body)
    h_right = draw_national_header(c, LEFT + col + (TEXT_W - col) / 2, top, TEXT_W - col)
    y = top - max(h_left, h_right) - 4
    line = document_date(printed, issuer.date_place)
    if capitalise_date:
        line = line[0].upper() + line[1:]
    y -= draw_text(c, line, LEFT + col + (TEXT_W - col) / 2, y, TEXT_W - col, 13, italic=True, max_lines=1)
    y -= title_gap
    return y - draw_title(c, WIDTH / 2 + 2.5 * mm, y, TEXT_W, title, list(subtitle))


def draw_facts(c, rows: Sequence[tuple[str, str]], y: float) -> float:
    """Label (13 pt) and value (13 pt bold, up to two lines) rows, 1.5 mm apart."""
    for label, value in rows:
        draw_text(c, label, LEFT, y, LABEL_W, 13, max_lines=1, align="left")
        y -= draw_text(c, value, LEFT + LABEL_W, y, TEXT_W - LABEL_W, 13, bold=True, max_lines=2, align="left")
        y -= 1.5 * mm
    return y


def draw_mono_row(c, label: str, text: str, y: float, size: float, label_drop: float, baseline: float) -> None:
    """``label`` (13 pt) ``label_drop`` below ``y``, and ``text`` in Courier bold ``size`` pt on the
    value column, its baseline ``baseline`` below ``y`` (a key id, a public key)."""
    draw_text(c, label, LEFT, y - label_drop, LABEL_W, 13, max_lines=1, align="left")
    c.setFont("Courier-Bold", size)
    c.setFillColor(black)
    c.drawString(LEFT + LABEL_W, y - baseline, text)


def draw_qr_box(c, text: str, y: float, size: float) -> tuple[float, float, float]:
    """``text`` as a QR code ``size`` wide in a thin grey frame (4 mm quiet zone) at the left.
    Returns the x and width of the column beside it, and the y 6 mm below the frame."""
    quiet = 4 * mm
    draw_qr(c, text, LEFT + quiet, y - quiet - size, size)
    c.setStrokeColor(GREY)
    c.setLineWidth(0.4)
    c.rect(LEFT, y - size - 2 * quiet, size + 2 * quiet, size + 2 * quiet)
    tx = LEFT + size + 2 * quiet + 6 * mm
    return tx, TEXT_W - (tx - LEFT), y - size - 2 * quiet - 6 * mm


def draw_paragraphs(c, lines: Sequence[str], y: float) -> float:
    """Paragraphs in 12 pt (up to three lines each), 2 mm apart, and 2 mm after the last."""
    for text in lines:
        y -= draw_text(c, text, LEFT, y, TEXT_W, 12, max_lines=3, align="left")
        y -= 2 * mm
    return y - 2 * mm


def draw_signatures(c, y: float, issuer: Issuer, holder: str, seal: bool = False) -> None:
    """``holder`` ("Người giữ khóa") with "(Ký, ghi rõ họ tên)" on the left, the issuer's signature
    block on the right; ``seal``: "(Ký tên, đóng dấu)" under it and a 26 mm gap (else 30 mm)."""
    top, cx = y - 4 * mm, LEFT + TEXT_W * 0.72
    draw_text(c, holder, LEFT + TEXT_W * 0.2, top, TEXT_W * 0.4, 13, bold=True, max_lines=1)
    draw_text(c, "(Ký, ghi rõ họ tên)", LEFT + TEXT_W * 0.2, top - 16, TEXT_W * 0.4, 12, italic=True, max_lines=1)
    if seal:
        draw_signature(c, cx, top, TEXT_W * 0.5, issuer.signer_authority, issuer.signer_position,
                       issuer.signer_name or " ", seal_gap=26 * mm)
        draw_text(c, "(Ký tên, đóng dấu)", cx, top - 18, TEXT_W * 0.5, 12, italic=True, max_lines=1)
    else:
        draw_signature(c, cx, top, TEXT_W * 0.5, issuer.signer_authority, issuer.signer_position,
                       issuer.signer_name or " ")
