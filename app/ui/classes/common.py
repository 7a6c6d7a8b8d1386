"""Small pieces the class screens share: the words for a class's state and dates, and saving a
paper (PDF) or a sheet to a file the officer chooses, then opening it.

:func:`save_pdf` asks where to save (:func:`ask_save_path`, which tests replace here), builds the
PDF off the UI thread and writes it (``app.ui.widgets.save_file``) and opens it with the system's
viewer (:func:`open_file`, which tests replace here too).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.i18n import _, format_date
from app.services.errors import InUse, NotFound, ValidationFailed
from app.ui import theme
from app.ui.widgets.save_file import ask_save_path, build_and_write, default_folder, open_file

log = logging.getLogger(__name__)


def ascii_name(text: str) -> str:
    """A file name without accents ("Ky thuat trong ca phe"), which every tool keeps intact."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                    if not unicodedata.combining(ch))
    kept = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in plain)
    return " ".join(kept.split())[:60] or "lop hoc"


def ask_open_path(parent: QWidget, title: str, file_filter: str) -> Path | None:
    path, _f = QFileDialog.getOpenFileName(parent, title, str(default_folder()), file_filter)
    return Path(path) if path else None


def save_pdf(parent: QWidget, status: Callable[[str], None], title: str, stem: str,
             build: Callable[[], bytes]) -> Path | None:
    """Ask for a file, build the PDF off the UI thread, write and open it; the path or None."""
    path = ask_save_path(parent, title, default_folder() / f"{stem}.pdf", _("Tệp PDF (*.pdf)"))
    if path is None or not build_and_write(parent, path, title, _("Đang tạo tệp PDF…"), build, failed=None,
                                           refused=_refusal):
        return None
    status(_("Đã lưu {file}.").format(file=path.name))
    open_file(path)
    return path


def _refusal(exc: Exception) -> str | None:
    return problems_text(exc) if isinstance(exc, NotFound | ValidationFailed | InUse) else None


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
