"""Hộ gia đình: the household list with its members beside it; add, edit and delete households."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from app.domain.dates import format_birth
from app.domain.reference import RELATIONS, label_for
from app.domain.text import matches, search_tokens
from app.i18n import _, format_number
from app.services import households as hh
from app.services.villages import list_villages
from app.ui.context import UiContext
from app.ui.dialogs.import_action import connect_import
from app.ui.itemmodels.rows import Column
from app.ui.widgets.detail_panel import detail_body, detail_title
from app.ui.widgets.export_action import connect_export
from app.ui.widgets.list_page import ListPage


class HouseholdsPage(ListPage):
    reload_on = ("household", "person", "village")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, _("Hộ gia đình"), parent)
        self.village_filter = QComboBox()
        self.village_filter.setMinimumWidth(180)
        self.village_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.filter_bar.addWidget(QLabel(_("Thôn, bản:")))
        self.filter_bar.addWidget(self.village_filter)
        self.filter_bar.addStretch(1)
        self._fill_villages()
        ctx.data_changed.connect(lambda kind: kind == "village" and self._fill_villages())

        self.detail_title = detail_title()
        self.detail_body = detail_body(Qt.AlignmentFlag.AlignTop)
        self.detail_edit = QPushButton(_("Sửa hộ này"))
        self.detail_edit.clicked.connect(self.edit_action.trigger)
        self.detail_layout.addWidget(self.detail_title)
        self.detail_layout.addWidget(self.detail_body, 1)
        self.detail_certificate = QPushButton(_("In giấy công nhận"))
        self.detail_certificate.setToolTip(_("In giấy công nhận “Gia đình học tập” của hộ này (năm làm việc)"))
        self.detail_certificate.clicked.connect(lambda: self.selected_id() is not None and ctx.navigate.emit(
            "certificates", {"kind": "household", "id": self.selected_id()}))
        detail_buttons = QHBoxLayout()
        detail_buttons.addWidget(self.detail_edit)
        detail_buttons.addWidget(self.detail_certificate)
        detail_buttons.addStretch(1)
        self.detail_layout.addLayout(detail_buttons)

        self.connect_record_actions()
        connect_import(self)
        connect_export(self, "households", count=lambda _result: len(self.model.rows))

    def columns(self) -> list[Column]:
        return [
            Column(_("Mã hộ"), lambda r: r[hh.H_CODE], width=100),
            Column(_("Chủ hộ"), lambda r: r[hh.H_HEAD], sort_key=lambda r: r[hh.H_SORT], width=200),
            Column(_("Thôn, bản"), lambda r: r[hh.H_VILLAGE], width=150),
            Column(_("Nhân khẩu"), lambda r: r[hh.H_MEMBERS], sort_key=lambda r: r[hh.H_MEMBERS], align_right=True,
                   width=80),
            Column(_("Địa chỉ"), lambda r: r[hh.H_ADDRESS]),
        ]

    def load_rows(self) -> list[tuple]:
        return hh.household_rows(self.ctx.db)

    def filter_rows(self, rows: list[tuple], query: str) -> list[int]:
        tokens = search_tokens(query)
        village = self.village_filter.currentData() if hasattr(self, "village_filter") else None
        return [
            i for i, r in enumerate(rows)
            if (not village or r[hh.H_VILLAGE_ID] == village) and (not tokens or matches(r[hh.H_SEARCH], tokens))
        ]

    def count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return _("{n} hộ").format(n=format_number(total))
        return _("hiển thị {shown} / {n} hộ").format(shown=format_number(shown), n=format_number(total))

    def empty_text(self) -> str:
        return _("Chưa có hộ gia đình nào. Nhập danh sách từ Excel hoặc bấm Thêm (Ctrl+N).")

    def _fill_villages(self) -> None:
        current = self.village_filter.currentData()
        self.village_filter.blockSignals(True)
        self.village_filter.clear()
        self.village_filter.addItem(_("Tất cả"), None)
        for v in list_villages(self.ctx.db):
            self.village_filter.addItem(v.name, v.id)
        i = self.village_filter.findData(current)
        self.village_filter.setCurrentIndex(max(i, 0))
        self.village_filter.blockSignals(False)

    def show_detail(self, row: tuple | None) -> None:
        self.detail_edit.setVisible(row is not None)
        self.detail_certificate.setVisible(row is not None)
        if row is None:
            self.detail_title.clear()
            self.detail_body.clear()
            return
        d = hh.get_household(self.ctx.db, row[hh.H_ID])
        head = d.head.full_name if d.head else _("(chưa có chủ hộ)")
        self.detail_title.setText(f"{d.code} · {head}")
        lines = [f"<b>{_('Thôn, bản')}:</b> {d.village_name}"]
        if d.address:
            lines.append(f"<b>{_('Địa chỉ')}:</b> {d.address}")
        lines.append(f"<b>{_('Nhân khẩu')}:</b>")
        items = []
        for m in d.members:
            status = {"moved": _("đã chuyển đi"), "deceased": _("đã mất")}.get(m.status)
            sex = {"M": _("Nam"), "F": _("Nữ")}.get(m.sex, "")
            facts = ", ".join(x for x in (label_for(RELATIONS, m.relation), sex,
                                          format_birth(m.birth_date, m.birth_year)) if x)
            name = f"<s>{m.full_name}</s> <i>({status})</i>" if status else f"<b>{m.full_name}</b>"
            items.append(f"<li>{name}<br><span style='color:#607d8b'>{facts}</span></li>")
        self.detail_body.setText("<br>".join(lines) + "<ol style='margin-left:-20px'>" + "".join(items) + "</ol>")

    def clear_filters(self) -> None:
        super().clear_filters()
        self.village_filter.setCurrentIndex(0)

    def open_form(self, household_id: int | None) -> None:
        from app.ui.dialogs.household_dialog import HouseholdDialog

        dialog = HouseholdDialog(self.ctx, household_id, village_id=self.village_filter.currentData(), parent=self)
        if dialog.exec() and dialog.result:
            self.reload(select_id=dialog.result.id)

    def delete_selected(self) -> None:
        hid = self.selected_id()
        if hid is None:
            return
        preview = hh.delete_preview(self.ctx.db, hid)
        if not preview.allowed:
            self.refuse_delete(_("Không thể xóa hộ {code}:").format(code=preview.code), preview.blocked_by,
                               _("Hãy đánh dấu các nhân khẩu đã chuyển đi hoặc đã mất."))
            return
        info = [f"- {n}" for n in preview.member_names]
        if preview.clans:
            info.append(_("Hộ sẽ được bỏ khỏi dòng họ."))
        if preview.units:
            info.append(_("Các nhân khẩu sẽ được bỏ khỏi danh sách cán bộ của {n} đơn vị.").format(n=preview.units))
        info.append(_("Việc xóa được ghi vào nhật ký."))
        if not self.confirm_delete(_("Xóa hộ gia đình"), preview.question(), "\n".join(info)):
            return
        self.delete_record(lambda: hh.delete_household(self.ctx.db, hid), "household",
                           _("Đã xóa hộ {code}.").format(code=preview.code))
