"""Đơn vị: offices, schools, enterprises, cooperatives, health stations of the commune, with their
staff; add, edit, delete."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from app.domain.reference import UNIT_KINDS, label_for
from app.domain.text import matches, search_tokens, sort_key
from app.i18n import _, format_number
from app.services import units as us
from app.services.errors import NotFound
from app.ui.context import UiContext
from app.ui.dialogs.unit_dialog import STAFF_COLUMNS
from app.ui.itemmodels.rows import Column
from app.ui.widgets.detail_panel import detail_table, fill_table
from app.ui.widgets.export_action import connect_export
from app.ui.widgets.form_helpers import choice_combo
from app.ui.widgets.list_page import ListPage


class UnitsPage(ListPage):
    reload_on = ("unit", "village", "person", "household")

    def __init__(self, ctx: UiContext, parent=None):
        self.kind_filter: QComboBox | None = None
        super().__init__(ctx, _("Đơn vị"), parent)
        self.search.setPlaceholderText(_("Tìm theo tên đơn vị hoặc người đứng đầu (không cần dấu)…"))
        self.kind_filter = choice_combo(UNIT_KINDS, empty_label=_("Tất cả"))
        self.kind_filter.setMinimumWidth(150)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.filter_bar.addWidget(QLabel(_("Loại:")))
        self.filter_bar.addWidget(self.kind_filter)
        self.filter_bar.addStretch(1)

        self.staff_table = detail_table(STAFF_COLUMNS)
        self.staff_table.setColumnWidth(0, 200)
        self.add_detail(_("Sửa đơn vị này"), self.staff_table, certificate_kind="unit")
        self.sort_by_name()
        self.connect_record_actions()
        connect_export(self, "units")

    # -- ListPage
    def columns(self) -> list[Column]:
        return [
            Column(_("Tên đơn vị"), lambda u: u.name, sort_key=lambda u: sort_key(u.name)),
            Column(_("Loại"), lambda u: label_for(UNIT_KINDS, u.kind), width=100),
            Column(_("Thôn, bản"), lambda u: u.village, width=110),
            Column(_("Người đứng đầu"), lambda u: u.head_name, width=150),
            Column(_("Số cán bộ"), lambda u: format_number(u.staff), sort_key=lambda u: u.staff, align_right=True,
                   width=80),
        ]

    def load_rows(self) -> list[us.UnitRow]:
        return us.unit_rows(self.ctx.db)

    def filter_rows(self, rows: list[us.UnitRow], query: str) -> list[int]:
        tokens = search_tokens(query)
        kind = self.kind_filter.currentData() if self.kind_filter is not None else ""
        return [i for i, u in enumerate(rows)
                if (not kind or u.kind == kind) and (not tokens or matches(u.search, tokens))]

    def row_id(self, row: us.UnitRow) -> int:
        return row.id

    def count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return _("{n} đơn vị").format(n=format_number(total))
        return _("hiển thị {shown} / {n} đơn vị").format(shown=format_number(shown), n=format_number(total))

    def empty_text(self) -> str:
        return _("Chưa có đơn vị nào. Bấm Thêm để tạo cơ quan, trường học, doanh nghiệp, hợp tác xã "
                 "hoặc trạm y tế và ghi danh sách cán bộ.")

    def show_detail(self, row: us.UnitRow | None) -> None:
        self.detail_edit.setVisible(row is not None)
        self.staff_table.setVisible(False)
        if row is None:
            self.show_nothing_selected(
                _("Không có đơn vị nào khớp. Hãy gõ ít chữ hơn, xóa ô tìm kiếm hoặc chọn Loại: Tất cả."),
                _("Chọn một đơn vị trong danh sách để xem chi tiết."))
            return
        try:
            d = us.get_unit(self.ctx.db, row.id)
        except NotFound:
            self.detail_title.clear()
            self.detail_body.clear()
            return
        self.detail_title.setText(d.name)
        lines = [f"<b>{_('Loại')}:</b> {label_for(UNIT_KINDS, d.kind)}"]
        if row.village:
            lines.append(f"<b>{_('Thôn, bản')}:</b> {row.village}")
        if d.address:
            lines.append(f"<b>{_('Địa chỉ')}:</b> {d.address}")
        lines.append(f"<b>{_('Người đứng đầu')}:</b> {d.head_name or _('(chưa ghi)')}")
        if d.notes:
            lines.append(f"<b>{_('Ghi chú')}:</b> {d.notes}")
        if d.members:
            lines.append(f"<b>{_('Cán bộ')}:</b> {format_number(len(d.members))}")
        else:
            lines.append(f"<i>{_('Chưa có danh sách cán bộ. Bấm Sửa để thêm.')}</i>")
        self.detail_body.setText("<br>".join(lines))
        fill_table(self.staff_table, [(m[1], m[2]) for m in d.members])
        self.staff_table.setVisible(bool(d.members))

    # -- actions
    def clear_filters(self) -> None:
        super().clear_filters()
        self.kind_filter.setCurrentIndex(0)

    def open_form(self, unit_id: int | None) -> None:
        from app.ui.dialogs.unit_dialog import UnitDialog

        self.run_form(UnitDialog(self.ctx, unit_id, parent=self))

    def delete_selected(self) -> None:
        unit_id = self.selected_id()
        if unit_id is None:
            return
        preview = self.delete_preview(lambda: us.delete_preview(self.ctx.db, unit_id))
        if preview is None:
            return
        if not preview.allowed:
            self.refuse_delete(_("Không thể xóa đơn vị {name}:").format(name=preview.name), preview.blocked_by)
            return
        if preview.staff:
            info = _("Danh sách {n} cán bộ của đơn vị sẽ bị xóa; những người này vẫn còn trong sổ nhân khẩu. "
                     "Việc xóa được ghi vào nhật ký.").format(n=format_number(preview.staff))
        else:
            info = _("Đơn vị chưa có cán bộ nào. Việc xóa được ghi vào nhật ký.")
        if not self.confirm_delete(_("Xóa đơn vị"), _("Xóa đơn vị {name}?").format(name=preview.name), info):
            return
        self.delete_record(lambda: us.delete_unit(self.ctx.db, unit_id), "unit",
                           _("Đã xóa đơn vị {name}.").format(name=preview.name))
