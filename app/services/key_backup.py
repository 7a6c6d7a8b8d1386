"""Keeping the commune's signing key safe: the printable key slip, a backup of the encrypted secret
key to a folder (a USB stick), and its restore with a test signature.

The backup copies the key files exactly as they are (the secret key stays encrypted with its
passphrase; nothing is decrypted) plus a short Vietnamese note. A restore decrypts the key with its
passphrase, signs a test message and checks the signature with the key's public half before
copying anything into the data folder; a wrong passphrase or a damaged file changes nothing.
Every failure is a :class:`app.crypto.keys.KeyProblem` with a Vietnamese message.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.crypto import keys as crypto
from app.crypto.keys import KeyInfo, KeyProblem
from app.db.engine import Database
from app.i18n import _
from app.paths import Paths
from app.services import keys as commune_keys

_NOTE = """SAO LƯU KHÓA KÝ SỐ CỦA XÃ
Mã khóa: {key_id}
Ngày sao lưu: {day}

commune-{key_id}.key: khóa bí mật, đã mã hóa bằng mật khẩu của khóa (minisign). Không có mật khẩu
thì không dùng được. Giữ USB này ở nơi an toàn, không gửi kèm gói dữ liệu.
commune-{key_id}.pub: khóa công khai (gửi cơ quan tiếp nhận được).

Khôi phục: Cài đặt → Khóa ký số → Khôi phục khóa, hoặc
  python -m app keys restore commune-{key_id}.key --passphrase-file TỆP_MẬT_KHẨU
"""


@dataclass(frozen=True)
class BackupResult:
    key_id: str
    files: tuple[Path, ...]


def key_slip_pdf(db: Database, paths: Paths, key_id: str | None = None, on: date | None = None) -> bytes:
    """The key slip of the newest (or ``key_id``) key as PDF bytes. Needs the commune's profile."""
    from app.printing.key_slip import KeySlipData, build_key_slip
    from app.services.certificate_subjects import commune_code_of, issuer_for, require_profile
    from app.services.setup import get_profile

    profile = require_profile(get_profile(db))
    info = _key(paths, key_id)
    older = tuple(k.key_id for k in commune_keys.list_keys(paths) if k.key_id != info.key_id
                  and (k.created or date.min) <= (info.created or date.max))
    line = crypto.public_key_from_text(info.public_key_text).to_base64()
    if isinstance(line, bytes):
        line = line.decode("ascii")
    data = KeySlipData(issuer=issuer_for(profile), commune_display=profile.commune_display,
                       commune_code=commune_code_of(profile), province_name=profile.province_name,
                       centre_name=profile.centre_name, key_id=info.key_id, public_key=line.strip(),
                       created=info.created, printed=on or date.today(), previous_key_ids=older[:3])
    return build_key_slip(data)


def _key(paths: Paths, key_id: str | None) -> KeyInfo:
    found = [k for k in commune_keys.list_keys(paths) if key_id is None or k.key_id == key_id.upper()]
    if not found:
        raise commune_keys.NoKey(_("Xã chưa có khóa ký. Hãy tạo khóa trước (Cài đặt → Khóa ký số)."))
    return found[0]


def backup_key(paths: Paths, out_dir: str | os.PathLike[str], key_id: str | None = None) -> BackupResult:
    """Copy the (still encrypted) secret key and the public key of the newest (or ``key_id``) key
    into ``out_dir``, with a note; files already there with the same content are kept."""
    info = _key(paths, key_id)
    if not info.secret_path.is_file():
        raise KeyProblem(_("Không có tệp khóa bí mật của khóa {key_id} trên máy này.").format(key_id=info.key_id))
    folder = Path(out_dir)
    if not folder.is_dir():
        raise KeyProblem(_("Không có thư mục {folder}. Hãy cắm USB hoặc chọn thư mục khác.").format(folder=folder))
    written = []
    try:
        for source in (info.secret_path, info.public_path):
            target = folder / source.name
            tmp = folder / f".{source.name}.part"
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
            written.append(target)
        note = folder / f"commune-{info.key_id}-doc-truoc.txt"
        note.write_text(_NOTE.format(key_id=info.key_id, day=date.today().strftime("%d/%m/%Y")), "utf-8")
        written.append(note)
    except OSError as exc:
        raise KeyProblem(_("Không ghi được vào {folder}: {reason}").format(folder=folder, reason=exc.strerror)) from exc
    return BackupResult(info.key_id, tuple(written))


def restore_key(paths: Paths, secret_file: str | os.PathLike[str], passphrase: str) -> KeyInfo:
    """Restore a backed-up secret key into the data folder after a test signature. The public key
    comes from the ``.pub`` beside the backup when there is one (keeping its creation date), else
    from the secret key. Raises :class:`app.crypto.keys.WrongPassphrase`, ``BadKeyFile``,
    ``BadSignature``."""
    source = Path(secret_file)
    if not source.is_file():
        raise crypto.KeyNotFound(_("Không có tệp {file}.").format(file=source))
    secret = crypto.load_secret(source, passphrase)
    message = b"tthtcd restore test"
    signature = crypto.sign_bytes(secret, message, "tthtcd restore test")
    crypto.verify_bytes(secret.public, message, signature)
    folder = paths.keys
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"commune-{secret.key_id}.key"
    pub_target = target.with_suffix(".pub")
    beside = source.with_suffix(".pub")
    tmp = folder / f".{target.name}.part"
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)
    if not pub_target.is_file():
        if beside.is_file() and crypto.key_id_of(crypto.public_key_from_file(beside)) == secret.key_id:
            shutil.copyfile(beside, pub_target)
        else:
            text = bytes(secret.public).decode("ascii") + "\n"
            pub_target.write_text(text, "ascii")
    return next(k for k in commune_keys.list_keys(paths) if k.key_id == secret.key_id)
