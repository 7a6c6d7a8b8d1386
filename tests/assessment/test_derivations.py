"""Indicators derived from the registry, shown with how they were computed, overridable with a
reason, and recomputed in dependency order: persons → households → clans and villages; units
from their staff."""

from __future__ import annotations

import pytest

from app.services import derivations, rounds, scoring
from app.services.errors import ValidationFailed
from tests.assessment.assessment_helpers import YEAR, confirm_samples, score_all


def _indicator(form, code):
    return next(i for c in form.criteria for i in c.indicators if i.code == code)


@pytest.fixture
def opened(db, town):
    """Rounds of the year opened in reverse dependency order (villages first, citizens last)."""
    confirm_samples(db)
    return {title: rounds.open_round(db, YEAR, title, "community" if title == "CDHT_CONG_DAN" else None)
            for title in ("CDHT_THON", "DHHT", "GDHT", "DVHT", "CDHT_CONG_DAN")}


def test_school_age_children_in_school_with_its_explanation(db, town, opened, when):
    # given HGD-001 with two children aged 10 (in school) and 12 (not), HGD-003 with none
    r = rounds.register(db, opened["GDHT"].id, [town.households["HGD-001"], town.households["HGD-003"]], when, "x")
    # when the score forms open
    one, three = (scoring.score_form(db, a) for a in r.added)
    # then the derived value, its points (bands 100 → 10, 75 → 6, 50 → 3) and how it was computed show
    d = _indicator(one, "TC1.1").derived
    assert (d.value, d.points) == (50.0, 3.0)
    assert d.explanation == "1/2 trẻ từ 6 đến 14 tuổi đang đi học (50,0 %)."
    empty = _indicator(three, "TC1.1").derived
    assert (empty.value, empty.points, empty.explanation) == (None, 10.0, "Không có trẻ từ 6 đến 14 tuổi.")


def test_overriding_a_derived_score_needs_a_reason_that_is_kept(db, town, opened, when):
    aid = rounds.register(db, opened["GDHT"].id, [town.households["HGD-001"]], when, "x").added[0]
    with pytest.raises(ValidationFailed) as exc:
        scoring.set_score(db, aid, "TC1.1", 10)
    assert "nhập lý do để ghi đè" in str(exc.value)
    scoring.set_score(db, aid, "TC1.1", 10, "Cháu Em khuyết tật, được miễn đi học", by="Cán bộ xã")
    ind = _indicator(scoring.score_form(db, aid), "TC1.1")
    assert (ind.points, ind.typed, ind.derived.points) == (10.0, 10.0, 3.0)
    assert ind.override_reason == "Cháu Em khuyết tật, được miễn đi học"
    # clearing the override goes back to the computed points
    scoring.set_score(db, aid, "TC1.1", None)
    ind = _indicator(scoring.score_form(db, aid), "TC1.1")
    assert (ind.points, ind.override_reason) == (3.0, "")


def _register_everyone(db, town, opened, when):
    ids = {}
    ids["persons"] = rounds.register(db, opened["CDHT_CONG_DAN"].id, [
        town.persons[n] for n in ("Lò Văn An", "Lò Thị Ba", "Cầm Văn Cường")], when, "x").added
    ids["households"] = rounds.register(db, opened["GDHT"].id, [town.households["HGD-001"],
                                                                town.households["HGD-002"]], when, "x").added
    ids["village"] = rounds.register(db, opened["CDHT_THON"].id, [town.villages["Bản Nà Sản"]], when, "x").added
    ids["clan"] = rounds.register(db, opened["DHHT"].id, [town.clan], when, "x").added
    ids["unit"] = rounds.register(db, opened["DVHT"].id, [town.unit], when, "x").added
    return ids


def test_one_recompute_follows_the_dependency_order(db, town, opened, when):
    from app.services.score_grid import village_grid

    # given every level registered, households scored BEFORE their members: with 8 points on each
    # typed indicator a household passes only if its adults are Công dân học tập (TC2.2)
    ids = _register_everyone(db, town, opened, when)
    for aid in ids["households"]:
        score_all(db, aid, 8)
        scoring.set_precondition(db, aid, "GDVH", True)
    scoring.set_score(db, ids["households"][0], "TC1.1", 10, "Cháu Em khuyết tật")
    for aid in ids["persons"]:
        score_all(db, aid, 9)
    stored = village_grid(db, opened["GDHT"].id, town.villages["Bản Nà Sản"])
    assert [r.passed for r in stored.rows] == [False, False]
    # when the year is recomputed once
    result = derivations.recompute(db, YEAR)
    # then the citizens passed, so the households' adults count, so the households pass ...
    assert result.rounds == 5
    after = village_grid(db, opened["GDHT"].id, town.villages["Bản Nà Sản"])
    assert [r.passed for r in after.rows] == [True, True]
    hh = scoring.score_form(db, ids["households"][0])
    assert _indicator(hh, "TC2.2").derived.explanation == \
        "2/2 người từ 18 tuổi được công nhận Công dân học tập năm 2025 (100,0 %)."
    # ... so the village and the clan count both households, and the unit both staff
    village = scoring.score_form(db, ids["village"][0])
    assert _indicator(village, "TC2.1").derived.explanation == "2/2 hộ đạt Gia đình học tập năm 2025 (100,0 %)."
    assert _indicator(village, "TC2.1").points == 20 and not village.stale
    assert _indicator(scoring.score_form(db, ids["clan"][0]), "TC2.1").derived.value == 100.0
    unit = _indicator(scoring.score_form(db, ids["unit"][0]), "TC3.1").derived
    assert (unit.value, unit.explanation) == (100.0, "2/2 thành viên được công nhận Công dân học tập năm 2025 (100,0 %).")


def test_the_order_puts_citizens_before_households_before_villages(db, opened):
    from app.domain.criteria import parse_document
    from app.models import CriteriaSet

    with db.session() as s:
        given = [(r.id, r.title_code, parse_document(s.get(CriteriaSet, r.set_id).document)) for r in opened.values()]
    order = [t for _r, t, _cs in derivations.dependency_order(given)]
    assert order.index("CDHT_CONG_DAN") < order.index("GDHT") < order.index("CDHT_THON")
    assert order.index("GDHT") < order.index("DHHT") and order.index("CDHT_CONG_DAN") < order.index("DVHT")


def test_recompute_leaves_decided_assessments_alone(db, town, opened, when):
    from app.services.decisions import decide

    ids = _register_everyone(db, town, opened, when)
    for aid in ids["persons"][:1]:
        score_all(db, aid, 9)
    decide(db, opened["CDHT_CONG_DAN"].id, "10/QĐ-UBND", when, "Cầm Văn Ún")
    for aid in ids["persons"][1:]:
        score_all(db, aid, 9)
    result = derivations.recompute(db, YEAR)
    locked = scoring.score_form(db, ids["persons"][0])
    assert locked.locked
    assert result.assessments == 7  # 2 households, the village, the clan, the unit, 2 undecided citizens
