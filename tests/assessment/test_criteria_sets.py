"""Criteria sets as data: shipped sets installed once, files imported and exported, bad files refused
with a message and nothing changed, copies for a new year, editing and confirming samples."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.services import criteria_sets as cs
from app.services.errors import ValidationFailed


def _count(db) -> int:
    from sqlalchemy import func, select

    from app.models import CriteriaSet

    with db.session() as s:
        return s.scalar(select(func.count(CriteriaSet.id)))


def test_shipped_sets_are_installed_once_with_their_status(db):
    sets = cs.list_sets(db)
    assert cs.install_shipped(db) == 0
    assert len(sets) == _count(db) == 9
    cdht = [s for s in sets if s.title_code == "CDHT_CONG_DAN"]
    assert {s.target_group for s in cdht} == {"", "community", "workers", "officials", "pupils"}
    assert all(s.status == "partial" and not s.needs_confirmation for s in cdht)
    samples = [s for s in sets if s.status == "sample"]
    assert {s.title_code for s in samples} == {"GDHT", "DHHT", "CDHT_THON", "DVHT"}
    assert all(s.needs_confirmation and s.label == "Bộ tiêu chí mẫu — đối chiếu hướng dẫn của tỉnh trước khi dùng"
               for s in samples)


def test_the_verified_citizen_pass_rule_comes_from_the_file(db):
    info = next(s for s in cs.list_sets(db) if s.code == "KHVN-324-2023-CDHT-WORKERS")
    _info, parsed = cs.get_set(db, info.id)
    assert (parsed.pass_rule.kind, parsed.pass_rule.min_total, parsed.pass_rule.min_each) == ("points_threshold", 80, 5)
    assert parsed.total_points == 100 and len(parsed.indicators) == 10


def test_export_then_import_elsewhere_gives_the_same_set(db, tmp_path):
    gdht = next(s for s in cs.list_sets(db) if s.title_code == "GDHT")
    path = cs.export_set(db, gdht.id, tmp_path / "gdht.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["code"] == gdht.code
    # importing the identical set changes nothing
    again = cs.import_set(db, path)
    assert again.id == gdht.id and _count(db) == 9
    # a province's version of it is a new set
    doc["version"], doc["province"], doc["status"] = 2, "Sơn La", "verified"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    province = cs.import_set(db, path)
    assert (province.version, province.province, province.origin, province.needs_confirmation) == (
        2, "Sơn La", "imported", False)


def _bad(tmp_path, mutate) -> object:
    doc = json.loads(next(p for p in cs.shipped_documents() if p[1]["title_code"] == "GDHT")[0].read_text("utf-8"))
    doc["version"] = 7
    mutate(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["criteria"][0]["indicators"][0].update(max_points=15),
     "Tiêu chí TC1: tổng điểm các chỉ số là 35, khác điểm tối đa 30 của tiêu chí."),
    (lambda d: d["criteria"][1]["indicators"][0].update(code="TC1.1"), "Mã “TC1.1” bị trùng."),
    (lambda d: d["criteria"][0]["indicators"][0]["derivation"].update(kind="sessions_attended"),
     "Chỉ số TC1.1: cách tính “sessions_attended” không có trong chương trình."),
    (lambda d: d["criteria"][0]["indicators"][1].update(max_points="mười"),
     "criteria/TC1/indicators/TC1.2/max_points: phải là một số."),
    (lambda d: d.pop("pass_rule"), "(gốc): thiếu trường “pass_rule”."),
    (lambda d: d.update(title_code="HOUSEHOLD"), "title_code: giá trị “HOUSEHOLD” không hợp lệ"),
    (lambda d: d.update(target_group="workers"),
     "Chỉ bộ tiêu chí Công dân học tập mới có nhóm đối tượng (target_group)."),
])
def test_a_bad_set_file_is_refused_with_a_message_and_nothing_changes(db, tmp_path, mutate, message):
    cs.install_shipped(db)
    before = _count(db)
    with pytest.raises(ValidationFailed) as exc:
        cs.import_set(db, _bad(tmp_path, mutate))
    assert any(message in p.message for p in exc.value.problems), exc.value.problems
    assert _count(db) == before


def test_a_file_that_is_not_json_is_refused(db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        cs.import_set(db, path)
    assert "không phải JSON hợp lệ" in str(exc.value)


def test_same_code_and_version_with_other_content_is_refused(db, tmp_path):
    gdht = next(s for s in cs.list_sets(db) if s.title_code == "GDHT")
    doc = cs.get_document(db, gdht.id)
    doc["notes"] = "sửa"
    path = tmp_path / "same.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        cs.import_set(db, path)
    assert "đổi số phiên bản" in str(exc.value)


def test_copy_last_years_set_into_a_new_period(db):
    dvht = next(s for s in cs.list_sets(db) if s.title_code == "DVHT")
    copy = cs.copy_set(db, dvht.id, date(2031, 1, 1), date(2035, 12, 31))
    assert (copy.code, copy.version, copy.valid_from, copy.origin) == (dvht.code, 2, date(2031, 1, 1), "copied")
    assert copy.needs_confirmation


def test_the_editor_checks_points_live_and_saving_clears_a_confirmation(db):
    dhht = next(s for s in cs.list_sets(db) if s.title_code == "DHHT")
    cs.confirm_set(db, dhht.id, "Cán bộ xã")
    doc = cs.get_document(db, dhht.id)
    doc["criteria"][0]["indicators"].append({"code": "TC1.4", "title_vi": "Chỉ số mới", "max_points": 5})
    check = cs.points_check(doc)
    assert not check.ok and not check.criteria[0].ok and check.criteria[0].indicators_sum == 35
    with pytest.raises(ValidationFailed):
        cs.save_set(db, doc, dhht.id)
    # move 5 points from TC1.3 to the new indicator: it adds up again
    doc["criteria"][0]["indicators"][2]["max_points"] = 5
    assert cs.points_check(doc).ok
    saved = cs.save_set(db, doc, dhht.id)
    assert saved.id == dhht.id and saved.needs_confirmation and saved.origin == "edited"


def test_confirming_needs_a_name_and_is_audited(db):
    from app.services.audit import recent

    gdht = next(s for s in cs.list_sets(db) if s.title_code == "GDHT")
    with pytest.raises(ValidationFailed):
        cs.confirm_set(db, gdht.id, "  ")
    done = cs.confirm_set(db, gdht.id, "Lò Văn Pọm")
    assert not done.needs_confirmation and done.confirmed_by == "Lò Văn Pọm"
    assert recent(db, 5, gdht.uuid)[0].action == "confirm"
