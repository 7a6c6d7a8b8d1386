"""Opening an Excel file safely into plain rows of (value, font name) cells.

:func:`read_workbook` accepts ``.xlsx``/``.xlsm`` (read with openpyxl's streaming parser) and old
``.xls`` (xlrd, with formatting so that fonts are known); the kind is told by the file's first
bytes, not its name. Every refusal is a :class:`~app.exchange.errors.WorkbookError` with a message
in Vietnamese, raised within a second or two even for hostile files:

* not a workbook (random bytes, a Word file, an HTML page saved as .xls) → a plain explanation;
* bigger than :data:`MAX_FILE_BYTES` on disk, or a ZIP whose central directory announces more than
  :data:`MAX_UNCOMPRESSED_BYTES` or an entry compressed more than :data:`MAX_RATIO` to 1 (a ZIP
  bomb) → refused before anything is decompressed;
* a sheet stops being read after :data:`MAX_EMPTY_RUN` consecutive empty rows (so a sheet of a
  million empty rows ends at once) or :data:`MAX_ROWS` rows; cells right of :data:`MAX_COLUMNS`
  are ignored.

Rows are 0-based lists (``rows[0]`` is Excel row 1, ``row[0]`` column A) with trailing empty cells
dropped. Values are as Excel holds them: ``str``, ``int``/``float``, ``datetime``, ``bool`` or None.
Runs on any thread; ``cancelled()`` is polled every few thousand rows.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from app.exchange.errors import Cancelled, WorkbookError
from app.i18n import _

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 8 * 1024 * 1024  # entries smaller than this may compress as well as they like
MAX_ZIP_ENTRIES = 10_000
MAX_EMPTY_RUN = 200
MAX_ROWS = 200_000
MAX_COLUMNS = 100

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


class CellValue(NamedTuple):
    """One cell: its value and the name of its font ("" when unknown)."""

    value: Any
    font: str = ""


EMPTY = CellValue(None, "")


@dataclass
class Sheet:
    """A sheet as plain rows. ``stopped_at`` is the 1-based row where reading stopped early (an
    empty run or the row cap), else None. ``hidden`` sheets are offered unticked by the wizard."""

    name: str
    rows: list[list[CellValue]] = field(default_factory=list)
    hidden: bool = False
    stopped_at: int | None = None

    def cell(self, row: int, col: int) -> CellValue:
        """The cell at 0-based ``row``/``col``; :data:`EMPTY` outside the data."""
        if 0 <= row < len(self.rows):
            cells = self.rows[row]
            if 0 <= col < len(cells):
                return cells[col]
        return EMPTY


def is_blank(value: Any) -> bool:
    """True for None and for text that is only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def _not_a_workbook() -> WorkbookError:
    return WorkbookError(_("Không mở được tệp: tệp không phải bảng tính Excel. Hãy chọn tệp .xlsx hoặc .xls."))


def _bomb() -> WorkbookError:
    return WorkbookError(_("Không mở được tệp: tệp nén bất thường (khi giải nén lớn hơn nhiều lần mức cho phép), "
                           "có thể là tệp độc hại. Dữ liệu không bị thay đổi."))


def _kind(path: Path) -> str:
    """``"xlsx"`` or ``"xls"`` from the first bytes; WorkbookError for anything else."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise WorkbookError(_("Không mở được tệp {name}: {reason}").format(name=path.name, reason=exc.strerror)) from exc
    if size > MAX_FILE_BYTES:
        raise WorkbookError(_("Tệp quá lớn ({mb} MB); chỉ nhận tệp đến {limit} MB.").format(
            mb=size // (1024 * 1024), limit=MAX_FILE_BYTES // (1024 * 1024)))
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        return "xls"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
        raise WorkbookError(_("Tệp này là trang web hoặc XML mang đuôi Excel. Hãy mở bằng Excel rồi "
                              "“Lưu thành” Excel Workbook (.xlsx) và chọn lại."))
    raise _not_a_workbook()


def check_zip(path: Path) -> None:
    """Refuse a ZIP that is not an Excel workbook or would decompress to too much (a ZIP bomb),
    from its central directory only (nothing is decompressed)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_a_workbook() from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _bomb()
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise _bomb()
    for info in infos:
        if info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _bomb()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise WorkbookError(_("Tệp .xlsb (bảng tính nhị phân) chưa đọc được. Hãy mở bằng Excel rồi lưu "
                              "thành .xlsx."))
    if "mimetype" in names or "content.xml" in names:
        raise WorkbookError(_("Đây là bảng tính LibreOffice/OpenOffice (.ods). Hãy lưu thành .xlsx rồi chọn lại."))
    raise _not_a_workbook()


