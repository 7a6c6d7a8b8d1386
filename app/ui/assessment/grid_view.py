"""Chấm theo thôn — the village grid: type a number and press Enter (down) or Tab (right, skipping
computed columns) as in Excel; the row's total and result follow each edit; Ctrl+S saves every
pending score at once through :func:`app.services.scoring.set_scores` (all or nothing, refused
cells red with the reason); the scoring sheet goes out to Excel and comes back with a preview of
its problems."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_number
from app.services import score_grid as sg
from app.services import scoring, villages
from app.services.errors import NotFound, ValidationFailed
from app.ui.assessment.common import empty_state, hint, problems_text, recompute_year, refuse, who
from app.ui.assessment.grid_model import FIXED, GridModel
from app.ui.assessment.sheet_import import import_sheet_with_preview
from app.ui.icons import icon


class GridTable(QTableView):
    """Enter commits and moves down; Tab / Shift+Tab commit and move to the next editable cell;
    Delete clears the selected cells."""

    def closeEditor(self, editor, hint) -> None:  # noqa: N802
        H = QAbstractItemDelegate.EndEditHint  # noqa: N806
        if hint in (H.SubmitModelCache, H.EditNextItem, H.EditPreviousItem):
            super().closeEditor(editor, H.NoHint)
            if hint == H.SubmitModelCache:
                self.move_to(self.currentIndex().row() + 1, self.currentIndex().column(), edit=False)
            else:
                self.step(1 if hint == H.EditNextItem else -1)
            return
        super().closeEditor(editor, hint)

    def step(self, direction: int) -> None:
        m, idx = self.model(), self.currentIndex()
        cols, rows = m.columnCount(), m.rowCount()
        pos = idx.row() * cols + idx.column()
        for n in range(pos + direction, rows * cols if direction > 0 else -1, direction):
            r, c = divmod(n, cols)
            if m.flags(m.index(r, c)) & Qt.ItemFlag.ItemIsEditable:
                self.move_to(r, c, edit=False)
                return

    def move_to(self, row: int, col: int, edit: bool) -> None:
        idx = self.model().index(row, col)
        if idx.isValid():
            self.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(idx)
            if edit:
                self.edit(idx)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                for idx in self.selectionModel().selectedIndexes():
                    if idx.flags() & Qt.ItemFlag.ItemIsEditable:
                        self.model().setData(idx, "")
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_to(self.currentIndex().row() + 1, self.currentIndex().column(), edit=False)
                return
            if event.key() == Qt.Key.Key_Tab:
                self.step(1)
                return
            if event.key() == Qt.Key.Key_Backtab:
                self.step(-1)
                return
        super().keyPressEvent(event)


class GridView(QWidget):
    """The tab. ``changed()`` after a save or an import, for the page's counts."""

    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.round = None
        self.model = GridModel(self)
        self.village = QComboBox()
        self.village.setMinimumWidth(160)
        self.village.activated.connect(self._on_village_activated)
        self._village_id = None
        self.save_button = QPushButton(icon("save", "#ffffff"), _("Lưu"))
        self.save_button.setObjectName("primary")
        self.save_button.setStyleSheet("QPushButton:disabled { background: #b0bec5; border-color: #b0bec5; color: white; }")
        self.save_button.setToolTip(_("Lưu mọi điểm đã nhập (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.undo_button = QPushButton(_("Bỏ thay đổi"))
        self.undo_button.clicked.connect(self.discard)
        self.export_button = QPushButton(icon("export-excel"), _("Xuất phiếu chấm Excel…"))
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton(icon("import-excel"), _("Nhập phiếu chấm…"))
        self.import_button.clicked.connect(self.import_sheet)
        self.recompute_button = QPushButton(icon("refresh"), _("Tính lại"))
        self.recompute_button.setToolTip(_("Tính lại các chỉ số tự tính từ dữ liệu hộ, nhân khẩu của năm"))
        self.recompute_button.clicked.connect(self.recompute)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table = GridTable()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setMinimumWidth(34)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setWordWrap(False)
        self.model.modelReset.connect(self._size_columns)
        self.model.dataChanged.connect(lambda *_a: self._count())
        self.empty = empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Thôn:")))
        bar.addWidget(self.village)
        bar.addWidget(self.save_button)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.recompute_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(hint(_("Gõ điểm, Enter xuống, Tab sang phải; Ctrl+S lưu tất cả. Ô xám: tự tính (ghi đè trong "
                                "phiếu chấm), * đã ghi đè; ô vàng: chưa lưu; ô đỏ: không hợp lệ, di chuột để xem lý do.")))

    # -- loading
    def set_round(self, info) -> None:
        if not self.confirm_leave():
            return
        self.round = info
        keep = self.village.currentData()
        self.village.clear()
        if info is not None and info.title_code in ("GDHT", "CDHT_CONG_DAN"):  # many subjects: a village at a time
            for v in villages.list_villages(self.ctx.db):
                self.village.addItem(v.name, v.id)
        else:
            self.village.addItem(_("Cả xã"), None)
        self.village.setCurrentIndex(max(self.village.findData(keep), 0))
        self.reload()

    def reload(self) -> None:
        self._village_id = self.village.currentData()
        grid = None
        if self.round is not None:
            try:
                grid = sg.village_grid(self.ctx.db, self.round.id, self._village_id)
            except NotFound:
                grid = None
        self.model.set_grid(grid)
        if grid is None or not grid.rows:
            self.empty.setText(_("Chưa có đợt đánh giá. Bấm Mở đợt đánh giá ở phía trên.") if self.round is None else
                               _("Chưa có ai ở {where} đăng ký. Đăng ký ở thẻ Đăng ký rồi chấm ở đây.").format(
                                   where=self.village.currentText()))
        self.stack.setCurrentWidget(self.table if grid and grid.rows else self.empty)
        for b in (self.export_button, self.import_button, self.recompute_button):
            b.setEnabled(self.round is not None)
        self._count()
        if grid and grid.rows:
            self.table.move_to(0, FIXED, edit=False)

    def _size_columns(self) -> None:
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if not self.model.grid:
            return
        self.table.setColumnWidth(0, 92)
        self.table.setColumnWidth(1, 180)
        for c in range(FIXED, self.model.columnCount()):
            self.table.setColumnWidth(c, 58)
        self.table.setColumnWidth(self.model.columnCount() - 1, 110)

    def _count(self) -> None:
        n = len(self.model.grid.rows) if self.model.grid else 0
        pending, bad = len(self.model.pending), len(self.model.errors)
        text = _("{n} đối tượng").format(n=format_number(n))
        if pending:
            text += " · " + _("{p} ô chưa lưu").format(p=format_number(pending))
        if bad:
            text += " · " + _("{b} ô không hợp lệ").format(b=format_number(bad))
        self.count_label.setText(text)
        self.save_button.setEnabled(bool(pending))
        self.undo_button.setEnabled(bool(pending))

    def confirm_leave(self) -> bool:
        """With unsaved scores: save them, drop them or stay (False)."""
        if not self.model.pending:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, _("Điểm chưa lưu"),
                          _("Có {n} ô điểm chưa lưu ở {where}. Lưu trước khi chuyển?").format(
                              n=len(self.model.pending), where=self.village.currentText()), parent=self)
        save = box.addButton(_("Lưu"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(_("Không lưu"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Ở lại"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is save:
            return self.save()
        return box.clickedButton() is drop

    def _on_village_activated(self, _i: int) -> None:
        if self.village.currentData() == self._village_id:
            return
        if not self.confirm_leave():
            self.village.setCurrentIndex(max(self.village.findData(self._village_id), 0))
            return
        self.reload()

    # -- saving
    def save(self) -> bool:
        """Store every pending change at once; True when saved (or nothing to save)."""
        editor = self.table.indexWidget(self.table.currentIndex())
        if self.table.state() == QAbstractItemView.State.EditingState and editor is not None:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.table.setFocus()
        scores, pres, bad = self.model.changes()
        if bad:
            QMessageBox.warning(self, _("Chưa lưu được"), _("Có {n} ô không phải là số (màu đỏ). Sửa rồi lưu lại.")
                                .format(n=bad))
            return False
        if not scores and not pres:
            return True
        try:
            n = scoring.set_scores(self.ctx.db, scores, who(), preconditions=pres)
        except ValidationFailed as exc:
            self.model.show_problems(exc.problems)
            self._count()
            QMessageBox.warning(self, _("Chưa lưu điểm nào"), _("Không lưu được vì các ô sau (màu đỏ); chưa điểm nào "
                                                               "được lưu:") + "\n" + problems_text(exc))
            return False
        except NotFound as exc:
            refuse(self, _("Chưa lưu được"), exc)
            return False
        current = self.table.currentIndex()
        self.reload()
        if current.isValid():
            self.table.move_to(current.row(), current.column(), edit=False)
        self.ctx.changed("assessment", _("Đã lưu {n} điểm ở {where}.").format(n=format_number(n),
                                                                             where=self.village.currentText()))
        self.changed.emit()
        return True

    def discard(self) -> None:
        self.reload()

    def recompute(self) -> None:
        if self.round is None or not self.confirm_leave():
            return
        res = recompute_year(self, self.ctx.db, self.round.year)
        self.reload()
        self.ctx.changed("assessment", _("Đã tính lại điểm năm {year}: {n} đánh giá thay đổi.").format(
            year=res.year, n=format_number(res.changed)))
        self.changed.emit()

    # -- the spreadsheet
    def export(self) -> None:
        if self.round is None or not self.confirm_leave():
            return
        name = _("Phieu cham {title} {year} {where}.xlsx").format(
            title=self.round.title_code, year=self.round.year, where=self.village.currentText())
        path, _f = QFileDialog.getSaveFileName(self, _("Xuất phiếu chấm Excel"), name, _("Bảng tính Excel (*.xlsx)"))
        if not path:
            return
        try:
            n = sg.export_sheet(self.ctx.db, self.round.id, Path(path), self._village_id)
        except (OSError, NotFound) as exc:
            QMessageBox.warning(self, _("Không xuất được"), _("Không ghi được tệp: {err}").format(err=exc))
            return
        self.ctx.status.emit(_("Đã xuất phiếu chấm {n} dòng: {path}").format(n=n, path=path))

    def import_sheet(self) -> None:
        if self.round is None or not self.confirm_leave():
            return
        path, _f = QFileDialog.getOpenFileName(self, _("Nhập phiếu chấm"), "", _("Bảng tính Excel (*.xlsx)"))
        if path and import_sheet_with_preview(self, self.ctx, Path(path)):
            self.reload()
            self.changed.emit()
