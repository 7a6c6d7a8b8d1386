"""Reading one person from the raw cell values of a row: names, sex, birth, codes, with problems.

:func:`person_from_raw` takes the values a row holds for each mapping field (``raw``: field →
value, after the user's fixes) and returns a cleaned :class:`~app.services.people.PersonInput` and
``(field, message, level)`` problems. Values come as Excel holds them: years as ``1985``,
``1985.0`` or ``"1985"``, dates as ``datetime`` or ``"15/03/1985"`` (day first), ID numbers as
numbers that lost their leading zero. Spellings of ethnicity, education and relation are read
with the reference lists (``find_ethnic_group``, ``find_education_level``, ``find_relation``).
Pure functions, any thread.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from app.domain.dates import BirthValue, parse_birth
from app.domain.idnumber import normalize_id_number
from app.domain.reference import find_education_level, find_ethnic_group, find_relation
from app.domain.text import fold, nfc, title_case_name
from app.exchange.import_model import ERROR, WARNING
from app.exchange.workbook import is_blank
from app.i18n import _
from app.services.people import PersonInput, clean_person, validate_person

Issue = tuple[str, str, str]  # field, message, level

_EXCEL_EPOCH = date(1899, 12, 30)

_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '’.\-][^\W\d_]*)*$")
_SEX = {
    **dict.fromkeys(["nam", "m", "male", "trai", "nam gioi"], "M"),
    **dict.fromkeys(["nu", "f", "female", "gai", "nu gioi"], "F"),
    **dict.fromkeys(["chua ro", "khong ro", "?", "-"], ""),
}
_SEX_FROM_RELATION = {"wife": "F", "husband": "M", "father": "M", "mother": "F"}
_SEX_FROM_WORDS = {"con trai": "M", "con gai": "F", "anh trai": "M", "chi gai": "F", "em trai": "M",
                   "em gai": "F", "con re": "M", "con dau": "F"}


@lru_cache(maxsize=4096)
def relation_code(text: str) -> str | None:
    """``find_relation`` remembered: a list repeats a dozen spellings thousands of times."""
    return find_relation(text)


@lru_cache(maxsize=4096)
def _ethnic_code(text: str) -> str | None:
    group = find_ethnic_group(text)
    return group.code if group else None


@lru_cache(maxsize=4096)
def _education_code(text: str) -> str | None:
    return find_education_level(text)


def text_of(value: Any) -> str:
    """A cell as text in NFC with single spaces: whole floats lose their ".0", dates read
    ``dd/mm/yyyy``, None is ""."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def name_of(value: Any) -> str:
    """A person's or village's name: NFC, single spaces, and title case when typed all in capitals
    ("NGUYỄN VĂN AN" → "Nguyễn Văn An"); mixed case stays as typed."""
    text = text_of(value)
    return title_case_name(text) if text.isupper() else text


