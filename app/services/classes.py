"""The centre's classes and talks (lớp học, chuyên đề) with their sessions (buổi học).

Every function opens its own session (one transaction), returns frozen dataclasses (never ORM
objects) and raises :class:`~app.services.errors.ValidationFailed` (Vietnamese problems),
:class:`~app.services.errors.NotFound` or :class:`~app.services.errors.InUse`. Writes are recorded
in the audit trail. Topics and instructors are in :mod:`app.services.class_lists`, learners in :mod:`app.services.class_enrolment`, attendance in
:mod:`app.services.class_attendance`, the year's plan and figures in :mod:`app.services.class_figures`.

A class's ``year``, ``starts_on`` and ``ends_on`` follow its sessions (the first and last); a class
without sessions keeps the year it was given. Sessions are numbered 1… in date and time order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.text import matches, nfc, search_key, search_tokens
from app.i18n import N_, _, format_date
from app.models import Attendance, Class, ClassSession, Enrolment, Instructor, Topic
from app.services import audit
from app.services.class_lists import ensure_topics
from app.services.errors import InUse, NotFound, Problem, ValidationFailed, errors_of

KINDS = {"course": N_("Lớp học"), "talk": N_("Chuyên đề")}


def kind_name(kind: str) -> str:
    return _(KINDS.get(kind, kind))


# ---------------------------------------------------------------- classes and sessions


@dataclass(frozen=True)
class ClassData:
    """What a class form edits. ``year`` is used only while the class has no session."""

    topic_id: int
    title: str
    kind: str = "course"
    place: str = ""
    instructor_id: int | None = None
    partner: str = ""
    funding_note: str = ""
    target_group: str = ""
    capacity: int | None = None
    completion_percent: int = 80
    year: int | None = None
    cancelled: bool = False
    notes: str = ""


@dataclass(frozen=True)
class SessionData:
    """A session to keep (``id`` set) or add (``id`` None)."""

    held_on: date
    start_time: time | None = None
    end_time: time | None = None
    place: str = ""
    head_count: int | None = None
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True)
class SessionInfo:
    id: int
    number: int
    held_on: date
    start_time: time | None
    end_time: time | None
    place: str
    head_count: int | None
    notes: str


@dataclass(frozen=True)
class ClassInfo:
    id: int
    uuid: str
    data: ClassData
    topic_name: str
    instructor_name: str
    instructor_organisation: str
    year: int | None
    starts_on: date | None
    ends_on: date | None
    sessions: tuple[SessionInfo, ...]
    learners: int

    @property
    def title(self) -> str:
        return self.data.title

    @property
    def kind(self) -> str:
        return self.data.kind


def weekly_sessions(first: date, count: int, start_time: time | None = None, end_time: time | None = None,
                    every_days: int = 7) -> list[SessionData]:
    """``count`` sessions from ``first``, one every ``every_days`` days (weekly by default)."""
    return [SessionData(first + timedelta(days=every_days * k), start_time, end_time) for k in range(max(0, count))]


def clean_class(data: ClassData) -> ClassData:
    return ClassData(data.topic_id, nfc(data.title), data.kind, nfc(data.place), data.instructor_id,
                     nfc(data.partner), nfc(data.funding_note), nfc(data.target_group), data.capacity,
                     data.completion_percent, data.year, data.cancelled, nfc(data.notes))


def _class_problems(s: Session, data: ClassData) -> list[Problem]:
    out = []
    if not data.title:
        out.append(Problem("title", _("Hãy nhập tên lớp học, chuyên đề.")))
    if data.kind not in KINDS:
        out.append(Problem("kind", _("Loại phải là lớp học hoặc chuyên đề.")))
    if s.get(Topic, data.topic_id) is None:
        out.append(Problem("topic_id", _("Hãy chọn chủ đề.")))
    if data.instructor_id is not None and s.get(Instructor, data.instructor_id) is None:
        out.append(Problem("instructor_id", _("Báo cáo viên không còn trong danh sách.")))
    if not 0 <= data.completion_percent <= 100:
        out.append(Problem("completion_percent", _("Tỷ lệ buổi học để hoàn thành phải từ 0 đến 100 %.")))
    if data.capacity is not None and data.capacity < 0:
        out.append(Problem("capacity", _("Số học viên dự kiến không được âm.")))
    if data.year is not None and not 1990 <= data.year <= 2100:
        out.append(Problem("year", _("Năm {year} không hợp lệ.").format(year=data.year)))
    return out


def _session_problems(kind: str, sessions: Sequence[SessionData], count: int | None = None) -> list[Problem]:
    out = []
    if kind == "talk" and (len(sessions) if count is None else count) > 1:
        out.append(Problem("sessions", _("Chuyên đề chỉ có một buổi; hãy chọn loại “Lớp học”.")))
    for i, x in enumerate(sessions):
        if x.start_time and x.end_time and x.end_time <= x.start_time:
            out.append(Problem("end_time", _("Buổi ngày {day}: giờ kết thúc phải sau giờ bắt đầu.").format(
                day=format_date(x.held_on)), row=i))
        if x.head_count is not None and x.head_count < 0:
            out.append(Problem("head_count", _("Số người dự không được âm."), row=i))
    return out


def _refuse(problems: list[Problem]) -> None:
    if errors_of(problems):
        raise ValidationFailed(problems)


def _apply(c: Class, data: ClassData, topic_name: str) -> None:
    for name in ("topic_id", "title", "kind", "place", "instructor_id", "partner", "funding_note", "target_group",
                 "capacity", "completion_percent", "cancelled", "notes"):
        setattr(c, name, getattr(data, name))
    c.search_key = search_key(data.title, topic_name, data.place)
    if c.starts_on is None:
        c.year = data.year


def refresh_schedule(s: Session, class_id: int) -> None:
    """Renumber a class's sessions by date and time and copy the first and last dates (and the
    first's year) to the class."""
    c = s.get(Class, class_id)
    sessions = s.scalars(select(ClassSession).where(ClassSession.class_id == class_id)).all()
    sessions = sorted(sessions, key=lambda x: (x.held_on, x.start_time or time.min, x.id or 0))
    for n, x in enumerate(sessions, 1):
        if x.number != n:
            x.number = n
    if sessions:
        c.starts_on, c.ends_on, c.year = sessions[0].held_on, sessions[-1].held_on, sessions[0].held_on.year
    else:
        c.starts_on = c.ends_on = None


