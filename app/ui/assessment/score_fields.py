"""One indicator on the score form: the points field (typed with the keyboard, "7,5" or "7.5",
empty = not scored), its maximum, the guidance, the computed value of a derived indicator with how
it was computed and its override, the refusal message in red beside the field, the evidence."""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from app.domain.criteria import points_text
from app.i18n import _
from app.services.scoring import IndicatorView
from app.ui import theme
from app.ui.assessment.evidence_view import EvidenceStrip
from app.ui.widgets.form_helpers import mark_invalid

_NUMBER = re.compile(r"\d{1,3}([.,]\d{0,2})?")


@cache
def spin_style() -> str:
    """The points fields drawn like the theme's other fields; red when refused, grey when read-only."""
    from app.paths import resources_dir

    icons = (resources_dir() / "icons").as_posix()
    return f"""
QDoubleSpinBox {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER}; border-radius: 3px;
                  padding: 3px 5px; }}
QDoubleSpinBox:focus {{ border: 1px solid {theme.ACCENT}; }}
QDoubleSpinBox[readonly="true"] {{ background: #eceff1; }}
QDoubleSpinBox[invalid="true"] {{ border: 1px solid {theme.RED}; background: #ffebee; }}
QDoubleSpinBox::up-button {{ subcontrol-position: top right; width: 18px; border: none; }}
QDoubleSpinBox::down-button {{ subcontrol-position: bottom right; width: 18px; border: none; }}
QDoubleSpinBox::up-arrow {{ image: url({icons}/chevron-up.svg); width: 10px; height: 10px; }}
QDoubleSpinBox::down-arrow {{ image: url({icons}/chevron-down.svg); width: 10px; height: 10px; }}
QDoubleSpinBox[readonly="true"]::up-arrow, QDoubleSpinBox[readonly="true"]::down-arrow {{ image: none; }}
"""


class ScoreSpin(QDoubleSpinBox):
    """Points of one indicator. Empty (shown "—") means not scored. The arrows stay within
    0..max; a typed number above the maximum is let through so that the service refuses it with its
    own message (shown beside the field)."""

    EMPTY = -1.0

    def __init__(self, max_points: float, parent=None):
        super().__init__(parent)
        self.max_points = max_points
        self.setDecimals(2)
        self.setRange(self.EMPTY, 999)
        self.setSingleStep(0.5)
        self.setSpecialValueText("—")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setFixedWidth(78)
        self.setStyleSheet(spin_style())  # on the field only: a sheet on the form would restyle every child
        self.setValue(self.EMPTY)

    def points(self) -> float | None:
        v = self.value()
        return None if v < 0 else round(v, 2)

    def set_points(self, points: float | None) -> None:
        self.blockSignals(True)
        self.setValue(self.EMPTY if points is None else points)
        self.blockSignals(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802
        return "" if value < 0 else points_text(value)

    def valueFromText(self, text: str) -> float:  # noqa: N802
        t = text.strip().replace(",", ".")
        if not t or t == "—":
            return self.EMPTY
        try:
            return float(t)
        except ValueError:
            return self.EMPTY

    def validate(self, text: str, pos: int):
        t = text.strip()
        if t in ("", "—"):
            return QValidator.State.Acceptable, text, pos
        if _NUMBER.fullmatch(t):
            state = QValidator.State.Intermediate if t[-1] in ".," else QValidator.State.Acceptable
            return state, text, pos
        return QValidator.State.Invalid, text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802
        v = self.value()
        new = 0.0 if v < 0 and steps > 0 else min(max(v + steps * self.singleStep(), 0.0), self.max_points)
        self.setValue(self.EMPTY if v < 0 and steps < 0 else new)
        self.selectAll()


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class IndicatorRow(QWidget):
    """``edited(code, points | None)`` while typing (for the live total); ``committed(code, points)``
    when the field is left or Enter is pressed; ``override_requested(code)`` /
    ``override_cleared(code)`` for a derived indicator."""

    edited = Signal(str, object)
    committed = Signal(str, object)
    override_requested = Signal(str)
    override_cleared = Signal(str)
    evidence_changed = Signal()

    def __init__(self, ctx, assessment_id: int, view: IndicatorView, locked: bool, parent=None):
        super().__init__(parent)
        self.view, self.code = view, view.code
        self.saved: float | None = view.points if view.derived is None else None
        code = QLabel(f"<b>{view.code}</b>")
        code.setFixedWidth(52)
        code.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        title = QLabel(view.title_vi + (f' <span style="color:{theme.RED}">*</span>' if view.mandatory else ""))
        title.setWordWrap(True)
        if view.mandatory:
            title.setToolTip(_("Chỉ số bắt buộc: phải đạt {need} điểm").format(
                need=points_text(view.floor if view.floor is not None else view.max_points)))
        self.spin = ScoreSpin(view.max_points)
        self.spin.set_points(view.points)
        self.spin.setAccessibleName(f"{view.code} {view.title_vi}")
        self.spin.setToolTip(_("Điểm chỉ số {code}: từ 0 đến {max}; để trống nếu chưa chấm").format(
            code=view.code, max=points_text(view.max_points)))
        of = QLabel(_("/ {max}").format(max=points_text(view.max_points)))
        of.setFixedWidth(34)
        self.error = QLabel()
        self.error.setStyleSheet(f"color:{theme.RED}")
        self.error.setWordWrap(True)
        self.error.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(code, 0, 0)
        grid.addWidget(title, 0, 1)
        grid.addWidget(self.spin, 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(of, 0, 3, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.error, 1, 1, 1, 3)
        if view.derived is not None:
            grid.addLayout(self._derived(view, locked), 2, 1, 1, 3)
        self.evidence = EvidenceStrip(ctx, assessment_id, view.code, view.evidence, locked)
        self.evidence.changed.connect(self.evidence_changed)
        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        bottom.addWidget(_muted(view.guidance_vi), 1) if view.guidance_vi else bottom.addStretch(1)
        bottom.addWidget(self.evidence, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(bottom, 3, 1, 1, 3)
        if view.derived is not None or locked:
            self.spin.setReadOnly(True)
            self.spin.setProperty("readonly", "true")  # grey, no arrows (NoButtons breaks a styled spin box)
            self.spin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.spin.valueChanged.connect(lambda _v: self.edited.emit(self.code, self.spin.points()))
        self.spin.editingFinished.connect(self._on_spin_editing_finished)

    def _derived(self, view: IndicatorView, locked: bool) -> QHBoxLayout:
        d = view.derived
        text = _("Tự tính: {how} → {p} điểm.").format(how=d.explanation or "—", p=points_text(d.points))
        if view.typed is not None:
            text += " " + _("Đã ghi đè: {p} điểm. Lý do: {reason}").format(p=points_text(view.typed),
                                                                         reason=view.override_reason)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(f"color:{theme.AMBER if view.typed is not None else theme.MUTED}")
        row = QHBoxLayout()
        row.addWidget(label, 1)
        button = QPushButton(_("Bỏ ghi đè") if view.typed is not None else _("Ghi đè…"))
        button.setStyleSheet("padding:2px 8px")
        button.setEnabled(not locked)
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        if view.typed is not None:
            button.clicked.connect(lambda: self.override_cleared.emit(self.code))
        else:
            button.clicked.connect(lambda: self.override_requested.emit(self.code))
        self.override_button = button
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _on_spin_editing_finished(self) -> None:
        if self.view.derived is None and not self.spin.isReadOnly():
            self.committed.emit(self.code, self.spin.points())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        mark_invalid(self.spin, bool(message))