def digits_of(value: Any, width: int | None = None) -> str:
    """Digits typed as a number or text; a number narrower than ``width`` gets its leading zeros
    back (Excel drops them): ``14085001234`` → ``"014085001234"`` for width 12."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return text_of(value)
        digits = str(int(value))
        return digits.zfill(width) if width and len(digits) == width - 1 else digits
    return normalize_id_number(text_of(value))


def sex_of(value: Any) -> str | None:
    """"M", "F", "" (said unknown: "chưa rõ") or None (not understood) from a sex cell."""
    return _SEX.get(fold(text_of(value)))


def count_of(value: Any) -> int | None:
    text = text_of(value)
    return int(text) if text.isdigit() else None


def _birth(raw: dict[str, Any], issues: list[Issue]) -> tuple[BirthValue, str | None]:
    """The birth value and the sex its column tells (Nam/Nữ columns), with problems."""
    if raw.get("birth_conflict"):
        issues.append(("birth", _("Năm sinh ghi ở cả cột Nam và cột Nữ; chỉ ghi ở một cột."), ERROR))
        return BirthValue(), None
    value = raw.get("birth")
    if is_blank(value):
        return BirthValue(), raw.get("birth_sex")
    if isinstance(value, str):
        value = value.strip().lstrip("'")
    year_as_date = _year_typed_into_a_date_cell(value)
    if year_as_date:
        issues.append(("birth", _("Ô năm sinh định dạng ngày tháng ({shown}); hiểu là năm {year}.").format(
            shown=text_of(value), year=year_as_date), WARNING))
        value = year_as_date
    parsed = parse_birth(value)
    if parsed.error:
        issues.append(("birth", parsed.error, ERROR))
    return parsed, raw.get("birth_sex")


def _year_typed_into_a_date_cell(value: Any) -> int | None:
    """1985 typed into a cell formatted as a date shows as 07/06/1905: give the year back."""
    if isinstance(value, (date, datetime)) and value.year < 1910:
        day = value.date() if isinstance(value, datetime) else value
        serial = (day - _EXCEL_EPOCH).days
        if 1900 <= serial <= 2100:
            return serial
    return None


def _sex(raw: dict[str, Any], from_birth: str | None, relation_text: str, issues: list[Issue]) -> str:
    """Sex from, in order: the sex column, tick columns, the Nam/Nữ year column, the relation."""
    if "sex" in raw:
        said = sex_of(raw["sex"])
        if said is None:
            issues.append(("sex", _("Giới tính “{value}” không rõ; ghi Nam hoặc Nữ.").format(
                value=text_of(raw["sex"])), WARNING))
        else:
            if said and from_birth and said != from_birth:
                issues.append(("sex", _("Cột giới tính khác với cột năm sinh Nam/Nữ; lấy theo cột giới tính."),
                               WARNING))
            return said
    ticks = [s for f, s in (("sex_male", "M"), ("sex_female", "F")) if not is_blank(raw.get(f))]
    if len(ticks) == 1:
        return ticks[0]
    if len(ticks) == 2:
        issues.append(("sex", _("Đánh dấu cả cột Nam và cột Nữ."), WARNING))
    if from_birth:
        return from_birth
    words = fold(relation_text)
    return _SEX_FROM_WORDS.get(words) or _SEX_FROM_RELATION.get(relation_code(relation_text) or "", "")


def _relation(raw: dict[str, Any], default: str, issues: list[Issue]) -> str:
    text = text_of(raw.get("relation"))
    if not text:
        return default
    code = relation_code(text)
    if code is None:
        issues.append(("relation", _("Quan hệ với chủ hộ “{value}” không nhận ra; ghi là “Khác”.").format(
            value=text), WARNING))
        return "other"
    return code


def _coded(raw: dict[str, Any], name: str, issues: list[Issue]) -> str:
    """The ethnicity or education code of a cell ("" with a warning when not recognised)."""
    text = text_of(raw.get(name))
    if not text:
        return ""
    if name == "ethnicity":
        code = _ethnic_code(text)
        if code:
            return code
        issues.append((name, _("Dân tộc “{value}” không có trong danh mục 54 dân tộc; để trống.").format(
            value=text), WARNING))
        return ""
    code = _education_code(text)
    if code is None:
        issues.append((name, _("Trình độ học vấn “{value}” không nhận ra; để trống.").format(value=text), WARNING))
        return ""
    return code


def _id_number(raw: dict[str, Any], issues: list[Issue]) -> str:
    value = raw.get("id_number")
    if is_blank(value):
        return ""
    number = digits_of(value, 12)
    if isinstance(value, (int, float)) and len(number) == 8:  # an old CMND that lost its zero
        number = number.zfill(9)
    if isinstance(value, (int, float)) and number != str(int(value)):
        issues.append(("id_number", _("Số định danh bị Excel bỏ số 0 ở đầu; đã thêm lại: {value}.").format(
            value=number), WARNING))
    return number


def person_from_raw(
    raw: dict[str, Any], default_relation: str, today: date, relation_column: bool = True
) -> tuple[PersonInput, list[Issue]]:
    """The cleaned person a row describes and its problems. ``default_relation`` is used when the
    relation cell is empty ("head" for the first row of a household, "other" after; an empty
    relation is only reported when the sheet has a ``relation_column``)."""
    issues: list[Issue] = []
    birth, birth_sex = _birth(raw, issues)
    relation_text = text_of(raw.get("relation"))
    relation = _relation(raw, default_relation, issues)
    if not relation_text and default_relation == "other" and relation_column:
        issues.append(("relation", _("Chưa ghi quan hệ với chủ hộ; ghi là “Khác”."), WARNING))
    full_name = name_of(raw.get("full_name"))
    if full_name and not _NAME_CHARS.match(full_name):
        issues.append(("full_name", _("Họ và tên “{value}” có ký tự lạ.").format(value=full_name), WARNING))
    person = clean_person(PersonInput(
        full_name=full_name,
        sex=_sex(raw, birth_sex, relation_text, issues),
        birth_date=birth.date, birth_year=birth.year, relation=relation,
        ethnic_code=_coded(raw, "ethnicity", issues), education_level=_coded(raw, "education", issues),
        occupation=text_of(raw.get("occupation")), id_number=_id_number(raw, issues),
        phone=digits_of(raw.get("phone"), 10) if not is_blank(raw.get("phone")) else "",
        notes=text_of(raw.get("notes")),
    ))
    for p in validate_person(person, today=today):
        if p.field == "full_name" and not full_name:
            issues.append(("full_name", _("Thiếu họ và tên."), ERROR))
            continue
        issues.append(({"birth_date": "birth", "birth_year": "birth"}.get(p.field, p.field), p.message, p.level))
    return person, issues
