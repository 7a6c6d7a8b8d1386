"""Kiểm tra giấy công nhận: type or scan a certificate's QR text (a USB scanner types it like a
keyboard and ends with Enter), optionally load the issuing commune's ``.pub`` file, and see in big
letters whether the certificate is authentic, and if not, why; with the signed fields.

Reusable: the receiving office's screens pass their own ``key_finder`` (key id → public key over
every commune they registered); by default the commune's own keys (old ones too) are used.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.crypto.certificate_qr import QrCheck, key_finder, verify_qr
from app.crypto.keys import KeyProblem, key_id_of, public_key_from_file
from app.i18n import N_, _
from app.printing.titles import title_label
from app.ui import theme
from app.ui.assessment.common import hint
from app.ui.icons import icon

#: status → (headline, colour, icon)
VERDICTS = {
    "authentic": (N_("GIẤY THẬT"), theme.GREEN, "ok"),
    "bad_signature": (N_("KHÔNG PHẢI GIẤY THẬT"), theme.RED, "error"),
    "malformed": (N_("KHÔNG ĐỌC ĐƯỢC MÃ QR"), theme.RED, "error"),
    "unknown_key": (N_("CHƯA XÁC MINH ĐƯỢC"), theme.AMBER, "warning"),
}


class VerifyCertificateView(QWidget):
    """``checked(QrCheck)`` after each check. ``key_finder``: key id → public key or None (default:
    the keys in ``ctx.paths.keys``); keys loaded from ``.pub`` files are tried first."""

    checked = Signal(object)

    def __init__(self, ctx, parent=None, key_finder: Callable | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._finder = key_finder
        self.loaded: dict[str, object] = {}  # key id → public key from a .pub file
        self.last: QrCheck | None = None
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("Đặt con trỏ vào đây rồi quét mã QR trên giấy, hoặc dán nội dung mã QR "
                                       "(TTHTCD1|…)"))
        self.text.setClearButtonEnabled(True)
        bigger = QFont(self.font())
        bigger.setPointSizeF(bigger.pointSizeF() * 1.15)
        self.text.setFont(bigger)
        self.text.setMinimumHeight(32)
        self.text.returnPressed.connect(self.check)
        self.check_button = QPushButton(icon("search", "#ffffff"), _("Kiểm tra"))
        self.check_button.setObjectName("primary")
        self.check_button.clicked.connect(self.check)
        self.key_button = QPushButton(icon("key"), _("Nạp khóa công khai (.pub)…"))
        self.key_button.clicked.connect(lambda: self.load_public_key())
        self.keys_label = QLabel()
        self.keys_label.setObjectName("hint")
        self.keys_label.setWordWrap(True)
        self._show_keys()

        self.card = QFrame()
        self.card.setObjectName("verdict")
        self.icon_label = QLabel()
        self.headline = QLabel()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setBold(True)
        self.headline.setFont(big)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields_form = QFormLayout()
        self.fields_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.field_labels: dict[str, QLabel] = {}
        for key, label in (("commune", _("Mã xã cấp:")), ("year", _("Năm công nhận:")), ("title", _("Danh hiệu:")),
                           ("number", _("Số vào sổ:")), ("name", _("Người, hộ được công nhận:")),
                           ("key", _("Mã khóa ký:"))):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.field_labels[key] = value
            self.fields_form.addRow(label, value)
        head = QHBoxLayout()
        head.addWidget(self.icon_label)
        head.addWidget(self.headline, 1)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(18, 14, 18, 14)
        card.addLayout(head)
        card.addWidget(self.reason)
        card.addLayout(self.fields_form)
        self.card.hide()

        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.check_button)
        keys = QHBoxLayout()
        keys.addWidget(self.key_button)
        keys.addWidget(self.keys_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(QLabel(_("<b>Nội dung mã QR trên giấy công nhận</b>")))
        layout.addLayout(row)
        layout.addLayout(keys)
        layout.addWidget(self.card)
        layout.addStretch(1)
        layout.addWidget(hint(_("Máy quét mã vạch cắm cổng USB gõ nội dung mã QR như bàn phím và tự bấm Enter. Mã QR "
                                "mang tên xã, năm, danh hiệu, số vào sổ, tên người được công nhận và chữ ký số của xã; "
                                "sửa bất kỳ chữ nào, chữ ký sẽ không còn khớp.")))

    # -- keys
    def _find(self, key_id: str):
        if key_id in self.loaded:
            return self.loaded[key_id]
        if self._finder is not None:
            return self._finder(key_id)
        from app.services.keys import key_finder as commune_finder

        return commune_finder(self.ctx.paths)(key_id)

    def _show_keys(self) -> None:
        if self.loaded:
            self.keys_label.setText(_("Đã nạp khóa: {ids}. Cũng dùng các khóa của xã.").format(
                ids=", ".join(self.loaded)))
        else:
            self.keys_label.setText(_("Đang dùng các khóa ký của xã này. Giấy của xã khác: nạp tệp khóa công khai "
                                      "(.pub) của xã đó."))

    def load_public_key(self, path: str | Path | None = None) -> bool:
        """Add a public key file (minisign's two lines) to the keys tried; False with a message when
        the file is not a public key."""
        if path is None:
            chosen, _f = QFileDialog.getOpenFileName(self, _("Nạp khóa công khai"), "",
                                                     _("Khóa công khai (*.pub);;Mọi tệp (*)"))
            if not chosen:
                return False
            path = chosen
        try:
            key = public_key_from_file(path)
        except KeyProblem as exc:
            self._show_problem(str(exc))
            return False
        self.loaded[key_id_of(key)] = key
        self._show_keys()
        if self.text.text().strip():
            self.check()
        return True

    # -- checking
    def check(self) -> QrCheck | None:
        text = self.text.text().strip()
        if not text:
            self.card.hide()
            return None
        result = verify_qr(text, self._find)
        self.show_result(result)
        self.checked.emit(result)
        self.text.selectAll()  # the next scan replaces it
        return result

    def show_result(self, result: QrCheck) -> None:
        self.last = result
        headline, colour, icon_name = VERDICTS.get(result.status, VERDICTS["malformed"])
        self.headline.setText(_(headline))
        self.headline.setStyleSheet(f"color:{colour}")
        self.icon_label.setPixmap(icon(icon_name, colour).pixmap(40, 40))
        self.card.setStyleSheet(f"QFrame#verdict {{ background:{theme.SURFACE}; border:2px solid {colour}; "
                                f"border-radius:6px; }}")
        self.reason.setText(html.escape(result.reason_vi))
        f = result.fields
        values = {"commune": f.commune_code, "year": str(f.year),
                  "title": f"{title_label(f.title_code)} ({f.title_code})", "number": str(f.register_no),
                  "name": f.recipient_name, "key": f.key_id} if f else {}
        for key, label in self.field_labels.items():
            label.setText(html.escape(values.get(key, "")))
            self.fields_form.setRowVisible(label, bool(f))
        self.card.show()

    def _show_problem(self, text: str) -> None:
        self.show_result(QrCheck(False, "malformed", text, None))
        self.headline.setText(_("KHÔNG NẠP ĐƯỢC KHÓA"))

    def verdict_text(self) -> str:
        """What the card says, for tests and the clipboard."""
        return "\n".join([self.headline.text(), self.reason.text()] + [
            f"{k}: {v.text()}" for k, v in self.field_labels.items() if v.text()])

    def reload(self) -> None:
        self._show_keys()


def finder_over(public_keys) -> Callable:
    """A key finder for ``VerifyCertificateView(key_finder=…)`` over known public keys."""
    return key_finder(public_keys)
