"""The year's plan (classes by month) and the figures the reports need.

Definitions used in every figure:

* a class or talk **held** in a month: not cancelled, its first session in that month and on or
  before ``as_of`` (a class from December to January counts in December, in its own year);
* **sessions**: sessions held in the year (by their own dates) up to ``as_of``;
* **learner turnouts** (lượt người): one person present at one session; at a session with a head
  count (a talk) the people counted beyond the named learners present are turnouts too, of unknown
  sex, age, ethnicity and village;
* **learners**: distinct persons present at least once (a guest learner not yet matched to the
  registry counts as one person);
* **enrolments** and **completed**: learners of the classes held, and those who completed them.

:func:`year_figures` reads three flat queries through the driver and aggregates in one pass in
Python: about 0.3 s for a year of 300 classes, 3,000 sessions and 60,000 marks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.db.engine import Database
from app.domain.reference import ethnic_groups
from app.domain.text import fold, sort_key
from app.i18n import _
from app.models import Class, ClassSession, Instructor, Topic
from app.services.class_grid import sessions_needed
from app.services.persons import AGE_BANDS

# ---------------------------------------------------------------- the year's plan


@dataclass(frozen=True)
class PlanClass:
    id: int
    title: str
    topic_name: str
    kind: str
    place: str
    instructor: str
    organisation: str
    partner: str
    target_group: str
    capacity: int | None
    funding_note: str
    starts_on: date | None
    ends_on: date | None
    sessions: int
    cancelled: bool


@dataclass(frozen=True)
class PlanMonth:
    """The classes starting in ``month`` (1–12), or not scheduled yet (``month`` None)."""

    month: int | None
    classes: tuple[PlanClass, ...]


@dataclass(frozen=True)
class YearPlan:
    year: int
    months: tuple[PlanMonth, ...]

    @property
    def count(self) -> int:
        return sum(len(m.classes) for m in self.months)


def year_plan(db: Database, year: int, include_cancelled: bool = False) -> YearPlan:
    """The classes of ``year`` grouped by the month of their first session (months without a
    class left out; classes without sessions last), by start date within a month. One query."""
    n_sessions = select(func.count()).where(ClassSession.class_id == Class.id).correlate(Class).scalar_subquery()
    q = (select(Class.id, Class.title, Topic.name, Class.kind, Class.place, func.coalesce(Instructor.full_name, ""),
                func.coalesce(Instructor.organisation, ""), Class.partner, Class.target_group, Class.capacity,
                Class.funding_note, Class.starts_on, Class.ends_on, n_sessions, Class.cancelled)
         .join(Topic, Topic.id == Class.topic_id).outerjoin(Instructor, Instructor.id == Class.instructor_id)
         .where(Class.year == year).order_by(Class.starts_on.is_(None), Class.starts_on, Topic.sort_order, Class.id))
    if not include_cancelled:
        q = q.where(Class.cancelled.is_(False))
    by_month: dict[int | None, list[PlanClass]] = defaultdict(list)
    with db.session() as s:
        for r in s.execute(q):
            c = PlanClass(*r)
            by_month[c.starts_on.month if c.starts_on else None].append(c)
    order = sorted(by_month, key=lambda m: (m is None, m or 0))
    return YearPlan(year, tuple(PlanMonth(m, tuple(by_month[m])) for m in order))


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Counts:
    classes: int = 0
    talks: int = 0
    sessions: int = 0
    turnouts: int = 0
    learners: int = 0
    enrolments: int = 0
    completed: int = 0


@dataclass(frozen=True)
class TopicMonth:
    topic_id: int
    topic_name: str
    month: int
    counts: Counts


@dataclass(frozen=True)
class TopicTotal:
    topic_id: int
    topic_name: str
    counts: Counts


@dataclass(frozen=True)
class BreakdownRow:
    """Turnouts and distinct learners of one category (``key`` is stable, ``label`` shown)."""

    key: str
    label: str
    turnouts: int
    learners: int


@dataclass(frozen=True)
class YearFigures:
    year: int
    as_of: date
    total: Counts
    by_topic: tuple[TopicTotal, ...]
    by_month: tuple[Counts, ...]  # 12 entries, January first
    cells: tuple[TopicMonth, ...]  # the non-empty topic × month cells
    by_sex: tuple[BreakdownRow, ...]
    by_age_band: tuple[BreakdownRow, ...]
    by_ethnicity: tuple[BreakdownRow, ...]
    by_village: tuple[BreakdownRow, ...]


_SESSIONS_SQL = (
    "SELECT s.id, s.held_on, c.topic_id, s.head_count FROM class_session s JOIN learning_class c ON c.id = s.class_id "
    "WHERE c.cancelled = 0 AND s.held_on BETWEEN ? AND ?"
)
_MARKS_SQL = (
    "SELECT a.session_id, e.id, e.person_id, p.sex, e.guest_sex, p.birth_year, e.guest_birth_year, p.ethnic_code, "
    "h.village_id, e.guest_village FROM class_attendance a "
    "JOIN class_session s ON s.id = a.session_id JOIN learning_class c ON c.id = s.class_id "
    "JOIN class_enrolment e ON e.id = a.enrolment_id LEFT JOIN person p ON p.id = e.person_id "
    "LEFT JOIN household h ON h.id = p.household_id "
    "WHERE a.present = 1 AND c.cancelled = 0 AND s.held_on BETWEEN ? AND ?"
)
_CLASSES_SQL = (
    "SELECT c.id, c.topic_id, c.kind, c.starts_on, c.completion_percent, "
    "(SELECT count(*) FROM class_session s WHERE s.class_id = c.id) FROM learning_class c "
    "WHERE c.year = ? AND c.cancelled = 0 AND c.starts_on <= ?"
)
_ENROLMENTS_SQL = (
    "SELECT e.class_id, e.completed, (SELECT count(*) FROM class_attendance a WHERE a.enrolment_id = e.id "
    "AND a.present = 1) FROM class_enrolment e JOIN learning_class c ON c.id = e.class_id "
    "WHERE c.year = ? AND c.cancelled = 0 AND c.starts_on <= ?"
)
_UNKNOWN = "unknown"


class _Tally:
    """Counters of one figure cell: classes, talks, sessions, turnouts, learner set, enrolments,
    completed."""

    __slots__ = ("classes", "talks", "sessions", "turnouts", "learners", "enrolments", "completed")

    def __init__(self) -> None:
        self.classes = self.talks = self.sessions = self.turnouts = self.enrolments = self.completed = 0
        self.learners: set = set()

    def counts(self) -> Counts:
        return Counts(self.classes, self.talks, self.sessions, self.turnouts, len(self.learners), self.enrolments,
                      self.completed)


_VILLAGE_WORDS = ("ban ", "thon ", "ap ", "xom ", "to dan pho ", "khu pho ")


def _village_keys(name: str) -> tuple[str, ...]:
    """How a village's name may be typed: folded, with or without its kind ("Bản Nà Sản", "Nà Sản")."""
    key = fold(name)
    bare = next((key[len(w):] for w in _VILLAGE_WORDS if key.startswith(w)), key)
    return (key, bare) if bare != key else (key,)


