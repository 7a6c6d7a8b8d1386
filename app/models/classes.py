"""The centre's classes and talks: topics, instructors, classes with their sessions, learners
(enrolments) and attendance marks.

Every table carries :class:`~app.models.base.SyncMixin` except the attendance marks
(``class_attendance``): a commune's year holds about 60,000 marks, so a mark is a light row
(integer key, enrolment, session, present) identified by its natural key (enrolment, session),
unique. Marks travel with their enrolment: a service that changes marks touches the enrolment's
``updated_at``, so a package of changed records finds them through it.

``learning_class.year``, ``starts_on`` and ``ends_on`` repeat what the sessions say (the first and
last session's dates; ``year`` is typed only while a class has no session yet); the services keep
them in step whenever sessions change, so lists and the year's plan read one table.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, SyncMixin


class Topic(SyncMixin, Base):
    """A topic (chủ đề) from the centre's extendable list; ``builtin`` ones are seeded and kept."""

    __tablename__ = "class_topic"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Instructor(SyncMixin, Base):
    """An instructor (báo cáo viên, hướng dẫn viên) and the organisation they come from."""

    __tablename__ = "class_instructor"

    full_name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(600), default="")
    sort_key: Mapped[str] = mapped_column(String(600), default="")


class Class(SyncMixin, Base):
    """A class over several sessions (``kind`` ``course``) or a one-off talk (``talk``)."""

    __tablename__ = "learning_class"
    __table_args__ = (Index("ix_learning_class_year_start", "year", "starts_on"),)

    topic_id: Mapped[int] = mapped_column(ForeignKey("class_topic.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(8), default="course")  # course | talk
    place: Mapped[str] = mapped_column(String(300), default="")
    instructor_id: Mapped[int | None] = mapped_column(ForeignKey("class_instructor.id"), index=True)
    partner: Mapped[str] = mapped_column(String(300), default="")
    funding_note: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(String(300), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    completion_percent: Mapped[int] = mapped_column(Integer, default=80)
    year: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(600), default="")


class ClassSession(SyncMixin, Base):
    """One session (buổi học) of a class, numbered 1… in date order; ``place`` overrides the
    class's place when not empty; ``head_count`` is the number of people counted at a talk."""

    __tablename__ = "class_session"
    __table_args__ = (Index("ix_class_session_class_date", "class_id", "held_on"),)

    class_id: Mapped[int] = mapped_column(ForeignKey("learning_class.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer, default=1)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(300), default="")
    head_count: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")


class Enrolment(SyncMixin, Base):
    """A learner (học viên) of a class: a registry person, or a guest typed by name (``guest_*``)
    until matched to a person. ``household_id`` names the household when the learner was added
    with the whole household. ``completed`` overrides the class's completion rule when not null."""

    __tablename__ = "class_enrolment"
    __table_args__ = (
        Index("uq_class_enrolment_class_person", "class_id", "person_id", unique=True,
              sqlite_where=text("person_id IS NOT NULL")),
        Index("ix_class_enrolment_class", "class_id"),
        Index("ix_class_enrolment_person", "person_id"),
    )

    class_id: Mapped[int] = mapped_column(ForeignKey("learning_class.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    guest_name: Mapped[str] = mapped_column(String(300), default="")
    guest_sex: Mapped[str] = mapped_column(String(1), default="")
    guest_birth_year: Mapped[int | None] = mapped_column(Integer)
    guest_village: Mapped[str] = mapped_column(String(200), default="")
    completed: Mapped[bool | None] = mapped_column(Boolean)
    enrolled_at: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class Attendance(Base):
    """One attendance mark (điểm danh): the learner was present (or absent) at the session. No
    UUID: see the module documentation."""

    __tablename__ = "class_attendance"
    __table_args__ = (UniqueConstraint("enrolment_id", "session_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("class_enrolment.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"), index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)
