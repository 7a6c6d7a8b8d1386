"""Attendance (điểm danh): the grid data of a class, saving marks all-or-nothing, completion.

:func:`attendance_grid` reads a class in two queries (the class with its sessions; the learners
with their marks gathered by ``group_concat``), a few milliseconds for 40 learners × 20 sessions.
:func:`set_attendance` validates every mark before writing any, then upserts the changed ones in
one transaction, touches the changed learners' ``updated_at`` (marks travel with their
enrolment) and writes one audit row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from types import MappingProxyType

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.names import split_full_name
from app.domain.text import person_sort_key
from app.i18n import _
from app.models import Attendance, Class, ClassSession, Enrolment
from app.models.base import utcnow
from app.services import audit
from app.services.class_grid import AttendanceGrid, Completion, GridColumn, GridRow, Mark
from app.services.errors import NotFound, Problem, ValidationFailed

_CLASS_SQL = (
    "SELECT c.title, c.kind, c.completion_percent, s.id, s.number, s.held_on, s.start_time, s.end_time, "
    "s.head_count FROM learning_class c LEFT JOIN class_session s ON s.class_id = c.id "
    "WHERE c.id = ? ORDER BY s.number, s.id"
)
_LEARNERS_SQL = (
    "SELECT e.id, e.person_id, e.guest_name, e.guest_sex, e.guest_birth_year, e.guest_village, e.completed, "
    "p.full_name, p.sex, p.birth_year, p.sort_key, h.code, v.name, "
    "(SELECT group_concat(a.session_id || ':' || a.present) FROM class_attendance a WHERE a.enrolment_id = e.id) "
    "FROM class_enrolment e LEFT JOIN person p ON p.id = e.person_id "
    "LEFT JOIN household h ON h.id = p.household_id LEFT JOIN village v ON v.id = h.village_id "
    "WHERE e.class_id = ?"
)


def _time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def _guest_key(name: str) -> str:
    family, middle, given = split_full_name(name)
    return person_sort_key(given, middle, family)


def attendance_grid(db: Database, class_id: int) -> AttendanceGrid:
    """The class's grid: learners in Vietnamese name order (guests among them by their typed
    name), sessions in order, marks. Raises NotFound. Reads through the driver (two queries)."""
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        head = raw.execute(_CLASS_SQL, (class_id,)).fetchall()
        if not head:
            raise NotFound(class_id)
        learners = raw.execute(_LEARNERS_SQL, (class_id,)).fetchall()
    title, kind, percent = head[0][:3]
    columns = tuple(GridColumn(sid, number, date.fromisoformat(day), _time(start), _time(end), count)
                    for *_c, sid, number, day, start, end, count in head if sid is not None)
    rows, marks = [], {}
    for (eid, pid, g_name, g_sex, g_born, g_village, done, name, sex, born, key, code, village,
         packed) in learners:
        if pid is None:
            row = GridRow(eid, g_name, None, g_sex, g_born, g_village, "", _bool(done))
            key = _guest_key(g_name)
        else:
            row = GridRow(eid, name, pid, sex, born, village or "", code or "", _bool(done))
        rows.append((key or "", eid, row))
        for item in packed.split(",") if packed else ():
            sid, present = item.split(":")
            marks[(eid, int(sid))] = present == "1"
    rows.sort(key=lambda r: (r[0], r[1]))
    return AttendanceGrid(class_id, title, kind, percent, columns, tuple(r[2] for r in rows),
                          MappingProxyType(marks))


def _bool(value) -> bool | None:
    return None if value is None else bool(value)


@dataclass(frozen=True)
class AttendanceSaved:
    """What :func:`set_attendance` changed: marks added or changed, and marks cleared."""

    written: int
    cleared: int

    @property
    def changed(self) -> int:
        return self.written + self.cleared


def _check_marks(s: Session, class_id: int, marks: Sequence[Mark]) -> None:
    enrolments = set(s.scalars(select(Enrolment.id).where(Enrolment.class_id == class_id)))
    sessions = set(s.scalars(select(ClassSession.id).where(ClassSession.class_id == class_id)))
    problems = []
    for i, mark in enumerate(marks):
        eid, sid, present = mark
        if eid not in enrolments:
            problems.append(Problem("enrolment_id", _("Học viên (mã {id}) không thuộc lớp này.").format(id=eid), row=i))
        if sid not in sessions:
            problems.append(Problem("session_id", _("Buổi học (mã {id}) không thuộc lớp này.").format(id=sid), row=i))
        if present not in (True, False, None):
            problems.append(Problem("present", _("Điểm danh phải là có mặt, vắng hoặc để trống."), row=i))
    if problems:
        raise ValidationFailed(problems)


def set_attendance(db: Database, class_id: int, marks: Sequence[Mark], by: str = "") -> AttendanceSaved:
    """Save marks ``(enrolment_id, session_id, present)``: True present, False absent, None clears
    the mark; a later mark for the same cell wins. All or nothing: a mark naming a learner or a
    session of another class raises ValidationFailed (``row`` = its index in ``marks``) and
    nothing is written. Unchanged marks are not rewritten. Raises NotFound for an unknown class."""
    with db.session() as s:
        c = s.get(Class, class_id)
        if c is None:
            raise NotFound(class_id)
        _check_marks(s, class_id, marks)
        wanted = {(e, x): p for e, x, p in marks}
        enrolment_ids = sorted({e for e, _x in wanted})
        old = {(e, x): p for e, x, p in s.execute(
            select(Attendance.enrolment_id, Attendance.session_id, Attendance.present)
            .where(Attendance.enrolment_id.in_(enrolment_ids)))} if enrolment_ids else {}
        write = [{"enrolment_id": e, "session_id": x, "present": p} for (e, x), p in wanted.items()
                 if p is not None and old.get((e, x)) != p]
        clear = [{"b_e": e, "b_s": x} for (e, x), p in wanted.items() if p is None and (e, x) in old]
        if write:
            stmt = insert(Attendance.__table__)
            s.execute(stmt.on_conflict_do_update(index_elements=["enrolment_id", "session_id"],
                                                 set_={"present": stmt.excluded.present}), write)
        if clear:
            t = Attendance.__table__
            s.execute(delete(t).where(t.c.enrolment_id == bindparam("b_e"), t.c.session_id == bindparam("b_s")),
                      clear)
        touched = sorted({r["enrolment_id"] for r in write} | {r["b_e"] for r in clear})
        if touched:
            s.execute(update(Enrolment).where(Enrolment.id.in_(touched)).values(updated_at=utcnow()))
            audit.record(s, "attendance", "class", c.uuid, _("Điểm danh “{title}”: {n} ô thay đổi.").format(
                title=c.title, n=len(write) + len(clear)), {"written": len(write), "cleared": len(clear), "by": by})
        return AttendanceSaved(len(write), len(clear))


def class_completions(db: Database, class_id: int) -> list[tuple[GridRow, Completion]]:
    """Each learner of the class with their completion (the class's rule or the override)."""
    grid = attendance_grid(db, class_id)
    return [(row, grid.completion(i)) for i, row in enumerate(grid.rows)]
