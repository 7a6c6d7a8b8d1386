"""Each kind of pass rule, applied by the pure evaluate() to a set read from a document."""

from __future__ import annotations

import copy

import pytest

from app.domain.criteria import check_set, parse_set
from app.domain.scoring import evaluate, evaluate_row

BASE = {
    "format": "tthtcd-criteria-set", "format_version": 1, "code": "TEST", "version": 1, "title_code": "GDHT",
    "target_group": None, "name_vi": "Bộ thử", "status": "verified", "total_points": 30,
    "criteria": [
        {"code": "A", "title_vi": "Tiêu chí A", "max_points": 20, "indicators": [
            {"code": "A1", "title_vi": "Chỉ số A1", "max_points": 10},
            {"code": "A2", "title_vi": "Chỉ số A2", "max_points": 10}]},
        {"code": "B", "title_vi": "Tiêu chí B", "max_points": 10, "indicators": [
            {"code": "B1", "title_vi": "Chỉ số B1", "max_points": 10}]},
    ],
    "preconditions": [],
    "pass_rule": {"kind": "points_threshold", "min_total": 24, "min_each": 5},
}


def make(rule=None, **changes):
    doc = copy.deepcopy(BASE)
    if rule:
        doc["pass_rule"] = rule
    doc.update(changes)
    assert check_set(doc) == []
    return parse_set(doc)


def test_threshold_passes_at_the_minimum_total_with_every_indicator_at_the_floor():
    cs = make()
    ev = evaluate(cs, {"A1": 9, "A2": 10, "B1": 5})
    assert (ev.total, ev.passed, ev.reasons) == (24, True, ())


def test_threshold_fails_below_the_total_and_says_why():
    ev = evaluate(make(), {"A1": 9, "A2": 9, "B1": 5})
    assert not ev.passed
    assert ev.reasons == ("Tổng điểm 23 thấp hơn mức đạt 24.",)


def test_threshold_fails_when_one_indicator_is_below_the_floor_even_with_enough_points():
    """Công dân học tập: ≥ 80 of 100 and no indicator below 5."""
    cs = make({"kind": "points_threshold", "min_total": 20, "min_each": 5})
    ev = evaluate(cs, {"A1": 10, "A2": 10, "B1": 4})
    assert ev.total == 24 and not ev.passed
    assert ev.reasons == ("Chỉ số B1 được 4 điểm, thấp hơn mức tối thiểu 5.",)


def test_an_indicator_floor_overrides_the_rule_floor():
    doc = copy.deepcopy(BASE)
    doc["criteria"][1]["indicators"][0]["floor"] = 8
    cs = make(criteria=doc["criteria"])
    assert not evaluate(cs, {"A1": 10, "A2": 10, "B1": 7}).passed
    assert evaluate(cs, {"A1": 5, "A2": 10, "B1": 9}).passed


def test_a_mandatory_indicator_without_floor_needs_full_points():
    doc = copy.deepcopy(BASE)
    doc["criteria"][0]["indicators"][0]["mandatory"] = True
    cs = make({"kind": "points_threshold", "min_total": 20, "min_each": None}, criteria=doc["criteria"])
    ev = evaluate(cs, {"A1": 9, "A2": 10, "B1": 10})
    assert not ev.passed
    assert ev.reasons == ("Chỉ số bắt buộc A1 mới được 9/10 điểm, cần 10.",)
    assert evaluate(cs, {"A1": 10, "A2": 5, "B1": 5}).passed


def test_missing_scores_never_pass_and_are_listed():
    ev = evaluate(make(), {"A1": 10, "A2": 10, "B1": None})
    assert not ev.passed and not ev.complete
    assert ev.missing == ("B1",)
    assert ev.reasons[0] == "Chưa chấm 1 chỉ số: B1."


