"""The one place that wires things: arguments → paths → logging → language → database → window.

``python -m app`` opens the window; ``python -m app <command>`` runs the same services from a
console (see app.cli). Qt is imported only when the window is needed.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler

from app import paths
from app.cli import build_parser, run_command


def setup_logging(p: paths.Paths, verbose: bool = False) -> None:
    p.logs.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(p.logs / "tthtcd.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # ``--self-test`` (what an installer or a support call runs on the frozen build) = ``self-test``.
    argv = ["self-test" if a == "--self-test" else a for a in argv]
    args = build_parser().parse_args(argv)
    paths.configure(args.data_dir)
    if args.lang:
        from app.i18n import set_language

        set_language(args.lang)
    if args.command:
        return run_command(args)
    p = paths.ensure(paths.current())
    setup_logging(p)
    from app.ui.application import run_gui

    return run_gui(p, args)
