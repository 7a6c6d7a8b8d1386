"""Khóa của cơ quan: the receiving office's own keys.

Before set-up: a form to make them (office name, passphrase twice). After: the age recipient
(``age1…``) the communes encrypt to, as text (copy) and QR code, the key id that signs receipts,
"Lưu tệp cho xã" (the receiver identity file communes load) and, when the service offers it, the
office's printable slip.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.crypto.keys import MIN_PASSPHRASE_LENGTH
from app.domain.text import nfc
from app.i18n import _
from app.services import receiver
from app.services.keys import new_passphrase_problem
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.receiver.common import mono_font, page_header, spaced_key_id
from app.ui.receiver.tables import save_built_file
from app.ui.widgets.save_file import default_folder

log = logging.getLogger(__name__)



def qr_pixmap(text: str, scale: int = 5) -> QPixmap:
    """The QR code of ``text`` (error correction M) as a pixmap, ``scale`` pixels a module."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="png", scale=scale, border=3)
    pixmap = QPixmap()
    pixmap.loadFromData(out.getvalue(), "PNG")
    return pixmap


def file_slug(name: str) -> str:
    from app.domain.text import fold

    slug = "".join(c if c.isalnum() else "-" for c in fold(name)).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return slug or "co-quan"


class OfficeKeyPage(QWidget):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.identity = None
        head, _t, self.note = page_header(_("Khóa của cơ quan"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_init())
        self.stack.addWidget(self._build_shown())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addWidget(self.stack, 1)
        self.reload()

    # -- before set-up
    def _build_init(self) -> QWidget:
        page = QWidget()
        intro = QLabel(_("Cơ quan chưa có khóa. Khóa gồm hai phần: <b>khóa mở gói</b> (các xã mã hóa gói dữ liệu "
                         "gửi cơ quan bằng phần công khai của nó) và <b>khóa ký biên nhận</b>. Phần bí mật được "
                         "khóa bằng mật khẩu và chỉ lưu trong thư mục dữ liệu của máy này.<br>"
                         "Mật khẩu có ít nhất {n} ký tự; hãy ghi lại và cất nơi an toàn: mất mật khẩu thì không mở "
                         "được các gói đã gửi đến.").format(n=MIN_PASSPHRASE_LENGTH))
        intro.setWordWrap(True)
        self.office_name = QLineEdit()
        self.pass1 = QLineEdit()
        self.pass2 = QLineEdit()
        for f in (self.pass1, self.pass2):
            f.setEchoMode(QLineEdit.EchoMode.Password)
        self.init_problem = QLabel()
        self.init_problem.setObjectName("fieldError")
        self.init_problem.setWordWrap(True)
        self.init_button = QPushButton(icon("key", "#ffffff"), _("Tạo khóa"))
        self.init_button.setObjectName("primary")
        self.init_button.clicked.connect(self.create_keys)
        self.pass2.returnPressed.connect(self.create_keys)
        form = QFormLayout()
        form.addRow(_("Tên cơ quan"), self.office_name)
        form.addRow(_("Mật khẩu *"), self.pass1)
        form.addRow(_("Nhập lại mật khẩu *"), self.pass2)
        form.addRow("", self.init_problem)
        button_row = QHBoxLayout()
        button_row.addWidget(self.init_button)
        button_row.addStretch(1)
        form.addRow("", button_row)
        box = QGroupBox(_("Tạo khóa của cơ quan"))
        inner = QVBoxLayout(box)
        inner.addWidget(intro)
        inner.addLayout(form)
        box.setMaximumWidth(720)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(box)
        lay.addStretch(1)
        return page

    def create_keys(self) -> None:
        office, p1, p2 = nfc(self.office_name.text()).strip(), self.pass1.text(), self.pass2.text()
        if not office:
            self._init_problem(_("Hãy nhập tên cơ quan."), self.office_name)
        elif (problem := new_passphrase_problem(p1, p2)) is not None:
            self._init_problem(problem.message, self.pass1 if problem.field == "passphrase" else self.pass2)
        else:
            try:
                receiver.init_receiver(self.ctx.paths, p1, office)
            except Exception as exc:  # noqa: BLE001 - the service's refusals are Vietnamese messages
                log.warning("init_receiver failed: %s", exc)
                self._init_problem(str(exc), self.pass1)
                return
            self.pass1.clear()
            self.pass2.clear()
            self.init_problem.clear()
            self.reload()
            self.ctx.changed("receiver_identity", _("Đã tạo khóa của cơ quan."))

    def _init_problem(self, text: str, field: QLineEdit) -> None:
        self.init_problem.setText(text)
        field.setFocus()
        field.selectAll()

    # -- after set-up
    def _build_shown(self) -> QWidget:
        page = QWidget()
        self.office_label = QLabel()
        self.office_label.setStyleSheet("font-size: 12pt; font-weight: bold;")
        explain = QLabel(_("Các xã nhập <b>khóa công khai</b> dưới đây (gõ, dán, quét mã QR hoặc mở tệp cho xã) vào "
                           "chương trình của xã một lần; gói dữ liệu xã gửi sẽ được mã hóa để chỉ cơ quan mở được."))
        explain.setWordWrap(True)
        self.recipient = QLabel()
        self.recipient.setFont(mono_font(11))
        self.recipient.setWordWrap(True)
        self.recipient.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(_("Chép"))
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        recipient_row = QHBoxLayout()
        recipient_row.addWidget(self.recipient, 1)
        recipient_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.key_id_label = QLabel()
        self.key_id_label.setFont(mono_font(14, bold=True))
        self.key_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key_note = QLabel(_("Mã khóa ký biên nhận: xã so mã này khi nhập biên nhận của cơ quan."))
        key_note.setObjectName("hint")
        key_note.setWordWrap(True)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setToolTip(_("Mã QR của khóa công khai"))
        self.save_button = QPushButton(icon("save"), _("Lưu tệp cho xã…"))
        self.save_button.setToolTip(_("Tệp có tên cơ quan, khóa công khai và khóa ký biên nhận, để gửi các xã"))
        self.save_button.clicked.connect(self.save_receiver_file)
        self.slip_button = QPushButton(icon("print"), _("In phiếu khóa…"))
        self.slip_button.clicked.connect(self.print_slip)
        self.slip_button.setVisible(self._slip_builder() is not None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.slip_button)
        buttons.addStretch(1)

        text_col = QVBoxLayout()
        text_col.addWidget(self.office_label)
        text_col.addWidget(explain)
        text_col.addSpacing(8)
        caption = QLabel(_("Khóa công khai để mã hóa gói gửi cơ quan"))
        caption.setStyleSheet("font-weight: bold;")
        text_col.addWidget(caption)
        text_col.addLayout(recipient_row)
        text_col.addSpacing(8)
        caption2 = QLabel(_("Mã khóa ký biên nhận"))
        caption2.setStyleSheet("font-weight: bold;")
        text_col.addWidget(caption2)
        text_col.addWidget(self.key_id_label)
        text_col.addWidget(key_note)
        text_col.addSpacing(12)
        text_col.addLayout(buttons)
        text_col.addStretch(1)
        box = QGroupBox(_("Khóa nhận gói và khóa ký biên nhận"))
        row = QHBoxLayout(box)
        row.addLayout(text_col, 1)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(box)
        lay.addStretch(1)
        return page

    def reload(self) -> None:
        try:
            self.identity = receiver.receiver_identity(self.ctx.paths)
        except Exception as exc:  # noqa: BLE001 - no identity yet (or unreadable): offer to make one
            log.info("no receiver identity: %s", exc)
            self.identity = None
        if self.identity is None:
            from app.services.setup import get_profile

            profile = get_profile(self.ctx.db)
            if profile is not None and not self.office_name.text():
                self.office_name.setText(profile.receiver_office_name or profile.commune_name)
            self.note.setText(_("Chưa tạo khóa"))
            self.stack.setCurrentIndex(0)
            return
        ident = self.identity
        self.office_label.setText(ident.office_name)
        self.recipient.setText(ident.age_recipient)
        self.key_id_label.setText(spaced_key_id(ident.key_id))
        self.qr.setPixmap(qr_pixmap(ident.age_recipient))
        self.note.setText("")
        self.stack.setCurrentIndex(1)

    def _on_copy_button_clicked(self) -> None:
        if self.identity is not None:
            QGuiApplication.clipboard().setText(self.identity.age_recipient)
            self.ctx.status.emit(_("Đã chép khóa công khai của cơ quan."))

    def save_receiver_file(self) -> None:
        if self.identity is None:
            return
        default = default_folder() / f"{file_slug(self.identity.office_name)}.tthtcd-receiver.json"
        chosen, _f = QFileDialog.getSaveFileName(self, _("Lưu tệp cho xã"), str(default),
                                                 _("Tệp cơ quan tiếp nhận (*.tthtcd-receiver.json)"))
        if not chosen:
            return
        path = Path(chosen)
        if not path.name.endswith(".json"):
            path = path.with_name(path.name + ".tthtcd-receiver.json")
        try:
            written = receiver.write_receiver_file(self.ctx.paths, self.ctx.db, path)
        except Exception as exc:  # noqa: BLE001 - said in a message
            log.warning("write_receiver_file failed: %s", exc)
            QMessageBox.warning(self, _("Không ghi được tệp"), str(exc))
            return
        self.ctx.status.emit(_("Đã lưu {file}: gửi tệp này cho các xã.").format(file=Path(written or path).name))

    @staticmethod
    def _slip_builder():
        """The service that builds the office's slip PDF, if receiver-core offers one."""
        for name in ("receiver_slip_pdf", "office_slip_pdf"):
            fn = getattr(receiver, name, None)
            if callable(fn):
                return fn
        return None

    def print_slip(self) -> None:
        build = self._slip_builder()
        if build is None or self.identity is None:
            return
        paths, db = self.ctx.paths, self.ctx.db
        save_built_file(self, self.ctx, _("Phiếu khóa của cơ quan"), "Phieu khoa co quan.pdf",
                        _("Tệp PDF (*.pdf)"), lambda: build(paths, db))
