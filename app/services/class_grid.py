"""The attendance grid as plain data, and the completion rule: pure Python, no database, no Qt.

The grid of a class has one row per learner, one column per session, and a mark per cell: True
(present), False (absent) or None (not recorded yet). The attendance page keeps an
:class:`AttendanceGrid` (from :func:`app.services.class_attendance.attendance_grid`), edits it
with :meth:`AttendanceGrid.with_marks` as keys are typed or boxes ticked, and saves
:meth:`AttendanceGrid.changes_since` with :func:`app.services.class_attendance.set_attendance`.

Completion (hoàn thành): a learner completes a class when marked so (``completed`` True), never
when marked not (False), else when present at ``percent`` % or more of the class's sessions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from types import MappingProxyType

from app.domain.text import fold

__all__ = ["Completion", "completion", "sessions_needed", "parse_mark", "mark_text", "GridColumn", "GridRow",
           "AttendanceGrid", "Mark"]

#: (enrolment id, session id, present): True present, False absent, None to clear the mark.
Mark = tuple[int, int, bool | None]

# Folded (no accents, lower case). In Vietnamese attendance books "v" is vắng (absent) and "p"/"k"
# are absences with or without leave (có phép / không phép), so none of them means present.
_PRESENT = {"x", "1", "co", "c", "+", "✓", "✔", "co mat"}
_ABSENT = {"0", "v", "p", "k", "kp", "-", "khong", "vang", "vang mat", "nghi", "vang co phep", "vang khong phep"}


def parse_mark(text: object) -> bool | None:
    """A typed or imported cell as a mark: ``x``, ``1``, ``có``, ``c``, ``+``, ``✓`` → True;
    ``0``, ``v``, ``vắng``, ``p``, ``k``, ``không``, ``-``, ``nghỉ`` → False; blank → None. Raises ValueError
    for anything else. Accents and case are ignored; a number counts as 1 or 0."""
    if text is None:
        return None
    if isinstance(text, bool):
        return text
    if isinstance(text, (int, float)):
        if text in (0, 1):
            return bool(text)
        raise ValueError(text)
    key = fold(str(text))
    if not key:
        return None
    if key in _PRESENT:
        return True
    if key in _ABSENT:
        return False
    raise ValueError(text)


def mark_text(mark: bool | None) -> str:
    """How a mark is shown and exported: ``x`` present, ``v`` absent (vắng), blank unknown."""
    return "" if mark is None else "x" if mark else "v"


def sessions_needed(sessions: int, percent: int) -> int:
    """The fewest sessions to attend to complete a class of ``sessions`` at ``percent`` %."""
    return math.ceil(sessions * percent / 100 - 1e-9) if sessions else 0


@dataclass(frozen=True)
class Completion:
    """A learner's completion: sessions attended of the class's sessions, whether the rule is met,
    the override (None: the rule decides) and the result."""

    attended: int
    sessions: int
    percent: int
    override: bool | None

    @property
    def by_rule(self) -> bool:
        return self.sessions > 0 and self.attended >= sessions_needed(self.sessions, self.percent)

    @property
    def completed(self) -> bool:
        return self.by_rule if self.override is None else self.override

    @property
    def rate(self) -> float | None:
        """Sessions attended in percent of the class's sessions (None without sessions)."""
        return round(100.0 * self.attended / self.sessions, 1) if self.sessions else None


def completion(attended: int, sessions: int, percent: int, override: bool | None = None) -> Completion:
    """The completion of a learner present at ``attended`` of ``sessions`` sessions under a rule of
    ``percent`` % (0–100), with an explicit ``override`` (True/False) or None."""
    return Completion(attended, sessions, percent, override)


@dataclass(frozen=True)
class GridColumn:
    session_id: int
    number: int
    held_on: date
    start_time: time | None = None
    end_time: time | None = None
    head_count: int | None = None


@dataclass(frozen=True)
class GridRow:
    """A learner: ``name`` as typed in the registry or for a guest (``person_id`` None)."""

    enrolment_id: int
    name: str
    person_id: int | None = None
    sex: str = ""
    birth_year: int | None = None
    village: str = ""
    household_code: str = ""
    completed_override: bool | None = None

    @property
    def guest(self) -> bool:
        return self.person_id is None


@dataclass(frozen=True)
class AttendanceGrid:
    """Rows (learners, in Vietnamese name order), columns (sessions, in date order) and marks keyed
    by (enrolment id, session id); a missing key is an unrecorded mark. Immutable: edits return a
    new grid, so the page can compare with the grid it loaded."""

    class_id: int
    title: str
    kind: str
    completion_percent: int
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    marks: Mapping[tuple[int, int], bool] = field(default_factory=lambda: MappingProxyType({}))

    def mark(self, row: int, col: int) -> bool | None:
        """The mark at row and column indexes."""
        return self.marks.get((self.rows[row].enrolment_id, self.columns[col].session_id))

    def attended(self, row: int) -> int:
        eid = self.rows[row].enrolment_id
        return sum(1 for c in self.columns if self.marks.get((eid, c.session_id)) is True)

    def present_count(self, col: int) -> int:
        """Named learners present at a session (a talk's head count may be higher)."""
        sid = self.columns[col].session_id
        return sum(1 for r in self.rows if self.marks.get((r.enrolment_id, sid)) is True)

    def completion(self, row: int) -> Completion:
        return completion(self.attended(row), len(self.columns), self.completion_percent,
                          self.rows[row].completed_override)

    def with_marks(self, marks: Iterable[Mark]) -> AttendanceGrid:
        """A copy with ``marks`` applied (None clears); unknown ids are ignored here and refused
        when saved."""
        new = dict(self.marks)
        for eid, sid, present in marks:
            if present is None:
                new.pop((eid, sid), None)
            else:
                new[(eid, sid)] = bool(present)
        return replace(self, marks=MappingProxyType(new))

    def toggled(self, row: int, col: int) -> AttendanceGrid:
        """Ticking a box: unrecorded or absent → present, present → absent."""
        key = (self.rows[row].enrolment_id, self.columns[col].session_id)
        return self.with_marks([(*key, self.marks.get(key) is not True)])

    def changes_since(self, old: AttendanceGrid) -> list[Mark]:
        """The marks to save to turn ``old`` into this grid (cleared marks as None)."""
        out: list[Mark] = [(e, s, p) for (e, s), p in self.marks.items() if old.marks.get((e, s)) != p]
        out += [(e, s, None) for (e, s) in old.marks if (e, s) not in self.marks]
        return sorted(out, key=lambda m: (m[0], m[1]))
