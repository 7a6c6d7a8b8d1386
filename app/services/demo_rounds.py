"""Demonstration assessment rounds, added by ``python -m app demo`` after the registry.

For each of the past four years: rounds for the five titles (citizens per target group, or one
round under the 2022 set without groups), most subjects registered, typed scores drawn around a
plausible level, derived scores computed, reviews done, and one decision per round recognising
those who passed. The current year is registered and partly scored, not decided. The sample sets
used are confirmed (as a commune would after checking them) so the past rounds could be decided.

Rows are written with Core inserts in one transaction per year, so 20,000 households take a few
seconds. Importing this module registers :func:`fill_rounds` with :mod:`app.services.demo`.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter

from sqlalchemy import insert, literal, select, update

from app.db.engine import Database
from app.domain.criteria import SUBJECT_KINDS, CriteriaSet, parse_document
from app.models import (
    Assessment,
    Clan,
    Decision,
    DecisionSubject,
    Household,
    Person,
    Unit,
    UnitMember,
    Village,
)
from app.models import CriteriaSet as CriteriaSetRow
from app.models.base import utcnow
from app.services import criteria_sets, derivations, rounds
from app.services.demo import Cancelled, register_year_filler
from app.services.setup import get_profile

PAST_YEARS = 4
_OFFICIAL_KINDS = {"office", "school", "health_station"}
_GROUP_RATES = {"community": 0.18, "workers": 0.4, "officials": 0.7, "pupils": 0.4}


@dataclass
class _Registry:
    households: list[tuple[int, int]]  # id, village id
    persons: list[tuple[int, int | None, int | None, bool]]  # id, village id, birth year, in school
    staff: dict[int, str]  # person id → unit kind
    clans: list[int]
    villages: list[int]
    units: list[int]


def _load(db: Database) -> _Registry:
    with db.session() as s:
        hh = s.execute(select(Household.id, Household.village_id).where(Household.status == "active")).all()
        persons = s.execute(select(Person.id, Household.village_id, Person.birth_year, Person.in_school)
                            .join(Household, Household.id == Person.household_id)
                            .where(Person.status == "alive")).all()
        staff = dict(s.execute(select(UnitMember.person_id, Unit.kind).join(Unit, Unit.id == UnitMember.unit_id)).all())
        return _Registry([tuple(r) for r in hh], [tuple(r) for r in persons], staff,
                         list(s.scalars(select(Clan.id))), list(s.scalars(select(Village.id).where(Village.active))),
                         list(s.scalars(select(Unit.id))))


def _group(p: tuple, year: int, staff: dict[int, str]) -> str | None:
    pid, _v, born, in_school = p
    if born is None or year - born < 15:
        return None
    kind = staff.get(pid)
    if kind in _OFFICIAL_KINDS:
        return "officials"
    if kind:
        return "workers"
    return "pupils" if in_school and year - born <= 24 else "community"


@register_year_filler
def fill_rounds(db: Database, rng: random.Random, report, cancelled) -> None:
    """The demo's assessment rounds (see the module documentation). ``report`` is left to the
    registry's progress (its last call stays households done / households); ``cancelled()`` is
    checked before each year, and a cancelled year's transaction is rolled back."""
    profile = get_profile(db)
    chair = profile.signer("chair") if profile else None
    reg = _load(db)
    this_year = date.today().year
    for k, year in enumerate(range(this_year - PAST_YEARS, this_year + 1)):
        if cancelled():
            raise Cancelled()
        _fill_year(db, rng, reg, year, k, year < this_year, chair)


def _open_rounds(db: Database, year: int) -> list[rounds.RoundInfo]:
    out = [rounds.open_round(db, year, title) for title in ("GDHT", "DHHT", "CDHT_THON", "DVHT")]
    with db.session() as s:
        groupless = criteria_sets.set_for(s, year, "CDHT_CONG_DAN", "")
    groups = [""] if groupless else ["community", "workers", "officials", "pupils"]
    out += [rounds.open_round(db, year, "CDHT_CONG_DAN", g or None) for g in groups]
    for r in out:
        if r.set_needs_confirmation:
            criteria_sets.confirm_set(db, r.set_id, "Dữ liệu mẫu")
    return out


