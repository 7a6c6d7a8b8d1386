"""Gói đã nhận: the log of the packages the office imported (commune, year, sequence, content,
received at, result, hash), newest first, searchable, for all years or the working year."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox

from app.domain.text import fold, search_tokens, sort_key
from app.i18n import _, format_number, ngettext
from app.ui.context import UiContext
from app.ui.itemmodels.rows import Column
from app.ui.receiver.common import content_name, mono_font, spaced_key_id, when
from app.ui.widgets.list_page import ListPage

log = logging.getLogger(__name__)

# rows: (package_id, commune, year, sequence, content, received_at, result, sha256, file, info, search)
P_ID, P_COMMUNE, P_YEAR, P_SEQ, P_CONTENT, P_RECEIVED, P_RESULT, P_HASH, P_FILE, P_INFO, P_SEARCH = range(11)


def package_row(p) -> tuple:
    commune = f"{p.commune_name} ({p.commune_code})" if p.commune_name else p.commune_code
    result = getattr(p, "result", "imported")
    return (p.package_id, commune, p.year, p.sequence, content_name(p.content), p.received_at,
            _("Đã nhập") if result == "imported" else result, p.sha256, p.file_name, p,
            fold(f"{p.commune_code} {p.commune_name} {p.file_name} {p.sha256} {p.package_id}"))


class ReceivedPackagesPage(ListPage):
    reload_on = ("receiver_package",)

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, _("Gói đã nhận"), parent)
        for a in (self.add_action, self.edit_action, self.delete_action, self.import_action, self.export_action,
                  self.print_action):
            a.setVisible(False)
        self.toolbar.hide()
        self.search.setPlaceholderText(_("Tìm theo xã, tên tệp hoặc mã băm…"))
        self.this_year = QCheckBox()
        self.this_year.toggled.connect(lambda _on: self.apply_filter())
        self.filter_bar.addWidget(self.this_year)
        self.filter_bar.addStretch(1)
        self._on_year_changed(ctx.year)
        ctx.year_changed.connect(self._on_year_changed)
        self.add_detail(_("Sửa"))
        self.detail_edit.hide()
        self.detail_body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # newest first
        self.splitter.setSizes([760, 320])

    def _on_year_changed(self, year: int) -> None:
        self.this_year.setText(_("Chỉ năm {year}").format(year=year))
        if self._loaded or self.model.rows:
            self.apply_filter()

    def columns(self) -> list[Column]:
        return [
            Column(_("Xã, phường"), lambda r: r[P_COMMUNE], lambda r: sort_key(r[P_COMMUNE]), width=185),
            Column(_("Năm"), lambda r: r[P_YEAR], width=50),
            Column(_("Số"), lambda r: r[P_SEQ], lambda r: r[P_SEQ], True, 40),
            Column(_("Nội dung"), lambda r: r[P_CONTENT], width=125),
            Column(_("Nhận lúc"), lambda r: when(r[P_RECEIVED]), lambda r: r[P_RECEIVED].isoformat(), width=120),
            Column(_("Kết quả"), lambda r: r[P_RESULT], width=75),
            Column(_("Mã băm SHA-256"), lambda r: r[P_HASH][:12] + "…" if r[P_HASH] else ""),
        ]

    def load_rows(self) -> list[tuple]:
        from app.services.receiver import received_packages

        try:
            return [package_row(p) for p in received_packages(self.ctx.db)]
        except Exception:  # noqa: BLE001 - an empty list with the log beats a broken page
            log.exception("listing received packages failed")
            return []

    def filter_rows(self, rows: list[tuple], query: str) -> list[int]:
        tokens = search_tokens(query)
        year = self.ctx.year if self.this_year.isChecked() else None
        return [i for i, r in enumerate(rows)
                if (year is None or r[P_YEAR] == year) and all(t in r[P_SEARCH] for t in tokens)]

    def count_text(self, shown: int, total: int) -> str:
        n = ngettext("{n} gói", "{n} gói", total).format(n=format_number(total))
        return n if shown == total else _("{shown} / {total}").format(shown=format_number(shown), total=n)

    def empty_text(self) -> str:
        return _("Chưa nhận gói dữ liệu nào. Vào Nhận gói dữ liệu để nhập các gói các xã gửi lên.")

    def row_id(self, row: tuple) -> str:
        return row[P_ID]

    def show_detail(self, row: tuple | None) -> None:
        if row is None:
            self.show_nothing_selected(_("Không có gói nào khớp “{q}”."), _("Chọn một gói để xem chi tiết."))
            return
        p = row[P_INFO]
        self.detail_title.setText(_("{commune} — năm {year}, gói số {seq}").format(
            commune=row[P_COMMUNE], year=p.year, seq=p.sequence))
        facts = [
            (_("Nội dung"), row[P_CONTENT]),
            (_("Nhận lúc"), when(p.received_at)),
            (_("Lập lúc"), when(p.created_at)),
            (_("Tệp"), p.file_name),
            (_("Dung lượng"), _("{n} byte").format(n=format_number(p.bytes))),
            (_("Khóa ký"), spaced_key_id(p.key_id)),
            (_("Mã gói"), p.package_id),
        ]
        lines = [f"<b>{html.escape(k)}:</b> {html.escape(str(v))}" for k, v in facts if v]
        mono = mono_font().family()
        lines.append(f"<b>{html.escape(_('Mã băm SHA-256'))}:</b><br><span style=\"font-family:'{mono}'\">"
                     f"{html.escape(p.sha256[:32])}<br>{html.escape(p.sha256[32:])}</span>")
        self.detail_body.setText("<br>".join(lines))
