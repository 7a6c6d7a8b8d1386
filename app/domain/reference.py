"""Reference lists shipped with the program, and the fixed choice lists of the forms.

The CSV files in ``resources/reference/`` are copies of the project's researched lists: the 34
provincial units from 01/07/2025, the 63 provinces before (with the 3-digit prefix they give to
personal identification numbers) and the 54 ethnic groups with their GSO 2008 codes. They are read
once per process. The ``find_*`` functions map spellings seen in commune Excel files to codes; they
return ``None`` when unsure, so the importer can ask the user.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.domain.text import fold, sort_key
from app.i18n import N_, _
from app.paths import resources_dir

__all__ = [
    "resources_dir",
    "Province",
    "OldProvince",
    "EthnicGroup",
    "provinces_2025",
    "provinces_pre2025",
    "cccd_prefixes",
    "ethnic_groups",
    "find_ethnic_group",
    "EDUCATION_LEVELS",
    "find_education_level",
    "RELATIONS",
    "find_relation",
    "UNIT_KINDS",
    "VILLAGE_KINDS",
    "label_for",
]


@dataclass(frozen=True)
class Province:
    """A provincial unit from 01/07/2025 (QĐ 19/2025): 2-digit code, short name ("Tuyên Quang"),
    current full name ("Tỉnh Tuyên Quang") and the codes of the pre-2025 provinces it was formed from."""

    code: str
    name: str
    full_name: str
    formed_from: tuple[str, ...]
    unit_type: str


@dataclass(frozen=True)
class OldProvince:
    """One of the 63 provinces before 01/07/2025 (QĐ 124/2004), with its ID-number prefix ("001")."""

    code: str
    name: str
    full_name: str
    cccd_prefix: str


@dataclass(frozen=True)
class EthnicGroup:
    """One of the 54 ethnic groups: the GSO 2008 code (QĐ 1019/QĐ-TCTK), the official name, other
    spellings used to recognise it, and the 1979 code (QĐ 121-TCTK), which differs."""

    code: str
    name: str
    aliases: tuple[str, ...]
    code_1979: str


def _rows(file_name: str) -> list[dict[str, str]]:
    path: Path = resources_dir() / "reference" / file_name
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def provinces_2025() -> list[Province]:
    """The 34 provincial units in code order. Treat the list as read-only (it is shared)."""
    result = []
    for row in _rows("provinces_2025.csv"):
        formed = row["formed_from_pre2025_provinces(code name; derived from retained commune codes)"]
        result.append(
            Province(
                code=row["code"],
                name=row["name"],
                full_name=row["full_name_2026_07"] or row["full_name_2025_07_01"],
                formed_from=tuple(part.split(" ", 1)[0] for part in formed.split(";") if part.strip()),
                unit_type=row["unit_type_2025_07_01"],
            )
        )
    return result


@cache
def provinces_pre2025() -> list[OldProvince]:
    """The 63 provinces before the 2025 merger, in code order. Read-only (shared)."""
    return [
        OldProvince(row["code"], row["name"], row["full_name"], row["cccd_prefix_3digit"])
        for row in _rows("provinces_pre2025.csv")
    ]


@cache
def cccd_prefixes() -> frozenset[str]:
    """The 63 valid first-three-digit province codes of a personal identification number."""
    return frozenset(p.cccd_prefix for p in provinces_pre2025())


# --- Ethnic groups ---------------------------------------------------------------------------------

# Names never offered or matched: pejorative exonyms found in old lists.
_EXCLUDED_ALIASES = frozenset({"meo", "man"})

# Spellings seen in the wild that the CSV does not carry.
_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "05": ("Khơ-me", "Khơ Me"),
    "08": ("H'Mông", "HMông", "Hmong"),
    "10": ("Jrai", "J'rai", "Jarai"),
    "12": ("Bahnar",),
    "15": ("K'Ho", "Koho"),
    "16": ("Sedang",),
    "23": ("Khmu",),
    "24": ("Vân Kiều", "Bru"),
    "25": ("Katu", "Ka Tu"),
    "27": ("Pa Cô",),
    "41": ("Pà Hưng",),
}


def _compact(text: str | None) -> str:
    """Folded letters and digits only: "H'Mông" → "hmong", "Khơ Me" → "khome"."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _split_spellings(cell: str) -> list[str]:
    """Names in a CSV cell: "HMông (Mèo); H'Mông" → ["HMông", "H'Mông"]; parenthesised names are kept as aliases
    unless excluded ("Kinh (Việt)" gives "Việt", "HMông (Mèo)" drops "Mèo")."""
    found = []
    for spelling in cell.split(";"):
        outside = re.sub(r"\(.*?\)", " ", spelling)
        inside = " - ".join(re.findall(r"\((.*?)\)", spelling))
        found.append(outside.strip())
        found.extend(p.strip() for p in inside.split(" - "))
    return [s for s in found if s and _compact(s) not in _EXCLUDED_ALIASES]


