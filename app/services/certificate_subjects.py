"""What certificates and the round's papers say about a subject and about the issuer.

* :func:`recipients` — how each subject is named on a certificate (a household by its head, a clan
  as "Dòng họ …", a village, a unit, a person), its village and address as printed
  ("Bản Nà Sản, xã Chiềng Mung, tỉnh Sơn La") and the name parts that order people;
* :func:`issuer_for` — the header lines from the commune profile ("ỦY BAN NHÂN DÂN" / "XÃ CHIỀNG
  MUNG"), the place of the date line and the signer with TM./KT. by role;
* :func:`print_order` — the Vietnamese order of a batch: village, then name (given, middle, family
  for people), the same order as :func:`app.printing.batch.sort_for_printing`.

Everything is NFC. Reads only; no transaction of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.names import join_name, split_full_name
from app.domain.reference import provinces_2025
from app.domain.text import fold, nfc, person_sort_key, sort_key
from app.i18n import _
from app.models import Clan, Household, Person, Unit, Village
from app.printing.document import Issuer
from app.services.errors import Problem, ValidationFailed
from app.services.setup import ProfileData

__all__ = ["Recipient", "recipients", "issuer_for", "signer_lines", "print_order", "commune_code_of",
           "bare_commune_name", "require_profile", "count_by", "PEOPLE"]

PEOPLE = ("person", "household")
_CHUNK = 500


@dataclass(frozen=True)
class Recipient:
    """A subject as a certificate names it."""

    kind: str
    id: int
    uuid: str
    name: str
    village_id: int | None
    village: str
    address: str
    name_parts: tuple[str, str, str] | None = None
    sex: str = ""  # a person's, or a household head's: "M", "F" or "" (not known)

    @property
    def honorific(self) -> str:
        """How the certificate addresses them: "ông", "bà", or "" (a clan, village, unit; sex unknown)."""
        return {"M": "ông", "F": "bà"}.get(self.sex, "")


def require_profile(profile: ProfileData | None) -> ProfileData:
    if profile is None or not profile.commune_name:
        raise ValidationFailed([Problem("profile", _("Chưa nhập thông tin của xã (Thiết lập): không in được giấy tờ."))])
    return profile


def bare_commune_name(profile: ProfileData) -> str:
    """"Chiềng Mung" from "Chiềng Mung" or "Xã Chiềng Mung"."""
    name = nfc(profile.commune_name)
    for kind in ("xã ", "phường ", "đặc khu ", "thị trấn "):
        if name.lower().startswith(kind):
            return name[len(kind):]
    return name


def commune_code_of(profile: ProfileData) -> str:
    """The official code, else a lower-case ASCII slug of the name (as the package format says)."""
    code = nfc(profile.commune_code).replace(" ", "")
    if code:
        return code
    return re.sub(r"[^a-z0-9]+", "-", fold(bare_commune_name(profile))).strip("-") or "xa"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else ""


def _province_part(profile: ProfileData) -> str:
    full = next((p.full_name for p in provinces_2025() if p.code == profile.province_code), "")
    if not full and profile.province_name:
        name = nfc(profile.province_name)
        full = name if fold(name).startswith(("tinh ", "thanh pho ")) else f"Tỉnh {name}"
    return _lower_first(nfc(full))


def _address(own: str, village: str, profile: ProfileData) -> str:
    """The subject's own address, then the village, the commune and the province, each only when
    the text so far does not already contain it."""
    parts = [nfc(own)] if nfc(own) else []
    for extra in (nfc(village), _lower_first(profile.commune_display), _province_part(profile)):
        if extra and fold(extra) not in fold(", ".join(parts)):
            parts.append(extra)
    return ", ".join(parts)


def _parts(full_name: str, family: str, middle: str, given: str) -> tuple[str, str, str] | None:
    """The stored name parts when they spell the printed name, else None (split from the name)."""
    parts = (nfc(family), nfc(middle), nfc(given))
    return parts if parts[2] and join_name(*parts) == nfc(full_name) else None


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ids = list(dict.fromkeys(ids))
    for k in range(0, len(ids), _CHUNK):
        yield ids[k:k + _CHUNK]


def _households(s: Session, ids: Sequence[int], profile: ProfileData) -> dict[int, Recipient]:
    out: dict[int, Recipient] = {}
    for chunk in _chunks(ids):
        heads: dict[int, tuple] = {}
        q = (select(Person.household_id, Person.relation, Person.full_name, Person.family_name, Person.middle_name,
                    Person.given_name, Person.sex).where(Person.household_id.in_(chunk))
             .order_by(Person.household_id, Person.member_order, Person.id))
        for hid, relation, *name in s.execute(q):
            if hid not in heads or (relation == "head" and heads[hid][0] != "head"):
                heads[hid] = (relation, *name)
        rows = s.execute(select(Household.id, Household.uuid, Household.code, Household.address, Household.village_id,
                                Village.name).join(Village, Village.id == Household.village_id)
                         .where(Household.id.in_(chunk)))
        for hid, uuid, code, address, vid, village in rows:
            head = heads.get(hid)
            name = nfc(head[1]) if head else _("Hộ {code}").format(code=code)
            parts = _parts(*head[1:5]) if head else None
            out[hid] = Recipient("household", hid, uuid, name, vid, nfc(village), _address(address, village, profile),
                                 parts, head[5] if head else "")
    return out


def _persons(s: Session, ids: Sequence[int], profile: ProfileData) -> dict[int, Recipient]:
    out: dict[int, Recipient] = {}
    for chunk in _chunks(ids):
        q = (select(Person.id, Person.uuid, Person.full_name, Person.family_name, Person.middle_name, Person.given_name,
                    Household.address, Household.village_id, Village.name, Person.sex)
             .outerjoin(Household, Household.id == Person.household_id)
             .outerjoin(Village, Village.id == Household.village_id).where(Person.id.in_(chunk)))
        for pid, uuid, full, family, middle, given, address, vid, village, sex in s.execute(q):
            out[pid] = Recipient("person", pid, uuid, nfc(full), vid, nfc(village),
                                 _address(address or "", village or "", profile), _parts(full, family, middle, given),
                                 sex or "")
    return out


def _clans(s: Session, ids: Sequence[int], profile: ProfileData) -> dict[int, Recipient]:
    out: dict[int, Recipient] = {}
    for chunk in _chunks(ids):
        for cid, uuid, name in s.execute(select(Clan.id, Clan.uuid, Clan.name).where(Clan.id.in_(chunk))):
            name = nfc(name)
            shown = name if fold(name).startswith("dong ho") else f"Dòng họ {name}"
            out[cid] = Recipient("clan", cid, uuid, shown, None, "", _address("", "", profile))
    return out


def _villages(s: Session, ids: Sequence[int], profile: ProfileData) -> dict[int, Recipient]:
    out: dict[int, Recipient] = {}
    for chunk in _chunks(ids):
        for vid, uuid, name in s.execute(select(Village.id, Village.uuid, Village.name).where(Village.id.in_(chunk))):
            out[vid] = Recipient("village", vid, uuid, nfc(name), vid, nfc(name), _address("", "", profile))
    return out


def _units(s: Session, ids: Sequence[int], profile: ProfileData) -> dict[int, Recipient]:
    out: dict[int, Recipient] = {}
    for chunk in _chunks(ids):
        q = (select(Unit.id, Unit.uuid, Unit.name, Unit.address, Unit.village_id, Village.name)
             .outerjoin(Village, Village.id == Unit.village_id).where(Unit.id.in_(chunk)))
        for uid, uuid, name, address, vid, village in s.execute(q):
            out[uid] = Recipient("unit", uid, uuid, nfc(name), vid, nfc(village),
                                 _address(address, village or "", profile))
    return out


_READERS = {"household": _households, "person": _persons, "clan": _clans, "village": _villages, "unit": _units}


def recipients(s: Session, kind: str, ids: Sequence[int], profile: ProfileData) -> dict[int, Recipient]:
    """Subject id → :class:`Recipient` for the ids of ``kind`` that exist."""
    return _READERS[kind](s, ids, profile)


def print_order(kind: str, name: str, village: str, parts: tuple[str, str, str] | None) -> tuple[str, str]:
    """The batch order: village, then a person's (or household head's) given, middle and family
    names, or another subject's name, in Vietnamese alphabetical order."""
    if kind in PEOPLE:
        family, middle, given = parts or split_full_name(name)
        return sort_key(village), person_sort_key(given, middle, family)
    return sort_key(village), sort_key(name)


