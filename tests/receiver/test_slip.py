"""The receiving office's printable key slip: its age1… recipient and receipt key, on paper."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date

import pypdf

from app.services.receiver import receiver_identity, receiver_slip_pdf


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_slip_shows_the_recipient_in_full_and_the_receipt_key(db, office):
    ident = receiver_identity(office)
    pdf = receiver_slip_pdf(office, db, on=date(2026, 11, 25))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = _text(pdf)
    assert ident.age_recipient in text.split()
    assert ident.key_id in text.replace(" ", "")
    assert ident.signing_public_key in text
    assert "Sở Giáo dục và Đào tạo tỉnh Sơn La" in text
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text and "UBND TỈNH SƠN LA" in text
    assert "Sơn La, ngày 25 tháng 11 năm 2026" in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text and "(Ký tên, đóng dấu)" in text


def test_the_slip_from_the_console(tmp_path, office):
    out = tmp_path / "phieu" / "phieu-khoa.pdf"
    done = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(office.root), "receiver", "slip", "--out",
                           str(out)], capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert "Đã ghi phiếu khóa của cơ quan" in done.stderr
    assert receiver_identity(office).age_recipient in _text(out.read_bytes())


def test_the_slip_needs_the_office_keys(tmp_path):
    done = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(tmp_path / "x"), "receiver", "slip", "--out",
                           str(tmp_path / "p.pdf")], capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 2 and not (tmp_path / "p.pdf").exists()
    assert done.stderr.strip()


def test_the_office_key_page_offers_the_slip():
    from app.ui.pages.receiver_identity_page import OfficeKeyPage

    assert OfficeKeyPage._slip_builder() is receiver_slip_pdf
