"""Reading the certificate register: entries with their reprint logs, and their printing order.

Part of the certificate service (:mod:`app.services.certificates` re-exports what callers need).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.names import join_name
from app.models import Assessment, CertificateEntry, CertificateReprint
from app.printing.register import RegisterEntry, Reprint
from app.printing.titles import title_label
from app.services.certificate_subjects import Recipient, print_order, recipients
from app.services.errors import NotFound
from app.services.setup import ProfileData

__all__ = ["ReprintInfo", "CertificateInfo", "chunks", "load", "load_ids", "get_entries", "register_entries",
           "people", "parts_of", "entry_order"]

_CHUNK = 500


@dataclass(frozen=True)
class ReprintInfo:
    count: int
    on: date
    reason: str
    by: str


@dataclass(frozen=True)
class CertificateInfo:
    """One register entry as stored (the texts are those printed at the first issue)."""

    id: int
    uuid: str
    year: int
    number: int
    title_code: str
    subject_kind: str
    subject_id: int
    subject_uuid: str
    assessment_id: int
    assessment_uuid: str
    recipient: str
    address: str
    village: str
    decision_id: int
    decision_number: str
    decision_date: date
    issued_on: date
    issued_by: str
    qr_text: str
    key_id: str
    reprint_count: int
    reprints: tuple[ReprintInfo, ...] = ()

    @property
    def title_label(self) -> str:
        return title_label(self.title_code)

    def register_entry(self) -> RegisterEntry:
        """The printing layer's form of the entry (award key: the assessment's uuid)."""
        return RegisterEntry(self.year, self.number, self.assessment_uuid, self.recipient, self.title_code,
                             self.village, self.decision_number, self.decision_date, self.issued_on,
                             tuple(Reprint(r.count, r.on, r.reason) for r in self.reprints))


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    """The ids without repeats, in lists short enough for ``IN (…)``."""
    ids = list(dict.fromkeys(ids))
    for k in range(0, len(ids), _CHUNK):
        yield ids[k:k + _CHUNK]


def load(s: Session, where) -> list[CertificateInfo]:
    """The entries matching a SQL condition on :class:`CertificateEntry`, with their reprints."""
    rows = s.execute(select(CertificateEntry, Assessment.uuid)
                     .join(Assessment, Assessment.id == CertificateEntry.assessment_id).where(where)).all()
    logs: dict[int, list[ReprintInfo]] = {}
    for chunk in chunks(e.id for e, _u in rows if e.reprint_count):
        for r in s.scalars(select(CertificateReprint).where(CertificateReprint.entry_id.in_(chunk))
                           .order_by(CertificateReprint.entry_id, CertificateReprint.count)):
            logs.setdefault(r.entry_id, []).append(ReprintInfo(r.count, r.reprinted_on, r.reason, r.reprinted_by))
    return [CertificateInfo(e.id, e.uuid, e.year, e.number, e.title_code, e.subject_kind, e.subject_id, e.subject_uuid,
                            e.assessment_id, a_uuid, e.recipient, e.address, e.village, e.decision_id,
                            e.decision_number, e.decision_date, e.issued_on, e.issued_by, e.qr_text, e.key_id,
                            e.reprint_count, tuple(logs.get(e.id, ()))) for e, a_uuid in rows]


def load_ids(s: Session, ids: Sequence[int]) -> list[CertificateInfo]:
    """The entries with these ids (any order). Raises NotFound for an unknown id."""
    out: list[CertificateInfo] = []
    for chunk in chunks(ids):
        out += load(s, CertificateEntry.id.in_(chunk))
    missing = set(ids) - {e.id for e in out}
    if missing:
        raise NotFound(min(missing))
    return out


def get_entries(db: Database, ids: Sequence[int]) -> list[CertificateInfo]:
    """The entries with these ids, by year and number. Raises NotFound for an unknown id."""
    with db.session() as s:
        return sorted(load_ids(s, ids), key=lambda e: (e.year, e.number))


def register_entries(db: Database, year: int) -> list[CertificateInfo]:
    """The year's register, by number."""
    with db.session() as s:
        return sorted(load(s, CertificateEntry.year == year), key=lambda e: e.number)


def people(s: Session, subjects: Iterable[tuple[str, int]], profile: ProfileData) -> dict[tuple[str, int], Recipient]:
    """(kind, id) → how the subject is named now, for the subjects that exist."""
    by_kind: dict[str, list[int]] = {}
    for kind, sid in subjects:
        by_kind.setdefault(kind, []).append(sid)
    return {(kind, sid): r for kind, ids in by_kind.items() for sid, r in recipients(s, kind, ids, profile).items()}


def parts_of(e: CertificateInfo, who: Recipient | None) -> tuple[str, str, str] | None:
    """The subject's stored name parts when they still spell the printed name (else None: the
    printed name is split)."""
    if who is None or who.name_parts is None or join_name(*who.name_parts) != e.recipient:
        return None
    return who.name_parts


def entry_order(e: CertificateInfo, who: Recipient | None) -> tuple:
    """The printing order of an entry: village, name, then register number."""
    return print_order(e.subject_kind, e.recipient, e.village, parts_of(e, who)) + (e.number,)
