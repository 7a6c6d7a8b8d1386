"""Clans (dòng họ): a name, a head, and member households across villages."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, select

from app.db.engine import Database
from app.domain.text import nfc, search_key, sort_key
from app.i18n import _
from app.models import Clan, ClanHousehold, Household, Person, Village
from app.services import audit, references
from app.services.errors import NotFound, Problem, ValidationFailed
from app.services.records import delete_named_record


@dataclass(frozen=True)
class ClanRow:
    id: int
    uuid: str
    name: str
    head_name: str
    households: int
    villages: int
    search: str


@dataclass(frozen=True)
class ClanInput:
    name: str
    head_name: str = ""
    head_person_id: int | None = None
    notes: str = ""
    household_ids: tuple[int, ...] = field(default_factory=tuple)
    id: int | None = None


@dataclass(frozen=True)
class ClanDetail:
    id: int
    uuid: str
    name: str
    head_name: str
    head_person_id: int | None
    notes: str
    households: tuple[tuple[int, str, str, str], ...]  # id, code, head name, village


def clan_rows(db: Database) -> list[ClanRow]:
    with db.session() as s:
        counts = {
            cid: (n, v)
            for cid, n, v in s.execute(
                select(ClanHousehold.clan_id, func.count(), func.count(func.distinct(Household.village_id)))
                .join(Household, Household.id == ClanHousehold.household_id)
                .group_by(ClanHousehold.clan_id)
            )
        }
        return [
            ClanRow(c.id, c.uuid, c.name, c.head_name, *counts.get(c.id, (0, 0)), c.search_key)
            for c in s.scalars(select(Clan).order_by(Clan.sort_key))
        ]


def get_clan(db: Database, clan_id: int) -> ClanDetail:
    with db.session() as s:
        c = s.get(Clan, clan_id)
        if c is None:
            raise NotFound(clan_id)
        head = (
            select(Person.household_id, func.max(Person.full_name).label("n"))
            .where(Person.relation == "head").group_by(Person.household_id).subquery()
        )
        rows = s.execute(
            select(Household.id, Household.code, head.c.n, Village.name)
            .join(ClanHousehold, ClanHousehold.household_id == Household.id)
            .join(Village, Village.id == Household.village_id)
            .outerjoin(head, head.c.household_id == Household.id)
            .where(ClanHousehold.clan_id == clan_id)
            .order_by(Village.sort_key, Household.code)
        ).all()
        return ClanDetail(c.id, c.uuid, c.name, c.head_name, c.head_person_id, c.notes,
                          tuple((r[0], r[1], r[2] or "", r[3]) for r in rows))


def save_clan(db: Database, data: ClanInput) -> int:
    name = nfc(data.name)
    if not name:
        raise ValidationFailed([Problem("name", _("Hãy nhập tên dòng họ."))])
    with db.session() as s:
        head_name = nfc(data.head_name)
        if data.head_person_id:  # before the new row is added: s.get() autoflushes
            head = s.get(Person, data.head_person_id)
            if head is None:
                raise ValidationFailed([Problem("head", _("Người được chọn làm trưởng họ không còn trong sổ."))])
            head_name = head.full_name
        c = s.get(Clan, data.id) if data.id else Clan()
        if c is None:
            raise NotFound(data.id)
        if not data.id:
            s.add(c)
        c.name, c.head_name, c.head_person_id, c.notes = name, head_name, data.head_person_id, nfc(data.notes)
        c.sort_key, c.search_key = sort_key(name), search_key(name, head_name)
        s.flush()
        s.execute(delete(ClanHousehold).where(ClanHousehold.clan_id == c.id))
        for hid in dict.fromkeys(data.household_ids):
            s.add(ClanHousehold(clan_id=c.id, household_id=hid))
        audit.record(s, "update" if data.id else "create", "clan", c.uuid,
                     f"{name} ({len(data.household_ids)})")
        return c.id


@dataclass(frozen=True)
class DeletePreview:
    """What deleting a clan would do: its member households stay in the registry and only leave
    the clan; ``blocked_by`` lists records that refer to the clan (then it cannot be deleted)."""

    name: str
    households: int
    blocked_by: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.blocked_by


def delete_preview(db: Database, clan_id: int) -> DeletePreview:
    with db.session() as s:
        c = s.get(Clan, clan_id)
        if c is None:
            raise NotFound(clan_id)
        n = s.scalar(select(func.count()).where(ClanHousehold.clan_id == clan_id)) or 0
        return DeletePreview(c.name, n, tuple(references.referring(s, "clan", [clan_id])))


def delete_clan(db: Database, clan_id: int) -> None:
    """Delete a clan and its membership list (the households stay); InUse if referenced."""
    delete_named_record(db, Clan, "clan", clan_id)

