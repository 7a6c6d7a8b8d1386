"""Issue 7 screens on a generated commune of 20,000 households with five years of rounds.

Run on demand: ./dev bench dashboard [--households N] [--data-dir DIR]. Measures, offscreen:

* Tổng quan opening: from creating the page to its figures on screen (target ≤ 500 ms), median
  of 5; and, inside it, gathering the figures (``load_dashboard``) on their own;
* switching the working year on the open page;
* Báo cáo: the key figures of the year's report, and So sánh các năm (every year's rates).
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from common import data_folder, has_demo, make_demo, ms, print_table


def figures(data_dir: Path) -> dict[str, float | str]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app import features, paths
    from app.db import open_database
    from app.ui.context import UiContext

    features.load()
    app = QApplication.instance() or QApplication([])
    from app.ui.fonts import load_fonts, ui_font
    from app.ui.theme import apply_theme

    load_fonts()
    app.setFont(ui_font(10))
    apply_theme(app)
    from app.services.report_figures import annual_summary, data_years, year_comparison
    from app.ui.pages.overview_page import OverviewPage
    from app.ui.pages.reports_page import ReportsPage
    from app.ui.reports.dashboard_data import load_dashboard

    p = paths.ensure(paths.Paths(data_dir))
    db = open_database(p)
    years = data_years(db)
    year = years[-1] if years else date.today().year
    out: dict[str, float | str] = {"years with rounds": " ".join(map(str, years)), "dashboard year": str(year)}
    ctx = UiContext(db, p, year)

    def wait(signal) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(30000, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    def open_dashboard() -> None:
        page = OverviewPage(ctx)
        page.resize(1090, 690)
        page.show()
        wait(page.refreshed)
        app.processEvents()
        page.close()
        page.deleteLater()

    open_dashboard()  # imports, fonts, caches
    out["Tổng quan opens, figures on screen (ms, median of 5; target ≤ 500)"] = ms(open_dashboard)
    out["  of which load_dashboard (ms)"] = ms(lambda: load_dashboard(db, year))
    out["  of which annual_summary (ms)"] = ms(lambda: annual_summary(db, year))
    page = OverviewPage(ctx)
    page.resize(1090, 690)
    page.show()
    wait(page.refreshed)

    def switch_year() -> None:
        ctx.set_year(year - 1 if ctx.year == year else year)
        wait(page.refreshed)
        app.processEvents()

    out["Tổng quan, change of working year (ms)"] = ms(switch_year, 4)
    page.close()
    reports = ReportsPage(ctx)
    reports.resize(1090, 690)
    reports.show()
    reports.tabs.setCurrentWidget(reports.report)
    out["Báo cáo năm tab, text and key figures (ms)"] = ms(reports.load_now)
    reports.tabs.setCurrentWidget(reports.comparison)
    out["So sánh các năm tab (ms)"] = ms(reports.load_now, 3)
    out["  of which year_comparison (ms)"] = ms(lambda: year_comparison(db), 3)
    db.dispose()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--households", type=int, default=20000)
    ap.add_argument("--data-dir", help="reuse a folder already filled by demo (else a temporary one)")
    args = ap.parse_args()
    data_dir = data_folder(args.data_dir)
    results: dict[str, float | str] = {}
    if not has_demo(data_dir):
        results[f"demo --households {args.households} (s)"] = make_demo(data_dir, args.households)
    results.update(figures(data_dir))
    print_table(results, decimals=1)


if __name__ == "__main__":
    main()
