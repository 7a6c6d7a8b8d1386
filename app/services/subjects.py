"""Who is assessed: subject names and villages for lists, the rule that an assessed registry record
cannot be deleted, and the bulk audit helper shared by the assessment services.

Importing this module registers the deletion check with :mod:`app.services.references` (every
assessment service imports it). The foreign keys of ``assessment`` refuse such a deletion anyway.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, literal, select
from sqlalchemy.orm import Session

from app.domain.text import sort_key as text_sort_key
from app.i18n import _
from app.models import (
    Assessment,
    AssessmentRound,
    AuditEntry,
    Clan,
    Decision,
    Household,
    Person,
    Unit,
    Village,
)
from app.models.base import utcnow
from app.services import audit, references

#: Above this many ids a query reads every subject and filters in Python instead of ``IN (…)``.
IN_LIMIT = 500




@dataclass(frozen=True)
class SubjectLabel:
    """How a subject is named in lists: household code and head, person, clan, village or unit."""

    kind: str
    id: int
    code: str
    name: str
    village_id: int | None
    village_name: str
    sort_key: str = ""

    @property
    def order(self) -> tuple[str, str, str]:
        """Sort lists by village, then household code or Vietnamese name order."""
        return text_sort_key(self.village_name), self.sort_key, self.code

    @property
    def display(self) -> str:
        if self.kind == "household":
            return _("Hộ {code}").format(code=self.code)
        if self.kind == "clan":
            return _("Dòng họ {name}").format(name=self.name)
        return self.name


def _label_query(kind: str):
    if kind == "household":
        head = (select(Person.full_name).where(Person.household_id == Household.id, Person.relation == "head")
                .order_by(Person.member_order).limit(1).scalar_subquery())
        return (select(Household.id, Household.code, func.coalesce(head, ""), Household.village_id, Village.name,
                       Household.code).join(Village, Village.id == Household.village_id)), Household.id
    if kind == "person":
        return (select(Person.id, func.coalesce(Household.code, ""), Person.full_name, Household.village_id,
                       Village.name, Person.sort_key).outerjoin(Household, Household.id == Person.household_id)
                .outerjoin(Village, Village.id == Household.village_id)), Person.id
    if kind == "clan":
        return select(Clan.id, literal(""), Clan.name, literal(None), literal(""), Clan.sort_key), Clan.id
    if kind == "unit":
        return (select(Unit.id, literal(""), Unit.name, Unit.village_id, Village.name, Unit.sort_key)
                .outerjoin(Village, Village.id == Unit.village_id)), Unit.id
    return select(Village.id, Village.code, Village.name, Village.id, Village.name, Village.sort_key), Village.id


def labels(s: Session, kind: str, ids: Sequence[int]) -> dict[int, SubjectLabel]:
    """Subject id → label, for the ids that exist."""
    q, key = _label_query(kind)
    wanted = set(ids)
    if len(wanted) <= IN_LIMIT:
        q = q.where(key.in_(wanted))
    return {r[0]: SubjectLabel(kind, r[0], r[1] or "", r[2] or "", r[3], r[4] or "", r[5] or "")
            for r in s.execute(q) if r[0] in wanted}


def subject_villages(s: Session, kind: str, existing_only: bool, year: int | None = None) -> list[tuple[int, int | None]]:
    """(subject id, village id) of every subject of ``kind``; with ``existing_only`` only those that
    can be assessed: active households and villages, and living persons aged 15 or more in ``year``."""
    if kind == "household":
        q = select(Household.id, Household.village_id)
        q = q.where(Household.status == "active") if existing_only else q
    elif kind == "person":
        q = select(Person.id, Household.village_id).outerjoin(Household, Household.id == Person.household_id)
        if existing_only:
            q = q.where(Person.status == "alive", Person.birth_year <= (year or date.today().year) - 15)
    elif kind == "clan":
        q = select(Clan.id, literal(None))
    elif kind == "unit":
        q = select(Unit.id, Unit.village_id)
    else:
        q = select(Village.id, Village.id)
        q = q.where(Village.active.is_(True)) if existing_only else q
    return [(a, b) for a, b in s.execute(q)]


def audit_many(s: Session, action: str, entity: str, rows: Iterable[tuple[str, str, str]]) -> None:
    """Audit rows (uuid, summary, details as JSON text) written with one Core insert, in the
    caller's transaction: the bulk form of :func:`app.services.audit.record`."""
    user, now = audit.current_user(), utcnow()
    values = [{"at": now, "user_name": user, "action": action, "entity": entity, "entity_uuid": u,
               "summary": summary, "details": details} for u, summary, details in rows]
    if values:
        s.execute(insert(AuditEntry.__table__), values)


def details(d: dict) -> str:
    """Audit details as JSON text (dates as ISO strings)."""
    return json.dumps(d, ensure_ascii=False, default=str)


@references.register
def assessed(s: Session, entity: str, ids: list[int]) -> list[str]:
    """Reasons why registry records cannot be deleted: they were assessed in a round, or (villages)
    a decision was made for them."""
    if entity not in ("household", "person", "clan", "unit", "village") or not ids:
        return []
    col = Assessment.subject_column(entity)
    rows = s.execute(select(col, func.max(AssessmentRound.year))
                     .join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
                     .where(col.in_(ids)).group_by(col)).all()
    names = labels(s, entity, [r[0] for r in rows])
    out = [_("{name} đã có kết quả đánh giá năm {year}.").format(
        name=names[sid].display if sid in names else sid, year=year) for sid, year in rows]
    if entity == "village":
        out += [_("Quyết định {number} ({year}) ghi tên thôn này.").format(number=n, year=y) for n, y in s.execute(
            select(Decision.number, Decision.year).where(Decision.village_id.in_(ids)))]
    return out
