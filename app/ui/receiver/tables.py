"""Read-only tables and file saving for the receiving office's pages. UI thread only."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QHeaderView, QMessageBox, QTableView, QWidget

from app.i18n import _
from app.tasks import run_with_progress
from app.ui.itemmodels.rows import RowsModel
from app.ui.widgets.export_action import show_in_folder

log = logging.getLogger(__name__)


def table_view(model: RowsModel, sortable: bool = True) -> QTableView:
    """A read-only, row-selecting table over ``model`` with the columns' widths."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    if sortable:
        view.setSortingEnabled(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    for i, col in enumerate(model.columns):
        if col.width:
            view.setColumnWidth(i, col.width)
    return view


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


def save_built_file(parent: QWidget, ctx, title: str, default_name: str, file_filter: str, suffix: str,
                    build: Callable[[], bytes]) -> Path | None:
    """Ask where to save, run ``build()`` off the UI thread, write the bytes and say so (offering
    to open the folder). None when cancelled or refused; every failure becomes a message."""
    chosen, _f = QFileDialog.getSaveFileName(parent, title, str(documents_folder() / default_name), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    try:
        data = run_with_progress(parent, title, _("Đang lập báo cáo…"), lambda _r, _c: build())
        path.write_bytes(data)
    except PermissionError:
        QMessageBox.warning(parent, _("Không ghi được tệp"), _(
            "Không ghi được tệp {file}: tệp đang mở trong chương trình khác hoặc thư mục không cho phép ghi. "
            "Hãy đóng tệp hoặc chọn thư mục khác.").format(file=path.name))
        return None
    except OSError as exc:
        QMessageBox.warning(parent, _("Không ghi được tệp"), _("Không ghi được tệp {file}: {reason}").format(
            file=path.name, reason=exc.strerror or exc))
        return None
    except Exception as exc:  # noqa: BLE001 - the officer gets a message, the log the traceback
        log.exception("building %s failed", default_name)
        QMessageBox.critical(parent, title, _("Không lập được báo cáo: {error}").format(error=exc))
        return None
    message = _("Đã lưu {file}.").format(file=path.name)
    ctx.status.emit(message)
    box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(_("Tệp được lưu trong thư mục {folder}.").format(folder=path.parent))
    open_button = box.addButton(_("Mở thư mục"), QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton(_("Đóng"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.setEscapeButton(close)
    box.exec()
    if box.clickedButton() is open_button:
        show_in_folder(path)
    return path
