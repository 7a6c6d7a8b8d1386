"""Choose one or more households: search by head's name, member's name or code, filter by village.

The dialog is given the household rows (:func:`app.services.households.household_rows`), so a
form that opens it several times loads them once. Filtering runs in Python on each keystroke;
the table shows at most :data:`MAX_SHOWN` matches (20,000 households filter in a few ms).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.domain.text import matches, search_key, search_tokens, sort_key
from app.i18n import _, format_number
from app.services import households as hh
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column, RowsModel

MAX_SHOWN = 200


def household_search_text(row: tuple) -> str:
    """The code split at its dash ("hgd 0012") followed by the service's search text."""
    return f"{search_key(row[hh.H_CODE])} {row[hh.H_SEARCH]}"


class HouseholdPicker(QDialog):
    """Multi-select households from ``rows``; ``exclude_ids`` are left out (already chosen).

    After ``exec()`` returns Accepted, :meth:`chosen_rows` gives the household row tuples.
    """

    def __init__(self, rows: list[tuple], villages: list[tuple[int, str]], exclude_ids=(), parent=None,
                 title: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(title or _("Chọn hộ thành viên"))
        self.resize(760, 560)
        excluded = set(exclude_ids)
        self.rows = [r for r in rows if r[hh.H_ID] not in excluded and r[hh.H_STATUS] == "active"]
        self._keys = [household_search_text(r) for r in self.rows]

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Tên chủ hộ, tên thành viên hoặc mã hộ (không cần dấu)…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.installEventFilter(self)
        self.village = QComboBox()
        self.village.addItem(_("Tất cả thôn, bản"), None)
        for vid, name in villages:
            self.village.addItem(name, vid)
        self.village.setMinimumWidth(170)

        self.model = RowsModel([
            Column(_("Mã hộ"), lambda r: r[hh.H_CODE], width=90),
            Column(_("Chủ hộ"), lambda r: r[hh.H_HEAD] or _("(chưa có chủ hộ)"), sort_key=lambda r: r[hh.H_SORT]),
            Column(_("Thôn, bản"), lambda r: r[hh.H_VILLAGE], sort_key=lambda r: (sort_key(r[hh.H_VILLAGE]), r[hh.H_SORT]),
                   width=160),
            Column(_("Nhân khẩu"), lambda r: r[hh.H_MEMBERS], sort_key=lambda r: r[hh.H_MEMBERS],
                   align_right=True, width=90),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by village, then head: the service's order
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for i, col in enumerate(self.model.columns):
            if col.width:
                self.table.setColumnWidth(i, col.width)
        self.table.doubleClicked.connect(lambda _i: self.accept_if_chosen())
        self.table.installEventFilter(self)

        self.count = QLabel()
        self.count.setObjectName("count")
        self.hint = QLabel(_("Giữ Ctrl hoặc Shift để chọn nhiều hộ; nhấp đúp hoặc Enter để thêm."))
        self.hint.setObjectName("hint")
        self.choose_btn = QPushButton(icon("add", "#ffffff"), "")
        self.choose_btn.setObjectName("primary")
        self.choose_btn.setAutoDefault(False)
        self.choose_btn.clicked.connect(self.accept_if_chosen)
        self.cancel_btn = QPushButton(_("Hủy"))
        self.cancel_btn.setAutoDefault(False)
        self.cancel_btn.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(QLabel(_("Thôn, bản:")))
        top.addWidget(self.village, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.choose_btn)
        bottom.addWidget(self.cancel_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.count)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)

        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.village.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_button())
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.accept_if_chosen)
        self.apply_filter()
        self.search.setFocus()

    def apply_filter(self) -> None:
        tokens = search_tokens(self.search.text())
        village = self.village.currentData()
        rows, keys = self.rows, self._keys
        found = [i for i in range(len(rows))
                 if (village is None or rows[i][hh.H_VILLAGE_ID] == village) and (not tokens or matches(keys[i], tokens))]
        self.model.set_rows(self.rows, found[:MAX_SHOWN])
        if not self.rows:
            text = _("Mọi hộ gia đình đều đã có trong danh sách.")
        elif not found:
            text = _("Không có hộ nào khớp. Hãy gõ ít chữ hơn hoặc chọn “Tất cả thôn, bản”.")
        elif len(found) > MAX_SHOWN:
            text = _("Hiện {shown} trong {n} hộ khớp. Gõ thêm để thu hẹp.").format(
                shown=format_number(MAX_SHOWN), n=format_number(len(found)))
        else:
            text = _("{n} hộ khớp").format(n=format_number(len(found)))
        self.count.setText(text)
        self._update_button()

    def chosen_rows(self) -> list[tuple]:
        picked = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in picked]

    def _update_button(self) -> None:
        n = len(self.table.selectionModel().selectedRows())
        self.choose_btn.setEnabled(n > 0)
        self.choose_btn.setText(_("Thêm {n} hộ đã chọn").format(n=n) if n else _("Thêm hộ đã chọn"))

    def accept_if_chosen(self) -> None:
        if self.chosen_rows():
            self.accept()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if obj is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.table.setFocus()
                if not self.table.selectionModel().hasSelection():
                    self.table.selectRow(0)
                return True
            if obj is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_if_chosen()
                return True
            if obj is self.search and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.model.rowCount() == 1:
                    self.table.selectRow(0)
                self.accept_if_chosen()
                return True
        return super().eventFilter(obj, event)
