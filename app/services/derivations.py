"""Indicators derived from the program's data, and the recomputation of every derived score.

A criteria set names a derivation kind per indicator (``"derivation": {"kind": …, "params": …,
"bands": …}``). Kinds live in a small registry (:func:`register`); each counts, for many subjects
at once, a numerator and a denominator (for example school-age children in school / school-age
children), from which the value (a percentage), the points (through the set's bands) and a
Vietnamese explanation follow. Later features (classes, attendance) register further kinds.

:func:`recompute` refreshes the derived scores and pass states of a year in dependency order: the
rounds whose derivations read no other title first (citizens), then those that read them
(households, units), then those that read households (clans, villages).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.criteria import (
    CriteriaSet,
    Derivation,
    Indicator,
    band_points,
    parse_document,
    percent_text,
    title_name,
)
from app.domain.scoring import evaluate, points_of
from app.i18n import _, format_number
from app.models import (
    Assessment,
    AssessmentRound,
    ClanHousehold,
    Household,
    Person,
    UnitMember,
)
from app.models import CriteriaSet as CriteriaSetRow
from app.models.base import utcnow
from app.services import audit
from app.services.subjects import IN_LIMIT


@dataclass(frozen=True)
class Context:
    """What a derivation needs besides the subjects: the round's year, the subjects' kind, params."""

    year: int
    subject_kind: str
    params: Mapping[str, object]

    def param(self, name: str, default=None):
        value = self.params.get(name)
        return default if value is None else value


@dataclass(frozen=True)
class Derived:
    """A computed indicator value: ``value`` in percent (None when there is nobody to count)."""

    value: float | None
    numerator: int
    denominator: int
    explanation: str


Counter = Callable[[Session, Context, Sequence[int] | None], dict[int, tuple[int, int]]]
Explainer = Callable[[Context, int, int], str]


@dataclass(frozen=True)
class DerivationKind:
    """A registered derivation: ``count`` returns subject id → (numerator, denominator) for the
    given subjects (all when None); ``explain`` words the counts; ``depends_on`` lists the titles
    whose same-year results it reads (they are recomputed first)."""

    name: str
    title_vi: str
    subject_kinds: frozenset[str]
    depends_on: tuple[str, ...]
    count: Counter
    explain: Explainer


_REGISTRY: dict[str, DerivationKind] = {}


def register(kind: DerivationKind) -> DerivationKind:
    _REGISTRY[kind.name] = kind
    return kind


def kinds() -> dict[str, frozenset[str]]:
    """Registered kind name → the subject kinds it applies to (for checking set files)."""
    return {k.name: k.subject_kinds for k in _REGISTRY.values()}


def get_kind(name: str) -> DerivationKind:
    """The registered derivation ``name`` (KeyError when unknown)."""
    return _REGISTRY[name]


def compute(s: Session, d: Derivation, year: int, subject_kind: str, ids: Sequence[int]) -> dict[int, Derived]:
    """:class:`Derived` values of derivation ``d`` for every subject in ``ids``."""
    k = _REGISTRY[d.kind]
    ctx = Context(year, subject_kind, dict(d.params))
    counts = k.count(s, ctx, ids if len(ids) <= IN_LIMIT else None)
    out, seen = {}, {}
    for sid in ids:
        key = counts.get(sid, (0, 0))
        derived = seen.get(key)
        if derived is None:  # the same counts give the same (frozen) result: word it once
            n, total = key
            derived = seen[key] = Derived(round(100.0 * n / total, 1) if total else None, n, total,
                                          k.explain(ctx, n, total))
        out[sid] = derived
    return out


# ---------------------------------------------------------------- who belongs to a subject


def _members(kind: str, ids: Sequence[int] | None):
    """(sid, pid) pairs: the living persons of households, clans, villages, units or persons."""
    if kind == "household":
        sid, q = Person.household_id, select(Person.household_id.label("sid"), Person.id.label("pid"))
    elif kind == "clan":
        sid = ClanHousehold.clan_id
        q = (select(sid.label("sid"), Person.id.label("pid"))
             .join(Household, Household.id == ClanHousehold.household_id).where(Household.status == "active")
             .join(Person, Person.household_id == Household.id))
    elif kind == "village":
        sid = Household.village_id
        q = (select(sid.label("sid"), Person.id.label("pid")).where(Household.status == "active")
             .join(Person, Person.household_id == Household.id))
    elif kind == "unit":
        sid, q = UnitMember.unit_id, select(UnitMember.unit_id.label("sid"), UnitMember.person_id.label("pid"))
    else:
        sid, q = Person.id, select(Person.id.label("sid"), Person.id.label("pid"))
    return q.where(sid.in_(ids)) if ids is not None else q


def _households(kind: str, ids: Sequence[int] | None):
    """(sid, hid) pairs: the active households of clans or villages."""
    if kind == "clan":
        sid = ClanHousehold.clan_id
        q = (select(sid.label("sid"), Household.id.label("hid"))
             .join(Household, Household.id == ClanHousehold.household_id))
    else:
        sid = Household.village_id
        q = select(sid.label("sid"), Household.id.label("hid"))
    q = q.where(Household.status == "active")
    return q.where(sid.in_(ids)) if ids is not None else q


def _age_filter(ctx: Context, default_min: int | None, default_max: int | None):
    lo, hi = ctx.param("min_age", default_min), ctx.param("max_age", default_max)
    age = ctx.year - Person.birth_year
    conds = [Person.status == "alive"]
    if lo is not None and lo > 0:
        conds += [Person.birth_year.is_not(None), age >= lo]
    if hi is not None:
        conds += [Person.birth_year.is_not(None), age <= hi]
    return conds


def _person_counts(s: Session, ctx: Context, ids, numerator, conds) -> dict[int, tuple[int, int]]:
    m = _members(ctx.subject_kind, ids).subquery()
    q = (select(m.c.sid, func.sum(case((numerator, 1), else_=0)), func.count())
         .join(Person, Person.id == m.c.pid).where(*conds).group_by(m.c.sid))
    return {sid: (int(n or 0), int(d)) for sid, n, d in s.execute(q)}


def _bulk(ids) -> bool:
    """Whether a count covers many subjects (a round) rather than one form's subject."""
    return ids is None or len(ids) > 20


