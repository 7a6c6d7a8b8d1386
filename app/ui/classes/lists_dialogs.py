"""The centre's own lists for classes: an instructor's form (also used inline from the class form)
and the "Chủ đề và báo cáo viên" dialog (add, rename, hide or delete topics; add, edit or delete
instructors). Every change goes through :mod:`app.services.class_lists`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import class_lists as cl
from app.services.errors import InUse, NotFound, ValidationFailed
from app.ui.classes.common import problems_text
from app.ui.icons import icon
from app.ui.theme import GREY
from app.ui.widgets.form_helpers import FieldMessage, required_label


class InstructorDialog(QDialog):
    """Add or edit an instructor; after Accepted, ``saved`` is the :class:`InstructorRow`."""

    def __init__(self, db, row: cl.InstructorRow | None = None, parent=None, name: str = ""):
        super().__init__(parent)
        self.db, self.row, self.saved = db, row, None
        self.setWindowTitle(_("Sửa báo cáo viên") if row else _("Thêm báo cáo viên"))
        self.name = QLineEdit(row.full_name if row else name)
        self.organisation = QLineEdit(row.organisation if row else "")
        self.organisation.setPlaceholderText(_("Ví dụ: Trạm Khuyến nông, Trạm Y tế xã, Công an xã"))
        self.phone = QLineEdit(row.phone if row else "")
        self.message = FieldMessage()
        form = QFormLayout()
        form.addRow(required_label(_("Họ và tên")), self.name)
        form.addRow(_("Cơ quan, tổ chức"), self.organisation)
        form.addRow(_("Điện thoại"), self.phone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.setMinimumWidth(460)

    def save(self) -> None:
        data = cl.InstructorData(self.name.text(), self.organisation.text(), self.phone.text(),
                                 self.row.notes if self.row else "")
        try:
            self.saved = cl.save_instructor(self.db, data, self.row.id if self.row else None)
        except (ValidationFailed, NotFound) as exc:
            self.message.show_problems(exc.problems if isinstance(exc, ValidationFailed) else [])
            if isinstance(exc, NotFound):
                QMessageBox.warning(self, self.windowTitle(), problems_text(exc))
            self.name.setFocus()
            return
        self.accept()


class ListsDialog(QDialog):
    """Topics and instructors of the centre. ``changed`` is True once anything was saved."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx, self.changed = ctx, False
        self.setWindowTitle(_("Chủ đề và báo cáo viên"))
        self.resize(620, 480)
        self.topics = QListWidget()
        self.instructors = QListWidget()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._page(self.topics, (
            (_("Thêm chủ đề"), "add", self.add_topic), (_("Đổi tên"), "edit", self.rename_topic),
            (_("Ẩn / hiện"), "eye", self.toggle_topic), (_("Xóa"), "delete", self.delete_topic)),
            _("Chủ đề có sẵn không xóa được; có thể ẩn đi. Chủ đề ẩn không hiện khi tạo lớp mới.")), _("Chủ đề"))
        self.tabs.addTab(self._page(self.instructors, (
            (_("Thêm báo cáo viên"), "add", self.add_instructor), (_("Sửa"), "edit", self.edit_instructor),
            (_("Xóa"), "delete", self.delete_instructor)), ""), _("Báo cáo viên"))
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self.topics.itemDoubleClicked.connect(lambda _i: self.rename_topic())
        self.instructors.itemDoubleClicked.connect(lambda _i: self.edit_instructor())
        self.reload()

    @staticmethod
    def _page(lst: QListWidget, buttons, hint: str) -> QWidget:
        page = QWidget()
        lay = QHBoxLayout(page)
        lay.addWidget(lst, 1)
        col = QVBoxLayout()
        for text, name, slot in buttons:
            b = QPushButton(icon(name), text)
            b.clicked.connect(slot)
            col.addWidget(b)
        col.addStretch(1)
        if hint:
            note = QLabel(hint)
            note.setObjectName("hint")
            note.setWordWrap(True)
            note.setMaximumWidth(200)
            col.addWidget(note)
        lay.addLayout(col)
        return page

    def reload(self) -> None:
        self.topics.clear()
        for t in cl.list_topics(self.ctx.db, include_inactive=True):
            item = QListWidgetItem(t.name if t.active else _("{name} (đã ẩn)").format(name=t.name))
            item.setData(Qt.ItemDataRole.UserRole, t)
            if not t.active:
                item.setForeground(QColor(GREY))
            self.topics.addItem(item)
        self.instructors.clear()
        for i in cl.list_instructors(self.ctx.db):
            item = QListWidgetItem(i.display)
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.instructors.addItem(item)

    def _current(self, lst: QListWidget):
        item = lst.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _done(self, message: str) -> None:
        self.changed = True
        self.reload()
        self.ctx.changed("class_list", message)

    def _try(self, fn) -> bool:
        try:
            fn()
        except (ValidationFailed, InUse, NotFound) as exc:
            QMessageBox.warning(self, self.windowTitle(), problems_text(exc))
            return False
        return True

    def add_topic(self) -> None:
        name, ok = QInputDialog.getText(self, _("Thêm chủ đề"), _("Tên chủ đề:"))
        if ok and self._try(lambda: cl.save_topic(self.ctx.db, name)):
            self._done(_("Đã thêm chủ đề {name}.").format(name=name.strip()))

    def rename_topic(self) -> None:
        t = self._current(self.topics)
        if t is None:
            return
        name, ok = QInputDialog.getText(self, _("Đổi tên chủ đề"), _("Tên chủ đề:"), text=t.name)
        if ok and self._try(lambda: cl.save_topic(self.ctx.db, name, t.id, t.active)):
            self._done(_("Đã đổi tên chủ đề thành {name}.").format(name=name.strip()))

    def toggle_topic(self) -> None:
        t = self._current(self.topics)
        if t is not None and self._try(lambda: cl.save_topic(self.ctx.db, t.name, t.id, not t.active)):
            self._done((_("Đã hiện lại chủ đề {name}.") if not t.active else _("Đã ẩn chủ đề {name}.")).format(
                name=t.name))

    def delete_topic(self) -> None:
        t = self._current(self.topics)
        if t is None:
            return
        if QMessageBox.question(self, _("Xóa chủ đề"), _("Xóa chủ đề “{name}”?").format(name=t.name)) \
                != QMessageBox.StandardButton.Yes:
            return
        if self._try(lambda: cl.delete_topic(self.ctx.db, t.id)):
            self._done(_("Đã xóa chủ đề {name}.").format(name=t.name))

    def add_instructor(self) -> None:
        d = InstructorDialog(self.ctx.db, None, self)
        if d.exec() and d.saved:
            self._done(_("Đã thêm báo cáo viên {name}.").format(name=d.saved.full_name))

    def edit_instructor(self) -> None:
        row = self._current(self.instructors)
        if row is None:
            return
        d = InstructorDialog(self.ctx.db, row, self)
        if d.exec() and d.saved:
            self._done(_("Đã lưu báo cáo viên {name}.").format(name=d.saved.full_name))

    def delete_instructor(self) -> None:
        row = self._current(self.instructors)
        if row is None:
            return
        if QMessageBox.question(self, _("Xóa báo cáo viên"), _("Xóa báo cáo viên {name}?").format(
                name=row.display)) != QMessageBox.StandardButton.Yes:
            return
        if self._try(lambda: cl.delete_instructor(self.ctx.db, row.id)):
            self._done(_("Đã xóa báo cáo viên {name}.").format(name=row.full_name))
