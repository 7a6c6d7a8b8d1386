"""Tổng quan: where the commune stands in the working year.

Each title's recognition rate against its target (bars with the target line), the rates per
village (coloured by the gap, sortable), the round's progress (registered → decided), the report
deadline with the days left, and what is still missing (each line opens the screen that fixes it).

Follows ``ctx.year`` and reloads on ``ctx.data_changed`` when shown. The figures are gathered on
a worker thread (:class:`app.tasks.Task`) so the window never waits for them; ``refreshed`` is
emitted once they are on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, format_date, format_number
from app.ui import theme
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.reports.background import BackgroundLoader
from app.ui.reports.charts import RateBar, RateBarsChart
from app.ui.reports.dashboard_data import Dashboard, deadline_text, load_dashboard
from app.ui.reports.tables import ProgressView, VillageRatesView

#: Missing items shown before "… và N việc khác".
MAX_MISSING = 6


def _group(title: str, body: QWidget | None = None) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    lay = QVBoxLayout(box)
    lay.setContentsMargins(10, 14, 10, 10)
    lay.setSpacing(6)
    if body is not None:
        lay.addWidget(body)
    return box, lay


CITIZEN_LABELS = {"community": N_("Công dân học tập (cộng đồng)"), "units": N_("Công dân học tập (đơn vị)")}


def rate_bars(summary: dict) -> list[RateBar]:
    """One bar per title with its own target, then one per group of citizens (the citizens'
    targets are per group)."""
    def detail(n, of) -> str:
        return _("{recognised}/{exist} công nhận").format(recognised=format_number(n or 0),
                                                          exist=format_number(of or 0))

    bars = [RateBar(t["name"], t.get("rate"), t.get("target"), detail(t.get("recognised"), t.get("exist")))
            for t in summary.get("titles", ()) if t["code"] != "CDHT_CONG_DAN"]
    for c in summary.get("citizens", ()):
        label = _(CITIZEN_LABELS[c["group"]]) if c["group"] in CITIZEN_LABELS else c["name"]
        bars.append(RateBar(label, c.get("rate"), c.get("target"), detail(c.get("recognised"), c.get("base"))))
    return bars


class MissingLine(QFrame):
    """One thing still to do: an icon and a wrapped sentence; a click (or Enter/Space when
    focused) emits ``activated(area)`` to open the screen that fixes it."""

    activated = Signal(str)

    def __init__(self, icon_name: str, text: str, area: str | None, parent=None):
        super().__init__(parent)
        self.area = area
        self.setObjectName("missingLine")
        pic = QLabel()
        pic.setPixmap(icon(icon_name).pixmap(16, 16))
        pic.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 3, 4, 3)
        lay.setSpacing(6)
        lay.addWidget(pic)
        lay.addWidget(self.label, 1)
        if area:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setToolTip(_("Bấm để mở màn hình xử lý việc này"))
            self.setStyleSheet(f"QFrame#missingLine:hover, QFrame#missingLine:focus {{ background: {theme.ACCENT_LIGHT};"
                               " border-radius: 3px; }")
        else:
            self.label.setObjectName("hint")

    def text(self) -> str:
        return self.label.text()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self.area and event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.area)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.area and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.area)
            return
        super().keyPressEvent(event)


class OverviewPage(QWidget):
    refreshed = Signal()

    def __init__(self, ctx: UiContext, parent=None, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.dashboard: Dashboard | None = None
        self._stale = True
        self.loader = BackgroundLoader(self)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.deadline = QLabel()
        self.deadline.setObjectName("deadline")
        self.deadline.setTextFormat(Qt.TextFormat.RichText)
        self.refresh_button = QPushButton(icon("refresh"), _("Làm mới"))
        self.refresh_button.clicked.connect(self.reload)
        self.hint = QLabel()
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"background:{theme.ACCENT_LIGHT}; border-radius:4px; padding:8px;")
        self.hint.hide()

        self.chart = RateBarsChart()
        self.villages = VillageRatesView()
        self.villages.setMinimumHeight(160)
        self.progress = ProgressView()
        self.missing_box = QWidget()
        self.missing_layout = QVBoxLayout(self.missing_box)
        self.missing_layout.setContentsMargins(0, 0, 0, 0)
        self.missing_layout.setSpacing(2)
        self.missing_lines: list[MissingLine] = []

        rates, _l = _group(_("Tỷ lệ công nhận so với chỉ tiêu"), self.chart)
        self.legend = QLabel(_("Vạch đậm: chỉ tiêu. Xanh: đạt; vàng: thiếu ≤ 10 điểm %; đỏ: thiếu > 10 điểm %."))
        self.legend.setObjectName("hint")
        self.legend.setWordWrap(True)
        _l.addWidget(self.legend)
        _l.addStretch(1)
        by_village, _v = _group(_("Theo thôn, bản"), self.villages)
        progress, _p = _group(_("Tiến độ đợt đánh giá"), self.progress)
        missing, _m = _group(_("Việc còn thiếu"), self.missing_box)
        _m.addStretch(1)

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.deadline)
        head.addSpacing(8)
        head.addWidget(self.refresh_button)

        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(missing, 1)
        right.addWidget(progress)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.addWidget(rates, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addWidget(by_village, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)

        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(12, 8, 12, 8)
        col.setSpacing(8)
        col.addLayout(head)
        col.addWidget(self.hint)
        col.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        ctx.year_changed.connect(self._on_ctx_year_changed)
        ctx.data_changed.connect(self._on_ctx_data_changed)
        self._show_title()

    # -- loading
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, self.reload)

    def reload(self) -> None:
        """Gather the working year's figures on a worker thread; show them when they arrive."""
        self._stale = False
        year = self.ctx.year
        self.refresh_button.setEnabled(False)
        if self.dashboard is None or self.dashboard.year != year:
            self.deadline.setText(_("Đang tính số liệu…"))
        db, today = self.ctx.db, self.today()
        self.loader.load(lambda: load_dashboard(db, year, today), self.show_dashboard, self._on_load_failed)

    def load_now(self) -> None:
        """Gather and show the figures on this thread (tests, benchmarks)."""
        self._stale = False
        self.loader.cancel_pending()
        self.show_dashboard(load_dashboard(self.ctx.db, self.ctx.year, self.today()))

    def _on_load_failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.deadline.setText(_("Không tính được số liệu: {error}").format(error=error))

    # -- showing
    def _show_title(self) -> None:
        self.title.setText(_("Tổng quan năm {year}").format(year=self.ctx.year))

    def show_dashboard(self, d: Dashboard) -> None:
        self.dashboard = d
        self.refresh_button.setEnabled(True)
        self._show_title()
        self._show_deadline(d)
        self.chart.set_bars(rate_bars(d.summary))
        self.villages.set_summary(d.summary)
        self.progress.set_summary(d.summary)
        self._show_missing(d)
        if d.empty:
            self.hint.setText(_("Năm {year} chưa có số liệu đánh giá: các tỷ lệ đang là 0. Mở đợt đánh giá và chấm "
                                "điểm ở mục Đánh giá; đặt chỉ tiêu của năm ở mục Báo cáo.").format(year=d.year))
        self.hint.setVisible(d.empty)
        self.refreshed.emit()

    def _show_deadline(self, d: Dashboard) -> None:
        if d.year < self.today().year:
            self.deadline.setText(_("Hạn nộp báo cáo: {date} (đã qua)").format(date=format_date(d.deadline)))
            return
        colour = theme.GREEN if d.days_left > 14 else theme.AMBER if d.days_left >= 0 else theme.RED
        self.deadline.setText(_("Hạn nộp báo cáo: {date} — {left}").format(
            date=format_date(d.deadline), left=f'<b style="color:{colour}">{deadline_text(d.days_left)}</b>'))

    def _show_missing(self, d: Dashboard) -> None:
        for line in self.missing_lines:
            line.hide()
            self.missing_layout.removeWidget(line)
            line.deleteLater()
        self.missing_lines = []
        items = list(d.missing)
        if not items:
            self._add_line(MissingLine("ok", _("Không còn việc nào thiếu."), None))
        for item in items[:MAX_MISSING]:
            line = MissingLine("warning", item.text, item.area)
            if item.detail:
                line.setToolTip(f"{item.detail}\n{line.toolTip()}")
            self._add_line(line)
        if len(items) > MAX_MISSING:
            self._add_line(MissingLine("assessment", _("… và {n} việc khác ở mục Đánh giá").format(
                n=format_number(len(items) - MAX_MISSING)), "assessment"))

    def _add_line(self, line: MissingLine) -> None:
        line.activated.connect(lambda area: self.ctx.navigate.emit(area, None))
        self.missing_layout.addWidget(line)
        self.missing_lines.append(line)

    # -- signals
    def _on_ctx_year_changed(self, _year: int) -> None:
        self._show_title()
        self._stale = True
        if self.isVisible():
            self.reload()

    def _on_ctx_data_changed(self, _kind: str) -> None:
        self._stale = True
        if self.isVisible():
            QTimer.singleShot(0, self._reload_if_stale)

    def _reload_if_stale(self) -> None:
        if self._stale:
            self.reload()
