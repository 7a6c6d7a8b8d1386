"""Typing scores: refused outside 0..max with a message and nothing changed, totals and pass state
live, the steps of the round in bulk, the grid of a village, and the audit trail of every change."""

from __future__ import annotations

import json

import pytest

from app.services import rounds, scoring
from app.services.audit import recent
from app.services.errors import ValidationFailed
from app.services.score_grid import row_result, village_grid
from tests.assessment.assessment_helpers import YEAR, confirm_samples, score_all


@pytest.fixture
def citizens(db, town, when):
    r = rounds.open_round(db, YEAR, "CDHT_CONG_DAN", "community")
    return rounds.register(db, r.id, [town.persons["Lò Văn An"], town.persons["Lò Thị Ba"]], when, "Chi hội").added


def _audit(db, aid):
    form = scoring.score_form(db, aid)
    return [a for a in recent(db, 50, form.uuid)]


@pytest.mark.parametrize("points, message", [
    (11, "Điểm 11 vượt quá điểm tối đa 10 của chỉ số NL1.1."),
    (-1, "Điểm -1 của chỉ số NL1.1 không được âm."),
])
def test_a_score_outside_its_range_is_refused_and_nothing_changes(db, citizens, points, message):
    aid = citizens[0]
    scoring.set_score(db, aid, "NL1.1", 7)
    before = (scoring.score_form(db, aid).evaluation, len(_audit(db, aid)))
    with pytest.raises(ValidationFailed) as exc:
        scoring.set_score(db, aid, "NL1.1", points)
    assert [p.message for p in exc.value.problems] == [message]
    assert (scoring.score_form(db, aid).evaluation, len(_audit(db, aid))) == before


def test_a_batch_with_one_bad_score_writes_nothing(db, citizens):
    changes = [scoring.ScoreChange(citizens[0], "NL1.1", 8), scoring.ScoreChange(citizens[1], "NL1.2", 12, row=7)]
    with pytest.raises(ValidationFailed) as exc:
        scoring.set_scores(db, changes)
    assert exc.value.problems[0].row == 7
    assert scoring.score_form(db, citizens[0]).evaluation.total == 0


def test_an_unknown_indicator_is_refused(db, citizens):
    with pytest.raises(ValidationFailed, match="không có chỉ số TC9"):
        scoring.set_score(db, citizens[0], "TC9", 1)


def test_totals_and_pass_state_follow_the_scores(db, citizens):
    aid = citizens[0]
    score_all(db, aid, 8)
    result = scoring.set_score(db, aid, "NL3.2", 4)
    assert (result.evaluation.total, result.passed) == (76, False)
    assert result.evaluation.reasons == ("Tổng điểm 76 thấp hơn mức đạt 80.",
                                         "Chỉ số NL3.2 được 4 điểm, thấp hơn mức tối thiểu 5.")
    result = scoring.set_score(db, aid, "NL3.2", 8)
    assert (result.evaluation.total, result.passed) == (80, True)


def test_every_score_change_is_audited_with_old_and_new(db, citizens):
    aid = citizens[0]
    scoring.set_score(db, aid, "NL1.1", 5, by="Cán bộ xã")
    scoring.set_score(db, aid, "NL1.1", 7.5, by="Cán bộ xã")
    latest = _audit(db, aid)[0]
    assert (latest.action, latest.summary) == ("score", "NL1.1: 5 → 7,5")
    from sqlalchemy import select

    from app.models import AuditEntry

    with db.session() as s:
        details = json.loads(s.scalars(select(AuditEntry.details).where(AuditEntry.action == "score")
                                       .order_by(AuditEntry.id.desc())).first())
    assert details == {"indicator": "NL1.1", "points": [5.0, 7.5], "reason": "", "by": "Cán bộ xã"}


def test_steps_are_recorded_in_bulk_with_date_and_who(db, citizens, when):
    from datetime import date

    done = rounds.advance(db, citizens, "village_reviewed", date(YEAR, 11, 5), "Chi hội Nà Sản", "họp thôn")
    assert (done.changed, done.skipped) == (2, 0)
    again = rounds.advance(db, citizens, "self_assessed", date(YEAR, 11, 6), "x")
    assert (again.changed, again.skipped) == (0, 2)
    form = scoring.score_form(db, citizens[0])
    step = next(s for s in form.steps if s.step == "village_reviewed")
    assert (form.status, step.on, step.by) == ("village_reviewed", date(YEAR, 11, 5), "Chi hội Nà Sản")
    assert _audit(db, citizens[0])[0].summary == "Đã đăng ký → Đã bình xét ở thôn"
    with pytest.raises(ValidationFailed):
        rounds.advance(db, citizens, "decided", when, "x")


def test_a_citizen_registers_in_one_target_group_a_year(db, town, citizens, when):
    workers = rounds.open_round(db, YEAR, "CDHT_CONG_DAN", "workers")
    with pytest.raises(ValidationFailed, match="Lò Văn An đã đăng ký Công dân học tập năm 2025"):
        rounds.register(db, workers.id, [town.persons["Lò Văn An"]], when, "x")


def test_register_all_households_of_a_village(db, town, when):
    r = rounds.open_round(db, YEAR, "GDHT")
    result = rounds.register_village(db, r.id, town.villages["Bản Nà Sản"], when, "Chi hội")
    assert len(result.added) == 2
    assert rounds.register_village(db, r.id, town.villages["Bản Nà Sản"], when, "Chi hội").already == 2


def test_the_village_grid_in_one_call_and_a_row_recomputed_without_the_database(db, town, when):
    confirm_samples(db)
    r = rounds.open_round(db, YEAR, "GDHT")
    rounds.register_village(db, r.id, town.villages["Bản Nà Sản"], when, "Chi hội")
    grid = village_grid(db, r.id, town.villages["Bản Nà Sản"])
    assert [row.subject.code for row in grid.rows] == ["HGD-001", "HGD-002"]
    assert [c.code for c in grid.columns][:3] == ["TC1.1", "TC1.2", "TC1.3"]
    assert grid.rows[0].subject.name == "Lò Văn An"
    # typing in the grid: the row's total and pass state, recomputed in memory
    row = list(grid.rows[1].points)
    row = [10.0 if p is None else p for p in row]
    ev = row_result(grid.criteria_set, row, (True,))
    assert ev.complete and ev.total == sum(row)
    assert row_result(grid.criteria_set, row, (False,)).passed is False


def test_the_score_form_has_guidance_evidence_history_and_audit(db, citizens):
    form = scoring.score_form(db, citizens[0])
    assert form.criteria_set.code == "KHVN-324-2023-CDHT-COMMUNITY"
    ind = form.criteria[0].indicators[0]
    assert ind.guidance_vi.startswith("Chấm từ 0 đến 10 điểm") and ind.max_points == 10
    assert form.subject.name == "Lò Văn An" and form.subject.village_name == "Bản Nà Sản"
    assert [h.year for h in form.history] == [YEAR]
    assert form.audit[0].action == "register"


def test_a_result_override_needs_a_reason(db, citizens):
    with pytest.raises(ValidationFailed):
        scoring.override_result(db, citizens[0], "pass", " ")
    result = scoring.override_result(db, citizens[0], "pass", "Người cao tuổi, hội đồng xét đặc cách", by="Hội đồng")
    form = scoring.score_form(db, citizens[0])
    assert result.passed and not form.evaluation.passed
    assert (form.result_override, form.override_reason) == ("pass", "Người cao tuổi, hội đồng xét đặc cách")
