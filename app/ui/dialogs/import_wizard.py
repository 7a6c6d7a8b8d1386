"""Nhập Excel: the wizard that imports a commune's household lists from a workbook.

Five pages: the file (read off the UI thread, refusals shown in red on the page), the sheets and
columns (:mod:`app.ui.dialogs.import_sheets`), the preview with fixes
(:mod:`app.ui.dialogs.import_preview`), the commit (one transaction after a backup, off the UI
thread, all or nothing) and the result. The wizard only calls the exchange façade
(:mod:`app.exchange.households_import`); it holds the :class:`ImportPlan` and the
:class:`ImportPreview` between pages. Opened by "Nhập Excel" on the Hộ gia đình and Thôn/bản pages
(:mod:`app.ui.dialogs.import_action`). UI thread only; slow steps go through :meth:`ImportWizard.run`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.exchange.households_import import (
    Cancelled,
    ImportPlan,
    ImportPreview,
    ImportResult,
    PreviewOutdated,
    WorkbookError,
    commit,
    read_households,
)
from app.i18n import N_, _, format_number
from app.tasks import run_with_progress
from app.ui import theme
from app.ui.context import UiContext
from app.ui.dialogs.import_models import TaskFailed
from app.ui.dialogs.import_preview import PreviewPage
from app.ui.dialogs.import_sheets import SheetsPage

log = logging.getLogger(__name__)

PAGE_FILE, PAGE_SHEETS, PAGE_PREVIEW, PAGE_COMMIT, PAGE_RESULT = range(5)
FILE_FILTER = N_("Bảng tính Excel (*.xlsx *.xls)")
ALL_OR_NOTHING = N_("Mọi thay đổi được ghi trong một lần; nếu hủy, dữ liệu không thay đổi.")


def _message(text: str, color: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {color};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ImportWizard(QWizard):
    """``ImportWizard(ctx, parent, path).exec()``. After a commit, :attr:`result` holds the
    :class:`ImportResult` and ``ctx.changed`` has told the pages."""

    def __init__(self, ctx: UiContext, parent=None, path: str | Path | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.plan: ImportPlan | None = None
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self._busy = False
        self.setWindowTitle(_("Nhập hộ gia đình từ Excel"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage()
        self.sheets_page = SheetsPage()
        self.preview_page = PreviewPage()
        self.commit_page = CommitPage()
        self.result_page = ResultPage()
        for page_id, page in ((PAGE_FILE, self.file_page), (PAGE_SHEETS, self.sheets_page),
                              (PAGE_PREVIEW, self.preview_page), (PAGE_COMMIT, self.commit_page),
                              (PAGE_RESULT, self.result_page)):
            self.setPage(page_id, page)
        self.setStartId(PAGE_FILE)
        if path:
            self.file_page.path_edit.setText(str(path))
        self._fit_screen()

    def _fit_screen(self) -> None:
        """1180×700, smaller on a small or scaled screen (1366×768 leaves about 1366×728)."""
        self.setMinimumSize(760, 500)
        width, height = 1180, 700
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width, height = min(width, available.width() - 40), min(height, available.height() - 40)
        self.resize(max(width, 760), max(height, 500))

    def run(self, title: str, label: str, fn, *args):
        """``fn(report, cancelled, *args)`` off the UI thread with a progress dialog and Cancel,
        while the page and the buttons are disabled. Returns its result; raises WorkbookError,
        Cancelled and PreviewOutdated as they come, and :class:`TaskFailed` (after telling the
        officer) for anything else."""
        page = self.currentPage()
        buttons = [self.button(b) for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                            QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton,
                                            QWizard.WizardButton.CancelButton)]
        states = [b.isEnabled() for b in buttons]
        self._busy = True
        if page is not None:
            page.setEnabled(False)
        for b in buttons:
            b.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return run_with_progress(self, title, label, fn, *args)
        except (WorkbookError, Cancelled, PreviewOutdated):
            raise
        except Exception as exc:
            log.exception("import step failed: %s", title)
            failure = exc
        finally:
            QApplication.restoreOverrideCursor()
            self._busy = False
            if page is not None:
                page.setEnabled(True)
            for b, state in zip(buttons, states, strict=True):
                b.setEnabled(state)
        QMessageBox.critical(self, title, _("Đã có lỗi không mong muốn: {error}\nDữ liệu không bị thay đổi. Hãy thử "
                                            "lại; nếu vẫn lỗi, gửi tệp nhật ký cho người hỗ trợ.").format(error=failure))
        raise TaskFailed(str(failure)) from failure

    def reject(self) -> None:
        if not self._busy:  # Cancel in the progress dialog stops a step; the wizard waits for it
            super().reject()


class FilePage(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(_("Chọn tệp"))
        self.setSubTitle(_("Chọn tệp Excel danh sách hộ gia đình của một thôn, bản hoặc của cả xã."))
        self._read_key: tuple | None = None
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(_("Đường dẫn tệp .xlsx hoặc .xls"))
        self.path_edit.textChanged.connect(self._on_path_edit_changed)
        self.browse = QPushButton(_("Chọn tệp…"))
        self.browse.clicked.connect(self._on_browse_clicked)
        self.error = _message("", theme.RED)
        self.error.hide()
        about = QLabel(_(
            "Chương trình nhận các danh sách quen dùng ở xã: có dòng tiêu đề (Họ và tên, Năm sinh, Quan hệ với "
            "chủ hộ …), mỗi người một dòng hoặc mỗi hộ một dòng, một hay nhiều trang (mỗi thôn một trang), chữ "
            "Unicode, TCVN3 (.VnTime) hoặc VNI.\n\nTệp Excel không bị sửa. Bước sau cho xem trước mọi thay đổi; "
            "chưa có gì được ghi cho đến khi bấm Nhập."))
        about.setWordWrap(True)
        about.setObjectName("hint")
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Tệp:")))
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addSpacing(12)
        layout.addWidget(about)
        layout.addStretch(1)

    def path(self) -> Path:
        return Path(self.path_edit.text().strip().strip('"'))

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path_edit.text().strip())

    def _on_path_edit_changed(self, _text: str) -> None:
        self.error.hide()
        self.completeChanged.emit()

    def _on_browse_clicked(self) -> None:
        start = str(self.path().parent) if self.path_edit.text().strip() else str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(self, _("Chọn tệp Excel"), start, _(FILE_FILTER))
        if chosen:
            self.path_edit.setText(chosen)

    def show_error(self, text: str, color: str = theme.RED) -> None:
        self.error.setText(text)
        self.error.setStyleSheet(f"color: {color};")
        self.error.show()

    def validatePage(self) -> bool:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        path = self.path()
        try:
            stat = path.stat()
            key = (str(path), stat.st_mtime_ns, stat.st_size)
        except OSError:
            self.show_error(_("Không tìm thấy tệp {path}. Hãy bấm “Chọn tệp…” để chọn lại.").format(path=path))
            return False
        if key == self._read_key and wizard.plan is not None:
            return True  # back and forth: keep the corrections made on the next page
        try:
            plan = wizard.run(_("Đọc tệp Excel"), _("Đang đọc {name}…").format(name=path.name), _read_task, path)
        except WorkbookError as exc:
            self.show_error(str(exc))
            return False
        except Cancelled as exc:
            self.show_error(str(exc), theme.AMBER)
            return False
        except TaskFailed:
            return False
        for sheet in plan.sheets:
            if plan.sheets_raw[sheet.name].hidden:
                plan.excluded.add(sheet.name)
        wizard.plan, wizard.preview, self._read_key = plan, None, key
        self.error.hide()
        return True


class CommitPage(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(_("Nhập"))
        self.setSubTitle(_("Kiểm tra lần cuối rồi bấm Nhập."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Nhập"))
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.what.setStyleSheet("font-size: 11pt;")
        self.rule = QLabel(_(ALL_OR_NOTHING))
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("font-weight: bold;")
        self.backup = QLabel()
        self.backup.setWordWrap(True)
        self.backup.setObjectName("hint")
        self.message = _message("", theme.RED)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addSpacing(8)
        layout.addWidget(self.rule)
        layout.addWidget(self.backup)
        layout.addSpacing(8)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        preview = wizard.preview
        c, n = preview.counts(), format_number
        lines = [_("Sẽ ghi vào dữ liệu của xã từ tệp {file}:").format(file=preview.plan.path.name),
                 "• " + _("{new} hộ mới, {update} hộ được cập nhật (thêm người hoặc sửa thông tin)").format(
                     new=n(c["households_new"]), update=n(c["households_update"])),
                 "• " + _("{new} nhân khẩu mới, {update} nhân khẩu được cập nhật").format(
                     new=n(c["persons_new"]), update=n(c["persons_update"]))]
        if preview.new_villages:
            lines.append("• " + _("{n} thôn, bản mới: {names}").format(
                n=n(len(preview.new_villages)), names=", ".join(preview.new_villages)))
        lines.append("• " + _("Không ghi: {refused} dòng bị từ chối, {skipped} dòng đã bỏ qua, {same} hộ không đổi.").format(
            refused=n(c["rows_refused"]), skipped=n(c["rows_skipped"]), same=n(c["households_unchanged"])))
        text = "\n".join(lines)
        self.what.setText(text)
        self.backup.setText(_("Trước khi ghi, chương trình tự sao lưu dữ liệu vào thư mục {folder}.").format(
            folder=wizard.ctx.paths.backups))
        self.message.hide()

    def _show(self, text: str, color: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color};")
        self.message.show()

    def validatePage(self) -> bool:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        try:
            result = wizard.run(_("Nhập hộ gia đình"), _("Đang ghi các hộ và nhân khẩu…"), _commit_task,
                                wizard.ctx.db, wizard.preview, wizard.ctx.paths.backups)
        except Cancelled as exc:
            self._show(str(exc), theme.AMBER)
            return False
        except PreviewOutdated as exc:
            QMessageBox.information(self, _("Dữ liệu đã thay đổi"), str(exc) + "\n\n" + _(
                "Chương trình sẽ xem trước lại với dữ liệu hiện có. Hãy kiểm tra rồi bấm Nhập lần nữa."))
            QTimer.singleShot(0, self._back_to_preview)
            return False
        except TaskFailed:
            self._show(_("Không nhập được. Dữ liệu không bị thay đổi."), theme.RED)
            return False
        wizard.result = result
        self._announce(result, wizard.preview.plan.path.name)
        return True

    def _back_to_preview(self) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.back()
        try:
            wizard.preview_page.rematch()
        except TaskFailed:
            pass

    def _announce(self, result: ImportResult, file: str) -> None:
        ctx = self.wizard().ctx
        text = _("Đã nhập {h} hộ, {p} nhân khẩu từ {file}.").format(
            h=format_number(result.households_created), p=format_number(result.persons_created), file=file)
        if result.households_updated or result.persons_updated:
            text = text[:-1] + _("; cập nhật {h} hộ, {p} nhân khẩu.").format(
                h=format_number(result.households_updated), p=format_number(result.persons_updated))
        if result.villages_created:
            ctx.changed("village")
        ctx.changed("household", text)


class ResultPage(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(_("Đã nhập xong"))
        self.setSubTitle(_("Các trang Hộ gia đình, Công dân và Thôn/bản đã được cập nhật."))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 11pt;")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Đóng"))

    def initializePage(self) -> None:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        r, n = wizard.result, format_number
        lines = [_("Đã ghi từ tệp {file}:").format(file=wizard.preview.plan.path.name),
                 "• " + _("{new} hộ mới, {update} hộ cập nhật").format(new=n(r.households_created),
                                                                     update=n(r.households_updated)),
                 "• " + _("{new} nhân khẩu mới, {update} nhân khẩu cập nhật").format(new=n(r.persons_created),
                                                                                   update=n(r.persons_updated))]
        if r.villages_created:
            lines.append("• " + _("{n} thôn, bản mới").format(n=n(r.villages_created)))
        if r.rows_refused:
            lines.append("• " + _("{n} dòng bị từ chối không được nhập: hãy sửa trong tệp Excel rồi nhập lại tệp; "
                                  "các hộ đã nhập sẽ hiện là “không đổi”.").format(n=n(r.rows_refused)))
        if r.backup:
            lines.append("\n" + _("Bản sao lưu trước khi nhập: {path}").format(path=r.backup))
        self.text.setText("\n".join(lines))


def _read_task(report, cancelled, path: Path) -> ImportPlan:
    return read_households(path, report=report, cancelled=cancelled)


def _commit_task(report, cancelled, db, preview: ImportPreview, backups: Path) -> ImportResult:
    return commit(db, preview, report, cancelled, backup_dir=backups)


def open_import_wizard(ctx: UiContext, parent=None, path: str | Path | None = None) -> ImportResult | None:
    """Show the wizard modally; the result of the import, or None when nothing was imported."""
    wizard = ImportWizard(ctx, parent, path)
    try:
        wizard.exec()
        return wizard.result
    finally:
        wizard.deleteLater()

