"""Console commands of the receiving office: ``python -m app receiver ACTION``.

Actions: ``init --passphrase-file F [--office-name …]``, ``recipient`` (prints ``age1…``),
``export-identity --out FILE``, ``slip --out FILE.pdf`` (the office's printable key slip), ``register-commune FILE.pub [--code … --name …]``,
``communes [--json]``, ``revoke-key KEYID --reason …``, ``import FILE|DIR … [--dry-run]
--passphrase-file F [--receipts DIR] [--json]``, ``packages [--year Y] [--json]``,
``change-passphrase --old F --new F``. Exit codes: 0 done, 2 refused (a clear Vietnamese message),
1 an import where some package was refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import paths as app_paths
from app.cli import command, emit_json
from app.i18n import N_, _

_ACTIONS = ("init", "recipient", "export-identity", "slip", "register-commune", "communes", "revoke-key", "import",
            "packages", "change-passphrase")


_EXTRA: dict = {}


def register_action(name: str, handler, configure=None) -> None:
    """Let another feature add ``python -m app receiver <name>`` (e.g. ``report``): ``handler(args,
    paths) -> exit code``; ``configure(parser)`` may add options (names must not clash). Call at
    import time of a module in ``app/commands``."""
    _EXTRA[name] = (handler, configure)


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=_ACTIONS + tuple(_EXTRA), help=_("việc cần làm"))
    for _handler, configure in _EXTRA.values():
        if configure is not None:
            configure(p)
    p.add_argument("targets", nargs="*", metavar=_("TỆP"), help=_("tệp .pub (register-commune), mã khóa "
                                                                 "(revoke-key), gói hoặc thư mục gói (import)"))
    p.add_argument("--passphrase-file", metavar=_("TỆP"), help=_("tệp chứa mật khẩu của cơ quan"))
    p.add_argument("--office-name", help=_("tên cơ quan tiếp nhận (init)"))
    p.add_argument("--province", help=_("tỉnh, thành phố của cơ quan (init, khi chưa khai báo ban đầu)"))
    p.add_argument("--out", metavar=_("TỆP"), help=_("tệp sẽ ghi (export-identity, slip)"))
    p.add_argument("--code", help=_("mã xã (register-commune)"))
    p.add_argument("--name", help=_("tên xã (register-commune)"))
    p.add_argument("--reason", help=_("lý do thu hồi khóa (revoke-key)"))
    p.add_argument("--dry-run", action="store_true", help=_("chỉ xem trước, không ghi gì (import)"))
    p.add_argument("--receipts", metavar=_("THƯ_MỤC"), help=_("thư mục ghi biên nhận (mặc định: <dữ liệu>/receipts)"))
    p.add_argument("--year", type=int, help=_("năm (packages)"))
    p.add_argument("--old", metavar=_("TỆP"), help=_("tệp mật khẩu hiện tại (change-passphrase)"))
    p.add_argument("--new", dest="new_file", metavar=_("TỆP"), help=_("tệp mật khẩu mới (change-passphrase)"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


class _Usage(Exception):
    pass


@command("receiver", _("Cơ quan tiếp nhận: tạo khóa (init), khóa nhận age1… (recipient), tệp định danh cho xã "
                       "(export-identity), phiếu khóa in (slip), đăng ký khóa xã (register-commune), danh sách xã (communes), thu hồi khóa "
                       "(revoke-key), nhập gói (import), gói đã nhận (packages)."), _configure)
def cmd_receiver(args: argparse.Namespace) -> int:
    from app.crypto.age_identity import AgeIdentityProblem
    from app.crypto.keys import KeyProblem
    from app.services.receiver import ReceiverError

    paths = app_paths.ensure(app_paths.current())
    try:
        handler = _HANDLERS.get(args.action) or _EXTRA[args.action][0]
        return handler(args, paths)
    except (KeyProblem, AgeIdentityProblem, ReceiverError, _Usage) as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _need(args, *names: str) -> None:
    missing = [f"--{n.replace('_', '-')}" for n in names if not getattr(args, n)]
    if missing:
        raise _Usage(_("Lệnh receiver {action} cần {opts}.").format(action=args.action, opts=", ".join(missing)))


def _passphrase(args) -> str:
    from app.crypto.keys import read_passphrase_file

    _need(args, "passphrase_file")
    return read_passphrase_file(args.passphrase_file)


def _db():
    from app.cli import open_db

    return open_db()


def _init(args, paths) -> int:
    from app.services.receiver import init_receiver

    passphrase = _passphrase(args)
    _set_up_receiver_mode(args)
    name = args.office_name or _profile_office_name()
    ident = init_receiver(paths, passphrase, name)
    print(_("Đã tạo khóa của cơ quan tiếp nhận. Khóa nhận (gửi cho các xã):"), file=sys.stderr)
    print(_("Mã khóa ký biên nhận: {key_id}").format(key_id=ident.key_id), file=sys.stderr)
    print(ident.age_recipient)
    return 0


def _set_up_receiver_mode(args) -> None:
    """A data folder with no profile yet becomes a receiving office's (as the set-up wizard's
    receiver mode does), so that its console and screens work; a commune's folder is refused."""
    from app.domain.reference import provinces_2025
    from app.domain.text import fold
    from app.services.setup import ProfileData, get_profile, save_profile

    db = _db()
    try:
        profile = get_profile(db)
        if profile is not None:
            if profile.mode != "receiver":
                raise _Usage(_("Thư mục dữ liệu này là của {commune}. Cơ quan tiếp nhận dùng một thư mục dữ liệu "
                               "riêng (--data-dir THƯ_MỤC).").format(commune=profile.commune_display))
            return
        _need(args, "office_name", "province")
        key = fold(args.province.strip())
        province = next((p for p in provinces_2025() if key in (p.code, fold(p.name), fold(p.full_name))), None)
        if province is None:
            raise _Usage(_("Không có tỉnh, thành phố “{name}” trong danh mục.").format(name=args.province))
        save_profile(db, ProfileData(mode="receiver", province_code=province.code, province_name=province.name,
                                     commune_name=args.office_name, commune_kind="",
                                     receiver_office_name=args.office_name))
    finally:
        db.dispose()


