"""``python -m app package verify FILE --pubkey FILE.pub [--identity-passphrase-file F] [--json]``:
check a package exactly as the receiving office does (safe ZIP reading, manifest, every file's size
and SHA-256, the minisign signature with the given public key and its trusted comment), without a
register of keys and without writing anything. An ``.age`` package is decrypted with this data
folder's office identity (its passphrase from ``--identity-passphrase-file``). Exit 0 when the
package is authentic, 2 when refused (the reason in Vietnamese on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.package import add_package_subcommand
from app.i18n import _


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar=_("TỆP"), help=_("gói .tthtcd hoặc .tthtcd.age"))
    p.add_argument("--pubkey", required=True, metavar=_("TỆP"), help=_("khóa công khai của xã (.pub)"))
    p.add_argument("--identity-passphrase-file", metavar=_("TỆP"),
                   help=_("tệp chứa mật khẩu khóa giải mã của cơ quan tiếp nhận (gói .age)"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


def _run(args: argparse.Namespace) -> int:
    from app import paths as app_paths
    from app.cli import emit_json
    from app.crypto.age_identity import AgeIdentityProblem, is_age, load_identity
    from app.crypto.keys import KeyProblem, public_key_from_file, read_passphrase_file
    from app.exchange.package_read import PackageRefused, RegisteredKey, open_package, verify_package
    from app.services.receiver import office_dir

    path = Path(args.file)
    try:
        public = public_key_from_file(args.pubkey)
        data = path.read_bytes()
        identity = None
        if is_age(data):
            if not args.identity_passphrase_file:
                raise PackageRefused("needs_identity", _("Gói {file} được mã hóa: cần --identity-passphrase-file (mật "
                                                         "khẩu khóa giải mã của cơ quan tiếp nhận).").format(file=path.name))
            identity = load_identity(office_dir(app_paths.current()), read_passphrase_file(args.identity_passphrase_file))
        opened = open_package(data, identity=identity, file_name=path.name)
        verified = verify_package(opened, lambda key_id: RegisteredKey(public, opened.commune_code)
                                  if key_id == _key_id(public) else None)
    except OSError as exc:
        print(_("Không đọc được tệp {file}: {reason}").format(file=path, reason=exc.strerror or exc), file=sys.stderr)
        return 2
    except (PackageRefused, KeyProblem, AgeIdentityProblem) as exc:
        print(_("KHÔNG HỢP LỆ: {reason}").format(reason=exc), file=sys.stderr)
        return 2
    m = opened.manifest
    if args.json:
        emit_json({"valid": True, "package_id": opened.package_id, "commune_code": opened.commune_code,
                   "commune_name": m["sender"].get("commune_name"), "year": opened.year, "sequence": opened.sequence,
                   "content": opened.content, "key_id": opened.key_id, "encrypted": opened.encrypted,
                   "trusted_comment": verified.trusted_comment, "sha256": opened.sha256,
                   "files": [{"path": f["path"], "bytes": f["bytes"], "sha256": f["sha256"]} for f in m["files"]]})
        return 0
    print(_("HỢP LỆ: gói của {name} ({code}), năm {year}, số thứ tự {seq}, nội dung {content}, ký bằng khóa {key_id}.").format(
        name=m["sender"].get("commune_name"), code=opened.commune_code, year=opened.year, seq=opened.sequence,
        content=opened.content, key_id=opened.key_id))
    print(_("Lời chú thích tin cậy: {comment}").format(comment=verified.trusted_comment))
    for f in m["files"]:
        print(f"  {f['path']}  {f['bytes']} B  sha256 {f['sha256']}  OK")
    return 0


def _key_id(public) -> str:
    from app.crypto.keys import key_id_of

    return key_id_of(public)


add_package_subcommand("verify", _("Kiểm tra một gói dữ liệu: chữ ký của xã (--pubkey), mã băm từng tệp, cấu trúc "
                                   "ZIP an toàn."), _configure, _run)
