"""The preview of one award's certificate: what the print tab shows before anything is printed.

Part of the certificate service. Nothing is numbered, signed or recorded: an award not yet in the
register shows "…" where its number will go, and no QR code is drawn (no passphrase is asked).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from app.db.engine import Database
from app.models import Assessment, AssessmentRound, CertificateEntry, Decision
from app.paths import Paths
from app.printing.batch import certificate_from_entry
from app.printing.certificates import preview_pdf
from app.printing.register import RegisterEntry
from app.services.certificate_entries import load_ids, parts_of, people
from app.services.certificate_print import certificate_templates
from app.services.certificate_subjects import issuer_for, require_profile
from app.services.errors import NotFound
from app.services.setup import get_profile

__all__ = ["NOT_NUMBERED", "certificate_preview"]

#: Printed where the register number will go on an award not yet in the register.
NOT_NUMBERED = "…"


def certificate_preview(db: Database, paths: Paths, assessment_id: int, *, page_size: str | None = None,
                        border: bool | None = None) -> bytes:
    """A one-page PDF of the certificate that the decided assessment ``assessment_id`` gets (or got:
    its register entry, reprints included), with the commune's template for its title and the
    chosen ``page_size``/``border``. Raises :class:`NotFound` for an assessment without a decision."""
    profile = require_profile(get_profile(db))
    with db.session() as s:
        row = s.execute(select(Assessment, AssessmentRound.year, AssessmentRound.title_code, Decision)
                        .join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
                        .join(Decision, Decision.id == Assessment.decision_id)
                        .where(Assessment.id == assessment_id)).first()
        if row is None:
            raise NotFound(assessment_id)
        assessment, year, title_code, decision = row
        subject = assessment.subject
        entry_id = s.scalar(select(CertificateEntry.id).where(CertificateEntry.assessment_id == assessment_id))
        entry = load_ids(s, [entry_id])[0] if entry_id is not None else None
        who = people(s, [subject], profile).get(subject)
    issuer = issuer_for(profile, decision.signer_name, decision.signer_position)
    if entry is not None:
        item = certificate_from_entry(entry.register_entry(), issuer, None, entry.address, parts_of(entry, who))
    else:
        name = who.name if who is not None else ""
        draft = RegisterEntry(year, 0, "preview", name, title_code, who.village if who else "", decision.number,
                              decision.decided_on, decision.decided_on)
        item = replace(certificate_from_entry(draft, issuer, None, who.address if who else ""),
                       register_no=NOT_NUMBERED)
    if who is not None and who.name == item.recipient:
        item = replace(item, honorific=who.honorific)
    template = certificate_templates(paths, [title_code], None, page_size, border)[title_code]
    return preview_pdf(template, item)
