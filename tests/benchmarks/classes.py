"""Classes and attendance on a generated commune of 20,000 households (the issue's figures).

Run on demand: ./dev bench classes [--households N] [--with-rounds]. Generates the registry (and,
with --with-rounds, the assessment rounds) in a temporary folder, then measures:

* the demo's classes filler alone: five years of about 300 classes, 3,000 sessions and 60,000
  marks a year (target: adds at most about 4 s to ``demo --households 20000``);
* the attendance grid data of a 40-learner, 20-session class (target: a few ms), the class panel
  opening it on screen (offscreen Qt, target ≤ 200 ms), and saving its 800 marks at once;
* the year's figures of last year (target ≤ 1 s), the year's plan and its PDF;
* a person's classes, the classes derivations over every person, the import of an Excel sheet.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

from common import generate_demo, ms, open_folder, print_table


def big_class(db, year: int) -> int:
    """A course of 20 weekly sessions with 40 adults, every mark recorded; its id."""
    from sqlalchemy import select

    from app.models import Person
    from app.services import class_attendance, class_enrolment, class_lists, classes

    topic = class_lists.list_topics(db)[0].id
    c = classes.create_class(db, classes.ClassData(topic, "Lớp đo thời gian", completion_percent=75),
                             classes.weekly_sessions(date(year, 2, 3), 20, clock(19), clock(21)))
    with db.session() as s:
        adults = s.scalars(select(Person.id).where(Person.birth_year < year - 18, Person.status == "alive")
                           .limit(40)).all()
    class_enrolment.enrol_persons(db, c.id, adults)
    grid = class_attendance.attendance_grid(db, c.id)
    rng = random.Random(1)
    class_attendance.set_attendance(db, c.id, [(r.enrolment_id, col.session_id, rng.random() < 0.85)
                                               for r in grid.rows for col in grid.columns])
    return c.id


def ui_grid_ms(db, folder: Path, class_id: int) -> float:
    """The class panel showing the 40 × 20 class (details, grid data, model, view painted), offscreen;
    median of 7, each after showing nothing. Target ≤ 200 ms."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app import paths
    from app.ui.classes.class_panel import ClassPanel
    from app.ui.context import UiContext
    from app.ui.fonts import load_fonts

    app = QApplication.instance() or QApplication([])
    load_fonts()
    panel = ClassPanel(UiContext(db, paths.Paths(folder)))
    panel.resize(1080, 480)
    panel.show()
    app.processEvents()

    def open_grid() -> None:
        panel.set_class(class_id)
        panel.repaint()
        panel.grid.viewport().repaint()
        app.processEvents()

    samples = []
    for _ in range(7):
        panel.set_class(None)
        app.processEvents()
        t = time.perf_counter()
        open_grid()
        samples.append((time.perf_counter() - t) * 1000)
    assert panel.model.rowCount() == 40 and len(panel.model.grid.columns) == 20
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--with-rounds", action="store_true", help="also generate the assessment rounds")
    args = parser.parse_args()

    from app import features

    features.load()
    from app.domain.criteria import Band, Derivation
    from app.services import class_attendance, class_enrolment, class_print, demo, demo_classes, derivations
    from app.services.class_figures import year_figures, year_plan
    from app.services.class_sheets import export_attendance_xlsx, import_attendance

    figures: list[tuple[str, str]] = []
    last_year = date.today().year - 1
    with tempfile.TemporaryDirectory() as tmp:
        db = open_folder(Path(tmp))
        demo.FILLERS[:] = [f for f in demo.FILLERS if f is not demo_classes.fill_classes and args.with_rounds]
        seconds = generate_demo(db, args.households)
        figures.append(("registry" + (" and rounds" if args.with_rounds else ""), f"{seconds:.1f} s"))
        t = time.perf_counter()
        demo_classes.fill_classes(db, random.Random(1), lambda d, n: None, lambda: False)
        figures.append(("demo classes filler, five years", f"{time.perf_counter() - t:.2f} s"))
        db.optimize()
        with db.engine.connect() as conn:
            n = conn.exec_driver_sql(
                "SELECT (SELECT count(*) FROM learning_class WHERE year = ?), (SELECT count(*) FROM class_session "
                "WHERE held_on BETWEEN ? AND ?), (SELECT count(*) FROM class_attendance a JOIN class_session s "
                "ON s.id = a.session_id WHERE s.held_on BETWEEN ? AND ?)",
                (last_year, f"{last_year}-01-01", f"{last_year}-12-31", f"{last_year}-01-01", f"{last_year}-12-31"),
            ).one()
        figures.append((f"{last_year}: classes / sessions / marks", f"{n[0]} / {n[1]} / {n[2]}"))

        cid = big_class(db, last_year)
        grid = class_attendance.attendance_grid(db, cid)
        figures.append((f"attendance_grid, {len(grid.rows)} learners × {len(grid.columns)} sessions",
                        f"{ms(lambda: class_attendance.attendance_grid(db, cid), 21):.1f} ms"))
        flip = iter(range(10_000))

        def save_all() -> None:
            k = next(flip) % 2 == 0
            class_attendance.set_attendance(db, cid, [(r.enrolment_id, c.session_id, k) for r in grid.rows
                                                      for c in grid.columns])

        figures.append(("set_attendance, 800 marks changed", f"{ms(save_all, 5):.0f} ms"))
        one = iter(range(10_000))
        figures.append(("set_attendance, one mark", f"{ms(lambda: class_attendance.set_attendance(db, cid, [(grid.rows[0].enrolment_id, grid.columns[0].session_id, next(one) % 2 == 0)]), 9):.1f} ms"))  # noqa: E501

        fig = year_figures(db, last_year)
        figures.append((f"year_figures({last_year}): {fig.total.turnouts} turnouts, {fig.total.learners} learners",
                        f"{ms(lambda: year_figures(db, last_year), 5):.0f} ms"))
        plan = year_plan(db, last_year)
        figures.append((f"year_plan({last_year}), {plan.count} classes", f"{ms(lambda: year_plan(db, last_year), 5):.0f} ms"))
        figures.append(("plan PDF", f"{ms(lambda: class_print.plan_pdf(db, last_year), 3):.0f} ms"))
        figures.append(("attendance sheet PDF, 40 × 20", f"{ms(lambda: class_print.attendance_sheet_pdf(db, cid), 3):.0f} ms"))
        figures.append(("class log PDF, 40 × 20", f"{ms(lambda: class_print.class_log_pdf(db, cid), 3):.0f} ms"))
        person = grid.rows[0].person_id
        figures.append(("person_classes, one person", f"{ms(lambda: class_enrolment.person_classes(db, person), 21):.1f} ms"))

        d = Derivation("classes_completed", (("target", 1),), (Band(100, 100, 10),))
        with db.session() as s:
            from sqlalchemy import select

            from app.models import Household, Person

            everyone = s.scalars(select(Person.id)).all()
            households = s.scalars(select(Household.id)).all()
            figures.append((f"classes_completed for {len(everyone)} persons",
                            f"{ms(lambda: derivations.compute(s, d, last_year, 'person', everyone), 3):.0f} ms"))
            h = Derivation("adults_completed_class", (), (Band(50, 100, 10),))
            figures.append((f"adults_completed_class for {len(households)} households",
                            f"{ms(lambda: derivations.compute(s, h, last_year, 'household', households), 3):.0f} ms"))

        figures.append(("attendance page: grid opens (UI, offscreen)", f"{ui_grid_ms(db, Path(tmp), cid):.0f} ms"))

        sheet = export_attendance_xlsx(db, cid, Path(tmp) / "sheet.xlsx")
        figures.append(("import_attendance, 40 × 20 sheet (dry run)",
                        f"{ms(lambda: import_attendance(db, sheet, dry_run=True), 5):.0f} ms"))
        db.dispose()
    print_table(figures, value_width=16)


if __name__ == "__main__":
    main()
