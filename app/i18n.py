"""Translations (gettext catalogues read with Babel) and Vietnamese formatting of dates and numbers.

The program's source strings are Vietnamese, its primary language; ``resources/translations/en.po``
carries the English. ``_`` looks the string up in the current language at call time, so labels
built at start-up follow :func:`set_language`. ``N_`` only marks a constant for extraction.
"""

from __future__ import annotations

import gettext
import io
import os
from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from app.paths import resources_dir

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

_language = os.environ.get("APP_LANG", DEFAULT_LANGUAGE)
if _language not in LANGUAGES:
    _language = DEFAULT_LANGUAGE


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``language``: a .mo beside the .po if present, else the .po."""
    folder = resources_dir() / "translations"
    mo = folder / f"{language}.mo"
    po = folder / f"{language}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def set_language(language: str) -> None:
    global _language
    _language = language if language in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _catalogue(_language).gettext(message)


def N_(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(_language).ngettext(singular, plural, n)


def babel_locale() -> Locale:
    return Locale.parse("vi_VN" if _language == "vi" else "en_GB")


def format_number(value: float | int, decimals: int | None = None) -> str:
    """``1284`` → ``1.284``; ``72.5`` → ``72,5`` in Vietnamese."""
    if decimals is None:
        return format_decimal(value, locale=babel_locale())
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale=babel_locale())


def format_percent(value: float | None, decimals: int = 1) -> str:
    """A percentage given in percent units: ``72.5`` → ``72,5 %``; None → ``—``."""
    if value is None:
        return "—"
    return f"{format_number(round(value, decimals), decimals)} %"


def format_date(value: date | datetime | None) -> str:
    """Dates in lists and forms: ``22/11/2026`` (both languages use day first here)."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y %H:%M")


def document_date(value: date, place: str | None = None) -> str:
    """The official date line of NĐ 30/2020: ``Chiềng Mung, ngày 05 tháng 01 năm 2026``.

    Days below 10 and months 1 and 2 get a leading zero; other months do not.
    """
    day = f"{value.day:02d}"
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {day} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text
