"""The attendance sheet as an Excel file: exported to fill in, imported back (import-attendance).

The exported sheet has the class's title lines, a cell "Mã lớp" with the class's UUID, then a
header row "STT | Họ và tên | Năm sinh | Thôn, bản | <one column per session, its date> | Ghi chú"
and one row per learner with the marks already recorded (``x`` present, ``v`` absent).

:func:`import_attendance` reads such a sheet, or any sheet with a "Họ và tên" header and session
columns headed by their dates (Excel dates or ``dd/mm/yyyy``; ``dd/mm`` takes the class's year) or
by "Buổi N". Learners are found by name (accents, case and tone placement ignored; a "Năm sinh"
column tells apart two learners of the same name). Marks are read with
:func:`app.services.class_grid.parse_mark`; a blank cell changes nothing. All or nothing: any
problem (an unknown learner or session, an unreadable mark) is reported with its row and column
("Dòng 7: không tìm thấy học viên “…” trong lớp.") and nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from app.db.engine import Database
from app.domain.text import fold
from app.exchange.errors import WorkbookError
from app.exchange.import_cells import name_of, text_of
from app.exchange.workbook import Sheet, read_workbook
from app.i18n import _, format_date
from app.models import Class
from app.services.class_attendance import AttendanceSaved, attendance_grid, set_attendance
from app.services.class_grid import AttendanceGrid, GridColumn, Mark, mark_text, parse_mark
from app.services.classes import kind_name
from app.services.errors import NotFound, Problem
from app.services.setup import get_profile

_FONT = "Times New Roman"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_NAME_HEADS = {"ho va ten", "ho ten", "ho va ten hoc vien", "ten hoc vien", "hoc vien"}
_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?$")
_NUMBER = re.compile(r"^buoi\s*(?:so\s*)?(\d{1,3})$")


def _class_uuid(db: Database, class_id: int) -> str:
    with db.session() as s:
        c = s.get(Class, class_id)
        if c is None:
            raise NotFound(class_id)
        return c.uuid


def export_attendance_xlsx(db: Database, class_id: int, path: str | Path) -> Path:
    """Write the class's attendance sheet to ``path`` (.xlsx) and return it."""
    grid = attendance_grid(db, class_id)
    profile = get_profile(db)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Điểm danh")
    width = 5 + len(grid.columns)
    lines = [(profile.centre_name if profile else "").upper(), _("DANH SÁCH ĐIỂM DANH"),
             f"{kind_name(grid.kind)}: {grid.title}"]
    for r, (text, size) in enumerate(zip(lines, (12, 14, 12), strict=True), 1):
        ws.cell(r, 1, text).font = Font(name=_FONT, size=size, bold=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    ws.cell(4, 1, _("Mã lớp")).font = Font(name=_FONT, size=9, color="808080")
    ws.cell(4, 2, _class_uuid(db, class_id)).font = Font(name=_FONT, size=9, color="808080")
    ws.cell(5, 1, _("Ghi x nếu có mặt, v nếu vắng; để trống nếu chưa điểm danh.")).font = Font(
        name=_FONT, size=11, italic=True)
    heads = ["STT", _("Họ và tên"), _("Năm sinh"), _("Thôn, bản")] + [format_date(c.held_on) for c in grid.columns]
    for c, text in enumerate(heads + [_("Ghi chú")], 1):
        cell = ws.cell(6, c, text)
        cell.font, cell.border = Font(name=_FONT, size=11, bold=True), _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(grid.rows):
        values = [i + 1, row.name, row.birth_year, row.village] + [mark_text(grid.mark(i, k))
                                                                   for k in range(len(grid.columns))] + [""]
        for c, value in enumerate(values, 1):
            cell = ws.cell(7 + i, c, value)
            cell.font, cell.border = Font(name=_FONT, size=12), _BOX
            if c != 2 and c != 4:
                cell.alignment = Alignment(horizontal="center")
    for c, w in enumerate([5, 28, 9, 18] + [11] * len(grid.columns) + [14], 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "C7"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    path = Path(path)
    wb.save(path)
    return path


@dataclass(frozen=True)
class AttendanceImport:
    """What an import found: the class, learner rows and marks read, the marks that change, and
    the problems (errors: nothing was saved). ``saved`` is None on a dry run or when refused."""

    class_id: int | None
    title: str
    learners: int
    marks: int
    changes: int
    saved: AttendanceSaved | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)


def _refused(problems: list[Problem], class_id: int | None = None, title: str = "") -> AttendanceImport:
    return AttendanceImport(class_id, title, 0, 0, 0, None, tuple(problems))


def _header(sheet: Sheet) -> tuple[int, int] | None:
    """(row, column) of the learner-name header cell, 0-based."""
    for r, cells in enumerate(sheet.rows[:40]):
        for c, cell in enumerate(cells):
            if isinstance(cell.value, str) and fold(cell.value).rstrip(":") in _NAME_HEADS:
                return r, c
    return None


def _uuid_in(sheet: Sheet, last_row: int) -> str:
    for r in range(last_row):
        for c, cell in enumerate(sheet.rows[r]):
            if isinstance(cell.value, str) and fold(cell.value).rstrip(":") == "ma lop":
                return text_of(sheet.cell(r, c + 1).value)
    return ""


def _session_of(value: Any, year: int | None, by_date: dict[date, GridColumn],
                by_number: dict[int, GridColumn]) -> tuple[GridColumn | None, str | None]:
    """(session, None) for a session header; (None, None) for another column; (None, text) for
    a date the class has no session on."""
    day = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = fold(text_of(value))
        m = _DAY.match(text)
        if m and year:
            y = int(m.group(3)) if m.group(3) else year
            try:
                day = date(y + 2000 if y < 100 else y, int(m.group(2)), int(m.group(1)))
            except ValueError:
                return None, None
        elif (n := _NUMBER.match(text)) is not None:
            return by_number.get(int(n.group(1))), None if int(n.group(1)) in by_number else text_of(value)
    if day is None:
        return None, None
    return (by_date[day], None) if day in by_date else (None, format_date(day))


def import_attendance(db: Database, path: str | Path, class_id: int | None = None,
                      dry_run: bool = False) -> AttendanceImport:
    """Read an attendance sheet and save its marks for the class named in it (or ``class_id``).
    See the module documentation. Never raises for the file's content: problems are returned."""
    try:
        sheets = read_workbook(path)
    except WorkbookError as exc:
        return _refused([Problem("file", str(exc))])
    found = next(((sh, h) for sh in sheets if (h := _header(sh)) is not None), None)
    if found is None:
        return _refused([Problem("file", _("Không thấy cột “Họ và tên” trong tệp."))])
    sheet, (head_row, name_col) = found
    if class_id is None:
        uuid = _uuid_in(sheet, head_row)
        with db.session() as s:
            class_id = s.scalar(select(Class.id).where(Class.uuid == uuid)) if uuid else None
        if class_id is None:
            return _refused([Problem("class", _("Tệp không ghi mã lớp của chương trình; hãy chọn lớp."))])
    try:
        grid = attendance_grid(db, class_id)
    except NotFound:
        return _refused([Problem("class", _("Không có lớp mã {id}.").format(id=class_id))])
    return _read_marks(db, grid, sheet, head_row, name_col, dry_run)


def _read_marks(db: Database, grid: AttendanceGrid, sheet: Sheet, head_row: int, name_col: int,
                dry_run: bool) -> AttendanceImport:
    problems: list[Problem] = []
    year = grid.columns[0].held_on.year if grid.columns else None
    by_date: dict[date, GridColumn] = {}
    for col in grid.columns:
        by_date.setdefault(col.held_on, col)
    by_number = {col.number: col for col in grid.columns}
    session_cols, born_col = {}, None
    for c, cell in enumerate(sheet.rows[head_row]):
        if c == name_col:
            continue
        if isinstance(cell.value, str) and fold(cell.value).startswith("nam sinh"):
            born_col = c
            continue
        session, unknown = _session_of(cell.value, year, by_date, by_number)
        if session is not None:
            session_cols[c] = session
        elif unknown:
            problems.append(Problem("session", _("Cột {col}: lớp không có buổi học {day}.").format(
                col=get_column_letter(c + 1), day=unknown)))
    by_name: dict[str, list] = {}
    for row in grid.rows:
        by_name.setdefault(fold(row.name), []).append(row)
    marks: list[Mark] = []
    learners = 0
    for r in range(head_row + 1, len(sheet.rows)):
        name = name_of(sheet.cell(r, name_col).value)
        if not name or fold(name).startswith(("tong", "cong")):
            continue
        candidates = by_name.get(fold(name), [])
        row = _learner(candidates, sheet.cell(r, born_col).value if born_col is not None else None)
        if row is None:
            message = (_("Dòng {row}: không tìm thấy học viên “{name}” trong lớp.") if not candidates else
                       _("Dòng {row}: lớp có {n} học viên tên “{name}”; ghi đúng năm sinh để phân biệt."))
            problems.append(Problem("learner", message.format(row=r + 1, name=name, n=len(candidates)), row=r + 1))
            continue
        learners += 1
        for c, session in session_cols.items():
            value = sheet.cell(r, c).value
            try:
                present = parse_mark(value)
            except ValueError:
                problems.append(Problem("mark", _("Dòng {row}, cột {col}: không hiểu “{text}” (x, 1, có: có mặt; "
                                                  "v, 0, vắng: vắng; để trống: chưa điểm danh).").format(
                    row=r + 1, col=get_column_letter(c + 1), text=text_of(value)), row=r + 1))
                continue
            if present is not None:
                marks.append((row.enrolment_id, session.session_id, present))
    changes = len(grid.with_marks(marks).changes_since(grid))
    if problems or dry_run:
        return AttendanceImport(grid.class_id, grid.title, learners, len(marks), changes, None, tuple(problems))
    saved = set_attendance(db, grid.class_id, marks, by=_("nhập từ tệp Excel"))
    return AttendanceImport(grid.class_id, grid.title, learners, len(marks), changes, saved, ())


def _learner(candidates: list, born: Any):
    """The one learner of that name, or the one with the birth year given; None otherwise."""
    if len(candidates) == 1:
        return candidates[0]
    year = text_of(born)
    same = [r for r in candidates if year and str(r.birth_year) == year]
    return same[0] if len(same) == 1 else None
