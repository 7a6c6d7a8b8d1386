"""The unit form: name, kind, village, address, head, notes, and the staff with their positions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
)

from app.domain.reference import UNIT_KINDS
from app.domain.text import nfc
from app.i18n import _, format_number
from app.services import units as us
from app.services.errors import Problem
from app.services.villages import list_villages
from app.ui.context import UiContext
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.icons import icon
from app.ui.widgets.form_helpers import choice_combo, make_searchable, set_combo_data
from app.ui.widgets.person_picker import PersonPicker, PersonSource

STAFF_COLUMNS = ("Họ và tên", "Chức vụ")


class UnitDialog(RecordDialog):
    """Add (``unit_id`` None) or edit a unit and its staff list."""

    kind = "unit"

    def __init__(self, ctx: UiContext, unit_id: int | None = None, parent=None):
        super().__init__(ctx, _("Sửa đơn vị") if unit_id else _("Thêm đơn vị"), parent)
        self.unit_id = unit_id
        self.resize(760, 660)
        detail = us.get_unit(ctx.db, unit_id) if unit_id else None
        self.persons = PersonSource(ctx.db)
        # [person id, name, position]
        self.staff: list[list] = [[m[0], m[1], m[2]] for m in detail.members] if detail else []

        self.name = self.name_field(_("Ví dụ: Trường Tiểu học Chiềng Mung, Hợp tác xã chè Nà Sản"))
        self.kind_box = choice_combo(UNIT_KINDS)
        self.village = QComboBox()
        self.village.addItem(_("Không thuộc thôn, bản nào"), None)
        for v in list_villages(ctx.db):
            self.village.addItem(v.name, v.id)
        make_searchable(self.village)
        self.address = QLineEdit()
        self.head = PersonPicker(self.persons, placeholder=_("Gõ tên người đứng đầu để tìm trong sổ nhân khẩu…"),
                                 free_text_hint=_("Tên gõ tự do: người đứng đầu chưa gắn với nhân khẩu trong sổ."))
        self.notes = self.notes_field(52)
        self.add_field("name", _("Tên đơn vị"), self.name, required=True)
        self.add_field("kind", _("Loại"), self.kind_box)
        self.add_field("village_id", _("Thôn, bản"), self.village)
        self.add_field("address", _("Địa chỉ"), self.address)
        self.add_field("head", _("Người đứng đầu"), self.head, focus=self.head.edit)
        self.add_field("notes", _("Ghi chú"), self.notes)
        self._build_staff()

        if detail:
            self.name.setText(detail.name)
            set_combo_data(self.kind_box, detail.kind)
            set_combo_data(self.village, detail.village_id)
            self.address.setText(detail.address)
            self.head.set_person(detail.head_person_id, detail.head_name)
            self.notes.setPlainText(detail.notes)
        self._refresh_staff()
        self.finish()
        self.name.setFocus()

    def _build_staff(self) -> None:
        self.table = self.members_table(STAFF_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 220)
        self.table.setMinimumHeight(150)
        self.table.setToolTip(_("Nhấp đúp vào ô Chức vụ (hoặc F2) để sửa chức vụ"))
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.staff_picker = PersonPicker(self.persons, placeholder=_("Tìm cán bộ trong sổ nhân khẩu…"),
                                         free_text_hint=_("Hãy chọn một người trong danh sách gợi ý."))
        self.staff_picker.person_chosen.connect(self._on_staff_picker_person_chosen)
        self.position = QLineEdit()
        self.position.setPlaceholderText(_("Chức vụ, ví dụ: Hiệu trưởng"))
        self.position.returnPressed.connect(self.add_staff)
        self.add_btn = QPushButton(icon("person-add"), _("Thêm cán bộ"))
        self.add_btn.setAutoDefault(False)
        self.add_btn.clicked.connect(self.add_staff)
        self.remove_btn = QPushButton(icon("delete"), _("Bỏ người đã chọn"))
        self.remove_btn.setAutoDefault(False)
        self.remove_btn.clicked.connect(self.remove_selected)
        self.staff_count = QLabel()
        self.staff_count.setObjectName("count")
        self.staff_message = QLabel()
        self.staff_message.setStyleSheet("color:#c62828")
        self.staff_message.setWordWrap(True)
        self.staff_message.hide()

        add_row = QHBoxLayout()
        add_row.addWidget(self.staff_picker, 3)
        add_row.addWidget(self.position, 2, Qt.AlignmentFlag.AlignTop)
        add_row.addWidget(self.add_btn, 0, Qt.AlignmentFlag.AlignTop)
        under = QHBoxLayout()
        under.addWidget(self.remove_btn)
        under.addStretch(1)
        under.addWidget(self.staff_count)
        box = self.members_box(self.table, under, add_row, self.staff_message)
        self.add_field("staff", _("Cán bộ"), box, focus=self.table, grow=True)
        self.add_to_tab_chain(self.remove_btn, self.staff_picker.edit, self.position, self.add_btn)

    # -- staff
    def _on_staff_picker_person_chosen(self, person_id) -> None:
        self.staff_message.hide()
        self._update_buttons()
        if person_id is not None:
            self.position.setFocus()

    def add_staff(self) -> None:
        person_id = self.staff_picker.person_id()
        if person_id is None:
            text = (_("Hãy chọn một người trong danh sách gợi ý: cán bộ phải có trong sổ nhân khẩu.")
                    if self.staff_picker.name() else _("Hãy gõ tên cán bộ rồi chọn trong danh sách gợi ý."))
            self._show_staff_message(text)
            self.staff_picker.edit.setFocus()
            return
        if any(m[0] == person_id for m in self.staff):
            self._show_staff_message(_("{name} đã có trong danh sách cán bộ.").format(name=self.staff_picker.name()))
            return
        self.staff.append([person_id, self.staff_picker.name(), nfc(self.position.text())])
        self._refresh_staff(select_id=person_id)
        self.staff_picker.clear()
        self.position.clear()
        self.staff_message.hide()
        self.staff_picker.edit.setFocus()

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        if not rows:
            return
        self.staff = [m for i, m in enumerate(self.staff) if i not in rows]
        self._refresh_staff()
        if self.staff:
            self.table.selectRow(min(min(rows), len(self.staff) - 1))

    def _show_staff_message(self, text: str) -> None:
        self.staff_message.setText(text)
        self.staff_message.show()

    def _refresh_staff(self, select_id: int | None = None) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.staff))
        for r, (_pid, name, position) in enumerate(self.staff):
            name_item = QTableWidgetItem(name)
            name_item.setFlags(name_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, name_item)
            self.table.setItem(r, 1, QTableWidgetItem(position))
        self.table.blockSignals(False)
        self.table.clearSelection()
        row = next((r for r, m in enumerate(self.staff) if m[0] == select_id), -1)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollToItem(self.table.item(row, 0))
        self.staff_count.setText(_("{n} cán bộ").format(n=format_number(len(self.staff))) if self.staff
                                 else _("Chưa có cán bộ nào: tìm tên ở ô dưới, ghi chức vụ rồi bấm Thêm cán bộ."))
        self._update_buttons()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 1 and 0 <= item.row() < len(self.staff):
            self.staff[item.row()][2] = nfc(item.text())

    def _update_buttons(self) -> None:
        self.remove_btn.setEnabled(bool(self.table.selectionModel().selectedRows()))

    # -- RecordDialog
    def snapshot(self) -> tuple:
        return (self.name.text().strip(), self.kind_box.currentData(), self.village.currentData(),
                self.address.text().strip(), self.head.name(), self.head.person_id(),
                self.notes.toPlainText().strip(), tuple(tuple(m) for m in self.staff))

    def check(self) -> list[Problem]:
        return self.name_required(_("Hãy nhập tên đơn vị."))

    def write(self) -> int:
        return us.save_unit(self.ctx.db, us.UnitInput(
            name=self.name.text(), kind=self.kind_box.currentData(), village_id=self.village.currentData(),
            address=self.address.text(), head_name=self.head.name(), head_person_id=self.head.person_id(),
            notes=self.notes.toPlainText(), members=tuple((m[0], m[2]) for m in self.staff), id=self.unit_id,
        ))

    def save(self) -> bool:
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.save_btn.setFocus()  # the cell editor commits the position it holds when it loses focus
        return super().save()

    def saved_message(self) -> str:
        return _("Đã lưu đơn vị {name}.").format(name=self.name.text().strip())

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Delete and self.table.hasFocus() and self.table.state() != \
                QAbstractItemView.State.EditingState:
            self.remove_selected()
            return
        super().keyPressEvent(event)
