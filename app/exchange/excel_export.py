"""Exporting the program's lists to .xlsx in the forms people know, readable back by the importer.

:func:`export_list` writes villages, households (with members), persons (optionally filtered),
clans or units. Household lists follow the census forms: one sheet per village, one row per
living person grouped by household, STT, the household code and the village on the head's row,
the birth year (or date) in a "Nam" or "Nữ" column under a merged "Năm sinh" header; a "Giới
tính" column is added only when someone's sex is unknown ("Chưa rõ"). Importing such a file
back gives the same households and persons, all "unchanged". Every export is recorded in the
audit trail (the data are personal). Reads in one session; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from app.db.engine import Database
from app.domain.reference import (
    EDUCATION_LEVELS,
    RELATIONS,
    UNIT_KINDS,
    VILLAGE_KINDS,
    ethnic_groups,
    label_for,
)
from app.exchange.excel_sheet import Column, ListSheet
from app.i18n import _, document_date, format_date
from app.models import Household, Person, Village
from app.services import audit
from app.services.setup import get_profile

KINDS = ("villages", "households", "persons", "clans", "units")
_INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sheets: int
    rows: int


def export_list(db: Database, kind: str, path: str | Path, filters=None, *, today: date | None = None) -> ExportResult:
    """Write the list ``kind`` (one of :data:`KINDS`) to the .xlsx file ``path``.

    ``filters`` is an :class:`app.services.persons.PersonFilter` for ``persons`` (default: living
    persons). Overwrites ``path``. Raises ValueError for an unknown kind, OSError when the file
    cannot be written (for example, open in Excel)."""
    if kind not in KINDS:
        raise ValueError(kind)
    today = today or date.today()
    path = Path(path)
    wb = Workbook(write_only=True)
    builder = {"villages": _villages, "households": _households, "persons": _persons, "clans": _clans,
               "units": _units}[kind]
    sheets, rows = builder(db, wb, _Titles(db, today), filters)
    wb.save(path)
    with db.session() as s:
        audit.record(s, "export", kind, "", _("Xuất Excel danh sách {kind}: {rows} dòng, tệp {file}.").format(
            kind=kind, rows=rows, file=path.name), {"file": str(path), "rows": rows})
    return ExportResult(path, sheets, rows)


class _Titles:
    """The commune's title lines and the closing signature block."""

    def __init__(self, db: Database, today: date):
        profile = get_profile(db)
        self.today = today
        self.commune = profile.commune_display if profile else ""
        self.place = profile.commune_name if profile else ""

    def lines(self, heading: str) -> list[str]:
        return [_("UBND {commune}").format(commune=self.commune.upper()).strip(), heading.upper(),
                _("Ngày xuất: {date}").format(date=format_date(self.today))]

    def closing(self) -> list[tuple[str, str]]:
        return [("", document_date(self.today, self.place or None)),
                (_("NGƯỜI LẬP BIỂU"), _("XÁC NHẬN CỦA UBND XÃ"))]