def _age_band(age: int | None) -> str:
    if age is None:
        return _UNKNOWN
    return next((band for band, (lo, hi) in AGE_BANDS.items() if lo <= age <= hi), _UNKNOWN)


def year_figures(db: Database, year: int, as_of: date | None = None) -> YearFigures:
    """The figures of ``year`` up to ``as_of`` (default: today, or the year's end for a past
    year); see the module documentation for the definitions. Read-only."""
    as_of = min(as_of or date.today(), date(year, 12, 31))
    first, last = date(year, 1, 1).isoformat(), as_of.isoformat()
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        sessions = raw.execute(_SESSIONS_SQL, (first, last)).fetchall()
        marks = raw.execute(_MARKS_SQL, (first, last)).fetchall()
        classes = raw.execute(_CLASSES_SQL, (year, last)).fetchall()
        enrolments = raw.execute(_ENROLMENTS_SQL, (year, last)).fetchall()
        topics = raw.execute("SELECT id, name, active FROM class_topic ORDER BY sort_order, id").fetchall()
        villages = raw.execute("SELECT id, name FROM village").fetchall()
    cells: dict[tuple[int, int], _Tally] = defaultdict(_Tally)
    session_cell = {}
    for sid, held_on, topic_id, _count in sessions:
        session_cell[sid] = key = (topic_id, int(held_on[5:7]))
        cells[key].sessions += 1
    class_cell, class_rule = {}, {}
    for cid, topic_id, kind, starts_on, percent, n_sessions in classes:
        class_cell[cid] = key = (topic_id, int(starts_on[5:7]))
        class_rule[cid] = sessions_needed(n_sessions, percent) if n_sessions else None
        if kind == "talk":
            cells[key].talks += 1
        else:
            cells[key].classes += 1
    for cid, completed, attended in enrolments:
        tally = cells[class_cell[cid]]
        tally.enrolments += 1
        needed = class_rule[cid]
        tally.completed += bool(completed) if completed is not None else needed is not None and attended >= needed
    people = _Learners(year, villages)
    named = defaultdict(int)
    for sid, eid, pid, *attrs in marks:
        who = pid if pid is not None else -eid
        tally = cells[session_cell[sid]]
        tally.turnouts += 1
        tally.learners.add(who)
        named[sid] += 1
        people.add(who, attrs)
    for sid, _held_on, _topic, head_count in sessions:
        extra = (head_count or 0) - named[sid]
        if extra > 0:
            cells[session_cell[sid]].turnouts += extra
            people.anonymous += extra
    return _assemble(year, as_of, cells, topics, people)


