"""The decision register — deciding a round (recognising the subjects that passed), locking their
scores, reopening an assessment with a reason, amended decisions — and the overviews of a year:
per title and village how many subjects exist, are registered, scored, passed and decided; the
subjects still missing scores; a subject's history across years.

Deciding recomputes the year first, refuses a round whose criteria set is an unconfirmed sample,
lists only subjects that passed (by points, or by a result override with a reason), locks them and
records everything in the audit trail. A correction is never a silent edit: :func:`reopen` (with
a reason) → rescore → a new decision that amends the earlier one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.criteria import SUBJECT_KINDS, parse_document, title_name
from app.domain.text import fold, nfc
from app.i18n import _, format_date
from app.models import Assessment, AssessmentRound, Decision, DecisionSubject, Village
from app.models import CriteriaSet as CriteriaSetRow
from app.models.base import utcnow
from app.services import audit
from app.services.derivations import recompute_in
from app.services.errors import NotFound, Problem, ValidationFailed
from app.services.rounds import STEPS, step_name
from app.services.subjects import SubjectLabel, audit_many, labels, subject_villages


@dataclass(frozen=True)
class DecisionInfo:
    id: int
    uuid: str
    year: int
    round_id: int
    title_code: str
    title_name: str
    target_group: str
    number: str
    decided_on: date
    signer_name: str
    signer_position: str
    village_id: int | None
    amends_id: int | None
    amends_number: str
    reason: str
    subjects: int


@dataclass(frozen=True)
class RecognisedRow:
    assessment_id: int
    subject: SubjectLabel
    total: float | None
    grade: str
    override_reason: str


@dataclass(frozen=True)
class DecisionResult:
    """The decision made; ``warnings`` (Vietnamese) name listed subjects that skipped review steps."""

    decision: DecisionInfo
    listed: int
    warnings: tuple[str, ...]


def _info(s: Session, d: Decision) -> DecisionInfo:
    amends = s.get(Decision, d.amends_id) if d.amends_id else None
    r = s.get(AssessmentRound, d.round_id)
    n = s.scalar(select(func.count(DecisionSubject.id)).where(DecisionSubject.decision_id == d.id)) or 0
    return DecisionInfo(d.id, d.uuid, d.year, d.round_id, d.title_code, title_name(d.title_code), r.target_group,
                        d.number, d.decided_on, d.signer_name, d.signer_position, d.village_id, d.amends_id,
                        amends.number if amends else "", d.reason, n)


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed([Problem(field, message)])


def _check_header(s: Session, r: AssessmentRound, number: str, signer_name: str) -> None:
    cs = s.get(CriteriaSetRow, r.criteria_set_id)
    if cs.status == "sample" and not cs.confirmed_by:
        raise _refuse("criteria_set", _("Bộ tiêu chí mẫu chưa được xác nhận: {name}. Hãy đối chiếu với hướng dẫn của "
                                        "tỉnh rồi xác nhận, hoặc thay bằng bộ của tỉnh, trước khi ra quyết định.")
                      .format(name=cs.name_vi))
    if not number or len(number) > 60:
        raise _refuse("number", _("Nhập số quyết định, ví dụ 125/QĐ-UBND."))
    if not signer_name:
        raise _refuse("signer", _("Nhập người ký quyết định."))
    if s.scalar(select(Decision.id).where(Decision.year == r.year, Decision.number == number)):
        raise _refuse("number", _("Số quyết định {number} đã dùng trong năm {year}.").format(number=number, year=r.year))


def _candidates(s: Session, r: AssessmentRound, assessment_ids: Sequence[int] | None,
                village_id: int | None) -> list[Assessment]:
    q = select(Assessment).where(Assessment.round_id == r.id)
    if assessment_ids is None:
        rows = s.scalars(q.where(Assessment.locked.is_(False), Assessment.passed.is_(True))).all()
        if village_id is not None:
            inside = {sid for sid, vid in subject_villages(s, SUBJECT_KINDS[r.title_code], False) if vid == village_id}
            rows = [a for a in rows if a.subject[1] in inside]
        return list(rows)
    wanted = set(assessment_ids)
    rows = [a for a in s.scalars(q) if a.id in wanted]
    names = labels(s, SUBJECT_KINDS[r.title_code], [a.subject[1] for a in rows])

    def what(a: Assessment) -> str:
        label = names.get(a.subject[1])
        return label.display if label else str(a.id)

    problems = [Problem("subject", _("Đánh giá {id} không thuộc đợt này.").format(id=i))
                for i in sorted(wanted - {a.id for a in rows})]
    problems += [Problem("subject", _("{what}: đã có trong quyết định khác.").format(what=what(a)))
                 for a in rows if a.locked]
    problems += [Problem("subject", _("{what}: chưa đạt, cũng không được quyết định là đạt (kèm lý do).")
                         .format(what=what(a))) for a in rows if not a.passed]
    if problems:
        raise ValidationFailed(problems[:20])
    return rows


def decide(db: Database, round_id: int, number: str, decided_on: date, signer_name: str, signer_position: str = "",
           assessment_ids: Sequence[int] | None = None, village_id: int | None = None,
           amends_id: int | None = None, reason: str = "", by: str = "") -> DecisionResult:
    """Record a decision recognising subjects of a round: ``assessment_ids``, or every passed and
    undecided subject (of ``village_id`` when given). The year is recomputed first. Listed
    assessments become ``decided`` and locked. An assessment reopened from an earlier decision makes
    the new one amend it (``amends_id`` may also be given). Raises ValidationFailed, changing
    nothing, for an unconfirmed sample set, a used or empty number, a subject that did not pass or is
    already decided, or when nobody is left to recognise."""
    number, signer_name = nfc(number.strip()), nfc(signer_name.strip())
    with db.session() as s:
        r = s.get(AssessmentRound, round_id)
        if r is None:
            raise NotFound(round_id)
        _check_header(s, r, number, signer_name)
        recompute_in(s, r.year)
        s.expire_all()
        rows = _candidates(s, r, assessment_ids, village_id)
        if not rows:
            raise _refuse("subject", _("Không có đối tượng đạt chưa được công nhận trong đợt này."))
        amends_id = amends_id or _earlier_decision(s, [a.id for a in rows])
        d = Decision(year=r.year, round_id=r.id, title_code=r.title_code, number=number, decided_on=decided_on,
                     signer_name=signer_name, signer_position=nfc(signer_position.strip()), village_id=village_id,
                     amends_id=amends_id, reason=reason.strip())
        s.add(d)
        s.flush()
        _lock(s, d, rows)
        audit.record(s, "decide", "decision", d.uuid, _("Quyết định {number} ngày {day}: công nhận {n} {title}.").format(
            number=number, day=format_date(decided_on), n=len(rows), title=title_name(r.title_code)),
            {"round": r.uuid, "assessments": [a.uuid for a in rows], "amends": amends_id, "by": by})
        return DecisionResult(_info(s, d), len(rows), _skipped_steps(rows))


def _earlier_decision(s: Session, ids: list[int]) -> int | None:
    q = select(func.max(DecisionSubject.decision_id)).where(DecisionSubject.assessment_id.in_(ids[:500]))
    return s.scalar(q)


def _lock(s: Session, d: Decision, rows: list[Assessment]) -> None:
    s.execute(insert(DecisionSubject.__table__), [{"decision_id": d.id, "assessment_id": a.id} for a in rows])
    log = [(a.uuid, _("{old} → {new} (QĐ {number})").format(old=step_name(a.status), new=step_name("decided"),
                                                              number=d.number),
            json.dumps({"status": [a.status, "decided"], "decision": d.number}, ensure_ascii=False)) for a in rows]
    ids = [a.id for a in rows]
    for k in range(0, len(ids), 500):
        s.execute(update(Assessment).where(Assessment.id.in_(ids[k:k + 500])).values(
            status="decided", decided_on=d.decided_on, decision_id=d.id, locked=True, updated_at=utcnow()))
    audit_many(s, "status", "assessment", log)


def _skipped_steps(rows: list[Assessment]) -> tuple[str, ...]:
    n = sum(1 for a in rows if a.commune_reviewed_on is None)
    return (_("{n} đối tượng chưa qua bước thẩm định ở xã.").format(n=n),) if n else ()


def reopen(db: Database, assessment_id: int, reason: str, by: str) -> None:
    """Unlock a decided assessment to correct it: a recorded step with a reason (required). The
    assessment goes back to its last review step; the earlier decision keeps listing it."""
    if not reason.strip():
        raise _refuse("reason", _("Nhập lý do mở lại đánh giá đã có quyết định."))
    with db.session() as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFound(assessment_id)
        if not a.locked:
            raise _refuse("status", _("Đánh giá chưa có quyết định công nhận, không cần mở lại."))
        d = s.get(Decision, a.decision_id) if a.decision_id else None
        back = next((st for st in reversed(STEPS[1:4]) if getattr(a, f"{st}_on")), "registered")
        a.status, a.locked, a.decision_id, a.decided_on, a.reopen_reason = back, False, None, None, reason.strip()
        audit.record(s, "reopen", "assessment", a.uuid, _("Mở lại đánh giá (QĐ {number}): {reason}").format(
            number=d.number if d else "—", reason=reason.strip()),
            {"status": ["decided", back], "locked": [True, False], "reason": reason.strip(), "by": by})


def list_decisions(db: Database, year: int | None = None) -> list[DecisionInfo]:
    """The decision register (of one year), newest first."""
    with db.session() as s:
        q = select(Decision).order_by(Decision.decided_on.desc(), Decision.id.desc())
        if year is not None:
            q = q.where(Decision.year == year)
        return [_info(s, d) for d in s.scalars(q)]


def recognised(db: Database, decision_id: int) -> list[RecognisedRow]:
    """The subjects a decision lists, by village and code."""
    with db.session() as s:
        d = s.get(Decision, decision_id)
        if d is None:
            raise NotFound(decision_id)
        kind = SUBJECT_KINDS[d.title_code]
        rows = s.scalars(select(Assessment).join(DecisionSubject, DecisionSubject.assessment_id == Assessment.id)
                         .where(DecisionSubject.decision_id == d.id)).all()
        names = labels(s, kind, [a.subject[1] for a in rows])
        out = [RecognisedRow(a.id, names[a.subject[1]], a.total, a.grade, a.override_reason)
               for a in rows if a.subject[1] in names]
        return sorted(out, key=lambda x: x.subject.order)


def find_village(db: Database, text: str) -> int | None:
    """A village id from its id, code or name (case and tone placement ignored); None if unknown."""
    with db.session() as s:
        rows = s.execute(select(Village.id, Village.code, Village.name)).all()
    key = fold(text.strip())
    for vid, code, name in rows:
        if text.strip() == str(vid) or (code and key == fold(code)) or key == fold(name):
            return vid
    return None


@dataclass(frozen=True)
class Counts:
    """How many subjects exist, are registered, fully scored, passed and decided."""

    exist: int = 0
    registered: int = 0
    scored: int = 0
    passed: int = 0
    decided: int = 0


@dataclass(frozen=True)
class VillageCounts:
    village_id: int | None
    village_name: str
    counts: Counts


@dataclass(frozen=True)
class TitleOverview:
    """One title of a year (its target-group rounds added up), in total and per village."""

    title_code: str
    title_name: str
    round_ids: tuple[int, ...]
    counts: Counts
    villages: tuple[VillageCounts, ...]


@dataclass(frozen=True)
class SubjectRow:
    """A registered subject still missing scores: ``scored`` of ``indicators`` have points."""

    assessment_id: int
    subject: SubjectLabel
    status: str
    scored: int
    indicators: int


@dataclass(frozen=True)
class HistoryRow:
    year: int
    title_code: str
    target_group: str
    status: str
    total: float | None
    passed: bool
    grade: str
    decision_number: str
    decided_on: date | None


# ---------------------------------------------------------------- overviews


def overview(db: Database, year: int) -> list[TitleOverview]:
    """Per title of ``year`` (target groups added up) and per village: subjects that exist, are
    registered, fully scored, passed and decided. Clans belong to no village."""
    with db.session() as s:
        rounds = s.execute(select(AssessmentRound.id, AssessmentRound.title_code)
                           .where(AssessmentRound.year == year)).all()
        names = dict(s.execute(select(Village.id, Village.name)).all())
        out = []
        for title, kind in SUBJECT_KINDS.items():
            rids = tuple(rid for rid, t in rounds if t == title)
            out.append(_title_overview(s, year, title, kind, rids, names))
        return out


def _title_overview(s: Session, year: int, title: str, kind: str, rids, names) -> TitleOverview:
    per: dict[int | None, list[int]] = {}
    for _sid, vid in subject_villages(s, kind, existing_only=True, year=year):
        per.setdefault(vid, [0, 0, 0, 0, 0])[0] += 1
    if rids:
        where = dict(subject_villages(s, kind, existing_only=False))
        col = Assessment.subject_column(kind)
        q = select(col, Assessment.complete, Assessment.passed, Assessment.decision_id).where(Assessment.round_id.in_(rids))
        for sid, complete, passed, decision in s.execute(q):
            c = per.setdefault(where.get(sid), [0, 0, 0, 0, 0])
            c[1] += 1
            c[2] += bool(complete)
            c[3] += bool(passed)
            c[4] += decision is not None
    villages = tuple(sorted((VillageCounts(v, names.get(v, _("Không theo thôn")), Counts(*c)) for v, c in per.items()),
                            key=lambda vc: (vc.village_id is None, vc.village_name)))
    total = Counts(*(sum(getattr(v.counts, f) for v in villages) for f in ("exist", "registered", "scored", "passed",
                                                                         "decided")))
    return TitleOverview(title, title_name(title), rids, total, villages)


def missing_scores(db: Database, round_id: int, village_id: int | None = None) -> list[SubjectRow]:
    """Registered subjects of the round not yet fully scored (in one village when given)."""
    with db.session() as s:
        r = s.get(AssessmentRound, round_id)
        if r is None:
            raise NotFound(round_id)
        kind = SUBJECT_KINDS[r.title_code]
        n = len(parse_document(s.get(CriteriaSetRow, r.criteria_set_id).document).indicators)
        col = Assessment.subject_column(kind)
        rows = s.execute(select(Assessment.id, col, Assessment.status, Assessment.scored_count)
                         .where(Assessment.round_id == r.id, Assessment.complete.is_(False))).all()
        if village_id is not None:
            inside = {sid for sid, vid in subject_villages(s, kind, existing_only=False) if vid == village_id}
            rows = [row for row in rows if row[1] in inside]
        names = labels(s, kind, [row[1] for row in rows])
        out = [SubjectRow(a, names[sid], st, sc, n) for a, sid, st, sc in rows if sid in names]
        return sorted(out, key=lambda x: x.subject.order)


def subject_history(db: Database, kind: str, subject_id: int) -> list[HistoryRow]:
    """Every assessment of a subject across years, newest first."""
    with db.session() as s:
        return history_in(s, kind, subject_id)


def history_in(s: Session, kind: str, subject_id: int) -> list[HistoryRow]:
    col = Assessment.subject_column(kind)
    q = (select(AssessmentRound.year, AssessmentRound.title_code, AssessmentRound.target_group, Assessment.status,
                Assessment.total, Assessment.passed, Assessment.grade, Decision.number, Decision.decided_on)
         .join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
         .outerjoin(Decision, Decision.id == Assessment.decision_id)
         .where(col == subject_id).order_by(AssessmentRound.year.desc()))
    return [HistoryRow(*row[:5], bool(row[5]), row[6], row[7] or "", row[8]) for row in s.execute(q)]
