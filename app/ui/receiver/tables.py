"""Read-only tables and file saving for the receiving office's pages. UI thread only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.i18n import _
from app.ui.itemmodels.rows import RowsModel
from app.ui.widgets import save_file


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


def save_built_file(parent: QWidget, ctx, title: str, default_name: str, file_filter: str,
                    build: Callable[[], bytes]) -> Path | None:
    """Ask where to save, run ``build()`` off the UI thread, write the bytes and say so (offering
    to open the folder). None when cancelled or refused; every failure becomes a message."""
    path = save_file.save_built_file(parent, title, _("Đang lập báo cáo…"), default_name, file_filter, build,
                                     failed=_("Không lập được báo cáo: {error}"), open_after=False)
    if path is None:
        return None
    message = _("Đã lưu {file}.").format(file=path.name)
    ctx.status.emit(message)
    save_file.offer_folder(parent, title, message, path)
    return path