def _profile_office_name() -> str:
    try:
        db = _db()
    except Exception:  # noqa: BLE001 - the office can be set up before the database
        return ""
    try:
        from app.services.setup import get_profile

        profile = get_profile(db)
        return (profile.commune_name or profile.receiver_office_name) if profile else ""
    finally:
        db.dispose()


def _recipient(args, paths) -> int:
    from app.services.receiver import receiver_identity

    print(receiver_identity(paths).age_recipient)
    return 0


def _export_identity(args, paths) -> int:
    from app.services.receiver import write_receiver_file

    _need(args, "out")
    out = write_receiver_file(paths, None, args.out)
    print(_("Đã ghi tệp định danh của cơ quan tiếp nhận: {file}").format(file=out), file=sys.stderr)
    return 0


def _slip(args, paths) -> int:
    from app.services.receiver import receiver_slip_pdf

    _need(args, "out")
    db = None
    try:
        db = _db()
    except Exception:  # noqa: BLE001 - the slip needs only the office's files; the profile is a bonus
        db = None
    try:
        data = receiver_slip_pdf(paths, db)
    finally:
        if db is not None:
            db.dispose()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(_("Đã ghi phiếu khóa của cơ quan: {file}. In, ký, đóng dấu rồi gửi cho các xã.").format(file=out),
          file=sys.stderr)
    return 0


def _register(args, paths) -> int:
    from app.services.receiver import register_commune

    if len(args.targets) != 1:
        raise _Usage(_("Lệnh receiver register-commune cần đúng một tệp khóa công khai (.pub)."))
    try:
        text = Path(args.targets[0]).read_bytes()
    except OSError as exc:
        raise _Usage(_("Không đọc được tệp {file}.").format(file=args.targets[0])) from exc
    db = _db()
    try:
        info = register_commune(db, text, args.code, args.name)
    finally:
        db.dispose()
    print(_("Đã đăng ký khóa mã {key_id} cho xã {code}. Hãy đối chiếu mã khóa này với phiếu khóa có chữ ký, "
            "đóng dấu của xã.").format(key_id=info.key_id, code=info.commune_code), file=sys.stderr)
    print(info.key_id)
    return 0


