"""Assessment rounds: opening a round, changing its criteria set, registering subjects and moving
them through the steps.

A round is one year and one criteria set per title (and per target group for citizens). Each
subject registered in it gets an assessment that moves through the steps ``registered`` →
``self_assessed`` → ``village_reviewed`` → ``commune_reviewed`` → ``decided``; each step keeps its
date and who did it, and every change is written to the audit trail with old → new. Scoring is
:mod:`app.services.scoring`; deciding and the overviews are :mod:`app.services.decisions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.criteria import SUBJECT_KINDS, TARGET_GROUPS, target_group_name, title_name
from app.i18n import N_, _
from app.models import Assessment, AssessmentRound
from app.models import CriteriaSet as CriteriaSetRow
from app.models.base import new_uuid, utcnow
from app.services import audit, criteria_sets
from app.services.derivations import recompute_in
from app.services.errors import NotFound, Problem, ValidationFailed
from app.services.subjects import audit_many, labels, subject_villages
from app.services.subjects import details as _json

STEPS: tuple[str, ...] = ("registered", "self_assessed", "village_reviewed", "commune_reviewed", "decided")
STEP_NAMES: dict[str, str] = {
    "registered": N_("Đã đăng ký"),
    "self_assessed": N_("Đã tự đánh giá"),
    "village_reviewed": N_("Đã bình xét ở thôn"),
    "commune_reviewed": N_("Đã thẩm định ở xã"),
    "decided": N_("Đã có quyết định công nhận"),
}


def step_name(step: str) -> str:
    return _(STEP_NAMES.get(step, step))


@dataclass(frozen=True)
class RoundInfo:
    id: int
    uuid: str
    year: int
    title_code: str
    title_name: str
    target_group: str
    target_group_name: str
    set_id: int
    set_name: str
    set_status: str
    set_needs_confirmation: bool
    set_label: str
    registered: int
    decided: int


# ---------------------------------------------------------------- rounds


def _round_info(s: Session, r: AssessmentRound) -> RoundInfo:
    cs = s.get(CriteriaSetRow, r.criteria_set_id)
    info = criteria_sets.set_info(cs)
    n = s.execute(select(func.count(Assessment.id), func.count(Assessment.decision_id))
                  .where(Assessment.round_id == r.id)).one()
    return RoundInfo(r.id, r.uuid, r.year, r.title_code, title_name(r.title_code), r.target_group,
                     target_group_name(r.target_group), cs.id, cs.name_vi, cs.status, info.needs_confirmation,
                     info.label, n[0], n[1])


def open_round(db: Database, year: int, title_code: str, target_group: str | None = None,
               set_id: int | None = None, by: str = "") -> RoundInfo:
    """The round of ``year`` for the title (and target group), created when missing with ``set_id``
    or the set valid on 31 December of the year. Returns the existing round unchanged when there
    is one. Raises ValidationFailed for an unknown title or group, or when no set fits."""
    group = target_group or ""
    if title_code not in SUBJECT_KINDS or (group and (group not in TARGET_GROUPS or title_code != "CDHT_CONG_DAN")):
        raise ValidationFailed([Problem("title", _("Danh hiệu hoặc nhóm đối tượng không hợp lệ."))])
    criteria_sets.install_shipped(db)
    with db.session() as s:
        r = s.scalar(select(AssessmentRound).where(AssessmentRound.year == year, AssessmentRound.title_code == title_code,
                                                   AssessmentRound.target_group == group))
        if r is None:
            cs = s.get(CriteriaSetRow, set_id) if set_id else criteria_sets.set_for(s, year, title_code, group)
            if cs is None or cs.title_code != title_code or cs.target_group != group:
                raise ValidationFailed([Problem("set", _("Không có bộ tiêu chí {title} {group} hiệu lực năm {year}; "
                                                         "hãy nhập hoặc sao chép một bộ.").format(
                    title=title_name(title_code), group=target_group_name(group), year=year))])
            r = AssessmentRound(year=year, title_code=title_code, target_group=group, criteria_set_id=cs.id)
            s.add(r)
            s.flush()
            audit.record(s, "open", "round", r.uuid, _("Mở đợt đánh giá {title} năm {year}.").format(
                title=title_name(title_code), year=year), {"set": cs.code, "by": by})
        return _round_info(s, r)


def get_round(db: Database, round_id: int) -> RoundInfo:
    with db.session() as s:
        r = s.get(AssessmentRound, round_id)
        if r is None:
            raise NotFound(round_id)
        return _round_info(s, r)


def list_rounds(db: Database, year: int | None = None) -> list[RoundInfo]:
    """Rounds (of one year), newest year first, in the order of the titles."""
    with db.session() as s:
        q = select(AssessmentRound)
        if year is not None:
            q = q.where(AssessmentRound.year == year)
        rows = s.scalars(q).all()
        order = {t: i for i, t in enumerate(SUBJECT_KINDS)}
        rows.sort(key=lambda r: (-r.year, order.get(r.title_code, 99), r.target_group))
        return [_round_info(s, r) for r in rows]


def change_set(db: Database, round_id: int, set_id: int, by: str = "") -> RoundInfo:
    """Replace the round's criteria set (for example a sample by the province's set) and recompute.
    Refused (ValidationFailed) once a decision covers any of its assessments."""
    with db.session() as s:
        r, cs = s.get(AssessmentRound, round_id), s.get(CriteriaSetRow, set_id)
        if r is None or cs is None:
            raise NotFound(round_id if r is None else set_id)
        if cs.title_code != r.title_code or cs.target_group != r.target_group:
            raise ValidationFailed([Problem("set", _("Bộ tiêu chí không cùng danh hiệu, nhóm đối tượng với đợt."))])
        if s.scalar(select(func.count(Assessment.id)).where(Assessment.round_id == r.id, Assessment.locked)):
            raise ValidationFailed([Problem("set", _("Đợt đã có quyết định công nhận; không đổi được bộ tiêu chí."))])
        old = r.criteria_set_id
        r.criteria_set_id = cs.id
        audit.record(s, "change_set", "round", r.uuid, _("Đổi bộ tiêu chí của đợt {year}: {name}.").format(
            year=r.year, name=cs.name_vi), {"criteria_set_id": [old, cs.id], "by": by})
        s.flush()
        recompute_in(s, r.year)
        return _round_info(s, r)


# ---------------------------------------------------------------- registration


@dataclass(frozen=True)
class RegisterResult:
    added: tuple[int, ...]
    already: int


def register(db: Database, round_id: int, subject_ids: Sequence[int], when: date, by: str) -> RegisterResult:
    """Register subjects (households, clans, villages, units or persons, as the round's title
    assesses) on ``when``. Subjects already registered are skipped. Raises ValidationFailed, and
    registers nobody, when a subject does not exist or a person is registered in another target
    group the same year."""
    with db.session() as s:
        return register_in(s, round_id, subject_ids, when, by)


def register_in(s: Session, round_id: int, subject_ids: Sequence[int], when: date, by: str) -> RegisterResult:
    r = s.get(AssessmentRound, round_id)
    if r is None:
        raise NotFound(round_id)
    kind = SUBJECT_KINDS[r.title_code]
    col = Assessment.subject_column(kind)
    wanted = list(dict.fromkeys(subject_ids))
    known = labels(s, kind, wanted)
    problems = [Problem("subject", _("Không tìm thấy đối tượng {id}.").format(id=i)) for i in wanted if i not in known]
    have = set(s.scalars(select(col).where(Assessment.round_id == r.id)))
    new = [i for i in wanted if i in known and i not in have]
    if kind == "person" and new:
        problems += _other_group(s, r, new, known)
    if problems:
        raise ValidationFailed(problems[:20])
    rows = [{"uuid": new_uuid(), "created_at": utcnow(), "updated_at": utcnow(), "round_id": r.id,
             col.key: sid, "status": "registered", "registered_on": when, "registered_by": by} for sid in new]
    _insert_assessments(s, rows)
    ids = dict(s.execute(select(col, Assessment.id).where(Assessment.round_id == r.id, col.in_(new))).all()) \
        if len(new) <= 500 else dict(s.execute(select(col, Assessment.id).where(Assessment.round_id == r.id)).all())
    audit_many(s, "register", "assessment", ((row["uuid"], _("Đăng ký {title} năm {year}: {name}.").format(
        title=title_name(r.title_code), year=r.year, name=known[row[col.key]].display),
        _json({"status": [None, "registered"], "on": when, "by": by})) for row in rows))
    return RegisterResult(tuple(ids[i] for i in new), len(wanted) - len(new))


def _insert_assessments(s: Session, rows: list[dict]) -> None:
    defaults = {"household_id": None, "clan_id": None, "village_id": None, "unit_id": None, "person_id": None,
                "scores": "{}", "preconditions": "{}", "scored_count": 0, "complete": False, "total": None,
                "grade": "", "computed_pass": False, "result_override": "", "override_reason": "", "passed": False,
                "locked": False, "reopen_reason": "", "notes": "", "registered_by": "", "self_assessed_by": "",
                "village_reviewed_by": "", "commune_reviewed_by": ""}
    if rows:
        s.execute(insert(Assessment.__table__), [{**defaults, **row} for row in rows])


def _other_group(s: Session, r: AssessmentRound, person_ids: list[int], known) -> list[Problem]:
    q = (select(Assessment.person_id, AssessmentRound.target_group)
         .join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
         .where(AssessmentRound.year == r.year, AssessmentRound.title_code == r.title_code,
                AssessmentRound.id != r.id))
    if len(person_ids) <= 500:
        q = q.where(Assessment.person_id.in_(person_ids))
    wanted = set(person_ids)
    return [Problem("subject", _("{name} đã đăng ký Công dân học tập năm {year} ở nhóm “{group}”.").format(
        name=known[pid].name, year=r.year, group=target_group_name(g))) for pid, g in s.execute(q) if pid in wanted]


def register_village(db: Database, round_id: int, village_id: int, when: date, by: str) -> RegisterResult:
    """Register every active household (GDHT), unit (DVHT) or the village itself (CDHT_THON) of a
    village. Raises ValidationFailed for titles registered one by one (clans, citizens)."""
    with db.session() as s:
        r = s.get(AssessmentRound, round_id)
        if r is None:
            raise NotFound(round_id)
        kind = SUBJECT_KINDS[r.title_code]
        if kind not in ("household", "unit", "village"):
            raise ValidationFailed([Problem("village", _("Danh hiệu {title} đăng ký theo từng đối tượng.").format(
                title=title_name(r.title_code)))])
        ids = [sid for sid, vid in subject_villages(s, kind, existing_only=True) if vid == village_id]
        return register_in(s, round_id, ids, when, by)


# ---------------------------------------------------------------- steps


@dataclass(frozen=True)
class AdvanceResult:
    changed: int
    skipped: int


def advance(db: Database, assessment_ids: Sequence[int], step: str, when: date, by: str, note: str = "") -> AdvanceResult:
    """Record ``step`` (self_assessed, village_reviewed or commune_reviewed) on ``when`` by ``by`` for
    many assessments at once. Assessments already at or past the step are skipped. Raises
    ValidationFailed, changing nothing, for another step or when an assessment is decided (locked)."""
    if step not in STEPS[1:4]:
        raise ValidationFailed([Problem("step", _("Bước không hợp lệ: {step}.").format(step=step))])
    with db.session() as s:
        rows = _rows_by_id(s, assessment_ids, Assessment.uuid, Assessment.status, Assessment.locked)
        locked = [a for a, (_u, _st, lk) in rows.items() if lk]
        if locked:
            raise ValidationFailed([Problem("status", _("{n} đối tượng đã có quyết định công nhận; mở lại trước khi "
                                                        "sửa.").format(n=len(locked)))])
        target = STEPS.index(step)
        todo = [(a, u, st) for a, (u, st, _lk) in rows.items() if STEPS.index(st) < target]
        if todo:
            t = Assessment.__table__
            s.execute(update(t).where(t.c.id == bindparam("b_id")).values(
                status=step, updated_at=utcnow(), **{f"{step}_on": when, f"{step}_by": by}),
                [{"b_id": a} for a, _u, _st in todo])
        audit_many(s, "status", "assessment", ((u, _("{old} → {new}").format(old=step_name(st), new=step_name(step)),
                                                 _json({"status": [st, step], "on": when, "by": by, "note": note}))
                                                for _a, u, st in todo))
        return AdvanceResult(len(todo), len(rows) - len(todo))


def _rows_by_id(s: Session, ids: Sequence[int], *cols) -> dict[int, tuple]:
    ids = list(dict.fromkeys(ids))
    out: dict[int, tuple] = {}
    for k in range(0, len(ids), 500):
        out.update({r[0]: tuple(r[1:]) for r in s.execute(select(Assessment.id, *cols).where(
            Assessment.id.in_(ids[k:k + 500])))})
    missing = [i for i in ids if i not in out]
    if missing:
        raise NotFound(missing[0])
    return out
