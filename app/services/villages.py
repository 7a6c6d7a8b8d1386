"""Villages (thôn, bản, tổ dân phố, ấp, khu phố): list, save, delete."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db.engine import Database
from app.domain.reference import VILLAGE_KINDS
from app.domain.text import nfc, search_key, sort_key
from app.i18n import _, format_number
from app.models import Household, Unit, Village
from app.services import audit, references
from app.services.errors import InUse, NotFound, Problem, ValidationFailed


@dataclass(frozen=True)
class VillageRow:
    id: int
    uuid: str
    code: str
    name: str
    kind: str
    old_code: str
    old_name: str
    households: int
    persons: int


@dataclass(frozen=True)
class VillageInput:
    name: str
    kind: str = "thon"
    code: str = ""
    old_code: str = ""
    old_name: str = ""
    id: int | None = None


def list_villages(db: Database) -> list[VillageRow]:
    """All active villages in Vietnamese order, with their household and person counts."""
    from app.models import Person

    with db.session() as s:
        hh = dict(s.execute(select(Household.village_id, func.count()).group_by(Household.village_id)).all())
        pp = dict(
            s.execute(
                select(Household.village_id, func.count(Person.id))
                .join(Person, Person.household_id == Household.id)
                .where(Person.status == "alive")
                .group_by(Household.village_id)
            ).all()
        )
        rows = s.scalars(select(Village).where(Village.active).order_by(Village.sort_key))
        return [
            VillageRow(v.id, v.uuid, v.code, v.name, v.kind, v.old_code, v.old_name, hh.get(v.id, 0), pp.get(v.id, 0))
            for v in rows
        ]


def save_village(db: Database, data: VillageInput) -> VillageRow:
    name = nfc(data.name)
    if not name:
        raise ValidationFailed([Problem("name", _("Hãy nhập tên thôn, bản."))])
    problems = []
    if data.kind not in {code for code, _label in VILLAGE_KINDS}:
        problems.append(Problem("kind", _("Hãy chọn loại: thôn, bản, tổ dân phố, ấp, khu phố hoặc khác.")))
    with db.session() as s:
        dup = s.scalar(select(Village.id).where(Village.search_key == search_key(name), Village.active))
        if dup and dup != data.id:
            problems.append(Problem("name", _("Đã có thôn, bản tên “{name}”.").format(name=name)))
        code = nfc(data.code)
        if code:
            other = s.execute(select(Village.id, Village.name).where(Village.code == code, Village.active)).first()
            if other and other[0] != data.id:
                problems.append(Problem("code", _("Mã {code} đã được dùng cho {name}.").format(code=code, name=other[1])))
        if problems:
            raise ValidationFailed(problems)
        v = s.get(Village, data.id) if data.id else Village()
        if v is None:
            raise NotFound(data.id)
        if not data.id:
            s.add(v)
        v.name, v.kind, v.code = name, data.kind, nfc(data.code)
        v.old_code, v.old_name = nfc(data.old_code), nfc(data.old_name)
        v.sort_key, v.search_key = sort_key(name), search_key(name)
        s.flush()
        audit.record(s, "update" if data.id else "create", "village", v.uuid, name)
        return VillageRow(v.id, v.uuid, v.code, v.name, v.kind, v.old_code, v.old_name, 0, 0)


@dataclass(frozen=True)
class DeletePreview:
    """What deleting a village would do: ``blocked_by`` lists the reasons it cannot be deleted
    (households still in it, later records that refer to it); ``units`` are the units located in
    it, which stay but lose their village."""

    name: str
    units: tuple[str, ...]
    blocked_by: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.blocked_by


def _blockers(s, v: Village) -> list[str]:
    n = s.scalar(select(func.count()).where(Household.village_id == v.id)) or 0
    out = []
    if n:
        out.append(_("{name} còn {n} hộ gia đình.").format(name=v.name, n=format_number(n)))
    return out + references.referring(s, "village", [v.id])


def delete_preview(db: Database, village_id: int) -> DeletePreview:
    with db.session() as s:
        v = s.get(Village, village_id)
        if v is None:
            raise NotFound(village_id)
        units = tuple(s.scalars(select(Unit.name).where(Unit.village_id == village_id).order_by(Unit.sort_key)))
        return DeletePreview(v.name, units, tuple(_blockers(s, v)))


def delete_village(db: Database, village_id: int) -> None:
    """Remove a village that has no households and nothing referring to it; raises InUse
    otherwise. Units located in it keep existing without a village. Recorded in the audit trail."""
    with db.session() as s:
        v = s.get(Village, village_id)
        if v is None:
            raise NotFound(village_id)
        reasons = _blockers(s, v)
        if reasons:
            raise InUse(reasons)
        for u in s.scalars(select(Unit).where(Unit.village_id == village_id)):
            u.village_id = None
        audit.record(s, "delete", "village", v.uuid, v.name)
        audit.tombstone(s, "village", v.uuid)
        s.delete(v)