def _communes(args, paths) -> int:
    from app.services.receiver import list_communes

    db = _db()
    try:
        found = list_communes(db)
    finally:
        db.dispose()
    if args.json:
        emit_json([{"code": c.code, "name": c.name, "province_name": c.province_name, "last_sequence": c.last_sequence,
                    "last_received_at": c.last_received_at, "years": list(c.years),
                    "keys": [{"key_id": k.key_id, "status": k.status, "registered_at": k.registered_at,
                              "changed_at": k.changed_at, "reason": k.reason} for k in c.keys]} for c in found])
        return 0
    if not found:
        print(_("Chưa đăng ký xã nào."), file=sys.stderr)
    for c in found:
        keys = ", ".join(f"{k.key_id} ({k.status})" for k in c.keys)
        print(f"{c.code}\t{c.name}\t{_('số thứ tự gói cuối')}: {c.last_sequence or '-'}\t{keys}")
    return 0


def _revoke(args, paths) -> int:
    from app.services.receiver import revoke_key

    if len(args.targets) != 1:
        raise _Usage(_("Lệnh receiver revoke-key cần đúng một mã khóa."))
    _need(args, "reason")
    db = _db()
    try:
        info = revoke_key(db, args.targets[0], args.reason)
    finally:
        db.dispose()
    print(_("Đã thu hồi khóa {key_id} của xã {code}.").format(key_id=info.key_id, code=info.commune_code),
          file=sys.stderr)
    return 0


def _import(args, paths) -> int:
    from app.cli import console_progress
    from app.services.receiver_import import import_packages, results_json

    if not args.targets:
        raise _Usage(_("Lệnh receiver import cần tệp gói hoặc thư mục gói."))
    passphrase = _passphrase(args) if args.passphrase_file or not args.dry_run else None
    db = _db()
    try:
        results = import_packages(db, paths, args.targets, passphrase, dry_run=args.dry_run,
                                  report=console_progress(_("Nhập gói")), receipts_dir=args.receipts)
    finally:
        db.dispose()
    if args.json:
        emit_json(results_json(results))
    else:
        _print_results(results)
    if not results:
        print(_("Không tìm thấy gói dữ liệu nào (*.tthtcd, *.tthtcd.age)."), file=sys.stderr)
        return 2
    return 1 if any(r.status == "refused" for r in results) else 0


_STATUS = {"imported": N_("ĐÃ NHẬP"), "already_imported": N_("ĐÃ NHẬN TRƯỚC ĐÓ"), "refused": N_("TỪ CHỐI"),
           "would_import": N_("SẼ NHẬP")}


def _print_results(results) -> None:
    for r in results:
        p = r.preview
        head = Path(r.file).name
        if p is not None:
            head += "  " + _("xã {code} {name}, năm {year}, nội dung {content}, số thứ tự {seq}").format(
                code=p.commune_code, name=p.commune_name, year=p.year, content=p.content, seq=p.sequence)
        print(f"[{_(_STATUS[r.status]) if r.status in _STATUS else r.status}] {head}")
        if r.reason and r.status == "refused":
            print(f"    {r.reason}")
        if p is not None:
            for line in p.changes:
                print(f"    - {line}")
        if r.receipt_path:
            print("    " + _("Biên nhận: {file}").format(file=r.receipt_path))


def _packages(args, paths) -> int:
    from app.services.receiver import received_packages

    db = _db()
    try:
        found = received_packages(db, args.year)
    finally:
        db.dispose()
    if args.json:
        emit_json([r.__dict__ for r in found])
        return 0
    for r in found:
        print(f"{r.received_at:%Y-%m-%d %H:%M}\t{r.commune_code}\t{r.year}\t#{r.sequence}\t{r.content}\t{r.file_name}")
    return 0


def _change(args, paths) -> int:
    from app.crypto.keys import read_passphrase_file
    from app.services.receiver import change_passphrase

    _need(args, "old", "new_file")
    change_passphrase(paths, read_passphrase_file(args.old), read_passphrase_file(args.new_file))
    print(_("Đã đổi mật khẩu của cơ quan tiếp nhận."), file=sys.stderr)
    return 0


_HANDLERS = {"init": _init, "recipient": _recipient, "export-identity": _export_identity, "slip": _slip,
             "register-commune": _register, "communes": _communes, "revoke-key": _revoke, "import": _import,
             "packages": _packages, "change-passphrase": _change}
