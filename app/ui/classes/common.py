"""Small pieces the class screens share: the words for a class's state and dates, and saving a
paper (PDF) or a sheet to a file the officer chooses, then opening it.

:func:`save_pdf` asks where to save (:func:`ask_save_path`, which tests replace), builds the PDF
off the UI thread with :func:`app.tasks.run_with_progress`, writes it and opens it with the
system's viewer (:func:`open_file`, which tests replace too).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.i18n import _, format_date
from app.services.errors import InUse, NotFound, ValidationFailed
from app.tasks import run_with_progress
from app.ui import theme

log = logging.getLogger(__name__)

_last_folder: Path | None = None


def ascii_name(text: str) -> str:
    """A file name without accents ("Ky thuat trong ca phe"), which every tool keeps intact."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                    if not unicodedata.combining(ch))
    kept = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in plain)
    return " ".join(kept.split())[:60] or "lop hoc"


def default_folder() -> Path:
    return _last_folder or Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


def ask_save_path(parent: QWidget, title: str, suggested: Path, file_filter: str) -> Path | None:
    """The file the officer chooses to save to, or None when they cancel."""
    path, _f = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(path) if path else None


def ask_open_path(parent: QWidget, title: str, file_filter: str) -> Path | None:
    path, _f = QFileDialog.getOpenFileName(parent, title, str(default_folder()), file_filter)
    return Path(path) if path else None


def open_file(path: Path) -> None:
    """Open a saved file with the system's program (PDF viewer, Excel)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def save_pdf(parent: QWidget, status: Callable[[str], None], title: str, stem: str,
             build: Callable[[], bytes]) -> Path | None:
    """Ask for a file, build the PDF off the UI thread, write and open it; the path or None."""
    global _last_folder
    path = ask_save_path(parent, title, default_folder() / f"{stem}.pdf", _("Tệp PDF (*.pdf)"))
    if path is None:
        return None
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    try:
        data = run_with_progress(parent, title, _("Đang tạo tệp PDF…"), lambda _r, _c: build())
        path.write_bytes(data)
    except OSError as exc:
        QMessageBox.warning(parent, title, _("Không ghi được tệp {file}: {error}").format(file=path, error=exc))
        return None
    except (NotFound, ValidationFailed, InUse) as exc:
        QMessageBox.warning(parent, title, problems_text(exc))
        return None
    _last_folder = path.parent
    status(_("Đã lưu {file}.").format(file=path.name))
    open_file(path)
    return path


def problems_text(exc: BaseException) -> str:
    """A refused operation in plain Vietnamese, one reason a line."""
    if isinstance(exc, ValidationFailed):
        return "\n".join(p.message for p in exc.problems)
    if isinstance(exc, InUse):
        return "\n".join(exc.reasons)
    if isinstance(exc, NotFound):
        return _("Bản ghi này không còn: có thể đã bị xóa.")
    return str(exc)


def class_state(starts_on: date | None, ends_on: date | None, cancelled: bool,
                today: date | None = None) -> tuple[str, str]:
    """(words, colour) of a class's state on ``today``."""
    today = today or date.today()
    if cancelled:
        return _("Đã hủy"), theme.RED
    if starts_on is None:
        return _("Chưa xếp lịch"), theme.GREY
    if starts_on > today:
        return _("Sắp mở"), theme.GREY
    if ends_on is not None and ends_on < today:
        return _("Đã kết thúc"), theme.GREEN
    return _("Đang học"), theme.AMBER


def dates_text(starts_on: date | None, ends_on: date | None) -> str:
    if starts_on is None:
        return ""
    if ends_on is None or ends_on == starts_on:
        return format_date(starts_on)
    if starts_on.year == ends_on.year:
        return f"{starts_on:%d/%m} – {format_date(ends_on)}"
    return f"{format_date(starts_on)} – {format_date(ends_on)}"


def sex_word(sex: str) -> str:
    return {"M": _("Nam"), "F": _("Nữ")}.get(sex, "")
