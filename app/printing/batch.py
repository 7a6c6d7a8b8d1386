"""Choosing and ordering the certificates of a batch, and turning register entries into certificates.

Batches are printed in the order they are handed out at the village meetings: by village, then by
name in Vietnamese alphabetical order. People (and households, named by their head) are ordered by
given name, then middle names, then family name; clans, villages and units by their display name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.crypto.certificate_qr import sign_certificate
from app.crypto.keys import CommuneSecret
from app.domain.names import split_full_name
from app.domain.text import nfc, person_sort_key, sort_key
from app.printing.certificates import CertificateData
from app.printing.document import Issuer
from app.printing.register import RegisterEntry

__all__ = ["printing_order", "sort_for_printing", "select_for_printing", "Issuer", "certificate_from_entry",
           "certificates_from_entries"]

_PEOPLE = ("person", "household")


def printing_order(item: CertificateData) -> tuple[str, str, int]:
    """The sort key of one certificate: (village, name, register number)."""
    if item.kind in _PEOPLE:
        family, middle, given = item.name_parts or split_full_name(item.recipient)
        name = person_sort_key(given, middle, family)
    else:
        name = sort_key(item.recipient)
    return sort_key(item.village), name, item.register_no


def sort_for_printing(items: Iterable[CertificateData]) -> list[CertificateData]:
    """``items`` by village, then name, the Vietnamese way (a new list)."""
    return sorted(items, key=printing_order)


def select_for_printing(items: Iterable[CertificateData], village: str | None = None,
                        keys: Iterable[str] | None = None) -> list[CertificateData]:
    """The certificates of one village (compared in NFC, case-insensitive) and/or with the given
    ``key`` values, sorted for printing. ``None`` filters nothing."""
    chosen = list(items)
    if village is not None:
        wanted = nfc(village).casefold()
        chosen = [i for i in chosen if nfc(i.village).casefold() == wanted]
    if keys is not None:
        key_set = set(keys)
        chosen = [i for i in chosen if i.key in key_set]
    return sort_for_printing(chosen)


def certificate_from_entry(entry: RegisterEntry, issuer: Issuer, secret: CommuneSecret | None = None,
                           address: str = "", name_parts: tuple[str, str, str] | None = None,
                           ) -> CertificateData:
    """The certificate of a register entry, its QR code signed with ``secret`` (none without it).
    A first issue is dated on the decision's date (the certificate goes with the decision the
    chairperson signed, however late it is printed); a reprinted entry is marked "Cấp lại lần N" and
    dated on its latest reprint. The register number, decision and QR stay those of the award."""
    qr = ""
    if secret is not None:
        qr = sign_certificate(secret, issuer.commune_code, entry.year, entry.title_code, entry.number,
                              entry.recipient)
    return CertificateData(
        title_code=entry.title_code, year=entry.year, recipient=entry.recipient,
        decision_number=entry.decision_number, decision_date=entry.decision_date, register_no=entry.number,
        signer_name=issuer.signer_name, issuing_body=issuer.issuing_body, parent_body=issuer.parent_body,
        commune_name=issuer.commune_name, place=issuer.place or issuer.commune_name, address=address,
        village=entry.village, reprint_count=entry.reprint_count,
        issued_on=entry.reprints[-1].on if entry.reprints else entry.decision_date,
        signer_authority=issuer.signer_authority, signer_position=issuer.signer_position, qr_text=qr,
        name_parts=name_parts, key=entry.award_key,
    )


def certificates_from_entries(entries: Sequence[RegisterEntry], issuer: Issuer,
                              secret: CommuneSecret | None = None) -> list[CertificateData]:
    """Certificates for many entries (no addresses), sorted for printing."""
    return sort_for_printing(certificate_from_entry(e, issuer, secret) for e in entries)
