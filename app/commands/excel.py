"""Console commands for Excel: import-excel, export-excel."""

from __future__ import annotations

import argparse
import sys

from app.cli import Handler, command, console_progress, emit_json, open_db  # noqa: F401
from app.i18n import _

# ---------------------------------------------------------------- Excel import and export


def _configure_import_excel(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar=_("TỆP"), help=_("tệp Excel .xlsx hoặc .xls"))
    p.add_argument("--sheet", action="append", metavar=_("TÊN"), help=_("chỉ đọc trang này (có thể lặp lại)"))
    p.add_argument("--dry-run", action="store_true", help=_("chỉ xem trước, không ghi vào cơ sở dữ liệu"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


@command("import-excel", _("Nhập danh sách hộ gia đình từ tệp Excel (xem trước với --dry-run). "
                          "Mã thoát: 0 nhận hết, 1 có dòng bị từ chối, 2 tệp bị từ chối."), _configure_import_excel)
def cmd_import_excel(args: argparse.Namespace) -> int:
    from app.exchange.households_import import WorkbookError, commit, preview_file, sheet_names

    db = open_db()
    try:
        if args.sheet:
            known = [name for name, _hidden in sheet_names(args.file)]
            missing = [s for s in args.sheet if s not in known]
            if missing:
                print(_("Không có trang {missing} trong tệp. Các trang: {known}.").format(
                    missing=", ".join(f"“{m}”" for m in missing), known=", ".join(known)), file=sys.stderr)
                return 2
        preview = preview_file(db, args.file, args.sheet, report=console_progress(_("Đang đọc")))
    except WorkbookError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    result = None
    counts = preview.counts()
    if not args.dry_run and (counts["households_new"] or counts["households_update"]):
        result = commit(db, preview, report=console_progress(_("Đang ghi")))
        if sys.stderr.isatty():
            print(file=sys.stderr)
    report = _import_report(preview, result, args.dry_run)
    if args.json:
        emit_json(report)
    else:
        _print_import_report(report)
    return 1 if report["counts"]["rows_refused"] else 0


def _import_report(preview, result, dry_run: bool) -> dict:
    """The plain dictionary printed by import-excel (and its --json output)."""
    sheets = []
    for s in preview.plan.sheets:
        sheets.append({
            "name": s.name, "header_row": s.guess.header_row, "data_row": s.data_row, "layout": s.layout,
            "mapping": s.mapping.describe(), "village": s.village, "village_source": s.village_source,
            "legacy": {"converted": s.legacy.converted, "samples": [
                {"row": r, "before": before, "after": after} for r, _c, before, after in s.legacy.samples]},
            "households": len(s.households), "persons": len(s.persons), "ignored_rows": s.ignored_rows,
        })
    return {
        "file": str(preview.plan.path), "dry_run": dry_run, "sheets": sheets,
        "skipped_sheets": [{"name": n, "reason": r} for n, r in preview.plan.skipped_sheets],
        "counts": preview.counts(), "by_sheet": preview.summary("sheet"), "by_village": preview.summary("village"),
        "new_villages": preview.new_villages,
        "problems": [{"sheet": p.sheet, "row": p.row, "field": p.field, "level": p.level, "message": p.message,
                      "text": p.text} for p in preview.problems()],
        "committed": result is not None,
        "result": None if result is None else {
            "villages_created": result.villages_created, "households_created": result.households_created,
            "households_updated": result.households_updated, "persons_created": result.persons_created,
            "persons_updated": result.persons_updated, "rows_refused": result.rows_refused,
            "backup": str(result.backup or "")},
    }


def _print_import_report(report: dict) -> None:
    def line(c: dict) -> str:
        return _("hộ: {hn} mới, {hu} cập nhật, {hs} không đổi; nhân khẩu: {pn} mới, {pu} cập nhật, "
                 "{ps} không đổi").format(hn=c["households_new"], hu=c["households_update"],
                                          hs=c["households_unchanged"], pn=c["persons_new"], pu=c["persons_update"],
                                          ps=c["persons_unchanged"])

    for s in report["sheets"]:
        legacy = ", ".join(f"{k.upper()} {v}" for k, v in s["legacy"]["converted"].items())
        print(_("Trang “{name}”: bảng từ dòng {row}, {h} hộ, {p} nhân khẩu{legacy}").format(
            name=s["name"], row=s["data_row"], h=s["households"], p=s["persons"],
            legacy=_(" (đã chuyển mã {x} ô)").format(x=legacy) if legacy else ""))
        print("  " + line(report["by_sheet"].get(s["name"], report["counts"])))
    for s in report["skipped_sheets"]:
        print(_("Trang “{name}”: bỏ qua. {reason}").format(**s))
    for village, c in report["by_village"].items():
        print(_("Thôn, bản “{name}”: {counts}").format(name=village, counts=line(c)))
    if report["new_villages"]:
        print(_("Thôn, bản mới sẽ được tạo: {names}").format(names=", ".join(report["new_villages"])))
    for p in report["problems"]:
        label = _("LỖI") if p["level"] == "error" else _("Lưu ý")
        print(f"[{label}] " + _("Trang “{sheet}”, {text}").format(sheet=p["sheet"], text=p["text"][:1].lower()
                                                                   + p["text"][1:]))
    c = report["counts"]
    print(_("Tổng: {counts}; {refused} dòng bị từ chối.").format(counts=line(c), refused=c["rows_refused"]))
    if report["committed"]:
        print(_("Đã ghi vào cơ sở dữ liệu (bản sao lưu trước khi nhập: {backup}).").format(
            backup=report["result"]["backup"]))
    elif report["dry_run"]:
        print(_("Chỉ xem trước (--dry-run): chưa ghi gì."))


def _configure_export_excel(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", required=True, choices=["households", "persons", "villages", "clans", "units"],
                   help=_("danh sách cần xuất"))
    p.add_argument("--village", metavar=_("TÊN"), help=_("chỉ nhân khẩu của thôn, bản này (với --list persons)"))
    p.add_argument("--sex", choices=["M", "F"], help=_("chỉ nam (M) hoặc nữ (F) (với --list persons)"))
    p.add_argument("file", metavar=_("TỆP"), help=_("tệp .xlsx sẽ ghi"))


@command("export-excel", _("Xuất một danh sách ra tệp Excel .xlsx."), _configure_export_excel)
def cmd_export_excel(args: argparse.Namespace) -> int:
    from app.domain.text import fold
    from app.exchange.excel_export import export_list
    from app.services.persons import PersonFilter
    from app.services.villages import list_villages

    db = open_db()
    filters = None
    if args.list == "persons" and (args.village or args.sex):
        village_id = None
        if args.village:
            village_id = next((v.id for v in list_villages(db) if fold(v.name) == fold(args.village)), None)
            if village_id is None:
                print(_("Không có thôn, bản “{name}”.").format(name=args.village), file=sys.stderr)
                return 1
        filters = PersonFilter(village_id=village_id, sex=args.sex or "")
    try:
        result = export_list(db, args.list, args.file, filters)
    except OSError as exc:
        print(_("Không ghi được tệp {file}: {reason}").format(file=args.file, reason=exc.strerror or exc),
              file=sys.stderr)
        return 1
    print(_("Đã xuất {rows} dòng ({sheets} trang) vào {file}.").format(rows=result.rows, sheets=result.sheets,
                                                                      file=result.path), file=sys.stderr)
    return 0


