"""Thôn/bản: the villages of the commune with their household and person counts; add, edit, delete."""

from __future__ import annotations

from app.domain.reference import VILLAGE_KINDS, label_for
from app.domain.text import matches, search_key, search_tokens, sort_key
from app.i18n import _, format_number
from app.services import villages as vs
from app.ui.context import UiContext
from app.ui.dialogs.import_action import connect_import
from app.ui.itemmodels.rows import Column
from app.ui.widgets.export_action import connect_export
from app.ui.widgets.list_page import ListPage


def old_name_and_code(v: vs.VillageRow) -> str:
    """``Bản Nà Sản Cũ (03)``, the name or the code alone, or empty."""
    if v.old_name and v.old_code:
        return f"{v.old_name} ({v.old_code})"
    return v.old_name or v.old_code


class VillagesPage(ListPage):
    reload_on = ("village", "household", "person")

    def __init__(self, ctx: UiContext, parent=None):
        self._keys: dict[int, str] = {}
        super().__init__(ctx, _("Thôn/bản"), parent)
        self.search.setPlaceholderText(_("Tìm theo tên hoặc mã thôn, bản (không cần dấu)…"))
        self.filter_bar.addStretch(1)
        self.add_detail(_("Sửa thôn, bản này"), certificate_kind="village")
        self.sort_by_name()
        self.connect_record_actions(self.selected_row)
        connect_import(self)
        connect_export(self, "villages")

    # -- ListPage
    def columns(self) -> list[Column]:
        return [
            Column(_("Tên"), lambda v: v.name, sort_key=lambda v: sort_key(v.name)),
            Column(_("Loại"), lambda v: label_for(VILLAGE_KINDS, v.kind), width=100),
            Column(_("Mã"), lambda v: v.code, width=70),
            Column(_("Tên/mã trước 01/7/2025"), old_name_and_code, width=190),
            Column(_("Số hộ"), lambda v: format_number(v.households), sort_key=lambda v: v.households,
                   align_right=True, width=80),
            Column(_("Nhân khẩu"), lambda v: format_number(v.persons), sort_key=lambda v: v.persons,
                   align_right=True, width=90),
        ]

    def load_rows(self) -> list[vs.VillageRow]:
        rows = vs.list_villages(self.ctx.db)
        self._keys = {v.id: search_key(v.name, v.code, v.old_name, v.old_code) for v in rows}
        return rows

    def filter_rows(self, rows: list[vs.VillageRow], query: str) -> list[int]:
        tokens = search_tokens(query)
        return [i for i, v in enumerate(rows) if not tokens or matches(self._keys.get(v.id, ""), tokens)]

    def row_id(self, row: vs.VillageRow) -> int:
        return row.id

    def count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return _("{n} thôn, bản").format(n=format_number(total))
        return _("hiển thị {shown} / {n} thôn, bản").format(shown=format_number(shown), n=format_number(total))

    def empty_text(self) -> str:
        return _("Chưa có thôn, bản nào. Bấm Thêm (Ctrl+N) để tạo thôn, bản đầu tiên; "
                 "sau đó nhập các hộ gia đình của thôn.")

    def show_detail(self, row: vs.VillageRow | None) -> None:
        self.detail_edit.setVisible(row is not None)
        if row is None:
            self.show_nothing_selected(
                _("Không có thôn, bản nào khớp với “{q}”. Hãy gõ ít chữ hơn hoặc xóa ô tìm kiếm."),
                _("Chọn một thôn, bản trong danh sách để xem chi tiết."))
            return
        self.detail_title.setText(row.name)
        lines = [f"<b>{_('Loại')}:</b> {label_for(VILLAGE_KINDS, row.kind)}"]
        if row.code:
            lines.append(f"<b>{_('Mã')}:</b> {row.code}")
        if row.old_name or row.old_code:
            lines.append(f"<b>{_('Trước 01/7/2025')}:</b> {old_name_and_code(row)}")
        lines.append(f"<b>{_('Số hộ gia đình')}:</b> {format_number(row.households)}")
        lines.append(f"<b>{_('Nhân khẩu đang sinh sống')}:</b> {format_number(row.persons)}")
        if not row.households:
            lines.append(f"<br><i>{_('Thôn, bản này chưa có hộ nào. Thêm hộ ở trang Hộ gia đình.')}</i>")
        self.detail_body.setText("<br>".join(lines))

    # -- actions
    def open_form(self, village: vs.VillageRow | None) -> None:
        from app.ui.dialogs.village_dialog import VillageDialog

        self.run_form(VillageDialog(self.ctx, village, parent=self))

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        preview = self.delete_preview(lambda: vs.delete_preview(self.ctx.db, row.id))
        if preview is None:
            return
        if not preview.allowed:
            self.refuse_delete(_("Không thể xóa {name}:").format(name=preview.name), preview.blocked_by,
                               _("Hãy chuyển các hộ sang thôn, bản khác (sửa từng hộ ở trang Hộ gia đình) "
                                 "rồi xóa lại."))
            return
        info = [_("Thôn, bản này không có hộ gia đình nào. Việc xóa được ghi vào nhật ký.")]
        if preview.units:
            info.append(_("Các đơn vị sau sẽ không còn gắn với thôn, bản nào: {units}.").format(
                units=", ".join(preview.units)))
        if not self.confirm_delete(_("Xóa thôn, bản"), _("Xóa {name} khỏi danh sách thôn, bản?").format(
                name=preview.name), "\n".join(info)):
            return
        self.delete_record(lambda: vs.delete_village(self.ctx.db, row.id), "village",
                           _("Đã xóa {name}.").format(name=preview.name))
