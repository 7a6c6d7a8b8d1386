"""The receiving office's age identity (X25519), through ``pyrage``: no home-made cryptography.

Files in ``<keys>/office/``: ``office-identity.age`` — the identity exactly as ``age-keygen``
writes it (``# created:``, ``# public key: age1…``, ``AGE-SECRET-KEY-1…``), encrypted with age's
own passphrase mode (scrypt), so that Debian's ``age -d -i office-identity.age`` asks the
passphrase and opens packages too; ``office-recipient.txt`` — the public ``age1…`` line.

The passphrase file is written with scrypt at work factor 2^18 (:data:`SCRYPT_LOG_N`), the value
Go's ``age -p`` uses: unlocking then takes ≈ 0.5 s and 256 MB. ``pyrage`` (rage) cannot be told a
work factor: it times the machine and chose 2^20 here (1 GiB, ≈ 2 s) and would choose more on a
faster PC — too much memory for an office computer. So :func:`_passphrase_encrypt` writes age's
own v1 format (scrypt recipient stanza, header MAC, one STREAM chunk) from the standard primitives
of ``cryptography``; reading is always ``pyrage``'s, and the tests check that rage and Debian's
``age -d`` open what it writes. Errors are :class:`AgeIdentityProblem` subclasses whose ``str()``
is a Vietnamese message.
"""

from __future__ import annotations

import base64
import os
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from app.i18n import _

__all__ = ["AgeIdentityProblem", "WrongIdentityPassphrase", "NoIdentity", "IDENTITY_FILE", "RECIPIENT_FILE",
           "OfficeIdentity", "create_identity", "load_identity", "read_recipient", "change_identity_passphrase",
           "encrypt_to", "decrypt_with", "is_age", "parse_recipient"]

IDENTITY_FILE = "office-identity.age"
RECIPIENT_FILE = "office-recipient.txt"
AGE_MAGIC = b"age-encryption.org/v1\n"
SCRYPT_LOG_N = 18  # Go age's default for ``age -p``: 256 MB, ≈ 0.5 s
_CHUNK = 64 * 1024


class AgeIdentityProblem(Exception):
    """Base of every error here; ``str(exc)`` is a Vietnamese message."""


class WrongIdentityPassphrase(AgeIdentityProblem):
    pass


class NoIdentity(AgeIdentityProblem):
    pass


@dataclass(frozen=True, eq=False)
class OfficeIdentity:
    """An unlocked identity in memory: keep it only for a batch."""

    identity: x25519.Identity
    recipient: str


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=salt, info=info).derive(key)


def _passphrase_encrypt(plaintext: bytes, passphrase: str, log_n: int = SCRYPT_LOG_N) -> bytes:
    """``plaintext`` (an identity file: under 64 KiB) in age v1 format for a passphrase, exactly as
    https://age-encryption.org/v1 specifies the scrypt recipient, at work factor ``2**log_n``."""
    if len(plaintext) > _CHUNK:
        raise ValueError("an identity file is far smaller than one age chunk")
    file_key, salt, nonce = os.urandom(16), os.urandom(16), os.urandom(16)
    wrap_key = Scrypt(salt=b"age-encryption.org/v1/scrypt" + salt, length=32, n=1 << log_n, r=8,
                      p=1).derive(passphrase.encode("utf-8"))
    wrapped = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    header = f"age-encryption.org/v1\n-> scrypt {_b64(salt)} {log_n}\n{_b64(wrapped)}\n---".encode("ascii")
    mac = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
    mac.update(header)
    payload = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload")).encrypt(bytes(11) + b"\x01", plaintext, None)
    return header + b" " + _b64(mac.finalize()).encode("ascii") + b"\n" + nonce + payload


def create_identity(folder: str | os.PathLike[str], passphrase: str, now: datetime | None = None) -> str:
    """Make a new identity in ``folder`` (created if missing) and return its ``age1…`` recipient.
    Refuses to overwrite an existing identity (:class:`AgeIdentityProblem`)."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    if (target / IDENTITY_FILE).exists():
        raise AgeIdentityProblem(_("Đã có khóa giải mã của cơ quan trong {folder}; không ghi đè.").format(folder=target))
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    stamp = (now or datetime.now(UTC)).astimezone().isoformat(timespec="seconds")
    text = f"# created: {stamp}\n# public key: {recipient}\n{identity}\n"
    _write_atomic(target / IDENTITY_FILE, _passphrase_encrypt(text.encode("ascii"), _nfc(passphrase)))
    _write_atomic(target / RECIPIENT_FILE, (recipient + "\n").encode("ascii"))
    return recipient


def read_recipient(folder: str | os.PathLike[str]) -> str:
    path = Path(folder) / RECIPIENT_FILE
    try:
        return path.read_text("ascii").strip()
    except OSError as exc:
        raise NoIdentity(_("Cơ quan tiếp nhận chưa có khóa giải mã. Hãy chạy: python -m app receiver init "
                           "--passphrase-file TỆP.")) from exc


def _identity_text(folder: Path, passphrase: str) -> str:
    path = folder / IDENTITY_FILE
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise NoIdentity(_("Không tìm thấy tệp khóa giải mã {file}.").format(file=path)) from exc
    try:
        return age_passphrase.decrypt(blob, _nfc(passphrase)).decode("ascii")
    except pyrage.DecryptError as exc:
        raise WrongIdentityPassphrase(_("Sai mật khẩu của khóa giải mã {file}.").format(file=path.name)) from exc
    except UnicodeDecodeError as exc:
        raise AgeIdentityProblem(_("Tệp khóa giải mã {file} hỏng.").format(file=path.name)) from exc


def load_identity(folder: str | os.PathLike[str], passphrase: str) -> OfficeIdentity:
    """Unlock the identity (scrypt). Raises :class:`WrongIdentityPassphrase`, :class:`NoIdentity`."""
    text = _identity_text(Path(folder), passphrase)
    line = next((ln.strip() for ln in text.splitlines() if ln.startswith("AGE-SECRET-KEY-")), "")
    try:
        identity = x25519.Identity.from_str(line)
    except pyrage.IdentityError as exc:
        raise AgeIdentityProblem(_("Tệp khóa giải mã hỏng.")) from exc
    return OfficeIdentity(identity, str(identity.to_public()))


def change_identity_passphrase(folder: str | os.PathLike[str], old: str, new: str) -> None:
    """Re-encrypt the identity file with ``new``; the identity (and ``age1…``) stays the same."""
    target = Path(folder)
    text = _identity_text(target, old)
    _write_atomic(target / IDENTITY_FILE, _passphrase_encrypt(text.encode("ascii"), _nfc(new)))


def parse_recipient(text: str) -> x25519.Recipient:
    try:
        return x25519.Recipient.from_str(text.strip())
    except pyrage.RecipientError as exc:
        raise AgeIdentityProblem(_("Khóa nhận “{text}” không phải khóa age (age1…).").format(text=text.strip())) from exc


def encrypt_to(data: bytes, recipient: str) -> bytes:
    return pyrage.encrypt(data, [parse_recipient(recipient)])


def decrypt_with(data: bytes, identity: OfficeIdentity) -> bytes:
    """Raises ``pyrage.DecryptError`` (wrong identity, damaged file)."""
    return pyrage.decrypt(data, [identity.identity])


def is_age(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC) or data.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
