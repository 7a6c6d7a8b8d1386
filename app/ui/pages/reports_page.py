"""Báo cáo: the targets (Chỉ tiêu), the working year's annual report (Báo cáo năm: the officer's
text, Xuất PDF / Xuất Excel, the key figures) and the rates across years (So sánh các năm).

Follows ``ctx.year``; a tab loads when shown and its data changed since it last loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.ui.context import UiContext
from app.ui.reports.comparison import ComparisonView
from app.ui.reports.report_editor import ReportEditor
from app.ui.reports.targets_editor import TargetsEditor

#: What, once changed, makes the report's figures stale.
FIGURE_KINDS = ("household", "person", "village", "clan", "unit", "assessment", "assessment_score", "decision",
                "targets", "class", "class_attendance", "class_list", "profile")


class ReportsPage(QWidget):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.hint = QLabel(_("Năm làm việc chọn ở thanh trên cùng"))
        self.hint.setObjectName("hint")
        self.targets = TargetsEditor(ctx)
        self.report = ReportEditor(ctx)
        self.comparison = ComparisonView(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.targets, _("Chỉ tiêu"))
        self.tabs.addTab(self.report, _("Báo cáo năm"))
        self.tabs.addTab(self.comparison, _("So sánh các năm"))
        self._loaded: dict[QWidget, int] = {}  # tab → the year it shows; absent = stale
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.hint)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 6)
        lay.setSpacing(6)
        lay.addLayout(head)
        lay.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        self.targets.changed.connect(self._on_targets_changed)
        ctx.year_changed.connect(self._on_ctx_year_changed)
        ctx.data_changed.connect(self._on_ctx_data_changed)
        self._show_title()

    def _show_title(self) -> None:
        self.title.setText(_("Báo cáo năm {year}").format(year=self.ctx.year))

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self._load_current)

    def hideEvent(self, event) -> None:  # noqa: N802
        """Leaving the screen keeps what was typed in the report's text."""
        if self.report.dirty:
            self.report.save()
        super().hideEvent(event)

    def _load_current(self, background: bool = True) -> None:
        tab = self.tabs.currentWidget()
        if self._loaded.get(tab) == self.ctx.year:
            return
        self._loaded[tab] = self.ctx.year
        if tab is self.targets:
            self.targets.reload()
        elif tab is self.report:
            self.report.load(self.ctx.year, background)
        else:
            self.comparison.load(background)

    def load_now(self) -> None:
        """Load the visible tab on this thread (tests, screenshots)."""
        self._loaded.pop(self.tabs.currentWidget(), None)
        self._load_current(background=False)

    def select_record(self, _record_id) -> None:
        """Opened from "Chưa đặt chỉ tiêu" on Tổng quan: show the targets."""
        self.tabs.setCurrentWidget(self.targets)

    def _on_targets_changed(self) -> None:
        self._loaded.pop(self.report, None)
        self._loaded.pop(self.comparison, None)

    def _on_ctx_year_changed(self, _year: int) -> None:
        self._show_title()
        if self.report.dirty:
            self.report.save()
        self._loaded.clear()
        if self.isVisible():
            self._load_current()

    def _on_ctx_data_changed(self, kind: str) -> None:
        if kind in FIGURE_KINDS:
            self._loaded.pop(self.report, None)
            self._loaded.pop(self.comparison, None)
            if self.isVisible() and self.tabs.currentWidget() is not self.targets:
                QTimer.singleShot(0, self._load_current)
