"""The receiving office's key slip (phiếu khóa của cơ quan tiếp nhận): one A4 page the office
prints, signs and seals, and sends to its communes. It shows the office, its ``age1…`` recipient
in full and as a QR code (what the commune program encrypts packages to), the key id and public
key of the office's receipt-signing key (what checks the receipts it sends back), the date, and
lines for the signature and seal. Plain data in, PDF bytes out."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.crypto.certificate_qr import draw_qr
from app.domain.text import nfc
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
from app.printing.key_slip import grouped

_GREY = HexColor("#555555")


@dataclass(frozen=True)
class OfficeSlipData:
    """``age_recipient``: ``age1…``; ``signing_public_key``: the minisign base64 line (``RW…``);
    ``receiver_file``: the name of the identity file that goes with the slip."""

    issuer: Issuer
    office_name: str
    age_recipient: str
    key_id: str
    signing_public_key: str
    created: date | None
    printed: date
    receiver_file: str = ""


def build_office_slip(data: OfficeSlipData) -> bytes:
    register_fonts()
    out = io.BytesIO()
    width, height = A4
    left, right = 20 * mm, width - 15 * mm
    text_w = right - left
    with binary_streams():
        c = Canvas(out, pagesize=A4, pageCompression=1)
        c.setTitle(f"Phiếu khóa của cơ quan tiếp nhận {data.key_id}")
        c.setAuthor(nfc(data.office_name))
        top = height - 15 * mm
        col = text_w * 0.45
        h_left = draw_issuing_body(c, left + col / 2, top, col, data.issuer.issuing_body, data.issuer.parent_body)
        h_right = draw_national_header(c, left + col + (text_w - col) / 2, top, text_w - col)
        y = top - max(h_left, h_right) - 4
        line = document_date(data.printed, data.issuer.date_place)
        y -= draw_text(c, line[0].upper() + line[1:], left + col + (text_w - col) / 2, y, text_w - col, 13,
                       italic=True, max_lines=1)
        y -= 8 * mm
        y -= draw_title(c, width / 2 + 2.5 * mm, y, text_w, "Phiếu khóa",
                        ["Khóa nhận gói dữ liệu và khóa ký biên nhận", "của cơ quan tiếp nhận"])
        y -= 5 * mm
        y = _facts(c, data, left, y, text_w)
        y = _recipient(c, data, left, y, text_w)
        y = _signing_key(c, data, left, y, text_w)
        y = _instructions(c, left, y, text_w)
        draw_text(c, "Người lập phiếu", left + text_w * 0.2, y - 4 * mm, text_w * 0.4, 13, bold=True, max_lines=1)
        draw_text(c, "(Ký, ghi rõ họ tên)", left + text_w * 0.2, y - 4 * mm - 16, text_w * 0.4, 12, italic=True,
                  max_lines=1)
        draw_signature(c, left + text_w * 0.72, y - 4 * mm, text_w * 0.5, data.issuer.signer_authority,
                       data.issuer.signer_position, data.issuer.signer_name or " ", seal_gap=26 * mm)
        draw_text(c, "(Ký tên, đóng dấu)", left + text_w * 0.72, y - 4 * mm - 18, text_w * 0.5, 12, italic=True,
                  max_lines=1)
        c.showPage()
        c.save()
    return out.getvalue()


def _facts(c, data: OfficeSlipData, left: float, y: float, width: float) -> float:
    rows = [("Cơ quan tiếp nhận:", nfc(data.office_name) or "—"),
            ("Ngày tạo khóa:", data.created.strftime("%d/%m/%Y") if data.created else "—")]
    label_w = 42 * mm
    for label, value in rows:
        draw_text(c, label, left, y, label_w, 13, max_lines=1, align="left")
        y -= draw_text(c, value, left + label_w, y, width - label_w, 13, bold=True, max_lines=2, align="left")
        y -= 1.5 * mm
    return y - 3 * mm


def _recipient(c, data: OfficeSlipData, left: float, y: float, width: float) -> float:
    y -= draw_text(c, "1. Khóa nhận gói dữ liệu (age, X25519) — xã mã hóa gói gửi cơ quan bằng khóa này:", left, y,
                   width, 13, bold=True, max_lines=2, align="left")
    y -= 2 * mm
    c.setFont("Courier-Bold", 11.5)
    c.setFillColor(black)
    c.drawString(left, y - 11, data.age_recipient)
    y -= 11 + 5 * mm
    size, quiet = 44 * mm, 4 * mm
    draw_qr(c, data.age_recipient, left + quiet, y - quiet - size, size)
    c.setStrokeColor(_GREY)
    c.setLineWidth(0.4)
    c.rect(left, y - size - 2 * quiet, size + 2 * quiet, size + 2 * quiet)
    tx = left + size + 2 * quiet + 6 * mm
    tw = width - (tx - left)
    notes = ["Mã QR bên cạnh chứa đúng dòng khóa nhận (age1…) in ở trên.",
             "Xã nhập khóa này một lần vào chương trình của xã: gõ, dán, quét mã QR hoặc mở tệp định danh "
             "của cơ quan gửi kèm phiếu" + (f": {data.receiver_file}." if data.receiver_file else "."),
             "Chỉ cơ quan tiếp nhận giữ khóa bí mật tương ứng, nên chỉ cơ quan đọc được gói của xã."]
    ty = y - 2 * mm
    for note in notes:
        ty -= draw_text(c, note, tx, ty, tw, 12, max_lines=3, align="left") + 1.5 * mm
    return y - size - 2 * quiet - 6 * mm


def _signing_key(c, data: OfficeSlipData, left: float, y: float, width: float) -> float:
    y -= draw_text(c, "2. Khóa ký biên nhận (minisign, Ed25519) — xã kiểm tra biên nhận của cơ quan bằng khóa này:",
                   left, y, width, 13, bold=True, max_lines=2, align="left")
    y -= 2 * mm
    label_w = 42 * mm
    draw_text(c, "Mã khóa:", left, y - 3, label_w, 13, max_lines=1, align="left")
    c.setFont("Courier-Bold", 18)
    c.setFillColor(black)
    c.drawString(left + label_w, y - 15, grouped(data.key_id))
    y -= 26
    draw_text(c, "Khóa công khai:", left, y - 1, label_w, 13, max_lines=1, align="left")
    c.setFont("Courier-Bold", 11.5)
    c.drawString(left + label_w, y - 12, data.signing_public_key)
    return y - 12 - 7 * mm


def _instructions(c, left: float, y: float, width: float) -> float:
    lines = [
        "Khi nhận phiếu, xã đối chiếu khóa nhận và mã khóa chương trình hiển thị với phiếu này (có chữ ký, đóng dấu "
        "của cơ quan) trước khi lưu. Khóa nhận không phải bí mật: gửi qua thư điện tử hay USB đều được.",
        "Khi cơ quan đổi khóa, cơ quan gửi phiếu mới; các xã nhập lại khóa nhận trước lần gửi gói sau.",
    ]
    for text in lines:
        y -= draw_text(c, text, left, y, width, 12, max_lines=3, align="left")
        y -= 2 * mm
    return y - 2 * mm
