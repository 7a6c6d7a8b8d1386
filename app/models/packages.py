"""The commune's side of the data package: the packages it has sent and the receiving office.

``sent_package`` is also the sequence counter: a row is committed with status ``reserved`` before
any file is written, so a sequence number is never used twice, even after a failed export (the row
then says ``failed``). ``package_recipient`` is the one row describing the receiving office: its
name, its age recipient (``age1…``) and, when given, its minisign public key that signs receipts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, SyncMixin


class SentPackage(SyncMixin, Base):
    """One package the commune signed (or tried to): ``status`` is ``reserved`` (being written),
    ``sent`` (written), ``failed`` (nothing left on disk; the sequence stays used), ``received``
    or ``refused`` (a receipt from the receiving office said so)."""

    __tablename__ = "sent_package"

    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    previous_package_id: Mapped[str] = mapped_column(String(36), default="")
    year: Mapped[int] = mapped_column(Integer, index=True)
    content: Mapped[str] = mapped_column(String(16))  # summary | full
    status: Mapped[str] = mapped_column(String(16), default="reserved")
    file_name: Mapped[str] = mapped_column(String(300), default="")
    folder: Mapped[str] = mapped_column(Text, default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    recipient: Mapped[str] = mapped_column(String(100), default="")
    office_name: Mapped[str] = mapped_column(String(300), default="")
    key_id: Mapped[str] = mapped_column(String(16), default="")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    written_at: Mapped[datetime | None] = mapped_column(DateTime)
    error: Mapped[str] = mapped_column(Text, default="")
    receipt_at: Mapped[datetime | None] = mapped_column(DateTime)
    receipt_result: Mapped[str] = mapped_column(String(24), default="")
    receipt_reason: Mapped[str] = mapped_column(Text, default="")
    receipt_verified: Mapped[bool] = mapped_column(Boolean, default=False)


class PackageRecipient(SyncMixin, Base):
    """The receiving office the commune sends to (one row)."""

    __tablename__ = "package_recipient"

    office_name: Mapped[str] = mapped_column(String(300), default="")
    age_recipient: Mapped[str] = mapped_column(String(100), default="")
    signing_public_key: Mapped[str] = mapped_column(Text, default="")
    signing_key_id: Mapped[str] = mapped_column(String(16), default="")
