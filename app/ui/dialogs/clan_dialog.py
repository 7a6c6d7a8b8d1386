"""The clan form: name, clan head (a person from the registry or a typed name), notes, and the
member households, which may live in different villages."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
)

from app.domain.text import sort_key
from app.i18n import _, format_number
from app.services import clans as cs
from app.services import households as hh
from app.services.errors import Problem
from app.services.villages import list_villages
from app.ui.context import UiContext
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.icons import icon
from app.ui.widgets.household_picker import HouseholdPicker
from app.ui.widgets.person_picker import PersonPicker, PersonSource

MEMBER_COLUMNS = ("Mã hộ", "Chủ hộ", "Thôn, bản")


def members_summary(members: list[tuple[int, str, str, str]]) -> str:
    """``12 hộ ở 3 thôn, bản`` for (id, code, head, village) tuples."""
    if not members:
        return ""
    villages = len({m[3] for m in members})
    return _("{n} hộ ở {v} thôn, bản").format(n=format_number(len(members)), v=format_number(villages))


class ClanDialog(RecordDialog):
    """Add (``clan_id`` None) or edit a clan and its member households."""

    kind = "clan"

    def __init__(self, ctx: UiContext, clan_id: int | None = None, parent=None):
        super().__init__(ctx, _("Sửa dòng họ") if clan_id else _("Thêm dòng họ"), parent)
        self.clan_id = clan_id
        self.resize(760, 640)
        detail = cs.get_clan(ctx.db, clan_id) if clan_id else None
        self.persons = PersonSource(ctx.db)
        self._household_rows: list[tuple] | None = None
        self.members: list[tuple[int, str, str, str]] = list(detail.households) if detail else []

        self.name = self.name_field(_("Ví dụ: Họ Lò (bản Nà Sản), Dòng họ Nguyễn Văn"))
        self.head = PersonPicker(self.persons, placeholder=_("Gõ tên trưởng họ để tìm trong sổ nhân khẩu…"),
                                 free_text_hint=_("Tên gõ tự do: trưởng họ chưa gắn với nhân khẩu trong sổ."))
        self.notes = self.notes_field(56)
        self.add_field("name", _("Tên dòng họ"), self.name, required=True)
        self.add_field("head", _("Trưởng họ"), self.head, focus=self.head.edit)
        self.add_field("notes", _("Ghi chú"), self.notes)
        self._build_members()

        if detail:
            self.name.setText(detail.name)
            self.head.set_person(detail.head_person_id, detail.head_name)
            self.notes.setPlainText(detail.notes)
        self._refresh_members()
        self.finish()
        self.name.setFocus()

    def _build_members(self) -> None:
        self.table = self.members_table(MEMBER_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 100)
        self.table.setColumnWidth(2, 180)
        self.table.setMinimumHeight(200)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_btn = QPushButton(icon("add"), _("Thêm hộ…"))
        self.add_btn.setToolTip(_("Tìm và chọn các hộ thuộc dòng họ, ở bất kỳ thôn, bản nào"))
        self.add_btn.setAutoDefault(False)
        self.add_btn.clicked.connect(self.add_households)
        self.remove_btn = QPushButton(icon("delete"), _("Bỏ hộ đã chọn"))
        self.remove_btn.setAutoDefault(False)
        self.remove_btn.clicked.connect(self.remove_selected)
        self.members_count = QLabel()
        self.members_count.setObjectName("count")
        self.members_empty = QLabel(_("Bấm “Thêm hộ…” để chọn các hộ thuộc dòng họ này."))
        self.members_empty.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_btn)
        buttons.addWidget(self.remove_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.members_count)
        box = self.members_box(self.table, self.members_empty, buttons)
        self.add_field("households", _("Hộ thành viên"), box, focus=self.table, grow=True)
        self.add_to_tab_chain(self.add_btn, self.remove_btn)

    # -- members
    def household_rows(self) -> list[tuple]:
        """The household rows, loaded on the first "Thêm hộ…" of this dialog."""
        if self._household_rows is None:
            self._household_rows = hh.household_rows(self.ctx.db)
        return self._household_rows

    def open_household_picker(self) -> HouseholdPicker:
        villages = [(v.id, v.name) for v in list_villages(self.ctx.db)]
        return HouseholdPicker(self.household_rows(), villages, exclude_ids=[m[0] for m in self.members],
                               parent=self, title=_("Chọn hộ thuộc dòng họ"))

    def add_households(self) -> None:
        picker = self.open_household_picker()
        if picker.exec():
            self.add_members(picker.chosen_rows())

    def add_members(self, rows: list[tuple]) -> None:
        have = {m[0] for m in self.members}
        added = [(r[hh.H_ID], r[hh.H_CODE], r[hh.H_HEAD], r[hh.H_VILLAGE]) for r in rows if r[hh.H_ID] not in have]
        self.members.extend(added)
        self._refresh_members(select_ids={m[0] for m in added})
        self._messages["households"].show_problems([])

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        if not rows:
            return
        self.members = [m for i, m in enumerate(self.members) if i not in rows]
        self._refresh_members()
        if self.members:
            self.table.selectRow(min(min(rows), len(self.members) - 1))
        self.table.setFocus()

    def _refresh_members(self, select_ids: set[int] | None = None) -> None:
        self.members.sort(key=lambda m: (sort_key(m[3]), m[1]))  # by village (Vietnamese order), then code
        self.table.setRowCount(len(self.members))
        for r, (_hid, code, head, village) in enumerate(self.members):
            for c, text in enumerate((code, head or _("(chưa có chủ hộ)"), village)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r, m in enumerate(self.members):
            if select_ids and m[0] in select_ids:
                self.table.selectionModel().select(self.table.model().index(r, 0), flags)
        self.members_count.setText(members_summary(self.members))
        self.members_empty.setVisible(not self.members)
        self._update_buttons()

    def _update_buttons(self) -> None:
        n = len(self.table.selectionModel().selectedRows())
        self.remove_btn.setEnabled(n > 0)
        self.remove_btn.setText(_("Bỏ {n} hộ đã chọn").format(n=n) if n > 1 else _("Bỏ hộ đã chọn"))

    # -- RecordDialog
    def snapshot(self) -> tuple:
        return (self.name.text().strip(), self.head.name(), self.head.person_id(),
                self.notes.toPlainText().strip(), tuple(sorted(m[0] for m in self.members)))

    def check(self) -> list[Problem]:
        return self.name_required(_("Hãy nhập tên dòng họ."))

    def write(self) -> int:
        return cs.save_clan(self.ctx.db, cs.ClanInput(
            name=self.name.text(), head_name=self.head.name(), head_person_id=self.head.person_id(),
            notes=self.notes.toPlainText(), household_ids=tuple(m[0] for m in self.members), id=self.clan_id,
        ))

    def saved_message(self) -> str:
        return _("Đã lưu dòng họ {name}.").format(name=self.name.text().strip())

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Delete and self.table.hasFocus():
            self.remove_selected()
            return
        super().keyPressEvent(event)
