"""Registering a commune's public key (from its ``.pub`` file or the text of its key slip) and
revoking one. The key id is shown big, in groups of four, to be compared with the signed paper
slip before anything is saved. UI thread only; saving goes through :mod:`app.services.receiver`."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.crypto.keys import KeyProblem, key_id_of, public_key_from_text
from app.domain.text import nfc
from app.i18n import _
from app.ui import theme
from app.ui.icons import icon
from app.ui.receiver.common import commune_code_in, mono_font, public_key_text, spaced_key_id

log = logging.getLogger(__name__)


class RegisterKeyDialog(QDialog):
    """Đăng ký khóa của xã (or Thay khóa when ``commune_code`` is given: the new key replaces the
    commune's active one). ``saved`` holds the service's CommuneKeyInfo once registered."""

    def __init__(self, db, parent=None, commune_code: str = "", commune_name: str = ""):
        super().__init__(parent)
        self.db = db
        self.saved = None
        self.key_id = ""
        replacing = bool(commune_code)
        self.setWindowTitle(_("Thay khóa của xã") if replacing else _("Đăng ký khóa của xã"))
        self.resize(620, 520)

        intro = QLabel(_("Dán nội dung tệp khóa công khai (.pub) hoặc dòng khóa trên phiếu khóa của xã, "
                         "hoặc chọn tệp .pub xã gửi."))
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("untrusted comment: minisign public key …\nRW…")
        self.text.setFont(mono_font())
        self.text.setMaximumHeight(90)
        self.file_button = QPushButton(icon("folder"), _("Chọn tệp .pub…"))
        pick = QHBoxLayout()
        pick.addWidget(self.file_button)
        pick.addStretch(1)

        self.key_id_caption = QLabel(_("Mã khóa — so từng nhóm với phiếu khóa có chữ ký, đóng dấu của xã:"))
        self.key_id_label = QLabel("—")
        self.key_id_label.setFont(mono_font(22, bold=True))
        self.key_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_id_label.setStyleSheet(f"QLabel {{ color: {theme.ACCENT}; padding: 6px 0; }}")
        self.key_problem = QLabel()
        self.key_problem.setObjectName("fieldError")
        self.key_problem.setWordWrap(True)

        self.code = QLineEdit(commune_code)
        self.code.setPlaceholderText(_("5 chữ số, ví dụ 14113"))
        self.code.setMaxLength(20)
        self.code.setReadOnly(replacing)
        self.name = QLineEdit(commune_name)
        self.name.setPlaceholderText(_("Ví dụ: Xã Chiềng Mung"))
        self.field_problem = QLabel()
        self.field_problem.setObjectName("fieldError")
        form = QFormLayout()
        form.addRow(_("Mã xã, phường *"), self.code)
        form.addRow(_("Tên xã, phường"), self.name)
        form.addRow("", self.field_problem)

        self.confirm = QCheckBox(_("Tôi đã so mã khóa trên với phiếu khóa của xã: trùng khớp."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(_("Thay khóa") if replacing else _("Đăng ký"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addLayout(pick)
        layout.addWidget(self.key_id_caption)
        layout.addWidget(self.key_id_label)
        layout.addWidget(self.key_problem)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)

        self.text.textChanged.connect(self._on_text_changed)
        self.file_button.clicked.connect(self._on_file_button_clicked)
        self.confirm.toggled.connect(lambda _on: self._update_ok())

    # -- reading the key
    def _on_file_button_clicked(self) -> None:
        chosen, _f = QFileDialog.getOpenFileName(self, _("Chọn tệp khóa công khai"), "",
                                                 _("Khóa công khai minisign (*.pub);;Mọi tệp (*)"))
        if not chosen:
            return
        try:
            data = Path(chosen).read_bytes()[:4096].decode("utf-8", errors="replace")
        except OSError as exc:
            QMessageBox.warning(self, _("Không đọc được tệp"), _("Không đọc được tệp {file}: {reason}").format(
                file=Path(chosen).name, reason=exc.strerror or exc))
            return
        self.text.setPlainText(data)

    def _on_text_changed(self) -> None:
        pasted = self.text.toPlainText()
        self.key_id = ""
        self.confirm.setChecked(False)
        if not pasted.strip():
            self.key_id_label.setText("—")
            self.key_problem.clear()
        else:
            try:
                self.key_id = key_id_of(public_key_from_text(public_key_text(pasted)))
            except KeyProblem as exc:
                self.key_id_label.setText("—")
                self.key_problem.setText(str(exc))
            else:
                self.key_id_label.setText(spaced_key_id(self.key_id))
                self.key_problem.clear()
                code = commune_code_in(pasted)
                if code and not self.code.text() and not self.code.isReadOnly():
                    self.code.setText(code)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.key_id) and self.confirm.isChecked())

    # -- saving
    def accept(self) -> None:
        code = nfc(self.code.text()).strip()
        if not code:
            self.field_problem.setText(_("Hãy nhập mã xã, phường (như trên phiếu khóa)."))
            self.code.setFocus()
            return
        from app.services.receiver import register_commune

        try:
            self.saved = register_commune(self.db, public_key_text(self.text.toPlainText()), commune_code=code,
                                          commune_name=nfc(self.name.text()).strip() or None)
        except Exception as exc:  # noqa: BLE001 - the service's refusals are Vietnamese messages
            log.warning("registering a key failed: %s", exc)
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        super().accept()


class RevokeKeyDialog(QDialog):
    """Thu hồi khóa: the reason is required (kept in the register)."""

    def __init__(self, commune_name: str, key_id: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Thu hồi khóa"))
        self.resize(520, 240)
        text = QLabel(_("Thu hồi khóa <b>{key}</b> của <b>{commune}</b>? Từ nay gói dữ liệu ký bằng khóa này "
                        "sẽ bị từ chối; các gói đã nhận vẫn giữ nguyên.").format(
            key=spaced_key_id(key_id), commune=commune_name))
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Ví dụ: xã báo mất máy tính giữ khóa"))
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        form = QFormLayout()
        form.addRow(_("Lý do *"), self.reason)
        form.addRow("", self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.addButton(_("Thu hồi"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setIcon(icon("lock"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def reason_text(self) -> str:
        return nfc(self.reason.text()).strip()

    def accept(self) -> None:
        if not self.reason_text():
            self.problem.setText(_("Hãy ghi lý do thu hồi."))
            self.reason.setFocus()
            return
        super().accept()
