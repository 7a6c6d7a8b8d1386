"""The editable model of the village grid: rows = subjects, columns = code, name, the indicators
(maximum in the header), the preconditions (check boxes), the total and the result.

Typed points stay pending until :meth:`GridModel.changes` is saved (all or nothing); each edit
recomputes its row with :func:`app.services.score_grid.row_result` (microseconds) and repaints the
row's total and result only. A value the service would refuse is shown red with the message as
its tooltip and counts as not scored in the total.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from app.domain.criteria import points_text
from app.domain.scoring import check_points
from app.i18n import _
from app.services import score_grid as sg
from app.services.scoring import PreconditionChange, ScoreChange
from app.ui import theme
from app.ui.assessment.common import result_words
from app.ui.icons import icon

FIXED = 2
_RED_BG, _GREY_BG, _PENDING_BG, _LOCKED_BG = QColor("#ffebee"), QColor("#eceff1"), QColor("#fff8e1"), QColor("#f1f5f9")


def parse_points(text) -> tuple[float | None, str]:
    """(points, problem): "" → (None, ""); "7,5" and "7.5" → 7.5; otherwise a message."""
    t = str(text if text is not None else "").strip().replace(",", ".")
    if not t:
        return None, ""
    try:
        return float(t), ""
    except ValueError:
        return None, _("“{x}” không phải là số.").format(x=text)


class GridModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid: sg.Grid | None = None
        self.points: list[list[float | None]] = []
        self.pres: list[list[bool | None]] = []
        self.evals: list = []
        self.pending: dict[tuple[int, int], object] = {}  # (row, column) → points, met or raw text
        self.errors: dict[tuple[int, int], str] = {}
        self.row_errors: dict[int, str] = {}

    # -- data
    def set_grid(self, grid: sg.Grid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        rows = grid.rows if grid else ()
        self.points = [list(r.points) for r in rows]
        self.pres = [list(r.preconditions) for r in rows]
        self.evals = [r.evaluation for r in rows]
        self.pending.clear()
        self.errors.clear()
        self.row_errors.clear()
        self.endResetModel()

    @property
    def n_ind(self) -> int:
        return len(self.grid.columns) if self.grid else 0

    @property
    def n_pre(self) -> int:
        return len(self.grid.precondition_columns) if self.grid else 0

    def kind(self, col: int) -> tuple[str, int]:
        if col < FIXED:
            return "fixed", col
        col -= FIXED
        if col < self.n_ind:
            return "ind", col
        col -= self.n_ind
        if col < self.n_pre:
            return "pre", col
        return ("total", 0) if col == self.n_pre else ("result", 0)

    def editable(self, row: int, col: int) -> bool:
        what, k = self.kind(col)
        r = self.grid.rows[row]
        return not r.locked and (what == "pre" or (what == "ind" and not self.grid.columns[k].derived))

    def _passed(self, row: int) -> bool:
        r = self.grid.rows[row]
        overridden = r.passed != r.evaluation.passed
        return r.passed if overridden else self.evals[row].passed

    # -- Qt
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or not self.grid else len(self.grid.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or not self.grid else FIXED + self.n_ind + self.n_pre + 2

    def flags(self, index):
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.editable(index.row(), index.column()):
            f |= Qt.ItemFlag.ItemIsUserCheckable if self.kind(index.column())[0] == "pre" else Qt.ItemFlag.ItemIsEditable
        return f

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if not self.grid:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        what, k = self.kind(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if what == "fixed":
                return (_("Mã"), _("Tên"))[k]
            if what == "ind":
                c = self.grid.columns[k]
                return f"{c.code}\n/{points_text(c.max_points)}"
            if what == "pre":
                return f"{self.grid.precondition_columns[k].code}\n{_('(có?)')}"
            return f"{_('Tổng')}\n/{points_text(self.grid.criteria_set.total_points)}" if what == "total" else _("Kết quả")
        if role == Qt.ItemDataRole.ToolTipRole:
            if what == "ind":
                c = self.grid.columns[k]
                extra = _(" — tự tính từ dữ liệu; ghi đè trong phiếu chấm") if c.derived else ""
                return f"{c.code}: {c.title_vi} ({_('tối đa')} {points_text(c.max_points)}){extra}"
            if what == "pre":
                return self.grid.precondition_columns[k].title_vi
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not self.grid:
            return None
        row, col = index.row(), index.column()
        r = self.grid.rows[row]
        what, k = self.kind(col)
        if what == "fixed":
            return self._fixed(r, row, k, role)
        if what == "ind":
            return self._indicator(r, row, col, k, role)
        if what == "pre":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if self.pres[row][k] else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.BackgroundRole and (row, col) in self.pending:
                return _PENDING_BG
            return None
        e = self.evals[row]
        if what == "total":
            if role == Qt.ItemDataRole.DisplayRole:
                return points_text(e.total)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        text, colour = result_words(self._passed(row), e.complete, r.locked)
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(colour)
        if role == Qt.ItemDataRole.ToolTipRole and e.reasons:
            return "\n".join(e.reasons)
        return None

    def _fixed(self, r: sg.GridRow, row: int, k: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return r.subject.code if k == 0 else r.subject.name
        if role == Qt.ItemDataRole.DecorationRole and k == 0 and r.locked:
            return icon("lock", theme.GREEN)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row in self.row_errors:
                return self.row_errors[row]
            return _("Đã có quyết định công nhận; mở lại trong phiếu chấm để sửa.") if r.locked else None
        if role == Qt.ItemDataRole.BackgroundRole and row in self.row_errors:
            return _RED_BG
        return None

    def _indicator(self, r: sg.GridRow, row: int, col: int, k: int, role):
        c = self.grid.columns[k]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            raw = self.pending.get((row, col))
            if isinstance(raw, str):
                return raw
            p = self.points[row][k]
            text = "" if p is None else points_text(p)
            return text + ("*" if r.overridden[k] and role == Qt.ItemDataRole.DisplayRole else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if (row, col) in self.errors:
                return _RED_BG
            if (row, col) in self.pending:
                return _PENDING_BG
            return _GREY_BG if c.derived else _LOCKED_BG if r.locked else None
        if role == Qt.ItemDataRole.ForegroundRole and (row, col) in self.errors:
            return QColor(theme.RED)
        if role == Qt.ItemDataRole.ToolTipRole:
            if (row, col) in self.errors:
                return self.errors[(row, col)]
            if c.derived:
                return _("Tự tính từ dữ liệu{o}; ghi đè trong phiếu chấm.").format(
                    o=_(" (đã ghi đè *)") if r.overridden[k] else "")
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not self.editable(index.row(), index.column()):
            return False
        row, col = index.row(), index.column()
        what, k = self.kind(col)
        original = self.grid.rows[row]
        if what == "pre" and role == Qt.ItemDataRole.CheckStateRole:
            met = Qt.CheckState(value) == Qt.CheckState.Checked
            self.pres[row][k] = met
            self._mark(row, col, met, original.preconditions[k] == met, "")
        elif what == "ind" and role == Qt.ItemDataRole.EditRole:
            points, problem = parse_points(value)
            if problem:  # not a number: keep the text to correct it
                self._mark(row, col, str(value), False, problem)
            else:
                problem = check_points(self.grid.criteria_set.indicator(self.grid.columns[k].code), points) or ""
                self.points[row][k] = points
                self._mark(row, col, points, not problem and original.points[k] == points, problem)
        else:
            return False
        self.recompute(row)
        self.dataChanged.emit(index, index)
        return True

    def _mark(self, row: int, col: int, value, same: bool, problem: str) -> None:
        if same:
            self.pending.pop((row, col), None)
        else:
            self.pending[(row, col)] = value
        if problem:
            self.errors[(row, col)] = problem
        else:
            self.errors.pop((row, col), None)
        self.row_errors.pop(row, None)

    def recompute(self, row: int) -> None:
        """The row's total and result from its current values (refused values count as none)."""
        pts = [None if (row, FIXED + k) in self.errors else p for k, p in enumerate(self.points[row])]
        self.evals[row] = sg.row_result(self.grid.criteria_set, pts, self.pres[row])
        first = FIXED + self.n_ind + self.n_pre
        self.dataChanged.emit(self.index(row, first), self.index(row, first + 1))

    # -- saving
    def changes(self) -> tuple[list[ScoreChange], list[PreconditionChange], int]:
        """The pending changes for :func:`app.services.scoring.set_scores` (``row`` = grid row) and
        how many cells hold something that is not a number."""
        scores, pres, bad = [], [], 0
        for (row, col), value in sorted(self.pending.items()):
            what, k = self.kind(col)
            aid = self.grid.rows[row].assessment_id
            if what == "pre":
                pres.append(PreconditionChange(aid, self.grid.precondition_columns[k].code, value, row=row))
            elif isinstance(value, str):
                bad += 1
            else:
                scores.append(ScoreChange(aid, self.grid.columns[k].code, value, row=row))
        return scores, pres, bad

    def show_problems(self, problems) -> None:
        """Mark the cells the service refused (a problem's ``row`` is the grid row, its ``field`` the
        indicator or precondition code); others go on the row's name."""
        codes = {c.code: FIXED + k for k, c in enumerate(self.grid.columns)}
        codes.update({p.code: FIXED + self.n_ind + k for k, p in enumerate(self.grid.precondition_columns)})
        for p in problems:
            if p.row is None:
                continue
            if p.field in codes:
                self.errors[(p.row, codes[p.field])] = p.message
            else:
                self.row_errors[p.row] = p.message
        if self.grid.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.grid.rows) - 1, self.columnCount() - 1))