def _recognised(title: str, year: int, column, subject, bulk: bool):
    """True when ``subject`` (a person or household id) passes ``title`` in ``year``: an ``IN`` over
    the year's passes for many subjects, an ``EXISTS`` on the subject's index for a few."""
    q = (select(column).join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
         .where(AssessmentRound.year == year, AssessmentRound.title_code == title, Assessment.passed.is_(True)))
    return subject.in_(q) if bulk else q.where(column == subject).exists()


def _pct(n: int, d: int) -> str:
    return percent_text(100.0 * n / d) if d else "—"


# ---------------------------------------------------------------- built-in kinds


def _count_school(s, ctx, ids):
    return _person_counts(s, ctx, ids, Person.in_school.is_(True), _age_filter(ctx, 6, 14))


def _explain_school(ctx, n, d):
    a, b = ctx.param("min_age", 6), ctx.param("max_age", 14)
    if not d:
        return _("Không có trẻ từ {a} đến {b} tuổi.").format(a=a, b=b)
    return _("{n}/{d} trẻ từ {a} đến {b} tuổi đang đi học ({pct}).").format(n=n, d=d, a=a, b=b, pct=_pct(n, d))


def _count_literate(s, ctx, ids):
    conds = _age_filter(ctx, 15, 60) + [Person.education_level != ""]
    return _person_counts(s, ctx, ids, Person.education_level != "mu_chu", conds)