def _sheet_name(name: str, used: set[str]) -> str:
    base = " ".join(name.translate(_INVALID_SHEET_CHARS).split())[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


# --- Households and persons -----------------------------------------------------------------------------

_PERSON_FIELDS = (Person.id, Person.household_id, Person.full_name, Person.sex, Person.birth_date,
                  Person.birth_year, Person.relation, Person.ethnic_code, Person.education_level,
                  Person.occupation, Person.id_number, Person.phone, Person.notes)


def _person_columns(with_sex: bool, household_first: bool) -> list[Column]:
    cols = [Column(_("STT"), 6, "number"), Column(_("Họ và tên"), 26),
            Column(_("Nam"), 11, "year_or_date", _("Năm sinh")), Column(_("Nữ"), 11, "year_or_date", _("Năm sinh"))]
    if with_sex:
        cols.append(Column(_("Giới tính"), 9))
    cols += [Column(_("Quan hệ với chủ hộ"), 14), Column(_("Dân tộc"), 10), Column(_("Trình độ học vấn"), 16),
             Column(_("Nghề nghiệp"), 16), Column(_("Số định danh"), 16), Column(_("Điện thoại"), 13),
             Column(_("Mã hộ"), 12), Column(_("Thôn, bản"), 16)]
    if household_first:
        cols.append(Column(_("Địa chỉ"), 20))
    cols.append(Column(_("Ghi chú"), 16))
    return cols


def _person_values(p, with_sex: bool) -> list:
    """Cells of a person after STT and before the household columns."""
    birth = p.birth_date or p.birth_year
    values = [p.full_name, birth if p.sex == "M" or (p.sex == "" and birth) else None, birth if p.sex == "F" else None]
    if with_sex:
        values.append({"M": _("Nam"), "F": _("Nữ")}.get(p.sex, _("Chưa rõ")))
    ethnic = {g.code: g.name for g in ethnic_groups()}
    return values + [label_for(RELATIONS, p.relation), ethnic.get(p.ethnic_code, ""),
                     label_for(EDUCATION_LEVELS, p.education_level), p.occupation, p.id_number, p.phone]


def _households(db: Database, wb: Workbook, titles: _Titles, _filters) -> tuple[int, int]:
    with db.session() as s:
        households = s.execute(select(Household.id, Household.code, Household.address, Village.id, Village.name)
                               .join(Village, Village.id == Household.village_id)
                               .order_by(Village.sort_key, Village.id, Household.code)).all()
        persons = s.execute(select(*_PERSON_FIELDS).where(Person.status == "alive", Person.household_id.isnot(None))
                            .order_by(Person.household_id, Person.member_order, Person.id)).all()
    members: dict[int, list] = {}
    for p in persons:
        members.setdefault(p.household_id, []).append(p)
    with_sex = any(p.sex not in ("M", "F") for p in persons)
    by_village: dict[int, list] = {}
    for h in households:
        by_village.setdefault(h[3], []).append(h)
    used: set[str] = set()
    rows = 0
    for village_households in by_village.values():
        village = village_households[0][4]
        ws = wb.create_sheet(_sheet_name(village, used))
        sheet = ListSheet(ws, _person_columns(with_sex, True), titles.lines(
            _("Danh sách hộ gia đình {village} năm {year}").format(village=village, year=titles.today.year)))
        sheet.header()
        count = 0
        for number, (hid, code, address, _vid, vname) in enumerate(village_households, 1):
            for i, p in enumerate(members.get(hid, [])):
                first = i == 0
                sheet.row([number if first else None, *_person_values(p, with_sex), code if first else None,
                           vname if first else None, address if first else None, p.notes])
                count += 1
        sheet.row([None, _("Cộng: {h} hộ, {p} nhân khẩu").format(h=len(village_households), p=count)], bold=True)
        sheet.closing(titles.closing())
        rows += count
    if not households:
        ListSheet(wb.create_sheet(_("Hộ gia đình")), _person_columns(with_sex, True),
                  titles.lines(_("Danh sách hộ gia đình"))).header()
    return max(1, len(by_village)), rows


def _persons(db: Database, wb: Workbook, titles: _Titles, filters) -> tuple[int, int]:
    from app.services.persons import PersonFilter, filter_person_rows, person_rows

    f = filters or PersonFilter()
    listed = person_rows(db)
    wanted = [listed[i][0] for i in filter_person_rows(listed, f, titles.today.year)]
    with db.session() as s:
        found = {r.id: r for r in s.execute(select(*_PERSON_FIELDS, Household.code, Village.name)
                                            .outerjoin(Household, Household.id == Person.household_id)
                                            .outerjoin(Village, Village.id == Household.village_id))}
    chosen = [found[i] for i in wanted if i in found]
    with_sex = any(p.sex not in ("M", "F") for p in chosen)
    sheet = ListSheet(wb.create_sheet(_("Nhân khẩu")), _person_columns(with_sex, False),
                      titles.lines(_("Danh sách nhân khẩu năm {year}").format(year=titles.today.year)))
    sheet.header()
    for n, p in enumerate(chosen, 1):
        sheet.row([n, *_person_values(p, with_sex), p.code, p.name, p.notes])
    sheet.closing(titles.closing())
    return 1, len(chosen)


# --- Villages, clans, units -----------------------------------------------------------------------------


def _simple(wb: Workbook, titles: _Titles, sheet_title: str, heading: str, columns: list[Column],
            rows: list[list]) -> tuple[int, int]:
    sheet = ListSheet(wb.create_sheet(sheet_title), columns, titles.lines(heading))
    sheet.header()
    for n, values in enumerate(rows, 1):
        sheet.row([n, *values])
    sheet.closing(titles.closing())
    return 1, len(rows)


def _villages(db: Database, wb: Workbook, titles: _Titles, _filters) -> tuple[int, int]:
    from app.services.villages import list_villages

    columns = [Column(_("STT"), 6, "number"), Column(_("Tên thôn, bản"), 26), Column(_("Loại"), 12),
               Column(_("Mã"), 10), Column(_("Tên cũ"), 26), Column(_("Mã cũ"), 10), Column(_("Số hộ"), 9, "number"),
               Column(_("Số nhân khẩu"), 12, "number")]
    rows = [[v.name, label_for(VILLAGE_KINDS, v.kind), v.code, v.old_name, v.old_code, v.households, v.persons]
            for v in list_villages(db)]
    return _simple(wb, titles, _("Thôn, bản"), _("Danh sách thôn, bản"), columns, rows)


def _clans(db: Database, wb: Workbook, titles: _Titles, _filters) -> tuple[int, int]:
    from app.services.clans import clan_rows

    columns = [Column(_("STT"), 6, "number"), Column(_("Tên dòng họ"), 26), Column(_("Trưởng họ"), 26),
               Column(_("Số hộ"), 9, "number"), Column(_("Số thôn, bản"), 12, "number")]
    rows = [[c.name, c.head_name, c.households, c.villages] for c in clan_rows(db)]
    return _simple(wb, titles, _("Dòng họ"), _("Danh sách dòng họ"), columns, rows)


def _units(db: Database, wb: Workbook, titles: _Titles, _filters) -> tuple[int, int]:
    from app.services.units import unit_rows

    columns = [Column(_("STT"), 6, "number"), Column(_("Tên đơn vị"), 32), Column(_("Loại"), 14),
               Column(_("Thôn, bản"), 18), Column(_("Người đứng đầu"), 24), Column(_("Số người"), 10, "number")]
    rows = [[u.name, label_for(UNIT_KINDS, u.kind), u.village, u.head_name, u.staff] for u in unit_rows(db)]
    return _simple(wb, titles, _("Đơn vị"), _("Danh sách đơn vị"), columns, rows)
