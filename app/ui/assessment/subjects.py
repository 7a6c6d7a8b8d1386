"""The subjects of a round as a list: who can be registered (households, clans, villages, units or
persons, as the title assesses) with their registration state, or only the registered ones, in
one village or all, filtered as the user types.

The registry is read through the registry services (``household_rows`` … 0.2 s for 20,000
households, kept until the registry changes); the round's part through
:func:`app.services.score_grid.village_grid` for the chosen village (about 20 ms a village).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.criteria import SUBJECT_KINDS
from app.domain.text import matches, search_key, search_tokens
from app.domain.text import sort_key as text_sort_key
from app.i18n import N_, _, format_number
from app.services import clans, households, persons, score_grid, units, villages
from app.services.rounds import step_name
from app.ui.assessment.common import empty_state, result_words
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column, RowsModel

KIND_WORDS = {"household": (N_("Mã hộ"), N_("Chủ hộ"), N_("hộ")), "person": (N_("Hộ"), N_("Họ và tên"), N_("người")),
              "clan": ("", N_("Dòng họ"), N_("dòng họ")), "unit": ("", N_("Đơn vị"), N_("đơn vị")),
              "village": (N_("Mã"), N_("Thôn, bản"), N_("thôn"))}
ALL = -1  # the village filter's "every village"


@dataclass(frozen=True)
class Subject:
    """One line of a subject list; the assessment fields are empty for an unregistered subject."""

    sid: int
    code: str
    name: str
    village_name: str
    village_id: int | None
    search: str
    order: tuple
    assessment_id: int | None = None
    status: str = ""
    locked: bool = False
    total: float | None = None
    passed: bool = False
    complete: bool = False


def registry_subjects(db, kind: str, year: int) -> list[Subject]:
    """Everyone of ``kind`` that can be assessed in ``year`` (active households, living persons aged
    15 or more, every clan, unit and active village), in list order."""
    out: list[Subject] = []
    if kind == "household":
        H = households  # noqa: N806
        for r in households.household_rows(db):
            if r[H.H_STATUS] == "active":
                out.append(Subject(r[H.H_ID], r[H.H_CODE], r[H.H_HEAD], r[H.H_VILLAGE], r[H.H_VILLAGE_ID],
                                   r[H.H_SEARCH], (text_sort_key(r[H.H_VILLAGE]), r[H.H_CODE])))
    elif kind == "person":
        village_keys: dict = {}
        for r in persons.person_rows(db):
            pid, name, _sex, born, vname, hcode, *_rest = r
            if r[9] == "alive" and born is not None and born <= year - 15:
                vkey = village_keys.get(vname)
                if vkey is None:
                    vkey = village_keys[vname] = text_sort_key(vname)
                out.append(Subject(pid, hcode or "", name, vname or "", r[12], f"{r[10]} {(hcode or '').lower()}",
                                   (vkey, r[11])))
    elif kind == "clan":
        out = [Subject(c.id, "", c.name, "", None, c.search, ("", text_sort_key(c.name))) for c in clans.clan_rows(db)]
    elif kind == "unit":
        ids = {v.name: v.id for v in villages.list_villages(db)}
        out = [Subject(u.id, "", u.name, u.village, ids.get(u.village), u.search, (text_sort_key(u.name),))
               for u in units.unit_rows(db)]
    else:
        out = [Subject(v.id, v.code, v.name, v.name, v.id, search_key(v.name, v.code), (text_sort_key(v.name),))
               for v in villages.list_villages(db)]
    return out


def grid_subject(row: score_grid.GridRow) -> Subject:
    s = row.subject
    return Subject(s.id, s.code, s.name, s.village_name, s.village_id, search_key(s.code, s.name), s.order,
                   row.assessment_id, row.status, row.locked, row.evaluation.total, row.passed, row.evaluation.complete)


class CheckRowsModel(RowsModel):
    """:class:`RowsModel` whose first column is a check box per row, kept by subject id."""

    def __init__(self, columns, parent=None):
        super().__init__(columns, parent)
        self.checked: set[int] = set()

    def flags(self, index):
        f = super().flags(index)
        return f | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0 and index.isValid():
            row = self.row_at(index.row())
            return Qt.CheckState.Checked if row.sid in self.checked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        self.set_checked([self.row_at(index.row()).sid], Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def set_checked(self, sids, on: bool) -> None:
        (self.checked.update if on else self.checked.difference_update)(sids)
        if self.visible:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.visible) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])


def _status_colour(s: Subject):
    if s.assessment_id is None:
        return None
    return QColor(result_words(s.passed, s.complete, s.locked)[1])


class SubjectList(QWidget):
    """Village filter, search and the table of a round's subjects.

    ``registered_only``: only subjects registered in the round (the score form's list); else every
    subject that can be registered, with check boxes. ``current_changed(Subject | None)`` follows
    the table's current row; ``activated(Subject)`` on Enter or a double click."""

    current_changed = Signal(object)
    activated = Signal(object)

    def __init__(self, ctx, registered_only: bool, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.registered_only = registered_only
        self.round = None
        self.kind = "household"
        self._registry: dict[tuple[str, int], list[Subject]] = {}
        self._villages_kind = ""
        self.village = QComboBox()
        self.village.setMinimumWidth(150)
        self.village.activated.connect(lambda _i: self.reload())
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setPlaceholderText(_("Tìm tên, mã (không cần dấu)…"))
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(lambda: self.table.setFocus())
        self.all_box = QCheckBox(_("Chọn tất cả"))
        self.all_box.setVisible(not registered_only)
        self.all_box.clicked.connect(self._on_all_box_clicked)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.model = RowsModel([], self) if registered_only else CheckRowsModel([], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection if registered_only
                                    else QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.current_changed.emit(self.current()))
        self.table.doubleClicked.connect(lambda i: self._emit_activated(i))
        self.empty = empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        bar = QHBoxLayout()
        bar.addWidget(self.village)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.all_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.count_label)

    # -- columns
    def _columns(self) -> list[Column]:
        code_word, name_word, _unit = KIND_WORDS[self.kind]
        cols = []
        if code_word:
            cols.append(Column(_(code_word), lambda s: s.code, width=96 if self.registered_only else 104))
        cols.append(Column(_(name_word), lambda s: s.name, sort_key=lambda s: s.order, width=190))
        if not self.registered_only and self.kind not in ("clan", "village"):
            cols.append(Column(_("Thôn, bản"), lambda s: s.village_name, width=120))
        if not self.registered_only:
            cols.append(Column(_("Trạng thái"), lambda s: step_name(s.status) if s.status else _("Chưa đăng ký"),
                               width=150))
        cols.append(Column(_("Tổng"), lambda s: "" if s.total is None or s.assessment_id is None
                           else format_number(round(s.total, 2)), sort_key=lambda s: s.total or 0,
                           align_right=True, width=46))
        cols.append(Column(_("Kết quả"), lambda s: result_words(s.passed, s.complete, s.locked)[0]
                           if s.assessment_id else "", foreground=_status_colour,
                           width=96 if self.registered_only else 108))
        return cols

    # -- loading
    def set_round(self, info) -> None:
        """Show the subjects of round ``info`` (None: nothing)."""
        kind = SUBJECT_KINDS[info.title_code] if info else self.kind
        if kind != self.kind or self.round is None or not self.model.columns:
            self.kind = kind
            self.model.columns = self._columns()
            self.model.set_rows([])
            for n, col in enumerate(self.model.columns):
                if col.width:
                    self.table.setColumnWidth(n, col.width)
            self.table.horizontalHeader().setSectionResizeMode(1 if KIND_WORDS[kind][0] else 0,
                                                                QHeaderView.ResizeMode.Stretch)
        self.round = info
        self._fill_villages()
        self.reload()

    def invalidate_registry(self) -> None:
        self._registry.clear()

    def _fill_villages(self) -> None:
        keep = self.village.currentData()
        if self.kind != self._villages_kind:  # units: a few dozen, all at once; others: one village
            keep = ALL if self.kind == "unit" else keep if keep not in (None, ALL) else None
        self._villages_kind = self.kind
        self.village.clear()
        has_villages = self.kind not in ("clan", "village")
        self.village.setVisible(has_villages)
        if has_villages:
            for v in villages.list_villages(self.ctx.db):
                self.village.addItem(v.name, v.id)
            self.village.addItem(_("Tất cả thôn"), ALL)
        self.village.setCurrentIndex(max(self.village.findData(keep), 0))

    def village_id(self) -> int | None:
        """The chosen village (None: every village)."""
        if self.kind in ("clan", "village"):
            return None
        v = self.village.currentData()
        return None if v in (None, ALL) else v

    def village_name(self) -> str:
        return self.village.currentText() if self.village_id() is not None else ""

    def reload(self, select_sid: int | None = None) -> None:
        current = select_sid if select_sid is not None else self.current_sid()
        if self.round is None:
            self.model.set_rows([])
            self._after_filter(None)
            return
        vid = self.village_id()
        grid = score_grid.village_grid(self.ctx.db, self.round.id, vid)
        if self.registered_only:
            rows = [grid_subject(r) for r in grid.rows]
        else:
            assessed = {r.subject.id: r for r in grid.rows}
            key = (self.kind, self.ctx.year)
            if key not in self._registry:
                self._registry[key] = registry_subjects(self.ctx.db, self.kind, self.ctx.year)
            rows = []
            for s in self._registry[key]:
                if vid is not None and s.village_id != vid:
                    continue
                g = assessed.get(s.sid)
                rows.append(s if g is None else replace(s, assessment_id=g.assessment_id, status=g.status,
                                                         locked=g.locked, total=g.evaluation.total, passed=g.passed,
                                                         complete=g.evaluation.complete))
        if isinstance(self.model, CheckRowsModel):
            self.model.checked &= {s.sid for s in rows}
        self.model.set_rows(rows, self._filter(rows))
        self._after_filter(current)

    def _filter(self, rows: list[Subject]) -> list[int]:
        tokens = search_tokens(self.search.text())
        return [i for i, s in enumerate(rows) if not tokens or matches(s.search, tokens)]

    def apply_filter(self) -> None:
        current = self.current_sid()
        self.model.set_visible(self._filter(self.model.rows))
        self._after_filter(current)

    def _after_filter(self, keep: int | None) -> None:
        total, shown = len(self.model.rows), len(self.model.visible)
        word = _(KIND_WORDS[self.kind][2])
        self.count_label.setText(_("{n} {what}").format(n=format_number(total), what=word) if shown == total else
                                 _("hiển thị {shown} / {n} {what}").format(shown=format_number(shown),
                                                                          n=format_number(total), what=word))
        if not self.registered_only:
            registered = sum(1 for s in self.model.rows if s.assessment_id)
            self.count_label.setText(self.count_label.text() + " · " + _("{n} đã đăng ký · {c} đang chọn").format(
                n=format_number(registered), c=format_number(len(self.model.checked))))
        if not total:
            self.empty.setText(self.empty_text())
        self.stack.setCurrentWidget(self.table if total else self.empty)
        row = self.model.view_row_of(lambda s: s.sid == keep) if keep is not None else -1
        row = 0 if row < 0 and shown else row
        if row >= 0:
            self.table.selectRow(row)  # the current row changes: current_changed is emitted
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.current_changed.emit(None)

    def empty_text(self) -> str:
        if self.round is None:
            return _("Chưa có đợt đánh giá. Bấm Mở đợt đánh giá ở phía trên.")
        where = self.village_name()
        if self.registered_only:
            return (_("Chưa có ai ở {where} đăng ký. Đăng ký ở thẻ Đăng ký.").format(where=where) if where
                    else _("Chưa có ai đăng ký. Đăng ký ở thẻ Đăng ký."))
        return _("Không có {what} nào ở {where}.").format(what=_(KIND_WORDS[self.kind][2]), where=where or _("xã"))

    # -- selection
    def current(self) -> Subject | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def current_sid(self) -> int | None:
        s = self.current()
        return s.sid if s else None

    def select_assessment(self, assessment_id: int) -> bool:
        row = self.model.view_row_of(lambda s: s.assessment_id == assessment_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def checked(self) -> list[Subject]:
        """The checked subjects in list order, else the selected rows."""
        rows = [s for s in self.model.rows if s.sid in getattr(self.model, "checked", ())]
        if rows:
            return rows
        return [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]

    def visible_subjects(self) -> list[Subject]:
        return [self.model.row_at(n) for n in range(len(self.model.visible))]

    def _on_all_box_clicked(self, on: bool) -> None:
        self.model.set_checked([s.sid for s in self.visible_subjects()], on)
        self._after_filter(self.current_sid())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.table and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Space and isinstance(self.model, CheckRowsModel):
                rows = [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]
                on = any(s.sid not in self.model.checked for s in rows)
                self.model.set_checked([s.sid for s in rows], on)
                self._after_filter(self.current_sid())
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._emit_activated(self.table.currentIndex())
                return True
        return super().eventFilter(obj, event)

    def _emit_activated(self, index: QModelIndex) -> None:
        s = self.model.row_at(index.row()) if index.isValid() else None
        if s is not None:
            self.activated.emit(s)
