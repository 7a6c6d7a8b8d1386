"""Evidence (minh chứng) of one indicator or of the whole assessment: thumbnails of photos and
scans, the names of PDFs and documents, notes; Thêm tệp… / Thêm ghi chú; a click opens the stored
copy (the data folder keeps its own copy under the content's hash). Removing is refused by the
service while a decision locks the assessment."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from app.i18n import _, format_datetime
from app.services import evidence as ev
from app.services.errors import NotFound, ValidationFailed
from app.ui.assessment.common import refuse, who
from app.ui.icons import icon

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"})
THUMB = QSize(72, 54)
_thumbs: dict[str, QPixmap | None] = {}


def thumbnail(path: Path, sha256: str) -> QPixmap | None:
    """A small picture of a stored image (read at the reduced size, cached by content hash);
    None when Qt cannot read it."""
    if sha256 in _thumbs:
        return _thumbs[sha256]
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    pixmap = None if image.isNull() else QPixmap.fromImage(image).scaled(
        THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    _thumbs[sha256] = pixmap
    return pixmap


def file_filter() -> str:
    patterns = " ".join(f"*{e}" for e in sorted(ev.ALLOWED_EXTENSIONS))
    return _("Ảnh, bản quét, PDF, văn bản ({p})").format(p=patterns)


class EvidenceStrip(QWidget):
    """The evidence of one indicator (``code``; "" for the whole assessment) in a row, with the
    buttons to add more. ``changed()`` after an addition or a removal."""

    changed = Signal()

    def __init__(self, ctx, assessment_id: int, code: str, rows, locked: bool, parent=None):
        super().__init__(parent)
        self.ctx, self.assessment_id, self.code, self.locked = ctx, assessment_id, code, locked
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for row in rows:
            layout.addWidget(self._item(row))
        add_file = QPushButton(_("Thêm tệp…"))
        add_note = QPushButton(_("Thêm ghi chú"))
        for b in (add_file, add_note):
            b.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes from score to score
            b.setStyleSheet("padding:2px 8px")
        add_file.setToolTip(_("Đính kèm ảnh, bản quét, PDF làm minh chứng cho chỉ số {code}").format(code=code or "—"))
        add_file.clicked.connect(self.add_files)
        add_note.clicked.connect(self.add_note)
        layout.addWidget(add_file)
        layout.addWidget(add_note)

    def _item(self, row: ev.EvidenceRow) -> QWidget:
        who_when = _("{by}, {at}").format(by=row.added_by or "—", at=format_datetime(row.added_at))
        if row.kind == "note":
            label = QLabel(_("Ghi chú: {text}").format(text=row.note))
            label.setWordWrap(True)
            label.setMaximumWidth(360)
            label.setToolTip(who_when)
            label.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            label.customContextMenuRequested.connect(lambda pos, r=row, w=label: self._menu(w, pos, r))
            return label
        button = QToolButton()
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        path = ev.evidence_file(self.ctx.paths, row)
        pixmap = thumbnail(path, row.sha256) if row.extension in IMAGE_EXTENSIONS and path.exists() else None
        if pixmap is not None:
            button.setIcon(pixmap)
            button.setIconSize(pixmap.size())
        else:
            button.setIcon(icon("folder"))
            button.setIconSize(QSize(24, 24))
        name = row.file_name if len(row.file_name) <= 22 else row.file_name[:19] + "…"
        button.setText(name)
        button.setToolTip(_("{name} — bấm để mở bản lưu trong dữ liệu ({who})").format(name=row.file_name, who=who_when))
        button.clicked.connect(lambda _c=False, r=row: self.open(r))
        button.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        button.customContextMenuRequested.connect(lambda pos, r=row, w=button: self._menu(w, pos, r))
        return button

    def open(self, row: ev.EvidenceRow) -> None:
        path = ev.evidence_file(self.ctx.paths, row)
        if path is None or not path.exists():
            QMessageBox.warning(self, _("Không mở được minh chứng"),
                                _("Không thấy bản lưu của tệp {name} trong thư mục dữ liệu.").format(name=row.file_name))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _menu(self, widget: QWidget, pos, row: ev.EvidenceRow) -> None:
        menu = QMenu(widget)
        if row.kind == "file":
            menu.addAction(icon("eye"), _("Mở"), lambda: self.open(row))
        remove = menu.addAction(icon("delete"), _("Bỏ minh chứng này…"), lambda: self.remove(row))
        remove.setEnabled(not self.locked)
        menu.exec(widget.mapToGlobal(pos))

    def add_files(self) -> None:
        files, _f = QFileDialog.getOpenFileNames(self, _("Chọn tệp minh chứng"), "", file_filter())
        added = 0
        for name in files:
            try:
                ev.add_evidence_file(self.ctx.db, self.ctx.paths, self.assessment_id, self.code, Path(name), by=who())
                added += 1
            except (ValidationFailed, NotFound, OSError) as exc:
                refuse(self, _("Không thêm được minh chứng"), exc)
        if added:
            self.ctx.status.emit(_("Đã thêm {n} tệp minh chứng.").format(n=added))
            self.changed.emit()

    def add_note(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, _("Thêm ghi chú minh chứng"),
                                                 _("Ghi chú cho chỉ số {code}:").format(code=self.code or "—"))
        if not ok or not text.strip():
            return
        try:
            ev.add_evidence_note(self.ctx.db, self.assessment_id, self.code, text, by=who())
        except (ValidationFailed, NotFound) as exc:
            refuse(self, _("Không thêm được ghi chú"), exc)
            return
        self.ctx.status.emit(_("Đã thêm ghi chú minh chứng."))
        self.changed.emit()

    def remove(self, row: ev.EvidenceRow) -> None:
        what = row.file_name or row.note[:60]
        if QMessageBox.question(self, _("Bỏ minh chứng"), _("Bỏ minh chứng “{what}”? Việc này được ghi vào nhật ký.")
                                .format(what=what)) != QMessageBox.StandardButton.Yes:
            return
        try:
            ev.remove_evidence(self.ctx.db, self.ctx.paths, row.id, by=who())
        except (ValidationFailed, NotFound) as exc:
            refuse(self, _("Không bỏ được minh chứng"), exc)
            return
        self.ctx.status.emit(_("Đã bỏ minh chứng {what}.").format(what=what))
        self.changed.emit()
