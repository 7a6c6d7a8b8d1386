"""Topics from a list the centre extends, instructors, and classes with their planned sessions."""

from __future__ import annotations

from datetime import date, time

import pytest

from app.services import class_attendance as att
from app.services import class_enrolment as enrol
from app.services import class_lists as lists
from app.services import classes
from app.services.errors import InUse, ValidationFailed
from tests.classes.conftest import YEAR, course


def test_the_built_in_topics_are_seeded_once_and_the_centre_adds_its_own(db):
    first = lists.list_topics(db)
    assert [t.name for t in first][:3] == ["Xóa mù chữ", "Giáo dục tiếp tục sau khi biết chữ",
                                           "Chuyển giao khoa học kỹ thuật"]
    assert len(first) == 11 and all(t.builtin for t in first)
    assert len(lists.list_topics(db)) == 11  # idempotent
    own = lists.save_topic(db, "Bảo vệ môi trường")
    assert (own.code, own.builtin, lists.list_topics(db)[-1].name) == ("bao_ve_moi_truong", False, "Bảo vệ môi trường")
    with pytest.raises(ValidationFailed):
        lists.save_topic(db, "bảo vệ MÔI TRƯỜNG")  # the same name, folded
    # a built-in topic is hidden, not deleted
    law = next(t for t in first if t.code == "phap_luat")
    with pytest.raises(ValidationFailed):
        lists.delete_topic(db, law.id)
    lists.save_topic(db, law.name, law.id, active=False)
    assert "Pháp luật" not in [t.name for t in lists.list_topics(db)]
    assert "Pháp luật" in [t.name for t in lists.list_topics(db, include_inactive=True)]
    lists.delete_topic(db, own.id)


def test_a_topic_or_instructor_in_use_is_not_deleted(db, centre):
    course(db, centre)
    with pytest.raises(InUse) as exc:
        lists.delete_instructor(db, centre.instructor)
    assert exc.value.reasons == ["Hà Văn Khánh là báo cáo viên của 1 lớp học."]
    own = lists.save_topic(db, "Du lịch cộng đồng")
    centre.topics[own.code] = own.id
    course(db, centre, "Làm homestay", topic=own.code)
    with pytest.raises(InUse):
        lists.delete_topic(db, own.id)


def test_instructors_are_found_by_name_or_organisation(db, centre):
    lists.save_instructor(db, lists.InstructorData("Quàng Thị Hoa", "Trạm Y tế xã"))
    assert [i.display for i in lists.list_instructors(db, "tram y")] == ["Quàng Thị Hoa (Trạm Y tế xã)"]
    assert [i.full_name for i in lists.list_instructors(db)] == ["Quàng Thị Hoa", "Hà Văn Khánh"]  # by given name


def test_a_course_is_planned_with_weekly_sessions_and_takes_its_year_from_the_first(db, centre):
    c = course(db, centre, first=date(YEAR, 11, 20), count=8)
    assert (c.year, c.starts_on, c.ends_on) == (YEAR, date(YEAR, 11, 20), date(YEAR + 1, 1, 8))
    assert [x.number for x in c.sessions] == list(range(1, 9))
    assert c.sessions[0].start_time == time(18, 30)
    # sessions are renumbered by date when one is moved earlier
    moved = [classes.SessionData(x.held_on if x.number != 8 else date(YEAR, 11, 1), x.start_time, x.end_time,
                                 id=x.id) for x in c.sessions]
    again = classes.set_sessions(db, c.id, moved)
    assert (again.starts_on, again.sessions[0].id) == (date(YEAR, 11, 1), c.sessions[7].id)


def test_a_class_without_sessions_keeps_the_year_it_was_planned_for(db, centre):
    c = classes.create_class(db, classes.ClassData(centre.topics["nghe"], "Dệt thổ cẩm", year=YEAR))
    assert (c.year, c.starts_on, c.sessions) == (YEAR, None, ())
    assert [r.title for r in classes.list_classes(db, YEAR)] == ["Dệt thổ cẩm"]


def test_a_class_needs_a_title_and_a_sensible_rule(db, centre):
    with pytest.raises(ValidationFailed) as exc:
        classes.create_class(db, classes.ClassData(centre.topics["nghe"], "  ", completion_percent=120))
    assert [p.field for p in exc.value.problems] == ["title", "completion_percent"]


def test_removing_a_session_or_a_class_with_attendance_needs_force(db, centre):
    c = course(db, centre, count=3)
    eid = enrol.enrol_persons(db, c.id, [centre.persons["Lò Văn Pọm"]]).added[0]
    att.set_attendance(db, c.id, [(eid, c.sessions[2].id, True)])
    keep = [classes.SessionData(x.held_on, id=x.id) for x in c.sessions[:2]]
    with pytest.raises(InUse) as exc:
        classes.set_sessions(db, c.id, keep)
    assert exc.value.reasons == [f"Buổi 3 ngày 19/03/{YEAR} đã có điểm danh."]
    assert len(classes.set_sessions(db, c.id, keep, force=True).sessions) == 2
    att.set_attendance(db, c.id, [(eid, c.sessions[0].id, True)])
    with pytest.raises(InUse):
        classes.delete_class(db, c.id)
    classes.delete_class(db, c.id, force=True)
    assert classes.list_classes(db) == []
    assert enrol.person_classes(db, centre.persons["Lò Văn Pọm"]) == []


def test_the_class_list_filters_by_year_topic_and_words(db, centre):
    course(db, centre, "Kỹ thuật trồng cà phê")
    course(db, centre, "Tin học cơ bản", topic="tin_hoc")
    course(db, centre, "Năm sau", first=date(YEAR + 1, 2, 1))
    assert [r.title for r in classes.list_classes(db, YEAR)] == ["Kỹ thuật trồng cà phê", "Tin học cơ bản"]
    assert [r.title for r in classes.list_classes(db, YEAR, query="ca phe")] == ["Kỹ thuật trồng cà phê"]
    assert [r.title for r in classes.list_classes(db, topic_id=centre.topics["tin_hoc"])] == ["Tin học cơ bản"]


def test_editing_a_class_keeps_its_sessions_and_a_course_becomes_a_talk_only_with_one(db, centre):
    c = course(db, centre, count=3)
    changed = classes.update_class(db, c.id, classes.ClassData(**{**vars(c.data), "title": "Cà phê chè",
                                                                  "cancelled": True, "capacity": 25}))
    assert (changed.title, changed.data.cancelled, changed.data.capacity, len(changed.sessions)) == (
        "Cà phê chè", True, 25, 3)
    assert classes.list_classes(db, YEAR, include_cancelled=False) == []
    with pytest.raises(ValidationFailed) as exc:
        classes.update_class(db, c.id, classes.ClassData(**{**vars(c.data), "kind": "talk"}))
    assert "Chuyên đề chỉ có một buổi" in str(exc.value)
