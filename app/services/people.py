"""Persons (nhân khẩu): the input type, its cleaning and validation, shared by forms and imports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.idnumber import check_id_number
from app.domain.names import join_name, split_full_name
from app.domain.text import fold, nfc, person_sort_key
from app.i18n import _
from app.models import Household, Person
from app.services.errors import Problem

STATUSES = ("alive", "moved", "deceased")


@dataclass(frozen=True)
class PersonInput:
    """What a form or an import row says of a person. Strings may be raw (NFD, extra spaces)."""

    full_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    given_name: str = ""
    sex: str = ""
    birth_date: date | None = None
    birth_year: int | None = None
    relation: str = "other"
    ethnic_code: str = ""
    education_level: str = ""
    in_school: bool = False
    occupation: str = ""
    id_number: str = ""
    phone: str = ""
    status: str = "alive"
    status_date: date | None = None
    notes: str = ""
    id: int | None = None


def clean_person(p: PersonInput) -> PersonInput:
    """NFC everywhere; name parts from the full name (or the reverse); birth year from the date."""
    full = nfc(p.full_name)
    fam, mid, giv = nfc(p.family_name), nfc(p.middle_name), nfc(p.given_name)
    if full and not (fam or mid or giv):
        fam, mid, giv = split_full_name(full)
    elif not full:
        full = join_name(fam, mid, giv)
    year = p.birth_date.year if p.birth_date else p.birth_year
    id_number = "".join(ch for ch in nfc(p.id_number) if not ch.isspace() and ch != ".")
    return replace(
        p,
        full_name=full,
        family_name=fam,
        middle_name=mid,
        given_name=giv,
        birth_year=year,
        id_number=id_number,
        occupation=nfc(p.occupation),
        phone=nfc(p.phone),
        notes=nfc(p.notes),
    )


def validate_person(p: PersonInput, row: int | None = None, today: date | None = None) -> list[Problem]:
    """Problems of one (cleaned) person on its own; household-level checks are elsewhere."""
    today = today or date.today()
    out: list[Problem] = []
    if not p.full_name:
        out.append(Problem("full_name", _("Hãy nhập họ và tên."), row=row))
    if p.birth_date and p.birth_date > today:
        out.append(Problem("birth_date", _("Ngày sinh không thể sau ngày hôm nay."), row=row))
    if p.birth_year is not None:
        if p.birth_year > today.year:
            out.append(Problem("birth_year", _("Năm sinh không thể sau năm hiện tại."), row=row))
        elif p.birth_year < 1900:
            out.append(Problem("birth_year", _("Năm sinh {year} không hợp lệ.").format(year=p.birth_year), row=row))
    if p.sex not in ("", "M", "F"):
        out.append(Problem("sex", _("Giới tính không hợp lệ."), row=row))
    if p.status not in STATUSES:
        out.append(Problem("status", _("Tình trạng không hợp lệ."), row=row))
    if p.id_number:
        check = check_id_number(p.id_number, sex=p.sex or None, birth_year=p.birth_year)
        out += [Problem("id_number", m, "error", row) for m in check.errors]
        out += [Problem("id_number", m, "warning", row) for m in check.warnings]
    return out


def apply_person(target: Person, p: PersonInput) -> None:
    """Copy a cleaned input onto a Person row, with its folded and sort keys."""
    for f in ("full_name", "family_name", "middle_name", "given_name", "sex", "birth_date", "birth_year",
              "relation", "ethnic_code", "education_level", "in_school", "occupation", "id_number",
              "phone", "status", "status_date", "notes"):
        setattr(target, f, getattr(p, f))
    target.name_fold = fold(p.full_name)
    target.sort_key = person_sort_key(p.given_name, p.middle_name, p.family_name)


def duplicate_problems(
    s: Session, p: PersonInput, village_id: int | None, row: int | None, exclude_ids: set[int]
) -> list[Problem]:
    """Warnings for a possible duplicate: same folded name and birth year in the same village,
    or the same personal ID number anywhere."""
    out: list[Problem] = []
    if p.full_name and p.birth_year and village_id:
        q = (
            select(Person.id, Person.full_name, Household.code)
            .join(Household, Person.household_id == Household.id)
            .where(Person.name_fold == fold(p.full_name), Person.birth_year == p.birth_year,
                   Household.village_id == village_id)
        )
        for pid, name, code in s.execute(q):
            if pid not in exclude_ids:
                out.append(Problem(
                    "full_name",
                    _("Có thể trùng với {name} ({year}) ở hộ {code}.").format(name=name, year=p.birth_year, code=code),
                    "warning", row, f"person:{pid}"))
    if len(p.id_number) == 12:
        for pid, name in s.execute(select(Person.id, Person.full_name).where(Person.id_number == p.id_number)):
            if pid not in exclude_ids:
                out.append(Problem(
                    "id_number",
                    _("Số định danh này đã có ở {name}.").format(name=name),
                    "warning", row, f"person:{pid}"))
    return out
