"""The commune's signing key pair (minisign format, Ed25519), through ``py-minisign``.

Files: ``<keys_dir>/commune-<KEYID>.key`` (secret key, scrypt-encrypted with the passphrase) and
``commune-<KEYID>.pub`` (public key), exactly as minisign's CLI writes them, so that
``minisign -Vm file -p commune-<KEYID>.pub`` checks what this module signs. Keys never go into
the database or a package. A new key never removes an old one: :func:`list_keys` lists all, newest
first, and the newest is the one that signs.

The key id is written as minisign prints it: 16 upper-case hex digits, the 8 key-id bytes read as a
little-endian integer (:func:`key_id_of`).

Passphrases are normalised to NFC (a Vietnamese passphrase typed with Unikey in either tone
placement form stays the same) and must be at least :data:`MIN_PASSPHRASE_LENGTH` characters.
Every failure raises a :class:`KeyProblem` subclass whose ``str()`` is a Vietnamese message.
Scrypt makes loading a secret key take about 0.1 s and 32 MB: load once per batch, not per item.
"""

from __future__ import annotations

import base64
import os
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import minisign
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.i18n import _

__all__ = [
    "MIN_PASSPHRASE_LENGTH", "KeyProblem", "WrongPassphrase", "KeyNotFound", "BadKeyFile", "BadSignature",
    "WeakPassphrase", "KeyInfo", "CommuneSecret", "create_key", "list_keys", "load_secret",
    "change_passphrase", "public_key_from_text", "public_key_from_file", "key_id_of", "sign_bytes",
    "sign_file", "verify_bytes", "raw_ed25519_sign", "raw_ed25519_verify", "read_passphrase_file",
]

MIN_PASSPHRASE_LENGTH = 8
_PREFIX = "commune-"


class KeyProblem(Exception):
    """Base of every key error; ``str(exc)`` is a Vietnamese message for the user."""


class WrongPassphrase(KeyProblem):
    pass


class WeakPassphrase(KeyProblem):
    pass


class KeyNotFound(KeyProblem):
    pass


class BadKeyFile(KeyProblem):
    pass


class BadSignature(KeyProblem):
    pass


@dataclass(frozen=True)
class KeyInfo:
    """One key pair on disk. ``created`` comes from the public key's comment (``None`` if absent)."""

    key_id: str
    public_key_text: str
    public_path: Path
    secret_path: Path
    created: date | None
    comment: str


@dataclass(frozen=True, eq=False)
class CommuneSecret:
    """A decrypted secret key in memory, with its public half. Keep it only as long as a batch."""

    key_id: str
    secret: minisign.SecretKey
    public: minisign.PublicKey


def _ascii(text: str) -> str:
    """minisign comments are printable ASCII: drop Vietnamese marks (đ → d) and anything else."""
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in decomposed if " " <= c < "\x7f").strip()


