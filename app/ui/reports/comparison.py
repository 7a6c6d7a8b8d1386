"""So sánh các năm: the recognition rate per title for every year the database holds, as a
table (years as rows) and a grouped bar chart. Gathered in the background."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.criteria import title_name
from app.i18n import N_, _, format_percent
from app.ui.context import UiContext
from app.ui.reports.background import BackgroundLoader
from app.ui.reports.charts import GroupedBarsChart

#: The columns: the four titles with one target each, then the citizens by group.
SERIES = (("GDHT", None), ("DHHT", None), ("CDHT_THON", None), ("DVHT", None),
          ("CDHT_CONG_DAN:community", N_("Công dân học tập (cộng đồng)")),
          ("CDHT_CONG_DAN:units", N_("Công dân học tập (đơn vị)")))


def series_name(key: str, label: str | None) -> str:
    return _(label) if label else title_name(key)


class ComparisonView(QWidget):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.loader = BackgroundLoader(self)
        self.data: list[tuple[int, dict]] = []
        self.table = QTableWidget(0, len(SERIES))
        self.table.setHorizontalHeaderLabels([series_name(k, label) for k, label in SERIES])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        head.setMinimumHeight(44)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.chart = GroupedBarsChart()
        self.empty = QLabel(_("Chưa có năm nào có đợt đánh giá để so sánh."))
        self.empty.setObjectName("emptyState")
        self.empty.hide()
        note = QLabel(_("Tỷ lệ công nhận (%) của từng danh hiệu qua các năm có đợt đánh giá."))
        note.setObjectName("hint")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addWidget(note)
        lay.addWidget(self.empty)
        lay.addWidget(split, 1)
        self._wrap_headers()

    def _wrap_headers(self) -> None:
        for i, (key, label) in enumerate(SERIES):
            item = QTableWidgetItem(series_name(key, label).replace(" (", "\n("))
            item.setToolTip(series_name(key, label))
            self.table.setHorizontalHeaderItem(i, item)

    def load(self, background: bool = True) -> None:
        from app.services.report_figures import year_comparison

        db = self.ctx.db
        if background:
            self.loader.load(lambda: year_comparison(db), self.show_data)
        else:
            self.loader.cancel_pending()
            self.show_data(year_comparison(db))

    def show_data(self, data: list[tuple[int, dict]]) -> None:
        self.data = list(data)
        self.table.setRowCount(len(data))
        self.table.setVerticalHeaderLabels([str(y) for y, _r in data])
        for r, (_year, rates) in enumerate(data):
            for c, (key, _label) in enumerate(SERIES):
                item = QTableWidgetItem(format_percent(rates.get(key)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.chart.set_data([str(y) for y, _r in data], [series_name(k, label) for k, label in SERIES],
                            [[rates.get(k) for k, _l in SERIES] for _y, rates in data])
        self.empty.setVisible(not data)
