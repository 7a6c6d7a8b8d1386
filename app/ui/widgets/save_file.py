"""Saving a file the program makes (a PDF, a spreadsheet) where the officer chooses. UI thread only.

:func:`ask_save_path` asks for the file (suggested in the folder of the last file saved this
session, else Documents) and gives it the suggested name's suffix; :func:`write_in_background`
runs a task that writes the file off the UI thread (``app.tasks.run_with_progress``) and turns
every failure into a message (a file open in another program, a folder that refuses writing, any
other error: logged, then said); :func:`save_built_file` does the whole "ask, build, write, open"
sequence for a builder that returns bytes. :func:`open_file` opens a file with the system's
program; :func:`offer_folder` says a file was saved and offers to open its folder.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.i18n import _
from app.tasks import run_with_progress

log = logging.getLogger(__name__)

_last_folder: Path | None = None  # where the last file went, for the next one (this session)


def default_folder() -> Path:
    """The folder of the last file saved this session, else the user's Documents."""
    return _last_folder or Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


def remember_folder(path: Path) -> None:
    global _last_folder
    _last_folder = path.parent


def ask_save_path(parent: QWidget, title: str, suggested: str | Path, file_filter: str) -> Path | None:
    """The file the officer chose, with ``suggested``'s suffix added when they left it out; None
    when cancelled. A bare file name is suggested in :func:`default_folder`."""
    suggested = Path(suggested)
    if not suggested.is_absolute():
        suggested = default_folder() / suggested
    chosen, _f = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    if not chosen:
        return None
    path, suffix = Path(chosen), suggested.suffix
    return path if not suffix or path.suffix.lower() == suffix.lower() else path.with_name(path.name + suffix)


def say_not_written(parent: QWidget, path: Path, exc: OSError, again: bool = False) -> None:
    """Say plainly why ``path`` could not be written (``again``: "…rồi xuất lại")."""
    if isinstance(exc, PermissionError):
        if again:
            text = _("Không ghi được tệp {file}: tệp đang mở trong chương trình khác (Excel, trình đọc PDF…) "
                     "hoặc thư mục không cho phép ghi. Hãy đóng tệp hoặc chọn thư mục khác rồi xuất lại.")
        else:
            text = _("Không ghi được tệp {file}: tệp đang mở trong chương trình khác (Excel, trình đọc PDF…) "
                     "hoặc thư mục không cho phép ghi. Hãy đóng tệp hoặc chọn thư mục khác.")
        QMessageBox.warning(parent, _("Không ghi được tệp"), text.format(file=path.name))
    else:
        QMessageBox.warning(parent, _("Không ghi được tệp"), _("Không ghi được tệp {file}: {reason}").format(
            file=path.name, reason=exc.strerror or exc))


def write_file(parent: QWidget, path: Path, data: bytes) -> bool:
    """Write ``data`` on the UI thread; False (said in a message) when the file cannot be written."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        say_not_written(parent, path, exc)
        return False
    remember_folder(path)
    return True


def write_in_background(parent: QWidget, path: Path, title: str, label: str, task: Callable[..., Any], *args: Any,
                        failed: str | None, again: bool = False,
                        refused: Callable[[Exception], str | None] | None = None) -> Any:
    """Run ``task(report, cancelled, *args)``, which writes ``path``, off the UI thread under a
    progress dialog titled ``title`` saying ``label``; return its result (which must not be None).

    None when it failed, each failure said in a message: an OSError by :func:`say_not_written`; an
    exception ``refused(exc)`` explains, in a warning with that text; any other is logged and said
    as ``failed.format(error=exc)`` (``failed`` None: it is raised to the caller)."""
    try:
        result = run_with_progress(parent, title, label, task, *args)
    except OSError as exc:
        say_not_written(parent, path, exc, again)
        return None
    except Exception as exc:  # noqa: BLE001 - the officer gets a message, the log the traceback
        reason = refused(exc) if refused else None
        if reason is not None:
            QMessageBox.warning(parent, title, reason)
            return None
        if failed is None:
            raise
        log.exception("writing %s failed", path.name)
        QMessageBox.critical(parent, title, failed.format(error=exc))
        return None
    remember_folder(path)
    return result


def build_and_write(parent: QWidget, path: Path, title: str, label: str, build: Callable[[], bytes],
                    failed: str | None, again: bool = False,
                    refused: Callable[[Exception], str | None] | None = None) -> bool:
    """Run ``build()`` off the UI thread and write its bytes to ``path``; False when it failed (said
    in a message, see :func:`write_in_background`)."""
    return write_in_background(parent, path, title, label, _write_built, path, build, failed=failed, again=again,
                               refused=refused) is not None


def _write_built(_report, _cancelled, path: Path, build: Callable[[], bytes]) -> int:
    return path.write_bytes(build())


def save_built_file(parent: QWidget, title: str, label: str, default_name: str, file_filter: str,
                    build: Callable[[], bytes], failed: str | None, open_after: bool = True) -> Path | None:
    """Ask where to save (``default_name`` in the last folder; its suffix is the file's), build and
    write the file off the UI thread, then open it (``open_after``). The path; None when cancelled
    or refused (every failure said in a message)."""
    path = ask_save_path(parent, title, default_name, file_filter)
    if path is None or not build_and_write(parent, path, title, label, build, failed):
        return None
    if open_after:
        open_file(path)
    return path


def open_file(path: Path) -> None:
    """Open the file with the program the computer uses for it (a PDF reader, Excel)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def offer_folder(parent: QWidget, title: str, message: str, path: Path) -> None:
    """Say ``message`` (a file was saved) and offer Mở thư mục or Đóng."""
    box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(_("Tệp được lưu trong thư mục {folder}.").format(folder=path.parent))
    open_button = box.addButton(_("Mở thư mục"), QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton(_("Đóng"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.setEscapeButton(close)
    box.exec()
    if box.clickedButton() is open_button:
        show_in_folder(path)


def show_in_folder(path: Path) -> None:
    """Open the file's folder in Explorer with the file selected (elsewhere: the folder)."""
    if sys.platform == "win32":
        subprocess.Popen(["explorer", "/select,", os.path.normpath(path)])  # noqa: S603, S607
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
