"""Assessment figures on a generated commune of 20,000 households with rounds for all five titles.

Run on demand: ./dev bench assessment [--households N]. Generates the demo (registry and five years
of rounds) in a temporary folder, then measures, each as the median of several runs:

* recomputing every derived score and pass state of the current year (target ≤ 5 s);
* loading one subject's score form data (target: a few ms; the form opens in ≤ 150 ms);
* loading the grid of a 500-household village (target ≤ 500 ms), households being moved into one
  village first since the demo's villages hold 150–250;
* recomputing a grid row's total and pass state as a score is typed (target ≤ 30 ms);
* saving one typed score.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from common import generate_demo, ms, open_folder, print_table


def big_village(db, round_id: int, size: int = 500) -> int:
    """Move ``size`` households registered in the round into the first village; return its id."""
    from sqlalchemy import select, update

    from app.models import Assessment, Household, Village

    with db.session() as s:
        vid = s.scalar(select(Village.id).order_by(Village.id))
        ids = s.scalars(select(Assessment.household_id).where(Assessment.round_id == round_id)
                        .order_by(Assessment.id).limit(size)).all()
        s.execute(update(Household).where(Household.id.in_(ids)).values(village_id=vid))
    return vid


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20_000)
    args = parser.parse_args()

    from app.services import demo_rounds  # noqa: F401  (registers the rounds filler)
    from app.services.derivations import recompute
    from app.services.rounds import list_rounds
    from app.services.score_grid import row_result, village_grid
    from app.services.scoring import score_form, set_score

    figures: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_folder(Path(tmp))
        figures.append(("demo with five years of rounds", f"{generate_demo(db, args.households):.1f} s"))
        year = date.today().year
        rounds = {r.title_code + r.target_group: r for r in list_rounds(db, year)}
        figures.append(("assessments this year", str(sum(r.registered for r in rounds.values()))))

        figures.append(("recompute(year) every derived score and result",
                        f"{ms(lambda: recompute(db, year), 3) / 1000:.2f} s"))

        gdht = rounds["GDHT"]
        vid = big_village(db, gdht.id)
        grid = village_grid(db, gdht.id, vid)
        figures.append((f"village_grid, {len(grid.rows)} households", f"{ms(lambda: village_grid(db, gdht.id, vid), 7):.0f} ms"))

        household = grid.rows[len(grid.rows) // 2].assessment_id
        citizen = next(r for k, r in rounds.items() if k.startswith("CDHT_CONG_DAN"))
        person = village_grid(db, citizen.id, vid).rows[0].assessment_id
        figures.append(("score_form, a household", f"{ms(lambda: score_form(db, household), 15):.1f} ms"))
        figures.append(("score_form, a citizen", f"{ms(lambda: score_form(db, person), 15):.1f} ms"))

        row = list(grid.rows[0].points)
        pre = grid.rows[0].preconditions

        def typed() -> None:
            row[1] = 7.0
            row_result(grid.criteria_set, row, pre)

        figures.append(("row_result after a typed score", f"{ms(typed, 101) * 1000:.0f} µs"))
        code = next(c.code for c in grid.columns if not c.derived)
        points = iter([5, 6] * 10)
        figures.append(("set_score, one score saved", f"{ms(lambda: set_score(db, household, code, next(points)), 9):.1f} ms"))
        db.dispose()
    print_table(figures, value_width=10)


if __name__ == "__main__":
    main()
