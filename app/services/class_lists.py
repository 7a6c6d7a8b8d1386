"""The centre's own lists for classes: topics (chủ đề) and instructors (báo cáo viên).

The built-in topics are added on first use (:func:`ensure_topics`, idempotent); the centre adds
its own, renames or hides any, and deletes only its own unused ones. Functions open their own
session, return frozen dataclasses and record writes in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.names import split_full_name
from app.domain.text import fold, matches, nfc, person_sort_key, search_key, search_tokens
from app.i18n import _
from app.models import Class, Instructor, Topic
from app.services import audit
from app.services.errors import InUse, NotFound, Problem, ValidationFailed

#: The topics every centre starts with (code, name); the centre may add its own.
BUILTIN_TOPICS: tuple[tuple[str, str], ...] = (
    ("xoa_mu_chu", "Xóa mù chữ"),
    ("sau_biet_chu", "Giáo dục tiếp tục sau khi biết chữ"),
    ("khoa_hoc_ky_thuat", "Chuyển giao khoa học kỹ thuật"),
    ("phap_luat", "Pháp luật"),
    ("suc_khoe", "Sức khỏe"),
    ("ky_nang_song", "Kỹ năng sống"),
    ("tin_hoc", "Tin học và kỹ năng số"),
    ("ngoai_ngu", "Ngoại ngữ"),
    ("nghe", "Nghề"),
    ("van_hoa", "Văn hóa – văn nghệ"),
    ("khac", "Khác"),
)


# ---------------------------------------------------------------- topics


@dataclass(frozen=True)
class TopicRow:
    id: int
    code: str
    name: str
    builtin: bool
    sort_order: int
    active: bool


def ensure_topics(s: Session) -> None:
    """Add the built-in topics that are missing (idempotent; a renamed one is left as it is)."""
    have = set(s.scalars(select(Topic.code).where(Topic.builtin.is_(True))))
    if len(have) >= len(BUILTIN_TOPICS):
        return
    for order, (code, name) in enumerate(BUILTIN_TOPICS):
        if code not in have and s.scalar(select(Topic.id).where(Topic.code == code)) is None:
            s.add(Topic(code=code, name=name, builtin=True, sort_order=(order + 1) * 10))
    s.flush()


def _topic_row(t: Topic) -> TopicRow:
    return TopicRow(t.id, t.code, t.name, t.builtin, t.sort_order, t.active)


def list_topics(db: Database, include_inactive: bool = False) -> list[TopicRow]:
    """The topics in the centre's order (seeding the built-in ones on first use)."""
    with db.session() as s:
        ensure_topics(s)
        q = select(Topic).order_by(Topic.sort_order, Topic.id)
        if not include_inactive:
            q = q.where(Topic.active.is_(True))
        return [_topic_row(t) for t in s.scalars(q)]


def save_topic(db: Database, name: str, topic_id: int | None = None, active: bool = True) -> TopicRow:
    """Add a topic (after the others) or rename / hide one. Raises ValidationFailed for an empty
    or duplicate name, NotFound for an unknown id."""
    name = nfc(name)
    with db.session() as s:
        ensure_topics(s)
        t = s.get(Topic, topic_id) if topic_id else None
        if topic_id and t is None:
            raise NotFound(topic_id)
        if not name:
            raise ValidationFailed([Problem("name", _("Hãy nhập tên chủ đề."))])
        if any(fold(n) == fold(name) for i, n in s.execute(select(Topic.id, Topic.name)) if i != topic_id):
            raise ValidationFailed([Problem("name", _("Đã có chủ đề “{name}”.").format(name=name))])
        if t is None:
            base = "_".join(search_key(name).split())[:30] or "chu_de"
            code, k = base, 1
            while s.scalar(select(Topic.id).where(Topic.code == code)) is not None:
                k += 1
                code = f"{base}_{k}"
            t = Topic(code=code, builtin=False, sort_order=(s.scalar(select(func.max(Topic.sort_order))) or 0) + 10)
            s.add(t)
        t.name, t.active = name, active
        s.flush()
        audit.record(s, "save", "class_topic", t.uuid, _("Chủ đề {name}.").format(name=name))
        return _topic_row(t)


