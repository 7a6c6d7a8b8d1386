"""The attendance grid on screen: one QAbstractTableModel over an immutable
:class:`~app.services.class_grid.AttendanceGrid`, and the table view that fills it by keyboard.

Columns: the learner, their village, one column per session, sessions attended, completion.
Rows: the learners in Vietnamese name order. Edits replace the model's grid with a new one (so
the page saves ``grid.changes_since(loaded)`` and undo is a stack of grids); cells changed since
the last save are tinted.

Keys on a session cell: Space toggles; ``x``, ``c``, ``1`` mark present and ``v``, ``0``, Delete
mark absent (then the cursor moves down, as one fills a session's column); Backspace clears;
Enter moves down; arrows move. On the completion column Space cycles the learner's confirmation
(by the rule → confirmed completed → confirmed not completed → by the rule).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.i18n import _
from app.services.class_grid import AttendanceGrid, Mark, parse_mark
from app.ui import theme

FIXED = 2  # learner, village
CHANGED = QColor("#fff3cd")
GUEST = QColor(theme.MUTED)


class AttendanceModel(QAbstractTableModel):
    """Shows ``grid``; ``loaded`` is the grid as saved."""

    grid_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid: AttendanceGrid | None = None
        self.loaded: AttendanceGrid | None = None
        self.undo: list[AttendanceGrid] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # -- the grid
    def set_grid(self, grid: AttendanceGrid | None) -> None:
        self.beginResetModel()
        self.grid = self.loaded = grid
        self.undo = []
        self.endResetModel()
        self.grid_changed.emit()

    def apply(self, grid: AttendanceGrid) -> None:
        """Show an edited grid (marks or overrides), keeping the previous one for undo."""
        if self.grid is None or grid == self.grid:
            return
        self.undo.append(self.grid)
        self.grid = grid
        self.refresh()

    def undo_last(self) -> bool:
        if not self.undo:
            return False
        self.grid = self.undo.pop()
        self.refresh()
        return True

    def mark_saved(self) -> None:
        """The grid shown is now the saved one (no reset: the cursor stays where it is)."""
        self.loaded = self.grid
        self.undo = []
        self.refresh()

    def refresh(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.grid_changed.emit()

    def changes(self) -> list[Mark]:
        if self.grid is None or self.loaded is None:
            return []
        return self.grid.changes_since(self.loaded)

    def session_col(self, column: int) -> int | None:
        """The session index of a view column, or None for the other columns."""
        k = column - FIXED
        return k if self.grid is not None and 0 <= k < len(self.grid.columns) else None

    @property
    def done_column(self) -> int:
        return FIXED + (len(self.grid.columns) if self.grid else 0) + 1

    # -- Qt interface
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.grid is None else FIXED + len(self.grid.columns) + 2

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if self.grid is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        k = self.session_col(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("Học viên")
            if section == 1:
                return _("Thôn, bản")
            if k is not None:
                c = self.grid.columns[k]
                return f"{c.number}\n{c.held_on.day}/{c.held_on.month}"
            return _("Dự") if section == FIXED + len(self.grid.columns) else _("Hoàn thành")
        if role == Qt.ItemDataRole.ToolTipRole and k is not None:
            c = self.grid.columns[k]
            when = f"{c.start_time:%H:%M}" if c.start_time else ""
            return _("Buổi {n}, ngày {day} {time}").format(n=c.number, day=f"{c.held_on:%d/%m/%Y}", time=when).strip()
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.grid is None:
            return None
        r, col = index.row(), index.column()
        row = self.grid.rows[r]
        k = self.session_col(col)
        if k is not None:
            return self._mark_data(r, k, role)
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                born = f" ({row.birth_year})" if row.birth_year else ""
                return f"{row.name}{born}" + (" · " + _("khách") if row.guest else "")
            if role == Qt.ItemDataRole.ForegroundRole and row.guest:
                return QBrush(GUEST)
            if role == Qt.ItemDataRole.ToolTipRole and row.guest:
                return _("Khách, chưa khớp với nhân khẩu của xã")
            return None
        if col == 1:
            return row.village if role == Qt.ItemDataRole.DisplayRole else None
        done = self.grid.completion(r)
        if col == FIXED + len(self.grid.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{done.attended}/{done.sessions}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        return self._done_data(done, role)

    def _mark_data(self, r: int, k: int, role):
        mark = self.grid.mark(r, k)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if mark is None else "✓" if mark else "v"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and mark is not None:
            return QBrush(QColor(theme.GREEN if mark else theme.RED))
        if role == Qt.ItemDataRole.FontRole and mark:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and self.loaded is not None and self.loaded.mark(r, k) != mark:
            return QBrush(CHANGED)
        return None

    def _done_data(self, done, role):
        if role == Qt.ItemDataRole.DisplayRole:
            text = _("Hoàn thành") if done.completed else _("Chưa")
            return text + (" " + _("(xác nhận)") if done.override is not None else "")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(theme.GREEN if done.completed else theme.GREY))
        if role == Qt.ItemDataRole.ToolTipRole:
            if done.override is not None:
                return _("Được xác nhận riêng; bấm phím cách để đổi.")
            return _("Theo tỷ lệ: dự từ {p} % số buổi trở lên. Phím cách hoặc nhấp đúp để xác nhận riêng.").format(
                p=done.percent)
        return None


class AttendanceTable(QTableView):
    """The grid's view: keyboard marks as described in the module text. ``override_requested(row,
    value)`` asks the page to save a learner's completion confirmation."""

    override_requested = Signal(int, object)

    def __init__(self, model: AttendanceModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(42)
        header.setMinimumSectionSize(30)
        header.setHighlightSections(True)
        self.clicked.connect(self._on_clicked)
        model.modelReset.connect(self._size_columns)

    def attendance(self) -> AttendanceModel:
        return self.model()

    def _size_columns(self) -> None:
        m = self.attendance()
        if m.grid is None:
            return
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, 210)
        self.setColumnWidth(1, 110)
        self.setColumnWidth(m.done_column - 1, 50)
        header.setSectionResizeMode(m.done_column, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(m.done_column, 130)
        if m.rowCount() and m.columnCount() > FIXED and not self.currentIndex().isValid():
            self.setCurrentIndex(m.index(0, FIXED if m.grid.columns else 0))

    # -- marking
    def _targets(self) -> list[tuple[int, int]]:
        """(row, session index) of the selected session cells (the current one if none)."""
        m = self.attendance()
        cells = {(i.row(), m.session_col(i.column())) for i in self.selectionModel().selectedIndexes()}
        cur = self.currentIndex()
        if cur.isValid():
            cells.add((cur.row(), m.session_col(cur.column())))
        return sorted((r, k) for r, k in cells if k is not None)

    def set_marks(self, present: bool | None) -> None:
        m = self.attendance()
        g = m.grid
        m.apply(g.with_marks([(g.rows[r].enrolment_id, g.columns[k].session_id, present) for r, k in self._targets()]))

    def toggle(self) -> None:
        m = self.attendance()
        targets = self._targets()
        if not targets:
            return
        g = m.grid
        # several cells: all present unless they all are (then all absent)
        value = not all(g.mark(r, k) is True for r, k in targets)
        m.apply(g.with_marks([(g.rows[r].enrolment_id, g.columns[k].session_id, value) for r, k in targets]))

    def cycle_override(self, row: int) -> None:
        current = self.attendance().grid.rows[row].completed_override
        self.override_requested.emit(row, {None: True, True: False, False: None}[current])

    def move(self, dr: int, dc: int = 0) -> None:
        cur = self.currentIndex()
        m = self.model()
        r = min(max(cur.row() + dr, 0), m.rowCount() - 1)
        c = min(max(cur.column() + dc, 0), m.columnCount() - 1)
        idx = m.index(r, c)
        self.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(idx)

    def _on_clicked(self, index: QModelIndex) -> None:
        m = self.attendance()
        if m.session_col(index.column()) is not None and len(self.selectionModel().selectedIndexes()) <= 1:
            self.toggle()
        elif index.column() == m.done_column:
            self.cycle_override(index.row())

    def keyPressEvent(self, event) -> None:  # noqa: N802
        m = self.attendance()
        cur = self.currentIndex()
        if m.grid is None or not cur.isValid():
            super().keyPressEvent(event)
            return
        key, text = event.key(), event.text()
        on_session = m.session_col(cur.column()) is not None
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move(1)
            return
        if key == Qt.Key.Key_Space:
            if on_session:
                self.toggle()
            elif cur.column() == m.done_column:
                self.cycle_override(cur.row())
            return
        if on_session and key == Qt.Key.Key_Delete:
            self.set_marks(False)
            self.move(1)
            return
        if on_session and key == Qt.Key.Key_Backspace:
            self.set_marks(None)
            return
        if on_session and text and text.isprintable() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            try:
                value = parse_mark(text)
            except ValueError:
                return
            if value is not None:
                self.set_marks(value)
                self.move(1)
            return
        super().keyPressEvent(event)
