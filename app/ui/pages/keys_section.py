"""Cài đặt → Khóa ký số: the commune's signing keys (the newest signs; old ones stay listed), and
what is done with them: create (passphrase typed twice, then tested), print the key slip, export
the public key, back up the encrypted secret key to a USB stick and restore it (test signature),
change the passphrase, and make a new key when the passphrase is lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.crypto import keys as crypto
from app.i18n import _, format_date
from app.services import key_backup
from app.services import keys as commune_keys
from app.services.errors import ValidationFailed
from app.ui import theme
from app.ui.context import UiContext
from app.ui.icons import icon


def _password() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(280)
    return field


def _problem() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.RED};")
    label.hide()
    return label


class PassphraseDialog(QDialog):
    """A new passphrase typed twice (and, for a change, the current one). ``check()`` says what is
    wrong in Vietnamese, or "" when the two agree and are long enough."""

    def __init__(self, title: str, intro: str, ask_old: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.old = _password() if ask_old else None
        self.new = _password()
        self.again = _password()
        self.problem = _problem()
        text = QLabel(intro)
        text.setWordWrap(True)
        form = QFormLayout()
        if self.old is not None:
            form.addRow(_("Mật khẩu hiện tại"), self.old)
        form.addRow(_("Mật khẩu mới"), self.new)
        form.addRow(_("Gõ lại mật khẩu mới"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Đồng ý"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.action = None  # callable(dialog) -> str problem or "" when done

    def check(self) -> str:
        problem = commune_keys.new_passphrase_problem(self.new.text(), self.again.text())
        return problem.message if problem else ""

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _on_ok(self) -> None:
        problem = self.check()
        if not problem and self.action is not None:
            problem = self.action(self)
        self.show_problem(problem)
        if not problem:
            self.accept()


class RestoreDialog(QDialog):
    """A backed-up ``.key`` file and its passphrase."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Khôi phục khóa từ bản sao lưu"))
        self.file = QLineEdit()
        browse = QPushButton(icon("folder"), _("Chọn tệp…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.passphrase = _password()
        self.problem = _problem()
        form = QFormLayout()
        form.addRow(_("Tệp khóa (.key)"), row)
        form.addRow(_("Mật khẩu của khóa"), self.passphrase)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Khôi phục"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.action = None

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Chọn tệp khóa đã sao lưu"), "",
                                                    _("Khóa bí mật (*.key);;Mọi tệp (*)"))
        if path:
            self.file.setText(path)

    def _on_ok(self) -> None:
        problem = self.action(self) if self.action else ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if not problem:
            self.accept()


class KeysSection(QGroupBox):
    """The "Khóa ký số" group of the settings page."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(_("Khóa ký số"), parent)
        self.ctx = ctx
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Mã khóa"), _("Ngày tạo"), _("Trạng thái"), _("Khóa bí mật")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(130)

        self.create_button = QPushButton(icon("key"), _("Tạo khóa…"))
        self.slip_button = QPushButton(icon("print"), _("In phiếu khóa…"))
        self.export_button = QPushButton(icon("export-excel"), _("Xuất khóa công khai…"))
        self.backup_button = QPushButton(icon("backup"), _("Sao lưu khóa ra USB…"))
        self.restore_button = QPushButton(icon("refresh"), _("Khôi phục khóa…"))
        self.change_button = QPushButton(icon("lock"), _("Đổi mật khẩu…"))
        self.new_button = QPushButton(icon("warning"), _("Mất mật khẩu: tạo khóa mới…"))
        for button, slot in ((self.create_button, self._on_create_clicked), (self.slip_button, self._on_slip_clicked),
                             (self.export_button, self._on_export_clicked),
                             (self.backup_button, self._on_backup_clicked),
                             (self.restore_button, self._on_restore_clicked),
                             (self.change_button, self._on_change_clicked), (self.new_button, self._on_new_clicked)):
            button.clicked.connect(slot)
        self.grid = QGridLayout()
        self.buttons = (self.create_button, self.slip_button, self.export_button, self.backup_button,
                        self.restore_button, self.change_button, self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 14, 12, 12)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addLayout(self.grid)
        self.reload()

    def reload(self) -> None:
        found = commune_keys.list_keys(self.ctx.paths)
        has = bool(found)
        if has:
            self.intro.setText(_("Khóa đang dùng: {key_id}. Khóa này ký mã QR trên giấy công nhận và gói dữ liệu gửi "
                                 "cơ quan tiếp nhận. Khóa bí mật được mã hóa bằng mật khẩu và chỉ nằm trên máy này "
                                 "(và bản sao lưu).").format(key_id=found[0].key_id))
        else:
            self.intro.setText(_("Xã chưa có khóa ký số. Bấm “Tạo khóa…”: đặt mật khẩu (gõ hai lần), rồi in phiếu "
                                 "khóa cho Chủ tịch ký, đóng dấu và gửi cơ quan tiếp nhận."))
        self.table.setRowCount(len(found))
        for r, k in enumerate(found):
            values = (k.key_id, format_date(k.created) if k.created else "—",
                      _("Đang dùng") if r == 0 else _("Khóa cũ (giữ để kiểm tra gói đã ký)"),
                      _("Có trên máy") if k.secret_path.is_file() else _("Không có"))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if r == 0 and c == 2:
                    item.setIcon(icon("ok", "#1e7b34"))
                self.table.setItem(r, c, item)
        self.table.setVisible(has)
        shown = [b for b in self.buttons if b is not self.create_button] if has else \
            [self.create_button, self.restore_button]
        for button in self.buttons:
            self.grid.removeWidget(button)
        for i, button in enumerate(shown):
            self.grid.addWidget(button, i // 4, i % 4)
        for button in self.buttons:
            button.setVisible(button in shown)

    # Actions (each usable from tests with the values a person would type)

    def create_key(self, passphrase: str, again: str, new: bool = False) -> str:
        """Create (and test) a key; "" when done, else the Vietnamese problem."""
        if passphrase != again:
            return _("Hai lần gõ mật khẩu mới không giống nhau. Hãy gõ lại.")
        try:
            info = commune_keys.init_key(self.ctx.paths, passphrase, self._comment(), new=new)
            tested = commune_keys.load_secret(self.ctx.paths, passphrase, info.key_id)
            message = b"tthtcd key test"
            crypto.verify_bytes(tested.public, message, crypto.sign_bytes(tested, message, "test"))
        except crypto.KeyProblem as exc:
            return str(exc)
        self.reload()
        self.ctx.changed("key", _("Đã tạo khóa ký {key_id}; mật khẩu đã được thử. Hãy in phiếu khóa.").format(
            key_id=info.key_id))
        return ""

    def change_passphrase(self, old: str, new: str) -> str:
        try:
            info = commune_keys.change_passphrase(self.ctx.paths, old, new)
        except crypto.KeyProblem as exc:
            return str(exc)
        self.ctx.status.emit(_("Đã đổi mật khẩu của khóa {key_id}.").format(key_id=info.key_id))
        return ""

    def write_slip(self, path: str) -> str:
        try:
            Path(path).write_bytes(key_backup.key_slip_pdf(self.ctx.db, self.ctx.paths))
        except ValidationFailed as exc:
            return str(exc)
        except (crypto.KeyProblem, OSError) as exc:
            return str(exc)
        self.ctx.status.emit(_("Đã ghi phiếu khóa {file}").format(file=path))
        return ""

    def restore(self, file: str, passphrase: str) -> str:
        try:
            info = key_backup.restore_key(self.ctx.paths, file, passphrase)
        except crypto.KeyProblem as exc:
            return str(exc)
        self.reload()
        self.ctx.changed("key", _("Đã khôi phục khóa {key_id}; chữ ký thử hợp lệ.").format(key_id=info.key_id))
        return ""

    def _comment(self) -> str:
        from app.services.setup import get_profile

        profile = get_profile(self.ctx.db)
        return f"{profile.commune_display} {profile.commune_code}".strip() if profile else ""

    # Slots

    def _on_create_clicked(self) -> None:
        dialog = PassphraseDialog(_("Tạo khóa ký số"), _(
            "Đặt mật khẩu cho khóa (ít nhất 8 ký tự). Mật khẩu được hỏi mỗi lần in giấy công nhận hoặc gửi gói "
            "dữ liệu. Ghi mật khẩu vào nơi an toàn: quên mật khẩu thì phải tạo khóa mới."), parent=self)
        dialog.action = lambda d: self.create_key(d.new.text(), d.again.text())
        dialog.exec()

    def _on_new_clicked(self) -> None:
        answer = QMessageBox.question(self, _("Tạo khóa mới"), _(
            "Chỉ tạo khóa mới khi đã quên mật khẩu hoặc đổi người giữ khóa. Khóa cũ vẫn được giữ để kiểm tra các "
            "gói và giấy đã ký. Sau đó phải in phiếu khóa mới và gửi cơ quan tiếp nhận. Tiếp tục?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        dialog = PassphraseDialog(_("Tạo khóa mới"), _("Đặt mật khẩu cho khóa mới (ít nhất 8 ký tự)."), parent=self)
        dialog.action = lambda d: self.create_key(d.new.text(), d.again.text(), new=True)
        dialog.exec()

    def _on_change_clicked(self) -> None:
        dialog = PassphraseDialog(_("Đổi mật khẩu khóa"), _("Khóa và mã khóa giữ nguyên; chỉ mật khẩu thay đổi."),
                                  ask_old=True, parent=self)
        dialog.action = lambda d: self.change_passphrase(d.old.text(), d.new.text())
        dialog.exec()

    def _on_slip_clicked(self) -> None:
        key = commune_keys.current_key(self.ctx.paths)
        path, _filter = QFileDialog.getSaveFileName(self, _("Lưu phiếu khóa"), str(Path.home() / f"phieu-khoa-{key.key_id}.pdf"),
                                                    _("Tệp PDF (*.pdf)"))
        if not path:
            return
        problem = self.write_slip(path)
        if problem:
            QMessageBox.warning(self, _("Không in được phiếu khóa"), problem)
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _on_export_clicked(self) -> None:
        key = commune_keys.current_key(self.ctx.paths)
        path, _filter = QFileDialog.getSaveFileName(self, _("Xuất khóa công khai"), str(Path.home() / key.public_path.name),
                                                    _("Khóa công khai (*.pub)"))
        if path:
            try:
                commune_keys.export_public_key(self.ctx.paths, path)
            except crypto.KeyProblem as exc:
                QMessageBox.warning(self, _("Không ghi được khóa công khai"), str(exc))
                return
            self.ctx.status.emit(_("Đã ghi khóa công khai {file}").format(file=path))

    def _on_backup_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Chọn thư mục sao lưu (USB)"))
        if not folder:
            return
        try:
            result = key_backup.backup_key(self.ctx.paths, folder)
        except crypto.KeyProblem as exc:
            QMessageBox.warning(self, _("Không sao lưu được khóa"), str(exc))
            return
        QMessageBox.information(self, _("Đã sao lưu khóa"), _(
            "Đã chép khóa {key_id} (vẫn được mã hóa bằng mật khẩu) vào {folder}. Cất USB ở nơi an toàn.").format(
            key_id=result.key_id, folder=folder))

    def _on_restore_clicked(self) -> None:
        dialog = RestoreDialog(self)
        dialog.action = lambda d: self.restore(d.file.text(), d.passphrase.text())
        dialog.exec()


__all__ = ["KeysSection", "PassphraseDialog", "RestoreDialog"]
