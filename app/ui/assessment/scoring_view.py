"""The Chấm điểm tab: the round's registered subjects of a village on the left (Up/Down to move,
Enter to go into the form), the score form of the current one on the right."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from app.i18n import _
from app.ui.assessment.common import hint
from app.ui.assessment.score_form import ScoreFormView
from app.ui.assessment.subjects import SubjectList


class ScoringView(QWidget):
    """``changed()`` when something the page's counts show has changed (a reopen, an override)."""

    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.subjects = SubjectList(ctx, registered_only=True)
        self.subjects.setMinimumWidth(300)
        self.form = ScoreFormView(ctx)
        self.subjects.current_changed.connect(self._on_subjects_current_changed)
        self.subjects.activated.connect(lambda _s: self.form.focus_first())
        self.form.saved.connect(self._on_form_saved)
        self.form.changed.connect(self._on_form_changed)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.subjects, 1)
        left_layout.addWidget(hint(_("Enter: vào phiếu chấm · Tab: chỉ số tiếp theo · Alt+↓ / Alt+↑: đối tượng "
                                     "tiếp theo / trước")))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.form)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        split.setSizes([380, 760])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(split)
        for keys, step in (("Alt+Down", 1), ("Alt+Up", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self.next_subject(step),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def next_subject(self, step: int) -> None:
        """Alt+↓ / Alt+↑: the next or previous subject of the list, the cursor in its first score."""
        t = self.subjects.table
        row = t.currentIndex().row() + step
        if 0 <= row < self.subjects.model.rowCount():
            self.form.flush()
            t.selectRow(row)
            self.form.focus_first()

    def set_round(self, info) -> None:
        self.form.show_nothing()
        self.subjects.set_round(info)

    def reload(self) -> None:
        self.subjects.reload()
        if self.form.assessment_id is not None and self.subjects.current() is not None:
            self.form.reload()

    def open_assessment(self, assessment_id: int, village_id: int | None = None) -> None:
        """Show the form of ``assessment_id``, switching the list to its village when needed."""
        if not self.subjects.select_assessment(assessment_id) and village_id is not None:
            i = self.subjects.village.findData(village_id)
            if i >= 0:
                self.subjects.village.setCurrentIndex(i)
                self.subjects.reload()
                self.subjects.select_assessment(assessment_id)
        if self.form.assessment_id != assessment_id:
            self.form.load(assessment_id)

    def _on_subjects_current_changed(self, s) -> None:
        self.form.flush()
        if s is None:
            self.form.show_nothing()
        elif s.assessment_id != self.form.assessment_id:
            self.form.load(s.assessment_id)

    def _on_form_saved(self, assessment_id: int, total, passed: bool, complete: bool) -> None:
        m = self.subjects.model
        for n, s in enumerate(m.rows):
            if s.assessment_id == assessment_id:
                m.rows[n] = replace(s, total=total, passed=passed, complete=complete)
                m.dataChanged.emit(m.index(0, 0), m.index(m.rowCount() - 1, m.columnCount() - 1))
                break
        self.ctx.data_changed.emit("assessment_score")

    def _on_form_changed(self) -> None:
        self.subjects.reload()
        self.changed.emit()
