"""The certificate register: numbering awards, reprints, and certificates as PDF with signed QR codes.

An award is one decided assessment (a subject recognised with one title in one year). Issuing
(:func:`issue_certificates`) gives each award of a decision, of a year's title (optionally one
village), or of chosen assessments the next number of its year's register, once: issuing again
returns the existing entries with their numbers. New numbers follow the order the certificates are
printed and handed out — by village, then name the Vietnamese way. The entry keeps the name,
address, village and decision as printed at the first issue. A reprint (:func:`reprint`) keeps the
number, needs a reason, is counted and logged, and the next print shows "Cấp lại lần N".

:func:`certificate_pdf` (from :mod:`app.services.certificate_print`) prints entries with a QR code
signed by the commune's key (:mod:`app.services.keys`); a wrong passphrase raises
:class:`app.crypto.keys.WrongPassphrase` before anything is read or recorded.
:func:`print_certificates` does it all for the console: key first, then issue, then print. The
round's other papers are in :mod:`app.services.certificate_papers`.

Importing this module registers a deletion check: a subject with a certificate cannot be deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.crypto.certificate_qr import QrCheck, verify_qr
from app.db.engine import Database
from app.domain.criteria import SUBJECT_KINDS
from app.domain.text import nfc
from app.i18n import _
from app.models import Assessment, AssessmentRound, CertificateEntry, CertificateReprint, Decision
from app.models.base import new_uuid, utcnow
from app.paths import Paths
from app.printing.register import RegisterError, record_reprint
from app.printing.titles import title_label
from app.services import audit, references
from app.services import keys as commune_keys
from app.services.certificate_entries import (
    CertificateInfo,
    ReprintInfo,
    chunks,
    entry_order,
    get_entries,
    load,
    load_ids,
    people,
    register_entries,
)
from app.services.certificate_print import (
    SigningKeyNeeded,
    Templates,
    certificate_pdf,
    certificate_templates,
    pdf_with_secret,
    refreshed,
)
from app.services.certificate_subjects import Recipient, print_order, require_profile
from app.services.errors import NotFound, Problem, ValidationFailed
from app.services.setup import get_profile
from app.services.subjects import audit_many, details

__all__ = ["ReprintInfo", "CertificateInfo", "IssueResult", "PrintResult", "SigningKeyNeeded", "issue_certificates",
           "register_entries", "get_entries", "reprint", "certificate_pdf", "certificate_templates",
           "print_certificates", "verify_certificate", "certified"]


@dataclass(frozen=True)
class IssueResult:
    """Every entry of the selection, in printing order; ``new`` of them were numbered just now."""

    entries: tuple[CertificateInfo, ...]
    new: int

    @property
    def already(self) -> int:
        return len(self.entries) - self.new


@dataclass(frozen=True)
class PrintResult:
    pdf: bytes
    entries: tuple[CertificateInfo, ...]
    new: int


# ---------------------------------------------------------------- issuing


@dataclass(frozen=True)
class _Award:
    assessment_id: int
    assessment_uuid: str
    decision_id: int | None
    year: int
    title_code: str
    kind: str
    subject_id: int


_SUBJECT_COLS = (Assessment.household_id, Assessment.clan_id, Assessment.village_id, Assessment.unit_id,
                 Assessment.person_id)


def _awards(s: Session, where) -> list[_Award]:
    q = (select(Assessment.id, Assessment.uuid, Assessment.decision_id, AssessmentRound.year,
                AssessmentRound.title_code, *_SUBJECT_COLS)
         .join(AssessmentRound, AssessmentRound.id == Assessment.round_id).where(where))
    return [_Award(aid, uuid, did, year, title, SUBJECT_KINDS[title], next(x for x in subjects if x is not None))
            for aid, uuid, did, year, title, *subjects in s.execute(q)]


def _select(s: Session, decision_id: int | None, year: int | None, title_code: str | None,
            assessment_ids: Sequence[int] | None) -> list[_Award]:
    if decision_id is not None:
        if s.get(Decision, decision_id) is None:
            raise NotFound(decision_id)
        return _awards(s, Assessment.decision_id == decision_id)
    if assessment_ids is not None:
        rows: list[_Award] = []
        for chunk in chunks(assessment_ids):
            rows += _awards(s, Assessment.id.in_(chunk))
        missing = set(assessment_ids) - {a.assessment_id for a in rows}
        if missing:
            raise NotFound(min(missing))
        undecided = [a.assessment_id for a in rows if a.decision_id is None]
        if undecided:
            raise ValidationFailed([Problem("subject", _("Đánh giá {id} chưa có quyết định công nhận (hoặc đang được "
                                                         "mở lại): chưa cấp giấy được.").format(id=i))
                                    for i in undecided[:20]])
        return rows
    if year is None or title_code not in SUBJECT_KINDS:
        raise ValidationFailed([Problem("selection", _("Chọn một quyết định, hoặc năm và danh hiệu."))])
    return _awards(s, (AssessmentRound.year == year) & (AssessmentRound.title_code == title_code)
                   & Assessment.decision_id.is_not(None))


def issue_certificates(db: Database, decision_id: int | None = None, *, year: int | None = None,
                       title_code: str | None = None, village_id: int | None = None,
                       assessment_ids: Sequence[int] | None = None, by: str = "", on: date | None = None) -> IssueResult:
    """Number the awards of a decision, of ``year`` + ``title_code`` (all decided subjects, of
    ``village_id`` when given), or of ``assessment_ids`` (which must be decided). Awards not yet in
    the register get the next numbers of their year, in printing order, dated ``on`` (today); the
    others keep theirs. Returns every selected entry in printing order. Raises NotFound, or
    ValidationFailed when the selection is empty or holds an undecided assessment (nothing written)."""
    on = on or date.today()
    profile = require_profile(get_profile(db))
    with db.session() as s:
        awards = _select(s, decision_id, year, title_code, assessment_ids)
        who = people(s, ((a.kind, a.subject_id) for a in awards), profile)
        if village_id is not None:
            awards = [a for a in awards if (w := who.get((a.kind, a.subject_id))) and w.village_id == village_id]
        if not awards:
            raise ValidationFailed([Problem("selection", _("Không có đối tượng nào đã có quyết định công nhận trong "
                                                           "lựa chọn này: không có giấy công nhận để cấp."))])
        have: set[int] = set()
        for chunk in chunks(a.assessment_id for a in awards):
            have |= set(s.scalars(select(CertificateEntry.assessment_id).where(CertificateEntry.assessment_id.in_(chunk))))
        new = [a for a in awards if a.assessment_id not in have and (a.kind, a.subject_id) in who]
        _number(s, new, who, by, on)
        entries: list[CertificateInfo] = []
        for chunk in chunks(a.assessment_id for a in awards):
            entries += load(s, CertificateEntry.assessment_id.in_(chunk))
        entries.sort(key=lambda e: entry_order(e, who.get((e.subject_kind, e.subject_id))))
        return IssueResult(tuple(entries), len(new))


def _number(s: Session, new: list[_Award], who: dict[tuple[str, int], Recipient], by: str, on: date) -> None:
    if not new:
        return
    decisions = {d.id: d for chunk in chunks(a.decision_id for a in new)
                 for d in s.scalars(select(Decision).where(Decision.id.in_(chunk)))}

    def order(a: _Award) -> tuple:
        w = who[(a.kind, a.subject_id)]
        return (a.year,) + print_order(a.kind, w.name, w.village, w.name_parts) + (a.assessment_id,)

    rows, log, now, numbers = [], [], utcnow(), {}
    for a in sorted(new, key=order):
        if a.year not in numbers:
            numbers[a.year] = s.scalar(select(func.max(CertificateEntry.number))
                                       .where(CertificateEntry.year == a.year)) or 0
        numbers[a.year] += 1
        w, d = who[(a.kind, a.subject_id)], decisions[a.decision_id]
        uuid = new_uuid()
        rows.append({"uuid": uuid, "created_at": now, "updated_at": now, "year": a.year, "number": numbers[a.year],
                     "title_code": a.title_code, "subject_kind": a.kind, "subject_id": a.subject_id,
                     "subject_uuid": w.uuid, "assessment_id": a.assessment_id, "recipient": nfc(w.name),
                     "address": nfc(w.address), "village": nfc(w.village), "decision_id": d.id,
                     "decision_number": nfc(d.number), "decision_date": d.decided_on, "issued_on": on,
                     "issued_at": now, "issued_by": nfc(by), "qr_text": "", "key_id": "", "reprint_count": 0})
        log.append((uuid, _("Cấp giấy công nhận số {number}/{year} “{title}”: {name} (QĐ {decision}).").format(
            number=numbers[a.year], year=a.year, title=title_label(a.title_code), name=w.name, decision=d.number),
            details({"number": numbers[a.year], "year": a.year, "assessment": a.assessment_uuid, "by": by})))
    s.execute(insert(CertificateEntry.__table__), rows)
    audit_many(s, "issue", "certificate", log)


# ---------------------------------------------------------------- reprints


def reprint(db: Database, entry_ids: Sequence[int], reason: str, by: str = "", on: date | None = None
            ) -> list[CertificateInfo]:
    """Record a reprint of each entry (lost, damaged…): same number, decision and QR code, one more
    in the count, the reason (required) and the date logged; the next print shows "Cấp lại lần N"
    dated ``on`` (today). Raises ValidationFailed without a reason (nothing recorded)."""
    reason, on = nfc(reason), on or date.today()
    with db.session() as s:
        infos = load_ids(s, entry_ids)
        for info in infos:
            try:
                record_reprint(info.register_entry(), reason, on)
            except RegisterError as exc:
                raise ValidationFailed([Problem("reason", str(exc))]) from exc
        for info in infos:
            count = info.reprint_count + 1
            s.execute(update(CertificateEntry).where(CertificateEntry.id == info.id)
                      .values(reprint_count=count, updated_at=utcnow()))
            s.add(CertificateReprint(entry_id=info.id, count=count, reason=reason, reprinted_on=on,
                                     reprinted_by=nfc(by)))
            audit.record(s, "reprint", "certificate", info.uuid, _(
                "Cấp lại lần {count} giấy công nhận số {number}/{year} ({name}): {reason}").format(
                count=count, number=info.number, year=info.year, name=info.recipient, reason=reason),
                {"reprint_count": [count - 1, count], "reason": reason, "on": on, "by": by})
    return get_entries(db, entry_ids)


# ---------------------------------------------------------------- the console's one step


def print_certificates(db: Database, paths: Paths, passphrase: str, decision_id: int | None = None, *,
                       year: int | None = None, title_code: str | None = None, village_id: int | None = None,
                       assessment_ids: Sequence[int] | None = None, by: str = "", page_size: str | None = None,
                       border: bool | None = None, templates: Templates = None,
                       offsets_mm: tuple[float, float] = (0.0, 0.0), report: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> PrintResult:
    """Unlock the key (a wrong passphrase records nothing), issue the selection
    (:func:`issue_certificates`), then print it (:func:`certificate_pdf`)."""
    secret = commune_keys.load_secret(paths, passphrase)
    result = issue_certificates(db, decision_id, year=year, title_code=title_code, village_id=village_id,
                                assessment_ids=assessment_ids, by=by)
    pdf = pdf_with_secret(db, paths, [e.id for e in result.entries], secret, templates=templates,
                          page_size=page_size, border=border, offsets_mm=offsets_mm, report=report,
                          cancelled=cancelled, by=by)
    return PrintResult(pdf, refreshed(db, result.entries), result.new)


def verify_certificate(paths: Paths, text: str) -> QrCheck:
    """Check a scanned QR text against every key of the commune (old ones too)."""
    return verify_qr(text, commune_keys.key_finder(paths))


@references.register
def certified(s: Session, entity: str, ids: list[int]) -> list[str]:
    """Reasons why registry records cannot be deleted: a certificate was issued to them."""
    if entity not in ("household", "person", "clan", "unit", "village") or not ids:
        return []
    out = []
    for chunk in chunks(ids):
        q = (select(CertificateEntry.recipient, CertificateEntry.number, CertificateEntry.year)
             .where(CertificateEntry.subject_kind == entity, CertificateEntry.subject_id.in_(chunk))
             .order_by(CertificateEntry.year, CertificateEntry.number))
        out += [_("{name} đã được cấp giấy công nhận số {number} năm {year}.").format(name=n, number=num, year=y)
                for n, num, y in s.execute(q)]
    return out
