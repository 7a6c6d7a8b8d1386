"""The receiving office's configuration on the commune's side, and its receipts (biên nhận)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.exchange.package_helpers import *  # noqa: F403 - the fixtures
from tests.exchange.package_helpers import OFFICE, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def office_key(tmp_path):
    """The receiving office's minisign key (signs receipts)."""
    from app.crypto import keys

    info = keys.create_key(tmp_path / "office-keys", "mật khẩu của Sở GD")
    return info, keys.load_secret(tmp_path / "office-keys", "mật khẩu của Sở GD")


@pytest.fixture
def sent(demo_db, paths, commune_key, tmp_path, office_identity, office_key):
    from app.services.packages import export_package, set_receiver

    set_receiver(demo_db, OFFICE, str(office_identity.to_public()), office_key[0].public_key_text)
    usb = tmp_path / "USB"
    usb.mkdir()
    return export_package(demo_db, paths, 2025, "summary", usb, PASSPHRASE)


def _receipt(sent, secret, **changes) -> bytes:
    from app.exchange.receipts import Receipt, write_receipt

    receipt = Receipt(package_id=sent.package_id, package_file=sent.file_name, package_sha256=sent.sha256,
                      commune_code="14113", year=2025, sequence=sent.sequence,
                      received_at="2026-11-25T09:30:00+07:00", result="imported", reason=None,
                      office_name=OFFICE, key_id=secret.key_id)
    return write_receipt(replace(receipt, **changes), secret)


def test_a_receipt_marks_the_package_received(demo_db, sent, office_key):
    from app.services.packages import import_receipt, list_sent

    info = import_receipt(demo_db, _receipt(sent, office_key[1]))

    assert info.status == "received" and info.status_label == "Đã nhận biên nhận" and info.receipt_verified
    assert list_sent(demo_db)[0].receipt_at is not None


def test_a_refusal_receipt_shows_the_office_reason(demo_db, sent, office_key):
    from app.services.packages import import_receipt

    info = import_receipt(demo_db, _receipt(sent, office_key[1], result="refused",
                                            reason="Số thứ tự gói đã nhận trước đó."))

    assert info.status == "refused"
    assert info.status_label == "Bị từ chối: Số thứ tự gói đã nhận trước đó."


def test_a_receipt_for_another_file_is_refused(demo_db, sent, office_key):
    from app.services.packages import PackageProblem, import_receipt, list_sent

    with pytest.raises(PackageProblem, match="mã băm"):
        import_receipt(demo_db, _receipt(sent, office_key[1], package_sha256="0" * 64))
    with pytest.raises(PackageProblem, match="chưa gửi gói nào"):
        import_receipt(demo_db, _receipt(sent, office_key[1], package_id="11111111-2222-4333-8444-555555555555"))
    assert list_sent(demo_db)[0].status == "sent"


def test_a_receipt_signed_by_someone_else_is_refused(demo_db, sent, tmp_path):
    from app.crypto import keys
    from app.services.packages import PackageProblem, import_receipt

    keys.create_key(tmp_path / "forger", "mật khẩu giả mạo")
    forged = _receipt(sent, keys.load_secret(tmp_path / "forger", "mật khẩu giả mạo"))
    with pytest.raises(PackageProblem, match="biên nhận"):
        import_receipt(demo_db, forged)


def test_receipt_import_from_the_console(demo_db, sent, office_key, paths, tmp_path):
    file = tmp_path / "14113_2025_0001.tthtcd-receipt"
    file.write_bytes(_receipt(sent, office_key[1]))
    demo_db.dispose()

    out = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(paths.root), "receipt", "import", str(file),
                          "--json"], cwd=ROOT, capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()
    assert json.loads(out.stdout)["status"] == "received"
    assert "đã nhận gói 14113_2025_0001.tthtcd.age" in out.stderr.decode()


def test_the_receiver_file_or_a_bare_recipient_configures_the_office(demo_db, office_identity, office_key):
    from app.services.packages import (
        PackageProblem,
        parse_receiver_text,
        receiver_config,
        set_receiver,
        test_encryption,
    )

    recipient = str(office_identity.to_public())
    text = json.dumps({"format": "tthtcd-receiver", "format_version": 1, "office_name": OFFICE,
                       "age_recipient": recipient, "signing_public_key": office_key[0].public_key_text.splitlines()[1],
                       "key_id": office_key[0].key_id}, ensure_ascii=False)
    found = parse_receiver_text(text)
    assert (found.office_name, found.age_recipient, found.key_id) == (OFFICE, recipient, office_key[0].key_id)
    assert parse_receiver_text(f"  {recipient}\n").age_recipient == recipient
    assert test_encryption(recipient) > 0

    set_receiver(demo_db, found.office_name, found.age_recipient, found.signing_public_key)
    config = receiver_config(demo_db)
    assert config.age_recipient == recipient and config.signing_key_id == office_key[0].key_id

    with pytest.raises(PackageProblem, match="chép sai"):
        parse_receiver_text(recipient[:-3] + "xyz")
    with pytest.raises(PackageProblem, match="age1"):
        test_encryption("age1khongphaikhoa")


def test_package_export_from_the_console(demo_db, commune_key, paths, tmp_path):
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n", "utf-8")
    usb = tmp_path / "USB"
    usb.mkdir()
    demo_db.dispose()
    base = [sys.executable, "-m", "app", "--data-dir", str(paths.root), "package", "export", "--year", "2025",
            "--out", str(usb), "--passphrase-file", str(pass_file)]

    full = subprocess.run(base + ["--content", "full"], cwd=ROOT, capture_output=True, timeout=120)
    out = subprocess.run(base + ["--json"], cwd=ROOT, capture_output=True, timeout=120)

    assert full.returncode == 2 and "mã hóa" in full.stderr.decode()
    assert out.returncode == 0, out.stderr.decode()
    row = json.loads(out.stdout)
    assert row["sequence"] == 1 and Path(row["file"]).name == "14113_2025_0001.tthtcd"
