"""Certificates of register entries as one PDF, each with a QR code signed by the commune's key.

Part of the certificate service (:mod:`app.services.certificates` re-exports it). The QR text is
signed at the first print and stored on the entry; a reprint prints the stored text, so an entry
printed once needs no passphrase again. The PDF is built first; only then are the new QR texts
stored (a cancelled batch records nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from sqlalchemy import select, update

from app.crypto.certificate_qr import sign_certificate
from app.crypto.keys import CommuneSecret, KeyProblem
from app.db.engine import Database
from app.i18n import _
from app.models import CertificateEntry, Decision
from app.models.base import utcnow
from app.paths import Paths
from app.printing.batch import certificate_from_entry, sort_for_printing
from app.printing.certificates import build_certificates
from app.printing.templates import CertificateTemplate, load_template
from app.services import audit
from app.services import keys as commune_keys
from app.services.certificate_entries import CertificateInfo, chunks, get_entries, load_ids, parts_of, people
from app.services.certificate_subjects import issuer_for, require_profile
from app.services.setup import get_profile

__all__ = ["SigningKeyNeeded", "Templates", "certificate_templates", "certificate_pdf", "pdf_with_secret",
           "refreshed"]

Report = Callable[[int, int], None]
Templates = CertificateTemplate | Mapping[str, CertificateTemplate] | None


class SigningKeyNeeded(KeyProblem):
    """Certificates never printed before need the commune's key (its passphrase) for their QR codes."""


def certificate_templates(paths: Paths, title_codes: Iterable[str], templates: Templates = None,
                          page_size: str | None = None, border: bool | None = None) -> dict[str, CertificateTemplate]:
    """Title code → template: the given one(s), else the commune's edited copy in
    ``<data>/templates/``, else the shipped default; ``page_size`` (A4, A5) and ``border`` override."""
    out: dict[str, CertificateTemplate] = {}
    for code in dict.fromkeys(title_codes):
        if isinstance(templates, CertificateTemplate):
            t = templates
        elif templates is not None and code in templates:
            t = templates[code]
        else:
            t = load_template(code, paths.root / "templates")
        if page_size is not None:
            t = replace(t, page_size=page_size)
        if border is not None:
            t = replace(t, border=border)
        out[code] = t
    return out


def certificate_pdf(db: Database, paths: Paths, entries: Sequence[int | CertificateInfo], passphrase: str | None, *,
                    templates: Templates = None, page_size: str | None = None, border: bool | None = None,
                    offsets_mm: tuple[float, float] = (0.0, 0.0), report: Report | None = None,
                    cancelled: Callable[[], bool] | None = None, by: str = "") -> bytes:
    """One PDF of the entries' certificates, sorted by village then name, each with its QR code:
    the stored one, or (first print) one signed now with the commune's key and then stored.
    ``passphrase`` unlocks the key (``None`` will do when every entry was printed before). Raises
    :class:`app.crypto.keys.WrongPassphrase` (checked first: nothing read or recorded),
    :class:`SigningKeyNeeded`, or :class:`app.printing.certificates.Cancelled` (nothing recorded)."""
    secret = commune_keys.load_secret(paths, passphrase) if passphrase is not None else None
    ids = [e.id if isinstance(e, CertificateInfo) else e for e in entries]
    return pdf_with_secret(db, paths, ids, secret, templates=templates, page_size=page_size, border=border,
                           offsets_mm=offsets_mm, report=report, cancelled=cancelled, by=by)


def pdf_with_secret(db: Database, paths: Paths, ids: Sequence[int], secret: CommuneSecret | None, *,
                    templates: Templates = None, page_size: str | None = None, border: bool | None = None,
                    offsets_mm: tuple[float, float] = (0.0, 0.0), report: Report | None = None,
                    cancelled: Callable[[], bool] | None = None, by: str = "") -> bytes:
    """:func:`certificate_pdf` with the secret key already loaded (or ``None``)."""
    profile = require_profile(get_profile(db))
    with db.session() as s:
        infos = load_ids(s, ids)
        who = people(s, ((e.subject_kind, e.subject_id) for e in infos), profile)
        signers = {d.id: (d.signer_name, d.signer_position) for chunk in chunks(e.decision_id for e in infos)
                   for d in s.scalars(select(Decision).where(Decision.id.in_(chunk)))}
    if secret is None and any(not e.qr_text for e in infos):
        raise SigningKeyNeeded(_("Cần mật khẩu khóa ký của xã để in mã QR lên giấy công nhận in lần đầu."))
    issuers = {did: issuer_for(profile, name, position) for did, (name, position) in signers.items()}
    items, signed = [], {}
    for e in infos:
        issuer = issuers[e.decision_id]
        qr = e.qr_text
        if not qr:
            qr = sign_certificate(secret, issuer.commune_code, e.year, e.title_code, e.number, e.recipient)
            signed[e.id] = qr
        recipient = who.get((e.subject_kind, e.subject_id))
        item = certificate_from_entry(e.register_entry(), issuer, None, e.address, parts_of(e, recipient))
        honorific = recipient.honorific if recipient is not None and recipient.name == e.recipient else ""
        items.append(replace(item, qr_text=qr, key=e.uuid, honorific=honorific))
    chosen = certificate_templates(paths, (e.title_code for e in infos), templates, page_size, border)
    pdf = build_certificates(sort_for_printing(items), chosen, offsets_mm, report, cancelled)
    with db.session() as s:
        for entry_id, qr in signed.items():
            s.execute(update(CertificateEntry).where(CertificateEntry.id == entry_id, CertificateEntry.qr_text == "")
                      .values(qr_text=qr, key_id=secret.key_id, updated_at=utcnow()))
        numbers = [f"{n}/{y}" for y, n in sorted((e.year, e.number) for e in infos)]
        audit.record(s, "print", "certificate", "", _("In {n} giấy công nhận: số {numbers}.").format(
            n=len(infos), numbers=", ".join(numbers[:20]) + (" …" if len(numbers) > 20 else "")),
            {"entries": [e.uuid for e in infos], "signed": len(signed), "by": by})
    return pdf


def refreshed(db: Database, entries: Sequence[CertificateInfo]) -> tuple[CertificateInfo, ...]:
    """The entries re-read (with their QR texts), in the given order."""
    fresh = {e.id: e for e in get_entries(db, [e.id for e in entries])}
    return tuple(fresh[e.id] for e in entries)
