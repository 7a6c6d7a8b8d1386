"""The receiving office's tables: communes and their keys, received packages and their content.

Only used in "receiver" mode. Nothing here travels in a package. ``received_record`` and
``received_recognition`` hold the communes' records as JSON text keyed by (commune, table, uuid),
so the office keeps a full copy without mirroring every table of the commune program.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, SyncMixin, utcnow


class ReceiverCommune(SyncMixin, Base):
    """A commune that sends packages to this office (code as in the manifest)."""

    __tablename__ = "receiver_commune"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    province_name: Mapped[str] = mapped_column(String(100), default="")
    centre_name: Mapped[str] = mapped_column(String(300), default="")
    last_sequence: Mapped[int | None] = mapped_column(Integer)
    last_package_id: Mapped[str | None] = mapped_column(String(64))


class ReceiverCommuneKey(SyncMixin, Base):
    """A commune's minisign public key; old keys stay (status replaced) for packages they signed."""

    __tablename__ = "receiver_commune_key"

    commune_id: Mapped[int] = mapped_column(ForeignKey("receiver_commune.id"), index=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    public_key: Mapped[str] = mapped_column(String(200))
    registered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | replaced | revoked
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")


class ReceivedPackage(SyncMixin, Base):
    """A package imported (one row per package id)."""

    __tablename__ = "received_package"
    __table_args__ = (Index("ix_received_package_commune", "commune_id", "sequence"),)

    package_id: Mapped[str] = mapped_column(String(64), unique=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("receiver_commune.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(String(16))
    key_id: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    encrypted: Mapped[bool] = mapped_column(Boolean, default=True)
    package_created_at: Mapped[str] = mapped_column(String(40), default="")
    previous_package_id: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    manifest: Mapped[str] = mapped_column(Text)
    receipt_file: Mapped[str] = mapped_column(String(500), default="")


class ReceiverImportEvent(Base):
    """Every import attempt (imported, already imported, refused), for the office's log."""

    __tablename__ = "receiver_import_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    package_id: Mapped[str] = mapped_column(String(64), default="")
    commune_code: Mapped[str] = mapped_column(String(40), default="")
    result: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class ReceivedSummary(Base):
    """The latest ``data/summary.json`` of a commune for a year."""

    __tablename__ = "received_summary"
    __table_args__ = (UniqueConstraint("commune_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("receiver_commune.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    package_id: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ReceivedRecognition(Base):
    """One line of a commune's ``data/recognitions.jsonl`` (the latest package's list for the year)."""

    __tablename__ = "received_recognition"
    __table_args__ = (UniqueConstraint("commune_id", "year", "record_uuid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("receiver_commune.id"))
    year: Mapped[int] = mapped_column(Integer)
    record_uuid: Mapped[str] = mapped_column(String(64))
    title_code: Mapped[str] = mapped_column(String(32), default="")
    data: Mapped[str] = mapped_column(Text)


class ReceivedRecord(Base):
    """A record of a ``full`` package (``data/<table>.jsonl``), latest version, or its deletion."""

    __tablename__ = "received_record"
    __table_args__ = (UniqueConstraint("commune_id", "table_name", "record_uuid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("receiver_commune.id"))
    table_name: Mapped[str] = mapped_column(String(60))
    record_uuid: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(String(40), default="")
    digest: Mapped[str] = mapped_column(String(32))
    data: Mapped[str] = mapped_column(Text)
    deleted_at: Mapped[str | None] = mapped_column(String(40))
    package_id: Mapped[str] = mapped_column(String(64))
