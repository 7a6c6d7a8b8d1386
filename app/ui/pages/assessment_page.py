"""Đánh giá: the working year's assessment rounds. On top, one card per title with the year's
counts and the selected round's bar (its criteria set, "Mở đợt đánh giá"); below, the tabs
Đăng ký, Chấm điểm, Chấm theo thôn, Quyết định and Bộ tiêu chí.

Everything follows ``ctx.year``. A tab loads when it is shown and the round or the data changed
since it last loaded; the cards are re-counted after registrations, steps, saves of the grid and
decisions, and when the page or a tab is shown after scores were typed in the form.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.ui.assessment.common import heading
from app.ui.assessment.criteria_sets_view import CriteriaSetsView
from app.ui.assessment.decisions_view import DecisionsView
from app.ui.assessment.grid_view import GridView
from app.ui.assessment.registration import RegistrationView
from app.ui.assessment.round_panel import RoundPanel
from app.ui.assessment.scoring_view import ScoringView
from app.ui.context import UiContext

REGISTRY_KINDS = ("household", "person", "village", "clan", "unit")


class AssessmentPage(QWidget):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.round = None
        self._panel_stale = True
        self._loaded: dict[QWidget, object] = {}  # tab → the round (id, year) it shows; absent = stale
        self.title = heading("")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.panel = RoundPanel(ctx)
        self.registration = RegistrationView(ctx)
        self.scoring = ScoringView(ctx)
        self.grid = GridView(ctx)
        self.decisions = DecisionsView(ctx)
        self.criteria = CriteriaSetsView(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for w, text in ((self.registration, _("Đăng ký")), (self.scoring, _("Chấm điểm")),
                        (self.grid, _("Chấm theo thôn")), (self.decisions, _("Quyết định")),
                        (self.criteria, _("Bộ tiêu chí"))):
            self.tabs.addTab(w, text)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 6)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.panel)
        layout.addWidget(self.tabs, 1)

        self.panel.round_changed.connect(self._on_panel_round_changed)
        self.panel.rounds_changed.connect(self._on_rounds_changed)
        self.panel.set_requested.connect(self._on_panel_set_requested)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.registration.score_requested.connect(self._on_registration_score_requested)
        for view in (self.registration, self.scoring, self.grid, self.decisions):
            view.changed.connect(lambda view=view: self._after_write(view))
        self.criteria.changed.connect(lambda: self._after_write(self.criteria))
        self.decisions.open_requested.connect(self._on_decisions_open_requested)
        ctx.year_changed.connect(self._on_ctx_year_changed)
        ctx.data_changed.connect(self._on_ctx_data_changed)
        self._show_year()

    # -- loading
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._panel_stale:
            QTimer.singleShot(0, self.reload)

    def reload(self) -> None:
        """Re-count the cards and refresh the visible tab if its data changed."""
        self._panel_stale = False
        self.panel.reload()  # emits round_changed → the visible tab loads when stale
        self._load_tab(self.tabs.currentWidget())

    def _show_year(self) -> None:
        self.title.setText(_("Đánh giá năm {year}").format(year=self.ctx.year))
        self.hint.setText(_("Năm làm việc chọn ở thanh trên cùng"))

    def _key(self, tab: QWidget):
        if tab is self.criteria:
            return "sets"
        if tab is self.decisions:
            return ("decisions", self.ctx.year, self.round.id if self.round else None)
        return (self.round.id if self.round else None, self.ctx.year)

    def _load_tab(self, tab: QWidget, force: bool = False) -> None:
        key = self._key(tab)
        if not force and self._loaded.get(tab) == key:
            return
        self._loaded[tab] = key
        if tab is self.criteria:
            self.criteria.reload()
        elif tab is self.decisions:
            self.decisions.set_rounds(self.panel.rounds, self.round)
        elif tab is self.registration:
            self.registration.set_round(self.round, self.panel.rounds)
        else:
            tab.set_round(self.round)

    def _stale_except(self, keep: QWidget | None) -> None:
        for tab in list(self._loaded):
            if tab is not keep:
                del self._loaded[tab]

    # -- signals
    def _on_panel_round_changed(self, info, _title: str) -> None:
        self.round = info
        self._load_tab(self.tabs.currentWidget())

    def _on_rounds_changed(self) -> None:
        self._stale_except(None)
        self._load_tab(self.tabs.currentWidget())

    def _on_tabs_current_changed(self, _index: int) -> None:
        self.panel.set_compact(self.tabs.currentWidget() in (self.scoring, self.grid))
        if self._panel_stale:
            self.reload()
        else:
            self._load_tab(self.tabs.currentWidget())

    def _after_write(self, view: QWidget) -> None:
        """A tab changed data: the others reload when shown; the cards are re-counted now."""
        self._stale_except(view)
        self._panel_stale = False
        self.panel.reload()

    def _on_panel_set_requested(self, set_id: int) -> None:
        self.tabs.setCurrentWidget(self.criteria)
        self.criteria.select_set(set_id)

    def _on_registration_score_requested(self, assessment_id: int) -> None:
        s = self.registration.subjects.current()
        self.tabs.setCurrentWidget(self.scoring)
        self.scoring.open_assessment(assessment_id, s.village_id if s else None)
        self.scoring.form.focus_first()

    def _on_decisions_open_requested(self, assessment_id: int, village_id) -> None:
        d = self.decisions.selected_decision()
        if d is not None and (self.round is None or self.round.id != d.round_id):
            self.panel.select_round(d.round_id)
        self.tabs.setCurrentWidget(self.scoring)
        self.scoring.open_assessment(assessment_id, village_id)

    def _on_ctx_year_changed(self, _year: int) -> None:
        self.grid.confirm_leave()  # the year has changed anyway: pending grid scores are saved or dropped
        self._show_year()
        self._loaded.clear()
        self._panel_stale = True
        if self.isVisible():
            self.reload()

    def _on_ctx_data_changed(self, kind: str) -> None:
        if kind in REGISTRY_KINDS:
            self.registration.subjects.invalidate_registry()
            self._loaded.clear()
            self._panel_stale = True
        elif kind == "assessment_score":
            self._panel_stale = True
            self._stale_except(self.scoring)
