"""Dòng họ: the clans with their heads and member households (across villages); add, edit, delete."""

from __future__ import annotations

from app.domain.text import matches, search_tokens, sort_key
from app.i18n import _, format_number
from app.services import clans as cs
from app.services.errors import NotFound
from app.ui.context import UiContext
from app.ui.dialogs.clan_dialog import MEMBER_COLUMNS, members_summary
from app.ui.itemmodels.rows import Column
from app.ui.widgets.detail_panel import detail_table, fill_table
from app.ui.widgets.export_action import connect_export
from app.ui.widgets.list_page import ListPage


class ClansPage(ListPage):
    reload_on = ("clan", "household", "person")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, _("Dòng họ"), parent)
        self.search.setPlaceholderText(_("Tìm theo tên dòng họ hoặc trưởng họ (không cần dấu)…"))
        self.filter_bar.addStretch(1)
        self._detail_ids: list[int] = []
        self.members_table = detail_table(MEMBER_COLUMNS)
        self.members_table.setColumnWidth(0, 88)
        self.members_table.setColumnWidth(1, 150)
        self.members_table.setToolTip(_("Nhấp đúp để mở hộ ở trang Hộ gia đình"))
        self.members_table.doubleClicked.connect(self._on_members_table_double_clicked)
        self.add_detail(_("Sửa dòng họ này"), self.members_table, certificate_kind="clan")
        self.sort_by_name()
        self.connect_record_actions()
        connect_export(self, "clans")

    # -- ListPage
    def columns(self) -> list[Column]:
        return [
            Column(_("Dòng họ"), lambda c: c.name, sort_key=lambda c: sort_key(c.name)),
            Column(_("Trưởng họ"), lambda c: c.head_name, width=200),
            Column(_("Số hộ"), lambda c: format_number(c.households), sort_key=lambda c: c.households,
                   align_right=True, width=80),
            Column(_("Số thôn"), lambda c: format_number(c.villages), sort_key=lambda c: c.villages,
                   align_right=True, width=80),
        ]

    def load_rows(self) -> list[cs.ClanRow]:
        return cs.clan_rows(self.ctx.db)

    def filter_rows(self, rows: list[cs.ClanRow], query: str) -> list[int]:
        tokens = search_tokens(query)
        return [i for i, c in enumerate(rows) if not tokens or matches(c.search, tokens)]

    def row_id(self, row: cs.ClanRow) -> int:
        return row.id

    def count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return _("{n} dòng họ").format(n=format_number(total))
        return _("hiển thị {shown} / {n} dòng họ").format(shown=format_number(shown), n=format_number(total))

    def empty_text(self) -> str:
        return _("Chưa có dòng họ nào. Bấm Thêm để tạo dòng họ và chọn các hộ thành viên.")

    def show_detail(self, row: cs.ClanRow | None) -> None:
        self.detail_edit.setVisible(row is not None)
        self.members_table.setVisible(row is not None)
        self._detail_ids = []
        if row is None:
            self.show_nothing_selected(
                _("Không có dòng họ nào khớp với “{q}”. Hãy gõ ít chữ hơn hoặc xóa ô tìm kiếm."),
                _("Chọn một dòng họ trong danh sách để xem các hộ thành viên."))
            return
        try:
            d = cs.get_clan(self.ctx.db, row.id)
        except NotFound:
            self.detail_title.clear()
            self.detail_body.clear()
            return
        self.detail_title.setText(d.name)
        head = d.head_name or _("(chưa ghi)")
        lines = [f"<b>{_('Trưởng họ')}:</b> {head}",
                 f"<b>{_('Hộ thành viên')}:</b> {members_summary(list(d.households)) or _('chưa có')}"]
        if d.notes:
            lines.append(f"<b>{_('Ghi chú')}:</b> {d.notes}")
        if not d.households:
            lines.append(f"<i>{_('Bấm Sửa để chọn các hộ thuộc dòng họ.')}</i>")
        self.detail_body.setText("<br>".join(lines))
        self._detail_ids = [h[0] for h in d.households]
        fill_table(self.members_table, [(h[1], h[2] or _("(chưa có chủ hộ)"), h[3]) for h in d.households])
        self.members_table.setVisible(bool(d.households))

    def _on_members_table_double_clicked(self, index) -> None:
        if 0 <= index.row() < len(self._detail_ids):
            self.ctx.navigate.emit("households", self._detail_ids[index.row()])

    # -- actions
    def open_form(self, clan_id: int | None) -> None:
        from app.ui.dialogs.clan_dialog import ClanDialog

        self.run_form(ClanDialog(self.ctx, clan_id, parent=self))

    def delete_selected(self) -> None:
        clan_id = self.selected_id()
        if clan_id is None:
            return
        preview = self.delete_preview(lambda: cs.delete_preview(self.ctx.db, clan_id))
        if preview is None:
            return
        if not preview.allowed:
            self.refuse_delete(_("Không thể xóa dòng họ {name}:").format(name=preview.name), preview.blocked_by)
            return
        if preview.households:
            info = _("{n} hộ thành viên vẫn còn trong sổ hộ gia đình, chỉ không còn thuộc dòng họ này. "
                     "Việc xóa được ghi vào nhật ký.").format(n=format_number(preview.households))
        else:
            info = _("Dòng họ chưa có hộ thành viên nào. Việc xóa được ghi vào nhật ký.")
        if not self.confirm_delete(_("Xóa dòng họ"), _("Xóa dòng họ {name}?").format(name=preview.name), info):
            return
        self.delete_record(lambda: cs.delete_clan(self.ctx.db, clan_id), "clan",
                           _("Đã xóa dòng họ {name}.").format(name=preview.name))
