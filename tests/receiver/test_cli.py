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
