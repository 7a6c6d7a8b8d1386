"""The receiving office's console commands, as scripts use them."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.receiver import builder
from tests.receiver.conftest import PASSPHRASE


def _run(paths, *args):
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(paths.root), *args], capture_output=True,
                          text=True, encoding="utf-8")


def test_register_import_dry_run_then_import(tmp_path, office, commune_key, commune_key_info, recipient):
    (tmp_path / "pass.txt").write_text(PASSPHRASE + "\n", "utf-8")
    done = _run(office, "receiver", "recipient")
    assert done.stdout.strip() == recipient
    done = _run(office, "receiver", "register-commune", str(commune_key_info.public_path))
    assert done.returncode == 0 and done.stdout.strip() == commune_key.key_id
    assert "Đã đăng ký khóa mã" in done.stderr
    data, m = builder.build(commune_key, recipient=recipient)
    (tmp_path / builder.file_name(m, True)).write_bytes(data)
    done = _run(office, "receiver", "import", str(tmp_path), "--dry-run", "--passphrase-file", str(tmp_path / "pass.txt"),
                "--json")
    assert done.returncode == 0, done.stderr
    [r] = json.loads(done.stdout)
    assert r["status"] == "would_import" and r["preview"]["commune_code"] == "14113"
    done = _run(office, "receiver", "import", str(tmp_path), "--passphrase-file", str(tmp_path / "pass.txt"))
    assert done.returncode == 0 and "[ĐÃ NHẬP]" in done.stdout
    done = _run(office, "receiver", "communes", "--json")
    assert json.loads(done.stdout)[0]["last_sequence"] == 1
    done = _run(office, "receiver", "revoke-key", commune_key.key_id)
    assert done.returncode == 2 and "--reason" in done.stderr


def test_package_verify(tmp_path, office, commune_key, commune_key_info):
    data, m = builder.build(commune_key)
    pkg = tmp_path / builder.file_name(m, False)
    pkg.write_bytes(data)
    done = _run(office, "package", "verify", str(pkg), "--pubkey", str(commune_key_info.public_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("HỢP LỆ: gói của Xã Chiềng Mung (14113), năm 2026, số thứ tự 1")
    bad = bytearray(data)
    bad[60] ^= 1
    pkg.write_bytes(bytes(bad))
    done = _run(office, "package", "verify", str(pkg), "--pubkey", str(commune_key_info.public_path))
    assert done.returncode == 2 and done.stderr.startswith("KHÔNG HỢP LỆ:")


def test_receiver_init_makes_an_empty_folder_a_receiving_office_and_refuses_a_communes(tmp_path):
    from app.db import open_database
    from app.paths import Paths
    from app.services.setup import ProfileData, get_profile, save_profile

    (tmp_path / "pass.txt").write_text("mật khẩu cơ quan 2026\n", "utf-8")
    office = Paths(tmp_path / "office")
    done = _run(office, "receiver", "init", "--passphrase-file", str(tmp_path / "pass.txt"),
                "--office-name", "Sở Giáo dục và Đào tạo tỉnh Sơn La")
    assert done.returncode == 2 and "--province" in done.stderr
    done = _run(office, "receiver", "init", "--passphrase-file", str(tmp_path / "pass.txt"),
                "--office-name", "Sở Giáo dục và Đào tạo tỉnh Sơn La", "--province", "son la")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("age1")
    db = open_database(office)
    try:
        p = get_profile(db)
        assert (p.mode, p.province_name, p.receiver_office_name) == ("receiver", "Sơn La",
                                                                     "Sở Giáo dục và Đào tạo tỉnh Sơn La")
    finally:
        db.dispose()
    # the area report works on such a folder (no package yet: zeros, every commune missing)
    done = _run(office, "receiver", "report", "--year", "2026", "--json")
    assert done.returncode == 0, done.stderr

    commune = Paths(tmp_path / "commune")
    db = open_database(commune)
    try:
        save_profile(db, ProfileData(province_code="14", province_name="Sơn La", commune_name="Chiềng Mung",
                                     commune_code="14113", centre_name="Trung tâm học tập cộng đồng xã Chiềng Mung"))
    finally:
        db.dispose()
    done = _run(commune, "receiver", "init", "--passphrase-file", str(tmp_path / "pass.txt"))
    assert done.returncode == 2 and "Xã Chiềng Mung" in done.stderr