def _fill_year(db: Database, rng: random.Random, reg: _Registry, year: int, k: int, past: bool, chair) -> None:
    """One year's rounds, in dependency order so that derived scores read the rounds written before;
    rows are inserted with their derived scores and results already computed."""
    opened = {r.id: r for r in _open_rounds(db, year)}
    groups = {p[0]: _group(p, year, reg.staff) for p in reg.persons}
    with db.session() as s:
        sets = [(r.id, r.title_code, parse_document(s.get(CriteriaSetRow, r.set_id).document)) for r in opened.values()]
        writer = _Writer(rng, year, k, past)
        for rid, _title, cs in derivations.dependency_order(sets):
            rows = writer.round(opened[rid], cs, _subjects(reg, opened[rid], groups, rng, k))
            _evaluate(s, cs, year, rows)
            _insert_raw(s, rows)
        if past:
            for n, r in enumerate(opened.values()):
                _decide(s, r, rng, year, n, chair)


def _evaluate(s, cs: CriteriaSet, year: int, rows: list[dict]) -> None:
    """Fill derived scores and the result columns of freshly built rows."""
    col = Assessment.subject_column(cs.subject_kind).key
    ids = [row[col] for row in rows]
    derived = [(i, derivations.compute(s, i.derivation, year, cs.subject_kind, ids)) for i in cs.indicators
               if i.derivation]
    for row in rows:
        scores = row.pop("_scores")
        for ind, values in derived:
            derivations.merge_derived(scores, ind, values[row[col]])
        row.update(derivations.state_columns(cs, scores, json.loads(row["preconditions"]), ""),
                   scores=json.dumps(scores, ensure_ascii=False))


def _insert_raw(s, rows: list[dict]) -> None:
    """Insert assessment rows through the driver, values already as SQLAlchemy stores them (ISO
    date strings): no per-value bind processing, several times faster than a Core insert."""
    if not rows:
        return
    cols = [c.name for c in Assessment.__table__.columns if c.name != "id"]
    sql = f"INSERT INTO assessment ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    s.connection().exec_driver_sql(sql, list(map(itemgetter(*cols), rows)))


def _subjects(reg: _Registry, r, groups: dict[int, str | None], rng: random.Random, k: int) -> list[tuple[int, int | None]]:
    """(subject id, village id) of the registered subjects of a round."""
    kind = SUBJECT_KINDS[r.title_code]
    if kind == "household":
        return [h for h in reg.households if rng.random() < 0.8 + 0.03 * k]
    if kind == "clan":
        return [(c, None) for c in reg.clans if rng.random() < 0.9]
    if kind == "village":
        return [(v, v) for v in reg.villages]
    if kind == "unit":
        return [(u, None) for u in reg.units]
    out = []
    for pid, vid, _born, _school in reg.persons:
        g = groups[pid]
        if g is not None and r.target_group in ("", g) and rng.random() < _GROUP_RATES[g] + 0.02 * k:
            out.append((pid, vid))
    return out


