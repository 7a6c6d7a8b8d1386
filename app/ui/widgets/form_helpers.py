"""Small pieces every form uses: required labels, field problem labels, choice combos."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QWidget

from app.domain.text import fold
from app.i18n import _
from app.services.errors import Problem


def required_label(text: str) -> QLabel:
    label = QLabel(f'{text} <span style="color:#c62828">*</span>')
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class FieldMessage(QLabel):
    """The red (error) or amber (warning) line under a field; hidden when empty."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()

    def show_problems(self, problems: list[Problem]) -> None:
        if not problems:
            self.clear()
            self.hide()
            return
        errors = [p for p in problems if p.level == "error"]
        shown = errors or problems
        self.setObjectName("fieldError" if errors else "fieldWarning")
        self.setStyleSheet("color:#c62828" if errors else "color:#b26a00")
        self.setText("\n".join(("⚠ " if p.level == "warning" else "") + p.message for p in shown))
        self.show()


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", "true" if invalid else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def choice_combo(choices, empty_label: str | None = None, searchable: bool = False) -> QComboBox:
    """A combo of (code, label) pairs; code in the item data. Searchable: type without accents."""
    box = QComboBox()
    if empty_label is not None:
        box.addItem(empty_label, "")
    for code, label in choices:
        box.addItem(_(label), code)
    if searchable:
        make_searchable(box)
    return box


def make_searchable(box: QComboBox) -> None:
    """Let the user type part of an item (accents optional) and pick it with Enter."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(box.model(), box)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    box.setCompleter(completer)

    def on_edited() -> None:
        text = fold(box.lineEdit().text())
        if not text:
            return
        for i in range(box.count()):
            if fold(box.itemText(i)) == text:
                box.setCurrentIndex(i)
                return
        for i in range(box.count()):
            if fold(box.itemText(i)).startswith(text) or f" {text}" in f" {fold(box.itemText(i))}":
                box.setCurrentIndex(i)
                return

    box.lineEdit().editingFinished.connect(on_edited)


def set_combo_data(box: QComboBox, value) -> None:
    i = box.findData(value)
    box.setCurrentIndex(i if i >= 0 else 0)
