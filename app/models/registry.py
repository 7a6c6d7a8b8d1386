"""The commune's registry: its profile, villages, households, persons, clans and units."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, SyncMixin, utcnow


class CommuneProfile(SyncMixin, Base):
    """The single row describing this installation: the commune or the receiving office."""

    __tablename__ = "commune_profile"

    mode: Mapped[str] = mapped_column(String(16), default="commune")  # commune | receiver
    province_code: Mapped[str] = mapped_column(String(8), default="")
    province_name: Mapped[str] = mapped_column(String(100), default="")
    old_province_code: Mapped[str] = mapped_column(String(8), default="")
    old_province_name: Mapped[str] = mapped_column(String(100), default="")
    commune_code: Mapped[str] = mapped_column(String(16), default="")
    commune_name: Mapped[str] = mapped_column(String(200), default="")
    commune_kind: Mapped[str] = mapped_column(String(16), default="xa")  # xa | phuong | dac_khu
    old_commune_code: Mapped[str] = mapped_column(String(16), default="")
    old_commune_name: Mapped[str] = mapped_column(String(200), default="")
    centre_name: Mapped[str] = mapped_column(String(300), default="")
    receiver_office_name: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    working_year: Mapped[int | None] = mapped_column(Integer)


class Signer(SyncMixin, Base):
    """A person who signs documents: centre director, chair, vice-chairs, association chair."""

    __tablename__ = "signer"

    role: Mapped[str] = mapped_column(String(32))
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Setting(Base):
    """A typed program setting declared in app.settings, stored as text."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Village(SyncMixin, Base):
    __tablename__ = "village"

    code: Mapped[str] = mapped_column(String(32), default="")
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="thon")
    old_code: Mapped[str] = mapped_column(String(32), default="")
    old_name: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_key: Mapped[str] = mapped_column(String(400), default="", index=True)
    search_key: Mapped[str] = mapped_column(String(400), default="")


class Household(SyncMixin, Base):
    __tablename__ = "household"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | moved | dissolved
    status_date: Mapped[date | None] = mapped_column(Date)

    members: Mapped[list[Person]] = relationship(
        back_populates="household", order_by="Person.member_order", cascade="all, delete-orphan"
    )


class Person(SyncMixin, Base):
    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_household_order", "household_id", "member_order"),
        Index("ix_person_dup", "name_fold", "birth_year"),
        # Covers the person list, read in name order with one sequential index scan.
        Index("ix_person_list", "sort_key", "id", "full_name", "sex", "birth_year", "household_id", "relation",
              "ethnic_code", "education_level", "status", "name_fold", "id_number"),
    )

    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    member_order: Mapped[int] = mapped_column(Integer, default=0)
    family_name: Mapped[str] = mapped_column(String(100), default="")
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    given_name: Mapped[str] = mapped_column(String(100), default="")
    full_name: Mapped[str] = mapped_column(String(300))
    sex: Mapped[str] = mapped_column(String(1), default="")  # M | F | "" unknown
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer, index=True)
    relation: Mapped[str] = mapped_column(String(24), default="other")
    ethnic_code: Mapped[str] = mapped_column(String(4), default="")
    education_level: Mapped[str] = mapped_column(String(24), default="")
    in_school: Mapped[bool] = mapped_column(Boolean, default=False)
    occupation: Mapped[str] = mapped_column(String(200), default="")
    id_number: Mapped[str] = mapped_column(String(20), default="", index=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    status: Mapped[str] = mapped_column(String(16), default="alive")  # alive | moved | deceased
    status_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    name_fold: Mapped[str] = mapped_column(String(300), default="")
    sort_key: Mapped[str] = mapped_column(String(600), default="")

    household: Mapped[Household | None] = relationship(back_populates="members")


class Clan(SyncMixin, Base):
    __tablename__ = "clan"

    name: Mapped[str] = mapped_column(String(200))
    head_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    head_name: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(String(400), default="")
    search_key: Mapped[str] = mapped_column(String(400), default="")


class ClanHousehold(Base):
    __tablename__ = "clan_household"
    __table_args__ = (UniqueConstraint("household_id", "clan_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clan_id: Mapped[int] = mapped_column(ForeignKey("clan.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)


class Unit(SyncMixin, Base):
    __tablename__ = "unit"

    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(24), default="office")
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id", ondelete="SET NULL"))
    address: Mapped[str] = mapped_column(String(300), default="")
    head_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    head_name: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(String(400), default="")
    search_key: Mapped[str] = mapped_column(String(400), default="")


class UnitMember(Base):
    __tablename__ = "unit_member"
    __table_args__ = (UniqueConstraint("unit_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(200), default="")


class AuditEntry(Base):
    """Who did what, when: every write a person would want to trace."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_name: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_uuid: Mapped[str] = mapped_column(String(36), default="", index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="")  # JSON: old → new


class Deletion(Base):
    """Tombstones of deleted records, so a full package can carry deletions."""

    __tablename__ = "deletion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    deleted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