def _passphrase(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _check_new_passphrase(value: str) -> str:
    value = _passphrase(value)
    if len(value) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(_("Mật khẩu của khóa phải có ít nhất {n} ký tự.").format(n=MIN_PASSPHRASE_LENGTH))
    return value


def _public_raw(public: minisign.PublicKey) -> tuple[bytes, bytes]:
    """(key id bytes, 32-byte Ed25519 public key) from minisign's public encoding."""
    blob = base64.b64decode(public.to_base64())
    return blob[2:10], blob[10:42]


def key_id_of(public: minisign.PublicKey) -> str:
    """minisign's display of the key id: ``"A1B2C3D4E5F60718"`` (bytes read little-endian)."""
    key_id, _raw = _public_raw(public)
    return f"{int.from_bytes(key_id, 'little'):016X}"


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _public_text(public: minisign.PublicKey) -> str:
    return bytes(public).decode("ascii") + "\n"


def create_key(keys_dir: str | os.PathLike[str], passphrase: str, comment: str = "",
               today: date | None = None) -> KeyInfo:
    """Make a new key pair and write ``commune-<KEYID>.key`` / ``.pub`` into ``keys_dir`` (created
    if missing). Old keys are left in place. Raises :class:`WeakPassphrase`."""
    passphrase = _check_new_passphrase(passphrase)
    folder = Path(keys_dir)
    folder.mkdir(parents=True, exist_ok=True)
    pair = minisign.KeyPair.generate()
    secret, public = pair.secret_key, pair.public_key
    key_id = key_id_of(public)
    created = (today or date.today()).isoformat()
    note = _ascii(comment)
    public.untrusted_comment = f"minisign public key {key_id} created={created}" + (f" {note}" if note else "")
    secret.encrypt(passphrase)
    secret.untrusted_comment = f"minisign encrypted secret key {key_id}"
    secret_path, public_path = folder / f"{_PREFIX}{key_id}.key", folder / f"{_PREFIX}{key_id}.pub"
    _write_atomic(secret_path, bytes(secret) + b"\n")
    _write_atomic(public_path, _public_text(public).encode("ascii"))
    secret.wipe()
    return _info(public_path)


def _info(public_path: Path) -> KeyInfo:
    text = public_path.read_text("ascii", errors="replace")
    public = public_key_from_text(text)
    first = text.splitlines()[0] if text else ""
    created, comment = None, ""
    for word in first.split():
        if word.startswith("created="):
            try:
                created = date.fromisoformat(word[8:])
            except ValueError:
                created = None
    if "created=" in first:
        comment = first.split("created=", 1)[1].partition(" ")[2]
    key_id = key_id_of(public)
    return KeyInfo(key_id, text, public_path, public_path.with_suffix(".key"), created, comment)


def list_keys(keys_dir: str | os.PathLike[str]) -> list[KeyInfo]:
    """Every ``commune-*.pub`` in ``keys_dir``, newest first (by the created date in the comment,
    then the file time). Unreadable files are skipped. A missing folder gives ``[]``."""
    folder = Path(keys_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{_PREFIX}*.pub"):
        try:
            found.append((_info(path), path.stat().st_mtime))
        except KeyProblem:
            continue
    found.sort(key=lambda pair: (pair[0].created or date.min, pair[1]), reverse=True)
    return [info for info, _mtime in found]


def _secret_path(where: str | os.PathLike[str], key_id: str | None) -> Path:
    path = Path(where)
    if path.is_file():
        return path
    keys = [k for k in list_keys(path) if key_id is None or k.key_id == key_id.upper()]
    keys = [k for k in keys if k.secret_path.is_file()]
    if not keys:
        if key_id:
            raise KeyNotFound(_("Không có khóa bí mật mã {key_id} trong thư mục {folder}.").format(
                key_id=key_id, folder=path))
        raise KeyNotFound(_("Chưa có khóa ký của xã trong thư mục {folder}. Hãy tạo khóa trước.").format(folder=path))
    return keys[0].secret_path


def _read_secret(path: Path) -> minisign.SecretKey:
    try:
        return minisign.SecretKey.from_file(path)
    except (OSError, minisign.Error) as exc:
        raise BadKeyFile(_("Không đọc được tệp khóa bí mật {file}: {reason}").format(file=path, reason=exc)) from exc


def load_secret(where: str | os.PathLike[str], passphrase: str, key_id: str | None = None) -> CommuneSecret:
    """Decrypt a secret key: ``where`` is a ``.key`` file, or the keys folder (then the key
    ``key_id``, or the newest). Raises :class:`WrongPassphrase`, :class:`KeyNotFound`,
    :class:`BadKeyFile`."""
    path = _secret_path(where, key_id)
    secret = _read_secret(path)
    try:
        secret.decrypt(_passphrase(passphrase))
    except minisign.Error as exc:
        raise WrongPassphrase(_("Sai mật khẩu của khóa ký {file}.").format(file=path.name)) from exc
    public = secret.get_public_key()
    return CommuneSecret(key_id_of(public), secret, public)


def change_passphrase(where: str | os.PathLike[str], old: str, new: str, key_id: str | None = None) -> KeyInfo:
    """Re-encrypt a secret key with a new passphrase (file replaced atomically; the key and its id
    stay the same). Raises :class:`WrongPassphrase` for ``old``, :class:`WeakPassphrase` for ``new``."""
    new = _check_new_passphrase(new)
    path = _secret_path(where, key_id)
    secret = _read_secret(path)
    comment = secret.untrusted_comment
    try:
        secret.decrypt(_passphrase(old))
    except minisign.Error as exc:
        raise WrongPassphrase(_("Sai mật khẩu hiện tại của khóa ký {file}.").format(file=path.name)) from exc
    public = secret.get_public_key()
    secret.encrypt(new)
    secret.untrusted_comment = comment
    _write_atomic(path, bytes(secret) + b"\n")
    secret.wipe()
    pub = path.with_suffix(".pub")
    if pub.is_file():
        return _info(pub)
    return KeyInfo(key_id_of(public), _public_text(public), pub, path, None, "")


def public_key_from_text(text: str | bytes) -> minisign.PublicKey:
    """A public key from a ``.pub`` file's content (two lines) or its base64 line alone."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines and lines[0].startswith("untrusted comment:"):
        lines = lines[1:]
    try:
        if len(lines) != 1:
            raise minisign.ParseError("expected one base64 line")
        return minisign.PublicKey.from_base64(lines[0])
    except minisign.Error as exc:
        raise BadKeyFile(_("Khóa công khai không đúng định dạng minisign: {reason}").format(reason=exc)) from exc


def public_key_from_file(path: str | os.PathLike[str]) -> minisign.PublicKey:
    try:
        return public_key_from_text(Path(path).read_bytes())
    except OSError as exc:
        raise BadKeyFile(_("Không đọc được tệp khóa công khai {file}.").format(file=path)) from exc


def sign_bytes(secret: CommuneSecret, data: bytes, trusted_comment: str) -> bytes:
    """A minisign signature file (four lines and a newline) of ``data``, prehashed like minisign's
    default, carrying ``trusted_comment`` (printable ASCII, no line breaks)."""
    sig = secret.secret.sign(data, prehash=True, trusted_comment=trusted_comment,
                             untrusted_comment=f"signature from minisign secret key {secret.key_id}")
    return bytes(sig) + b"\n"


def sign_file(secret: CommuneSecret, path: str | os.PathLike[str], trusted_comment: str) -> Path:
    """Sign a file and write ``<path>.minisig`` beside it; returns that path."""
    target = Path(path)
    out = target.with_name(target.name + ".minisig")
    _write_atomic(out, sign_bytes(secret, target.read_bytes(), trusted_comment))
    return out


def verify_bytes(public: minisign.PublicKey, data: bytes, signature: bytes) -> str:
    """Check a minisign signature of ``data``; return its trusted comment. Raises
    :class:`BadSignature` (also for a signature made by another key)."""
    try:
        sig = minisign.Signature.from_bytes(signature)
        public.verify(data, sig)
    except minisign.Error as exc:
        raise BadSignature(_("Chữ ký minisign không hợp lệ: {reason}").format(reason=exc)) from exc
    return sig.trusted_comment


def raw_ed25519_sign(secret: CommuneSecret, data: bytes) -> bytes:
    """A plain (not prehashed) 64-byte Ed25519 signature of ``data`` with the commune's key."""
    sig = secret.secret.sign(data, prehash=False, trusted_comment="")
    line = bytes(sig).splitlines()[1]
    return base64.b64decode(line)[10:74]


def raw_ed25519_verify(public: minisign.PublicKey, data: bytes, signature: bytes) -> bool:
    """True when ``signature`` is a plain Ed25519 signature of ``data`` by ``public``."""
    _key_id, raw = _public_raw(public)
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def read_passphrase_file(path: str | os.PathLike[str]) -> str:
    """The passphrase of a ``--passphrase-file``: its first line without the line break."""
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(_("Không đọc được tệp mật khẩu {file}.").format(file=path)) from exc
    first = text.splitlines()[0] if text else ""
    if not first:
        raise KeyProblem(_("Tệp mật khẩu {file} trống.").format(file=path))
    return first
