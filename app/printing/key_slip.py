"""The key slip (phiếu khóa ký số): one A4 page the commune prints, has the chairperson sign and
seal, and hands to the receiving office with the public key file. It shows the commune, the key id
(grouped by four for reading aloud), the public key's base64 line in full, its QR code (the same
line, for scanning), the date, and the signature block. Plain data in, PDF bytes out."""

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

_GREY = HexColor("#555555")


@dataclass(frozen=True)
class KeySlipData:
    """``public_key`` is the base64 line of the minisign public key (``RW…``)."""

    issuer: Issuer
    commune_display: str
    commune_code: str
    province_name: str
    centre_name: str
    key_id: str
    public_key: str
    created: date | None
    printed: date
    previous_key_ids: tuple[str, ...] = ()


def grouped(key_id: str) -> str:
    """``1F4BC34507E7F368`` → ``1F4B C345 07E7 F368``."""
    return " ".join(key_id[i:i + 4] for i in range(0, len(key_id), 4))


def build_key_slip(data: KeySlipData) -> bytes:
    register_fonts()
    out = io.BytesIO()
    width, height = A4
    left, right = 20 * mm, width - 15 * mm
    text_w = right - left
    with binary_streams():
        c = Canvas(out, pagesize=A4, pageCompression=1)
        c.setTitle(f"Phiếu khóa ký số {data.key_id}")
        c.setAuthor(nfc(data.commune_display))
        top = height - 15 * mm
        col = text_w * 0.42
        h_left = draw_issuing_body(c, left + col / 2, top, col, data.issuer.issuing_body, data.issuer.parent_body)
        h_right = draw_national_header(c, left + col + (text_w - col) / 2, top, text_w - col)
        y = top - max(h_left, h_right) - 4
        y -= draw_text(c, document_date(data.printed, data.issuer.date_place), left + col + (text_w - col) / 2, y,
                       text_w - col, 13, italic=True, max_lines=1)
        y -= 10 * mm
        y -= draw_title(c, width / 2 + 2.5 * mm, y, text_w, "Phiếu khóa ký số",
                        ["Khóa ký gói dữ liệu và mã QR giấy công nhận", "của Trung tâm học tập cộng đồng"])
        y -= 6 * mm
        y = _facts(c, data, left, y, text_w)
        y = _qr_and_key(c, data, left, y, text_w)
        y = _instructions(c, data, left, y, text_w)
        sig_cx = left + text_w * 0.72
        draw_signature(c, sig_cx, y - 4 * mm, text_w * 0.5, data.issuer.signer_authority,
                       data.issuer.signer_position, data.issuer.signer_name or " ")
        draw_text(c, "Người giữ khóa", left + text_w * 0.2, y - 4 * mm, text_w * 0.4, 13, bold=True, max_lines=1)
        draw_text(c, "(Ký, ghi rõ họ tên)", left + text_w * 0.2, y - 4 * mm - 16, text_w * 0.4, 12, italic=True,
                  max_lines=1)
        c.showPage()
        c.save()
    return out.getvalue()


def _facts(c, data: KeySlipData, left: float, y: float, width: float) -> float:
    rows = [
        ("Xã, phường:", f"{nfc(data.commune_display)} (mã {data.commune_code})"),
        ("Tỉnh, thành phố:", nfc(data.province_name) or "—"),
        ("Trung tâm:", nfc(data.centre_name) or "—"),
        ("Ngày tạo khóa:", data.created.strftime("%d/%m/%Y") if data.created else "—"),
    ]
    label_w = 42 * mm
    for label, value in rows:
        draw_text(c, label, left, y, label_w, 13, max_lines=1, align="left")
        y -= draw_text(c, value, left + label_w, y, width - label_w, 13, bold=True, max_lines=2, align="left")
        y -= 1.5 * mm
    y -= 2 * mm
    draw_text(c, "Mã khóa:", left, y, label_w, 13, max_lines=1, align="left")
    c.setFont("Courier-Bold", 22)
    c.setFillColor(black)
    c.drawString(left + label_w, y - 15, grouped(data.key_id))
    return y - 32


def _qr_and_key(c, data: KeySlipData, left: float, y: float, width: float) -> float:
    size = 48 * mm
    quiet = 4 * mm
    draw_qr(c, data.public_key, left + quiet, y - quiet - size, size)
    c.setStrokeColor(_GREY)
    c.setLineWidth(0.4)
    c.rect(left, y - size - 2 * quiet, size + 2 * quiet, size + 2 * quiet)
    tx = left + size + 2 * quiet + 6 * mm
    tw = width - (tx - left)
    h = draw_text(c, "Khóa công khai (minisign, Ed25519):", tx, y - 2 * mm, tw, 12, bold=True, max_lines=1,
                  align="left")
    line = data.public_key
    c.setFont("Courier-Bold", 12)
    c.setFillColor(black)
    half = (len(line) + 1) // 2
    for i, part in enumerate((line[:half], line[half:])):
        c.drawString(tx, y - 2 * mm - h - 14 - i * 16, part)
    note = ("Mã QR bên cạnh chứa đúng dòng khóa công khai này. Tệp khóa công khai kèm theo: "
            f"commune-{data.key_id}.pub.")
    draw_text(c, note, tx, y - 2 * mm - h - 44, tw, 11, italic=True, max_lines=3, align="left", color=_GREY)
    return y - size - 2 * quiet - 6 * mm


def _instructions(c, data: KeySlipData, left: float, y: float, width: float) -> float:
    lines = [
        "Cơ quan tiếp nhận đăng ký khóa công khai này cho xã (từ tệp .pub hoặc dòng khóa trên), "
        "và đối chiếu mã khóa chương trình hiển thị với mã khóa in trên phiếu trước khi xác nhận.",
        "Khóa bí mật và mật khẩu của khóa do xã giữ, không gửi cho ai. Khi mất mật khẩu hoặc đổi người "
        "giữ khóa, xã tạo khóa mới và gửi phiếu mới; các gói đã ký bằng khóa cũ vẫn kiểm tra được.",
    ]
    if data.previous_key_ids:
        lines.append("Khóa này thay cho khóa trước: " + ", ".join(grouped(k) for k in data.previous_key_ids) + ".")
    for text in lines:
        y -= draw_text(c, text, left, y, width, 12, max_lines=3, align="left")
        y -= 2 * mm
    return y - 2 * mm
