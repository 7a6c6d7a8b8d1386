"""Attendance: the grid of a class as plain data, marks saved all or nothing, completion by the
class's rule or marked by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services import class_attendance as att
from app.services import class_enrolment as enrol
from app.services.class_grid import completion, parse_mark, sessions_needed
from app.services.errors import ValidationFailed
from tests.classes.conftest import YEAR, course, talk


@pytest.fixture
def lo_class(db, centre):
    """The coffee course (5 sessions) with the Lò household's three adults."""
    c = course(db, centre)
    enrol.enrol_household(db, c.id, centre.households["HGD-001"], min_age=15)
    return c


def test_the_grid_has_learners_in_name_order_sessions_in_date_order_and_no_marks_yet(db, lo_class):
    grid = att.attendance_grid(db, lo_class.id)
    assert [r.name for r in grid.rows] == ["Lò Thị Ánh", "Lò Thị Cúc", "Lò Văn Pọm"]
    assert [(c.number, c.held_on) for c in grid.columns] == [(k + 1, date(YEAR, 3, 5) + timedelta(days=7 * k))
                                                                   for k in range(5)]
    assert grid.marks == {} and grid.mark(0, 0) is None


def test_marks_typed_in_the_grid_are_saved_as_the_changes_since_loading(db, lo_class):
    # given the loaded grid
    loaded = att.attendance_grid(db, lo_class.id)
    # when the user ticks Ánh present at session 1, ticks Pọm twice (present, then absent) at session 2
    edited = loaded.toggled(0, 0).toggled(2, 1).toggled(2, 1)
    changes = edited.changes_since(loaded)
    saved = att.set_attendance(db, lo_class.id, changes)
    # then the two marks are saved and the grid reads them back
    assert saved.written == 2
    again = att.attendance_grid(db, lo_class.id)
    assert (again.mark(0, 0), again.mark(2, 1), again.mark(1, 0)) == (True, False, None)
    assert again.present_count(0) == 1
    # and clearing a mark deletes it
    cleared = att.set_attendance(db, lo_class.id, again.with_marks([(again.rows[2].enrolment_id,
                                                                    again.columns[1].session_id, None)])
                                 .changes_since(again))
    assert (cleared.written, cleared.cleared) == (0, 1)
    assert att.attendance_grid(db, lo_class.id).mark(2, 1) is None


def test_saving_is_all_or_nothing(db, centre, lo_class):
    # given a mark for a learner of ANOTHER class among good marks
    other = course(db, centre, title="Tin học cơ bản", topic="tin_hoc")
    stranger = enrol.enrol_persons(db, other.id, [centre.persons["Cầm Văn Đức"]]).added[0]
    grid = att.attendance_grid(db, lo_class.id)
    good = [(r.enrolment_id, grid.columns[0].session_id, True) for r in grid.rows]
    # when they are saved together
    with pytest.raises(ValidationFailed) as exc:
        att.set_attendance(db, lo_class.id, good + [(stranger, grid.columns[1].session_id, True)])
    # then the bad one is named by its position and none is written
    assert [(p.row, p.field) for p in exc.value.problems] == [(3, "enrolment_id")]
    assert att.attendance_grid(db, lo_class.id).marks == {}


def test_unchanged_marks_are_not_rewritten(db, lo_class):
    grid = att.attendance_grid(db, lo_class.id)
    marks = [(grid.rows[0].enrolment_id, grid.columns[0].session_id, True)]
    assert att.set_attendance(db, lo_class.id, marks).changed == 1
    assert att.set_attendance(db, lo_class.id, marks).changed == 0


def test_keys_typed_in_a_cell(db):
    assert [parse_mark(t) for t in ("x", "X", "1", "có", "Có", "+", "", None, "v", "0", "vắng", "K", "nghỉ")] == [
        True, True, True, True, True, True, None, None, False, False, False, False, False]
    with pytest.raises(ValueError):
        parse_mark("abc")


def test_completion_by_the_class_rule_or_marked_by_hand(db, lo_class):
    # the rule: 80 % of 5 sessions is 4 sessions
    assert sessions_needed(5, 80) == 4 and sessions_needed(3, 80) == 3 and sessions_needed(20, 75) == 15
    assert completion(4, 5, 80).completed and not completion(3, 5, 80).completed
    assert completion(0, 0, 0).completed is False  # no session, nothing to complete
    assert completion(1, 5, 80, override=True).completed and not completion(5, 5, 80, override=False).completed
    # given Ánh at 4 sessions, Cúc at 3, Pọm at 5
    grid = att.attendance_grid(db, lo_class.id)
    counts = {"Lò Thị Ánh": 4, "Lò Thị Cúc": 3, "Lò Văn Pọm": 5}
    att.set_attendance(db, lo_class.id, [(r.enrolment_id, c.session_id, k < counts[r.name])
                                         for r in grid.rows for k, c in enumerate(grid.columns)])
    done = {row.name: c.completed for row, c in att.class_completions(db, lo_class.id)}
    assert done == {"Lò Thị Ánh": True, "Lò Thị Cúc": False, "Lò Văn Pọm": True}
    # when the director marks Cúc completed (she made up a session) and Pọm not (he left early)
    enrol.set_completed(db, grid.rows[1].enrolment_id, True)
    enrol.set_completed(db, grid.rows[2].enrolment_id, False)
    done = {row.name: (c.completed, c.by_rule) for row, c in att.class_completions(db, lo_class.id)}
    assert done == {"Lò Thị Ánh": (True, True), "Lò Thị Cúc": (True, False), "Lò Văn Pọm": (False, True)}
    # and back to the rule
    enrol.set_completed(db, grid.rows[2].enrolment_id, None)
    assert att.class_completions(db, lo_class.id)[2][1].completed is True


def test_a_talk_takes_a_head_count_and_named_participants(db, centre):
    from app.services.classes import set_head_count

    t = talk(db, centre)
    eid = enrol.enrol_persons(db, t.id, [centre.persons["Cầm Văn Đức"]]).added[0]
    set_head_count(db, t.sessions[0].id, 85)
    att.set_attendance(db, t.id, [(eid, t.sessions[0].id, True)])
    grid = att.attendance_grid(db, t.id)
    assert (grid.kind, grid.columns[0].head_count, grid.present_count(0)) == ("talk", 85, 1)
    assert grid.completion(0).completed


def test_a_talk_has_one_session(db, centre):
    from app.services.classes import ClassData, create_class, weekly_sessions

    with pytest.raises(ValidationFailed) as exc:
        create_class(db, ClassData(centre.topics["phap_luat"], "Luật Đất đai", "talk"), weekly_sessions(date(YEAR, 1, 5), 2))
    assert "Chuyên đề chỉ có một buổi" in str(exc.value)