def sheet_names(path: str | Path) -> list[tuple[str, bool]]:
    """``(name, hidden)`` of every worksheet, in workbook order, without reading the cells."""
    path = Path(path)
    if _kind(path) == "xls":
        book = _open_xls(path)
        try:
            return [(s.name, s.visibility != 0) for s in book.sheets()]
        finally:
            book.release_resources()
    check_zip(path)
    wb = _open_xlsx(path)
    try:
        return [(ws.title, ws.sheet_state != "visible") for ws in wb.worksheets]
    finally:
        wb.close()


def read_workbook(
    path: str | Path, sheets: Iterable[str] | None = None, cancelled: Callable[[], bool] = lambda: False
) -> list[Sheet]:
    """The worksheets of ``path`` (only those named in ``sheets`` when given, in workbook order).

    Raises WorkbookError (refused file, see the module text), Cancelled."""
    path = Path(path)
    wanted = set(sheets) if sheets is not None else None
    if _kind(path) == "xls":
        return _read_xls(path, wanted, cancelled)
    check_zip(path)
    return _read_xlsx(path, wanted, cancelled)


class _RowCollector:
    """Accumulates rows in order, stopping after an empty run or the row cap."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.last_filled = 0  # 1-based number of the last non-empty row

    def add(self, number: int, cells: list[CellValue]) -> bool:
        """Store row ``number`` (1-based); False when reading must stop."""
        if number - self.last_filled > MAX_EMPTY_RUN or number > MAX_ROWS:
            self.sheet.stopped_at = min(number, self.last_filled + MAX_EMPTY_RUN + 1, MAX_ROWS + 1)
            return False
        while cells and is_blank(cells[-1].value):
            cells.pop()
        if not cells:
            return True
        rows = self.sheet.rows
        while len(rows) < number - 1:
            rows.append([])
        rows.append(cells)
        self.last_filled = number
        return True


# --- .xlsx -----------------------------------------------------------------------------------------


def _open_xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure means the same to the user
        raise WorkbookError(_("Tệp Excel bị hỏng hoặc không đúng định dạng, không đọc được. ({detail})").format(
            detail=type(exc).__name__)) from exc


def _unescape(text: str) -> str:
    """Excel writes control characters (some TCVN3 capitals) as ``_x0001_``; undo it."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _read_xlsx(path: Path, wanted: set[str] | None, cancelled: Callable[[], bool]) -> list[Sheet]:
    wb = _open_xlsx(path)
    try:
        fonts = [f.name or "" for f in wb._fonts]
        font_of_style = [fonts[s.fontId] if s.fontId < len(fonts) else "" for s in wb._cell_styles]
        out = []
        for ws in wb.worksheets:
            if wanted is None or ws.title in wanted:
                sheet = Sheet(ws.title, hidden=ws.sheet_state != "visible")
                try:
                    _xlsx_rows(wb, ws, sheet, font_of_style, cancelled)
                except (Cancelled, WorkbookError):
                    raise
                except Exception as exc:  # noqa: BLE001
                    raise WorkbookError(_("Trang “{sheet}” bị hỏng, không đọc được. ({detail})").format(
                        sheet=ws.title, detail=type(exc).__name__)) from exc
                out.append(sheet)
        return out
    finally:
        wb.close()


