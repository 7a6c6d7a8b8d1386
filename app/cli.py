"""Console commands: the same services as the window, for scripts, tests and benchmarks.

Each command is a function ``(args) -> exit code`` registered with :func:`command`. Messages go
to stderr in the current language; ``--json`` output goes to stdout as UTF-8.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app import __version__, paths
from app.i18n import _

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(name: str, help_text: str, configure: Callable[[argparse.ArgumentParser], None] | None = None):
    """Register ``handler`` as ``python -m app <name>``."""

    def deco(handler: Handler) -> Handler:
        _COMMANDS[name] = (help_text, configure or (lambda p: None), handler)
        return handler

    return deco


def build_parser() -> argparse.ArgumentParser:
    _load_command_modules()
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description=_("Phần mềm Trung tâm học tập cộng đồng. Không có lệnh: mở cửa sổ chương trình."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", help=_("thư mục dữ liệu (mặc định: thư mục dữ liệu của người dùng)"))
    parser.add_argument("--lang", choices=["vi", "en"], help=_("ngôn ngữ giao diện"))
    sub = parser.add_subparsers(dest="command", metavar=_("LỆNH"))
    for name, (help_text, configure, _handler) in _COMMANDS.items():
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def _load_command_modules() -> None:
    """Import modules that register further commands (features added by later work)."""
    import importlib

    for mod in ("app.commands",):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def run_command(args: argparse.Namespace) -> int:
    from app.db import DatabaseTooNew

    handler = _COMMANDS[args.command][2]
    try:
        return handler(args)
    except DatabaseTooNew as exc:
        print(too_new_message(exc.revision), file=sys.stderr)
        return 3


def too_new_message(revision: str) -> str:
    return _(
        "Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của chương trình (lược đồ {rev}). "
        "Hãy cài phiên bản mới nhất rồi mở lại; dữ liệu không bị thay đổi."
    ).format(rev=revision)


def open_db():
    from app.db import open_database

    return open_database(paths.current())


def emit_json(data) -> None:
    sys.stdout.buffer.write(json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8"))
    sys.stdout.buffer.write(b"\n")


def _progress(label: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{label}: {done}/{total}", end="", file=sys.stderr, flush=True)

    return report


# ---------------------------------------------------------------- registry commands


def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--households", type=int, default=2000, help=_("số hộ gia đình (mặc định 2000)"))
    p.add_argument("--seed", type=int, default=None, help=_("hạt giống ngẫu nhiên, để tạo lại đúng dữ liệu"))


@command("demo", _("Tạo dữ liệu mẫu của một xã trên cơ sở dữ liệu trống."), _configure_demo)
def cmd_demo(args: argparse.Namespace) -> int:
    from app.services import demo

    db = open_db()
    start = time.perf_counter()
    try:
        counts = demo.generate(db, args.households, args.seed, report=_progress(_("Đang tạo")))
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if sys.stderr.isatty():
        print(file=sys.stderr)
    elapsed = time.perf_counter() - start
    print(_("Đã tạo {households} hộ, {persons} nhân khẩu, {villages} thôn, {clans} dòng họ, {units} đơn vị "
            "trong {sec:.1f} giây.").format(sec=elapsed, **counts), file=sys.stderr)
    return 0


def _configure_stats(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


@command("stats", _("In số lượng thôn, hộ, nhân khẩu, dòng họ, đơn vị."), _configure_stats)
def cmd_stats(args: argparse.Namespace) -> int:
    from app.services.stats import registry_counts

    counts = registry_counts(open_db())
    if args.json:
        emit_json(counts)
    else:
        labels = {"villages": _("Thôn, bản"), "households": _("Hộ gia đình"), "persons": _("Nhân khẩu"),
                  "persons_alive": _("Nhân khẩu đang sinh sống"), "clans": _("Dòng họ"), "units": _("Đơn vị")}
        for key, value in counts.items():
            print(f"{labels[key]}: {value}")
    return 0


@command("self-test", _("Kiểm tra chương trình: tạo cơ sở dữ liệu tạm, phông chữ, bản dịch."))
def cmd_self_test(args: argparse.Namespace) -> int:
    from app import selftest

    with tempfile.TemporaryDirectory() as tmp:
        results = selftest.run(Path(tmp))
    failed = [r for r in results if not r.ok]
    for r in results:
        print(f"[{'OK' if r.ok else 'LỖI'}] {r.name}: {r.detail}")
    return 1 if failed else 0


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
        preview = preview_file(db, args.file, args.sheet, report=_progress(_("Đang đọc")))
    except WorkbookError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    result = None
    counts = preview.counts()
    if not args.dry_run and (counts["households_new"] or counts["households_update"]):
        result = commit(db, preview, report=_progress(_("Đang ghi")))
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
