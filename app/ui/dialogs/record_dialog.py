"""The small form base the village, clan and unit forms share: label left, field right, required
fields marked, problems in red under their field, Ctrl+S saves, Esc cancels (asking when something
changed), Tab goes top to bottom; and the pieces those forms build with (name, notes, a list of
members with its buttons).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.errors import InUse, NotFound, Problem, ValidationFailed
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.widgets.form_helpers import FieldMessage, mark_invalid, required_label


def ask_discard_changes(parent: QWidget) -> bool:
    """Ask whether to close a form and lose its unsaved changes; True to discard."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Thay đổi chưa lưu"), _("Bỏ các thay đổi chưa lưu?"),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(_("Những gì vừa nhập sẽ mất. Bấm “Tiếp tục sửa” rồi Ctrl+S nếu muốn lưu lại."))
    discard = box.addButton(_("Bỏ thay đổi"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Tiếp tục sửa"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


class RecordDialog(QDialog):
    """A record form. Subclasses add fields with :meth:`add_field`, then call :meth:`finish`;
    they implement :meth:`snapshot` (the values, to detect changes) and :meth:`write` (call the
    service, return the record id, raise ValidationFailed) and :meth:`saved_message`.

    After a successful save ``saved_id`` is the record's id, ``ctx.changed(kind, message)`` has
    been called and the dialog is accepted.
    """

    kind = ""

    def __init__(self, ctx: UiContext, title: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.saved_id: int | None = None
        self._clean: object = None
        self._messages: dict[str, FieldMessage] = {}
        self._fields: dict[str, QWidget] = {}
        self._tab_chain: list[QWidget] = []
        self.setWindowTitle(title)
        self._line_height = QLineEdit().sizeHint().height()

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.form.setHorizontalSpacing(12)
        self.general_message = FieldMessage()
        self.required_note = QLabel(_("Mục có dấu * là bắt buộc."))
        self.required_note.setObjectName("hint")
        self.save_btn = QPushButton(icon("save", "#ffffff"), _("Lưu"))
        self.save_btn.setObjectName("primary")
        self.save_btn.setToolTip(_("Lưu (Ctrl+S)"))
        self.save_btn.setAutoDefault(False)
        self.save_btn.clicked.connect(self.save)
        self.cancel_btn = QPushButton(_("Hủy"))
        self.cancel_btn.setToolTip(_("Hủy (Esc)"))
        self.cancel_btn.setAutoDefault(False)
        self.cancel_btn.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)

        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 14, 16, 12)
        self.body.setSpacing(10)
        self.body.addLayout(self.form)

    # -- building
    def add_field(self, key: str, label: str, widget: QWidget, required: bool = False,
                  hint: str | None = None, focus: QWidget | None = None, grow: bool = False) -> FieldMessage:
        """A form row: ``label`` (with a red * when required) left, ``widget`` right, and under
        it an optional grey one-line ``hint`` and the red problem line of field ``key``. Only a
        ``grow`` row (a list) takes the height the dialog has to spare."""
        cell = QWidget()
        col = QVBoxLayout(cell)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(widget, 1)
        if hint:
            note = QLabel(hint)
            note.setObjectName("hint")
            col.addWidget(note)
        message = FieldMessage()
        col.addWidget(message)
        vertical = QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Maximum
        cell.setSizePolicy(QSizePolicy.Policy.Preferred, vertical)
        label_widget = required_label(label) if required else QLabel(label)
        label_widget.setBuddy(focus or widget)
        # as tall as a line edit, text centred: the label lines up with the first line of its field
        label_widget.setMinimumHeight(self._line_height)
        label_widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.addRow(label_widget, cell)
        self._messages[key] = message
        self._fields[key] = focus or widget
        self._tab_chain.append(focus or widget)
        return message

    def add_to_tab_chain(self, *widgets: QWidget) -> None:
        self._tab_chain.extend(widgets)

    def finish(self) -> None:
        """Add the problem line and the buttons, set the Tab order and remember the clean state."""
        self.body.addWidget(self.general_message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.required_note)
        buttons.addStretch(1)
        buttons.addWidget(self.save_btn)
        buttons.addWidget(self.cancel_btn)
        self.body.addLayout(buttons)
        chain = [*self._tab_chain, self.save_btn, self.cancel_btn]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.mark_clean()

    # -- state
    def snapshot(self) -> object:
        raise NotImplementedError

    def mark_clean(self) -> None:
        self._clean = self.snapshot()

    def is_dirty(self) -> bool:
        return self.snapshot() != self._clean

    # -- problems
    def show_problems(self, problems: list[Problem]) -> None:
        """Each problem in red under its field (unknown fields under the form); focus the first."""
        by_field: dict[str, list[Problem]] = {}
        for p in problems:
            by_field.setdefault(p.field if p.field in self._messages else "", []).append(p)
        for key, message in self._messages.items():
            message.show_problems(by_field.get(key, []))
            mark_invalid(self._fields[key], any(p.level == "error" for p in by_field.get(key, [])))
        self.general_message.show_problems(by_field.get("", []))
        first = next((k for k in self._messages if by_field.get(k)), None)
        if first:
            self._fields[first].setFocus()

    def clear_problems(self) -> None:
        self.show_problems([])

    # -- saving and cancelling
    def check(self) -> list[Problem]:
        """Problems found before calling the service (override for form-only checks)."""
        return []

    def write(self) -> int:
        raise NotImplementedError

    def saved_message(self) -> str:
        raise NotImplementedError

    def save(self) -> bool:
        problems = self.check()
        if any(p.level == "error" for p in problems):
            self.show_problems(problems)
            return False
        try:
            self.saved_id = self.write()
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return False
        except (InUse, NotFound) as exc:
            reasons = exc.reasons if isinstance(exc, InUse) else [_("Bản ghi này không còn: có thể đã bị xóa.")]
            self.show_problems([Problem("", r) for r in reasons])
            return False
        self.clear_problems()
        self.mark_clean()
        self.ctx.changed(self.kind, self.saved_message())
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty() and not ask_discard_changes(self):
            return
        super().reject()

    # -- pieces of the clan and unit forms
    def name_field(self, placeholder: str) -> QLineEdit:
        """The record's name; typing clears its problem line."""
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda _t: self._messages["name"].show_problems([]))
        return edit

    @staticmethod
    def notes_field(height: int) -> QPlainTextEdit:
        """A few lines of notes; Tab leaves it for the next field."""
        notes = QPlainTextEdit()
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(height)
        return notes

    @staticmethod
    def members_table(columns: tuple[str, ...]) -> QTableWidget:
        """The list of a record's members (households, staff): whole rows, several at a time."""
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels([_(c) for c in columns])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        return table

    @staticmethod
    def members_box(table: QTableWidget, *below: QWidget | QLayout) -> QWidget:
        """The members ``table`` taking the height, with the widgets and rows ``below`` it."""
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)
        col.addWidget(table, 1)
        for item in below:
            if isinstance(item, QLayout):
                col.addLayout(item)
            else:
                col.addWidget(item)
        return box

    def name_required(self, problem: str) -> list[Problem]:
        """``problem`` under the name when ``self.name`` holds no text."""
        if not self.name.text().strip():
            return [Problem("name", problem)]
        return []
