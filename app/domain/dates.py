"""Parsing the dates people type or find in Excel: a year, or a day-first date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from app.i18n import _

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})(?:\.0+)?\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


@dataclass(frozen=True)
class BirthValue:
    """What a birth cell or field said: a full date, or a year only; ``error`` when unreadable."""

    date: date | None = None
    year: int | None = None
    error: str | None = None

    @property
    def empty(self) -> bool:
        return self.date is None and self.year is None and self.error is None


def parse_birth(value) -> BirthValue:
    """Read ``1985``, ``1985.0``, ``"1985"``, ``"15/03/1985"`` (day first), ``"1985-03-15"``,
    or a date/datetime object. Blank gives an empty value; anything else an error message."""
    if value is None:
        return BirthValue()
    if isinstance(value, datetime):
        return BirthValue(value.date(), value.year)
    if isinstance(value, date):
        return BirthValue(value, value.year)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return BirthValue(None, int(value))
        return BirthValue(error=_("Năm sinh “{value}” không hợp lệ.").format(value=_show(value)))
    text = str(value).strip()
    if not text:
        return BirthValue()
    if m := _YEAR.match(text):
        return BirthValue(None, int(m.group(1)))
    for pattern, order in ((_DMY, (3, 2, 1)), (_ISO, (1, 2, 3))):
        if m := pattern.match(text):
            y, mo, d = (int(m.group(i)) for i in order)
            try:
                return BirthValue(date(y, mo, d), y)
            except ValueError:
                break
    return BirthValue(error=_("Năm sinh “{value}” không hợp lệ.").format(value=text))


def _show(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_birth(d: date | None, year: int | None) -> str:
    """``15/03/1985`` for a full date, ``1985`` for a year only."""
    if d:
        return d.strftime("%d/%m/%Y")
    return str(year) if year else ""
