"""Console commands for the centre's classes: list, figures, attendance sheets in and out, papers."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from app.cli import command, emit_json, open_db
from app.i18n import _

_ACTIONS = ("list", "figures", "import-attendance", "export-sheet", "print-plan", "print-sheet", "print-log")


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=_ACTIONS, help=_("việc cần làm: list, figures, import-attendance, export-sheet, "
                                                      "print-plan, print-sheet, print-log"))
    p.add_argument("file", nargs="?", metavar=_("TỆP"), help=_("bảng điểm danh .xlsx (import-attendance)"))
    p.add_argument("--year", type=int, help=_("năm"))
    p.add_argument("--class", dest="class_id", type=int, metavar=_("MÃ"), help=_("mã lớp (số)"))
    p.add_argument("--out", help=_("tệp sẽ ghi (.xlsx hoặc .pdf)"))
    p.add_argument("--dry-run", action="store_true", help=_("chỉ kiểm tra, không ghi (import-attendance)"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


class _UsageError(Exception):
    pass


def _need(args: argparse.Namespace, *names: str) -> None:
    missing = [("--" + n.replace("_id", "").replace("_", "-")) if n != "file" else _("TỆP") for n in names
               if getattr(args, n) in (None, "")]
    if missing:
        raise _UsageError(_("Lệnh classes {action} cần {opts}.").format(action=args.action, opts=", ".join(missing)))


@command("classes", _("Lớp học, chuyên đề: danh sách (list), số liệu năm (figures), nhập/xuất bảng điểm danh "
                      "(import-attendance, export-sheet), in kế hoạch, bảng điểm danh, sổ theo dõi."), _configure)
def cmd_classes(args: argparse.Namespace) -> int:
    from app.services.errors import NotFound

    handlers = {"list": _list, "figures": _figures, "import-attendance": _import, "export-sheet": _export,
                "print-plan": _print_plan, "print-sheet": _print_sheet, "print-log": _print_log}
    try:
        return handlers[args.action](args, open_db())
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except NotFound as exc:
        print(_("Không có lớp mã {id}.").format(id=exc), file=sys.stderr)
        return 2


def _list(args: argparse.Namespace, db) -> int:
    from app.services.classes import kind_name, list_classes

    _need(args, "year")
    rows = list_classes(db, args.year)
    if args.json:
        emit_json({"year": args.year, "classes": [{k: v for k, v in asdict(r).items() if k != "search_key"}
                                                  for r in rows]})
        return 0
    for r in rows:
        when = r.starts_on.strftime("%d/%m") if r.starts_on else "--/--"
        cancelled = _(" (đã hủy)") if r.cancelled else ""
        print(f"{r.id:>6}  {when}  {kind_name(r.kind):<10} {r.sessions:>3} {_('buổi')} {r.learners:>4} "
              f"{_('học viên')}  {r.title}{cancelled}")
    print(_("{n} lớp học, chuyên đề năm {year}.").format(n=len(rows), year=args.year), file=sys.stderr)
    return 0


def _figures(args: argparse.Namespace, db) -> int:
    from app.services.class_figures import year_figures

    _need(args, "year")
    fig = year_figures(db, args.year)
    if args.json:
        emit_json(asdict(fig))
        return 0
    t = fig.total
    print(_("Năm {year} (đến {day}): {classes} lớp học, {talks} chuyên đề, {sessions} buổi, {turnouts} lượt người, "
            "{learners} người học; {completed}/{enrolments} học viên hoàn thành.").format(
        year=fig.year, day=fig.as_of.strftime("%d/%m/%Y"), **asdict(t)))
    for topic in fig.by_topic:
        c = topic.counts
        print(f"  {topic.topic_name:<40} {c.classes:>4} {c.talks:>4} {c.sessions:>6} {c.turnouts:>8} {c.learners:>6}")
    return 0


def _import(args: argparse.Namespace, db) -> int:
    from app.services.class_sheets import import_attendance

    _need(args, "file")
    result = import_attendance(db, Path(args.file), args.class_id, args.dry_run)
    if args.json:
        emit_json(asdict(result))
    for p in result.problems:
        print(p.message, file=sys.stderr)
    if not result.ok:
        print(_("Không ghi gì: hãy sửa tệp rồi nhập lại."), file=sys.stderr)
        return 1
    if args.dry_run:
        print(_("Kiểm tra xong lớp “{title}”: {learners} học viên, {marks} ô điểm danh, {n} ô sẽ thay đổi.").format(
            title=result.title, learners=result.learners, marks=result.marks, n=result.changes), file=sys.stderr)
    else:
        print(_("Đã nhập điểm danh lớp “{title}”: {learners} học viên, {n} ô thay đổi.").format(
            title=result.title, learners=result.learners, n=result.saved.changed), file=sys.stderr)
    return 0


def _write(path: str, data: bytes) -> int:
    Path(path).write_bytes(data)
    print(_("Đã ghi {file}.").format(file=path), file=sys.stderr)
    return 0


def _export(args: argparse.Namespace, db) -> int:
    from app.services.class_sheets import export_attendance_xlsx

    _need(args, "class_id", "out")
    export_attendance_xlsx(db, args.class_id, Path(args.out))
    print(_("Đã ghi {file}.").format(file=args.out), file=sys.stderr)
    return 0


def _print_plan(args: argparse.Namespace, db) -> int:
    from app.services.class_print import plan_pdf

    _need(args, "year", "out")
    return _write(args.out, plan_pdf(db, args.year))


def _print_sheet(args: argparse.Namespace, db) -> int:
    from app.services.class_print import attendance_sheet_pdf

    _need(args, "class_id", "out")
    return _write(args.out, attendance_sheet_pdf(db, args.class_id))


def _print_log(args: argparse.Namespace, db) -> int:
    from app.services.class_print import class_log_pdf

    _need(args, "class_id", "out")
    return _write(args.out, class_log_pdf(db, args.class_id))