def delete_topic(db: Database, topic_id: int) -> None:
    """Delete a topic the centre added. Raises ValidationFailed for a built-in topic (hide it
    instead), InUse when classes use it."""
    with db.session() as s:
        t = s.get(Topic, topic_id)
        if t is None:
            raise NotFound(topic_id)
        if t.builtin:
            raise ValidationFailed([Problem("topic", _("Chủ đề có sẵn không xóa được; có thể ẩn đi."))])
        n = s.scalar(select(func.count()).where(Class.topic_id == topic_id)) or 0
        if n:
            raise InUse([_("{n} lớp học thuộc chủ đề “{name}”.").format(n=n, name=t.name)])
        audit.record(s, "delete", "class_topic", t.uuid, t.name)
        audit.tombstone(s, "class_topic", t.uuid)
        s.delete(t)


# ---------------------------------------------------------------- instructors


@dataclass(frozen=True)
class InstructorData:
    full_name: str
    organisation: str = ""
    phone: str = ""
    notes: str = ""


@dataclass(frozen=True)
class InstructorRow:
    id: int
    full_name: str
    organisation: str
    phone: str
    notes: str

    @property
    def display(self) -> str:
        return f"{self.full_name} ({self.organisation})" if self.organisation else self.full_name


def _instructor_row(i: Instructor) -> InstructorRow:
    return InstructorRow(i.id, i.full_name, i.organisation, i.phone, i.notes)


def list_instructors(db: Database, query: str = "") -> list[InstructorRow]:
    """Instructors in name order; ``query`` matches word starts of name or organisation."""
    tokens = search_tokens(query)
    with db.session() as s:
        rows = s.scalars(select(Instructor).order_by(Instructor.sort_key, Instructor.id)).all()
        return [_instructor_row(i) for i in rows if matches(i.search_key, tokens)]


def save_instructor(db: Database, data: InstructorData, instructor_id: int | None = None) -> InstructorRow:
    """Add or edit an instructor. Raises ValidationFailed without a name, NotFound for an unknown id."""
    data = InstructorData(nfc(data.full_name), nfc(data.organisation), nfc(data.phone), nfc(data.notes))
    if not data.full_name:
        raise ValidationFailed([Problem("full_name", _("Hãy nhập họ tên báo cáo viên."))])
    with db.session() as s:
        i = s.get(Instructor, instructor_id) if instructor_id else None
        if instructor_id and i is None:
            raise NotFound(instructor_id)
        if i is None:
            i = Instructor()
            s.add(i)
        i.full_name, i.organisation, i.phone, i.notes = data.full_name, data.organisation, data.phone, data.notes
        i.search_key = search_key(data.full_name, data.organisation)
        family, middle, given = split_full_name(data.full_name)
        i.sort_key = person_sort_key(given, middle, family)
        s.flush()
        row = _instructor_row(i)
        audit.record(s, "save", "class_instructor", i.uuid, row.display)
        return row


def delete_instructor(db: Database, instructor_id: int) -> None:
    """Delete an instructor; InUse when a class names them."""
    with db.session() as s:
        i = s.get(Instructor, instructor_id)
        if i is None:
            raise NotFound(instructor_id)
        n = s.scalar(select(func.count()).where(Class.instructor_id == instructor_id)) or 0
        if n:
            raise InUse([_("{name} là báo cáo viên của {n} lớp học.").format(name=i.full_name, n=n)])
        audit.record(s, "delete", "class_instructor", i.uuid, i.full_name)
        audit.tombstone(s, "class_instructor", i.uuid)
        s.delete(i)
