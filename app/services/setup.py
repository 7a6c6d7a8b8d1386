"""The one-time set-up of the commune (or receiving office) and its later edits in Settings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import func, select

from app.db.engine import Database
from app.domain.text import nfc, search_key, sort_key
from app.i18n import N_, _
from app.models import CommuneProfile, Signer, Village
from app.services import audit
from app.services.errors import Problem, ValidationFailed

SIGNER_ROLES = {
    "centre_director": N_("Giám đốc Trung tâm học tập cộng đồng"),
    "chair": N_("Chủ tịch UBND xã"),
    "vice_chair": N_("Phó Chủ tịch UBND xã"),
    "association_chair": N_("Chủ tịch Hội Khuyến học xã"),
}


@dataclass(frozen=True)
class SignerData:
    role: str
    full_name: str
    position: str = ""


@dataclass(frozen=True)
class ProfileData:
    mode: str = "commune"
    province_code: str = ""
    province_name: str = ""
    old_province_code: str = ""
    old_province_name: str = ""
    commune_code: str = ""
    commune_name: str = ""
    commune_kind: str = "xa"
    old_commune_code: str = ""
    old_commune_name: str = ""
    centre_name: str = ""
    receiver_office_name: str = ""
    address: str = ""
    phone: str = ""
    signers: tuple[SignerData, ...] = field(default_factory=tuple)

    @property
    def commune_display(self) -> str:
        """``Xã Chiềng Mung`` / ``Phường Ba Đình``: the kind and the name."""
        kind = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}.get(self.commune_kind, "")
        name = self.commune_name
        if kind and not name.lower().startswith(kind.lower()):
            return f"{kind} {name}"
        return name

    def signer(self, role: str) -> SignerData | None:
        return next((s for s in self.signers if s.role == role), None)


_PROFILE_FIELDS = [f for f in ProfileData.__dataclass_fields__ if f != "signers"]


def is_set_up(db: Database) -> bool:
    with db.session() as s:
        return (s.scalar(select(func.count(CommuneProfile.id))) or 0) > 0


def get_profile(db: Database) -> ProfileData | None:
    with db.session() as s:
        p = s.scalars(select(CommuneProfile).limit(1)).first()
        if p is None:
            return None
        signers = tuple(
            SignerData(x.role, x.full_name, x.position)
            for x in s.scalars(select(Signer).where(Signer.active).order_by(Signer.sort_order, Signer.id))
        )
        return ProfileData(**{f: getattr(p, f) for f in _PROFILE_FIELDS}, signers=signers)


def validate_profile(data: ProfileData) -> list[Problem]:
    problems: list[Problem] = []
    if not data.province_code:
        problems.append(Problem("province_code", _("Hãy chọn tỉnh, thành phố.")))
    if not data.commune_name:
        problems.append(Problem("commune_name", _("Hãy nhập tên xã, phường.")))
    if data.commune_code and not (data.commune_code.isdigit() and len(data.commune_code) == 5):
        problems.append(
            Problem("commune_code", _("Mã xã theo danh mục gồm 5 chữ số (ví dụ 14113)."), "warning")
        )
    if data.mode == "commune" and not data.centre_name:
        problems.append(Problem("centre_name", _("Hãy nhập tên Trung tâm học tập cộng đồng.")))
    return problems


def clean_profile(data: ProfileData) -> ProfileData:
    values = {f: nfc(getattr(data, f)) for f in _PROFILE_FIELDS}
    signers = tuple(
        SignerData(x.role, nfc(x.full_name), nfc(x.position)) for x in data.signers if nfc(x.full_name)
    )
    return replace(data, **values, signers=signers)


def save_profile(db: Database, data: ProfileData, villages: list[str] | None = None) -> ProfileData:
    """Create or update the profile and its signers; add the ``villages`` not there yet.

    One transaction. Raises ValidationFailed when a required field is missing.
    """
    data = clean_profile(data)
    problems = validate_profile(data)
    if any(p.level == "error" for p in problems):
        raise ValidationFailed(problems)
    with db.session() as s:
        p = s.scalars(select(CommuneProfile).limit(1)).first()
        created = p is None
        if created:
            p = CommuneProfile()
            s.add(p)
        for f in _PROFILE_FIELDS:
            setattr(p, f, getattr(data, f))
        for old in s.scalars(select(Signer)):
            s.delete(old)
        for i, sg in enumerate(data.signers):
            s.add(Signer(role=sg.role, full_name=sg.full_name, position=sg.position, sort_order=i))
        existing = {v.lower() for v in s.scalars(select(Village.name))}
        for name in villages or []:
            name = nfc(name)
            if name and name.lower() not in existing:
                kind = guess_village_kind(name)
                s.add(Village(name=name, kind=kind, sort_key=sort_key(name), search_key=search_key(name)))
                existing.add(name.lower())
        s.flush()
        audit.record(s, "create" if created else "update", "commune_profile", p.uuid, data.commune_display)
    return data


def guess_village_kind(name: str) -> str:
    low = name.lower()
    for prefix, kind in (("thôn", "thon"), ("bản", "ban"), ("tổ dân phố", "to_dan_pho"), ("ấp", "ap"),
                         ("khu phố", "khu_pho"), ("tổ", "to_dan_pho"), ("xóm", "thon"), ("khối", "khu_pho")):
        if low.startswith(prefix + " "):
            return kind
    return "thon"


def parse_village_list(text: str) -> list[str]:
    """Villages typed or pasted one per line (or separated by ``;``), numbering and blanks removed."""
    out: list[str] = []
    for raw in text.replace(";", "\n").splitlines():
        line = nfc(raw).strip(" \t-•*")
        while line and (line[0].isdigit() or line[0] in ".)"):
            line = line[1:].lstrip()
        if line and line not in out:
            out.append(line)
    return out
