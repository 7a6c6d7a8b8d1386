"""Issue 2 figures on a generated commune of 20,000 households (≈ 80,000 persons).

Run on demand: ./dev bench registry [--households N]. Prints a table of measured figures:
demo generation time and peak memory, launch to a usable window (median of 5), household and
person lists open, search keystroke refresh, column sort, and the window's memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
from pathlib import Path

from common import data_folder, has_demo, make_demo, ms, peak_mb, print_table, run_app


def peak_child_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def launch_times(data_dir: Path, n: int = 5) -> list[float]:
    times = []
    for _ in range(n):
        elapsed, out = run_app(data_dir, env_extra={"TTHTCD_EXIT_WHEN_READY": "1",
                                                   "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")})
        assert "READY" in out, out
        times.append(elapsed)
    return times


def in_window_figures(data_dir: Path) -> dict[str, float]:
    os.environ["APP_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app import paths
    from app.db import open_database
    from app.ui.context import UiContext
    from app.ui.pages.households_page import HouseholdsPage
    from app.ui.pages.persons_page import PersonsPage

    app = QApplication.instance() or QApplication([])
    p = paths.current()
    db = open_database(p)
    ctx = UiContext(db, p, 2026)
    figures: dict[str, float] = {}
    for name, cls in (("households", HouseholdsPage), ("persons", PersonsPage)):
        page = cls(ctx)
        page.resize(1200, 700)

        def open_page(page=page):
            page.reload()
            page.show()
            app.processEvents()

        figures[f"{name} list opens (ms)"] = ms(open_page)
        rows = len(page.model.rows)
        figures[f"{name} rows"] = rows
        def type_search(page=page, keystrokes=("n", "ng", "ng ", "ng t", "ng th", "ng th h")):
            for i, _k in enumerate(keystrokes):
                page.search.blockSignals(True)
                page.search.setText(keystrokes[i])
                page.search.blockSignals(False)
                page.apply_filter()
                app.processEvents()

        figures[f"{name} search, per keystroke (ms)"] = ms(type_search) / 6
        page.search.setText("")
        page.apply_filter()
        figures[f"{name} sort by name column (ms)"] = ms(
            lambda page=page: (page.model.sort(1, Qt.SortOrder.DescendingOrder), app.processEvents()))
        page.hide()
    figures["window process peak memory (MB)"] = peak_mb()
    db.dispose()
    return figures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--households", type=int, default=20000)
    ap.add_argument("--data-dir", help="reuse a folder already filled by demo")
    args = ap.parse_args()
    data_dir = data_folder(args.data_dir)
    results: dict[str, float] = {}
    if not has_demo(data_dir):
        results[f"demo --households {args.households} (s)"] = make_demo(data_dir, args.households)
        results["demo peak memory (MB)"] = peak_child_rss_mb()
    launches = launch_times(data_dir)
    results["launch to usable window, median of 5 (s)"] = statistics.median(launches)
    results["launch to usable window, all runs (s)"] = " ".join(f"{t:.2f}" for t in launches)
    results.update(in_window_figures(data_dir))
    print_table(results)


if __name__ == "__main__":
    main()
