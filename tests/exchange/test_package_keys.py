"""The commune's key kept safe: the key slip, a backup to a USB stick and its restore."""

from __future__ import annotations

import io

import pytest

from tests.exchange.package_helpers import *  # noqa: F403 - the fixtures
from tests.exchange.package_helpers import PASSPHRASE


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_key_slip_shows_commune_key_id_and_public_key(demo_db, paths, commune_key):
    from datetime import date

    from app.services.key_backup import key_slip_pdf

    pdf = key_slip_pdf(demo_db, paths, on=date(2026, 11, 25))

    text = _text(pdf)
    k = commune_key.key_id
    assert f"{k[:4]} {k[4:8]} {k[8:12]} {k[12:]}" in text
    assert "PHIẾU KHÓA KÝ SỐ" in text and "Chiềng Mung" in text and "ngày 25 tháng 11 năm 2026" in text
    line = commune_key.public_key_text.splitlines()[1]
    assert line[:20] in text.replace("\n", "")
    assert "TM. ỦY BAN NHÂN DÂN" in text


def test_backup_and_restore_with_a_test_signature(paths, commune_key, tmp_path, monkeypatch):
    from app import paths as app_paths
    from app.crypto.keys import WrongPassphrase
    from app.services.key_backup import backup_key, restore_key
    from app.services.keys import list_keys, load_secret

    usb = tmp_path / "USB"
    usb.mkdir()
    result = backup_key(paths, usb)
    assert {p.name for p in result.files} >= {f"commune-{commune_key.key_id}.key", f"commune-{commune_key.key_id}.pub"}

    # a new computer
    monkeypatch.setenv("APP_DATA_DIR", str(tmp_path / "new-pc"))
    fresh = app_paths.ensure(app_paths.current())
    with pytest.raises(WrongPassphrase):
        restore_key(fresh, usb / f"commune-{commune_key.key_id}.key", "mật khẩu sai rồi")
    assert list_keys(fresh) == []

    info = restore_key(fresh, usb / f"commune-{commune_key.key_id}.key", PASSPHRASE)
    assert info.key_id == commune_key.key_id and info.created == commune_key.created
    assert load_secret(fresh, PASSPHRASE).key_id == commune_key.key_id


def test_a_lost_passphrase_means_a_new_key_and_the_old_stays_listed(paths, commune_key):
    from app.services.keys import current_key, init_key, list_keys

    new = init_key(paths, "mật khẩu mới sau khi quên", new=True)

    assert current_key(paths).key_id == new.key_id
    assert {k.key_id for k in list_keys(paths)} == {new.key_id, commune_key.key_id}
