"""Console commands for the registry: demo data, counts, self-test."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from app.cli import Handler, command, console_progress, emit_json, open_db  # noqa: F401
from app.i18n import _

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
        counts = demo.generate(db, args.households, args.seed, report=console_progress(_("Đang tạo")))
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


@command("self-test", _("Kiểm tra chương trình: tạo cơ sở dữ liệu tạm, phông chữ, bản dịch, in thử một giấy công nhận có mã QR."))
def cmd_self_test(args: argparse.Namespace) -> int:
    from app import selftest

    with tempfile.TemporaryDirectory() as tmp:
        results = selftest.run(Path(tmp))
    failed = [r for r in results if not r.ok]
    for r in results:
        print(f"[{'OK' if r.ok else 'LỖI'}] {r.name}: {r.detail}")
    return 1 if failed else 0


