"""What the print tab chooses from: the year's decisions (and, per title, the whole year), the
subjects they recognise in printing order with their register entries, and a table model with a
tick box per row."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal

from app.domain.criteria import SUBJECT_KINDS
from app.i18n import _
from app.services import decisions
from app.services.certificate_subjects import print_order
from app.services.certificates import CertificateInfo, register_entries
from app.ui.itemmodels.rows import RowsModel

TITLE_ORDER = ("GDHT", "DHHT", "CDHT_THON", "DVHT", "CDHT_CONG_DAN")


@dataclass(frozen=True)
class Source:
    """A row of the source list: a whole title of the year (``decision`` None) or one decision."""

    title_code: str
    decision: object | None  # DecisionInfo
    count: int

    @property
    def label(self) -> str:
        if self.decision is None:
            return _("Cả năm (mọi QĐ)")
        return self.decision.number


@dataclass(frozen=True)
class Subject:
    """A recognised subject as the print tab lists it."""

    assessment_id: int
    kind: str
    subject_id: int
    code: str
    name: str
    village_id: int | None
    village: str
    order: tuple
    entry: CertificateInfo | None = None

    @property
    def printed(self) -> bool:
        return self.entry is not None and bool(self.entry.qr_text)

    def state(self) -> str:
        if self.entry is None:
            return _("Chưa cấp")
        if not self.entry.qr_text:
            return _("Đã vào sổ, chưa in")
        if self.entry.reprint_count:
            return _("Cấp lại lần {n}").format(n=self.entry.reprint_count)
        return _("Đã in")


def sources(db, year: int) -> list[Source]:
    """Per title with decisions in ``year``: the whole year, then its decisions (newest first)."""
    by_title: dict[str, list] = {}
    for d in decisions.list_decisions(db, year):
        by_title.setdefault(d.title_code, []).append(d)
    out: list[Source] = []
    for code in sorted(by_title, key=lambda c: TITLE_ORDER.index(c) if c in TITLE_ORDER else 99):
        ds = by_title[code]
        out.append(Source(code, None, sum(d.subjects for d in ds)))
        out += [Source(code, d, d.subjects) for d in ds]
    return out


def subjects_of(db, year: int, source: Source, all_sources: list[Source]) -> list[Subject]:
    """The subjects ``source`` recognises (each once), sorted as they print: village, then name
    the Vietnamese way; with their entries in ``year``'s register."""
    if source.decision is not None:
        chosen = [source.decision]
    else:
        chosen = [s.decision for s in all_sources if s.decision is not None and s.title_code == source.title_code]
    kind = SUBJECT_KINDS[source.title_code]
    entries = {e.assessment_id: e for e in register_entries(db, year)}
    seen: dict[int, Subject] = {}
    for d in sorted(chosen, key=lambda d: (d.decided_on, d.id)):
        for r in decisions.recognised(db, d.id):
            s = r.subject
            seen[r.assessment_id] = Subject(r.assessment_id, kind, s.id, s.code, s.name, s.village_id,
                                            s.village_name, print_order(kind, s.name, s.village_name, None) + (s.code,),
                                            entries.get(r.assessment_id))
    return sorted(seen.values(), key=lambda x: x.order)


class CheckModel(RowsModel):
    """:class:`RowsModel` with a tick box in the first column; ``checked`` holds the ticked rows'
    keys (``key(row)``); ``checked_changed`` after every change."""

    checked_changed = Signal()

    def __init__(self, columns, key, parent=None):
        super().__init__(columns, parent)
        self.key = key
        self.checked: set = set()

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0:
            row = self.row_at(index.row())
            return Qt.CheckState.Checked if self.key(row) in self.checked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        key = self.key(self.row_at(index.row()))
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        if state == Qt.CheckState.Checked:
            self.checked.add(key)
        else:
            self.checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True

    def toggle(self, view_row: int) -> None:
        idx = self.index(view_row, 0)
        checked = self.data(idx, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        self.setData(idx, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)

    def set_checked(self, keys) -> None:
        self.checked = set(keys)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()

    def visible_rows(self) -> list:
        return [self.rows[i] for i in self.visible]

    def checked_rows(self) -> list:
        """The ticked rows that are shown, in the shown order."""
        return [r for r in self.visible_rows() if self.key(r) in self.checked]


class SourceModel(RowsModel):
    """The source list: a whole title's row in bold above its decisions."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.FontRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and row.decision is None:
                from PySide6.QtGui import QFont

                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)
