"""Writing one list as a printable Excel sheet in the form communes use (openpyxl, write-only).

A sheet is: title lines ("UBND XÃ …", "DANH SÁCH …", "Ngày xuất: …"), a header of one or two
rows (a :class:`Column` with a ``group`` sits under a merged group cell such as "Năm sinh" over
"Nam" | "Nữ"; the others are merged over both rows), bordered data rows, then optional closing
lines. Bold header, column widths, frozen header, A4 landscape fitted to the page width, header
rows repeated on every printed page. Text columns are stored as text (ID numbers keep their
leading zeros); dates show as dd/mm/yyyy. Write-only mode keeps 20,000 rows at a few MB of memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY = Font(name=FONT, size=12)
_BOLD = Font(name=FONT, size=12, bold=True)
_TITLE = Font(name=FONT, size=14, bold=True)
_ITALIC = Font(name=FONT, size=12, italic=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(vertical="center", wrap_text=False)


@dataclass(frozen=True)
class Column:
    """A column: its header, width (characters), kind ("text", "number", "date", "year_or_date")
    and an optional group header shared with its neighbours (two-row header)."""

    header: str
    width: float = 12
    kind: str = "text"
    group: str = ""


class ListSheet:
    """Appends a titled, bordered table to a write-only worksheet ``ws``. Call :meth:`header`,
    then :meth:`row` for each data row, then :meth:`closing`."""

    def __init__(self, ws, columns: Sequence[Column], titles: Sequence[str]):
        self.ws, self.columns = ws, list(columns)
        self.row_number = 0
        self._styles: dict[tuple, Any] = {}
        self.header_rows = 2 if any(c.group for c in columns) else 1
        for i, col in enumerate(self.columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        # A write-only sheet writes its view before the first row: freeze below the header now.
        ws.freeze_panes = f"A{len(titles) + 1 + self.header_rows + 1}"
        for i, text in enumerate(titles):
            font = _TITLE if i == 1 else (_ITALIC if i == 2 else _BOLD)
            self._line(text, font)
        self._blank()

    def _append(self, cells: list) -> None:
        self.ws.append(cells)
        self.row_number += 1

    def _cell(self, value: Any, font: Font = _BODY, alignment: Alignment | None = None,
              border: bool = False, number_format: str | None = None) -> WriteOnlyCell:
        """A styled cell. Styles are registered once per combination and copied afterwards:
        assigning a Font to each of 300,000 cells costs seconds of hashing."""
        cell = WriteOnlyCell(self.ws, value=value)
        key = (id(font), id(alignment), border, number_format)
        style = self._styles.get(key)
        if style is None:
            cell.font = font
            if alignment is not None:
                cell.alignment = alignment
            if border:
                cell.border = _BORDER
            if number_format:
                cell.number_format = number_format
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)
        return cell

    def _line(self, text: str, font: Font) -> None:
        self._append([self._cell(text, font)])
        last = get_column_letter(len(self.columns))
        self.ws.merged_cells.add(f"A{self.row_number}:{last}{self.row_number}")

    def _blank(self) -> None:
        self._append([])

    def header(self) -> None:
        top, sub = [], []
        first = self.row_number + 1
        for i, col in enumerate(self.columns):
            group_start = col.group and (i == 0 or self.columns[i - 1].group != col.group)
            top.append(self._cell(col.group if group_start else (None if col.group else col.header), _BOLD,
                                  _CENTER, True))
            sub.append(self._cell(col.header if col.group else None, _BOLD, _CENTER, True))
        self._append(top)
        if self.header_rows == 2:
            self._append(sub)
            self._merge_header(first)
        self.ws.print_title_rows = f"{first}:{self.row_number}"
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True

    def _merge_header(self, first: int) -> None:
        i = 0
        while i < len(self.columns):
            col = self.columns[i]
            letter = get_column_letter(i + 1)
            if not col.group:
                self.ws.merged_cells.add(f"{letter}{first}:{letter}{first + 1}")
                i += 1
                continue
            end = i
            while end + 1 < len(self.columns) and self.columns[end + 1].group == col.group:
                end += 1
            if end > i:
                self.ws.merged_cells.add(f"{letter}{first}:{get_column_letter(end + 1)}{first}")
            i = end + 1

    def row(self, values: Iterable[Any], bold: bool = False) -> None:
        cells = []
        for col, value in zip(self.columns, values, strict=False):
            fmt, align = None, None
            if isinstance(value, (datetime, date)):
                fmt, align = "dd/mm/yyyy", _CENTER
            elif col.kind == "text" and value not in (None, ""):
                fmt, value = "@", str(value)
            elif col.kind in ("number", "year_or_date"):
                align = _CENTER
            cells.append(self._cell(value, _BOLD if bold else _BODY, align or _LEFT, True, fmt))
        self._append(cells)

    def closing(self, lines: Sequence[tuple[str, str]]) -> None:
        """Lines under the table: ``(left text, right text)`` pairs (the signature block); the
        right text sits four columns from the end, in italics when it is a date line."""
        self._blank()
        right = max(1, len(self.columns) - 4)
        for left, right_text in lines:
            font = _ITALIC if "ngày" in right_text else _BOLD
            self._append([self._cell(left, _BOLD), *([None] * (right - 1)), self._cell(right_text, font)])
