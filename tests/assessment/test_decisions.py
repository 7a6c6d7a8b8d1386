"""Deciding a round: only passed (or overridden with a reason) subjects, never on an unconfirmed
sample set; deciding locks the scores; a correction is reopen (with a reason) → rescore → a new
decision that amends the earlier one; all of it in the audit trail."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import criteria_sets, decisions, rounds, scoring
from app.services.audit import recent
from app.services.errors import InUse, ValidationFailed
from tests.assessment.assessment_helpers import YEAR, score_all

DAY = date(YEAR, 12, 20)


@pytest.fixture
def cdht(db, town, when):
    """Three citizens: An and Ba score 9 everywhere (pass), Cường 6 (fails the total)."""
    r = rounds.open_round(db, YEAR, "CDHT_CONG_DAN", "community")
    ids = rounds.register(db, r.id, [town.persons[n] for n in ("Lò Văn An", "Lò Thị Ba", "Cầm Văn Cường")],
                          when, "Chi hội").added
    for aid, points in zip(ids, (9, 9, 6), strict=True):
        score_all(db, aid, points)
    return r, ids


def test_a_round_on_an_unconfirmed_sample_set_cannot_be_decided(db, town, when):
    r = rounds.open_round(db, YEAR, "DVHT")
    aid = rounds.register(db, r.id, [town.unit], when, "x").added[0]
    score_all(db, aid, 100)  # full points
    with pytest.raises(ValidationFailed) as exc:
        decisions.decide(db, r.id, "1/QĐ-UBND", DAY, "Cầm Văn Ún")
    assert str(exc.value).startswith("Bộ tiêu chí mẫu chưa được xác nhận")
    assert decisions.list_decisions(db, YEAR) == []
    criteria_sets.confirm_set(db, r.set_id, "Lò Văn Pọm")
    assert decisions.decide(db, r.id, "1/QĐ-UBND", DAY, "Cầm Văn Ún").listed == 1


def test_deciding_lists_only_those_who_passed_and_locks_them(db, cdht):
    r, (an, ba, cuong) = cdht
    result = decisions.decide(db, r.id, "125/QĐ-UBND", DAY, "Cầm Văn Ún", "Chủ tịch UBND xã")
    assert result.listed == 2 and result.decision.number == "125/QĐ-UBND"
    assert [x.subject.name for x in decisions.recognised(db, result.decision.id)] == ["Lò Văn An", "Lò Thị Ba"]
    form = scoring.score_form(db, an)
    assert (form.status, form.locked, form.decision_number) == ("decided", True, "125/QĐ-UBND")
    with pytest.raises(ValidationFailed, match="mở lại"):
        scoring.set_score(db, an, "NL1.1", 5)
    assert scoring.score_form(db, an).evaluation.total == 90
    assert recent(db, 1, form.uuid)[0].summary == "Đã đăng ký → Đã có quyết định công nhận (QĐ 125/QĐ-UBND)"


def test_a_failed_subject_cannot_be_listed_unless_overridden_with_a_reason(db, cdht):
    r, (_an, _ba, cuong) = cdht
    with pytest.raises(ValidationFailed, match="Cầm Văn Cường: chưa đạt"):
        decisions.decide(db, r.id, "126/QĐ-UBND", DAY, "Cầm Văn Ún", assessment_ids=[cuong])
    scoring.override_result(db, cuong, "pass", "Hội đồng xét đặc cách: người khuyết tật tích cực học tập")
    result = decisions.decide(db, r.id, "126/QĐ-UBND", DAY, "Cầm Văn Ún", assessment_ids=[cuong])
    row = decisions.recognised(db, result.decision.id)[0]
    assert row.override_reason.startswith("Hội đồng xét đặc cách")


def test_decision_numbers_are_unique_within_a_year(db, cdht, town, when):
    r, _ids = cdht
    decisions.decide(db, r.id, "125/QĐ-UBND", DAY, "Cầm Văn Ún")
    other = rounds.open_round(db, YEAR, "CDHT_CONG_DAN", "workers")
    aid = rounds.register(db, other.id, [town.persons["Quàng Văn Dũng"]], when, "x").added[0]
    score_all(db, aid, 10)
    with pytest.raises(ValidationFailed, match="Số quyết định 125/QĐ-UBND đã dùng trong năm 2025"):
        decisions.decide(db, other.id, "125/QĐ-UBND", DAY, "Cầm Văn Ún")


def test_nobody_left_to_recognise_is_refused(db, cdht):
    r, _ids = cdht
    decisions.decide(db, r.id, "125/QĐ-UBND", DAY, "Cầm Văn Ún")
    with pytest.raises(ValidationFailed, match="Không có đối tượng đạt"):
        decisions.decide(db, r.id, "127/QĐ-UBND", DAY, "Cầm Văn Ún")


def test_a_correction_is_reopen_rescore_and_an_amending_decision(db, cdht):
    # given An recognised by decision 125
    r, (an, _ba, _cuong) = cdht
    first = decisions.decide(db, r.id, "125/QĐ-UBND", DAY, "Cầm Văn Ún").decision
    # when the assessment is reopened, a reason is required and recorded
    with pytest.raises(ValidationFailed):
        decisions.reopen(db, an, "", "Cán bộ xã")
    decisions.reopen(db, an, "Nhập nhầm điểm NL2.2", "Cán bộ xã")
    form = scoring.score_form(db, an)
    assert (form.locked, form.status, form.reopen_reason) == (False, "registered", "Nhập nhầm điểm NL2.2")
    assert recent(db, 1, form.uuid)[0].action == "reopen"
    # then it is rescored and decided again by a decision that amends the first
    scoring.set_score(db, an, "NL2.2", 10)
    second = decisions.decide(db, r.id, "130/QĐ-UBND", date(YEAR, 12, 28), "Cầm Văn Ún", assessment_ids=[an],
                              reason="Điều chỉnh điểm NL2.2").decision
    assert (second.amends_id, second.amends_number) == (first.id, "125/QĐ-UBND")
    # the first decision still lists An; the history shows the new one
    assert "Lò Văn An" in [x.subject.name for x in decisions.recognised(db, first.id)]
    assert scoring.score_form(db, an).history[0].decision_number == "130/QĐ-UBND"


def test_an_assessed_household_or_person_cannot_be_deleted(db, town, when):
    from app.services.households import delete_household

    r = rounds.open_round(db, YEAR, "GDHT")
    rounds.register(db, r.id, [town.households["HGD-003"]], when, "x")
    with pytest.raises(InUse) as exc:
        delete_household(db, town.households["HGD-003"])
    assert "Hộ HGD-003 đã có kết quả đánh giá năm 2025." in exc.value.reasons


def test_the_overview_counts_per_title_and_village(db, cdht):
    r, _ids = cdht
    decisions.decide(db, r.id, "125/QĐ-UBND", DAY, "Cầm Văn Ún")
    cdht_row = next(t for t in decisions.overview(db, YEAR) if t.title_code == "CDHT_CONG_DAN")
    c = cdht_row.counts
    assert (c.exist, c.registered, c.scored, c.passed, c.decided) == (4, 3, 3, 2, 2)  # citizens aged 15 or more
    na_san = next(v for v in cdht_row.villages if v.village_name == "Bản Nà Sản")
    assert (na_san.counts.registered, na_san.counts.decided) == (3, 2)
    assert decisions.missing_scores(db, r.id) == []


def test_a_sample_set_replaced_by_the_provinces_set_can_be_decided(db, town, when, tmp_path):
    import json

    r = rounds.open_round(db, YEAR, "DVHT")
    aid = rounds.register(db, r.id, [town.unit], when, "x").added[0]
    score_all(db, aid, 100)
    # the province hands out its own version of the set
    doc = criteria_sets.get_document(db, r.set_id)
    doc.update(version=2, status="verified", province="Sơn La", name_vi="Đơn vị học tập (Sơn La)")
    path = tmp_path / "dvht-son-la.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    province = criteria_sets.import_set(db, path)
    changed = rounds.change_set(db, r.id, province.id, by="Cán bộ xã")
    assert (changed.set_name, changed.set_needs_confirmation) == ("Đơn vị học tập (Sơn La)", False)
    assert decisions.decide(db, r.id, "2/QĐ-UBND", DAY, "Cầm Văn Ún").listed == 1
    with pytest.raises(ValidationFailed, match="không đổi được bộ tiêu chí"):
        rounds.change_set(db, r.id, r.set_id)
