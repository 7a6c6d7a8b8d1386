"""The commune's minisign key pair: made once, passphrase-protected, readable by minisign's CLI."""

from __future__ import annotations

import base64
import shutil
import subprocess
from datetime import date

import pytest

from app.crypto import keys

PASS = "mật khẩu của xã"


@pytest.fixture
def keys_dir(tmp_path):
    return tmp_path / "keys"


def test_create_writes_minisign_files_named_by_key_id(keys_dir):
    info = keys.create_key(keys_dir, PASS, "Xã Chiềng Mung")
    assert len(info.key_id) == 16 and info.key_id == info.key_id.upper()
    int(info.key_id, 16)
    assert info.secret_path == keys_dir / f"commune-{info.key_id}.key"
    assert info.public_path.read_text() == info.public_key_text
    comment, b64 = info.public_key_text.splitlines()
    assert comment.startswith(f"untrusted comment: minisign public key {info.key_id} created=")
    assert "Xa Chieng Mung" in comment  # minisign comments are ASCII
    raw = base64.b64decode(b64)
    assert raw[:2] == b"Ed"
    # minisign prints the 8 key-id bytes read as a little-endian integer
    assert info.key_id == f"{int.from_bytes(raw[2:10], 'little'):016X}"
    assert b"encrypted secret key" in info.secret_path.read_bytes()
    assert info.created == date.today()


def test_load_with_the_right_passphrase(keys_dir):
    info = keys.create_key(keys_dir, PASS)
    secret = keys.load_secret(keys_dir, PASS)
    assert secret.key_id == info.key_id
    assert keys.key_id_of(secret.public) == info.key_id
    assert keys.load_secret(info.secret_path, PASS).key_id == info.key_id


def test_nfd_passphrase_is_the_same_passphrase(keys_dir):
    import unicodedata

    keys.create_key(keys_dir, PASS)
    keys.load_secret(keys_dir, unicodedata.normalize("NFD", PASS))


def test_wrong_passphrase_is_refused_in_vietnamese(keys_dir):
    keys.create_key(keys_dir, PASS)
    with pytest.raises(keys.WrongPassphrase) as exc:
        keys.load_secret(keys_dir, "sai mật khẩu")
    assert "Sai mật khẩu" in str(exc.value)


def test_short_passphrase_is_refused(keys_dir):
    with pytest.raises(keys.WeakPassphrase):
        keys.create_key(keys_dir, "1234")


def test_no_key_yet(keys_dir):
    with pytest.raises(keys.KeyNotFound) as exc:
        keys.load_secret(keys_dir, PASS)
    assert "Chưa có khóa" in str(exc.value)


def test_change_passphrase_keeps_the_key(keys_dir):
    info = keys.create_key(keys_dir, PASS)
    with pytest.raises(keys.WrongPassphrase):
        keys.change_passphrase(keys_dir, "không đúng nhé", "mật khẩu mới 2026")
    changed = keys.change_passphrase(keys_dir, PASS, "mật khẩu mới 2026")
    assert changed.key_id == info.key_id
    with pytest.raises(keys.WrongPassphrase):
        keys.load_secret(keys_dir, PASS)
    secret = keys.load_secret(keys_dir, "mật khẩu mới 2026")
    assert secret.key_id == info.key_id


def test_old_keys_stay_listed_and_the_newest_signs(keys_dir):
    old = keys.create_key(keys_dir, PASS, today=date(2025, 3, 1))
    new = keys.create_key(keys_dir, PASS, today=date(2026, 1, 2))
    listed = keys.list_keys(keys_dir)
    assert [k.key_id for k in listed] == [new.key_id, old.key_id]
    assert keys.load_secret(keys_dir, PASS).key_id == new.key_id
    assert keys.load_secret(keys_dir, PASS, key_id=old.key_id).key_id == old.key_id


