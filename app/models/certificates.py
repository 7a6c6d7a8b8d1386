"""The certificate register (sổ cấp giấy công nhận) and its reprint log.

One register row per award: one decided assessment (a subject recognised with one title in one
year) gets exactly one number in its year's register, unique per year. The row keeps what was
printed — the recipient's name, address and village, the decision's number and date — as it was at
the first issue, so a later edit of the registry never changes a certificate already handed out.
``qr_text`` and ``key_id`` are filled when the certificate is first printed with the commune's key;
a reprint keeps them. Every reprint adds a :class:`CertificateReprint` row (with its required
reason) and raises ``reprint_count``; the certificate then shows "Cấp lại lần N".
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, SyncMixin, utcnow


class CertificateEntry(SyncMixin, Base):
    """One award in the year's register. ``subject_kind`` is ``household``, ``clan``, ``village``,
    ``unit`` or ``person``; ``subject_id``/``subject_uuid`` name the registry record."""

    __tablename__ = "certificate_register"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        Index("ix_certificate_register_subject", "subject_kind", "subject_id"),
    )

    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title_code: Mapped[str] = mapped_column(String(24))
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)
    subject_uuid: Mapped[str] = mapped_column(String(36))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), unique=True)
    recipient: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(400), default="")
    village: Mapped[str] = mapped_column(String(200), default="")
    decision_id: Mapped[int] = mapped_column(ForeignKey("assessment_decision.id"), index=True)
    decision_number: Mapped[str] = mapped_column(String(60))
    decision_date: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    qr_text: Mapped[str] = mapped_column(Text, default="")
    key_id: Mapped[str] = mapped_column(String(16), default="")
    reprint_count: Mapped[int] = mapped_column(Integer, default=0)


class CertificateReprint(SyncMixin, Base):
    """One reprint of a registered certificate: ``count`` 1 for the first reprint, the date shown
    on the certificate's date line, when (UTC) and by whom, and the reason (required)."""

    __tablename__ = "certificate_reprint"
    __table_args__ = (UniqueConstraint("entry_id", "count"),)

    entry_id: Mapped[int] = mapped_column(ForeignKey("certificate_register.id"), index=True)
    count: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    reprinted_on: Mapped[date] = mapped_column(Date)
    reprinted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reprinted_by: Mapped[str] = mapped_column(String(200), default="")
