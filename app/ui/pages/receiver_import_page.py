"""Nhận gói dữ liệu: choose package files or a folder, give the office key's passphrase, look at the
dry-run preview (commune, year, content, sequence, status with the refusal reason, what is new),
then import the accepted ones off the UI thread; receipts are written and their folder offered.

Everything goes through :func:`app.services.receiver.import_packages` (``dry_run=True`` for the
preview, then ``dry_run=False`` for the accepted files only).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, format_number, ngettext
from app.tasks import run_with_progress
from app.ui import theme
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column, RowsModel
from app.ui.receiver.common import (
    banner,
    content_name,
    open_folder,
    page_header,
    set_banner_colour,
    status_colour,
    status_name,
)
from app.ui.receiver.tables import table_view

log = logging.getLogger(__name__)

PACKAGE_SUFFIXES = (".tthtcd", ".tthtcd.age")
FILE_FILTER = N_("Gói dữ liệu TTHTCĐ (*.tthtcd *.age);;Mọi tệp (*)")


def package_files(folder: Path) -> list[Path]:
    """The package files directly in ``folder`` (a USB stick's folder), sorted by name."""
    return sorted((p for p in folder.iterdir() if p.is_file() and p.name.lower().endswith(PACKAGE_SUFFIXES)),
                  key=lambda p: p.name.lower())


def change_text(changes) -> str:
    """The service's lines of what changed, on one line."""
    return "; ".join(c.strip().rstrip(".") for c in changes if c.strip()) + "."


def result_row(result) -> tuple:
    """(result, file name, commune, year, content, sequence, status text, what changed)."""
    p = result.preview
    commune = (f"{p.commune_name} ({p.commune_code})" if p.commune_name else p.commune_code) if p else ""
    if result.status == "refused":
        status = f"{status_name('refused')}: {result.reason or ''}".rstrip(": ")
    else:
        status = status_name(result.status)
    if p is None or result.status == "refused":
        changes = ""
    elif p.changes:
        changes = change_text(p.changes)
    elif p.first_package:
        changes = _("Gói đầu tiên của xã cho năm {year}").format(year=p.year)
    else:
        changes = _("Không có gì thay đổi")
    return (result, Path(result.file).name, commune, p.year if p else "", content_name(p.content) if p else "",
            p.sequence if p else "", status, changes)


class ReceiverImportPage(QWidget):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.files: list[Path] = []
        self.results: list = []
        self.receipts_folder: Path | None = None

        head, _title, self.count_label = page_header(_("Nhận gói dữ liệu"))
        step1 = QLabel(_("<b>1.</b> Chọn các tệp gói dữ liệu các xã gửi (<i>.tthtcd.age</i> hoặc <i>.tthtcd</i>), "
                         "hoặc cả thư mục trên USB."))
        self.files_button = QPushButton(icon("add"), _("Chọn tệp…"))
        self.folder_button = QPushButton(icon("folder"), _("Chọn thư mục…"))
        self.files_label = QLabel(_("Chưa chọn tệp nào."))
        self.files_label.setObjectName("hint")
        self.files_label.setWordWrap(True)
        pick = QHBoxLayout()
        pick.addWidget(self.files_button)
        pick.addWidget(self.folder_button)
        pick.addWidget(self.files_label, 1)

        step2 = QLabel(_("<b>2.</b> Nhập mật khẩu khóa của cơ quan để mở gói, rồi bấm <b>Kiểm tra</b>: "
                         "chưa có gì được ghi cho đến khi bấm <b>Nhập</b>."))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(_("Mật khẩu khóa của cơ quan"))
        self.passphrase.setMinimumWidth(280)
        self.passphrase.setMaximumWidth(360)
        self.check_button = QPushButton(icon("search"), _("Kiểm tra"))
        self.check_button.setEnabled(False)
        self.passphrase_error = QLabel()
        self.passphrase_error.setObjectName("fieldError")
        pw = QHBoxLayout()
        pw.addWidget(QLabel(_("Mật khẩu:")))
        pw.addWidget(self.passphrase)
        pw.addWidget(self.check_button)
        pw.addWidget(self.passphrase_error, 1)

        self.model = RowsModel(self._columns(), self)
        self.table = table_view(self.model, sortable=False)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setMinimumHeight(40)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.result_label = banner()
        self.result_label.hide()
        self.import_button = QPushButton(icon("ok", "#ffffff"), _("Nhập"))
        self.import_button.setObjectName("primary")
        self.import_button.setStyleSheet(f"QPushButton#primary:disabled {{ background: {theme.BORDER};"
                                         f" border-color: {theme.BORDER}; color: {theme.MUTED}; }}")
        self.import_button.setMinimumWidth(140)
        self.import_button.setEnabled(False)
        self.receipts_button = QPushButton(icon("folder"), _("Mở thư mục biên nhận"))
        self.receipts_button.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.result_label, 1)
        actions.addStretch(0)
        actions.addWidget(self.receipts_button)
        actions.addWidget(self.import_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addWidget(step1)
        layout.addLayout(pick)
        layout.addSpacing(6)
        layout.addWidget(step2)
        layout.addLayout(pw)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(actions)

        self.files_button.clicked.connect(self._on_files_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.check_button.clicked.connect(self.check)
        self.passphrase.returnPressed.connect(self.check)
        self.import_button.clicked.connect(self.import_accepted)
        self.receipts_button.clicked.connect(lambda: self.receipts_folder and open_folder(self.receipts_folder))

    def _columns(self) -> list[Column]:
        return [
            Column(_("Tệp"), lambda r: r[1], width=200),
            Column(_("Xã, phường"), lambda r: r[2], width=200),
            Column(_("Năm"), lambda r: r[3], width=55),
            Column(_("Nội dung"), lambda r: r[4], width=130),
            Column(_("Số"), lambda r: r[5], align_right=True, width=45),
            Column(_("Tình trạng"), lambda r: r[6], width=260, foreground=lambda r: status_colour(r[0].status)),
            Column(_("Thay đổi so với gói trước"), lambda r: r[7]),
        ]

    # -- choosing files
    def _on_files_button_clicked(self) -> None:
        chosen, _f = QFileDialog.getOpenFileNames(self, _("Chọn gói dữ liệu"), "", _(FILE_FILTER))
        if chosen:
            self.set_files([Path(c) for c in chosen])

    def _on_folder_button_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Chọn thư mục chứa gói dữ liệu"))
        if not chosen:
            return
        files = package_files(Path(chosen))
        if not files:
            QMessageBox.information(self, _("Nhận gói dữ liệu"), _(
                "Thư mục {folder} không có tệp gói dữ liệu nào (.tthtcd.age hoặc .tthtcd).").format(folder=chosen))
            return
        self.set_files(files)

    def set_files(self, files: list[Path]) -> None:
        """The files to check; clears the last preview."""
        self.files = list(files)
        self.results = []
        self.model.set_rows([])
        self.detail.clear()
        self.result_label.hide()
        self.receipts_button.hide()
        self.import_button.setEnabled(False)
        self.import_button.setText(_("Nhập"))
        n = len(self.files)
        folder = self.files[0].parent if n else None
        self.files_label.setText(ngettext("{n} tệp trong {folder}", "{n} tệp trong {folder}", n).format(
            n=format_number(n), folder=folder) if n else _("Chưa chọn tệp nào."))
        self.count_label.setText("")
        self.check_button.setEnabled(n > 0)
        if n and (self.passphrase.text() or not any(f.name.lower().endswith(".age") for f in self.files)):
            self.check()
        elif n:
            self.passphrase.setFocus()

    # -- the dry run and the import
    def _run(self, dry_run: bool, files: list[Path]):
        from app.services.receiver import import_packages

        label = _("Đang kiểm tra gói dữ liệu…") if dry_run else _("Đang nhập gói dữ liệu…")
        db, paths, passphrase = self.ctx.db, self.ctx.paths, self.passphrase.text()

        def task(report, cancelled):
            return import_packages(db, paths, files, passphrase, dry_run=dry_run, report=report,
                                   cancelled=cancelled)

        try:
            return run_with_progress(self, _("Nhận gói dữ liệu"), label, task)
        except Exception as exc:  # noqa: BLE001 - wrong passphrase, no office key…: said in Vietnamese
            log.warning("package import failed: %s", exc)
            self.passphrase_error.setText(str(exc))
            self.passphrase.setFocus()
            self.passphrase.selectAll()
            return None

    def check(self) -> None:
        """The dry run: what each chosen package would do, nothing written."""
        if not self.files:
            return
        if not self.passphrase.text() and any(f.name.lower().endswith(".age") for f in self.files):
            self.passphrase_error.setText(_("Hãy nhập mật khẩu khóa của cơ quan để mở các gói đã mã hóa."))
            self.passphrase.setFocus()
            return
        self.passphrase_error.clear()
        results = self._run(True, self.files)
        if results is None:
            return
        self.results = list(results)
        self._show_results()
        accepted = self.accepted()
        self.import_button.setEnabled(bool(accepted))
        self.import_button.setText(ngettext("Nhập {n} gói", "Nhập {n} gói", len(accepted)).format(
            n=format_number(len(accepted))) if accepted else _("Nhập"))
        refused = sum(r.status == "refused" for r in self.results)
        colour = (theme.RED if refused and not accepted else theme.AMBER if refused
                  else theme.GREEN if accepted else theme.GREY)
        self._say(self._summary(), colour)

    def accepted(self) -> list[Path]:
        """The files the dry run would import."""
        return [Path(r.file) for r in self.results if r.status == "would_import"]

    def import_accepted(self) -> None:
        files = self.accepted()
        if not files:
            return
        results = self._run(False, files)
        if results is None:
            return
        done = {r.file: r for r in results}
        self.results = [done.get(r.file, r) for r in self.results]
        self._show_results()
        self.import_button.setEnabled(False)
        self.import_button.setText(_("Nhập"))
        receipts = [Path(r.receipt_path) for r in results if r.receipt_path]
        self.receipts_folder = receipts[0].parent if receipts else None
        self.receipts_button.setVisible(self.receipts_folder is not None)
        imported = sum(r.status == "imported" for r in results)
        text = self._summary()
        if receipts:
            text += "<br>" + ngettext("Đã ghi {n} biên nhận vào thư mục {folder}; gửi lại cho xã để xã đánh dấu đã nhận.",
                                      "Đã ghi {n} biên nhận vào thư mục {folder}; gửi lại cho xã để xã đánh dấu đã nhận.",
                                      len(receipts)).format(n=format_number(len(receipts)), folder=self.receipts_folder)
        self._say(text, theme.GREEN if imported == len(files) else theme.AMBER)
        self.ctx.changed("receiver_package", ngettext("Đã nhập {n} gói dữ liệu.", "Đã nhập {n} gói dữ liệu.",
                                                      imported).format(n=format_number(imported)))

    # -- showing
    def _summary(self) -> str:
        counts = {s: sum(r.status == s for r in self.results) for s in
                  ("would_import", "imported", "already_imported", "refused")}
        parts = []
        if counts["imported"]:
            parts.append(_("{n} gói đã nhập").format(n=format_number(counts["imported"])))
        if counts["would_import"]:
            parts.append(_("{n} gói hợp lệ, sẵn sàng nhập").format(n=format_number(counts["would_import"])))
        if counts["already_imported"]:
            parts.append(_("{n} gói đã nhận trước đây (không thay đổi gì)").format(
                n=format_number(counts["already_imported"])))
        if counts["refused"]:
            parts.append(_("<b>{n} gói bị từ chối</b> (xem lý do trong cột Tình trạng)").format(
                n=format_number(counts["refused"])))
        return "; ".join(parts) + "." if parts else _("Không có gói nào.")

    def _say(self, text: str, colour: str) -> None:
        self.result_label.setText(text)
        set_banner_colour(self.result_label, colour)
        self.result_label.show()

    def _show_results(self) -> None:
        self.model.set_rows([result_row(r) for r in self.results])
        self.count_label.setText(ngettext("{n} gói", "{n} gói", len(self.results)).format(
            n=format_number(len(self.results))))
        if self.results:  # the first refusal first: its whole reason shows under the table
            self.table.selectRow(next((i for i, r in enumerate(self.results) if r.status == "refused"), 0))

    def _on_table_current_changed(self, current, _previous) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is None:
            self.detail.clear()
            return
        result = row[0]
        colour = QColor(status_colour(result.status)).name()
        lines = [f"<b>{_escape(row[1])}</b> — <span style='color:{colour}'>{_escape(row[6])}</span>"]
        if result.preview is not None and result.preview.changes and result.status != "refused":
            lines.append(_escape(change_text(result.preview.changes)))
        if result.receipt_path:
            lines.append(_("Biên nhận: {file}").format(file=_escape(Path(result.receipt_path).name)))
        self.detail.setText("<br>".join(lines))


def _escape(text) -> str:
    import html

    return html.escape(str(text))