@cache
def ethnic_groups() -> list[EthnicGroup]:
    """The 54 groups in GSO 2008 code order. Read-only (shared)."""
    result = []
    for row in _rows("ethnic-groups.csv"):
        code, name = row["code_gso_2008"], row["name"]
        spellings = _split_spellings(row["name_1979_spelling"]) + _split_spellings(
            row["other_spellings_seen"]
        )
        aliases = list(dict.fromkeys(s for s in spellings + list(_EXTRA_ALIASES.get(code, ())) if s != name))
        result.append(EthnicGroup(code, name, tuple(aliases), row["code_1979"]))
    return result


@cache
def _ethnic_index() -> dict[str, EthnicGroup]:
    index: dict[str, EthnicGroup] = {}
    for group in ethnic_groups():
        for spelling in (group.name, *group.aliases):
            index.setdefault(_compact(spelling), group)
    return index


def find_ethnic_group(text: str | None) -> EthnicGroup | None:
    """The group named by ``text``, ignoring case, diacritics, spaces, hyphens, apostrophes, a
    leading "dân tộc"/"DT"/"người" and a parenthesised note: "Thai" → Thái, "H'Mông"/"Hmong" →
    Mông, "Khơ Me" → Khmer, "ê đê" → Ê Đê, "Kinh (Việt)" → Kinh. ``None`` when nothing matches."""
    index = _ethnic_index()
    key = _compact(text)
    if key not in index:
        key = _compact(re.sub(r"\(.*?\)", " ", text or ""))  # "Kinh (Việt)"
    if key in index:
        return index[key]
    for prefix in ("dantoc", "nguoi", "dt"):
        if key.startswith(prefix) and key[len(prefix) :] in index:
            return index[key[len(prefix) :]]
    return None


# --- Choice lists ----------------------------------------------------------------------------------

EDUCATION_LEVELS: tuple[tuple[str, str], ...] = (
    ("mu_chu", N_("Mù chữ")),
    ("biet_chu", N_("Biết chữ")),
    ("tieu_hoc", N_("Tiểu học")),
    ("thcs", N_("Trung học cơ sở")),
    ("thpt", N_("Trung học phổ thông")),
    ("trung_cap", N_("Trung cấp")),
    ("cao_dang", N_("Cao đẳng")),
    ("dai_hoc", N_("Đại học")),
    ("sau_dai_hoc", N_("Sau đại học")),
)

# Compact folded spellings (see _compact) → education code.
_EDUCATION_WORDS: dict[str, str] = {
    **dict.fromkeys(["muchu", "mc", "chuabietchu", "khongbietchu"], "mu_chu"),
    **dict.fromkeys(["bietchu", "xoamuchu"], "biet_chu"),
    **dict.fromkeys(["tieuhoc", "th", "cap1", "c1"], "tieu_hoc"),
    **dict.fromkeys(["trunghoccoso", "thcs", "cap2", "c2"], "thcs"),
    **dict.fromkeys(["trunghocphothong", "thpt", "cap3", "c3"], "thpt"),
    **dict.fromkeys(["trungcap", "tc", "tcn", "trungcapnghe", "thcn", "trunghocchuyennghiep"], "trung_cap"),
    **dict.fromkeys(["caodang", "cd", "cdn", "caodangnghe"], "cao_dang"),
    **dict.fromkeys(["daihoc", "dh", "cunhan", "kysu", "bacsi"], "dai_hoc"),
    **dict.fromkeys(["saudaihoc", "thacsi", "ths", "tiensi", "ts", "pgs", "gs"], "sau_dai_hoc"),
}
_EDUCATION_PREFIXES = ("totnghiep", "trinhdo", "tn")
_GRADE = re.compile(r"^(?:lop)?(\d{1,2})(?:/(10|12))?$")


def _grade_level(grade: int, system: int) -> str | None:
    """The level reached by someone whose highest grade is ``grade`` of a 12- or (older northern)
    10-year system: 1–5/12 tiểu học, 6–9/12 THCS, 10–12/12 THPT; 1–4/10, 5–7/10, 8–10/10."""
    if not 1 <= grade <= system:
        return None
    primary_end, lower_secondary_end = (5, 9) if system == 12 else (4, 7)
    if grade <= primary_end:
        return "tieu_hoc"
    return "thcs" if grade <= lower_secondary_end else "thpt"