class _Writer:
    """Builds assessment rows with typed scores; derived scores come from the recomputation."""

    def __init__(self, rng: random.Random, year: int, k: int, past: bool):
        self.rng, self.year, self.k, self.past = rng, year, k, past
        self.now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")

    def day(self, month: int, first: int, last: int) -> str:
        """An ISO date of this year (stored as text, as SQLAlchemy stores dates in SQLite)."""
        return f"{self.year:04d}-{month:02d}-{first + int(self.rng.random() * (last - first + 1)):02d}"

    def round(self, r, cs: CriteriaSet, subjects: list[tuple[int, int | None]]) -> list[dict]:
        """Rows of the round's assessments with typed scores in ``_scores`` (a dict)."""
        rng, rows = self.rng, []
        col = Assessment.subject_column(cs.subject_kind).key
        villages = sorted({v for _s, v in subjects}, key=lambda v: (v is None, v or 0))
        scored = set(villages[::2]) if not self.past else set(villages)
        typed = [i for i in cs.indicators if i.derivation is None]
        template = {**dict.fromkeys(("household_id", "clan_id", "village_id", "unit_id", "person_id")), **_DEFAULTS,
                    "created_at": self.now, "updated_at": self.now, "round_id": r.id,
                    "registered_by": "Chi hội khuyến học thôn", "_scores": {}}
        for sid, vid in subjects:
            row = template.copy()
            row[col] = sid
            row["uuid"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            row["registered_on"] = self.day(1 + int(rng.random() * 3), 5, 28)
            if vid in scored and (self.past or rng.random() < 0.8):
                row["_scores"] = self.scores(typed, cs.subject_kind in ("clan", "village", "unit"))
                row["preconditions"] = json.dumps({p.code: rng.random() < 0.93 for p in cs.preconditions})
                self.steps(row)
            rows.append(row)
        return rows

    def scores(self, typed, organisation: bool) -> dict:
        """Typed points around a level drawn per subject: higher and steadier for clans, villages
        and units (their typed indicators are about having plans, funds and activities)."""
        rng = self.rng
        mean, spread = (0.95, 0.04) if organisation else (0.84 + 0.01 * self.k, 0.09)
        level = min(1.0, max(0.35, rng.gauss(mean, spread)))
        rand = rng.random
        return {ind.code: {"p": float(round(ind.max_points * min(1.0, max(0.0, level + 0.26 * (rand() - 0.5)))))}
                for ind in typed}

    def steps(self, row: dict) -> None:
        row.update(status="self_assessed", self_assessed_on=self.day(10, 1, 31), self_assessed_by="Tự đánh giá")
        if self.past:
            row.update(status="commune_reviewed", village_reviewed_on=self.day(11, 1, 20),
                       village_reviewed_by="Chi hội khuyến học thôn", commune_reviewed_on=self.day(12, 1, 10),
                       commune_reviewed_by="Hội Khuyến học xã")


_DEFAULTS = {"scores": "{}", "preconditions": "{}", "scored_count": 0, "complete": False, "total": None, "grade": "",
             "computed_pass": False, "result_override": "", "override_reason": "", "passed": False, "locked": False,
             "reopen_reason": "", "notes": "", "status": "registered", "self_assessed_on": None,
             "self_assessed_by": "", "village_reviewed_on": None, "village_reviewed_by": "",
             "commune_reviewed_on": None, "commune_reviewed_by": "", "decided_on": None, "decision_id": None}


def _decide(s, r, rng: random.Random, year: int, n: int, chair) -> None:
    """One decision per round recognising its passed subjects (Core updates, no per-row audit)."""
    day = date(year, 12, 15) + timedelta(days=rng.randint(0, 12))
    d = Decision(uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)), year=year, round_id=r.id,
                 title_code=r.title_code, number=f"{rng.randint(10, 40) * 10 + n}/QĐ-UBND", decided_on=day,
                 signer_name=chair.full_name if chair else "Chủ tịch UBND xã",
                 signer_position=chair.position if chair else "Chủ tịch UBND xã", reason="", notes="")
    s.add(d)
    s.flush()
    passed = select(literal(d.id), Assessment.id).where(Assessment.round_id == r.id, Assessment.passed.is_(True))
    s.execute(insert(DecisionSubject.__table__).from_select(["decision_id", "assessment_id"], passed))
    s.execute(update(Assessment).where(Assessment.round_id == r.id, Assessment.passed.is_(True)).values(
        status="decided", decided_on=day, decision_id=d.id, locked=True))
