"""The dashboard's tables: recognition rate per village and title (cells coloured by the gap to
the commune's target, sortable) and the round's progress per title. Models over tuples
(:class:`~app.ui.itemmodels.rows.RowsModel`); the data comes from the annual summary dict."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.domain.text import sort_key
from app.i18n import N_, _, format_number, format_percent
from app.ui import theme
from app.ui.itemmodels.rows import Column, RowsModel
from app.ui.reports.charts import gap_colour, gap_text

#: Light backgrounds for the gap colours (the text stays dark and readable).
_TINTS = {theme.GREEN: "#e3f2e5", theme.AMBER: "#fff1d6", theme.RED: "#fde2e2"}

#: Short column titles (the abbreviations of the programme's documents); the full name is the tooltip.
SHORT_TITLES = {"GDHT": N_("GĐHT"), "DHHT": N_("DHHT"), "CDHT_THON": N_("CĐHT thôn"), "DVHT": N_("ĐVHT"),
                "CDHT_CONG_DAN": N_("CDHT")}

Cell = tuple  # (rate | None, target | None, recognised, exist)


def cell_text(cell: Cell) -> str:
    """"72,5 % ✓", "60,0 % (−10,0)", "72,5 %" (no target) or "—" (nothing to count)."""
    rate, target, _recognised, exist = cell
    if rate is None or not exist:
        return "—"
    text = format_percent(rate)
    if target is None:
        return text
    gap = round(rate - target, 1)
    return f"{text} ✓" if gap >= 0 else f"{text} (−{format_number(-gap, 1)})"


class RatesModel(RowsModel):
    tooltips: list[str] = []

    """RowsModel with a gap-coloured background and a tooltip on the title cells.

    A row is ``(name, sort_key, cell, cell, …)``; columns after the first show ``row[col + 1]``."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() > 0 and role in (Qt.ItemDataRole.BackgroundRole,
                                                                Qt.ItemDataRole.ToolTipRole):
            cell = self.rows[self.visible[index.row()]][index.column() + 1]
            rate, target, recognised, exist = cell
            if role == Qt.ItemDataRole.ToolTipRole:
                if not exist:
                    return _("Không có đối tượng")
                return _("{recognised}/{exist} được công nhận — {gap}").format(
                    recognised=format_number(recognised), exist=format_number(exist), gap=gap_text(rate, target))
            if rate is None or target is None or not exist:
                return None
            return QColor(_TINTS[gap_colour(rate, target)])
        return super().data(index, role)

    def _apply_sort(self) -> None:
        """Sort by the column; cells without a rate stay at the bottom in both directions."""
        if self._sort is None:
            return
        column, order = self._sort
        col = self.columns[column]
        key = col.sort_key or col.display
        rows = self.rows
        present = [i for i in self.visible if key(rows[i]) is not None]
        absent = [i for i in self.visible if key(rows[i]) is None]
        present.sort(key=lambda i: (key(rows[i]), rows[i][1]), reverse=order == Qt.SortOrder.DescendingOrder)
        self.visible = present + sorted(absent, key=lambda i: rows[i][1])

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and section < len(self.tooltips):
            return self.tooltips[section]
        return super().headerData(section, orientation, role)


def village_rows(summary: dict) -> tuple[list[tuple[str, str]], list[tuple]]:
    """The titles shown as columns, (code, full name), for titles some village has subjects of;
    and the rows."""
    targets = {t["code"]: t.get("target") for t in summary.get("titles", ())}
    villages = summary.get("villages", ())
    codes: list[str] = []
    names: dict[str, str] = {}
    for t in summary.get("titles", ()):
        if any(_title(v, t["code"]).get("exist") for v in villages):
            codes.append(t["code"])
            names[t["code"]] = t["name"]
    rows = []
    for v in villages:
        cells = []
        for code in codes:
            t = _title(v, code)
            cells.append((t.get("rate"), targets.get(code), t.get("recognised", 0), t.get("exist", 0)))
        rows.append((v["name"], sort_key(v["name"]), *cells))
    return [(c, names[c]) for c in codes], rows


def _title(village: dict, code: str) -> dict:
    return next((t for t in village.get("titles", ()) if t["code"] == code), {})


def village_columns(titles: list[tuple[str, str]]) -> list[Column]:
    cols = [Column(_("Thôn, bản"), lambda r: r[0], sort_key=lambda r: r[1])]
    for i, (code, name) in enumerate(titles):
        short = _(SHORT_TITLES[code]) if code in SHORT_TITLES else name
        cols.append(Column(short, lambda r, i=i: cell_text(r[2 + i]),
                           sort_key=lambda r, i=i: r[2 + i][0] if r[2 + i][3] else None, align_right=True))
    return cols


class VillageRatesView(QTableView):
    """Village × title rates; a click on a header sorts (names in Vietnamese order)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model_ = RatesModel([], self)
        self.setModel(self.model_)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(26)
        self.setWordWrap(False)

    def set_summary(self, summary: dict) -> None:
        titles, rows = village_rows(summary)
        m = self.model_
        m.beginResetModel()
        m.columns = village_columns(titles)
        m.tooltips = ["", *(name for _code, name in titles)]
        m.endResetModel()
        m.set_rows(rows)
        head = self.horizontalHeader()
        head.setStretchLastSection(False)
        head.setMinimumSectionSize(60)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        if m._sort is None:
            self.sortByColumn(0, Qt.SortOrder.AscendingOrder)


PROGRESS_STAGES = (("registered", N_("Đăng ký")), ("assessed", N_("Chấm xong")), ("recognised", N_("Công nhận")))


def progress_rows(summary: dict) -> list[tuple]:
    """(title name, registered, assessed, recognised) per title of the summary."""
    return [(t["name"], *(t.get(f, 0) for f, _title in PROGRESS_STAGES)) for t in summary.get("titles", ())]


class ProgressView(QTableView):
    """Registered → fully scored → recognised (in a decision) per title: "Chấm xong" in amber
    while some registered subjects are not fully scored, green once all are; "Công nhận" in amber
    while scored subjects wait for a decision (they may also have failed: the screen of the round
    tells)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        cols = [Column(_("Danh hiệu"), lambda r: r[0])]
        for i, (_field, title) in enumerate(PROGRESS_STAGES):
            cols.append(Column(_(title), lambda r, i=i: format_number(r[1 + i]), align_right=True,
                               foreground=lambda r, i=i: self._colour(r, i)))
        self.model_ = RowsModel(cols, self)
        self.setModel(self.model_)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(26)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    @staticmethod
    def _colour(row: tuple, i: int):
        registered, assessed, recognised = row[1:4]
        if not registered:
            return QColor(theme.GREY)
        if i == 1:
            return QColor(theme.GREEN if assessed >= registered else theme.AMBER)
        if i == 2:
            return QColor(theme.GREEN if recognised else theme.AMBER)
        return None

    def set_summary(self, summary: dict) -> None:
        rows = progress_rows(summary)
        self.model_.set_rows(rows)
        head = self.horizontalHeader()
        self.resizeColumnsToContents()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setFixedHeight(head.height() + 26 * max(len(rows), 1) + 4)
