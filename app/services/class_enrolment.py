"""Learners (học viên) of a class: registry persons, whole households, and guests matched later;
the classes a person took; and the rule that a person who took part cannot be deleted.

Importing this module registers the deletion check with :mod:`app.services.references`
(``"Lò Văn Pọm đã tham gia 3 lớp học."``); the foreign keys of ``class_enrolment`` refuse such a
deletion anyway. Every function opens its own session and returns frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.text import fold, nfc
from app.i18n import _
from app.models import Attendance, Class, ClassSession, Enrolment, Household, Person, Topic, Village
from app.models.base import utcnow
from app.services import audit, references
from app.services.class_grid import Completion, completion
from app.services.errors import InUse, NotFound, Problem, ValidationFailed
from app.services.search import SearchHit, global_search


@dataclass(frozen=True)
class EnrolResult:
    """Enrolment ids added, and warnings (already in the class, deceased, over capacity)."""

    added: tuple[int, ...]
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class GuestData:
    """A learner not in the registry, as written on the attendance sheet."""

    full_name: str
    sex: str = ""  # M | F | "" unknown
    birth_year: int | None = None
    village: str = ""


def find_learners(db: Database, query: str, limit: int = 30) -> list[SearchHit]:
    """Persons and households matching ``query`` (the global search's ranking), to enrol."""
    return [h for h in global_search(db, query, limit * 2) if h.kind in ("person", "household")][:limit]


def _class(s: Session, class_id: int) -> Class:
    c = s.get(Class, class_id)
    if c is None:
        raise NotFound(class_id)
    return c


def _capacity_warning(s: Session, c: Class) -> list[Problem]:
    n = s.scalar(select(func.count()).where(Enrolment.class_id == c.id)) or 0
    if c.capacity and n > c.capacity:
        return [Problem("capacity", _("Lớp có {n} học viên, nhiều hơn số dự kiến {cap}.").format(n=n, cap=c.capacity),
                        "warning")]
    return []


def _enrol(s: Session, c: Class, person_ids: Sequence[int], on: date | None,
           household_id: int | None = None) -> EnrolResult:
    wanted = list(dict.fromkeys(person_ids))
    people = {pid: (name, status, hid) for pid, name, status, hid in s.execute(
        select(Person.id, Person.full_name, Person.status, Person.household_id).where(Person.id.in_(wanted)))}
    missing = [pid for pid in wanted if pid not in people]
    if missing:
        raise NotFound(missing[0])
    already = set(s.scalars(select(Enrolment.person_id).where(Enrolment.class_id == c.id,
                                                             Enrolment.person_id.in_(wanted))))
    warnings, rows = [], []
    for pid in wanted:
        name, status, _hid = people[pid]
        if pid in already:
            warnings.append(Problem("person_id", _("{name} đã có trong lớp.").format(name=name), "warning"))
        elif status == "deceased":
            warnings.append(Problem("person_id", _("{name} đã mất: không ghi danh.").format(name=name), "warning"))
        else:
            rows.append(Enrolment(class_id=c.id, person_id=pid, household_id=household_id,
                                  enrolled_at=on or date.today()))
    s.add_all(rows)
    s.flush()
    if rows:
        audit.record(s, "enrol", "class", c.uuid, _("Ghi danh {n} học viên vào “{title}”.").format(
            n=len(rows), title=c.title), {"persons": [r.person_id for r in rows], "household_id": household_id})
    return EnrolResult(tuple(r.id for r in rows), tuple(warnings + _capacity_warning(s, c)))


def enrol_persons(db: Database, class_id: int, person_ids: Sequence[int], on: date | None = None) -> EnrolResult:
    """Enrol registry persons; those already in the class or deceased are skipped with a warning.
    Raises NotFound for an unknown class or person."""
    with db.session() as s:
        return _enrol(s, _class(s, class_id), person_ids, on)


def enrol_household(db: Database, class_id: int, household_id: int, min_age: int | None = None,
                    on: date | None = None) -> EnrolResult:
    """Enrol every living member of a household (aged ``min_age`` or more in the class's year,
    when given; a member without a birth year is then left out), marked as added with it."""
    with db.session() as s:
        c = _class(s, class_id)
        if s.get(Household, household_id) is None:
            raise NotFound(household_id)
        year = c.year or (on or date.today()).year
        members = s.execute(select(Person.id, Person.birth_year).where(
            Person.household_id == household_id, Person.status != "deceased").order_by(Person.member_order)).all()
        ids = [pid for pid, born in members if min_age is None or (born is not None and year - born >= min_age)]
        return _enrol(s, c, ids, on, household_id)


def enrol_guest(db: Database, class_id: int, guest: GuestData, on: date | None = None) -> EnrolResult:
    """Enrol a person who is not in the registry. Raises ValidationFailed without a name or with
    an impossible sex or birth year; a guest of the same name already in the class is a warning."""
    guest = GuestData(nfc(guest.full_name), guest.sex or "", guest.birth_year, nfc(guest.village))
    problems = []
    if not guest.full_name:
        problems.append(Problem("full_name", _("Hãy nhập họ tên học viên.")))
    if guest.sex not in ("", "M", "F"):
        problems.append(Problem("sex", _("Giới tính không hợp lệ.")))
    if guest.birth_year is not None and not 1900 <= guest.birth_year <= date.today().year:
        problems.append(Problem("birth_year", _("Năm sinh {year} không hợp lệ.").format(year=guest.birth_year)))
    if problems:
        raise ValidationFailed(problems)
    with db.session() as s:
        c = _class(s, class_id)
        same = [n for n in s.scalars(select(Enrolment.guest_name).where(Enrolment.class_id == class_id,
                                                                       Enrolment.person_id.is_(None)))
                if fold(n) == fold(guest.full_name)]
        e = Enrolment(class_id=class_id, guest_name=guest.full_name, guest_sex=guest.sex,
                      guest_birth_year=guest.birth_year, guest_village=guest.village, enrolled_at=on or date.today())
        s.add(e)
        s.flush()
        audit.record(s, "enrol", "class", c.uuid, _("Ghi danh khách “{name}” vào “{title}”.").format(
            name=guest.full_name, title=c.title))
        warnings = [Problem("full_name", _("Đã có học viên “{name}” trong lớp.").format(name=guest.full_name),
                            "warning")] if same else []
        return EnrolResult((e.id,), tuple(warnings + _capacity_warning(s, c)))


@dataclass(frozen=True)
class PersonCandidate:
    """A registry person who may be a guest learner, best first."""

    person_id: int
    full_name: str
    sex: str
    birth_year: int | None
    village: str
    household_code: str


def guest_candidates(db: Database, enrolment_id: int, limit: int = 10) -> list[PersonCandidate]:
    """Living persons whose name folds equal to the guest's, those of the same village, sex and
    nearest birth year first (uses the name index)."""
    with db.session() as s:
        e = s.get(Enrolment, enrolment_id)
        if e is None:
            raise NotFound(enrolment_id)
        rows = s.execute(select(Person.id, Person.full_name, Person.sex, Person.birth_year,
                                func.coalesce(Village.name, ""), func.coalesce(Household.code, ""))
                         .outerjoin(Household, Household.id == Person.household_id)
                         .outerjoin(Village, Village.id == Household.village_id)
                         .where(Person.name_fold == fold(e.guest_name), Person.status != "deceased")).all()

    def rank(r) -> tuple:
        gap = abs(r[3] - e.guest_birth_year) if r[3] and e.guest_birth_year else 99
        return (bool(e.guest_village) and fold(r[4]) != fold(e.guest_village), bool(e.guest_sex) and r[2] != e.guest_sex,
                gap, r[0])

    return [PersonCandidate(*r) for r in sorted(rows, key=rank)[:limit]]


@dataclass(frozen=True)
class MatchResult:
    """The learner's enrolment after matching, and whether it was merged into an existing one
    (the person was already in the class) with how many marks were moved or raised to present."""

    enrolment_id: int
    merged: bool
    marks_changed: int


def match_guest(db: Database, enrolment_id: int, person_id: int) -> MatchResult:
    """Record that a guest learner is ``person_id`` of the registry. When the person is already a
    learner of the class, the guest's marks are merged into theirs (present wins over absent, a
    mark fills an unrecorded session) and the guest's enrolment is removed. One transaction.
    Raises NotFound, or ValidationFailed when the enrolment is not a guest's."""
    with db.session() as s:
        e = s.get(Enrolment, enrolment_id)
        p = s.get(Person, person_id)
        if e is None or p is None:
            raise NotFound(enrolment_id if e is None else person_id)
        if e.person_id is not None:
            raise ValidationFailed([Problem("person_id", _("Học viên này không phải khách: đã gắn với một nhân khẩu của xã."))])
        c = s.get(Class, e.class_id)
        other = s.scalars(select(Enrolment).where(Enrolment.class_id == e.class_id,
                                                  Enrolment.person_id == person_id)).first()
        details = {"guest": e.guest_name, "person_id": person_id}
        if other is None:
            e.person_id = person_id
            audit.record(s, "match", "class", c.uuid, _("Khách “{guest}” là {name}.").format(
                guest=e.guest_name, name=p.full_name), details)
            return MatchResult(e.id, False, 0)
        changed = _merge_marks(s, e.id, other.id)
        if other.completed is None:
            other.completed = e.completed
        other.updated_at = utcnow()  # its marks changed (marks travel with their enrolment)
        audit.record(s, "match", "class", c.uuid, _("Khách “{guest}” là {name}: gộp {n} lượt điểm danh.").format(
            guest=e.guest_name, name=p.full_name, n=changed), details)
        audit.tombstone(s, "class_enrolment", e.uuid)
        s.delete(e)
        return MatchResult(other.id, True, changed)


def _merge_marks(s: Session, from_id: int, into_id: int) -> int:
    theirs = dict(s.execute(select(Attendance.session_id, Attendance.present)
                            .where(Attendance.enrolment_id == into_id)).all())
    changed = 0
    for mark in s.scalars(select(Attendance).where(Attendance.enrolment_id == from_id)):
        old = theirs.get(mark.session_id)
        if old is None:
            s.add(Attendance(enrolment_id=into_id, session_id=mark.session_id, present=mark.present))
            changed += 1
        elif mark.present and not old:
            s.execute(Attendance.__table__.update().where(Attendance.enrolment_id == into_id,
                                                          Attendance.session_id == mark.session_id)
                      .values(present=True))
            changed += 1
    return changed


def remove_enrolment(db: Database, enrolment_id: int, force: bool = False) -> None:
    """Take a learner off a class with their marks; InUse when they were present at a session,
    unless ``force``."""
    with db.session() as s:
        e = s.get(Enrolment, enrolment_id)
        if e is None:
            raise NotFound(enrolment_id)
        present = s.scalar(select(func.count()).where(Attendance.enrolment_id == e.id,
                                                      Attendance.present.is_(True))) or 0
        name = s.get(Person, e.person_id).full_name if e.person_id else e.guest_name
        if present and not force:
            raise InUse([_("{name} đã dự {n} buổi học.").format(name=name, n=present)])
        c = s.get(Class, e.class_id)
        audit.record(s, "unenrol", "class", c.uuid, _("Bỏ {name} khỏi “{title}”.").format(name=name, title=c.title),
                     {"present": present})
        audit.tombstone(s, "class_enrolment", e.uuid)
        s.delete(e)


def set_completed(db: Database, enrolment_id: int, completed: bool | None) -> None:
    """Mark a learner as having completed the class (True), not (False), or let the class's rule
    decide (None)."""
    with db.session() as s:
        e = s.get(Enrolment, enrolment_id)
        if e is None:
            raise NotFound(enrolment_id)
        old, e.completed = e.completed, completed
        c = s.get(Class, e.class_id)
        name = s.get(Person, e.person_id).full_name if e.person_id else e.guest_name
        word = {True: _("hoàn thành"), False: _("chưa hoàn thành"), None: _("theo tỷ lệ buổi học")}[completed]
        audit.record(s, "update", "class", c.uuid, _("{name}: {word}.").format(name=name, word=word),
                     {"enrolment": e.uuid, "completed": [old, completed]})


@dataclass(frozen=True)
class PersonClass:
    """A class a person took, for the person's page."""

    class_id: int
    enrolment_id: int
    title: str
    topic_name: str
    kind: str
    year: int | None
    starts_on: date | None
    ends_on: date | None
    completion: Completion


def person_classes(db: Database, person_id: int) -> list[PersonClass]:
    """The classes ``person_id`` was enrolled in, newest first, with sessions attended and
    completion. One query."""
    sessions = select(func.count()).where(ClassSession.class_id == Class.id).correlate(Class).scalar_subquery()
    attended = (select(func.count()).where(Attendance.enrolment_id == Enrolment.id, Attendance.present.is_(True))
                .correlate(Enrolment).scalar_subquery())
    q = (select(Class.id, Enrolment.id, Class.title, Topic.name, Class.kind, Class.year, Class.starts_on,
                Class.ends_on, attended, sessions, Class.completion_percent, Enrolment.completed)
         .join(Class, Class.id == Enrolment.class_id).join(Topic, Topic.id == Class.topic_id)
         .where(Enrolment.person_id == person_id)
         .order_by(Class.starts_on.is_(None), Class.starts_on.desc(), Class.id.desc()))
    with db.session() as s:
        return [PersonClass(*r[:8], completion(r[8], r[9], r[10], r[11])) for r in s.execute(q)]


@references.register
def enrolled(s: Session, entity: str, ids: list[int]) -> list[str]:
    """Reasons why persons or households cannot be deleted: they are learners of classes."""
    if not ids or entity not in ("person", "household"):
        return []
    if entity == "person":
        rows = s.execute(select(Person.full_name, func.count(func.distinct(Enrolment.class_id)))
                         .join(Person, Person.id == Enrolment.person_id)
                         .where(Enrolment.person_id.in_(ids)).group_by(Person.id).order_by(Person.sort_key)).all()
        return [_("{name} đã tham gia {n} lớp học.").format(name=name, n=n) for name, n in rows]
    rows = s.execute(select(Household.code, func.count(func.distinct(Enrolment.class_id)))
                     .join(Household, Household.id == Enrolment.household_id)
                     .where(Enrolment.household_id.in_(ids)).group_by(Household.id)).all()
    return [_("Hộ {code} đã được ghi danh vào {n} lớp học.").format(code=code, n=n) for code, n in rows]