def _role(name: str, position: str, profile: ProfileData) -> str:
    pos = fold(position)
    if "pho chu tich" in pos:
        return "vice_chair"
    if "chu tich" in pos and "khuyen hoc" not in pos:
        return "chair"
    match = next((x for x in profile.signers if fold(x.full_name) == fold(name)), None)
    if match is not None:
        return match.role
    return "chair" if not pos else "other"


def signer_lines(name: str, position: str, profile: ProfileData) -> tuple[str, str]:
    """(authority, position) of the signature block: a chair signs "TM. ỦY BAN NHÂN DÂN" /
    "CHỦ TỊCH"; a vice-chair "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"; anyone else
    under their own position."""
    role = _role(name, position, profile)
    if role == "chair":
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    if role == "vice_chair":
        return "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    return "", nfc(position).upper()


def issuer_for(profile: ProfileData, signer_name: str | None = None, signer_position: str = "") -> Issuer:
    """The issuer of a paper: the commune's People's Committee, the date line's place (the commune's
    name), and the signer — ``signer_name`` (a decision's), else the chair (or vice-chair) of the
    profile."""
    if signer_name is None:
        chosen = profile.signer("chair") or profile.signer("vice_chair")
        signer_name = chosen.full_name if chosen else ""
        signer_position = (chosen.position or ("Chủ tịch" if chosen.role == "chair" else "Phó Chủ tịch")) \
            if chosen else ""
    authority, position = signer_lines(signer_name, signer_position, profile)
    commune = bare_commune_name(profile)
    return Issuer(commune_code=commune_code_of(profile), commune_name=commune, signer_name=nfc(signer_name),
                  issuing_body=("ỦY BAN NHÂN DÂN", nfc(profile.commune_display).upper()), place=commune,
                  signer_authority=authority, signer_position=position)


def count_by(s: Session, column, key, ids: Sequence[int], *where) -> dict[int, int]:
    """``key`` → how many rows (``column`` counted) for the ids, in chunks; used by the forms."""
    out: dict[int, int] = {}
    for chunk in _chunks(ids):
        out.update(dict(s.execute(select(key, func.count(column)).where(key.in_(chunk), *where).group_by(key)).all()))
    return out
