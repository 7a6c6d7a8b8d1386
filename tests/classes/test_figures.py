"""The year's figures on a small hand-built year, every number checked: classes and talks per
topic and month, sessions, learner turnouts (lượt người), distinct learners, and the breakdowns by
sex, age band, ethnicity and village."""

from __future__ import annotations

from datetime import date

from app.services import class_enrolment as enrol
from app.services.class_figures import Counts, year_figures, year_plan
from tests.classes.conftest import YEAR


def test_totals_per_month_and_per_topic(db, centre, year):
    fig = year_figures(db, YEAR)
    assert fig.as_of == date(YEAR, 12, 31)
    assert fig.total == Counts(classes=3, talks=1, sessions=11, turnouts=73, learners=8, enrolments=10, completed=8)
    months = {m + 1: c for m, c in enumerate(fig.by_month) if c != Counts()}
    assert months == {
        3: Counts(classes=2, talks=0, sessions=7, turnouts=20, learners=6, enrolments=7, completed=5),
        4: Counts(classes=0, talks=0, sessions=1, turnouts=1, learners=1, enrolments=0, completed=0),
        6: Counts(classes=0, talks=1, sessions=1, turnouts=50, learners=2, enrolments=2, completed=2),
        12: Counts(classes=1, talks=0, sessions=2, turnouts=2, learners=1, enrolments=1, completed=1),
    }
    topics = {t.topic_name: t.counts for t in fig.by_topic if t.counts != Counts()}
    assert topics == {
        "Chuyển giao khoa học kỹ thuật": Counts(1, 0, 5, 12, 3, 3, 2),
        "Pháp luật": Counts(0, 1, 1, 50, 2, 2, 2),
        "Sức khỏe": Counts(1, 0, 2, 2, 1, 1, 1),
        "Tin học và kỹ năng số": Counts(1, 0, 3, 9, 4, 4, 3),
    }
    assert len(fig.by_topic) == 11  # every topic of the list, zeros included
    cells = {(c.topic_name, c.month): (c.counts.sessions, c.counts.turnouts) for c in fig.cells}
    assert cells == {("Chuyển giao khoa học kỹ thuật", 3): (4, 11), ("Chuyển giao khoa học kỹ thuật", 4): (1, 1),
                     ("Pháp luật", 6): (1, 50), ("Sức khỏe", 12): (2, 2), ("Tin học và kỹ năng số", 3): (3, 9)}


def test_breakdowns_by_sex_age_ethnicity_and_village(db, centre, year):
    fig = year_figures(db, YEAR)

    def rows(breakdown):
        return [(r.label, r.turnouts, r.learners) for r in breakdown]

    assert rows(fig.by_sex) == [("Nam", 10, 3), ("Nữ", 15, 5), ("Chưa rõ", 48, 0)]
    assert rows(fig.by_age_band) == [("18-35 tuổi", 11, 4), ("36-60 tuổi", 13, 3), ("Chưa rõ", 49, 1)]
    assert rows(fig.by_ethnicity) == [("Kinh", 6, 3), ("Thái", 15, 3), ("Chưa rõ", 52, 2)]
    assert rows(fig.by_village) == [("Bản Hồng Mặn", 3, 2), ("Bản Nà Sản", 18, 4), ("Tiểu khu 3", 3, 1),
                                    ("Nơi khác", 1, 1), ("Chưa rõ", 48, 0)]
    for breakdown in (fig.by_sex, fig.by_age_band, fig.by_ethnicity, fig.by_village):
        assert sum(r.turnouts for r in breakdown) == fig.total.turnouts


def test_a_matched_guest_counts_once(db, centre, year):
    # when the guest "Vi Thị Lan" of the computing class turns out to be Lò Thị Cúc, already counted
    # for the coffee class
    enrol.match_guest(db, year["lan"], centre.persons["Lò Thị Cúc"])
    fig = year_figures(db, YEAR)
    # then she is one learner: 7 instead of 8, with the same turnouts
    assert fig.total.learners == 7 and fig.total.turnouts == 73


def test_figures_up_to_a_day_count_only_what_was_held(db, centre, year):
    fig = year_figures(db, YEAR, as_of=date(YEAR, 3, 31))
    assert fig.total == Counts(classes=2, talks=0, sessions=7, turnouts=20, learners=6, enrolments=7, completed=5)


def test_the_plan_lists_the_year_by_month(db, centre, year):
    plan = year_plan(db, YEAR)
    assert [(m.month, [c.title for c in m.classes]) for m in plan.months] == [
        (3, ["Kỹ thuật trồng cà phê", "Tin học cơ bản"]), (6, ["Phòng chống ma túy"]),
        (12, ["Chăm sóc sức khỏe người cao tuổi"])]
    assert plan.months[0].classes[0].sessions == 5
