"""Scoring: typing points, overriding derived points with a reason, preconditions, the result
override, and the score form of one subject (the village grid is :mod:`app.services.score_grid`).

Every write refuses points outside 0..max and locked (decided) assessments, refreshes the
assessment's derived scores and result, and writes old → new to the audit trail, all in one
transaction; a refused batch writes nothing. Reads return frozen dataclasses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.criteria import CriteriaSet, parse_document
from app.domain.scoring import Evaluation, check_points, effective_points, evaluate, points_of
from app.i18n import _, format_number
from app.models import Assessment, AssessmentRound, Decision
from app.models import CriteriaSet as CriteriaSetRow
from app.models.base import utcnow
from app.services import audit, derivations
from app.services.audit import AuditRow
from app.services.criteria_sets import SetInfo, set_info
from app.services.decisions import HistoryRow, history_in
from app.services.errors import NotFound, Problem, ValidationFailed
from app.services.evidence import EvidenceRow, evidence_in
from app.services.rounds import STEPS, step_name
from app.services.subjects import SubjectLabel, audit_many, labels


@dataclass(frozen=True)
class ScoreChange:
    """One score to write: ``points`` None clears it (a derived indicator goes back to its computed
    points); ``reason`` is required to override a derived indicator. ``row`` locates the change in
    a spreadsheet for messages."""

    assessment_id: int
    indicator_code: str
    points: float | None
    reason: str = ""
    row: int | None = None


@dataclass(frozen=True)
class PreconditionChange:
    """A precondition marked met (True), not met (False) or unknown (None)."""

    assessment_id: int
    code: str
    met: bool | None
    row: int | None = None


@dataclass(frozen=True)
class ScoreResult:
    assessment_id: int
    evaluation: Evaluation
    passed: bool


def _n(v: float | None) -> str:
    return "—" if v is None else format_number(round(v, 2))


def _met(value: bool | None) -> str:
    return "—" if value is None else _("có") if value else _("không")


def _context(s: Session, a: Assessment) -> tuple[AssessmentRound, CriteriaSet]:
    r = s.get(AssessmentRound, a.round_id)
    return r, parse_document(s.get(CriteriaSetRow, r.criteria_set_id).document)


def _locked_problem(a: Assessment, row: int | None = None) -> Problem:
    return Problem("status", _("Đối tượng đã có quyết định công nhận; mở lại (có lý do) trước khi sửa."), row=row)


def _check_change(cs: CriteriaSet, a: Assessment, c: ScoreChange) -> str | None:
    ind = cs.indicator(c.indicator_code)
    if ind is None:
        return _("Bộ tiêu chí không có chỉ số {code}.").format(code=c.indicator_code)
    if a.locked:
        return _locked_problem(a).message
    if c.points is not None and ind.derivation is not None and not c.reason.strip():
        return _("Chỉ số {code} được tính từ dữ liệu; nhập lý do để ghi đè điểm.").format(code=ind.code)
    return check_points(ind, c.points)


def _apply(scores: dict, cs: CriteriaSet, c: ScoreChange) -> tuple[float | None, float | None]:
    """Write ``c`` into ``scores``; returns (old, new) effective points."""
    entry = dict(scores.get(c.indicator_code) or {})
    old = effective_points(entry)
    entry.pop("p", None)
    entry.pop("r", None)
    if c.points is not None:
        entry["p"] = float(c.points)
        if cs.indicator(c.indicator_code).derivation is not None:
            entry["r"] = c.reason.strip()
    if entry:
        scores[c.indicator_code] = entry
    else:
        scores.pop(c.indicator_code, None)
    return old, effective_points(entry)


def set_score(db: Database, assessment_id: int, indicator_code: str, points: float | None,
              override_reason: str | None = None, by: str = "") -> ScoreResult:
    """Type (or clear, with None) the points of one indicator. Raises ValidationFailed, changing
    nothing, when the points are outside 0..max, the indicator is derived and no reason is given,
    or the assessment is locked by a decision; NotFound for an unknown assessment."""
    set_scores(db, [ScoreChange(assessment_id, indicator_code, points, override_reason or "")], by)
    return result_of(db, assessment_id)


def set_precondition(db: Database, assessment_id: int, code: str, met: bool | None, by: str = "") -> ScoreResult:
    """Mark a precondition of the set (for example "already Gia đình văn hóa") as met, not met or
    unknown (None). Raises ValidationFailed for an unknown code or a locked assessment."""
    set_scores(db, [], by, preconditions=[PreconditionChange(assessment_id, code, met)])
    return result_of(db, assessment_id)


def result_of(db: Database, assessment_id: int) -> ScoreResult:
    """The stored result of an assessment with its evaluation (reasons included)."""
    with db.session() as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFound(assessment_id)
        cs = _context(s, a)[1]
        ev = evaluate(cs, points_of(cs, json.loads(a.scores)), json.loads(a.preconditions))
        return ScoreResult(a.id, ev, a.passed)


def set_scores(db: Database, changes: Sequence[ScoreChange], by: str = "", dry_run: bool = False,
               preconditions: Sequence[PreconditionChange] = ()) -> int:
    """Write many scores (and preconditions) at once, all or nothing: every change is checked first
    and up to fifty problems are raised together (ValidationFailed; each Problem carries the
    change's ``row``). Unchanged values are skipped. Returns how many values changed (with
    ``dry_run``: would change; nothing is written)."""
    with db.session() as s:
        work = {a.id: _Work(a, _context(s, a)[1]) for a in _load(s, {c.assessment_id for c in
                                                                     [*changes, *preconditions]})}
        problems = []
        for c in changes:
            problems += work[c.assessment_id].score(c)
        for p in preconditions:
            problems += work[p.assessment_id].precondition(p)
        if problems:
            raise ValidationFailed(problems[:50])
        n = sum(len(w.log) for w in work.values())
        if not dry_run:
            _write(s, [w for w in work.values() if w.log], by)
        return n


class _Work:
    """The pending changes of one assessment: its parsed scores and preconditions, and the log."""

    def __init__(self, a: Assessment, cs: CriteriaSet):
        self.a, self.cs = a, cs
        self.scores, self.pre = json.loads(a.scores), json.loads(a.preconditions)
        self.log: list[tuple[str, dict]] = []

    def score(self, c: ScoreChange) -> list[Problem]:
        entry = self.scores.get(c.indicator_code) or {}
        if effective_points(entry) == c.points and (not c.reason.strip() or entry.get("r", "") == c.reason.strip()):
            return []
        msg = _check_change(self.cs, self.a, c)
        if msg:
            return [Problem(c.indicator_code, msg, row=c.row)]
        old, new = _apply(self.scores, self.cs, c)
        self.log.append((f"{c.indicator_code}: {_n(old)} → {_n(new)}",
                         {"indicator": c.indicator_code, "points": [old, new], "reason": c.reason.strip()}))
        return []

    def precondition(self, p: PreconditionChange) -> list[Problem]:
        old = self.pre.get(p.code)
        if old == p.met:
            return []
        if p.code not in {x.code for x in self.cs.preconditions}:
            return [Problem(p.code, _("Bộ tiêu chí không có điều kiện {code}.").format(code=p.code), row=p.row)]
        if self.a.locked:
            return [_locked_problem(self.a, p.row)]
        self.pre[p.code] = p.met
        self.log.append((f"{p.code}: {_met(old)} → {_met(p.met)}", {"precondition": p.code, "met": [old, p.met]}))
        return []


def _load(s: Session, ids: set[int]) -> list[Assessment]:
    ids_list, out = sorted(ids), []
    for k in range(0, len(ids_list), 500):
        out += s.scalars(select(Assessment).where(Assessment.id.in_(ids_list[k:k + 500]))).all()
    missing = ids - {a.id for a in out}
    if missing:
        raise NotFound(min(missing))
    return out


def _write(s: Session, work: list[_Work], by: str) -> None:
    """Store the changed documents, refresh derived scores and results, log old → new."""
    if not work:
        return
    t = Assessment.__table__
    s.execute(update(t).where(t.c.id == bindparam("b_id")).values(updated_at=utcnow()), [
        {"b_id": w.a.id, "scores": json.dumps(w.scores, ensure_ascii=False), "preconditions": json.dumps(w.pre)}
        for w in work])
    rounds: dict[int, tuple[CriteriaSet, list[int]]] = {}
    for w in work:
        rounds.setdefault(w.a.round_id, (w.cs, []))[1].append(w.a.id)
    s.expire_all()
    for rid, (cs, ids) in rounds.items():
        derivations.recompute_round(s, rid, cs, s.get(AssessmentRound, rid).year, ids)
    audit_many(s, "score", "assessment", ((w.a.uuid, summary, json.dumps({**d, "by": by}, ensure_ascii=False))
                                          for w in work for summary, d in w.log))


def override_result(db: Database, assessment_id: int, result: str, reason: str, by: str = "") -> ScoreResult:
    """Set the subject's result by hand: ``pass`` or ``fail`` with a reason that is kept, or ``""``
    to go back to the computed result. Raises ValidationFailed without a reason or when locked."""
    if result not in ("pass", "fail", ""):
        raise ValidationFailed([Problem("result", _("Kết quả phải là đạt hoặc không đạt."))])
    if result and not reason.strip():
        raise ValidationFailed([Problem("reason", _("Nhập lý do khi quyết định kết quả khác với điểm."))])
    with db.session() as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFound(assessment_id)
        if a.locked:
            raise ValidationFailed([_locked_problem(a)])
        r, cs = _context(s, a)
        old = (a.result_override, a.override_reason)
        a.result_override, a.override_reason = result, reason.strip() if result else ""
        words = {"pass": _("đạt"), "fail": _("không đạt"), "": _("theo điểm")}
        audit.record(s, "override", "assessment", a.uuid, _("Kết quả: {old} → {new}").format(
            old=words[old[0]], new=words[result]),
            {"result_override": [old[0], result], "reason": [old[1], a.override_reason], "by": by})
        return _refresh(s, a, r, cs)


def _refresh(s: Session, a: Assessment, r: AssessmentRound, cs: CriteriaSet) -> ScoreResult:
    s.flush()
    derivations.recompute_round(s, r.id, cs, r.year, [a.id])
    s.refresh(a)
    ev = evaluate(cs, points_of(cs, json.loads(a.scores)), json.loads(a.preconditions))
    return ScoreResult(a.id, ev, a.passed)


# ---------------------------------------------------------------- the score form


@dataclass(frozen=True)
class DerivedView:
    kind: str
    value: float | None
    points: float
    explanation: str


@dataclass(frozen=True)
class IndicatorView:
    code: str
    title_vi: str
    guidance_vi: str
    max_points: float
    floor: float | None
    mandatory: bool
    status: str
    derived: DerivedView | None
    typed: float | None
    override_reason: str
    points: float | None
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True)
class CriterionView:
    code: str
    title_vi: str
    max_points: float
    points: float
    indicators: tuple[IndicatorView, ...]


@dataclass(frozen=True)
class PreconditionView:
    code: str
    title_vi: str
    met: bool | None


@dataclass(frozen=True)
class StepView:
    step: str
    name: str
    on: date | None
    by: str


@dataclass(frozen=True)
class ScoreForm:
    """Everything the score form of one subject shows. Derived values are computed afresh for an
    unlocked assessment (``stale`` when they differ from the stored ones until the next write)."""

    assessment_id: int
    uuid: str
    round_id: int
    year: int
    title_code: str
    target_group: str
    criteria_set: SetInfo
    subject: SubjectLabel
    status: str
    steps: tuple[StepView, ...]
    locked: bool
    decision_number: str
    criteria: tuple[CriterionView, ...]
    preconditions: tuple[PreconditionView, ...]
    evaluation: Evaluation
    result_override: str
    override_reason: str
    passed: bool
    reopen_reason: str
    stale: bool
    general_evidence: tuple[EvidenceRow, ...]
    history: tuple[HistoryRow, ...]
    audit: tuple[AuditRow, ...]


def score_form(db: Database, assessment_id: int) -> ScoreForm:
    """The score form of one assessment (a few queries, a few milliseconds). Raises NotFound."""
    with db.session() as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFound(assessment_id)
        r = s.get(AssessmentRound, a.round_id)
        set_row = s.get(CriteriaSetRow, r.criteria_set_id)
        cs = parse_document(set_row.document)
        kind, sid = a.subject
        scores = json.loads(a.scores)
        stored = json.dumps(scores, sort_keys=True)
        if not a.locked:
            for ind in cs.indicators:
                if ind.derivation:
                    derivations.merge_derived(scores, ind, derivations.compute(s, ind.derivation, r.year, kind, [sid])[sid])
        pre = json.loads(a.preconditions)
        evidence = evidence_in(s, a.id)
        decision = s.get(Decision, a.decision_id) if a.decision_id else None
        return ScoreForm(
            a.id, a.uuid, r.id, r.year, r.title_code, r.target_group, set_info(set_row), labels(s, kind, [sid])[sid],
            a.status, _steps(a), a.locked, decision.number if decision else "",
            _criteria(cs, scores, evidence), tuple(PreconditionView(p.code, p.title_vi, pre.get(p.code))
                                                   for p in cs.preconditions),
            evaluate(cs, points_of(cs, scores), pre), a.result_override, a.override_reason, a.passed,
            a.reopen_reason, json.dumps(scores, sort_keys=True) != stored,
            tuple(e for e in evidence if not e.indicator_code), tuple(history_in(s, kind, sid)),
            tuple(_audit_rows(s, a.uuid)))


def _steps(a: Assessment) -> tuple[StepView, ...]:
    out = [StepView("registered", step_name("registered"), a.registered_on, a.registered_by)]
    out += [StepView(st, step_name(st), getattr(a, f"{st}_on"), getattr(a, f"{st}_by")) for st in STEPS[1:4]]
    return tuple(out + [StepView("decided", step_name("decided"), a.decided_on, "")])


def _criteria(cs: CriteriaSet, scores: dict, evidence) -> tuple[CriterionView, ...]:
    out = []
    for c in cs.criteria:
        views = []
        for i in c.indicators:
            e = scores.get(i.code) or {}
            derived = DerivedView(i.derivation.kind, e.get("v"), e.get("d", 0.0), e.get("x", "")) if i.derivation else None
            views.append(IndicatorView(i.code, i.title_vi, i.guidance_vi, i.max_points, i.floor, i.mandatory, i.status,
                                       derived, e.get("p"), e.get("r", ""), effective_points(e),
                                       tuple(x for x in evidence if x.indicator_code == i.code)))
        out.append(CriterionView(c.code, c.title_vi, c.max_points, sum(v.points or 0 for v in views), tuple(views)))
    return tuple(out)


def _audit_rows(s: Session, uuid: str) -> list[AuditRow]:
    from app.models import AuditEntry

    q = select(AuditEntry).where(AuditEntry.entity_uuid == uuid).order_by(AuditEntry.id.desc()).limit(200)
    return [AuditRow(e.at, e.user_name, e.action, e.entity, e.entity_uuid, e.summary) for e in s.scalars(q)]