def _explain_literate(ctx, n, d):
    a, b = ctx.param("min_age", 15), ctx.param("max_age", 60)
    if not d:
        return _("Không có người từ {a} đến {b} tuổi đã rõ trình độ học vấn.").format(a=a, b=b)
    return _("{n}/{d} người từ {a} đến {b} tuổi biết chữ ({pct}); không tính người chưa rõ trình độ.").format(
        n=n, d=d, a=a, b=b, pct=_pct(n, d))


def _count_adults_cdht(s, ctx, ids):
    rec = _recognised("CDHT_CONG_DAN", ctx.year, Assessment.person_id, Person.id, _bulk(ids))
    return _person_counts(s, ctx, ids, rec, _age_filter(ctx, 18, None))


def _explain_adults_cdht(ctx, n, d):
    who = _("thành viên") if ctx.subject_kind == "unit" else _("người từ {a} tuổi").format(a=ctx.param("min_age", 18))
    if not d:
        return _("Không có {who} để tính.").format(who=who)
    return _("{n}/{d} {who} được công nhận Công dân học tập năm {year} ({pct}).").format(
        n=n, d=d, who=who, year=ctx.year, pct=_pct(n, d))


def _count_households(s, ctx, ids):
    h = _households(ctx.subject_kind, ids).subquery()
    rec = _recognised("GDHT", ctx.year, Assessment.household_id, h.c.hid, _bulk(ids))
    q = select(h.c.sid, func.sum(case((rec, 1), else_=0)), func.count()).group_by(h.c.sid)
    return {sid: (int(n or 0), int(d)) for sid, n, d in s.execute(q)}


def _explain_households(ctx, n, d):
    if not d:
        return _("Không có hộ gia đình để tính.")
    return _("{n}/{d} hộ đạt Gia đình học tập năm {year} ({pct}).").format(n=n, d=d, year=ctx.year, pct=_pct(n, d))


register(DerivationKind("school_age_in_school", "Tỷ lệ trẻ trong độ tuổi đang đi học",
                        frozenset({"household", "clan", "village"}), (), _count_school, _explain_school))
register(DerivationKind("adults_literate", "Tỷ lệ người lớn biết chữ",
                        frozenset({"household", "clan", "village"}), (), _count_literate, _explain_literate))
register(DerivationKind("adults_cdht_recognised", "Tỷ lệ người được công nhận Công dân học tập trong năm",
                        frozenset({"household", "clan", "village", "unit"}), ("CDHT_CONG_DAN",),
                        _count_adults_cdht, _explain_adults_cdht))
register(DerivationKind("households_recognised", "Tỷ lệ hộ đạt Gia đình học tập trong năm",
                        frozenset({"clan", "village"}), ("GDHT",), _count_households, _explain_households))


# ---------------------------------------------------------------- scores and states


def merge_derived(scores: dict, ind: Indicator, derived: Derived) -> None:
    """Write ``derived`` into the indicator's entry of ``scores``, keeping an override ("p", "r")."""
    entry = dict(scores.get(ind.code) or {})
    entry.update(d=band_points(ind.derivation, ind.max_points, derived.value), v=derived.value, x=derived.explanation)
    scores[ind.code] = entry


def state_columns(cs: CriteriaSet, scores: Mapping, preconditions: Mapping, result_override: str) -> dict:
    """The stored result columns of an assessment (scored_count, complete, total, grade,
    computed_pass, passed) from its scores, preconditions and result override."""
    ev = evaluate(cs, points_of(cs, scores), preconditions)
    passed = {"pass": True, "fail": False}.get(result_override, ev.passed)
    return {"scored_count": len(cs.indicators) - len(ev.missing), "complete": ev.complete,
            "total": round(ev.total, 2), "grade": ev.grade, "computed_pass": ev.passed, "passed": passed}


@dataclass(frozen=True)
class RecomputeResult:
    year: int
    rounds: int
    assessments: int
    changed: int
    seconds: float


def recompute(db: Database, year: int) -> RecomputeResult:
    """Recompute every derived score and result of ``year``'s unlocked assessments, in dependency
    order, in one transaction; recorded once in the audit trail. Returns the counts."""
    with db.session() as s:
        result = recompute_in(s, year)
        audit.record(s, "recompute", "round", "", _("Tính lại điểm năm {year}: {n} đánh giá thay đổi.").format(
            year=year, n=format_number(result.changed)), {"changed": result.changed})
    return result


