"""The records of a ``full`` package: one ``data/<table>.jsonl`` per registry table.

Each line is made by SQLite itself (``json_object``) and read in batches, so a 20,000-household
commune's 700,000 records cost about a second and little memory. Every record starts with its
stable ``uuid`` and ``updated_at`` (ISO 8601, UTC, ``Z``); integer keys never leave the database: a
reference column ``<name>_id`` becomes ``<name>_uuid`` holding the referenced record's uuid. Derived
search and sort columns are left out; booleans are JSON booleans; JSON text columns (scores,
preconditions, criteria documents) travel as JSON values.

Link rows without a uuid in the database (clan households, unit members, decision subjects,
attendance marks) get a UUIDv5 (namespace :data:`LINK_NAMESPACE`, name
``"<table>:<uuid>:<uuid>"`` of the two linked records), the same in every package; their
``updated_at`` is the later of the two linked records' (for attendance, the enrolment's, which the
class services touch whenever marks change).

What travels: the registry as it stands (villages, households, persons, clans, units and their
members, class topics and instructors), and the package year's classes (sessions, learners,
attendance), assessment rounds (their criteria sets), assessments with scores, and decisions (with
the subjects they list). Deletions (tombstones) travel as ``data/deletions.jsonl``.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import uuid as uuid_mod
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Boolean, Date, DateTime, Time
from sqlalchemy.orm import Session

from app.models import (
    Assessment,
    AssessmentRound,
    Attendance,
    Clan,
    ClanHousehold,
    Class,
    ClassSession,
    CriteriaSet,
    Decision,
    DecisionSubject,
    Enrolment,
    Household,
    Instructor,
    Person,
    Topic,
    Unit,
    UnitMember,
    Village,
)

#: The namespace of derived link uuids (UUIDv5 of ``"<table>:<uuid>:<uuid>"``).
LINK_NAMESPACE = uuid_mod.UUID("5b0d1c8e-3f0a-5c4e-9a57-747468746364")

_DROP = {"id", "sort_key", "search_key", "name_fold"}
_JSON_COLUMNS = {"scores", "preconditions", "document"}
_BATCH = 5000

_YEAR_CLASSES = "SELECT id FROM learning_class WHERE year = :year"
_YEAR_ROUNDS = "SELECT id FROM assessment_round WHERE year = :year"


@dataclass(frozen=True)
class TableSpec:
    """One exported table: file stem, model, reference columns → referenced model, an optional SQL
    condition on the package year (``t`` is the table, ``:year`` the year); ``link`` rows have no
    uuid of their own."""

    name: str
    model: type
    refs: dict[str, type] = field(default_factory=dict)
    where: str = ""
    link: bool = False

    @property
    def path(self) -> str:
        return f"data/{self.name}.jsonl"


_SUBJECTS = {"household_id": Household, "clan_id": Clan, "village_id": Village, "unit_id": Unit,
             "person_id": Person}

TABLES: tuple[TableSpec, ...] = (
    TableSpec("villages", Village),
    TableSpec("households", Household, {"village_id": Village}),
    TableSpec("persons", Person, {"household_id": Household}),
    TableSpec("clans", Clan, {"head_person_id": Person}),
    TableSpec("clan_households", ClanHousehold, {"clan_id": Clan, "household_id": Household}, link=True),
    TableSpec("units", Unit, {"village_id": Village, "head_person_id": Person}),
    TableSpec("unit_members", UnitMember, {"unit_id": Unit, "person_id": Person}, link=True),
    TableSpec("class_topics", Topic),
    TableSpec("class_instructors", Instructor),
    TableSpec("classes", Class, {"topic_id": Topic, "instructor_id": Instructor}, "t.year = :year"),
    TableSpec("class_sessions", ClassSession, {"class_id": Class}, f"t.class_id IN ({_YEAR_CLASSES})"),
    TableSpec("class_enrolments", Enrolment, {"class_id": Class, "person_id": Person, "household_id": Household},
              f"t.class_id IN ({_YEAR_CLASSES})"),
    TableSpec("class_attendance", Attendance, {"enrolment_id": Enrolment, "session_id": ClassSession},
              f"t.session_id IN (SELECT id FROM class_session WHERE class_id IN ({_YEAR_CLASSES}))", link=True),
    TableSpec("criteria_sets", CriteriaSet, {}, "t.id IN (SELECT criteria_set_id FROM assessment_round "
                                                "WHERE year = :year)"),
    TableSpec("assessment_rounds", AssessmentRound, {"criteria_set_id": CriteriaSet}, "t.year = :year"),
    TableSpec("assessments", Assessment, {"round_id": AssessmentRound, **_SUBJECTS, "decision_id": Decision},
              f"t.round_id IN ({_YEAR_ROUNDS})"),
    TableSpec("decisions", Decision, {"round_id": AssessmentRound, "village_id": Village, "amends_id": Decision},
              "t.year = :year"),
    TableSpec("decision_subjects", DecisionSubject, {"decision_id": Decision, "assessment_id": Assessment},
              "t.decision_id IN (SELECT id FROM assessment_decision WHERE year = :year)", link=True),
)

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_STAMP = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
#: The record schema's required fields, checked on the line as written (they always come first).
LINE_START = re.compile(rf'\{{"uuid":"{_UUID}","updated_at":"{_STAMP}"')


def link_uuid(table: str, first: str | None, second: str | None) -> str:
    """UUIDv5(:data:`LINK_NAMESPACE`, ``"<table>:<first>:<second>"``), as :func:`uuid.uuid5` gives it."""
    digest = bytearray(hashlib.sha1(LINK_NAMESPACE.bytes + f"{table}:{first}:{second}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _stamp_sql(expr: str) -> str:
    return f"strftime('%Y-%m-%dT%H:%M:%SZ', {expr})"


def _value_sql(column, name: str) -> str:
    ref = f"t.{name}"
    if name in _JSON_COLUMNS:
        return f"json(CASE WHEN {ref} IS NULL OR {ref} = '' THEN 'null' ELSE {ref} END)"
    if isinstance(column.type, Boolean):
        return f"json(CASE WHEN {ref} IS NULL THEN 'null' WHEN {ref} THEN 'true' ELSE 'false' END)"
    if isinstance(column.type, DateTime):
        return _stamp_sql(ref)
    if isinstance(column.type, Time):
        return f"substr({ref}, 1, 8)"
    if isinstance(column.type, Date):
        return ref
    return ref


def _ref_sql(spec: TableSpec, name: str) -> str:
    return f"(SELECT uuid FROM {spec.refs[name].__tablename__} WHERE id = t.{name})"


def select_sql(spec: TableSpec) -> str:
    """The SELECT that yields one JSON text per record of ``spec``."""
    table = spec.model.__table__
    pairs: list[tuple[str, str]] = []
    if spec.link:
        first, second = list(spec.refs)[:2]
        parents = [f"(SELECT updated_at FROM {spec.refs[c].__tablename__} WHERE id = t.{c})"
                   for c in ((first,) if spec.model is Attendance else (first, second))]
        latest = parents[0] if len(parents) == 1 else f"max({', '.join(parents)})"
        pairs += [("uuid", f"tthtcd_link_uuid('{spec.name}', {_ref_sql(spec, first)}, {_ref_sql(spec, second)})"),
                  ("updated_at", _stamp_sql(latest))]
    else:
        pairs += [("uuid", "t.uuid"), ("updated_at", _stamp_sql("t.updated_at"))]
    for column in table.columns:
        name = column.name
        if name in _DROP or name in ("uuid", "updated_at"):
            continue
        if name in spec.refs:
            pairs.append((name[:-3] + "_uuid", _ref_sql(spec, name)))
        else:
            pairs.append((name, _value_sql(column, name)))
    args = ", ".join(f"'{key}', {expr}" for key, expr in pairs)
    where = f" WHERE {spec.where}" if spec.where else ""
    return f"SELECT json_object({args}) FROM {table.name} AS t{where} ORDER BY t.id"


def _connection(s: Session) -> sqlite3.Connection:
    raw = s.connection().connection.driver_connection
    raw.create_function("tthtcd_link_uuid", 3, link_uuid, deterministic=True)
    return raw


def _params(spec: TableSpec, year: int) -> dict:
    return {"year": year} if ":year" in spec.where else {}


def count(s: Session, spec: TableSpec, year: int) -> int:
    where = f" WHERE {spec.where}" if spec.where else ""
    sql = f"SELECT count(*) FROM {spec.model.__tablename__} AS t{where}"
    return _connection(s).execute(sql, _params(spec, year)).fetchone()[0]


def chunks(s: Session, spec: TableSpec, year: int) -> Iterator[tuple[bytes, int]]:
    """(JSON Lines bytes, number of records) in batches, in key order."""
    cursor = _connection(s).execute(select_sql(spec), _params(spec, year))
    while True:
        rows = cursor.fetchmany(_BATCH)
        if not rows:
            return
        lines = [r[0] for r in rows]
        yield ("\n".join(lines) + "\n").encode("utf-8"), len(lines)


def check_lines(data: bytes) -> str | None:
    """The record schema's required fields on every line of a batch: None when all match."""
    for n, line in enumerate(data.split(b"\n")[:-1], start=1):
        if not LINE_START.match(line.decode("utf-8", "replace")):
            return f"{n}: {line[:120].decode('utf-8', 'replace')}"
    return None


def deletions(s: Session) -> Iterator[tuple[bytes, int]]:
    """Tombstones; ``table`` is the package table name (``households``…) where the table travels,
    else the database's table name."""
    names = {spec.model.__tablename__: spec.name for spec in TABLES}
    cases = " ".join(f"WHEN '{db}' THEN '{name}'" for db, name in names.items())
    sql = (f"SELECT json_object('table', CASE table_name {cases} ELSE table_name END, 'uuid', uuid, "
           f"'deleted_at', {_stamp_sql('deleted_at')}) FROM deletion ORDER BY id")
    cursor = _connection(s).execute(sql)
    while True:
        rows = cursor.fetchmany(_BATCH)
        if not rows:
            return
        yield ("\n".join(r[0] for r in rows) + "\n").encode("utf-8"), len(rows)


def deletion_count(s: Session) -> int:
    return _connection(s).execute("SELECT count(*) FROM deletion").fetchone()[0]
