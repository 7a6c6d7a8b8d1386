"""A table model over a list of tuples and a list of visible row indexes.

Filtering and sorting happen on the Python list (fast for 80,000 rows); the model is reset,
never a QSortFilterProxyModel. Columns are declared with :class:`Column`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


@dataclass(frozen=True)
class Column:
    title: str
    display: Callable[[tuple], Any]
    sort_key: Callable[[tuple], Any] | None = None
    align_right: bool = False
    width: int | None = None
    foreground: Callable[[tuple], Any] | None = None


def rows_table(model: RowsModel, stretch: int | None = None) -> QTableView:
    """A read-only view of ``model``: whole rows selected one at a time, the columns' declared widths,
    column ``stretch`` taking the spare width (None: the last one)."""
    t = QTableView()
    t.setModel(model)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(24)
    t.horizontalHeader().setHighlightSections(False)
    for n, c in enumerate(model.columns):
        if c.width:
            t.setColumnWidth(n, c.width)
    if stretch is None:
        t.horizontalHeader().setStretchLastSection(True)
    else:
        t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


class RowsModel(QAbstractTableModel):
    """Shows ``rows[i]`` for ``i`` in ``visible``; :meth:`set_rows`, :meth:`set_visible`, :meth:`sort`."""

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[tuple] = []
        self.visible: list[int] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- data
    def set_rows(self, rows: list[tuple], visible: list[int] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.visible = list(range(len(rows))) if visible is None else visible
        self._apply_sort()
        self.endResetModel()

    def set_visible(self, visible: list[int]) -> None:
        self.beginResetModel()
        self.visible = visible
        self._apply_sort()
        self.endResetModel()

    def row_at(self, view_row: int) -> tuple | None:
        if 0 <= view_row < len(self.visible):
            return self.rows[self.visible[view_row]]
        return None

    def view_row_of(self, predicate: Callable[[tuple], bool]) -> int:
        for n, i in enumerate(self.visible):
            if predicate(self.rows[i]):
                return n
        return -1

    # -- Qt interface
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        row = self.rows[self.visible[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            value = col.display(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col.foreground:
            return col.foreground(row)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self._sort = (column, order) if 0 <= column < len(self.columns) else None
        self._apply_sort()
        self.endResetModel()

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        col = self.columns[column]
        key = col.sort_key or col.display
        rows = self.rows

        def k(i: int):
            v = key(rows[i])
            return (v is None, v if v is not None else 0)

        self.visible.sort(key=k, reverse=order == Qt.SortOrder.DescendingOrder)
