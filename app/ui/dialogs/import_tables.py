"""The tables and texts of the import wizard's sheets page: the grid of rows as they will be
imported, the legacy-encoding note and where a sheet's villages come from. UI thread only."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from app.domain.reference import EDUCATION_LEVELS, RELATIONS, label_for
from app.exchange.households_import import SheetPlan
from app.i18n import N_, _, format_date, format_number
from app.ui import theme
from app.ui.dialogs.import_models import value_text

GRID_ROWS = 15
ENCODING_NAMES = {"tcvn3": "TCVN3", "vni": "VNI"}
VILLAGE_SOURCES = {
    "title": N_("lấy từ dòng tiêu đề của trang"), "sheet": N_("lấy từ tên trang"), "chosen": N_("do bạn chọn"),
    "column": N_("theo cột Thôn, bản"), "section": N_("theo dòng tên thôn trong bảng"),
}
GRID_COLUMNS = (N_("Dòng"), N_("Hộ"), N_("Họ và tên"), N_("Giới tính"), N_("Năm sinh"), N_("Quan hệ"),
                N_("Dân tộc"), N_("Học vấn"), N_("Số định danh"), N_("Thôn, bản"), N_("Lỗi, lưu ý"))


def cell_text(value) -> str:
    """A cell as Excel shows it: 1978.0 → "1978", a date → "15/03/2005"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return format_date(value)
    return str(value).strip()


def column_letter(col: int) -> str:
    """Excel's letter of a 0-based column: 0 → "A", 27 → "AB"."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def legacy_text(sheet: SheetPlan) -> str:
    """"Đã chuyển mã TCVN3 → Unicode (30 ô): “Hä vµ tªn” → “Họ và tên”; …", or ""."""
    report = sheet.legacy
    if not report.converted:
        return ""
    names = " + ".join(ENCODING_NAMES.get(e, e) for e in report.converted)
    samples = sorted(report.samples, key=lambda s: (s[0] < sheet.guess.header_row, s[0]))[:3]
    shown = "; ".join(f"“{before[:40]}” → “{after[:40]}”" for _r, _c, before, after in samples)
    return _("Đã chuyển mã {names} → Unicode ({n} ô): {samples}").format(
        names=names, n=format_number(report.cells), samples=shown)


def village_text(sheet: SheetPlan) -> str:
    """Where the sheet's villages come from: "lấy từ dòng tiêu đề của trang", "Theo cột Thôn, bản:
    Nà Sản (2 hộ), …", or what to do when nothing says it."""
    parts = []
    if sheet.village:
        parts.append(_(VILLAGE_SOURCES.get(sheet.village_source, "")))
    found = Counter((h.village, h.village_source) for h in sheet.households if h.village_source in ("column", "section"))
    if found:
        listed = ", ".join(_("{name} ({n} hộ)").format(name=v, n=format_number(n))
                           for (v, _source), n in list(found.items())[:4])
        more = "…" if len(found) > 4 else ""
        source_key = "column" if "village" in sheet.mapping else "section"
        source = _(VILLAGE_SOURCES[source_key])
        parts.append(_("{source}: {listed}{more}").format(source=source[:1].upper() + source[1:], listed=listed,
                                                           more=more))
    if not parts:
        return _("Chưa rõ thôn, bản: hãy gõ hoặc chọn thôn cho trang này.")
    return "; ".join(parts)


def make_grid() -> QTableWidget:
    grid = QTableWidget(0, len(GRID_COLUMNS))
    grid.setHorizontalHeaderLabels([_(t) for t in GRID_COLUMNS])
    grid.verticalHeader().setVisible(False)
    grid.verticalHeader().setDefaultSectionSize(24)
    grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    grid.setWordWrap(False)
    for col, width in enumerate((46, 34, 150, 72, 84, 80, 64, 80, 104, 100)):
        grid.setColumnWidth(col, width)
    grid.horizontalHeader().setStretchLastSection(True)
    return grid


def fill_grid(grid: QTableWidget, sheet: SheetPlan) -> str:
    """Show the first :data:`GRID_ROWS` persons of ``sheet`` as they will be imported (the household
    number beside each, heads in bold, refused rows in red); returns the caption ("Như sẽ nhập: 4 hộ,
    12 người, 1 dòng có lỗi (màu đỏ)")."""
    rows = [(number, h, m) for number, h in enumerate(sheet.households[:GRID_ROWS], 1) for m in h.members][:GRID_ROWS]
    grid.setRowCount(len(rows))
    bold = QFont(grid.font())
    bold.setBold(True)
    for r, (number, h, m) in enumerate(rows):
        p = m.data
        issue = next((x for x in m.problems if x.level == "error"), None) or (m.problems[0] if m.problems else None)
        texts = (str(m.row), str(number), p.full_name, value_text("sex", p.sex) if p.sex else "",
                 format_date(p.birth_date) if p.birth_date else str(p.birth_year or ""),
                 label_for(RELATIONS, p.relation), value_text("ethnic_code", p.ethnic_code) if p.ethnic_code else "",
                 label_for(EDUCATION_LEVELS, p.education_level), p.id_number,
                 h.village if m is h.members[0] else "", issue.message if issue else "")
        last = len(texts) - 1
        for c, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if m.refused:
                item.setForeground(QBrush(QColor(theme.RED)))
            elif issue is not None and c == last:
                item.setForeground(QBrush(QColor(theme.AMBER)))
            if p.relation == "head" and c == 2:
                item.setFont(bold)
            item.setToolTip("\n".join(x.message for x in m.problems) if c == last else text)
            grid.setItem(r, c, item)
    persons = sum(len(h.members) for h in sheet.households)
    refused = sum(m.refused for h in sheet.households for m in h.members)
    caption = _("Như sẽ nhập: {h} hộ, {p} người").format(h=format_number(len(sheet.households)),
                                                          p=format_number(persons))
    if refused:
        caption += _(", {n} dòng có lỗi (màu đỏ)").format(n=format_number(refused))
    if len(rows) < persons:
        caption += _(" — {n} dòng đầu").format(n=len(rows))
    return caption
