"""Pieces the certificate widgets share: PDF pages as images (pypdfium2), saving and opening a PDF,
the commune key's passphrase, the printer offsets store. UI thread only (pdfium is not thread-safe).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import fold
from app.i18n import N_, _
from app.ui.assessment.common import message_label, show_message
from app.ui.widgets.save_file import ask_save_path, default_folder, open_file, write_file

PDF_FILTER = N_("Tệp PDF (*.pdf)")


def printers_file(paths) -> Path:
    """Where the offsets of each printer are remembered: ``<data>/printers.json``."""
    return paths.root / "printers.json"


def templates_dir(paths) -> Path:
    """The commune's edited certificate templates: ``<data>/templates/``."""
    return paths.root / "templates"


# ---------------------------------------------------------------- PDF pages as images


def pdf_page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def render_pages(pdf: bytes, dpi: float, pages: range | list[int] | None = None):
    """Yield ``(page index, QImage)`` of the PDF's pages rendered at ``dpi`` (white background)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        for i in pages if pages is not None else range(len(doc)):
            page = doc[i]
            bitmap = page.render(scale=dpi / 72.0, prefer_bgrx=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32)
            yield i, image.copy()
            bitmap.close()
            page.close()
    finally:
        doc.close()


def page_image(pdf: bytes, dpi: float = 72.0, index: int = 0) -> QImage:
    """One page of the PDF as an image."""
    return next(render_pages(pdf, dpi, [index]))[1]


class PreviewLabel(QLabel):
    """A page image scaled to the space it gets, keeping its proportions, with a thin frame.
    ``clicked`` when the left button is released over it."""

    clicked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._image: QImage | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(240, 170)
        self.setStyleSheet("background:#e8ecef;")

    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self._scale()

    def image(self) -> QImage | None:
        return self._image

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._scale()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()

    def _scale(self) -> None:
        if self._image is None or self._image.isNull():
            self.setPixmap(QPixmap())
            return
        ratio = self.devicePixelRatioF()
        w, h = max(self.width() - 16, 40), max(self.height() - 16, 40)
        pix = QPixmap.fromImage(self._image).scaled(int(w * ratio), int(h * ratio), Qt.AspectRatioMode.KeepAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation)
        pix.setDevicePixelRatio(ratio)
        self.setPixmap(pix)


# ---------------------------------------------------------------- saving and opening


def file_stem(text: str) -> str:
    """An ASCII file name part: "Giay cong nhan GDHT 2025" travels through USB sticks and Zalo intact."""
    return re.sub(r"[^A-Za-z0-9._ -]+", "", fold(text).replace("/", "-")).strip() or "giay-cong-nhan"


def default_pdf_path(name: str) -> Path:
    return default_folder() / f"{file_stem(name)}.pdf"


def ask_pdf_path(parent: QWidget, title: str, name: str) -> Path | None:
    """Ask where to save a PDF (default ``<Documents>/<name>.pdf``); None when cancelled. Tests
    replace this."""
    return ask_save_path(parent, title, default_pdf_path(name), _(PDF_FILTER))


# ---------------------------------------------------------------- the commune's key


class PassphraseDialog(QDialog):
    """Ask for the passphrase of the commune's signing key and unlock it (≈ 0.1 s). A wrong one is
    said in red and the dialog stays open. ``secret`` holds the unlocked key after OK."""

    def __init__(self, parent: QWidget, paths, text: str):
        super().__init__(parent)
        self.setWindowTitle(_("Mật khẩu khóa ký của xã"))
        self.paths = paths
        self.secret = None
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumWidth(260)
        self.error = message_label()
        form = QFormLayout()
        form.addRow(_("Mật khẩu:"), self.passphrase)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.passphrase.setFocus()

    def _on_ok(self) -> None:
        from app.crypto.keys import KeyProblem
        from app.services import keys

        if not self.passphrase.text():
            show_message(self.error, _("Nhập mật khẩu."))
            return
        try:
            self.secret = keys.load_secret(self.paths, self.passphrase.text())
        except KeyProblem as exc:
            show_message(self.error, str(exc))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.accept()


def has_key(paths) -> bool:
    from app.services import keys

    return keys.current_key(paths) is not None


def say_no_key(parent: QWidget, ctx) -> None:
    """The commune has no signing key yet: say so and offer Cài đặt → Khóa ký số."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Chưa có khóa ký của xã"), _(
        "Giấy công nhận in lần đầu cần mã QR ký bằng khóa của xã, nhưng xã chưa có khóa ký."),
        QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(_("Hãy tạo khóa trong Cài đặt → Khóa ký số (chỉ làm một lần), đặt mật khẩu và giữ kỹ "
                             "mật khẩu đó; rồi quay lại in giấy công nhận."))
    go = box.addButton(_("Mở Cài đặt → Khóa ký số"), QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton(_("Đóng"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go)
    box.setEscapeButton(close)
    box.exec()
    if box.clickedButton() is go:
        ctx.navigate.emit("settings", "keys")


def unlock_key(parent: QWidget, ctx, count: int):
    """The unlocked secret key for signing ``count`` new QR codes, or None (no key: offered to make
    one; or the officer cancelled)."""
    if not has_key(ctx.paths):
        say_no_key(parent, ctx)
        return None
    dialog = PassphraseDialog(parent, ctx.paths, _(
        "{n} giấy công nhận in lần đầu: mã QR trên giấy được ký bằng khóa của xã. Nhập mật khẩu khóa ký.").format(
        n=count))
    return dialog.secret if dialog.exec() else None


def offer_pdf(parent: QWidget, ctx, pdf: bytes, name: str, what: str, message: str) -> None:
    """A PDF is ready: Mở tệp PDF (save where the officer chooses, then open), In… or Đóng."""
    box = QMessageBox(QMessageBox.Icon.Information, what[:1].upper() + what[1:], message,
                      QMessageBox.StandardButton.NoButton, parent)
    open_button = box.addButton(_("Mở tệp PDF"), QMessageBox.ButtonRole.AcceptRole)
    print_button = box.addButton(_("In…"), QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(_("Đóng"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.setEscapeButton(close)
    box.exec()
    if box.clickedButton() is open_button:
        path = ask_pdf_path(parent, _("Lưu {what}").format(what=what), name)
        if path is not None and write_file(parent, path, pdf):
            ctx.status.emit(_("Đã lưu {file}.").format(file=path))
            open_file(path)
    elif box.clickedButton() is print_button:
        from app.ui.certificates.printer import print_pdf

        print_pdf(parent, ctx, pdf, what)


def number_locale():
    """The QLocale that writes numbers as the program's language does (1,5 in Vietnamese)."""
    from PySide6.QtCore import QLocale

    from app.i18n import current_language

    if current_language() == "vi":
        return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def mm_box(lo: float, hi: float, value: float = 0.0) -> QDoubleSpinBox:
    """Millimetres with one decimal, written the way the program's language writes numbers."""
    box = QDoubleSpinBox()
    box.setLocale(number_locale())
    box.setRange(lo, hi)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSuffix(" mm")
    box.setValue(value)
    box.setMinimumWidth(92)
    return box
