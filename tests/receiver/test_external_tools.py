"""Debian's own ``age`` and ``minisign`` open and check what this program reads and writes."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest

from app.exchange.package_read import open_package
from tests.receiver import builder

needs_tools = pytest.mark.skipif(not (shutil.which("age") and shutil.which("age-keygen") and shutil.which("minisign")),
                                 reason="age, age-keygen or minisign not installed")
needs_script = pytest.mark.skipif(not shutil.which("script"), reason="util-linux's script not installed")


@needs_tools
def test_age_opens_a_package_and_minisign_accepts_its_manifest(tmp_path, commune_key, commune_key_info):
    # given an identity made by age-keygen and a package encrypted to its recipient
    key = tmp_path / "office.key"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    recipient = next(ln.split(": ")[1] for ln in key.read_text().splitlines() if ln.startswith("# public key"))
    data, m = builder.build(commune_key, recipient=recipient)
    pkg = tmp_path / builder.file_name(m, True)
    pkg.write_bytes(data)
    # when age decrypts it
    plain = subprocess.run(["age", "-d", "-i", str(key), str(pkg)], check=True, capture_output=True).stdout
    # then the ZIP inside is what the program reads, and minisign accepts the manifest's signature
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        zf.extractall(tmp_path / "pkg")
    done = subprocess.run(["minisign", "-Vm", str(tmp_path / "pkg" / "manifest.json"), "-p",
                           str(commune_key_info.public_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert builder.comment(m) in done.stdout
    assert open_package(plain).package_id == m["package_id"]


@needs_tools
def test_age_opens_a_package_with_the_office_identity_file(tmp_path, office, commune_key, recipient):
    # the office's identity file is age's own passphrase-encrypted format: age -d -i asks the
    # passphrase on a terminal, so here we decrypt the identity with age -d first (passphrase via
    # pyrage is the same scrypt recipe), then use it
    from pyrage import passphrase

    from app.services.receiver import office_dir
    from tests.receiver.conftest import PASSPHRASE

    identity = passphrase.decrypt((office_dir(office) / "office-identity.age").read_bytes(), PASSPHRASE)
    (tmp_path / "id.txt").write_bytes(identity)
    data, m = builder.build(commune_key, recipient=recipient)
    (tmp_path / "p.age").write_bytes(data)
    plain = subprocess.run(["age", "-d", "-i", str(tmp_path / "id.txt"), str(tmp_path / "p.age")], check=True,
                           capture_output=True).stdout
    assert open_package(plain).package_id == m["package_id"]


@needs_tools
def test_minisign_accepts_a_receipt(tmp_path, registered, office, commune_key, recipient):
    from app.services.receiver import office_dir
    from app.services.receiver_import import import_packages
    from tests.receiver.conftest import PASSPHRASE

    data, m = builder.build(commune_key, recipient=recipient)
    pkg = tmp_path / builder.file_name(m, True)
    pkg.write_bytes(data)
    [r] = import_packages(registered, office, [pkg], PASSPHRASE, dry_run=False)
    with zipfile.ZipFile(r.receipt_path) as zf:
        zf.extractall(tmp_path / "receipt")
    pub = next(office_dir(office).glob("*.pub"))
    done = subprocess.run(["minisign", "-Vm", str(tmp_path / "receipt" / "receipt.json"), "-p", str(pub)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"tthtcd receipt package_id={m['package_id']} result=imported" in done.stdout


def _age_with_passphrase_on_a_terminal(args: list[str], passphrase: str) -> int:
    """Run Debian's ``age`` the way an IT officer does: it asks the passphrase on its terminal.
    util-linux's ``script`` gives it one (no fork of this multi-threaded test process); the
    passphrase is typed once the prompt shows."""
    import os
    import select
    import shlex
    import time

    proc = subprocess.Popen(["script", "-q", "-e", "-c", shlex.join(args), "/dev/null"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seen, deadline = b"", time.monotonic() + 30
    while b"passphrase" not in seen.lower() and time.monotonic() < deadline and proc.poll() is None:
        ready, _w, _x = select.select([proc.stdout], [], [], 0.5)
        if ready:
            seen += os.read(proc.stdout.fileno(), 1024)
    proc.stdin.write(passphrase.encode("utf-8") + b"\n")
    proc.stdin.close()
    proc.stdout.read()
    return proc.wait(timeout=30)


@needs_tools
@needs_script
def test_age_opens_the_office_identity_file_with_its_passphrase(tmp_path, office, commune_key, recipient):
    """The identity file is age's passphrase format at age's own work factor (2^18, 256 MB):
    ``age -d -i office-identity.age`` asks the passphrase and decrypts a package with it."""
    from app.services.receiver import office_dir
    from tests.receiver.conftest import PASSPHRASE

    identity_file = office_dir(office) / "office-identity.age"
    assert b"\n-> scrypt " in identity_file.read_bytes() and b" 18\n" in identity_file.read_bytes()
    data, m = builder.build(commune_key, recipient=recipient)
    (tmp_path / "p.age").write_bytes(data)
    out = tmp_path / "p.zip"
    code = _age_with_passphrase_on_a_terminal(["age", "-d", "-i", str(identity_file), "-o", str(out),
                                               str(tmp_path / "p.age")], PASSPHRASE)
    assert code == 0
    assert open_package(out.read_bytes()).package_id == m["package_id"]


def test_the_identity_file_written_here_is_read_by_rage_and_a_wrong_passphrase_is_refused(tmp_path):
    from app.crypto import age_identity

    recipient = age_identity.create_identity(tmp_path, "mật khẩu cơ quan 2026")
    unlocked = age_identity.load_identity(tmp_path, "mật khẩu cơ quan 2026")
    assert unlocked.recipient == recipient
    secret = b"d\xe1\xbb\xaf li\xe1\xbb\x87u c\xe1\xbb\xa7a x\xc3\xa3"
    assert age_identity.decrypt_with(age_identity.encrypt_to(secret, recipient), unlocked) == secret
    with pytest.raises(age_identity.WrongIdentityPassphrase):
        age_identity.load_identity(tmp_path, "mật khẩu cơ quan 2025")
    age_identity.change_identity_passphrase(tmp_path, "mật khẩu cơ quan 2026", "mật khẩu mới của cơ quan")
    assert age_identity.load_identity(tmp_path, "mật khẩu mới của cơ quan").recipient == recipient
