"""Participation in classes feeds the assessment: a criteria set may derive an indicator from the
classes a person completed or the sessions they attended this year, or from the share of a
household's adults who completed a class."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from app.domain.criteria import Band, Derivation
from app.services import class_attendance as att
from app.services import class_enrolment as enrol
from app.services import criteria_sets, derivations, rounds, scoring
from tests.classes.conftest import YEAR, course, talk

_BANDS = (Band(100, 100, 10), Band(50, 99.9, 5))


def _attend(db, c, names: dict[str, int]) -> None:
    """Enrol the named persons and mark each present at the first N sessions, absent at the rest."""
    grid = att.attendance_grid(db, c.id)
    have = {r.name: r.enrolment_id for r in grid.rows}
    att.set_attendance(db, c.id, [(have[n], col.session_id, col.number <= k)
                                  for n, k in names.items() for col in grid.columns])


@pytest.fixture
def taught(db, centre):
    """This year: Pọm completed the coffee course (5/5) and the computing course (4/5); Ánh came
    to 2 of 5 coffee sessions; Đức heard a talk. Last year Cúc completed a course."""
    p = centre.persons
    coffee = course(db, centre)
    computing = course(db, centre, "Tin học cơ bản", date(YEAR, 9, 1), topic="tin_hoc")
    old = course(db, centre, "Năm trước", date(YEAR - 1, 3, 1), 2)
    t = talk(db, centre)
    enrol.enrol_persons(db, coffee.id, [p["Lò Văn Pọm"], p["Lò Thị Ánh"]])
    enrol.enrol_persons(db, computing.id, [p["Lò Văn Pọm"]])
    enrol.enrol_persons(db, old.id, [p["Lò Thị Cúc"]])
    enrol.enrol_persons(db, t.id, [p["Cầm Văn Đức"]])
    _attend(db, coffee, {"Lò Văn Pọm": 5, "Lò Thị Ánh": 2})
    _attend(db, computing, {"Lò Văn Pọm": 4})
    _attend(db, old, {"Lò Thị Cúc": 2})
    _attend(db, t, {"Cầm Văn Đức": 1})
    return SimpleNamespace(persons=p, coffee=coffee.id)


def _compute(db, kind, subject_kind, ids, **params):
    d = Derivation(kind, tuple(sorted(params.items())), _BANDS)
    with db.session() as s:
        return derivations.compute(s, d, YEAR, subject_kind, ids)


def test_classes_completed_this_year_per_person(db, centre, taught):
    ids = [taught.persons[n] for n in ("Lò Văn Pọm", "Lò Thị Ánh", "Cầm Văn Đức", "Lò Thị Cúc")]
    got = _compute(db, "classes_completed", "person", ids, target=2)
    assert [(v.value, v.numerator) for v in got.values()] == [(100.0, 2), (0.0, 0), (50.0, 1), (0.0, 0)]
    assert got[ids[0]].explanation == f"Hoàn thành 2 lớp học, chuyên đề năm {YEAR}; yêu cầu 2 (100,0 %)."
    assert got[ids[2]].explanation == f"Hoàn thành 1 lớp học, chuyên đề năm {YEAR}; yêu cầu 2 (50,0 %)."
    # a person above the target is capped at 100 % (the bands are in percent)
    capped = _compute(db, "classes_completed", "person", ids[:1], target=1)[ids[0]]
    assert (capped.value, capped.explanation) == (100.0, f"Hoàn thành 2 lớp học, chuyên đề năm {YEAR}; yêu cầu 1 "
                                                         "(100,0 %).")


def test_sessions_attended_this_year_per_person(db, centre, taught):
    ids = [taught.persons["Lò Văn Pọm"], taught.persons["Lò Thị Ánh"]]
    got = _compute(db, "class_sessions_attended", "person", ids, target=10)
    assert [(v.value, v.numerator) for v in got.values()] == [(90.0, 9), (20.0, 2)]
    assert got[ids[1]].explanation == f"Dự 2 buổi học năm {YEAR}; yêu cầu 10 buổi (20,0 %)."


def test_share_of_a_households_adults_who_completed_a_class(db, centre, taught):
    # HGD-001: Pọm, Ánh, Cúc aged 18+ (Bình is 12): only Pọm completed a class this year
    # HGD-002: Đức (talk) and Én: one of two
    hh = [centre.households["HGD-001"], centre.households["HGD-002"], centre.households["HGD-003"]]
    got = _compute(db, "adults_completed_class", "household", hh)
    assert [(v.numerator, v.denominator) for v in got.values()] == [(1, 3), (1, 2), (0, 1)]
    assert got[hh[0]].explanation == f"1/3 người từ 18 tuổi hoàn thành ít nhất 1 lớp học, chuyên đề năm {YEAR} (33,3 %)."
    sessions = _compute(db, "adults_attended_sessions", "household", hh)
    assert [(v.numerator, v.denominator) for v in sessions.values()] == [(2, 3), (1, 2), (0, 1)]


def test_the_kinds_are_known_to_criteria_set_checks(db):
    known = derivations.kinds()
    assert known["classes_completed"] == frozenset({"person"})
    assert "household" in known["adults_completed_class"]


def test_a_round_scores_a_household_from_classes(db, centre, taught):
    from tests.assessment.assessment_helpers import confirm_samples

    # given the household sample set with TC2.3 ("adults take part in learning at the centre")
    # derived from classes, as a commune would edit it
    confirm_samples(db)
    gdht = next(s for s in criteria_sets.list_sets(db) if s.title_code == "GDHT")
    doc = criteria_sets.get_document(db, gdht.id)
    doc["code"], doc["version"] = "GDHT-LOP-HOC", 1
    tc23 = next(i for c in doc["criteria"] for i in c["indicators"] if i["code"] == "TC2.3")
    tc23["derivation"] = {"kind": "adults_completed_class", "params": {"min_age": 18},
                          "bands": [{"min": 50, "max": 100, "points": 10}, {"min": 30, "max": 49.99, "points": 6}]}
    edited = criteria_sets.save_set(db, doc)
    r = rounds.open_round(db, YEAR, "GDHT", set_id=edited.id)
    aid = rounds.register(db, r.id, [centre.households["HGD-001"]], date(YEAR, 2, 1), "x").added[0]
    # when its score form opens
    form = scoring.score_form(db, aid)
    # then TC2.3 is computed from the classes
    ind = next(i for c in form.criteria for i in c.indicators if i.code == "TC2.3")
    assert (ind.derived.value, ind.derived.points) == (33.3, 6.0)
    assert "1/3 người từ 18 tuổi hoàn thành" in ind.derived.explanation
    # and a class completed later is picked up by the year's recomputation
    grid = att.attendance_grid(db, taught.coffee)
    anh = next(row.enrolment_id for row in grid.rows if row.name == "Lò Thị Ánh")
    enrol.set_completed(db, anh, True)
    derivations.recompute(db, YEAR)
    ind = next(i for c in scoring.score_form(db, aid).criteria for i in c.indicators if i.code == "TC2.3")
    assert (ind.derived.value, ind.derived.points) == (66.7, 10.0)
