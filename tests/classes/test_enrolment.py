"""Learners come from the registry one by one or a whole household at a time; people not in the
registry are enrolled as guests and later matched to a person, their marks merged."""

from __future__ import annotations

import pytest

from app.services import class_attendance as att
from app.services import class_enrolment as enrol
from app.services.errors import InUse, ValidationFailed
from tests.classes.conftest import course


def test_enrolling_persons_skips_those_already_in_the_class(db, centre):
    c = course(db, centre)
    first = enrol.enrol_persons(db, c.id, [centre.persons["Lò Văn Pọm"], centre.persons["Cầm Văn Đức"]])
    assert len(first.added) == 2 and first.warnings == ()
    again = enrol.enrol_persons(db, c.id, [centre.persons["Lò Văn Pọm"]])
    assert again.added == ()
    assert [w.message for w in again.warnings] == ["Lò Văn Pọm đã có trong lớp."]


def test_a_whole_household_is_enrolled_at_once_adults_only_when_asked(db, centre):
    # given a class for adults and the Lò household of four (one child of 12)
    c = course(db, centre)
    # when the household is added with a minimum age of 15
    r = enrol.enrol_household(db, c.id, centre.households["HGD-001"], min_age=15)
    # then its three adults are learners, marked as added with their household
    grid = att.attendance_grid(db, c.id)
    assert [row.name for row in grid.rows] == ["Lò Thị Ánh", "Lò Thị Cúc", "Lò Văn Pọm"]
    assert len(r.added) == 3
    assert {row.household_code for row in grid.rows} == {"HGD-001"}
    # and adding the whole household again (everyone) adds only the child
    again = enrol.enrol_household(db, c.id, centre.households["HGD-001"])
    assert len(again.added) == 1 and len(again.warnings) == 3


def test_capacity_is_a_warning_not_a_refusal(db, centre):
    c = course(db, centre, capacity=2)
    r = enrol.enrol_household(db, c.id, centre.households["HGD-001"])
    assert len(r.added) == 4
    assert [w.message for w in r.warnings] == ["Lớp có 4 học viên, nhiều hơn số dự kiến 2."]


def test_a_guest_is_enrolled_by_name_and_later_matched_to_the_registry(db, centre):
    # given a guest who came to the first two sessions
    c = course(db, centre)
    guest = enrol.enrol_guest(db, c.id, enrol.GuestData("nguyễn thị hương", "F", 2000, "Tiểu khu 3")).added[0]
    s1, s2 = c.sessions[0].id, c.sessions[1].id
    att.set_attendance(db, c.id, [(guest, s1, True), (guest, s2, True)])
    grid = att.attendance_grid(db, c.id)
    assert grid.rows[0].guest and grid.rows[0].name == "nguyễn thị hương"
    # when the centre finds her in the registry (same name folded, same village first)
    candidates = enrol.guest_candidates(db, guest)
    assert [p.full_name for p in candidates] == ["Nguyễn Thị Hương"]
    result = enrol.match_guest(db, guest, candidates[0].person_id)
    # then the learner is the registry person, with her marks, and the class is on her page
    assert result == enrol.MatchResult(guest, False, 0)
    grid = att.attendance_grid(db, c.id)
    assert (grid.rows[0].name, grid.rows[0].household_code, grid.attended(0)) == ("Nguyễn Thị Hương", "HGD-003", 2)
    mine = enrol.person_classes(db, centre.persons["Nguyễn Thị Hương"])
    assert [(p.title, p.completion.attended, p.completion.sessions) for p in mine] == [("Kỹ thuật trồng cà phê", 2, 5)]


def test_matching_a_guest_who_was_also_enrolled_merges_the_marks(db, centre):
    # given Cầm Văn Đức enrolled (present at session 1, absent at 2) and a guest "Cam Van Duc"
    # written on the sheet for sessions 2 and 3
    c = course(db, centre)
    s1, s2, s3 = (x.id for x in c.sessions[:3])
    duc = enrol.enrol_persons(db, c.id, [centre.persons["Cầm Văn Đức"]]).added[0]
    guest = enrol.enrol_guest(db, c.id, enrol.GuestData("Cam Van Duc")).added[0]
    att.set_attendance(db, c.id, [(duc, s1, True), (duc, s2, False), (guest, s2, True), (guest, s3, True)])
    # when the guest is matched to him
    result = enrol.match_guest(db, guest, centre.persons["Cầm Văn Đức"])
    # then one learner is left, present at the three sessions
    assert (result.enrolment_id, result.merged, result.marks_changed) == (duc, True, 2)
    grid = att.attendance_grid(db, c.id)
    assert len(grid.rows) == 1 and grid.attended(0) == 3


def test_a_guest_needs_a_name_and_a_plausible_birth_year(db, centre):
    c = course(db, centre)
    with pytest.raises(ValidationFailed) as exc:
        enrol.enrol_guest(db, c.id, enrol.GuestData(" ", birth_year=1850))
    assert [p.field for p in exc.value.problems] == ["full_name", "birth_year"]


def test_matching_a_registry_learner_is_refused(db, centre):
    c = course(db, centre)
    eid = enrol.enrol_persons(db, c.id, [centre.persons["Lò Văn Pọm"]]).added[0]
    with pytest.raises(ValidationFailed):
        enrol.match_guest(db, eid, centre.persons["Cầm Văn Đức"])


def test_a_learner_who_attended_is_removed_only_when_forced(db, centre):
    c = course(db, centre)
    eid = enrol.enrol_persons(db, c.id, [centre.persons["Lò Văn Pọm"]]).added[0]
    att.set_attendance(db, c.id, [(eid, c.sessions[0].id, True)])
    with pytest.raises(InUse) as exc:
        enrol.remove_enrolment(db, eid)
    assert exc.value.reasons == ["Lò Văn Pọm đã dự 1 buổi học."]
    enrol.remove_enrolment(db, eid, force=True)
    assert att.attendance_grid(db, c.id).rows == ()


def test_a_person_who_took_classes_cannot_be_deleted(db, centre):
    from app.services.households import delete_household, delete_preview

    # given Lò Văn Pọm in three classes
    for title in ("Lớp một", "Lớp hai", "Lớp ba"):
        c = course(db, centre, title=title)
        enrol.enrol_persons(db, c.id, [centre.persons["Lò Văn Pọm"]])
    # when his household is to be deleted
    preview = delete_preview(db, centre.households["HGD-001"])
    # then the reason is given and the deletion refused
    assert preview.blocked_by == ("Lò Văn Pọm đã tham gia 3 lớp học.",)
    with pytest.raises(InUse):
        delete_household(db, centre.households["HGD-001"])