def create_class(db: Database, data: ClassData, sessions: Sequence[SessionData] = ()) -> ClassInfo:
    """A new class with its planned sessions, in one transaction."""
    data = clean_class(data)
    with db.session() as s:
        ensure_topics(s)
        _refuse(_class_problems(s, data) + _session_problems(data.kind, sessions))
        c = Class()
        _apply(c, data, s.get(Topic, data.topic_id).name)
        s.add(c)
        s.flush()
        for x in sessions:
            s.add(_new_session(c.id, x))
        s.flush()
        refresh_schedule(s, c.id)
        audit.record(s, "create", "class", c.uuid, _("Tạo {kind} “{title}”.").format(
            kind=kind_name(data.kind).lower(), title=data.title), {"sessions": len(sessions)})
        return class_info(s, c.id)


def _new_session(class_id: int, x: SessionData) -> ClassSession:
    return ClassSession(class_id=class_id, held_on=x.held_on, start_time=x.start_time, end_time=x.end_time,
                        place=nfc(x.place), head_count=x.head_count, notes=nfc(x.notes))


def update_class(db: Database, class_id: int, data: ClassData) -> ClassInfo:
    """Edit a class's details (not its sessions: see :func:`set_sessions`)."""
    data = clean_class(data)
    with db.session() as s:
        c = s.get(Class, class_id)
        if c is None:
            raise NotFound(class_id)
        n_sessions = s.scalar(select(func.count()).where(ClassSession.class_id == class_id)) or 0
        _refuse(_class_problems(s, data) + _session_problems(data.kind, (), n_sessions))
        _apply(c, data, s.get(Topic, data.topic_id).name)
        audit.record(s, "update", "class", c.uuid, data.title)
        return class_info(s, c.id)


def _marked_sessions(s: Session, session_ids: Sequence[int]) -> dict[int, int]:
    """Session id → number of attendance marks, for those that have any."""
    if not session_ids:
        return {}
    return dict(s.execute(select(Attendance.session_id, func.count()).where(Attendance.session_id.in_(session_ids))
                          .group_by(Attendance.session_id)).all())


def set_sessions(db: Database, class_id: int, sessions: Sequence[SessionData], force: bool = False) -> ClassInfo:
    """Replace a class's sessions: those with an ``id`` are updated, the others added, the missing
    ones removed. Removing a session that has attendance marks raises InUse unless ``force``
    (then its marks go with it)."""
    with db.session() as s:
        c = s.get(Class, class_id)
        if c is None:
            raise NotFound(class_id)
        _refuse(_session_problems(c.kind, sessions))
        existing = {x.id: x for x in s.scalars(select(ClassSession).where(ClassSession.class_id == class_id))}
        keep = {x.id for x in sessions if x.id}
        if keep - existing.keys():
            raise NotFound(sorted(keep - existing.keys())[0])
        gone = [sid for sid in existing if sid not in keep]
        marked = _marked_sessions(s, gone)
        if marked and not force:
            raise InUse([_("Buổi {n} ngày {day} đã có điểm danh.").format(
                n=existing[sid].number, day=format_date(existing[sid].held_on)) for sid in sorted(marked)])
        for sid in gone:
            audit.tombstone(s, "class_session", existing[sid].uuid)
            s.delete(existing[sid])
        for x in sessions:
            if x.id:
                row = existing[x.id]
                row.held_on, row.start_time, row.end_time = x.held_on, x.start_time, x.end_time
                row.place, row.head_count, row.notes = nfc(x.place), x.head_count, nfc(x.notes)
            else:
                s.add(_new_session(class_id, x))
        s.flush()
        refresh_schedule(s, class_id)
        audit.record(s, "update", "class", c.uuid, _("Lịch học “{title}”: {n} buổi.").format(
            title=c.title, n=len(sessions)), {"removed": len(gone), "marks_removed": sum(marked.values())})
        return class_info(s, class_id)


