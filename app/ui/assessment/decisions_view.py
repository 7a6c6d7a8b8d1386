"""Quyết định: the year's decision register (number, date, title, signer, how many subjects,
what it amends), the subjects a selected decision recognises, "Ra quyết định…", and "Mở lại…" on
a recognised subject (a reason is required; the subject can then be corrected and decided again
by a decision that amends this one)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.criteria import target_group_name
from app.i18n import _, format_date, format_number
from app.services import decisions
from app.services.errors import NotFound, ValidationFailed
from app.ui.assessment.common import ReasonDialog, empty_state, hint, problems_text, who
from app.ui.assessment.decide_dialog import DecideDialog
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column, RowsModel, rows_table


class DecisionsView(QWidget):
    """``changed()`` after a decision or a reopen; ``open_requested(assessment id, village id)``
    to show a recognised subject's score form."""

    changed = Signal()
    open_requested = Signal(int, object)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rounds: list = []
        self.current_round = None
        self.decide_button = QPushButton(icon("certificates", "#ffffff"), _("Ra quyết định…"))
        self.decide_button.setObjectName("primary")
        self.decide_button.clicked.connect(self.decide)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.register = RowsModel([
            Column(_("Số quyết định"), lambda d: d.number, width=112),
            Column(_("Ngày"), lambda d: format_date(d.decided_on), sort_key=lambda d: d.decided_on, width=86),
            Column(_("Danh hiệu"), lambda d: d.title_name + (f" — {target_group_name(d.target_group)}"
                                                               if d.target_group else ""), width=176),
            Column(_("Người ký"), lambda d: d.signer_name, width=120),
            Column(_("Số lượng"), lambda d: format_number(d.subjects), align_right=True, width=74),
            Column(_("Ghi chú"), lambda d: _("sửa đổi QĐ {n}").format(n=d.amends_number) if d.amends_number
                   else d.reason),
        ], self)
        self.register_table = rows_table(self.register)
        self.register_table.horizontalHeader().setStretchLastSection(False)
        self.register_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.register_table.setColumnWidth(5, 110)
        self.register_table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_recognised())
        self.recognised = RowsModel([
            Column(_("Mã"), lambda r: r.subject.code, width=80),
            Column(_("Tên"), lambda r: r.subject.name, width=170),
            Column(_("Thôn, bản"), lambda r: r.subject.village_name, width=110),
            Column(_("Tổng"), lambda r: "" if r.total is None else format_number(round(r.total, 2)),
                   align_right=True, width=50),
            Column(_("Ghi chú"), lambda r: r.grade or (_("đạt do người chấm quyết định") if r.override_reason else "")),
        ], self)
        self.recognised_table = rows_table(self.recognised)
        self.recognised_table.doubleClicked.connect(lambda _i: self._open_selected())
        self.recognised_title = QLabel()
        self.reopen_button = QPushButton(icon("unlock"), _("Mở lại…"))
        self.reopen_button.setToolTip(_("Mở lại đối tượng đang chọn để sửa (cần lý do)"))
        self.reopen_button.clicked.connect(self.reopen)
        self.open_button = QPushButton(icon("eye"), _("Xem phiếu chấm"))
        self.open_button.clicked.connect(self._open_selected)
        self.empty = empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.register_table)
        self.stack.addWidget(self.empty)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        rl.addWidget(self.recognised_title)
        rl.addWidget(self.recognised_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        rl.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.stack)
        split.addWidget(right)
        split.setSizes([700, 440])
        split.setChildrenCollapsible(False)
        bar = QHBoxLayout()
        bar.addWidget(self.decide_button)
        bar.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(hint(_("Chỉ đối tượng đạt (theo điểm, hoặc do người chấm quyết định kèm lý do) mới được đưa "
                                "vào quyết định. Sau khi có quyết định, điểm bị khóa; muốn sửa phải Mở lại (có lý do) "
                                "rồi ra quyết định sửa đổi.")))

    def set_rounds(self, rounds_of_year, current) -> None:
        self.rounds, self.current_round = list(rounds_of_year), current
        self.reload()

    def reload(self) -> None:
        keep = self.register_table.currentIndex().row()
        rows = decisions.list_decisions(self.ctx.db, self.ctx.year)
        self.register.set_rows(rows)
        self.count_label.setText(_("{n} quyết định năm {year}").format(n=len(rows), year=self.ctx.year))
        self.empty.setText(_("Chưa có quyết định công nhận nào năm {year}. Khi đã chấm điểm và thẩm định xong, bấm "
                             "Ra quyết định…").format(year=self.ctx.year))
        self.stack.setCurrentWidget(self.register_table if rows else self.empty)
        self.decide_button.setEnabled(bool(self.rounds))
        if rows:
            self.register_table.selectRow(min(max(keep, 0), len(rows) - 1))
        self._show_recognised()

    def selected_decision(self):
        idx = self.register_table.currentIndex()
        return self.register.row_at(idx.row()) if idx.isValid() else None

    def _show_recognised(self) -> None:
        d = self.selected_decision()
        rows = decisions.recognised(self.ctx.db, d.id) if d else []
        self.recognised.set_rows(rows)
        self.recognised_title.setText(_("<b>QĐ {number}</b> ngày {day}: công nhận {n} {title}").format(
            number=d.number, day=format_date(d.decided_on), n=format_number(len(rows)), title=d.title_name)
            if d else _("Chọn một quyết định để xem danh sách được công nhận."))
        self.recognised_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for b in (self.reopen_button, self.open_button):
            b.setEnabled(bool(rows))
        if rows:
            self.recognised_table.selectRow(0)

    def _selected_subject(self):
        idx = self.recognised_table.currentIndex()
        return self.recognised.row_at(idx.row()) if idx.isValid() else None

    def _open_selected(self) -> None:
        r = self._selected_subject()
        if r is not None:
            self.open_requested.emit(r.assessment_id, r.subject.village_id)

    # -- actions
    def decide(self) -> None:
        if not self.rounds:
            return
        dialog = DecideDialog(self.ctx, self.rounds, self.current_round, self)
        if not dialog.exec() or dialog.result is None:
            return
        res = dialog.result
        message = _("Đã ra quyết định {number}: công nhận {n} {title}.").format(
            number=res.decision.number, n=format_number(res.listed), title=res.decision.title_name)
        if res.warnings:
            QMessageBox.information(self, _("Đã ra quyết định"), message + "\n\n" + _("Lưu ý:") + "\n"
                                    + "\n".join(res.warnings))
        self.ctx.changed("assessment", message)
        self.reload()
        self.changed.emit()

    def reopen(self) -> None:
        r, d = self._selected_subject(), self.selected_decision()
        if r is None or d is None:
            return

        def run(reason: str) -> str:
            try:
                decisions.reopen(self.ctx.db, r.assessment_id, reason, who())
            except (ValidationFailed, NotFound) as exc:
                return problems_text(exc)
            return ""

        dialog = ReasonDialog(self, _("Mở lại để sửa"), _(
            "Mở lại {what} (đã công nhận trong quyết định {number}) để sửa điểm. Quyết định {number} vẫn giữ tên "
            "đối tượng; sau khi sửa, ra quyết định mới sửa đổi quyết định này.").format(
                what=r.subject.display, number=d.number), run)
        if dialog.exec():
            self.ctx.changed("assessment", _("Đã mở lại {what}.").format(what=r.subject.display))
            self.changed.emit()
