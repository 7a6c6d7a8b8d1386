"""Chỉ tiêu: the targets as a year × target-key table the officer types into (0–100 %, empty =
no target), and "Áp dụng chỉ tiêu có sẵn" to fill years from a preset (Sơn La, Bắc Kạn,
QĐ 387), interpolating between the plan's years if wanted.

Each typed cell is saved at once through ``targets.set_targets`` (one transaction, audited);
a value outside 0–100 or not a number is refused with a message under the table and not saved.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, format_number, format_percent
from app.services import targets
from app.services.errors import ValidationFailed
from app.ui import theme
from app.ui.context import UiContext
from app.ui.icons import icon

SHORT_KEYS = {"GDHT": N_("GĐHT"), "DHHT": N_("DHHT"), "CDHT_THON": N_("CĐHT thôn"), "DVHT": N_("ĐVHT"),
              "CDHT_CONG_DAN:community": N_("CDHT cộng đồng"), "CDHT_CONG_DAN:units": N_("CDHT đơn vị")}


def parse_percent(text: str) -> float | None:
    """"72,5" / "72.5" / "72,5 %" → 72.5; "" → None. Raises ValueError when not a number 0–100."""
    t = text.strip().replace("%", "").strip().replace(" ", "")
    if not t:
        return None
    value = float(t.replace(",", "."))
    if not 0 <= value <= 100:
        raise ValueError(t)
    return value


class TargetsModel(QAbstractTableModel):
    """Rows are years (ascending), columns the target keys then the source; cells editable."""

    refused = Signal(str)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.years: list[int] = []
        self.values: dict[int, dict[str, float | None]] = {}
        self.sources: dict[int, dict[str, str]] = {}

    def load(self, extra_years: tuple[int, ...] = ()) -> None:
        self.beginResetModel()
        self.years = sorted(set(targets.target_years(self.db)) | set(extra_years))
        self.values = {y: targets.targets_for(self.db, y) for y in self.years}
        self.sources = {y: targets.target_sources(self.db, y) for y in self.years}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.years)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(targets.TARGET_KEYS) + 1

    def _sources_text(self, year: int, short: bool = False) -> str:
        """Where the year's targets came from: "Sơn La (nội suy)", "Nhập tay" (the full plan name
        in the tooltip)."""
        names = set()
        for source in self.sources.get(year, {}).values():
            label = targets.source_label(source)
            if short:
                pid, _sep, _how = source.partition(":")
                plan = next((p.label for p in targets.PRESETS if p.id == pid), "")
                if plan and " — " in plan:
                    label = label.replace(plan, plan.split(" — ")[0])
            names.add(label)
        return "; ".join(sorted(names))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        year = self.years[index.row()]
        if index.column() == len(targets.TARGET_KEYS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._sources_text(year, short=True)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(theme.MUTED)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._sources_text(year)
            return None
        key = targets.TARGET_KEYS[index.column()]
        value = self.values.get(year, {}).get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_percent(value) if value is not None else ""
        if role == Qt.ItemDataRole.EditRole:
            return format_number(value, 1) if value is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            source = self.sources.get(year, {}).get(key)
            return _("{label}, năm {year}: {source}").format(label=targets.target_label(key), year=year,
                                                            source=targets.source_label(source)) if source else \
                targets.target_label(key)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            return str(self.years[section]) if role == Qt.ItemDataRole.DisplayRole else None
        if section == len(targets.TARGET_KEYS):
            return _("Nguồn") if role == Qt.ItemDataRole.DisplayRole else None
        key = targets.TARGET_KEYS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(SHORT_KEYS.get(key, key))
        if role == Qt.ItemDataRole.ToolTipRole:
            return targets.target_label(key)
        return None

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and index.column() < len(targets.TARGET_KEYS):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() >= len(targets.TARGET_KEYS):
            return False
        year, key = self.years[index.row()], targets.TARGET_KEYS[index.column()]
        try:
            percent = parse_percent(str(value))
        except ValueError:
            self.refused.emit(_("“{text}” không phải chỉ tiêu hợp lệ: hãy nhập một số từ 0 đến 100 (ví dụ 72,5), "
                                "hoặc để trống nếu không đặt chỉ tiêu.").format(text=str(value).strip()))
            return False
        if percent == self.values.get(year, {}).get(key):
            return False
        try:
            targets.set_targets(self.db, year, {key: percent})
        except ValidationFailed as exc:
            self.refused.emit("\n".join(p.message for p in exc.problems))
            return False
        self.values[year] = targets.targets_for(self.db, year)
        self.sources[year] = targets.target_sources(self.db, year)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(targets.TARGET_KEYS)))
        self.refused.emit("")
        return True


class PresetDialog(QDialog):
    """Choose a preset, the years to fill and whether to interpolate between the plan's years."""

    def __init__(self, year: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Áp dụng chỉ tiêu có sẵn"))
        self.preset = QComboBox()
        for p in targets.PRESETS:
            self.preset.addItem(p.label, p.id)
        self.first = QSpinBox()
        self.last = QSpinBox()
        for box in (self.first, self.last):
            box.setRange(2000, 2100)
        self.interpolate = QCheckBox(_("Nội suy cho các năm ở giữa (năm ngoài kế hoạch lấy theo năm gần nhất)"))
        self.interpolate.setChecked(True)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        years = QHBoxLayout()
        years.addWidget(self.first)
        years.addWidget(QLabel(_("đến")))
        years.addWidget(self.last)
        years.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Kế hoạch:"), self.preset)
        form.addRow(_("Từ năm:"), years)
        form.addRow("", self.interpolate)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Áp dụng"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.note)
        lay.addWidget(buttons)
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        for w in (self.first, self.last):
            w.valueChanged.connect(self._show_note)
        self.interpolate.toggled.connect(self._show_note)
        self._on_preset_changed()
        self.first.setValue(min(year, self.first.value()))
        self.resize(520, self.sizeHint().height())

    def _current(self) -> targets.Preset:
        return targets.preset(self.preset.currentData())

    def _on_preset_changed(self, _i: int = 0) -> None:
        years = self._current().year_list
        self.first.setValue(years[0])
        self.last.setValue(years[-1])
        self._show_note()

    def years(self) -> list[int]:
        lo, hi = sorted((self.first.value(), self.last.value()))
        return list(range(lo, hi + 1))

    def _show_note(self, *_args) -> None:
        p = self._current()
        own = ", ".join(str(y) for y in p.year_list)
        lo, hi = sorted((self.first.value(), self.last.value()))
        text = _("Kế hoạch có số liệu cho năm {own}. Chỉ tiêu đã có của các năm {lo}–{hi} sẽ được thay.").format(
            own=own, lo=lo, hi=hi)
        if not self.interpolate.isChecked():
            text += " " + _("Không nội suy: chỉ các năm {own} được đặt.").format(own=own)
        self.note.setText(text)


class TargetsEditor(QWidget):
    """The targets table with "Thêm năm" and "Áp dụng chỉ tiêu có sẵn"; emits ``changed``."""

    changed = Signal()

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = TargetsModel(ctx.db, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked | triggers.EditKeyPressed
                                   | triggers.AnyKeyPressed)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(28)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        head.setDefaultSectionSize(126)
        head.setSectionResizeMode(len(targets.TARGET_KEYS), QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        self.preset_button = QPushButton(icon("import-excel"), _("Áp dụng chỉ tiêu có sẵn…"))
        self.preset_button.clicked.connect(self.apply_preset)
        self.add_year_button = QPushButton(icon("add"), _("Thêm năm…"))
        self.add_year_button.clicked.connect(self.add_year)
        intro = QLabel(_("Chỉ tiêu là tỷ lệ (%) đối tượng được công nhận trong năm. Bấm vào ô để nhập (ví dụ 72,5); "
                         "để trống nếu không đặt chỉ tiêu. Mỗi ô được lưu ngay khi nhập xong."))
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.preset_button)
        bar.addWidget(self.add_year_button)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addWidget(intro)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        legend = QLabel("; ".join(f"{_(SHORT_KEYS[k])}: {targets.target_label(k)}" for k in targets.TARGET_KEYS))
        legend.setObjectName("hint")
        legend.setWordWrap(True)
        lay.addWidget(legend)
        self.model.refused.connect(self._on_model_refused)
        self.model.dataChanged.connect(lambda *_a: self._after_change(_("Đã lưu chỉ tiêu.")))

    def reload(self) -> None:
        self.model.load((self.ctx.year,))
        self.select_year(self.ctx.year)

    def select_year(self, year: int) -> None:
        if year in self.model.years:
            self.table.setCurrentIndex(self.model.index(self.model.years.index(year), 0))

    def _on_model_refused(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _after_change(self, status: str) -> None:
        self.ctx.changed("targets", status)
        self.changed.emit()

    def add_year(self) -> None:
        year, ok = QInputDialog.getInt(self, _("Thêm năm"), _("Năm:"), max(self.model.years, default=self.ctx.year) + 1,
                                       2000, 2100)
        if ok:
            self.model.load((self.ctx.year, year))
            self.select_year(year)

    def apply_preset(self) -> None:
        dialog = PresetDialog(self.ctx.year, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply(dialog.preset.currentData(), dialog.years(), dialog.interpolate.isChecked())

    def apply(self, preset_id: str, years: list[int], interpolate: bool) -> None:
        done = targets.apply_preset(self.ctx.db, preset_id, years, interpolate)
        self.reload()
        label = targets.preset(preset_id).label
        if done:
            self._after_change(_("Đã đặt chỉ tiêu theo {preset} cho {n} năm ({years}).").format(
                preset=label, n=format_number(len(done)), years=", ".join(map(str, done))))
        else:
            self.message.setText(_("Không năm nào được đặt: kế hoạch {preset} không có số liệu cho các năm đã chọn "
                                   "(hãy chọn nội suy).").format(preset=label))
            self.message.show()
