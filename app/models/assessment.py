"""Assessment rounds: criteria sets, rounds, one assessment per subject, evidence and decisions.

Scores are kept as one JSON document per assessment (``assessment.scores``), not one row per
indicator: a commune of 20,000 households assessed yearly for five titles would otherwise hold
millions of score rows (measured: 1.6 million synchronisable score rows take about 17 s to insert
in SQLite, against a few tenths of a second for the same scores as per-assessment documents). An
assessment is the unit that is scored, locked, decided and synchronised. See
:mod:`app.domain.scoring` for the document's shape.

Decision subjects (``assessment_decision_subject``) are link rows without their own UUID, like
``clan_household``: they travel with their decision.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, SyncMixin

#: Subject kind → the column of :class:`Assessment` naming the subject.
SUBJECT_COLUMNS: dict[str, str] = {
    "household": "household_id",
    "clan": "clan_id",
    "village": "village_id",
    "unit": "unit_id",
    "person": "person_id",
}


class CriteriaSet(SyncMixin, Base):
    """A versioned criteria set (bộ tiêu chí); ``document`` holds the whole set as JSON
    (the format of ``resources/criteria/schema.json``), the other columns repeat what lists need."""

    __tablename__ = "criteria_set"
    __table_args__ = (UniqueConstraint("code", "version"),)

    code: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1)
    title_code: Mapped[str] = mapped_column(String(24), index=True)
    target_group: Mapped[str] = mapped_column(String(24), default="")
    name_vi: Mapped[str] = mapped_column(String(400))
    issuing_document: Mapped[str] = mapped_column(Text, default="")
    issuing_date: Mapped[date | None] = mapped_column(Date)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    province: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(16), default="sample")  # verified | partial | sample
    origin: Mapped[str] = mapped_column(String(16), default="shipped")  # shipped | imported | edited | copied
    confirmed_by: Mapped[str] = mapped_column(String(200), default="")
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    document: Mapped[str] = mapped_column(Text)


class AssessmentRound(SyncMixin, Base):
    """One year's round for one title (and one target group for citizens), with its criteria set."""

    __tablename__ = "assessment_round"
    __table_args__ = (UniqueConstraint("year", "title_code", "target_group"),)

    year: Mapped[int] = mapped_column(Integer)
    title_code: Mapped[str] = mapped_column(String(24))
    target_group: Mapped[str] = mapped_column(String(24), default="")
    criteria_set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class Assessment(SyncMixin, Base):
    """One subject in one round: its steps, scores, result and lock.

    Exactly one of ``household_id``, ``clan_id``, ``village_id``, ``unit_id``, ``person_id`` is
    set, the one the round's title assesses; the foreign keys keep an assessed record from being
    deleted. ``passed`` is the effective result (``result_override`` when set, else the computed
    ``computed_pass``); ``locked`` is true while a decision covers the assessment.
    """

    __tablename__ = "assessment"
    __table_args__ = (
        Index("ix_assessment_round_status", "round_id", "status"),
        # one per subject kind: unique per round, partial so that each row is in one index only
        *(Index(f"uq_assessment_{col}_round", col, "round_id", unique=True, sqlite_where=text(f"{col} IS NOT NULL"))
          for col in SUBJECT_COLUMNS.values()),
    )

    round_id: Mapped[int] = mapped_column(ForeignKey("assessment_round.id"))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"))
    clan_id: Mapped[int | None] = mapped_column(ForeignKey("clan.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    status: Mapped[str] = mapped_column(String(20), default="registered")
    registered_on: Mapped[date | None] = mapped_column(Date)
    registered_by: Mapped[str] = mapped_column(String(200), default="")
    self_assessed_on: Mapped[date | None] = mapped_column(Date)
    self_assessed_by: Mapped[str] = mapped_column(String(200), default="")
    village_reviewed_on: Mapped[date | None] = mapped_column(Date)
    village_reviewed_by: Mapped[str] = mapped_column(String(200), default="")
    commune_reviewed_on: Mapped[date | None] = mapped_column(Date)
    commune_reviewed_by: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_decision.id"))
    scores: Mapped[str] = mapped_column(Text, default="{}")
    preconditions: Mapped[str] = mapped_column(Text, default="{}")
    scored_count: Mapped[int] = mapped_column(Integer, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    total: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str] = mapped_column(String(100), default="")
    computed_pass: Mapped[bool] = mapped_column(Boolean, default=False)
    result_override: Mapped[str] = mapped_column(String(8), default="")  # "" | pass | fail
    override_reason: Mapped[str] = mapped_column(Text, default="")
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def subject_column(cls, kind: str):
        """The column holding the subject of ``kind`` (``household``, ``clan``, …)."""
        return getattr(cls, SUBJECT_COLUMNS[kind])

    @property
    def subject(self) -> tuple[str, int]:
        """(kind, id) of the assessed subject."""
        return next((k, getattr(self, c)) for k, c in SUBJECT_COLUMNS.items() if getattr(self, c) is not None)


class AssessmentEvidence(SyncMixin, Base):
    """Evidence (minh chứng) for an indicator, or for the whole assessment when the code is empty:
    a file stored under its SHA-256 in the evidence folder, or a note."""

    __tablename__ = "assessment_evidence"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    indicator_code: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(8))  # file | note
    sha256: Mapped[str] = mapped_column(String(64), default="", index=True)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    extension: Mapped[str] = mapped_column(String(16), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(200), default="")


class Decision(SyncMixin, Base):
    """A decision recognising a title (quyết định công nhận); ``amends_id`` names the decision it
    amends after a reopened assessment. Numbers are unique within an assessment year."""

    __tablename__ = "assessment_decision"
    __table_args__ = (UniqueConstraint("year", "number"),)

    year: Mapped[int] = mapped_column(Integer)
    round_id: Mapped[int] = mapped_column(ForeignKey("assessment_round.id"), index=True)
    title_code: Mapped[str] = mapped_column(String(24))
    number: Mapped[str] = mapped_column(String(60))
    decided_on: Mapped[date] = mapped_column(Date)
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_position: Mapped[str] = mapped_column(String(200), default="")
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_decision.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class DecisionSubject(Base):
    """One subject listed in a decision."""

    __tablename__ = "assessment_decision_subject"
    __table_args__ = (UniqueConstraint("decision_id", "assessment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("assessment_decision.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
