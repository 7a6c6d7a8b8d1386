"""Item models of the import wizard's preview: the households → members tree and the problems list.

Both read a snapshot taken at :meth:`reset` (the preview's lists are replaced, never edited in
place, by ``fix``/``skip``), compute each cell when the view asks for it, and hold no widgets:
5,000 households and 20,000 persons cost a list of indexes, not 25,000 items. UI thread only.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from app.domain.reference import EDUCATION_LEVELS, RELATIONS, ethnic_groups, label_for
from app.exchange.households_import import (
    NEW,
    REFUSED,
    UNCHANGED,
    UPDATE,
    FieldChange,
    HouseholdPreview,
    ImportProblem,
    PersonPreview,
)
from app.i18n import N_, _, format_date
from app.ui import theme
from app.ui.icons import icon

ERROR = "error"


class TaskFailed(Exception):
    """An unexpected error in a wizard step; the officer has been told and the log has it."""


#: status → (label, colour, icon): the colour is never shown without the label.
STATUS_LOOK = {
    NEW: (N_("Mới"), theme.GREEN, "add"),
    UPDATE: (N_("Cập nhật"), theme.AMBER, "edit"),
    UNCHANGED: (N_("Không đổi"), theme.GREY, "ok"),
    REFUSED: (N_("Bị từ chối"), theme.RED, "error"),
}
CHANGE_LABELS = {
    "full_name": N_("Họ và tên"), "sex": N_("Giới tính"), "birth_date": N_("Ngày sinh"),
    "birth_year": N_("Năm sinh"), "relation": N_("Quan hệ"), "ethnic_code": N_("Dân tộc"),
    "education_level": N_("Học vấn"), "occupation": N_("Nghề nghiệp"), "id_number": N_("Số định danh"),
    "phone": N_("Điện thoại"), "notes": N_("Ghi chú"), "code": N_("Mã hộ"), "village": N_("Thôn, bản"),
    "address": N_("Địa chỉ"),
}
TREE_COLUMNS = (N_("Hộ / nhân khẩu"), N_("Trạng thái"), N_("Năm sinh"), N_("Quan hệ"), N_("Thôn, bản"),
                N_("Dòng"), N_("Thay đổi / lý do"))
TREE_WIDTHS = (250, 100, 85, 85, 120, 115)
_ethnic: dict[str, str] = {}


def status_label(status: str) -> str:
    return _(STATUS_LOOK[status][0])


def value_text(field: str, value) -> str:
    """A stored value as the officer reads it: "Nam", "Vợ", "Thái", "15/03/1980", "(trống)"."""
    if value in (None, ""):
        return _("(trống)")
    if field == "sex":
        return {"M": _("Nam"), "F": _("Nữ")}.get(value, str(value))
    if field == "relation":
        return label_for(RELATIONS, value) or str(value)
    if field == "education_level":
        return label_for(EDUCATION_LEVELS, value) or str(value)
    if field == "ethnic_code":
        if not _ethnic:
            _ethnic.update({g.code: g.name for g in ethnic_groups()})
        return _ethnic.get(value, str(value))
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def change_text(changes: list[FieldChange]) -> str:
    """"Năm sinh: 1985 → 1986; Dân tộc: Thái → Mông"."""
    return "; ".join(f"{_(CHANGE_LABELS.get(c.field, c.field))}: {value_text(c.field, c.old)} → "
                     f"{value_text(c.field, c.new)}" for c in changes)


def first_error(problems: list[ImportProblem]) -> str:
    found = next((p for p in problems if p.level == ERROR), None) or (problems[0] if problems else None)
    return found.message if found else ""


def person_problems(m: PersonPreview) -> list[ImportProblem]:
    return list(m.planned.problems) + list(m.problems)


class PreviewTreeModel(QAbstractItemModel):
    """Households (top level) → members. A member's index carries its household's position + 1
    as ``internalId`` (0 for households), so no Python object is kept per row.

    ``households`` is the snapshot given to :meth:`reset`; ``shown`` the positions listed under
    the status filter (:meth:`set_filter`)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.households: list[HouseholdPreview] = []
        self.shown: list[int] = []
        self.new_villages: set[str] = set()
        self._filter = ""
        self._icons = {s: icon(look[2], look[1]) for s, look in STATUS_LOOK.items()}

    def reset(self, households: list[HouseholdPreview], new_villages: list[str]) -> None:
        self.beginResetModel()
        self.households = list(households)
        self.new_villages = set(new_villages)
        self.shown = self._filtered()
        self.endResetModel()

    def set_filter(self, status: str) -> None:
        """"" for all, a status, or "problems" for households with a refused row."""
        self._filter = status
        self.reset(self.households, list(self.new_villages))

    def _filtered(self) -> list[int]:
        f, hs = self._filter, self.households
        if not f:
            return list(range(len(hs)))
        if f == "problems":
            return [i for i, h in enumerate(hs) if h.status == REFUSED or any(m.status == REFUSED for m in h.members)]
        return [i for i, h in enumerate(hs) if h.status == f]

    def locate(self, sheet: str, row: int) -> QModelIndex:
        """The index of Excel row ``row`` of ``sheet`` (the member, else its household), or invalid."""
        for n, i in enumerate(self.shown):
            h = self.households[i]
            if h.planned.sheet != sheet:
                continue
            for k, m in enumerate(h.members):
                if m.planned.row == row:
                    return self.index(k, 0, self.index(n, 0))
            if h.planned.row == row:
                return self.index(n, 0)
        return QModelIndex()

    def item(self, index: QModelIndex) -> tuple[HouseholdPreview, PersonPreview | None]:
        """The household and (for a member's index) the member of ``index``."""
        hid = index.internalId()
        if hid == 0:
            return self.households[self.shown[index.row()]], None
        h = self.households[self.shown[hid - 1]]
        return h, h.members[index.row()]

    # -- Qt interface
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else 0)

    def parent(self, index=QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self.shown)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.households[self.shown[parent.row()]].members)
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return len(TREE_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(TREE_COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        h, m = self.item(index)
        status = m.status if m is not None else h.status
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._person_cell(h, m, col) if m is not None else self._household_cell(h, col)
            return text if role == Qt.ItemDataRole.DisplayRole or col == 6 else None
        if col == 1 and role == Qt.ItemDataRole.DecorationRole:
            return self._icons[status]
        if col == 1 and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(STATUS_LOOK[status][1])
        if role == Qt.ItemDataRole.ForegroundRole and status == REFUSED:
            return QColor(theme.RED)
        return None

    def _household_cell(self, h: HouseholdPreview, col: int) -> str:
        head = h.planned.head or (h.planned.members[0] if h.planned.members else None)
        if col == 0:
            name = head.data.full_name if head else _("(không có chủ hộ)")
            name = f"{h.code} · {name}" if h.code else name
            return _("{name} ({n} người)").format(name=name, n=len(h.members))
        if col == 1:
            return status_label(h.status)
        if col == 2:
            return str(head.data.birth_year or "") if head else ""
        if col == 4:
            if h.village_name and h.village_name in self.new_villages:
                return _("{name} (mới)").format(name=h.village_name)
            return h.village_name
        if col == 5:
            return _("{sheet}, dòng {row}").format(sheet=h.planned.sheet, row=h.planned.row)
        if col == 6:
            if h.status == REFUSED:
                return first_error(h.problems) or _("Không có dòng nào nhập được.")
            return change_text(h.changes)
        return ""

    def _person_cell(self, h: HouseholdPreview, m: PersonPreview, col: int) -> str:
        p = m.planned.data
        if col == 0:
            return p.full_name
        if col == 1:
            return status_label(m.status)
        if col == 2:
            return format_date(p.birth_date) if p.birth_date else str(p.birth_year or "")
        if col == 3:
            return label_for(RELATIONS, p.relation)
        if col == 5:
            return _("dòng {row}").format(row=m.planned.row)
        if col == 6:
            if m.status == REFUSED:
                return first_error(person_problems(m))
            return change_text(m.changes)
        return ""


class ProblemsModel(QAbstractListModel):
    """Problems as "Trang “Sheet1”, dòng 17: năm sinh “19855” không hợp lệ.", with a red (error:
    the row is refused) or amber (warning) icon and the level in the tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.problems: list[ImportProblem] = []
        self._icons = {ERROR: icon("error", theme.RED), "warning": icon("warning", theme.AMBER)}

    def reset(self, problems: list[ImportProblem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.problems)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self.problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return p.located
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(p.level, self._icons["warning"])
        if role == Qt.ItemDataRole.ToolTipRole:
            return (_("Lỗi: dòng này sẽ không được nhập.") if p.level == ERROR
                    else _("Lưu ý: dòng này vẫn được nhập.")) + "\n" + p.located
        return None
