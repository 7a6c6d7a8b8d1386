"""The annual report on a generated commune of 20,000 households with five years of rounds, classes
and the Sơn La targets (``demo --households 20000 --seed 1``; the issue's figures).

Run on demand: ./dev bench report [--households N] [--keep DIR]. Measures (median of runs):

* ``annual_summary`` of last year (target ≤ 1 s) and of this year;
* the annual report PDF (target ≤ 3 s, figures included) and the .xlsx;
* ``year_comparison`` over every year.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from common import generate_demo, ms, open_folder, print_table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--keep", help="write the PDF and .xlsx into this folder")
    args = parser.parse_args()

    from app import features

    features.load()
    from app.services.report_figures import annual_summary, year_comparison
    from app.services.report_print import annual_report_pdf, annual_report_xlsx

    figures: list[tuple[str, str]] = []
    last_year = date.today().year - 1
    with tempfile.TemporaryDirectory() as tmp:
        db = open_folder(Path(tmp))
        figures.append(("demo (registry, rounds, classes, targets)", f"{generate_demo(db, args.households):.1f} s"))
        db.optimize()
        s = annual_summary(db, last_year)
        gdht = s["titles"][0]
        figures.append((f"{last_year}: households / recognised GĐHT / villages",
                        f"{gdht['exist']} / {gdht['recognised']} / {len(s['villages'])}"))
        figures.append((f"annual_summary({last_year})", f"{ms(lambda: annual_summary(db, last_year)):.0f} ms"))
        figures.append((f"annual_summary({last_year + 1})", f"{ms(lambda: annual_summary(db, last_year + 1)):.0f} ms"))
        pdf = annual_report_pdf(db, last_year)
        figures.append((f"annual report PDF ({len(pdf) // 1024} KB), figures included",
                        f"{ms(lambda: annual_report_pdf(db, last_year), 3):.0f} ms"))
        figures.append(("annual report PDF from a computed summary",
                        f"{ms(lambda: annual_report_pdf(db, last_year, summary=s), 3):.0f} ms"))
        xlsx = annual_report_xlsx(db, last_year)
        figures.append((f"annual report .xlsx ({len(xlsx) // 1024} KB), figures included",
                        f"{ms(lambda: annual_report_xlsx(db, last_year), 3):.0f} ms"))
        years = year_comparison(db)
        figures.append((f"year_comparison ({len(years)} years)", f"{ms(lambda: year_comparison(db), 3):.0f} ms"))
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            (Path(args.keep) / "report.pdf").write_bytes(pdf)
            (Path(args.keep) / "report.xlsx").write_bytes(xlsx)
        db.dispose()
    print_table(figures)


if __name__ == "__main__":
    main()
