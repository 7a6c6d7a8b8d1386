"""The commune's signing key, kept in the data folder's ``keys`` sub-folder (``paths.keys``).

A thin layer over :mod:`app.crypto.keys`: the key is made once at set-up (:func:`init_key`), stored
passphrase-protected in minisign's format, never in the database. A new key (lost passphrase, new
staff) is made only on purpose (``new=True``); old keys stay, so certificates and packages signed
with them can still be checked. The newest key signs. Every failure is a
:class:`app.crypto.keys.KeyProblem` whose ``str()`` is a Vietnamese message.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from app.crypto import keys as crypto
from app.crypto.certificate_qr import key_finder_from_dir
from app.crypto.keys import CommuneSecret, KeyInfo, KeyProblem
from app.i18n import _
from app.paths import Paths
from app.services.errors import Problem

__all__ = ["new_passphrase_problem", "KeyExists", "NoKey", "keys_dir", "current_key", "list_keys", "init_key", "change_passphrase",
           "export_public_key", "load_secret", "key_finder"]


def new_passphrase_problem(passphrase: str, again: str) -> Problem | None:
    """What is wrong with a new passphrase typed twice — field ``passphrase`` (too short) or ``again``
    (the two differ, compared as NFC like the keys themselves) — or None. The commune's key, the
    receiving office's keys and the set-up wizard all ask with this one rule."""
    if len(passphrase) < crypto.MIN_PASSPHRASE_LENGTH:
        return Problem("passphrase", _("Mật khẩu phải có ít nhất {n} ký tự.").format(n=crypto.MIN_PASSPHRASE_LENGTH))
    if unicodedata.normalize("NFC", passphrase) != unicodedata.normalize("NFC", again):
        return Problem("again", _("Hai lần nhập mật khẩu không giống nhau."))
    return None


class KeyExists(KeyProblem):
    """The commune already has a key and no new one was asked for."""


class NoKey(KeyProblem):
    """The commune has no key yet."""


def keys_dir(paths: Paths) -> Path:
    return paths.keys


def list_keys(paths: Paths) -> list[KeyInfo]:
    """Every key of the commune, newest (the one that signs) first."""
    return crypto.list_keys(paths.keys)


def current_key(paths: Paths) -> KeyInfo | None:
    """The key that signs (the newest), or None before set-up."""
    found = list_keys(paths)
    return found[0] if found else None


def init_key(paths: Paths, passphrase: str, comment: str = "", new: bool = False) -> KeyInfo:
    """Make the commune's key pair. Refused with :class:`KeyExists` when there is one already,
    unless ``new`` (a new key for a lost passphrase or new staff; the old one is kept). Raises
    :class:`app.crypto.keys.WeakPassphrase` for a passphrase shorter than 8 characters."""
    existing = current_key(paths)
    if existing is not None and not new:
        raise KeyExists(_("Xã đã có khóa ký mã {key_id}. Chỉ tạo khóa mới khi mất mật khẩu hoặc đổi người giữ "
                          "khóa, rồi gửi khóa công khai mới cho cơ quan nhận.").format(
            key_id=existing.key_id))
    return crypto.create_key(paths.keys, passphrase, comment)


def change_passphrase(paths: Paths, old: str, new: str, key_id: str | None = None) -> KeyInfo:
    """Re-encrypt the newest (or ``key_id``) secret key; the key and its id stay the same."""
    _need_key(paths)
    return crypto.change_passphrase(paths.keys, old, new, key_id)


def export_public_key(paths: Paths, out: str | os.PathLike[str], key_id: str | None = None) -> KeyInfo:
    """Write the public key file (minisign's two lines) of the newest (or ``key_id``) key to ``out``,
    for the receiving office or for ``verify-certificate --pubkey``."""
    info = _need_key(paths, key_id)
    target = Path(out)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        target.write_text(info.public_key_text, "ascii")
    except OSError as exc:
        raise KeyProblem(_("Không ghi được tệp {file}: {reason}").format(file=target, reason=exc)) from exc
    return info


def load_secret(paths: Paths, passphrase: str, key_id: str | None = None) -> CommuneSecret:
    """The decrypted secret key (≈ 0.1 s): load once per batch. Raises :class:`NoKey` before set-up,
    :class:`app.crypto.keys.WrongPassphrase` ("Sai mật khẩu…") for a wrong passphrase."""
    _need_key(paths, key_id)
    return crypto.load_secret(paths.keys, passphrase, key_id)


def key_finder(paths: Paths):
    """Key id → public key, over every key of the commune (old ones too), for :func:`verify_qr`."""
    return key_finder_from_dir(paths.keys)


def _need_key(paths: Paths, key_id: str | None = None) -> KeyInfo:
    found = [k for k in list_keys(paths) if key_id is None or k.key_id == key_id.upper()]
    if not found:
        if key_id:
            raise NoKey(_("Không có khóa mã {key_id} trong thư mục {folder}.").format(key_id=key_id,
                                                                                    folder=paths.keys))
        raise NoKey(_("Xã chưa có khóa ký. Hãy tạo khóa: python -m app keys init --passphrase-file TỆP."))
    return found[0]