def _parser_class():
    """openpyxl's streaming sheet parser, with a quicker path for inline strings (what openpyxl and
    many web systems write; Excel itself uses shared strings): 3× faster on such sheets."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    inline, text, run = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("is", "t", "r"))

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            if element.get("t") != "inlineStr":
                return super().parse_cell(element)
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            child = element.find(inline)
            value = None
            if child is not None:
                value = child.findtext(text) or "".join(r.findtext(text) or "" for r in child.iter(run)) or None
            return {"row": row, "column": column, "value": value, "data_type": "s",
                    "style_id": int(element.get("s", 0))}

    return Parser


def _xlsx_rows(wb, ws, sheet: Sheet, font_of_style: list[str], cancelled: Callable[[], bool]) -> None:
    collector = _RowCollector(sheet)
    with warnings.catch_warnings(), ws._get_source() as src:
        warnings.simplefilter("ignore")
        parser = _parser_class()(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for count, (number, raw) in enumerate(parser.parse()):
            if count % 4096 == 4095 and cancelled():
                raise Cancelled()
            if not collector.add(number, _xlsx_cells(raw, font_of_style)):
                break


def _xlsx_cells(raw: list[dict], font_of_style: list[str]) -> list[CellValue]:
    cells: list[CellValue] = []
    for c in raw:
        col, value = c["column"], c["value"]
        if col > MAX_COLUMNS or value is None or c["data_type"] == "e":
            continue
        if isinstance(value, str):
            value = _unescape(value)
        style = c["style_id"] or 0
        font = font_of_style[style] if style < len(font_of_style) else ""
        while len(cells) < col - 1:
            cells.append(EMPTY)
        cells.append(CellValue(value, font))
    return cells


# --- .xls ------------------------------------------------------------------------------------------


def _open_xls(path: Path):
    import xlrd

    try:
        return xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:  # noqa: BLE001
        text = str(exc).lower()
        if "encrypt" in text or "workbook" in text and "ole2" in text:
            raise WorkbookError(_("Tệp có mật khẩu hoặc không phải bảng tính Excel. Hãy bỏ mật khẩu, lưu "
                                  "thành .xlsx rồi chọn lại.")) from exc
        raise WorkbookError(_("Tệp Excel .xls bị hỏng hoặc không đúng định dạng, không đọc được. ({detail})").format(
            detail=type(exc).__name__)) from exc


def _read_xls(path: Path, wanted: set[str] | None, cancelled: Callable[[], bool]) -> list[Sheet]:
    book = _open_xls(path)
    try:
        out = []
        for index, name in enumerate(book.sheet_names()):
            if wanted is None or name in wanted:
                try:
                    ws = book.sheet_by_index(index)
                    sheet = Sheet(name, hidden=ws.visibility != 0)
                    _xls_rows(book, ws, sheet, cancelled)
                except Cancelled:
                    raise
                except Exception as exc:  # noqa: BLE001
                    raise WorkbookError(_("Trang “{sheet}” bị hỏng, không đọc được. ({detail})").format(
                        sheet=name, detail=type(exc).__name__)) from exc
                out.append(sheet)
                book.unload_sheet(index)
        return out
    finally:
        book.release_resources()


def _xls_rows(book, ws, sheet: Sheet, cancelled: Callable[[], bool]) -> None:
    import xlrd

    fonts = [f.name or "" for f in book.font_list]
    font_of_xf = [fonts[xf.font_index] if xf.font_index < len(fonts) else "" for xf in book.xf_list]
    collector = _RowCollector(sheet)
    for r in range(ws.nrows):
        if r % 4096 == 4095 and cancelled():
            raise Cancelled()
        cells: list[CellValue] = []
        for c, cell in enumerate(ws.row(r)[:MAX_COLUMNS]):
            value = cell.value
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                value = None
            elif cell.ctype == xlrd.XL_CELL_DATE:
                value = _xls_date(value, book.datemode)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            if value is None:
                continue
            while len(cells) < c:
                cells.append(EMPTY)
            xf = cell.xf_index
            cells.append(CellValue(value, font_of_xf[xf] if xf is not None and xf < len(font_of_xf) else ""))
        if not collector.add(r + 1, cells):
            break


def _xls_date(value: float, datemode: int) -> datetime | float:
    import xlrd

    try:
        return xlrd.xldate_as_datetime(value, datemode)
    except Exception:  # noqa: BLE001 - a number formatted as a date but out of range: keep it
        return value