def recompute_in(s: Session, year: int) -> RecomputeResult:
    """:func:`recompute` inside the caller's session (no audit row)."""
    start = time.perf_counter()
    rounds = s.execute(select(AssessmentRound.id, AssessmentRound.title_code, CriteriaSetRow.document)
                       .join(CriteriaSetRow, CriteriaSetRow.id == AssessmentRound.criteria_set_id)
                       .where(AssessmentRound.year == year)).all()
    ordered = dependency_order([(rid, title, parse_document(doc)) for rid, title, doc in rounds])
    seen = changed = 0
    for rid, _title, cs in ordered:
        n, c = recompute_round(s, rid, cs, year)
        seen, changed = seen + n, changed + c
    return RecomputeResult(year, len(rounds), seen, changed, time.perf_counter() - start)


def dependency_order(rounds: list[tuple[int, str, CriteriaSet]]) -> list[tuple[int, str, CriteriaSet]]:
    """``rounds`` sorted so that a round comes after every round of a title its derivations read.
    Raises ValueError on a cycle."""
    deps = {rid: {t for ind in cs.indicators if ind.derivation and ind.derivation.kind in _REGISTRY
                  for t in _REGISTRY[ind.derivation.kind].depends_on} for rid, _t, cs in rounds}
    out, done, pending = [], set(), list(rounds)
    while pending:
        ready = [r for r in pending if not {t for t in deps[r[0]] if any(
            p[1] == t and p[0] != r[0] for p in pending)}]
        if not ready:
            raise ValueError(_("Các bộ tiêu chí phụ thuộc vòng tròn: {titles}.").format(
                titles=", ".join(title_name(p[1]) for p in pending)))
        for r in ready:
            out.append(r)
            done.add(r[0])
        pending = [r for r in pending if r[0] not in done]
    return out


def recompute_round(s: Session, round_id: int, cs: CriteriaSet, year: int,
                    assessment_ids: Sequence[int] | None = None) -> tuple[int, int]:
    """Refresh derived scores and results of a round's unlocked assessments (or only of
    ``assessment_ids``); returns (assessments seen, assessments changed)."""
    col = Assessment.subject_column(cs.subject_kind)
    q = select(Assessment.id, col, Assessment.scores, Assessment.preconditions, Assessment.result_override,
               Assessment.scored_count, Assessment.complete, Assessment.total, Assessment.grade,
               Assessment.computed_pass, Assessment.passed).where(
        Assessment.round_id == round_id, Assessment.locked.is_(False))
    if assessment_ids is not None and len(assessment_ids) <= IN_LIMIT:
        q = q.where(Assessment.id.in_(assessment_ids))
    rows = s.execute(q).all()
    if assessment_ids is not None and len(assessment_ids) > IN_LIMIT:
        wanted = set(assessment_ids)
        rows = [r for r in rows if r[0] in wanted]
    derived_inds = [i for i in cs.indicators if i.derivation]
    ids = [r[1] for r in rows]
    values = {i.code: compute(s, i.derivation, year, cs.subject_kind, ids) for i in derived_inds}
    updates = []
    for aid, sid, scores_text, pre_text, override, *old in rows:
        scores = json.loads(scores_text)
        for ind in derived_inds:
            merge_derived(scores, ind, values[ind.code][sid])
        new = state_columns(cs, scores, json.loads(pre_text), override)
        new_text = json.dumps(scores, ensure_ascii=False)
        if new_text != scores_text or tuple(new.values()) != tuple(old):
            updates.append({"b_id": aid, "scores": new_text, **new})
    if updates:
        t = Assessment.__table__
        s.execute(update(t).where(t.c.id == bindparam("b_id")).values(updated_at=utcnow()), updates)
    return len(rows), len(updates)
