"""Xuất gói dữ liệu: year and content → what personal data leaves the commune (and to whom) →
passphrase and destination folder → the result (file name, size, SHA-256).

The export itself (:func:`app.services.packages.export_package`) runs off the UI thread through
:func:`app.tasks.run_with_progress` when the third page is accepted; a refusal (wrong passphrase,
missing folder…) is shown in red on that page and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.crypto.keys import KeyProblem, WrongPassphrase
from app.exchange.package_write import Cancelled
from app.i18n import _, format_number
from app.services import packages
from app.services.keys import current_key
from app.tasks import run_with_progress
from app.ui.context import UiContext
from app.ui.icons import icon

RED, GREEN, AMBER = "#b3261e", "#1e7b34", "#8a5a00"


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=format_number(size / 1024 / 1024, 1))
    if size >= 1024:
        return _("{n} KB").format(n=format_number(round(size / 1024)))
    return _("{n} byte").format(n=format_number(size))


def _wrap(text: str = "", color: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if color:
        label.setStyleSheet(f"color: {color};")
    return label


class ContentPage(QWizardPage):
    def __init__(self, wizard: ExportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(_("Năm và nội dung gói"))
        self.setSubTitle(_("Chọn năm cần gửi và mức dữ liệu. Cơ quan tiếp nhận thường chỉ cần gói tổng hợp."))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(wizard.ctx.year)
        self.year.setMaximumWidth(120)
        self.summary = QRadioButton(_("Tổng hợp (khuyên dùng): số liệu, danh sách được công nhận, báo cáo năm"))
        self.full = QRadioButton(_("Đầy đủ: thêm toàn bộ hộ, nhân khẩu, lớp học, phiếu đánh giá (luôn mã hóa)"))
        self.summary.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.summary)
        group.addButton(self.full)
        self.recipient = _wrap()
        form = QFormLayout()
        form.addRow(_("Năm"), self.year)
        box = QVBoxLayout()
        box.addWidget(self.summary)
        box.addWidget(self.full)
        form.addRow(_("Nội dung"), box)
        form.addRow(_("Gửi tới"), self.recipient)
        self.setLayout(form)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        config = packages.receiver_config(self.w.ctx.db)
        if config and config.can_encrypt:
            short = f"{config.age_recipient[:12]}…{config.age_recipient[-6:]}"
            self.recipient.setText(_("{office}\nMã hóa bằng khóa nhận {key}").format(
                office=config.office_name or _("(chưa có tên cơ quan)"), key=short))
            self.recipient.setStyleSheet(f"color: {GREEN};")
        else:
            self.recipient.setText(_("Chưa có khóa nhận của cơ quan tiếp nhận: gói tổng hợp sẽ không được mã hóa, "
                                     "gói đầy đủ không xuất được. Nhập khóa ở trang Gửi dữ liệu → Cơ quan tiếp nhận."))
            self.recipient.setStyleSheet(f"color: {AMBER};")

    @property
    def content(self) -> str:
        return "full" if self.full.isChecked() else "summary"


class PrivacyPage(QWizardPage):
    def __init__(self, wizard: ExportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(_("Dữ liệu sẽ rời khỏi xã"))
        self.setSubTitle(_("Đọc kỹ trước khi gửi: đây là những thông tin cá nhân có trong gói."))
        self.lines = _wrap()
        self.target = _wrap()
        self.refusal = _wrap(color=RED)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lines)
        layout.addSpacing(8)
        layout.addWidget(self.target)
        layout.addWidget(self.refusal)
        layout.addStretch(1)
        self.preview: packages.ExportPreview | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        page = self.w.content_page
        self.preview = packages.preview(self.w.ctx.db, page.year.value(), page.content)
        self.lines.setText("\n".join(f"•  {line}" for line in self.preview.personal_data))
        if self.preview.encrypted:
            office = self.preview.recipient.office_name if self.preview.recipient else ""
            where = _("Gói được mã hóa: chỉ {office} mở được.").format(office=office or _("cơ quan tiếp nhận"))
        else:
            where = _("Gói KHÔNG mã hóa (chưa có khóa nhận): ai có tệp cũng đọc được danh sách trên.")
        self.target.setText(_("Tệp sẽ ghi: {file}\n{where}").format(file=self.preview.file_name, where=where))
        self.refusal.setText(self.preview.refusal)
        self.refusal.setVisible(bool(self.preview.refusal))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.preview is not None and not self.preview.refusal


class SignPage(QWizardPage):
    def __init__(self, wizard: ExportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(_("Ký và ghi gói"))
        self.setSubTitle(_("Nhập mật khẩu khóa ký của xã và chọn nơi ghi (thường là USB)."))
        self.key = _wrap()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.folder = QLineEdit(str(Path.home()))
        browse = QPushButton(icon("folder"), _("Chọn thư mục…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.problem = _wrap(color=RED)
        self.problem.hide()
        form = QFormLayout(self)
        form.addRow(_("Khóa ký"), self.key)
        form.addRow(_("Mật khẩu khóa *"), self.passphrase)
        form.addRow(_("Ghi vào thư mục *"), row)
        form.addRow("", self.problem)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Ký và ghi gói"))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        info = current_key(self.w.ctx.paths)
        self.key.setText(_("Mã khóa {key_id}").format(key_id=info.key_id) if info else
                         _("Xã chưa có khóa ký: tạo khóa ở Cài đặt → Khóa ký số."))

    def _on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Chọn thư mục ghi gói (USB)"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        self.show_problem("")
        if not self.passphrase.text():
            self.show_problem(_("Nhập mật khẩu khóa ký của xã."))
            return False
        return self.w.run_export()


class ResultPage(QWizardPage):
    def __init__(self, wizard: ExportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(_("Đã ghi gói dữ liệu"))
        self.summary = _wrap()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sha = QLineEdit()
        self.sha.setReadOnly(True)
        self.sha.setMinimumWidth(520)
        open_folder = QPushButton(icon("folder"), _("Mở thư mục"))
        open_folder.clicked.connect(self._on_open_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(_("Mã SHA-256 của tệp (để đối chiếu khi cơ quan tiếp nhận báo đã nhận):")))
        layout.addWidget(self.sha)
        layout.addWidget(open_folder, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        info = self.w.result
        if info is None:
            return
        self.summary.setText(_("Tệp: {file}\nThư mục: {folder}\nDung lượng: {size}\nSố thứ tự gói: {n}\n"
                               "{enc}\n\nGửi tệp này cho cơ quan tiếp nhận (qua USB hoặc thư điện tử).").format(
            file=info.file_name, folder=info.folder, size=human_size(info.size), n=info.sequence,
            enc=_("Đã ký số và mã hóa.") if info.encrypted else _("Đã ký số (không mã hóa).")))
        self.sha.setText(info.sha256)

    def _on_open_clicked(self) -> None:
        if self.w.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.w.result.folder))


class ExportWizard(QWizard):
    """The export wizard; ``result`` is the :class:`SentPackageInfo` once written."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.result: packages.SentPackageInfo | None = None
        self.setWindowTitle(_("Xuất gói dữ liệu"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(720, 480)
        self.setButtonText(QWizard.WizardButton.NextButton, _("Tiếp tục"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Xong"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Hủy"))
        self.content_page = ContentPage(self)
        self.privacy_page = PrivacyPage(self)
        self.sign_page = SignPage(self)
        self.result_page = ResultPage(self)
        for page in (self.content_page, self.privacy_page, self.sign_page, self.result_page):
            self.addPage(page)

    def run_export(self) -> bool:
        """Export with the pages' values, off the UI thread; True when written."""
        page, sign = self.content_page, self.sign_page
        args = (self.ctx.db, self.ctx.paths, page.year.value(), page.content, sign.folder.text().strip(),
                sign.passphrase.text())
        try:
            self.result = run_with_progress(self, _("Xuất gói dữ liệu"), _("Đang ký và ghi gói dữ liệu…"), _export,
                                            *args)
        except WrongPassphrase:
            sign.show_problem(_("Sai mật khẩu khóa ký. Hãy gõ lại (chú ý chữ hoa, dấu tiếng Việt)."))
            sign.passphrase.selectAll()
            sign.passphrase.setFocus()
            return False
        except (packages.PackageProblem, KeyProblem, Cancelled) as exc:
            sign.show_problem(str(exc))
            return False
        except OSError as exc:
            sign.show_problem(_("Không ghi được gói: {reason}. Kiểm tra USB rồi thử lại; số thứ tự gói vừa dùng sẽ "
                                "không dùng lại.").format(reason=exc.strerror or exc))
            return False
        self.ctx.changed("package", _("Đã ghi gói dữ liệu {file}").format(file=self.result.file_name))
        return True


def _export(report, cancelled, db, paths, year, content, folder, passphrase):
    return packages.export_package(db, paths, year, content, folder, passphrase, report=report,
                                   cancelled=cancelled)


__all__ = ["ExportWizard", "human_size"]
