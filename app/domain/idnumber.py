"""Checking a personal identification number (số định danh cá nhân / căn cước, 12 digits).

Structure (NĐ 137/2015, TT 07/2016/TT-BCA; unchanged by the 2025 merger): digits 1–3 are "0" and
the pre-2025 code of the province where the birth was registered, digit 4 is century and sex
(0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, …), digits 5–6 the last two digits of the
birth year, digits 7–12 random. There is no check digit. Only the form of the number is refused;
a disagreement with the person's other data is a warning, since old records hold errors. The old
9-digit CMND is accepted with a warning: it is not unique and changes when a person moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.reference import cccd_prefixes
from app.i18n import _

__all__ = ["IdCheck", "check_id_number", "normalize_id_number"]

SEX_MALE = "M"
SEX_FEMALE = "F"
_REMOVED = str.maketrans("", "", " .\u00a0\t")


@dataclass(frozen=True)
class IdCheck:
    """The outcome of :func:`check_id_number`: the number to store (``normalized``), refusals
    (``errors``) and mismatches the user may accept (``warnings``)."""

    normalized: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the number may be saved (there may still be warnings)."""
        return not self.errors

    @property
    def is_old_cmnd(self) -> bool:
        """True for a 9-digit old identity card (CMND) number."""
        return not self.errors and len(self.normalized) == 9


def normalize_id_number(id_number: str | None) -> str:
    """The number as stored: spaces and dots removed, and Excel's leading apostrophe."""
    return (id_number or "").translate(_REMOVED).lstrip("'")


def _sex_label(sex: str) -> str:
    return _("Nam") if sex == SEX_MALE else _("Nữ")


def _birth_warnings(number: str, sex: str | None, birth_year: int | None) -> list[str]:
    """Warnings for a 12-digit number whose digits 4–6 disagree with the sex or birth year."""
    warnings = []
    digit = int(number[3])
    coded_sex = SEX_FEMALE if digit % 2 else SEX_MALE
    first_year = 1900 + (digit // 2) * 100
    if sex in (SEX_MALE, SEX_FEMALE) and sex != coded_sex:
        warnings.append(
            _("Chữ số thứ 4 cho biết giới tính {coded}, khác với giới tính đã nhập ({entered}).").format(
                coded=_sex_label(coded_sex), entered=_sex_label(sex)
            )
        )
    if birth_year is None:
        return warnings
    if not first_year <= birth_year <= first_year + 99:
        warnings.append(
            _(
                "Chữ số thứ 4 ({digit}) cho biết năm sinh từ {first} đến {last}, không khớp năm sinh {year}."
            ).format(digit=digit, first=first_year, last=first_year + 99, year=birth_year)
        )
    if int(number[4:6]) != birth_year % 100:
        warnings.append(
            _("Chữ số 5–6 ({digits}) không khớp năm sinh {year}.").format(digits=number[4:6], year=birth_year)
        )
    return warnings


def check_id_number(id_number: str | None, *, sex: str | None, birth_year: int | None) -> IdCheck:
    """Check a personal identification number against its structure and the person's sex
    ("M"/"F", or None if unknown) and birth year (None if unknown).

    An empty number gives no errors (whether one is required is the caller's rule). Errors: not
    only digits, or neither 12 nor 9 digits. Warnings: a 9-digit old CMND; a province code not among
    the 63 old provinces; digit 4 against sex and century; digits 5–6 against the birth year.
    """
    number = normalize_id_number(id_number)
    if not number:
        return IdCheck(number)
    if not number.isascii() or not number.isdigit():
        return IdCheck(number, errors=[_("Số định danh chỉ được gồm các chữ số.")])
    if len(number) == 9:
        return IdCheck(
            number,
            warnings=[_("Đây là số CMND cũ 9 chữ số, không duy nhất; nên nhập số định danh 12 chữ số.")],
        )
    if len(number) != 12:
        return IdCheck(
            number,
            errors=[_("Số định danh phải gồm 12 chữ số (đã nhập {count}).").format(count=len(number))],
        )
    warnings = []
    if number[:3] not in cccd_prefixes():
        warnings.append(
            _("Mã tỉnh {code} ở đầu số định danh không có trong danh mục 63 tỉnh cũ.").format(code=number[:3])
        )
    warnings += _birth_warnings(number, sex, birth_year)
    return IdCheck(number, warnings=warnings)
