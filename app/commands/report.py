"""Console commands of the annual report and its targets:

* ``report --year Y --json`` prints :func:`app.services.report_figures.annual_summary`;
  ``report --year Y --out FILE.pdf|FILE.xlsx`` writes the report; ``report --compare [--json]``
  prints the rate per title for every year;
* ``targets show --year Y [--json]``, ``targets set --year Y GDHT=70 DHHT=65 …`` (``KEY=`` removes),
  ``targets preset son-la --years 2025-2030 [--no-interpolate]``, ``targets presets``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import command, emit_json, open_db
from app.i18n import _, format_percent


class _UsageError(Exception):
    pass


def _configure_report(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help=_("năm báo cáo"))
    p.add_argument("--out", help=_("tệp sẽ ghi (.pdf hoặc .xlsx)"))
    p.add_argument("--json", action="store_true", help=_("in số liệu dạng JSON"))
    p.add_argument("--compare", action="store_true", help=_("so sánh tỷ lệ công nhận qua các năm"))


@command("report", _("Báo cáo kết quả xây dựng các mô hình học tập năm: số liệu (--json), tệp PDF hoặc Excel "
                     "(--out), so sánh qua các năm (--compare)."), _configure_report)
def cmd_report(args: argparse.Namespace) -> int:
    try:
        return _report(args)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _report(args: argparse.Namespace) -> int:
    from app.services.report_figures import annual_summary, year_comparison

    if args.compare:
        return _compare(year_comparison(open_db()), args.json)
    if args.year is None:
        raise _UsageError(_("Lệnh report cần --year."))
    if not args.json and not args.out:
        raise _UsageError(_("Lệnh report cần --json hoặc --out TỆP (.pdf, .xlsx)."))
    suffix = Path(args.out).suffix.lower() if args.out else ""
    if args.out and suffix not in (".pdf", ".xlsx"):
        raise _UsageError(_("Tệp báo cáo phải có đuôi .pdf hoặc .xlsx: {file}").format(file=args.out))
    db = open_db()
    summary = annual_summary(db, args.year)
    if args.out:
        from app.services.report_print import annual_report_pdf, annual_report_xlsx

        data = annual_report_pdf(db, args.year, summary=summary) if suffix == ".pdf" else \
            annual_report_xlsx(db, args.year, summary=summary)
        Path(args.out).write_bytes(data)
        print(_("Đã ghi {file}.").format(file=args.out), file=sys.stderr)
    if args.json:
        emit_json(summary)
    return 0


def _compare(rows, as_json: bool) -> int:
    from app.domain.criteria import TITLES, title_name

    if as_json:
        emit_json([{"year": y, "rates": rates} for y, rates in rows])
        return 0
    print(" " * 32 + "".join(f"{y:>9}" for y, _r in rows))
    for t in TITLES:
        print(f"{title_name(t)[:31]:<32}" + "".join(f"{format_percent(r.get(t)):>9}" for _y, r in rows))
    return 0


# ---------------------------------------------------------------- targets


def _configure_targets(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar=_("VIỆC"), required=True)
    show = sub.add_parser("show", help=_("xem chỉ tiêu của một năm"))
    show.add_argument("--year", type=int, help=_("năm"))
    show.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    put = sub.add_parser("set", help=_("nhập chỉ tiêu: KHÓA=phần trăm (GDHT=70 …; KHÓA= để xóa)"))
    put.add_argument("values", nargs="*", metavar=_("KHÓA=GIÁ_TRỊ"))
    put.add_argument("--year", type=int, help=_("năm"))
    put.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    pre = sub.add_parser("preset", help=_("đặt chỉ tiêu theo kế hoạch có sẵn (son-la, bac-kan, national-387)"))
    pre.add_argument("values", nargs="*", metavar=_("MÃ"))
    pre.add_argument("--year", type=int, help=_("năm"))
    pre.add_argument("--years", help=_("các năm: 2025-2030 hoặc 2025,2026"))
    pre.add_argument("--no-interpolate", action="store_true", help=_("không nội suy các năm ở giữa"))
    pre.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    lst = sub.add_parser("presets", help=_("các bộ chỉ tiêu có sẵn"))
    lst.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))


@command("targets", _("Chỉ tiêu theo năm: xem (show), nhập (set), lấy theo kế hoạch của tỉnh (preset), "
                      "danh sách các bộ chỉ tiêu có sẵn (presets)."), _configure_targets)
def cmd_targets(args: argparse.Namespace) -> int:
    from app.services.errors import NotFound, ValidationFailed

    try:
        return {"show": _show, "set": _set, "preset": _preset, "presets": _presets}[args.action](args)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ValidationFailed as exc:
        for p in exc.problems:
            print(p.message, file=sys.stderr)
        return 2
    except NotFound as exc:
        print(_("Không có bộ chỉ tiêu “{id}”. Xem: python -m app targets presets").format(id=exc), file=sys.stderr)
        return 2


def _need_year(args: argparse.Namespace) -> int:
    if args.year is None:
        raise _UsageError(_("Lệnh targets {action} cần --year.").format(action=args.action))
    return args.year


def _show(args: argparse.Namespace) -> int:
    from app.services.targets import TARGET_KEYS, source_label, target_label, target_sources, targets_for

    year = _need_year(args)
    db = open_db()
    values, sources = targets_for(db, year), target_sources(db, year)
    if args.json:
        emit_json({"year": year, "targets": values, "sources": sources})
        return 0
    for key in TARGET_KEYS:
        src = f"  ({source_label(sources[key])})" if key in sources else ""
        print(f"{key:<26} {format_percent(values[key]):>8}  {target_label(key)}{src}")
    return 0


def _parse_values(items: list[str]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep:
            raise _UsageError(_("Viết chỉ tiêu dạng KHÓA=phần trăm, ví dụ GDHT=70: {item}").format(item=item))
        raw = raw.strip().rstrip("%").replace(",", ".")
        try:
            out[key.strip()] = float(raw) if raw else None
        except ValueError:
            raise _UsageError(_("Không đọc được số: {item}").format(item=item)) from None
    if not out:
        raise _UsageError(_("Lệnh targets set cần ít nhất một KHÓA=phần trăm."))
    return out


def _set(args: argparse.Namespace) -> int:
    from app.services.targets import set_targets

    year = _need_year(args)
    set_targets(open_db(), year, _parse_values(args.values))
    print(_("Đã lưu chỉ tiêu năm {year}.").format(year=year), file=sys.stderr)
    return _show(args) if args.json else 0


def _parse_years(text: str | None, year: int | None) -> list[int]:
    if not text:
        if year is None:
            raise _UsageError(_("Lệnh targets preset cần --years (ví dụ 2025-2030) hoặc --year."))
        return [year]
    try:
        if "-" in text:
            a, b = (int(x) for x in text.split("-", 1))
            return list(range(min(a, b), max(a, b) + 1))
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise _UsageError(_("Không đọc được các năm: {text}").format(text=text)) from None


def _preset(args: argparse.Namespace) -> int:
    from app.services.targets import apply_preset, preset

    if len(args.values) != 1:
        raise _UsageError(_("Lệnh targets preset cần đúng một mã bộ chỉ tiêu (son-la, bac-kan, national-387)."))
    p = preset(args.values[0])
    done = apply_preset(open_db(), p.id, _parse_years(args.years, args.year), not args.no_interpolate)
    if args.json:
        emit_json({"preset": p.id, "years": {str(y): v for y, v in done.items()}})
    if not done:
        print(_("Không năm nào được đặt: bộ {preset} chỉ có các năm {years}.").format(
            preset=p.label, years=", ".join(map(str, p.year_list))), file=sys.stderr)
        return 2
    print(_("Đã đặt chỉ tiêu theo {preset} cho các năm {years}.").format(
        preset=p.label, years=", ".join(map(str, done))), file=sys.stderr)
    return 0


def _presets(args: argparse.Namespace) -> int:
    from app.services.targets import PRESETS

    if args.json:
        emit_json([{"id": p.id, "label": p.label, "source": p.source, "years": {str(y): dict(v) for y, v in p.years}}
                   for p in PRESETS])
        return 0
    for p in PRESETS:
        print(f"{p.id:<14} {p.label} ({', '.join(map(str, p.year_list))})")
    return 0