def set_head_count(db: Database, session_id: int, head_count: int | None) -> None:
    """The number of people counted at a session (a talk), None to clear."""
    if head_count is not None and head_count < 0:
        raise ValidationFailed([Problem("head_count", _("Số người dự không được âm."))])
    with db.session() as s:
        x = s.get(ClassSession, session_id)
        if x is None:
            raise NotFound(session_id)
        x.head_count = head_count
        audit.record(s, "update", "class_session", x.uuid, _("Số người dự: {n}.").format(n=head_count))


def delete_class(db: Database, class_id: int, force: bool = False) -> None:
    """Delete a class with its sessions, learners and marks. A class with marks raises InUse
    unless ``force``."""
    with db.session() as s:
        c = s.get(Class, class_id)
        if c is None:
            raise NotFound(class_id)
        marks = s.scalar(select(func.count()).select_from(Attendance).join(
            Enrolment, Enrolment.id == Attendance.enrolment_id).where(Enrolment.class_id == class_id)) or 0
        if marks and not force:
            raise InUse([_("Lớp “{title}” đã có {n} lượt điểm danh.").format(title=c.title, n=marks)])
        for table, model in (("class_session", ClassSession), ("class_enrolment", Enrolment)):
            for uuid in s.scalars(select(model.uuid).where(model.class_id == class_id)):
                audit.tombstone(s, table, uuid)
        audit.record(s, "delete", "class", c.uuid, c.title, {"marks": marks})
        audit.tombstone(s, "class", c.uuid)
        s.delete(c)


def class_info(s: Session, class_id: int) -> ClassInfo:
    """The class with its sessions, inside the caller's session. Raises NotFound."""
    c = s.get(Class, class_id)
    if c is None:
        raise NotFound(class_id)
    topic = s.get(Topic, c.topic_id)
    ins = s.get(Instructor, c.instructor_id) if c.instructor_id else None
    sessions = s.scalars(select(ClassSession).where(ClassSession.class_id == class_id)
                         .order_by(ClassSession.number, ClassSession.id)).all()
    learners = s.scalar(select(func.count()).where(Enrolment.class_id == class_id)) or 0
    data = ClassData(c.topic_id, c.title, c.kind, c.place, c.instructor_id, c.partner, c.funding_note, c.target_group,
                     c.capacity, c.completion_percent, c.year, c.cancelled, c.notes)
    return ClassInfo(c.id, c.uuid, data, topic.name if topic else "", ins.full_name if ins else "",
                     ins.organisation if ins else "", c.year, c.starts_on, c.ends_on,
                     tuple(SessionInfo(x.id, x.number, x.held_on, x.start_time, x.end_time, x.place, x.head_count,
                                       x.notes) for x in sessions), learners)


def get_class(db: Database, class_id: int) -> ClassInfo:
    with db.session() as s:
        return class_info(s, class_id)


@dataclass(frozen=True)
class ClassRow:
    """A line of the class list."""

    id: int
    title: str
    topic_id: int
    topic_name: str
    kind: str
    place: str
    instructor_name: str
    year: int | None
    starts_on: date | None
    ends_on: date | None
    sessions: int
    learners: int
    cancelled: bool
    search_key: str


def list_classes(db: Database, year: int | None = None, topic_id: int | None = None, query: str = "",
                 include_cancelled: bool = True) -> list[ClassRow]:
    """Classes of ``year`` (all years when None), by start date (classes without sessions last),
    with their numbers of sessions and learners; ``query`` matches word starts of title, topic
    and place. One query."""
    n_sessions = (select(func.count()).where(ClassSession.class_id == Class.id).correlate(Class)
                  .scalar_subquery())
    n_learners = select(func.count()).where(Enrolment.class_id == Class.id).correlate(Class).scalar_subquery()
    q = (select(Class.id, Class.title, Class.topic_id, Topic.name, Class.kind, Class.place,
                func.coalesce(Instructor.full_name, ""), Class.year, Class.starts_on, Class.ends_on, n_sessions,
                n_learners, Class.cancelled, Class.search_key)
         .join(Topic, Topic.id == Class.topic_id).outerjoin(Instructor, Instructor.id == Class.instructor_id)
         .order_by(Class.starts_on.is_(None), Class.starts_on, Class.id))
    if year is not None:
        q = q.where(Class.year == year)
    if topic_id is not None:
        q = q.where(Class.topic_id == topic_id)
    if not include_cancelled:
        q = q.where(Class.cancelled.is_(False))
    tokens = search_tokens(query)
    with db.session() as s:
        return [ClassRow(*r) for r in s.execute(q) if matches(r[-1], tokens)]
