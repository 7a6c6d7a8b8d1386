"""Xã và khóa: the communes the office receives from and their signing keys.

Đăng ký khóa (Ctrl+N) registers a commune's key from its ``.pub`` file or slip text; Thay khóa
(Enter) registers a new key for the selected commune (the old one is kept as replaced, packages
already signed with it stay valid); Thu hồi khóa (Delete) revokes the selected commune's active
key with a reason. The detail panel lists every key of the commune.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtGui import QColor

from app.domain.text import fold, search_tokens, sort_key
from app.i18n import _, format_number, ngettext
from app.ui import theme
from app.ui.context import UiContext
from app.ui.itemmodels.rows import Column
from app.ui.receiver.common import KEY_STATUS_COLOURS, KEY_STATUS_NAMES, spaced_key_id, when
from app.ui.widgets.detail_panel import detail_table, fill_table
from app.ui.widgets.list_page import ListPage

log = logging.getLogger(__name__)

# rows: (code, name, province, active key ids, status text, last sequence, last received, CommuneInfo, search)
R_CODE, R_NAME, R_PROVINCE, R_KEYS, R_STATUS, R_SEQ, R_RECEIVED, R_INFO, R_SEARCH = range(9)


def commune_row(info) -> tuple:
    active = [k.key_id for k in info.keys if k.status == "active"]
    status = _("Đang dùng khóa") if active else _("Không có khóa dùng được")
    return (info.code, info.name, info.province_name, ", ".join(active) or "—", status,
            info.last_sequence, info.last_received_at, info,
            fold(f"{info.code} {info.name} {' '.join(k.key_id for k in info.keys)}"))


class ReceiverCommunesPage(ListPage):
    reload_on = ("receiver_commune", "receiver_package")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, _("Xã và khóa"), parent)
        self.add_action.setText(_("Đăng ký khóa"))
        self.add_action.setToolTip(_("Đăng ký khóa công khai của một xã (Ctrl+N)"))
        self.edit_action.setText(_("Thay khóa"))
        self.edit_action.setToolTip(_("Đăng ký khóa mới thay khóa đang dùng của xã đã chọn (Enter)"))
        self.delete_action.setText(_("Thu hồi khóa"))
        self.delete_action.setToolTip(_("Thu hồi khóa đang dùng của xã đã chọn (Delete)"))
        for a in (self.import_action, self.export_action, self.print_action):
            a.setVisible(False)
        self.search.setPlaceholderText(_("Tìm theo tên xã, mã xã hoặc mã khóa…"))
        self.keys_table = detail_table((_("Mã khóa"), _("Tình trạng"), _("Đăng ký lúc"), _("Ghi chú")))
        self.add_detail(_("Thay khóa"), self.keys_table)
        self.add_action.triggered.connect(self.register_key)
        self.edit_action.triggered.connect(self.replace_key)
        self.delete_action.triggered.connect(self.revoke_key)
        self.sort_by_name_column()
        self.splitter.setSizes([800, 380])

    def sort_by_name_column(self) -> None:
        from PySide6.QtCore import Qt

        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)

    # -- ListPage
    def columns(self) -> list[Column]:
        red = QColor(theme.RED)
        return [
            Column(_("Mã xã"), lambda r: r[R_CODE], width=60),
            Column(_("Xã, phường"), lambda r: r[R_NAME], lambda r: sort_key(r[R_NAME]), width=170),
            Column(_("Khóa đang dùng"), lambda r: r[R_KEYS], width=150),
            Column(_("Tình trạng"), lambda r: r[R_STATUS], width=165,
                   foreground=lambda r: None if r[R_KEYS] != "—" else red),
            Column(_("Gói gần nhất"), lambda r: "—" if r[R_SEQ] is None else _("Số {n}").format(n=r[R_SEQ]),
                   lambda r: r[R_SEQ], True, 95),
        ]

    def load_rows(self) -> list[tuple]:
        from app.services.receiver import list_communes

        try:
            return [commune_row(c) for c in list_communes(self.ctx.db)]
        except Exception:  # noqa: BLE001 - an empty list with the log beats a broken page
            log.exception("listing communes failed")
            return []

    def filter_rows(self, rows: list[tuple], query: str) -> list[int]:
        tokens = search_tokens(query)
        return [i for i, r in enumerate(rows) if all(t in r[R_SEARCH] for t in tokens)]

    def count_text(self, shown: int, total: int) -> str:
        n = ngettext("{n} xã, phường", "{n} xã, phường", total).format(n=format_number(total))
        return n if shown == total else _("{shown} / {total}").format(shown=format_number(shown), total=n)

    def empty_text(self) -> str:
        return _("Chưa đăng ký xã, phường nào. Bấm Đăng ký khóa và dán khóa công khai trên phiếu khóa của xã "
                 "(hoặc chọn tệp .pub xã gửi).")

    def row_id(self, row: tuple) -> str:
        return row[R_CODE]

    def show_detail(self, row: tuple | None) -> None:
        self.detail_edit.setEnabled(row is not None)
        if row is None:
            self.show_nothing_selected(_("Không có xã nào khớp “{q}”."), _("Chọn một xã để xem các khóa."))
            self.keys_table.setRowCount(0)
            return
        info = row[R_INFO]
        self.detail_title.setText(f"{info.name} ({info.code})")
        facts = [(_("Tỉnh, thành phố"), info.province_name), (_("Trung tâm"), info.centre_name),
                 (_("Năm đã gửi"), ", ".join(str(y) for y in info.years) or _("chưa có")),
                 (_("Gói gần nhất"), "—" if info.last_sequence is None else _("số {n}, nhận {when}").format(
                     n=info.last_sequence, when=when(info.last_received_at)))]
        self.detail_body.setText("<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(str(v))}"
                                             for k, v in facts if v))
        keys = sorted(info.keys, key=lambda k: (k.status != "active", k.registered_at), reverse=False)
        fill_table(self.keys_table, [
            (spaced_key_id(k.key_id), _(KEY_STATUS_NAMES.get(k.status, k.status)), when(k.registered_at),
             _key_note(k)) for k in keys])
        for r, k in enumerate(keys):
            item = self.keys_table.item(r, 1)
            if item is not None:
                item.setForeground(QColor(KEY_STATUS_COLOURS.get(k.status, theme.TEXT)))
        for column in range(3):
            self.keys_table.resizeColumnToContents(column)

    # -- actions
    def register_key(self) -> None:
        from app.ui.receiver.key_dialogs import RegisterKeyDialog

        dialog = RegisterKeyDialog(self.ctx.db, self)
        if dialog.exec() and dialog.saved is not None:
            self._registered(dialog.saved)

    def replace_key(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        from app.ui.receiver.key_dialogs import RegisterKeyDialog

        dialog = RegisterKeyDialog(self.ctx.db, self, commune_code=row[R_CODE], commune_name=row[R_NAME])
        if dialog.exec() and dialog.saved is not None:
            self._registered(dialog.saved)

    def _registered(self, saved) -> None:
        self.ctx.changed("receiver_commune", _("Đã đăng ký khóa {key} của {commune}.").format(
            key=saved.key_id, commune=saved.commune_name or saved.commune_code))
        self.reload(select_id=saved.commune_code)

    def revoke_key(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        info = row[R_INFO]
        active = [k for k in info.keys if k.status == "active"]
        if not active:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, _("Thu hồi khóa"), _("{commune} không có khóa nào đang dùng.").format(
                commune=info.name))
            return
        from app.services.receiver import revoke_key
        from app.ui.receiver.key_dialogs import RevokeKeyDialog

        key = active[0]
        dialog = RevokeKeyDialog(info.name, key.key_id, self)
        if not dialog.exec():
            return
        try:
            revoke_key(self.ctx.db, key.key_id, dialog.reason_text())
        except Exception as exc:  # noqa: BLE001 - the service's refusals are Vietnamese messages
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, _("Thu hồi khóa"), str(exc))
            return
        self.ctx.changed("receiver_commune", _("Đã thu hồi khóa {key} của {commune}.").format(
            key=key.key_id, commune=info.name))


def _key_note(k) -> str:
    """``thu hồi 02/12/2026: mất máy`` / ``thay bằng khóa …``: why the key is no longer used."""
    if k.status == "active":
        return ""
    changed = when(k.changed_at) if k.changed_at else ""
    return ", ".join(part for part in (changed, k.reason) if part)
