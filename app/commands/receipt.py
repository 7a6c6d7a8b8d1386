"""``receipt import FILE``: mark a sent package as received (or refused) from the receiving office's
signed receipt (``.tthtcd-receipt``). Exit codes: 0 recorded, 2 refused (why, in Vietnamese)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import command, emit_json, open_db
from app.i18n import _


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("import",), help=_("việc cần làm: import"))
    p.add_argument("file", metavar=_("TỆP"), help=_("tệp biên nhận .tthtcd-receipt"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


@command("receipt", _("Nhập biên nhận của cơ quan tiếp nhận (import TỆP): đánh dấu gói đã gửi là đã nhận."),
         _configure)
def cmd_receipt(args: argparse.Namespace) -> int:
    from app.crypto.keys import KeyProblem
    from app.services.packages import PackageProblem, import_receipt

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        print(_("Không đọc được tệp {file}: {reason}").format(file=args.file, reason=exc.strerror), file=sys.stderr)
        return 2
    db = open_db()
    try:
        info = import_receipt(db, data)
    except (PackageProblem, KeyProblem) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        db.dispose()
    if args.json:
        emit_json({"sequence": info.sequence, "file_name": info.file_name, "status": info.status,
                   "result": info.receipt_result, "reason": info.receipt_reason or None,
                   "verified": info.receipt_verified})
    if info.status == "refused":
        print(_("Cơ quan tiếp nhận đã TỪ CHỐI gói {file}: {reason}").format(
            file=info.file_name, reason=info.receipt_reason or "—"), file=sys.stderr)
    else:
        print(_("Đã ghi nhận: cơ quan tiếp nhận đã nhận gói {file}.").format(file=info.file_name), file=sys.stderr)
    return 0
