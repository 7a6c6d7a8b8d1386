"""Cơ quan tiếp nhận: the receiving office's name and its ``age1…`` key, typed, pasted or read from
the identity file it hands out (``*.tthtcd-receiver.json``), with a test encryption; optionally its
signing public key (checks the receipts it sends back)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import packages
from app.services.errors import ValidationFailed
from app.ui.context import UiContext
from app.ui.icons import icon


def _problem_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    label.hide()
    return label


class ReceiverDialog(QDialog):
    """Edit the receiving office; Lưu calls :func:`packages.set_receiver`."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Cơ quan tiếp nhận"))
        self.setMinimumWidth(700)
        config = packages.receiver_config(ctx.db)

        intro = QLabel(_("Nhập khóa nhận “age1…” do cơ quan tiếp nhận gửi (gõ, dán, hoặc đọc từ tệp "
                         ".tthtcd-receiver.json). Gói dữ liệu sẽ được mã hóa để chỉ cơ quan đó mở được."))
        intro.setWordWrap(True)
        self.office = QLineEdit(config.office_name if config else "")
        self.office.setPlaceholderText(_("Ví dụ: Sở Giáo dục và Đào tạo tỉnh Sơn La"))
        self.recipient = QLineEdit(config.age_recipient if config else "")
        self.recipient.setPlaceholderText("age1…")
        self.recipient.setMinimumWidth(460)
        self.read_button = QPushButton(icon("folder"), _("Đọc từ tệp…"))
        self.read_button.clicked.connect(self._on_read_button_clicked)
        self.test_button = QPushButton(icon("lock"), _("Thử mã hóa"))
        self.test_button.clicked.connect(self._on_test_button_clicked)
        row = QVBoxLayout()
        row.addWidget(self.recipient)
        actions = QHBoxLayout()
        actions.addWidget(self.read_button)
        actions.addWidget(self.test_button)
        actions.addStretch(1)
        row.addLayout(actions)
        self.signing = QPlainTextEdit(config.signing_public_key if config else "")
        self.signing.setPlaceholderText(_("Không bắt buộc: khóa công khai ký biên nhận (dòng bắt đầu bằng RW…)"))
        self.signing.setFixedHeight(56)
        self.office_problem, self.recipient_problem, self.signing_problem = (_problem_label(), _problem_label(),
                                                                             _problem_label())
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("Tên cơ quan *"), self.office)
        form.addRow("", self.office_problem)
        form.addRow(_("Khóa nhận (age) *"), row)
        form.addRow("", self.recipient_problem)
        form.addRow("", self.test_result)
        form.addRow(_("Khóa ký biên nhận"), self.signing)
        form.addRow("", self.signing_problem)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def load_text(self, text: str) -> bool:
        """Fill the fields from a receiver file's text or a bare ``age1…``; False (and a message) if unreadable."""
        try:
            found = packages.parse_receiver_text(text)
        except packages.PackageProblem as exc:
            self._show(self.recipient_problem, str(exc))
            return False
        self.recipient.setText(found.age_recipient)
        if found.office_name:
            self.office.setText(found.office_name)
        if found.signing_public_key:
            self.signing.setPlainText(found.signing_public_key)
        self._show(self.recipient_problem, "")
        return True

    def test_encryption(self) -> bool:
        try:
            packages.test_encryption(self.recipient.text())
        except packages.PackageProblem as exc:
            self.test_result.setStyleSheet("color: #b3261e;")
            self.test_result.setText(str(exc))
            return False
        self.test_result.setStyleSheet("color: #1e7b34;")
        self.test_result.setText(_("✓ Mã hóa thử thành công: khóa nhận hợp lệ, chỉ cơ quan giữ khóa giải mã mở được gói."))
        return True

    def save(self) -> bool:
        for label in (self.office_problem, self.recipient_problem, self.signing_problem):
            self._show(label, "")
        try:
            config = packages.set_receiver(self.ctx.db, self.office.text(), self.recipient.text(),
                                           self.signing.toPlainText() or None)
        except ValidationFailed as exc:
            where = {"office_name": self.office_problem, "age_recipient": self.recipient_problem,
                     "signing_public_key": self.signing_problem}
            for problem in exc.problems:
                self._show(where.get(problem.field, self.recipient_problem), problem.message)
            return False
        self.ctx.changed("profile", _("Đã lưu cơ quan tiếp nhận: {office}").format(office=config.office_name))
        self.accept()
        return True

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _on_read_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Chọn tệp khóa của cơ quan tiếp nhận"), "",
                                                    _("Tệp khóa cơ quan tiếp nhận (*.json *.txt);;Mọi tệp (*)"))
        if not path:
            return
        try:
            found = packages.read_receiver_file(path)
        except packages.PackageProblem as exc:
            self._show(self.recipient_problem, str(exc))
            return
        self.recipient.setText(found.age_recipient)
        if found.office_name:
            self.office.setText(found.office_name)
        if found.signing_public_key:
            self.signing.setPlainText(found.signing_public_key)
        self.test_encryption()

    def _on_test_button_clicked(self) -> None:
        self.test_encryption()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)
