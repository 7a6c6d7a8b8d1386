"""Households and their members: the list, the form's load/check/save, and deletion."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.text import nfc
from app.i18n import _
from app.models import ClanHousehold, Household, Person, UnitMember, Village
from app.services import audit, references
from app.services.errors import InUse, NotFound, Problem, ValidationFailed, errors_of
from app.services.people import (
    PersonInput,
    apply_person,
    clean_person,
    duplicate_problems,
    validate_person,
)

CODE_PREFIX = "HGD-"


@dataclass(frozen=True)
class HouseholdInput:
    village_id: int | None
    members: tuple[PersonInput, ...]
    code: str = ""
    address: str = ""
    notes: str = ""
    status: str = "active"
    id: int | None = None


@dataclass(frozen=True)
class HouseholdDetail:
    id: int
    uuid: str
    code: str
    village_id: int
    village_name: str
    address: str
    notes: str
    status: str
    members: tuple[PersonInput, ...]

    @property
    def head(self) -> PersonInput | None:
        return next((m for m in self.members if m.relation == "head"), None)

    def as_input(self) -> HouseholdInput:
        return HouseholdInput(self.village_id, self.members, self.code, self.address, self.notes, self.status, self.id)


@dataclass(frozen=True)
class SaveResult:
    id: int
    uuid: str
    code: str
    warnings: list[Problem] = field(default_factory=list)


# Household list rows: plain tuples, fastest to load and filter (see HOUSEHOLD_COLUMNS).
H_ID, H_CODE, H_HEAD, H_VILLAGE, H_ADDRESS, H_MEMBERS, H_SEARCH, H_SORT, H_VILLAGE_ID, H_STATUS = range(10)


def household_rows(db: Database) -> list[tuple]:
    """One tuple per household: id, code, head's name, village, address, living members,
    search text (code, address and every member's folded name), head's sort key, village id, status."""
    from app.domain.text import search_key

    with db.session() as s:
        agg = (
            select(
                Person.household_id.label("hid"),
                func.count(Person.id).filter(Person.status == "alive").label("n"),
                func.group_concat(Person.name_fold, " ").label("names"),
                func.max(Person.full_name).filter(Person.relation == "head").label("head"),
                func.max(Person.sort_key).filter(Person.relation == "head").label("hsort"),
            )
            .group_by(Person.household_id)
            .subquery()
        )
        q = (
            select(Household.id, Household.code, agg.c.head, Village.name, Household.address, agg.c.n,
                   agg.c.names, agg.c.hsort, Household.village_id, Household.status)
            .join(Village, Village.id == Household.village_id)
            .outerjoin(agg, agg.c.hid == Household.id)
            .order_by(Village.sort_key, agg.c.hsort)
        )
        rows = []
        for r in s.execute(q):
            search = f"{search_key(r[1])} {r[6] or ''} {search_key(r[4] or '')}"
            rows.append((r[0], r[1], r[2] or "", r[3], r[4] or "", r[5] or 0, search, r[7] or "", r[8], r[9]))
        return rows


def next_code(s: Session) -> str:
    """The next free ``HGD-`` number, as wide as the widest code already used (at least 4 digits)."""
    numbers = [c[len(CODE_PREFIX):] for c in s.scalars(select(Household.code).where(Household.code.like(f"{CODE_PREFIX}%")))]
    numbers = [n for n in numbers if n.isdigit()]
    top = max((int(n) for n in numbers), default=0)
    width = max([4, *(len(n) for n in numbers)])
    return f"{CODE_PREFIX}{top + 1:0{width}d}"


def new_code(db: Database) -> str:
    with db.session() as s:
        return next_code(s)


def _person_input(p: Person) -> PersonInput:
    return PersonInput(
        full_name=p.full_name, family_name=p.family_name, middle_name=p.middle_name, given_name=p.given_name,
        sex=p.sex, birth_date=p.birth_date, birth_year=p.birth_year, relation=p.relation,
        ethnic_code=p.ethnic_code, education_level=p.education_level, in_school=p.in_school,
        occupation=p.occupation, id_number=p.id_number, phone=p.phone, status=p.status,
        status_date=p.status_date, notes=p.notes, id=p.id,
    )


def get_household(db: Database, household_id: int) -> HouseholdDetail:
    with db.session() as s:
        h = s.get(Household, household_id)
        if h is None:
            raise NotFound(household_id)
        village = s.get(Village, h.village_id)
        return HouseholdDetail(
            h.id, h.uuid, h.code, h.village_id, village.name if village else "", h.address, h.notes, h.status,
            tuple(_person_input(p) for p in h.members),
        )


def clean_household(data: HouseholdInput) -> HouseholdInput:
    members = tuple(clean_person(m) for m in data.members)
    return replace(data, code=nfc(data.code).upper(), address=nfc(data.address), notes=nfc(data.notes),
                   members=members)


def _household_problems(s: Session, data: HouseholdInput, today: date) -> list[Problem]:
    out: list[Problem] = []
    if not data.village_id or s.get(Village, data.village_id) is None:
        out.append(Problem("village_id", _("Hãy chọn thôn, bản của hộ.")))
    if data.code:
        other = s.scalar(select(Household.id).where(Household.code == data.code))
        if other and other != data.id:
            out.append(Problem("code", _("Mã hộ {code} đã được dùng cho hộ khác.").format(code=data.code)))
    if not data.members:
        out.append(Problem("members", _("Hộ phải có ít nhất một nhân khẩu.")))
        return out
    heads = [i for i, m in enumerate(data.members) if m.relation == "head"]
    if not heads:
        out.append(Problem("members", _("Hãy chọn chủ hộ: một nhân khẩu có quan hệ “Chủ hộ”.")))
    elif len(heads) > 1:
        out.append(Problem("relation", _("Hộ chỉ có một chủ hộ."), row=heads[1]))
    head = data.members[heads[0]] if heads else None
    own_ids = {m.id for m in data.members if m.id}
    for i, m in enumerate(data.members):
        out += validate_person(m, row=i, today=today)
        if head is not None and m is not head and head.birth_year and m.birth_year:
            if m.relation in ("child", "grandchild", "child_in_law") and m.birth_year < head.birth_year:
                out.append(Problem("birth_year", _("{name} là con, cháu nhưng lớn tuổi hơn chủ hộ.").format(
                    name=m.full_name), "warning", i))
            if m.relation in ("father", "mother", "grandparent") and m.birth_year > head.birth_year:
                out.append(Problem("birth_year", _("{name} là bố, mẹ, ông, bà nhưng ít tuổi hơn chủ hộ.").format(
                    name=m.full_name), "warning", i))
        out += duplicate_problems(s, m, data.village_id, i, own_ids)
    out += _same_form_duplicates(data)
    return out


def _same_form_duplicates(data: HouseholdInput) -> list[Problem]:
    from app.domain.text import fold

    seen: dict[tuple[str, int | None], int] = {}
    out = []
    for i, m in enumerate(data.members):
        key = (fold(m.full_name), m.birth_year)
        if key in seen:
            out.append(Problem("full_name", _("Trùng tên và năm sinh với dòng {n} của hộ này.").format(
                n=seen[key] + 1), "warning", i))
        seen.setdefault(key, i)
    return out


def check_household(db: Database, data: HouseholdInput, today: date | None = None) -> list[Problem]:
    """Every problem (errors and warnings) the form should show, without saving anything."""
    data = clean_household(data)
    with db.session() as s:
        return _household_problems(s, data, today or date.today())


def save_household(db: Database, data: HouseholdInput, today: date | None = None) -> SaveResult:
    """Create or update a household with its members in one transaction.

    Members absent from ``data.members`` are removed, unless something refers to them (then
    InUse is raised and nothing changes). Raises ValidationFailed on any error; warnings are
    returned in the result.
    """
    data = clean_household(data)
    with db.session() as s:
        problems = _household_problems(s, data, today or date.today())
        if errors_of(problems):
            raise ValidationFailed(problems)
        h = s.get(Household, data.id) if data.id else None
        if data.id and h is None:
            raise NotFound(data.id)
        created = h is None
        if created:
            h = Household(code=data.code or next_code(s))
            s.add(h)
        elif data.code:
            h.code = data.code
        h.village_id, h.address, h.notes, h.status = data.village_id, data.address, data.notes, data.status
        _sync_members(s, h, data.members)
        s.flush()
        head = next((m.full_name for m in data.members if m.relation == "head"), "")
        audit.record(s, "create" if created else "update", "household", h.uuid,
                     f"{h.code} {head} ({len(data.members)})")
        return SaveResult(h.id, h.uuid, h.code, [p for p in problems if p.level == "warning"])


def _sync_members(s: Session, h: Household, members: tuple[PersonInput, ...]) -> None:
    by_id = {p.id: p for p in h.members}
    keep = {m.id for m in members if m.id}
    gone = [pid for pid in by_id if pid not in keep]
    if gone:
        reasons = references.referring(s, "person", gone)
        if reasons:
            raise InUse(reasons)
        for pid in gone:
            p = by_id[pid]
            audit.record(s, "delete", "person", p.uuid, p.full_name)
            audit.tombstone(s, "person", p.uuid)
            h.members.remove(p)
    for order, m in enumerate(members):
        p = by_id.get(m.id) if m.id else None
        if p is None:
            p = Person()
            h.members.append(p)
        apply_person(p, m)
        p.member_order = order


@dataclass(frozen=True)
class DeletePreview:
    code: str
    head_name: str
    member_names: tuple[str, ...]
    clans: int
    units: int
    blocked_by: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.blocked_by

    def question(self) -> str:
        others = len(self.member_names) - 1 if self.head_name else len(self.member_names)
        if others > 0:
            return _("Xóa hộ {head} và {n} nhân khẩu?").format(head=self.head_name or self.code, n=others)
        return _("Xóa hộ {head}?").format(head=self.head_name or self.code)


def delete_preview(db: Database, household_id: int) -> DeletePreview:
    with db.session() as s:
        h = s.get(Household, household_id)
        if h is None:
            raise NotFound(household_id)
        ids = [p.id for p in h.members]
        blocked = references.referring(s, "household", [h.id]) + references.referring(s, "person", ids)
        clans = s.scalar(select(func.count()).where(ClanHousehold.household_id == h.id)) or 0
        units = s.scalar(select(func.count()).where(UnitMember.person_id.in_(ids))) or 0 if ids else 0
        head = next((p.full_name for p in h.members if p.relation == "head"), "")
        return DeletePreview(h.code, head, tuple(p.full_name for p in h.members), clans, units, tuple(blocked))


def delete_household(db: Database, household_id: int) -> DeletePreview:
    """Delete a household and its members, recorded in the audit trail; InUse if referenced."""
    preview = delete_preview(db, household_id)
    if not preview.allowed:
        raise InUse(list(preview.blocked_by))
    with db.session() as s:
        h = s.get(Household, household_id)
        for p in h.members:
            audit.tombstone(s, "person", p.uuid)
        audit.record(s, "delete", "household", h.uuid, preview.question(),
                     {"code": h.code, "members": list(preview.member_names)})
        audit.tombstone(s, "household", h.uuid)
        s.delete(h)
    return preview
