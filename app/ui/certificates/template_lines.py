"""The wording lines of a certificate template as an editable table: text, size, bold, italic,
colour; with buttons to add, remove and move lines and to insert a field (``{recipient}``…).
The line's other settings (shrink floor, lines to wrap to, space before) are kept as they were."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.printing.templates import PLACEHOLDERS, TemplateLine
from app.ui.certificates.common import number_locale
from app.ui.icons import icon

COLOURS = (("black", N_("Đen")), ("accent", N_("Đỏ")), ("gold", N_("Vàng")))
TEXT, SIZE, BOLD, ITALIC, COLOUR = range(5)


def _centred(widget: QWidget) -> QWidget:
    holder = QWidget()
    lay = QHBoxLayout(holder)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(widget, 0, Qt.AlignmentFlag.AlignCenter)
    return holder


class LinesEditor(QWidget):
    """``edited()`` after any change."""

    edited = Signal()

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Nội dung"), _("Cỡ chữ"), _("Đậm"), _("Nghiêng"), _("Màu")])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((SIZE, 66), (BOLD, 40), (ITALIC, 72), (COLOUR, 70)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, width)
        self.table.itemChanged.connect(lambda _i: self.edited.emit())
        self.add_button = QPushButton(icon("add"), "")
        self.add_button.setToolTip(_("Thêm dòng"))
        self.add_button.clicked.connect(self.add_line)
        self.remove_button = QPushButton(icon("delete"), "")
        self.remove_button.setToolTip(_("Xóa dòng đang chọn"))
        self.remove_button.clicked.connect(self.remove_line)
        self.up_button = QPushButton(icon("chevron-up"), "")
        self.up_button.setToolTip(_("Chuyển dòng lên"))
        self.up_button.clicked.connect(lambda: self.move_line(-1))
        self.down_button = QPushButton(icon("chevron-down"), "")
        self.down_button.setToolTip(_("Chuyển dòng xuống"))
        self.down_button.clicked.connect(lambda: self.move_line(1))
        self.field = QComboBox()
        self.field.addItem(_("Chèn trường…"), None)
        for name, meaning in PLACEHOLDERS.items():
            self.field.addItem(f"{{{name}}} — {meaning}", name)
        self.field.setMaximumWidth(150)
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            b.setFixedWidth(34)
        self.field.activated.connect(self._on_field_activated)
        head = QHBoxLayout()
        head.addWidget(QLabel(f"<b>{title}</b>"))
        head.addStretch(1)
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            head.addWidget(b)
        head.addWidget(self.field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)

    # -- reading and writing
    def set_lines(self, lines) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for line in lines:
            self._append(line)
        self.table.blockSignals(False)

    def _append(self, line: TemplateLine, row: int | None = None) -> None:
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        item = QTableWidgetItem(line.text)
        item.setData(Qt.ItemDataRole.UserRole, line)
        self.table.setItem(row, TEXT, item)
        size = QDoubleSpinBox()
        size.setLocale(number_locale())
        size.setRange(4, 72)
        size.setDecimals(1)
        size.setSingleStep(1)
        size.setValue(line.size)
        size.valueChanged.connect(lambda _v: self.edited.emit())
        self.table.setCellWidget(row, SIZE, size)
        for col, value in ((BOLD, line.bold), (ITALIC, line.italic)):
            box = QCheckBox()
            box.setChecked(value)
            box.toggled.connect(lambda _v: self.edited.emit())
            self.table.setCellWidget(row, col, _centred(box))
        colour = QComboBox()
        for key, label in COLOURS:
            colour.addItem(_(label), key)
        colour.setCurrentIndex(max(colour.findData(line.color), 0))
        colour.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.table.setCellWidget(row, COLOUR, colour)

    def _check(self, row: int, col: int) -> QCheckBox:
        return self.table.cellWidget(row, col).findChild(QCheckBox)

    def line(self, row: int) -> TemplateLine:
        item = self.table.item(row, TEXT)
        base = item.data(Qt.ItemDataRole.UserRole) or TemplateLine("")
        size = self.table.cellWidget(row, SIZE).value()
        floor = base.min_size if base.min_size is None or base.min_size <= size else round(size * 0.75, 1)
        return replace(base, text=item.text(), size=size, bold=self._check(row, BOLD).isChecked(),
                       italic=self._check(row, ITALIC).isChecked(),
                       color=self.table.cellWidget(row, COLOUR).currentData(), min_size=floor)

    def lines(self) -> tuple[TemplateLine, ...]:
        return tuple(self.line(r) for r in range(self.table.rowCount()))

    def set_text(self, row: int, text: str) -> None:
        """Replace a line's wording (as typing in its cell would)."""
        self.table.item(row, TEXT).setText(text)

    # -- buttons
    def add_line(self) -> None:
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else self.table.rowCount()
        self.table.blockSignals(True)
        self._append(TemplateLine(_("Dòng mới"), size=14), row)
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, TEXT)
        self.table.editItem(self.table.item(row, TEXT))
        self.edited.emit()

    def remove_line(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def move_line(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        lines = list(self.lines())
        lines[row], lines[target] = lines[target], lines[row]
        self.set_lines(lines)
        self.table.setCurrentCell(target, TEXT)
        self.edited.emit()

    def _on_field_activated(self, index: int) -> None:
        name = self.field.itemData(index)
        self.field.setCurrentIndex(0)
        row = self.table.currentRow()
        if name is None or row < 0:
            return
        item = self.table.item(row, TEXT)
        item.setText(item.text() + ("" if item.text().endswith(" ") or not item.text() else " ") + "{" + name + "}")
