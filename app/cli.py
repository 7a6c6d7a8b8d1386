"""Console commands: the same services as the window, for scripts, tests and benchmarks.

Each command is a function ``(args) -> exit code`` registered with :func:`command`. Messages go
to stderr in the current language; ``--json`` output goes to stdout as UTF-8.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

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
    """Register every feature's commands and hooks."""
    import app.commands  # noqa: F401
    from app import features

    features.load()


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


def console_progress(label: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{label}: {done}/{total}", end="", file=sys.stderr, flush=True)

    return report
