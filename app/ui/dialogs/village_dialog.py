"""The village form (thôn, bản, tổ dân phố …)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit

from app.domain.reference import VILLAGE_KINDS
from app.i18n import _
from app.services import villages as vs
from app.services.errors import Problem
from app.services.setup import guess_village_kind
from app.ui.context import UiContext
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.dialogs.record_dialog import ask_discard_changes as ask_discard_changes  # where older code looks
from app.ui.widgets.form_helpers import choice_combo, mark_invalid, set_combo_data


def _line(placeholder: str = "", on_change: Callable | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    if on_change:
        edit.textEdited.connect(on_change)
    return edit


class VillageDialog(RecordDialog):
    """Add (``village`` None) or edit a village."""

    kind = "village"

    def __init__(self, ctx: UiContext, village: vs.VillageRow | None = None, parent=None):
        super().__init__(ctx, _("Sửa thôn, bản") if village else _("Thêm thôn, bản"), parent)
        self.village = village
        self._kind_touched = village is not None
        self.setMinimumWidth(520)

        self.name = _line(_("Ví dụ: Bản Nà Sản, Thôn Đoàn Kết, Tổ dân phố 3"), self._on_name_text_edited)
        self.kind_box = choice_combo(VILLAGE_KINDS)
        self.kind_box.activated.connect(self._on_kind_box_activated)
        self.code = _line(_("Ví dụ: 05"))
        self.old_name = _line(_("Để trống nếu không đổi"))
        self.old_code = _line(_("Để trống nếu không đổi"))
        self.add_field("name", _("Tên thôn, bản"), self.name, required=True)
        self.add_field("kind", _("Loại"), self.kind_box)
        self.add_field("code", _("Mã"), self.code)
        self.add_field("old_name", _("Tên trước 01/7/2025"), self.old_name,
                       hint=_("Để nhận ra thôn, bản trong giấy tờ và tệp Excel cũ."))
        self.add_field("old_code", _("Mã trước 01/7/2025"), self.old_code)

        if village:
            self.name.setText(village.name)
            set_combo_data(self.kind_box, village.kind)
            self.code.setText(village.code)
            self.old_name.setText(village.old_name)
            self.old_code.setText(village.old_code)
        self.finish()
        self.name.setFocus()

    def snapshot(self) -> tuple:
        return (self.name.text().strip(), self.kind_box.currentData(), self.code.text().strip(),
                self.old_name.text().strip(), self.old_code.text().strip())

    def _on_name_text_edited(self, text: str) -> None:
        if not self._kind_touched:
            set_combo_data(self.kind_box, guess_village_kind(text.strip()))
        self._messages["name"].show_problems([])
        mark_invalid(self.name, False)

    def _on_kind_box_activated(self, _index: int) -> None:
        self._kind_touched = True

    def check(self) -> list[Problem]:
        return self.name_required(_("Hãy nhập tên thôn, bản."))

    def write(self) -> int:
        data = vs.VillageInput(
            name=self.name.text(), kind=self.kind_box.currentData(), code=self.code.text(),
            old_code=self.old_code.text(), old_name=self.old_name.text(),
            id=self.village.id if self.village else None,
        )
        row = vs.save_village(self.ctx.db, data)
        self._saved_name = row.name
        return row.id

    def saved_message(self) -> str:
        return _("Đã lưu thôn, bản {name}.").format(name=self._saved_name)