def test_unmet_precondition_blocks_a_pass():
    cs = make(preconditions=[{"code": "GDVH", "title_vi": "Đã là Gia đình văn hóa"}])
    points = {"A1": 10, "A2": 10, "B1": 10}
    assert not evaluate(cs, points, {}).passed
    assert evaluate(cs, points, {"GDVH": False}).reasons == ("Chưa đáp ứng điều kiện: Đã là Gia đình văn hóa.",)
    assert evaluate(cs, points, {"GDVH": True}).passed


def test_all_targets_without_levels_needs_every_indicator_at_its_target():
    doc = copy.deepcopy(BASE)
    doc["criteria"][0]["indicators"][1]["floor"] = 6
    cs = make({"kind": "all_targets"}, criteria=doc["criteria"])
    assert evaluate(cs, {"A1": 10, "A2": 6, "B1": 10}).passed
    ev = evaluate(cs, {"A1": 10, "A2": 6, "B1": 9})
    assert not ev.passed and ev.reasons == ("Chỉ số B1 chưa đạt chỉ tiêu (9/10).",)


def test_all_targets_with_levels_grades_by_the_highest_level_reached():
    cs = make({"kind": "all_targets", "levels": [
        {"code": "L1", "name_vi": "Mức độ 1", "targets": {"A1": 5, "B1": 5}},
        {"code": "L2", "name_vi": "Mức độ 2", "targets": {"A1": 8, "B1": 8}}]})
    assert evaluate(cs, {"A1": 9, "A2": 0, "B1": 9}).grade == "Mức độ 2"
    level1 = evaluate(cs, {"A1": 6, "A2": 0, "B1": 9})
    assert (level1.passed, level1.grade) == (True, "Mức độ 1")
    none = evaluate(cs, {"A1": 4, "A2": 10, "B1": 9})
    assert not none.passed and none.reasons == ("Chưa đạt Mức độ 1: chỉ số A1 chưa đạt chỉ tiêu.",)


def test_grading_bands_give_a_grade_and_pass_only_the_passing_grades():
    cs = make({"kind": "grading_bands", "bands": [
        {"min_total": 27, "grade_vi": "Xuất sắc"}, {"min_total": 24, "grade_vi": "Tốt"},
        {"min_total": 15, "grade_vi": "Khá"}, {"min_total": 0, "grade_vi": "Chưa đạt"}],
        "passing_grades": ["Xuất sắc", "Tốt"]})
    assert (evaluate(cs, {"A1": 10, "A2": 10, "B1": 8}).grade, evaluate(cs, {"A1": 10, "A2": 10, "B1": 8}).passed) \
        == ("Xuất sắc", True)
    ev = evaluate(cs, {"A1": 10, "A2": 5, "B1": 5})
    assert (ev.grade, ev.passed) == ("Khá", False)
    assert ev.reasons == ("Xếp loại “Khá” chưa đến mức được công nhận (Xuất sắc, Tốt).",)


def test_a_grid_row_is_evaluated_from_points_in_column_order():
    cs = make()
    assert evaluate_row(cs, ["A1", "A2", "B1"], [10, 9, 5]).passed
    assert evaluate_row(cs, ["A1", "A2", "B1"], [10, None, 5]).missing == ("A2",)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["criteria"][0].update(max_points=25),
     "Tiêu chí A: tổng điểm các chỉ số là 20, khác điểm tối đa 25 của tiêu chí."),
    (lambda d: d.update(total_points=40), "Tổng điểm các tiêu chí là 30, khác tổng điểm của bộ 40."),
    (lambda d: d["criteria"][1]["indicators"][0].update(code="A1"), "Mã “A1” bị trùng."),
    (lambda d: d["pass_rule"].update(min_total=31), "Mức đạt 31 lớn hơn tổng điểm 30."),
    (lambda d: d.update(pass_rule={"kind": "grading_bands", "bands": [{"min_total": 0, "grade_vi": "Khá"}],
                                   "passing_grades": ["Tốt"]}),
     "Loại đạt “Tốt” không có trong các mức xếp loại."),
])
def test_consistency_problems_are_named(change, message):
    doc = copy.deepcopy(BASE)
    change(doc)
    assert message in check_set(doc)
