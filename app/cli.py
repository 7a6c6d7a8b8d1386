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
