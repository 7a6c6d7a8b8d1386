"""Bộ tiêu chí: every criteria set with its status in words and colour (an unconfirmed sample in
amber), its document and validity; Xác nhận (after checking it against the province's guidance),
Nhập tệp…, Xuất tệp…, Sao chép (into the working year), and Sửa… through the criteria editor
dialog (``app.ui.assessment.criteria_editor``, imported when used; the button is disabled when
that module is not there)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.criteria import STATUSES
from app.i18n import _, format_date
from app.services import criteria_sets
from app.services.criteria_sets import SetInfo
from app.services.errors import NotFound, ValidationFailed
from app.ui import theme
from app.ui.assessment.common import hint, refuse, who
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column, RowsModel, rows_table


def editor_class():
    """The criteria editor dialog class, or None while that module is missing or broken."""
    try:
        from app.ui.assessment.criteria_editor import CriteriaEditorDialog
    except Exception:  # noqa: BLE001 - built separately; a broken import only disables Sửa…
        return None
    return CriteriaEditorDialog


def status_words(s: SetInfo) -> tuple[str, str]:
    if s.status == "sample":
        if s.needs_confirmation:
            return _("Mẫu — chưa xác nhận"), theme.AMBER
        return _("Mẫu — {by} đã xác nhận").format(by=s.confirmed_by), theme.GREEN
    if s.status == "partial":
        return _("Đối chiếu một phần"), theme.AMBER
    return _(STATUSES.get(s.status, s.status)), theme.GREEN


def validity(s: SetInfo) -> str:
    if not s.valid_from and not s.valid_to:
        return _("không hạn")
    return f"{format_date(s.valid_from) or '…'} – {format_date(s.valid_to) or '…'}"


class CriteriaSetsView(QWidget):
    """``changed()`` after a confirmation, an import, a copy or an edit (rounds show set names)."""

    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowsModel([
            Column(_("Danh hiệu"), lambda s: s.title_name + (f" — {s.target_group_name}" if s.target_group else ""),
                   width=230),
            Column(_("Tên bộ tiêu chí"), lambda s: s.name_vi, width=330),
            Column(_("Phiên bản"), lambda s: str(s.version), align_right=True, width=84),
            Column(_("Hiệu lực"), validity, width=170),
            Column(_("Trạng thái"), lambda s: status_words(s)[0], foreground=lambda s: QColor(status_words(s)[1])),
        ], self)
        self.table = rows_table(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_detail())
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.confirm_button = QPushButton(icon("ok"), _("Xác nhận…"))
        self.confirm_button.setToolTip(_("Ghi nhận đã đối chiếu bộ tiêu chí mẫu với hướng dẫn của tỉnh"))
        self.confirm_button.clicked.connect(self.confirm)
        self.import_button = QPushButton(icon("import-excel"), _("Nhập tệp…"))
        self.import_button.clicked.connect(self.import_file)
        self.export_button = QPushButton(icon("export-excel"), _("Xuất tệp…"))
        self.export_button.clicked.connect(self.export_file)
        self.copy_button = QPushButton(_("Sao chép"))
        self.copy_button.clicked.connect(self.copy)
        self.edit_button = QPushButton(icon("edit"), _("Sửa…"))
        self.edit_button.clicked.connect(self.edit)
        if editor_class() is None:
            self.edit_button.setEnabled(False)
            self.edit_button.setToolTip(_("Trình sửa bộ tiêu chí chưa có trong bản này."))
        bar = QHBoxLayout()
        for b in (self.confirm_button, self.edit_button, self.copy_button, self.import_button, self.export_button):
            bar.addWidget(b)
        bar.addStretch(1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.detail, 2)
        layout.addWidget(hint(_("Bộ tiêu chí mẫu phải được xác nhận (hoặc thay bằng bộ của tỉnh) trước khi ra quyết "
                                "định công nhận. Sửa một bộ sẽ xóa xác nhận của bộ đó.")))

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else (self.selected().id if self.selected() else None)
        rows = criteria_sets.list_sets(self.ctx.db)
        self.model.set_rows(rows)
        row = self.model.view_row_of(lambda s: s.id == keep) if keep is not None else -1
        self.table.selectRow(max(row, 0))
        self._show_detail()

    def select_set(self, set_id: int) -> None:
        self.reload(select_id=set_id)
        self.table.setFocus()

    def selected(self) -> SetInfo | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def _show_detail(self) -> None:
        s = self.selected()
        for b in (self.confirm_button, self.export_button, self.copy_button):
            b.setEnabled(s is not None)
        self.confirm_button.setEnabled(bool(s and s.needs_confirmation))
        if s is None:
            self.detail.setText(_("Chưa có bộ tiêu chí nào. Bấm Nhập tệp… để nhập bộ tiêu chí của tỉnh."))
            return
        words, colour = status_words(s)
        lines = [f"<b>{s.name_vi}</b> ({s.code}, {_('phiên bản')} {s.version})",
                 f"<span style='color:{colour};font-weight:bold'>{words}</span>"
                 + (f" — {s.label}" if s.label and s.needs_confirmation else ""),
                 f"{_('Văn bản')}: {s.issuing_document or '—'}",
                 f"{_('Hiệu lực')}: {validity(s)} · {_('Tổng điểm')}: {s.total_points:g}"
                 + (f" · {_('Tỉnh')}: {s.province}" if s.province else "")]
        if s.confirmed_by:
            lines.append(_("Xác nhận: {by}, {at}").format(by=s.confirmed_by, at=format_date(s.confirmed_at)))
        self.detail.setText("<br>".join(lines))

    # -- actions
    def _done(self, message: str, set_id: int | None = None) -> None:
        self.ctx.changed("criteria_set", message)
        self.reload(select_id=set_id)
        self.changed.emit()

    def confirm(self) -> None:
        s = self.selected()
        if s is None or not s.needs_confirmation:
            return
        text = _("Xác nhận đã đối chiếu “{name}” với hướng dẫn của tỉnh và dùng được để ra quyết định công nhận.\n\n"
                 "Người xác nhận:").format(name=s.name_vi)
        while True:
            name, ok = QInputDialog.getText(self, _("Xác nhận bộ tiêu chí"), text, QLineEdit.EchoMode.Normal, who())
            if not ok:
                return
            try:
                criteria_sets.confirm_set(self.ctx.db, s.id, name)
                break
            except (ValidationFailed, NotFound) as exc:
                refuse(self, _("Chưa xác nhận được"), exc)
        self._done(_("{by} đã xác nhận bộ tiêu chí {name}.").format(by=name.strip(), name=s.name_vi), s.id)

    def import_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Nhập bộ tiêu chí"), "", _("Tệp bộ tiêu chí (*.json)"))
        if not path:
            return
        try:
            info = criteria_sets.import_set(self.ctx.db, Path(path), by=who())
        except ValidationFailed as exc:
            refuse(self, _("Không nhập được bộ tiêu chí"), exc)
            return
        self._done(_("Đã nhập bộ tiêu chí {name}.").format(name=info.name_vi), info.id)

    def export_file(self) -> None:
        s = self.selected()
        if s is None:
            return
        path, _f = QFileDialog.getSaveFileName(self, _("Xuất bộ tiêu chí"), f"{s.code}-v{s.version}.json",
                                               _("Tệp bộ tiêu chí (*.json)"))
        if not path:
            return
        try:
            criteria_sets.export_set(self.ctx.db, s.id, Path(path))
        except (OSError, NotFound) as exc:
            QMessageBox.warning(self, _("Không xuất được"), _("Không ghi được tệp: {err}").format(err=exc))
            return
        self.ctx.status.emit(_("Đã xuất bộ tiêu chí ra {path}.").format(path=path))

    def copy(self) -> None:
        s = self.selected()
        if s is None:
            return
        start = date(self.ctx.year, 1, 1)
        if QMessageBox.question(self, _("Sao chép bộ tiêu chí"), _(
                "Tạo bản sao của “{name}” thành phiên bản mới, hiệu lực từ {day}? Bản sao của bộ mẫu vẫn là bộ "
                "mẫu và cần xác nhận riêng.").format(name=s.name_vi, day=format_date(start))) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            info = criteria_sets.copy_set(self.ctx.db, s.id, start, s.valid_to if s.valid_to and
                                          s.valid_to >= start else None, by=who())
        except (ValidationFailed, NotFound) as exc:
            refuse(self, _("Không sao chép được"), exc)
            return
        self._done(_("Đã tạo phiên bản {v} của {name}.").format(v=info.version, name=info.name_vi), info.id)

    def edit(self) -> None:
        s, cls = self.selected(), editor_class()
        if s is None or cls is None:
            return
        dialog = cls(self.ctx, s.id, parent=self)
        dialog.exec()
        saved = getattr(dialog, "saved_id", None)
        if saved:  # the editor has told ctx.changed itself
            self.reload(select_id=saved)
            self.changed.emit()
