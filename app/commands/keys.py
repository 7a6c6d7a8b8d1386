"""Console commands for the commune's signing key: ``keys init|list|export-public|change-passphrase``.

Passphrases are read only from files (the first line, without its line break). Exit codes: 0 done,
1 refused (a key exists already), 2 a file or key problem (wrong passphrase, missing key…).
"""

from __future__ import annotations

import argparse
import sys

from app import paths as app_paths
from app.cli import command, emit_json
from app.i18n import _

_ACTIONS = ("init", "list", "export-public", "change-passphrase", "slip", "backup", "restore")


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=_ACTIONS, help=_("việc cần làm: init, list, export-public, change-passphrase, "
                                                      "slip, backup, restore"))
    p.add_argument("file", nargs="?", metavar=_("TỆP"), help=_("tệp khóa bí mật đã sao lưu (restore)"))
    p.add_argument("--passphrase-file", metavar=_("TỆP"), help=_("tệp chứa mật khẩu của khóa (init)"))
    p.add_argument("--new-key", action="store_true",
                   help=_("tạo khóa mới dù đã có khóa (mất mật khẩu, đổi người giữ khóa); khóa cũ vẫn giữ (init)"))
    p.add_argument("--out", metavar=_("TỆP"), help=_("tệp khóa công khai sẽ ghi, ví dụ xa.pub (export-public); "
                                                  "phiếu khóa PDF (slip); thư mục sao lưu, ví dụ USB (backup)"))
    p.add_argument("--old", metavar=_("TỆP"), help=_("tệp chứa mật khẩu hiện tại (change-passphrase)"))
    p.add_argument("--new", dest="new_file", metavar=_("TỆP"), help=_("tệp chứa mật khẩu mới (change-passphrase)"))
    p.add_argument("--key-id", help=_("mã khóa (mặc định: khóa mới nhất)"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON (list)"))


@command("keys", _("Khóa ký của xã (ký mã QR giấy công nhận và gói dữ liệu): tạo (init), liệt kê (list), xuất khóa "
                   "công khai (export-public), đổi mật khẩu (change-passphrase --old TỆP --new TỆP), in phiếu khóa (slip --out "
                   "TỆP.pdf), sao lưu (backup --out THƯ_MỤC), khôi phục (restore TỆP --passphrase-file TỆP)."), _configure)
def cmd_keys(args: argparse.Namespace) -> int:
    from app.crypto.keys import KeyProblem
    from app.services.keys import KeyExists

    paths = app_paths.current()
    try:
        return _ACTION_HANDLERS[args.action](args, paths)
    except KeyExists as exc:
        print(str(exc), file=sys.stderr)
        print(_("Tạo khóa mới: python -m app keys init --passphrase-file TỆP --new-key"), file=sys.stderr)
        return 1
    except (KeyProblem, _Usage) as exc:
        print(str(exc), file=sys.stderr)
        return 2


class _Usage(Exception):
    pass


def _need(args: argparse.Namespace, *names: str) -> None:
    flags = {"new_file": "--new"}
    missing = [flags.get(n, f"--{n.replace('_', '-')}") for n in names if not getattr(args, n)]
    if missing:
        raise _Usage(_("Lệnh keys {action} cần {opts}.").format(action=args.action, opts=", ".join(missing)))


def _comment(paths) -> str:
    """The commune's name and code for the public key's comment (empty before set-up)."""
    from app.cli import open_db
    from app.services.setup import get_profile

    try:
        db = open_db()
    except Exception:  # noqa: BLE001 - a key can be made without a database
        return ""
    try:
        profile = get_profile(db)
    finally:
        db.dispose()
    return f"{profile.commune_display} {profile.commune_code}".strip() if profile else ""


def _init(args: argparse.Namespace, paths) -> int:
    from app.crypto.keys import read_passphrase_file
    from app.services.keys import init_key

    _need(args, "passphrase_file")
    info = init_key(paths, read_passphrase_file(args.passphrase_file), _comment(paths), new=args.new_key)
    print(_("Đã tạo khóa ký mã {key_id}.").format(key_id=info.key_id), file=sys.stderr)
    print(_("Khóa công khai (gửi cho cơ quan nhận): {file}").format(file=info.public_path), file=sys.stderr)
    print(info.public_key_text.rstrip())
    return 0


def _list(args: argparse.Namespace, paths) -> int:
    from app.services.keys import list_keys

    found = list_keys(paths)
    if args.json:
        emit_json([{"key_id": k.key_id, "created": k.created, "public_file": str(k.public_path),
                    "has_secret": k.secret_path.is_file(), "current": i == 0} for i, k in enumerate(found)])
        return 0
    if not found:
        print(_("Chưa có khóa ký nào. Tạo khóa: python -m app keys init --passphrase-file TỆP."), file=sys.stderr)
    for i, k in enumerate(found):
        mark = _(" (đang dùng)") if i == 0 else ""
        print(f"{k.key_id}  {k.created or '?'}  {k.public_path.name}{mark}")
    return 0


def _export(args: argparse.Namespace, paths) -> int:
    from app.services.keys import export_public_key

    _need(args, "out")
    info = export_public_key(paths, args.out, args.key_id)
    print(_("Đã ghi khóa công khai {key_id} vào {file}.").format(key_id=info.key_id, file=args.out), file=sys.stderr)
    return 0


def _change(args: argparse.Namespace, paths) -> int:
    from app.crypto.keys import read_passphrase_file
    from app.services.keys import change_passphrase

    _need(args, "old", "new_file")
    info = change_passphrase(paths, read_passphrase_file(args.old), read_passphrase_file(args.new_file), args.key_id)
    print(_("Đã đổi mật khẩu của khóa {key_id}.").format(key_id=info.key_id), file=sys.stderr)
    return 0


def _slip(args: argparse.Namespace, paths) -> int:
    from pathlib import Path

    from app.cli import open_db
    from app.services.errors import ValidationFailed
    from app.services.key_backup import key_slip_pdf

    _need(args, "out")
    db = open_db()
    try:
        pdf = key_slip_pdf(db, paths, args.key_id)
    except ValidationFailed as exc:
        raise _Usage(str(exc)) from exc
    finally:
        db.dispose()
    Path(args.out).write_bytes(pdf)
    print(_("Đã ghi phiếu khóa vào {file}.").format(file=args.out), file=sys.stderr)
    return 0


def _backup(args: argparse.Namespace, paths) -> int:
    from app.services.key_backup import backup_key

    _need(args, "out")
    result = backup_key(paths, args.out, args.key_id)
    for path in result.files:
        print(str(path))
    print(_("Đã sao lưu khóa {key_id} (khóa bí mật vẫn được mã hóa bằng mật khẩu).").format(key_id=result.key_id),
          file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace, paths) -> int:
    from app.crypto.keys import read_passphrase_file
    from app.services.key_backup import restore_key

    _need(args, "file", "passphrase_file")
    info = restore_key(paths, args.file, read_passphrase_file(args.passphrase_file))
    print(_("Đã khôi phục khóa {key_id}; chữ ký thử hợp lệ.").format(key_id=info.key_id), file=sys.stderr)
    return 0


_ACTION_HANDLERS = {"init": _init, "list": _list, "export-public": _export, "change-passphrase": _change,
                    "slip": _slip, "backup": _backup, "restore": _restore}
