"""Units (đơn vị): offices, schools, enterprises, cooperatives the commune manages, with staff."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, select

from app.db.engine import Database
from app.domain.text import nfc, search_key, sort_key
from app.i18n import _
from app.models import Person, Unit, UnitMember, Village
from app.services import audit, references
from app.services.errors import NotFound, Problem, ValidationFailed
from app.services.records import delete_named_record


@dataclass(frozen=True)
class UnitRow:
    id: int
    uuid: str
    name: str
    kind: str
    village: str
    head_name: str
    staff: int
    search: str


@dataclass(frozen=True)
class UnitInput:
    name: str
    kind: str = "office"
    village_id: int | None = None
    address: str = ""
    head_name: str = ""
    head_person_id: int | None = None
    notes: str = ""
    members: tuple[tuple[int, str], ...] = field(default_factory=tuple)  # person id, position
    id: int | None = None


@dataclass(frozen=True)
class UnitDetail:
    id: int
    uuid: str
    name: str
    kind: str
    village_id: int | None
    address: str
    head_name: str
    head_person_id: int | None
    notes: str
    members: tuple[tuple[int, str, str], ...]  # person id, name, position


def unit_rows(db: Database) -> list[UnitRow]:
    with db.session() as s:
        staff = dict(s.execute(select(UnitMember.unit_id, func.count()).group_by(UnitMember.unit_id)).all())
        q = select(Unit, Village.name).outerjoin(Village, Village.id == Unit.village_id).order_by(Unit.sort_key)
        return [
            UnitRow(u.id, u.uuid, u.name, u.kind, vname or "", u.head_name, staff.get(u.id, 0), u.search_key)
            for u, vname in s.execute(q)
        ]


def get_unit(db: Database, unit_id: int) -> UnitDetail:
    with db.session() as s:
        u = s.get(Unit, unit_id)
        if u is None:
            raise NotFound(unit_id)
        members = s.execute(
            select(Person.id, Person.full_name, UnitMember.position)
            .join(UnitMember, UnitMember.person_id == Person.id)
            .where(UnitMember.unit_id == unit_id).order_by(Person.sort_key)
        ).all()
        return UnitDetail(u.id, u.uuid, u.name, u.kind, u.village_id, u.address, u.head_name, u.head_person_id,
                          u.notes, tuple((m[0], m[1], m[2]) for m in members))


def save_unit(db: Database, data: UnitInput) -> int:
    name = nfc(data.name)
    if not name:
        raise ValidationFailed([Problem("name", _("Hãy nhập tên đơn vị."))])
    with db.session() as s:
        head_name = nfc(data.head_name)
        if data.head_person_id:  # before the new row is added: s.get() autoflushes
            head = s.get(Person, data.head_person_id)
            if head is None:
                raise ValidationFailed([Problem("head", _("Người được chọn làm người đứng đầu không còn trong sổ."))])
            head_name = head.full_name
        u = s.get(Unit, data.id) if data.id else Unit()
        if u is None:
            raise NotFound(data.id)
        if not data.id:
            s.add(u)
        u.name, u.kind, u.village_id, u.address = name, data.kind, data.village_id, nfc(data.address)
        u.head_name, u.head_person_id, u.notes = head_name, data.head_person_id, nfc(data.notes)
        u.sort_key, u.search_key = sort_key(name), search_key(name, head_name)
        s.flush()
        s.execute(delete(UnitMember).where(UnitMember.unit_id == u.id))
        for pid, position in dict(data.members).items():
            s.add(UnitMember(unit_id=u.id, person_id=pid, position=nfc(position)))
        audit.record(s, "update" if data.id else "create", "unit", u.uuid, name)
        return u.id


@dataclass(frozen=True)
class DeletePreview:
    """What deleting a unit would do: its staff list goes, the persons stay in the registry;
    ``blocked_by`` lists records that refer to the unit (then it cannot be deleted)."""

    name: str
    staff: int
    blocked_by: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.blocked_by


def delete_preview(db: Database, unit_id: int) -> DeletePreview:
    with db.session() as s:
        u = s.get(Unit, unit_id)
        if u is None:
            raise NotFound(unit_id)
        n = s.scalar(select(func.count()).where(UnitMember.unit_id == unit_id)) or 0
        return DeletePreview(u.name, n, tuple(references.referring(s, "unit", [unit_id])))


def delete_unit(db: Database, unit_id: int) -> None:
    """Delete a unit and its staff list (the persons stay); InUse if referenced."""
    delete_named_record(db, Unit, "unit", unit_id)
