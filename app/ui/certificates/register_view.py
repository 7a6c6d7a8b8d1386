"""Sổ cấp giấy công nhận: the working year's register as a list (number, recipient, title,
village, decision, date, reprints), searchable; Cấp lại… (a reason is required; same number, "Cấp
lại lần N") then the certificate printed again; In lại; In sổ (PDF); Xuất Excel."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QMessageBox, QPushButton

from app.crypto.keys import KeyProblem
from app.domain.text import fold
from app.i18n import _, format_date, format_number
from app.printing.certificates import Cancelled
from app.printing.titles import title_label
from app.services import certificates
from app.services.certificate_papers import register_pdf
from app.services.certificate_print import pdf_with_secret
from app.services.errors import NotFound, ValidationFailed
from app.tasks import run_with_progress
from app.ui.assessment.common import ReasonDialog, problems_text, who
from app.ui.certificates.common import file_stem, offer_pdf, unlock_key
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column
from app.ui.widgets.detail_panel import detail_body, detail_title
from app.ui.widgets.list_page import ListPage
from app.ui.widgets.save_file import ask_save_path, write_in_background


def reprint_mark(e) -> str:
    """"Cấp lại lần N" as the certificate prints it (N reprints so far), empty for a first issue."""
    return _("Cấp lại lần {n}").format(n=e.reprint_count) if e.reprint_count else ""


def _print_task(report, cancelled, db, paths, ids, secret, by):
    return pdf_with_secret(db, paths, ids, secret, report=report, cancelled=cancelled, by=by)


def _xlsx_task(_report, _cancelled, rows: list[list], headers: list[str], heading: str, path: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "So cap giay"
    ws.append([heading])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(r)
    for col, width in zip("ABCDEFGHI", (8, 30, 24, 20, 18, 12, 12, 14, 40), strict=False):
        ws.column_dimensions[col].width = width
    wb.save(path)
    return len(rows)


class RegisterView(ListPage):
    """``changed()`` after a reprint or a print (the register changed)."""

    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, _("Sổ cấp giấy công nhận"), parent)
        self.title_label.hide()
        self.search.setPlaceholderText(_("Tìm theo tên, thôn, số vào sổ hoặc số quyết định…"))
        for a in (self.add_action, self.edit_action, self.delete_action, self.import_action):
            a.setVisible(False)
        self.reprint_action = QAction(icon("refresh"), _("Cấp lại…"), self)
        self.reprint_action.setToolTip(_("Cấp lại giấy đang chọn (bị mất, bị hỏng…): giữ số vào sổ, ghi lý do"))
        self.reprint_action.triggered.connect(self.reprint_selected)
        self.again_action = QAction(icon("certificates"), _("In lại giấy này"), self)
        self.again_action.triggered.connect(lambda: self.print_entries([self.selected_id()]))
        first = self.toolbar.actions()[0]
        self.toolbar.insertAction(first, self.reprint_action)
        self.toolbar.insertAction(first, self.again_action)
        self.print_action.setText(_("In sổ"))
        self.print_action.setToolTip(_("In sổ cấp giấy công nhận của năm (PDF) (Ctrl+P)"))
        self.print_action.setEnabled(True)
        self.print_action.triggered.connect(self.print_register)
        self.export_action.setEnabled(True)
        self.export_action.setToolTip(_("Xuất sổ ra tệp Excel (Ctrl+E)"))
        self.export_action.triggered.connect(self.export_register)
        self.table.doubleClicked.disconnect()
        self.detail_title_label = detail_title()
        self.detail_text = detail_body()
        self.detail_reprint = QPushButton(icon("refresh"), _("Cấp lại…"))
        self.detail_reprint.clicked.connect(self.reprint_selected)
        self.detail_layout.addWidget(self.detail_title_label)
        self.detail_layout.addWidget(self.detail_text, 1)
        self.detail_layout.addWidget(self.detail_reprint, 0, Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumWidth(280)
        self.splitter.setSizes([780, 280])
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for a in (self.reprint_action, self.again_action):
            a.setEnabled(False)
        self.selection_changed.connect(self._on_selection)
        self.reprint_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reprint_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.reprint_action)

    # -- ListPage
    def columns(self) -> list[Column]:
        return [
            Column(_("Số"), lambda e: str(e.number), sort_key=lambda e: e.number, align_right=True, width=46),
            Column(_("Tên"), lambda e: e.recipient, width=170),
            Column(_("Danh hiệu"), lambda e: title_label(e.title_code), width=136),
            Column(_("Thôn, bản"), lambda e: e.village, width=104),
            Column(_("Quyết định"), lambda e: e.decision_number, width=104),
            Column(_("Ngày cấp"), lambda e: format_date(e.issued_on), sort_key=lambda e: e.issued_on, width=84),
            Column(_("Cấp lại"), reprint_mark, sort_key=lambda e: e.reprint_count, width=100),
        ]

    def load_rows(self) -> list:
        return certificates.register_entries(self.ctx.db, self.ctx.year)

    def filter_rows(self, rows: list, query: str) -> list[int]:
        words = fold(query).split()
        if not words:
            return list(range(len(rows)))
        keys = [fold(f"{e.number} {e.recipient} {e.village} {e.decision_number} {title_label(e.title_code)}")
                for e in rows]
        return [i for i, k in enumerate(keys) if all(w in k for w in words)]

    def row_id(self, row) -> int:
        return row.id

    def count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return _("{n} giấy đã cấp năm {year}").format(n=format_number(total), year=self.ctx.year)
        return _("{shown}/{n} giấy đã cấp").format(shown=format_number(shown), n=format_number(total))

    def empty_text(self) -> str:
        return _("Sổ năm {year} chưa có giấy công nhận nào. Giấy được vào sổ khi in lần đầu ở thẻ In giấy công "
                 "nhận.").format(year=self.ctx.year)

    def _on_selection(self, e) -> None:
        for a in (self.reprint_action, self.again_action):
            a.setEnabled(e is not None)
        self.detail_reprint.setVisible(e is not None)
        if e is None:
            self.detail_title_label.clear()
            self.detail_text.clear()
            return
        self.detail_title_label.setText(_("Số {number}/{year} · {name}").format(
            number=e.number, year=e.year, name=e.recipient))
        lines = [(_("Danh hiệu"), f"{title_label(e.title_code)} năm {e.year}"), (_("Địa chỉ"), e.address),
                 (_("Quyết định"), _("{number} ngày {day}").format(number=e.decision_number,
                                                                    day=format_date(e.decision_date))),
                 (_("Ngày cấp"), format_date(e.issued_on)), (_("Người cấp"), e.issued_by),
                 (_("Mã QR"), _("đã ký (khóa {key})").format(key=e.key_id) if e.qr_text else _("chưa in"))]
        text = "<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in lines if v)
        if e.reprints:
            text += "<br><br><b>" + html.escape(_("Cấp lại:")) + "</b><ul style='margin-left:-20px'>" + "".join(
                "<li>" + html.escape(_("Lần {n}, ngày {day}: {reason}").format(
                    n=r.count, day=format_date(r.on), reason=r.reason)) + "</li>" for r in e.reprints) + "</ul>"
        self.detail_text.setText(text)

    # -- actions
    def reprint_selected(self) -> None:
        e = self.selected_row()
        if e is None:
            return

        def run(reason: str) -> str:
            try:
                certificates.reprint(self.ctx.db, [e.id], reason, who())
            except (ValidationFailed, NotFound) as exc:
                return problems_text(exc)
            return ""

        dialog = ReasonDialog(self, _("Cấp lại giấy công nhận"), _(
            "Cấp lại giấy công nhận số {number}/{year} cho {name}. Giấy mới giữ số vào sổ, quyết định và mã QR, "
            "ghi “Cấp lại lần {n}”; lý do được ghi vào sổ.").format(
            number=e.number, year=e.year, name=e.recipient, n=e.reprint_count + 1), run)
        dialog.reason.setPlaceholderText(_("Ví dụ: gia đình báo mất giấy; giấy bị ướt, rách…"))
        if not dialog.exec():
            return
        message = _("Đã ghi cấp lại lần {n} giấy số {number}/{year} ({name}).").format(
            n=e.reprint_count + 1, number=e.number, year=e.year, name=e.recipient)
        self.ctx.changed("certificate", message)
        self.reload(e.id)
        self.changed.emit()
        self.print_entries([e.id], message)

    def print_entries(self, ids: list, message: str = "") -> bytes | None:
        entries = [e for e in self.model.rows if e.id in set(ids)]
        if not entries:
            return None
        new = sum(1 for e in entries if not e.qr_text)
        secret = unlock_key(self, self.ctx, new) if new else None
        if new and secret is None:
            return None
        try:
            pdf = run_with_progress(self, _("In giấy công nhận"), _("Đang tạo giấy công nhận…"), _print_task,
                                    self.ctx.db, self.ctx.paths, [e.id for e in entries], secret, who())
        except Cancelled:
            return None
        except (ValidationFailed, NotFound, KeyProblem) as exc:
            QMessageBox.warning(self, _("Không in được"), problems_text(exc))
            return None
        self.reload(entries[0].id)
        self.changed.emit()
        e = entries[0]
        name = _("Giay cong nhan so {number}-{year}").format(number=e.number, year=e.year)
        offer_pdf(self, self.ctx, pdf, name, _("giấy công nhận"), (message + "\n" if message else "") + _(
            "Giấy công nhận số {number}/{year} ({name}) đã sẵn sàng.").format(
            number=e.number, year=e.year, name=e.recipient))
        return pdf

    def print_register(self) -> bytes | None:
        try:
            pdf = register_pdf(self.ctx.db, self.ctx.year)
        except (ValidationFailed, NotFound) as exc:
            QMessageBox.warning(self, _("Không in được sổ"), problems_text(exc))
            return None
        offer_pdf(self, self.ctx, pdf, _("So cap giay cong nhan {year}").format(year=self.ctx.year),
                  _("sổ cấp giấy công nhận"), _("Sổ cấp giấy công nhận năm {year} ({n} giấy) đã sẵn sàng.").format(
                      year=self.ctx.year, n=format_number(len(self.model.rows))))
        return pdf

    def export_register(self, path: Path | None = None) -> Path | None:
        if path is None:
            name = file_stem(_("So cap giay cong nhan {year}").format(year=self.ctx.year)) + ".xlsx"
            path = ask_save_path(self, _("Xuất Excel"), name, _("Bảng tính Excel (*.xlsx)"))
            if path is None:
                return None
        headers = [_("Số"), _("Người, hộ được công nhận"), _("Danh hiệu"), _("Thôn, bản"), _("Quyết định"),
                   _("Ngày quyết định"), _("Ngày cấp"), _("Cấp lại"), _("Địa chỉ")]
        rows = [[e.number, e.recipient, title_label(e.title_code), e.village, e.decision_number,
                 format_date(e.decision_date), format_date(e.issued_on), reprint_mark(e), e.address]
                for e in self.model.rows]
        heading = _("SỔ CẤP GIẤY CÔNG NHẬN NĂM {year}").format(year=self.ctx.year)
        n = write_in_background(self, path, _("Xuất Excel"), _("Đang xuất sổ…"), _xlsx_task, rows, headers, heading,
                                path, failed=None)
        if n is None:
            return None
        self.ctx.status.emit(_("Đã xuất {n} giấy công nhận ra {file}.").format(n=format_number(n), file=path.name))
        return path
