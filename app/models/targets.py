"""Targets (chỉ tiêu) per year and key, and the officer's text of the annual report.

``report_target`` holds one percentage per (year, key): the keys are the four titles (``GDHT``,
``DHHT``, ``CDHT_THON``, ``DVHT``) and the citizens' groups (``CDHT_CONG_DAN:community``,
``CDHT_CONG_DAN:units``); ``source`` remembers where it came from: ``typed``, a preset id
(``son-la``) or a preset id with ``+interpolated`` for a year between the preset's years.
``report_text`` holds, per year, what the officer writes in the report (number, sections,
recipients, signer).
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, SyncMixin


class Target(SyncMixin, Base):
    __tablename__ = "report_target"
    __table_args__ = (UniqueConstraint("year", "key"),)

    year: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(40))
    percent: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(60), default="typed")


class ReportText(SyncMixin, Base):
    __tablename__ = "report_text"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    number: Mapped[str] = mapped_column(String(60), default="")
    achievements: Mapped[str] = mapped_column(Text, default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    recipients: Mapped[str] = mapped_column(Text, default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_position: Mapped[str] = mapped_column(String(200), default="")
