"""The receiving office's key slip (phiếu khóa của cơ quan tiếp nhận): one A4 page the office
prints, signs and seals, and sends to its communes. It shows the office, its ``age1…`` recipient
in full and as a QR code (what the commune program encrypts packages to), the key id and public
key of the office's receipt-signing key (what checks the receipts it sends back), the date, and
lines for the signature and seal. Plain data in, PDF bytes out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import black
from reportlab.lib.units import mm

from app.domain.text import nfc
from app.printing.document import Issuer, draw_text
from app.printing.slips import (
    LEFT,
    TEXT_W,
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
    return build_slip(f"Phiếu khóa của cơ quan tiếp nhận {data.key_id}", nfc(data.office_name),
                      lambda c: _draw(c, data))


def _draw(c, data: OfficeSlipData) -> None:
    y = draw_heading(c, data.issuer, data.printed, "Phiếu khóa",
                     ["Khóa nhận gói dữ liệu và khóa ký biên nhận", "của cơ quan tiếp nhận"],
                     col_share=0.45, title_gap=8 * mm, capitalise_date=True)
    y = draw_facts(c, [("Cơ quan tiếp nhận:", nfc(data.office_name) or "—"),
                       ("Ngày tạo khóa:", data.created.strftime("%d/%m/%Y") if data.created else "—")],
                   y - 5 * mm) - 3 * mm
    y = _recipient(c, data, y)
    y = _signing_key(c, data, y)
    y = draw_paragraphs(c, [
        "Khi nhận phiếu, xã đối chiếu khóa nhận và mã khóa chương trình hiển thị với phiếu này (có chữ ký, đóng dấu "
        "của cơ quan) trước khi lưu. Khóa nhận không phải bí mật: gửi qua thư điện tử hay USB đều được.",
        "Khi cơ quan đổi khóa, cơ quan gửi phiếu mới; các xã nhập lại khóa nhận trước lần gửi gói sau.",
    ], y)
    draw_signatures(c, y, data.issuer, "Người lập phiếu", seal=True)


def _recipient(c, data: OfficeSlipData, y: float) -> float:
    y -= draw_text(c, "1. Khóa nhận gói dữ liệu (age, X25519) — xã mã hóa gói gửi cơ quan bằng khóa này:", LEFT, y,
                   TEXT_W, 13, bold=True, max_lines=2, align="left")
    y -= 2 * mm
    c.setFont("Courier-Bold", 11.5)
    c.setFillColor(black)
    c.drawString(LEFT, y - 11, data.age_recipient)
    y -= 11 + 5 * mm
    tx, tw, below = draw_qr_box(c, data.age_recipient, y, 44 * mm)
    notes = ["Mã QR bên cạnh chứa đúng dòng khóa nhận (age1…) in ở trên.",
             "Xã nhập khóa này một lần vào chương trình của xã: gõ, dán, quét mã QR hoặc mở tệp định danh "
             "của cơ quan gửi kèm phiếu" + (f": {data.receiver_file}." if data.receiver_file else "."),
             "Chỉ cơ quan tiếp nhận giữ khóa bí mật tương ứng, nên chỉ cơ quan đọc được gói của xã."]
    ty = y - 2 * mm
    for note in notes:
        ty -= draw_text(c, note, tx, ty, tw, 12, max_lines=3, align="left") + 1.5 * mm
    return below


def _signing_key(c, data: OfficeSlipData, y: float) -> float:
    y -= draw_text(c, "2. Khóa ký biên nhận (minisign, Ed25519) — xã kiểm tra biên nhận của cơ quan bằng khóa này:",
                   LEFT, y, TEXT_W, 13, bold=True, max_lines=2, align="left")
    y -= 2 * mm
    draw_mono_row(c, "Mã khóa:", grouped(data.key_id), y, 18, label_drop=3, baseline=15)
    y -= 26
    draw_mono_row(c, "Khóa công khai:", data.signing_public_key, y, 11.5, label_drop=1, baseline=12)
    return y - 12 - 7 * mm