def test_minisign_signature_round_trip_with_trusted_comment(keys_dir):
    keys.create_key(keys_dir, PASS)
    secret = keys.load_secret(keys_dir, PASS)
    comment = "tthtcd package_id=abc commune=14113 year=2026 seq=3"
    sig = keys.sign_bytes(secret, b'{"format": "tthtcd-package"}', comment)
    assert keys.verify_bytes(secret.public, b'{"format": "tthtcd-package"}', sig) == comment
    with pytest.raises(keys.BadSignature):
        keys.verify_bytes(secret.public, b'{"format": "tthtcd-packagE"}', sig)


def test_public_key_from_text_accepts_the_file_or_its_key_line(keys_dir):
    info = keys.create_key(keys_dir, PASS)
    line = info.public_key_text.splitlines()[1]
    assert keys.key_id_of(keys.public_key_from_text(line)) == info.key_id
    assert keys.key_id_of(keys.public_key_from_file(info.public_path)) == info.key_id
    with pytest.raises(keys.BadKeyFile):
        keys.public_key_from_text("không phải khóa")


def test_raw_ed25519_is_plain_ed25519(keys_dir):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    keys.create_key(keys_dir, PASS)
    secret = keys.load_secret(keys_dir, PASS)
    sig = keys.raw_ed25519_sign(secret, b"TTHTCD1|x")
    assert len(sig) == 64
    assert keys.raw_ed25519_verify(secret.public, b"TTHTCD1|x", sig)
    assert not keys.raw_ed25519_verify(secret.public, b"TTHTCD1|y", sig)
    raw_public = base64.b64decode(secret.public.to_base64())[10:]
    Ed25519PublicKey.from_public_bytes(raw_public).verify(sig, b"TTHTCD1|x")  # raises if not plain Ed25519


def test_passphrase_file_first_line_without_newline(tmp_path):
    f = tmp_path / "pass.txt"
    f.write_bytes("\ufeffmật khẩu dài\r\nthứ hai\n".encode())
    assert keys.read_passphrase_file(f) == "mật khẩu dài"
    f.write_text("")
    with pytest.raises(keys.KeyProblem):
        keys.read_passphrase_file(f)
    with pytest.raises(keys.KeyProblem):
        keys.read_passphrase_file(tmp_path / "missing.txt")


minisign_cli = pytest.mark.skipif(shutil.which("minisign") is None, reason="minisign CLI not installed")


@minisign_cli
def test_minisign_cli_verifies_our_signature(keys_dir, tmp_path):
    info = keys.create_key(keys_dir, PASS)
    secret = keys.load_secret(keys_dir, PASS)
    manifest = tmp_path / "manifest.json"
    manifest.write_text('{"format": "tthtcd-package", "commune": "Chiềng Mung"}', "utf-8")
    keys.sign_file(secret, manifest, "tthtcd package_id=p1 commune=14113 year=2026 seq=1")
    run = subprocess.run(["minisign", "-Vm", str(manifest), "-p", str(info.public_path)], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    assert "tthtcd package_id=p1 commune=14113 year=2026 seq=1" in run.stdout
    manifest.write_text('{"format": "tthtcd-package", "commune": "Chieng Mung"}', "utf-8")
    tampered = subprocess.run(["minisign", "-Vm", str(manifest), "-p", str(info.public_path)], capture_output=True)
    assert tampered.returncode != 0


@minisign_cli
def test_minisign_cli_reads_our_encrypted_secret_key(keys_dir, tmp_path):
    info = keys.create_key(keys_dir, PASS)
    data = tmp_path / "data.bin"
    data.write_bytes(b"du lieu")
    run = subprocess.run(["minisign", "-S", "-s", str(info.secret_path), "-m", str(data), "-t", "from cli"],
                         input=PASS + "\n", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    sig = (tmp_path / "data.bin.minisig").read_bytes()
    assert keys.verify_bytes(keys.public_key_from_file(info.public_path), b"du lieu", sig) == "from cli"
