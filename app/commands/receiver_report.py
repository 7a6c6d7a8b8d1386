"""``receiver report --year Y --out FILE.pdf|FILE.xlsx [--json]``: the receiving office's area
report (the commune report's format, the communes as rows) and, with ``--json``, its figures
(:func:`app.services.consolidation.area_summary`) on stdout.

:func:`configure` and :func:`run` are what the ``receiver`` command group calls for its
``report`` subcommand (registered through :func:`app.commands.receiver.register_action`; the
group's parser already has ``--year``, ``--out`` and ``--json``); exit code 2 for refusals (with a
Vietnamese message on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import emit_json, open_db
from app.commands.receiver import register_action
from app.i18n import _


class _Refused(Exception):
    pass


def run(args: argparse.Namespace, _paths=None) -> int:
    try:
        return _run(args)
    except _Refused as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from app.services import consolidation
    from app.services.setup import get_profile

    if args.year is None:
        raise _Refused(_("Lệnh receiver report cần --year."))
    if not args.json and not args.out:
        raise _Refused(_("Lệnh receiver report cần --out TỆP (.pdf, .xlsx) hoặc --json."))
    suffix = Path(args.out).suffix.lower() if args.out else ""
    if args.out and suffix not in (".pdf", ".xlsx"):
        raise _Refused(_("Tệp báo cáo phải có đuôi .pdf hoặc .xlsx: {file}").format(file=args.out))
    db = open_db()
    try:
        profile = get_profile(db)
        if profile is None or profile.mode != "receiver":
            raise _Refused(_("Báo cáo tổng hợp chỉ lập được ở chế độ cơ quan tiếp nhận; thư mục dữ liệu này "
                             "là của một xã."))
        summary = consolidation.area_summary(db, args.year)
        if args.out:
            data = (consolidation.area_report_pdf(db, args.year) if suffix == ".pdf"
                    else consolidation.area_report_xlsx(db, args.year))
            try:
                Path(args.out).write_bytes(data)
            except OSError as exc:
                raise _Refused(_("Không ghi được tệp {file}: {reason}").format(
                    file=args.out, reason=exc.strerror or exc)) from exc
            sent = len(summary["communes"]) - len(summary["communes_missing"])
            print(_("Đã ghi {file}: {sent}/{total} xã, phường đã gửi gói năm {year}.").format(
                file=args.out, sent=sent, total=len(summary["communes"]), year=args.year), file=sys.stderr)
        if args.json:
            emit_json(summary)
    finally:
        db.dispose()
    return 0


register_action("report", run)