def find_education_level(text: str | None) -> str | None:
    """The education code for a spelling from a commune file: "12/12" → thpt, "9/12" → thcs,
    "ĐH" → dai_hoc, "CĐ" → cao_dang, "TC" → trung_cap, "Thạc sĩ" → sau_dai_hoc, "MC" → mu_chu,
    "Tốt nghiệp THCS" → thcs. ``None`` when not recognised."""
    key = "".join(ch for ch in fold(text) if ch.isalnum() or ch == "/")
    grade = _GRADE.match(key)
    if grade:
        return _grade_level(int(grade.group(1)), int(grade.group(2) or 12))
    key = key.replace("/", "")
    if key in _EDUCATION_WORDS:
        return _EDUCATION_WORDS[key]
    for prefix in _EDUCATION_PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in _EDUCATION_WORDS:
            return _EDUCATION_WORDS[key[len(prefix) :]]
    return None


RELATIONS: tuple[tuple[str, str], ...] = (
    ("head", N_("Chủ hộ")),
    ("wife", N_("Vợ")),
    ("husband", N_("Chồng")),
    ("child", N_("Con")),
    ("father", N_("Bố")),
    ("mother", N_("Mẹ")),
    ("grandchild", N_("Cháu")),
    ("child_in_law", N_("Con dâu/Con rể")),
    ("sibling", N_("Anh/Chị/Em")),
    ("grandparent", N_("Ông/Bà")),
    ("other", N_("Khác")),
)

_RELATION_SPELLINGS: dict[str, tuple[str, ...]] = {
    "head": ("Chủ hộ", "CH", "Chủ hộ gia đình"),
    "wife": ("Vợ",),
    "husband": ("Chồng",),
    "child": (
        "Con", "Con đẻ", "Con ruột", "Con trai", "Con gái", "Con nuôi", "Con riêng",
        "Con trưởng", "Con thứ", "Con út",
    ),
    "father": ("Bố", "Bố đẻ", "Cha", "Cha đẻ", "Ba", "Bố nuôi", "Cha nuôi", "Bố dượng", "Cha dượng"),
    "mother": ("Mẹ", "Mẹ đẻ", "Má", "Mẹ nuôi", "Mẹ kế"),
    "grandchild": ("Cháu", "Cháu nội", "Cháu ngoại", "Cháu ruột"),
    "child_in_law": ("Con dâu", "Con rể", "Con dâu/Con rể"),
    "sibling": (
        "Anh", "Chị", "Em", "Anh trai", "Chị gái", "Em trai", "Em gái", "Anh ruột", "Chị ruột",
        "Em ruột", "Anh/Chị/Em",
    ),
    "grandparent": ("Ông", "Bà", "Ông nội", "Bà nội", "Ông ngoại", "Bà ngoại", "Ông/Bà"),
    "other": (
        "Khác", "Chắt", "Cô", "Dì", "Chú", "Bác", "Cậu", "Mợ", "Thím", "Dượng", "Anh rể",
        "Chị dâu", "Em rể", "Em dâu", "Người ở nhờ", "Ở nhờ", "Cháu dâu", "Cháu rể",
    ),
}  # fmt: skip


@cache
def _relation_index() -> tuple[dict[str, str], dict[str, str]]:
    """(exact, folded) spellings → code. The exact key keeps tones but ignores case and tone
    placement; a folded key shared by two relations ("ba": Ba father, Bà grandparent) is left out."""
    exact: dict[str, str] = {}
    folded: dict[str, str | None] = {}
    for code, spellings in _RELATION_SPELLINGS.items():
        for spelling in spellings:
            exact[sort_key(spelling)] = code
            key = _compact(spelling)
            folded[key] = code if folded.get(key, code) == code else None
    return exact, {k: v for k, v in folded.items() if v}


def find_relation(text: str | None) -> str | None:
    """The relation-to-head code for a spelling: "CH", "chủ hộ", "Chu ho" → head; "Con đẻ",
    "Con gái", "Con nuôi" → child; "Cha" → father; "Cháu nội" → grandchild; "Con rể" →
    child_in_law; "Em" → sibling; "Bà" → grandparent; "Chú" → other. Case and diacritics are
    ignored except where only the tone tells two relations apart. ``None`` when not recognised."""
    exact, folded = _relation_index()
    return exact.get(sort_key(text)) or folded.get(_compact(text))


UNIT_KINDS: tuple[tuple[str, str], ...] = (
    ("office", N_("Cơ quan")),
    ("school", N_("Trường học")),
    ("enterprise", N_("Doanh nghiệp")),
    ("cooperative", N_("Hợp tác xã")),
    ("health_station", N_("Trạm y tế")),
    ("other", N_("Khác")),
)

VILLAGE_KINDS: tuple[tuple[str, str], ...] = (
    ("thon", N_("Thôn")),
    ("ban", N_("Bản")),
    ("to_dan_pho", N_("Tổ dân phố")),
    ("ap", N_("Ấp")),
    ("khu_pho", N_("Khu phố")),
    ("other", N_("Khác")),
)


def label_for(choices: tuple[tuple[str, str], ...], code: str | None) -> str:
    """The translated label of ``code`` in one of the choice lists above; ``""`` if absent."""
    for choice_code, label in choices:
        if choice_code == code:
            return _(label)
    return ""
