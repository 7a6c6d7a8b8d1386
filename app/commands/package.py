"""Console commands for the data package: ``package export|list|set-receiver|test-recipient`` and,
from other modules, more subcommands (``package verify`` lives in ``app/commands/package_verify.py``).

* ``package export --year Y --content summary|full --out DIR --passphrase-file F [--json]`` writes
  ``<commune>_<year>_<seq>.tthtcd[.age]`` into DIR and prints its name, size and SHA-256;
* ``package list [--json]`` — the sent packages, newest first;
* ``package set-receiver (--file OFFICE.tthtcd-receiver.json | --recipient age1… --office NAME)
  [--signing-key OFFICE.pub]`` — the receiving office;
* ``package test-recipient age1…`` — a test encryption.

Exit codes: 0 done, 2 refused (the Vietnamese reason on stderr).

**Hook for other modules**: :func:`add_package_subcommand` registers a subcommand of ``package``
(call it at import time; ``app/commands/__init__.py`` imports the module).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from app import paths as app_paths
from app.cli import command, emit_json, open_db
from app.i18n import _

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]

#: name → (help, configure, run); ``export`` and the others below register themselves here too.
_SUBCOMMANDS: dict[str, tuple[str, Configure, Run]] = {}


def add_package_subcommand(name: str, help_text: str, configure: Configure, run: Run) -> None:
    """Register ``python -m app package <name>``: ``configure(parser)`` adds its arguments,
    ``run(args) -> exit code`` does the work."""
    _SUBCOMMANDS[name] = (help_text, configure, run)


def _configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="package_action", metavar=_("VIỆC"), required=True)
    for name, (help_text, configure, _run) in _SUBCOMMANDS.items():
        configure(sub.add_parser(name, help=help_text, description=help_text))


@command("package", _("Gói dữ liệu gửi cơ quan tiếp nhận: xuất gói (export), danh sách đã gửi (list), cơ quan "
                      "tiếp nhận (set-receiver, test-recipient)."), _configure)
def cmd_package(args: argparse.Namespace) -> int:
    from app.crypto.keys import KeyProblem
    from app.exchange.package_schemas import SchemaProblem
    from app.exchange.package_write import Cancelled
    from app.services.errors import ValidationFailed
    from app.services.packages import PackageProblem

    try:
        return _SUBCOMMANDS[args.package_action][2](args)
    except ValidationFailed as exc:
        for problem in exc.problems:
            print(problem.message, file=sys.stderr)
        return 2
    except (PackageProblem, KeyProblem, SchemaProblem, Cancelled, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 2


# ---------------------------------------------------------------- export


def _configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help=_("năm của gói"))
    p.add_argument("--content", choices=("summary", "full"), default="summary",
                   help=_("summary: số liệu, danh sách công nhận, báo cáo năm; full: thêm toàn bộ dữ liệu (luôn mã hóa)"))
    p.add_argument("--out", required=True, metavar=_("THƯ_MỤC"), help=_("thư mục sẽ ghi gói (ví dụ USB)"))
    p.add_argument("--passphrase-file", required=True, metavar=_("TỆP"), help=_("tệp chứa mật khẩu khóa ký của xã"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


def _export(args: argparse.Namespace) -> int:
    from app.cli import console_progress
    from app.crypto.keys import read_passphrase_file
    from app.services.packages import export_package

    passphrase = read_passphrase_file(args.passphrase_file)
    db = open_db()
    try:
        info = export_package(db, app_paths.current(), args.year, args.content, args.out, passphrase,
                              report=console_progress(_("Đang ghi gói")))
    finally:
        db.dispose()
    if args.json:
        emit_json(_row(info))
    else:
        print(str(info.path))
    print(_("Đã ghi gói số {n}: {file} ({size} byte), SHA-256 {sha}.").format(
        n=info.sequence, file=info.path, size=info.size, sha=info.sha256), file=sys.stderr)
    return 0


def _row(info) -> dict:
    return {"sequence": info.sequence, "package_id": info.package_id, "file": str(info.path),
            "file_name": info.file_name, "year": info.year, "content": info.content, "size": info.size,
            "sha256": info.sha256, "encrypted": info.encrypted, "recipient": info.recipient or None,
            "office_name": info.office_name, "key_id": info.key_id, "status": info.status,
            "created_at": info.created_at, "receipt_result": info.receipt_result or None,
            "receipt_reason": info.receipt_reason or None}


# ---------------------------------------------------------------- list


def _configure_list(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


def _list(args: argparse.Namespace) -> int:
    from app.services.packages import list_sent

    db = open_db()
    try:
        rows = list_sent(db)
    finally:
        db.dispose()
    if args.json:
        emit_json([_row(r) for r in rows])
        return 0
    if not rows:
        print(_("Chưa gửi gói dữ liệu nào."), file=sys.stderr)
    for r in rows:
        print(f"{r.sequence:4d}  {r.year}  {r.content:7s}  {r.file_name or '-':32s}  {r.size:>10}  "
              f"{r.sha256[:16] or '-':16s}  {r.status_label}")
    return 0


# ---------------------------------------------------------------- receiving office


def _configure_receiver(p: argparse.ArgumentParser) -> None:
    p.add_argument("--file", metavar=_("TỆP"), help=_("tệp khóa của cơ quan tiếp nhận (.tthtcd-receiver.json)"))
    p.add_argument("--recipient", metavar="age1…", help=_("khóa nhận age1… của cơ quan tiếp nhận"))
    p.add_argument("--office", metavar=_("TÊN"), help=_("tên cơ quan tiếp nhận"))
    p.add_argument("--signing-key", metavar=_("TỆP.pub"), help=_("khóa công khai ký biên nhận của cơ quan tiếp nhận"))


def _set_receiver(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.services.packages import PackageProblem, read_receiver_file, set_receiver

    office, recipient, signing = args.office or "", args.recipient or "", ""
    if args.file:
        found = read_receiver_file(args.file)
        office, recipient, signing = office or found.office_name, found.age_recipient, found.signing_public_key
    if not recipient:
        raise PackageProblem(_("Cần --file TỆP hoặc --recipient age1…"))
    if args.signing_key:
        signing = Path(args.signing_key).read_text("utf-8")
    db = open_db()
    try:
        config = set_receiver(db, office, recipient, signing or None)
    finally:
        db.dispose()
    print(_("Đã lưu cơ quan tiếp nhận: {office} ({recipient}).").format(office=config.office_name,
                                                                       recipient=config.age_recipient),
          file=sys.stderr)
    return 0


def _configure_test(p: argparse.ArgumentParser) -> None:
    p.add_argument("recipient", metavar="age1…", help=_("khóa nhận cần thử"))


def _test(args: argparse.Namespace) -> int:
    from app.services.packages import test_encryption

    test_encryption(args.recipient)
    print(_("Mã hóa thử thành công: khóa nhận hợp lệ."), file=sys.stderr)
    return 0


add_package_subcommand("export", _("Xuất gói dữ liệu của một năm (ký số, mã hóa) vào một thư mục."),
                       _configure_export, _export)
add_package_subcommand("list", _("Danh sách gói đã gửi."), _configure_list, _list)
add_package_subcommand("set-receiver", _("Lưu cơ quan tiếp nhận và khóa nhận age1… của họ."), _configure_receiver,
                       _set_receiver)
add_package_subcommand("test-recipient", _("Mã hóa thử tới một khóa nhận age1…"), _configure_test, _test)
