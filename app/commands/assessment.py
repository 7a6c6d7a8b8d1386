"""Console commands for assessment rounds and criteria sets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import Handler, command, console_progress, emit_json, open_db  # noqa: F401
from app.i18n import _

_ROUND_ACTIONS = ("status", "decide", "import-scores", "export-scores")
_TITLE_CODES = ("GDHT", "DHHT", "CDHT_THON", "DVHT", "CDHT_CONG_DAN")
_GROUP_CODES = ("community", "workers", "officials", "pupils")


def _configure_round(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=_ROUND_ACTIONS, help=_("việc cần làm: status, decide, import-scores, export-scores"))
    p.add_argument("file", nargs="?", metavar=_("TỆP"), help=_("phiếu chấm điểm .xlsx (import-scores)"))
    p.add_argument("--year", type=int, help=_("năm đánh giá"))
    p.add_argument("--title", choices=_TITLE_CODES, help=_("danh hiệu"))
    p.add_argument("--target-group", choices=_GROUP_CODES, help=_("nhóm đối tượng (Công dân học tập)"))
    p.add_argument("--village", metavar=_("THÔN"), help=_("tên, mã hoặc số của thôn, bản"))
    p.add_argument("--number", help=_("số quyết định, ví dụ 125/QĐ-UBND"))
    p.add_argument("--date", help=_("ngày quyết định (dd/mm/yyyy)"))
    p.add_argument("--signer", help=_("họ tên người ký"))
    p.add_argument("--position", default=None, help=_("chức vụ người ký"))
    p.add_argument("--out", help=_("tệp .xlsx sẽ ghi (export-scores)"))
    p.add_argument("--dry-run", action="store_true", help=_("chỉ kiểm tra, không ghi (import-scores)"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


@command("round", _("Đợt đánh giá: tình hình (status), ra quyết định công nhận (decide), xuất và nhập phiếu chấm "
                    "điểm (export-scores, import-scores)."), _configure_round)
def cmd_round(args: argparse.Namespace) -> int:
    from app.services.errors import NotFound, ValidationFailed

    handlers = {"status": _round_status, "decide": _round_decide, "import-scores": _round_import,
                "export-scores": _round_export}
    try:
        return handlers[args.action](args, open_db())
    except ValidationFailed as exc:
        for p in exc.problems:
            print(p.message, file=sys.stderr)
        return 1
    except (NotFound, _UsageError) as exc:
        print(str(exc), file=sys.stderr)
        return 2


class _UsageError(Exception):
    pass


def _need(args: argparse.Namespace, *names: str) -> None:
    missing = [f"--{n.replace('_', '-')}" for n in names if getattr(args, n) in (None, "")]
    if missing:
        raise _UsageError(_("Lệnh round {action} cần {opts}.").format(action=args.action, opts=", ".join(missing)))


def _village_arg(db, args: argparse.Namespace) -> int | None:
    from app.services.decisions import find_village

    if not args.village:
        return None
    vid = find_village(db, args.village)
    if vid is None:
        raise _UsageError(_("Không có thôn, bản “{name}”.").format(name=args.village))
    return vid


def _round_of(db, args: argparse.Namespace):
    from app.services.rounds import list_rounds

    _need(args, "year", "title")
    found = [r for r in list_rounds(db, args.year) if r.title_code == args.title
             and (args.target_group is None or r.target_group == args.target_group)]
    if len(found) != 1:
        raise _UsageError(_("Chưa có đợt đánh giá {title} năm {year}.").format(title=args.title, year=args.year)
                          if not found else _("Có nhiều nhóm đối tượng; chọn --target-group."))
    return found[0]


def _round_status(args: argparse.Namespace, db) -> int:
    from dataclasses import asdict

    from app.services.decisions import overview

    _need(args, "year")
    vid = _village_arg(db, args)
    data = [asdict(t) for t in overview(db, args.year)]
    for t in data:
        t["villages"] = [v for v in t["villages"] if vid is None or v["village_id"] == vid]
    if args.json:
        emit_json({"year": args.year, "titles": data})
        return 0
    cols = ("exist", "registered", "scored", "passed", "decided")
    print(_("Năm {year}: có / đăng ký / đã chấm đủ / đạt / đã công nhận").format(year=args.year))
    for t in data:
        print(f"{t['title_name']:<32}" + "".join(f"{t['counts'][c]:>10}" for c in cols))
        for v in t["villages"] if vid is not None else []:
            print(f"  {v['village_name']:<30}" + "".join(f"{v['counts'][c]:>10}" for c in cols))
    return 0


def _parse_day(text: str):
    from datetime import datetime

    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise _UsageError(_("Ngày “{text}” không hợp lệ (dd/mm/yyyy).").format(text=text))


def _round_decide(args: argparse.Namespace, db) -> int:
    from app.services.decisions import decide
    from app.services.setup import get_profile

    _need(args, "year", "title", "number", "date", "signer")
    r = _round_of(db, args)
    position = args.position
    if position is None:
        profile = get_profile(db)
        match = [s for s in (profile.signers if profile else ()) if s.full_name == args.signer.strip()]
        position = match[0].position if match else ""
    result = decide(db, r.id, args.number, _parse_day(args.date), args.signer, position,
                    village_id=_village_arg(db, args), by=args.signer)
    d = result.decision
    if args.json:
        emit_json({"decision": d.number, "date": d.decided_on, "listed": result.listed, "amends": d.amends_number,
                   "warnings": list(result.warnings)})
    else:
        print(_("Đã ghi quyết định {number} ngày {day}: công nhận {n} {title} năm {year}.").format(
            number=d.number, day=d.decided_on.strftime("%d/%m/%Y"), n=result.listed, title=d.title_name,
            year=d.year), file=sys.stderr)
        for w in result.warnings:
            print(_("Lưu ý: {w}").format(w=w), file=sys.stderr)
    return 0


def _round_export(args: argparse.Namespace, db) -> int:
    from app.services.score_grid import export_sheet

    _need(args, "year", "title", "out")
    r = _round_of(db, args)
    n = export_sheet(db, r.id, Path(args.out), _village_arg(db, args))
    print(_("Đã xuất phiếu chấm điểm {n} đối tượng vào {file}.").format(n=n, file=args.out), file=sys.stderr)
    return 0


def _round_import(args: argparse.Namespace, db) -> int:
    from app.services.score_grid import import_sheet

    if not args.file:
        raise _UsageError(_("Lệnh round import-scores cần tệp .xlsx."))
    result = import_sheet(db, Path(args.file), dry_run=args.dry_run)
    if args.json:
        emit_json({"rows": result.rows, "changes": result.changes, "dry_run": result.dry_run})
    elif result.dry_run:
        print(_("Kiểm tra xong {rows} dòng: {n} điểm sẽ thay đổi; chưa ghi gì (--dry-run).").format(
            rows=result.rows, n=result.changes), file=sys.stderr)
    else:
        print(_("Đã nhập {rows} dòng: {n} điểm thay đổi.").format(rows=result.rows, n=result.changes), file=sys.stderr)
    return 0


def _configure_criteria(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("list", "import", "export", "confirm"), help=_("việc cần làm"))
    p.add_argument("file", nargs="?", metavar=_("TỆP"), help=_("tệp bộ tiêu chí .json (import, export)"))
    p.add_argument("--id", type=int, help=_("số của bộ tiêu chí (export, confirm)"))
    p.add_argument("--by", help=_("người xác nhận (confirm)"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


@command("criteria", _("Bộ tiêu chí: liệt kê, nhập, xuất tệp, xác nhận bộ mẫu."), _configure_criteria)
def cmd_criteria(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services import criteria_sets as cs
    from app.services.errors import NotFound, ValidationFailed

    db = open_db()
    try:
        if args.action == "list":
            rows = cs.list_sets(db)
            if args.json:
                emit_json([asdict(r) | {"label": r.label} for r in rows])
            for r in rows if not args.json else ():
                print(f"{r.id:>3}  {r.code} v{r.version}  {r.name_vi}" + (f"  [{r.label}]" if r.label else ""))
        elif args.action == "import":
            info = cs.import_set(db, Path(args.file or ""))
            print(_("Đã nhập bộ tiêu chí {name} (số {id}).").format(name=info.name_vi, id=info.id), file=sys.stderr)
        elif args.action == "export":
            cs.export_set(db, args.id, Path(args.file or ""))
        else:
            info = cs.confirm_set(db, args.id, args.by or "")
            print(_("Đã xác nhận bộ tiêu chí {name}.").format(name=info.name_vi), file=sys.stderr)
    except ValidationFailed as exc:
        for p in exc.problems:
            print(p.message, file=sys.stderr)
        return 1
    except (NotFound, TypeError):
        print(_("Không tìm thấy bộ tiêu chí; xem số bằng lệnh criteria list."), file=sys.stderr)
        return 2
    return 0