class _Learners:
    """Turnouts and distinct learners per sex, age band, ethnicity and village."""

    def __init__(self, year: int, villages: list[tuple[int, str]]):
        self.year = year
        self.village_names = dict(villages)
        self.by_folded = {key: vid for vid, name in villages for key in _village_keys(name)}
        self.turnouts: dict[str, dict[str, int]] = {d: defaultdict(int) for d in ("sex", "age", "ethnic", "village")}
        self.seen: dict = {}
        self.anonymous = 0

    def add(self, who, attrs) -> None:
        keys = self.seen.get(who)
        if keys is None:
            keys = self.seen[who] = self.keys(*attrs)
        for dim, key in zip(("sex", "age", "ethnic", "village"), keys, strict=True):
            self.turnouts[dim][key] += 1

    def keys(self, sex, guest_sex, born, guest_born, ethnic, village_id, guest_village) -> tuple[str, str, str, str]:
        sex = sex if sex is not None else guest_sex
        born = born if born is not None else guest_born
        if village_id is None and guest_village:
            village_id = next((self.by_folded[k] for k in _village_keys(guest_village) if k in self.by_folded),
                              "elsewhere")
        return (sex or _UNKNOWN, _age_band(self.year - born if born else None), ethnic or _UNKNOWN,
                str(village_id) if village_id is not None else _UNKNOWN)

    def rows(self, dim: int, name: str, label, order) -> tuple[BreakdownRow, ...]:
        learners: dict[str, int] = defaultdict(int)
        for keys in self.seen.values():
            learners[keys[dim]] += 1
        turnouts = dict(self.turnouts[name])
        if self.anonymous:
            turnouts[_UNKNOWN] = turnouts.get(_UNKNOWN, 0) + self.anonymous
        keys = sorted(turnouts, key=lambda k: (k == _UNKNOWN, k == "elsewhere", order(k)))
        return tuple(BreakdownRow(k, label(k), turnouts[k], learners.get(k, 0)) for k in keys)


def _assemble(year: int, as_of: date, cells: dict, topics: list, people: _Learners) -> YearFigures:
    total, months = _Tally(), [_Tally() for _m in range(12)]
    per_topic: dict[int, _Tally] = defaultdict(_Tally)
    for (topic_id, month), t in cells.items():
        for target in (total, months[month - 1], per_topic[topic_id]):
            for name in ("classes", "talks", "sessions", "turnouts", "enrolments", "completed"):
                setattr(target, name, getattr(target, name) + getattr(t, name))
            target.learners |= t.learners
    names = {tid: name for tid, name, _a in topics}
    shown = [(tid, name) for tid, name, active in topics if active or tid in per_topic]
    return YearFigures(
        year, as_of, total.counts(),
        tuple(TopicTotal(tid, name, per_topic[tid].counts() if tid in per_topic else Counts()) for tid, name in shown),
        tuple(m.counts() for m in months),
        tuple(TopicMonth(tid, names.get(tid, ""), month, cells[(tid, month)].counts())
              for tid, _n in shown for month in range(1, 13) if (tid, month) in cells),
        *_breakdowns(people),
    )


def _breakdowns(people: _Learners) -> tuple[tuple[BreakdownRow, ...], ...]:
    """By sex (men first), age band (youngest first), ethnicity (code order) and village (name
    order); a guest's village that is none of the commune's ("Nơi khác"), then unknown, last."""
    unknown = _("Chưa rõ")
    sexes = {"M": _("Nam"), "F": _("Nữ")}
    ethnic = {g.code: g.name for g in ethnic_groups()}
    villages = people.village_names
    bands = list(AGE_BANDS)

    def village(k: str) -> str:
        return villages.get(int(k), unknown) if k.isdigit() else _("Nơi khác") if k == "elsewhere" else unknown

    return (
        people.rows(0, "sex", lambda k: sexes.get(k, unknown), lambda k: k != "M"),
        people.rows(1, "age", lambda k: _("{band} tuổi").format(band=k) if k in AGE_BANDS else unknown,
                    lambda k: bands.index(k) if k in AGE_BANDS else 99),
        people.rows(2, "ethnic", lambda k: ethnic.get(k, unknown), lambda k: k),
        people.rows(3, "village", village, lambda k: sort_key(village(k))),
    )
