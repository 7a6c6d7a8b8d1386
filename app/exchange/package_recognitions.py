"""``data/recognitions.jsonl``: one record per recognition of the year — an assessment that a
decision recognised. ``uuid`` is the assessment's stable uuid; the certificate number is the one in
the year's register, or null before the certificate is issued."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.criteria import SUBJECT_KINDS
from app.i18n import _
from app.models import (
    Assessment,
    AssessmentRound,
    CertificateEntry,
    Clan,
    Decision,
    Household,
    Person,
    Unit,
    Village,
)
from app.services.subjects import labels

_MODELS = {"household": Household, "clan": Clan, "village": Village, "unit": Unit, "person": Person}


def _query(year: int):
    return (select(Assessment.uuid, Assessment.household_id, Assessment.clan_id, Assessment.village_id,
                   Assessment.unit_id, Assessment.person_id, AssessmentRound.year, AssessmentRound.title_code,
                   AssessmentRound.target_group, Assessment.total, Assessment.grade, Decision.uuid, Decision.number,
                   Decision.decided_on, CertificateEntry.number)
            .join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
            .join(Decision, Decision.id == Assessment.decision_id)
            .outerjoin(CertificateEntry, CertificateEntry.assessment_id == Assessment.id)
            .where(AssessmentRound.year == year)
            .order_by(AssessmentRound.title_code, Decision.decided_on, Assessment.id))


def count(s: Session, year: int) -> int:
    q = (select(func.count(Assessment.id)).join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
         .where(AssessmentRound.year == year, Assessment.decision_id.is_not(None)))
    return s.scalar(q) or 0


def count_by_kind(s: Session, year: int) -> dict[str, int]:
    q = (select(AssessmentRound.title_code, func.count(Assessment.id))
         .join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
         .where(AssessmentRound.year == year, Assessment.decision_id.is_not(None))
         .group_by(AssessmentRound.title_code))
    out: dict[str, int] = {}
    for title, n in s.execute(q):
        kind = SUBJECT_KINDS.get(title, "")
        out[kind] = out.get(kind, 0) + n
    return out


def records(s: Session, year: int) -> list[dict]:
    """The recognitions of ``year``, by title, decision date and assessment."""
    rows = s.execute(_query(year)).all()
    kinds = ("household", "clan", "village", "unit", "person")
    ids: dict[str, set[int]] = {k: set() for k in kinds}
    for row in rows:
        for k, value in zip(kinds, row[1:6], strict=True):
            if value is not None:
                ids[k].add(value)
    names = {k: labels(s, k, sorted(v)) for k, v in ids.items() if v}
    uuids = {k: dict(s.execute(select(_MODELS[k].id, _MODELS[k].uuid).where(_MODELS[k].id.in_(v))).all())
             if len(v) <= 500 else dict(s.execute(select(_MODELS[k].id, _MODELS[k].uuid)).all())
             for k, v in ids.items() if v}
    village_uuids = dict(s.execute(select(Village.id, Village.uuid)).all())
    out = []
    for row in rows:
        kind, sid = next((k, v) for k, v in zip(kinds, row[1:6], strict=True) if v is not None)
        label = names[kind].get(sid)
        out.append({
            "uuid": row[0], "year": row[6], "title_code": row[7], "target_group": row[8] or "",
            "subject_kind": kind, "subject_uuid": uuids[kind][sid],
            "subject_code": label.code if label else "",
            "display_name": _display(kind, label) if label else str(sid),
            "village": label.village_name if label else "",
            "village_uuid": village_uuids.get(label.village_id) if label and label.village_id else None,
            "total": row[9], "grade": row[10] or "",
            "decision_uuid": row[11], "decision_number": row[12], "decision_date": row[13].isoformat(),
            "certificate_number": row[14],
        })
    return out


_REQUIRED = ("uuid", "year", "title_code", "subject_kind", "subject_uuid", "display_name", "decision_number",
             "decision_date")


def check(record: dict) -> str | None:
    """The recognition schema's required fields, as a fast check for every record."""
    missing = [k for k in _REQUIRED if not record.get(k)]
    return ", ".join(missing) + ": missing" if missing else None


def _display(kind: str, label) -> str:
    """The name a person reads: "Hộ ông/bà <head>" → "Hộ Lò Văn Đoàn"; clans "Dòng họ …"; others their name."""
    if kind == "household":
        return _("Hộ {name}").format(name=label.name) if label.name else label.display
    return label.display
