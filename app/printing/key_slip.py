"""The key slip (phiếu khóa ký số): one A4 page the commune prints, has the chairperson sign and
seal, and hands to the receiving office with the public key file. It shows the commune, the key id
(grouped by four for reading aloud), the public key's base64 line in full, its QR code (the same
line, for scanning), the date, and the signature block. Plain data in, PDF bytes out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import black
from reportlab.lib.units import mm

from app.domain.text import nfc
from app.printing.document import Issuer, draw_text
from app.printing.slips import (
    GREY,
    build_slip,
    draw_facts,
    draw_heading,
    draw_mono_row,
    draw_paragraphs,
    draw_qr_box,
    draw_signatures,
    grouped,
)


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


def build_key_slip(data: KeySlipData) -> bytes:
    return build_slip(f"Phiếu khóa ký số {data.key_id}", nfc(data.commune_display), lambda c: _draw(c, data))


def _draw(c, data: KeySlipData) -> None:
    y = draw_heading(c, data.issuer, data.printed, "Phiếu khóa ký số",
                     ["Khóa ký gói dữ liệu và mã QR giấy công nhận", "của Trung tâm học tập cộng đồng"],
                     col_share=0.42, title_gap=10 * mm)
    y = _facts(c, data, y - 6 * mm)
    y = _qr_and_key(c, data, y)
    y = _instructions(c, data, y)
    draw_signatures(c, y, data.issuer, "Người giữ khóa")


def _facts(c, data: KeySlipData, y: float) -> float:
    y = draw_facts(c, [
        ("Xã, phường:", f"{nfc(data.commune_display)} (mã {data.commune_code})"),
        ("Tỉnh, thành phố:", nfc(data.province_name) or "—"),
        ("Trung tâm:", nfc(data.centre_name) or "—"),
        ("Ngày tạo khóa:", data.created.strftime("%d/%m/%Y") if data.created else "—"),
    ], y) - 2 * mm
    draw_mono_row(c, "Mã khóa:", grouped(data.key_id), y, 22, label_drop=0, baseline=15)
    return y - 32


def _qr_and_key(c, data: KeySlipData, y: float) -> float:
    tx, tw, below = draw_qr_box(c, data.public_key, y, 48 * mm)
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
    draw_text(c, note, tx, y - 2 * mm - h - 44, tw, 11, italic=True, max_lines=3, align="left", color=GREY)
    return below


def _instructions(c, data: KeySlipData, y: float) -> float:
    lines = [
        "Cơ quan tiếp nhận đăng ký khóa công khai này cho xã (từ tệp .pub hoặc dòng khóa trên), "
        "và đối chiếu mã khóa chương trình hiển thị với mã khóa in trên phiếu trước khi xác nhận.",
        "Khóa bí mật và mật khẩu của khóa do xã giữ, không gửi cho ai. Khi mất mật khẩu hoặc đổi người "
        "giữ khóa, xã tạo khóa mới và gửi phiếu mới; các gói đã ký bằng khóa cũ vẫn kiểm tra được.",
    ]
    if data.previous_key_ids:
        lines.append("Khóa này thay cho khóa trước: " + ", ".join(grouped(k) for k in data.previous_key_ids) + ".")
    return draw_paragraphs(c, lines, y)
