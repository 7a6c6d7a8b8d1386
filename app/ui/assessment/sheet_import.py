"""Reading a filled scoring sheet back: a dry run first, its problems (or what would change) shown
in a preview, then the import of everything or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from app.i18n import _, format_number
from app.services import score_grid as sg
from app.services.errors import ValidationFailed
from app.ui import theme
from app.ui.assessment.common import problems_text, refuse, who


class SheetPreview(QDialog):
    """What a dry run found: the problems (nothing can be imported) or the counts to confirm."""

    def __init__(self, parent, path: Path, result: sg.SheetImport | None, problems: str):
        super().__init__(parent)
        self.setWindowTitle(_("Nhập phiếu chấm — xem trước"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Tệp: {name}").format(name=path.name)))
        if problems:
            head = QLabel(_("Phiếu có lỗi; chưa nhập điểm nào. Sửa trong Excel rồi nhập lại:"))
            head.setStyleSheet(f"color:{theme.RED}; font-weight:bold")
            text = QPlainTextEdit(problems)
            text.setReadOnly(True)
            layout.addWidget(head)
            layout.addWidget(text)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        else:
            layout.addWidget(QLabel(_("Đọc {rows} dòng; {n} điểm sẽ thay đổi. Ghi vào dữ liệu?").format(
                rows=format_number(result.rows), n=format_number(result.changes))))
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Ghi vào"))
            buttons.setEnabled(result.changes > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


def import_sheet_with_preview(parent, ctx, path: Path) -> bool:
    """Dry-run ``path``, show the preview, import when confirmed. True when scores were written."""
    try:
        result, problems = sg.import_sheet(ctx.db, path, dry_run=True), ""
    except ValidationFailed as exc:
        result, problems = None, problems_text(exc)
    if not SheetPreview(parent, path, result, problems).exec() or problems or not result.changes:
        return False
    try:
        done = sg.import_sheet(ctx.db, path, dry_run=False, by=who())
    except ValidationFailed as exc:
        refuse(parent, _("Không nhập được"), exc)
        return False
    ctx.changed("assessment", _("Đã nhập phiếu chấm: {n} điểm thay đổi.").format(n=format_number(done.changes)))
    return True
