"""Step 2 of the import wizard: which sheets to import and how each one is read.

Per sheet: a checkbox in the list (hidden sheets unticked, sheets without a table explained), the
header row found and the first data row, the layout, the sheet's village and where it came from,
what was converted from TCVN3/VNI, and a mapping table (column → field) whose every change reads
the sheet again (:func:`~app.exchange.households_import.remap`, from memory) and refreshes the grid
of the first rows as they will be imported. UI thread; the re-reading runs through the wizard's
``run`` (off the UI thread).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.exchange.households_import import (
    FIELDS,
    PER_HOUSEHOLD,
    PER_PERSON,
    ImportPlan,
    SheetOptions,
    SheetPlan,
    field_label,
    remap,
)
from app.i18n import _, format_number
from app.services.villages import list_villages
from app.ui import theme
from app.ui.dialogs.import_models import TaskFailed
from app.ui.dialogs.import_tables import (
    ENCODING_NAMES,
    cell_text,
    column_letter,
    fill_grid,
    legacy_text,
    make_grid,
    village_text,
)


class SheetsPage(QWizardPage):
    """Reads ``wizard().plan``; writes the user's choices into it (``excluded``, ``remap``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(_("Trang tính và cột"))
        self.setSubTitle(_("Kiểm tra chương trình đọc đúng từng cột. Nếu sai, chọn lại ở cột “Nhập vào”; "
                           "bảng bên phải cho thấy ngay các dòng sẽ được nhập."))
        self.plan: ImportPlan | None = None
        self.current: str | None = None
        self._filling = False

        self.sheet_list = QListWidget()
        self.sheet_list.setMaximumWidth(200)
        self.sheet_list.setMinimumWidth(150)
        self.sheet_list.currentItemChanged.connect(self._on_sheet_list_current_changed)
        self.sheet_list.itemChanged.connect(self._on_sheet_list_item_changed)
        left = QVBoxLayout()
        left.addWidget(QLabel(_("Trang tính (đánh dấu để nhập):")))
        left.addWidget(self.sheet_list, 1)

        self.stack = QStackedWidget()
        self.skipped_label = QLabel()
        self.skipped_label.setWordWrap(True)
        self.skipped_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack.addWidget(self._build_details())
        self.stack.addWidget(self.skipped_label)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)

    def _build_details(self) -> QWidget:
        self.header_label = QLabel()
        self.data_row = QSpinBox()
        self.data_row.setMinimum(1)
        self.data_row.setToolTip(_("Dòng Excel của người (hoặc hộ) đầu tiên trong bảng"))
        self.data_row.editingFinished.connect(self._on_data_row_editing_finished)
        self.layout_box = QComboBox()
        self.layout_box.addItem(_("Một dòng mỗi người"), PER_PERSON)
        self.layout_box.addItem(_("Một dòng mỗi hộ (chỉ ghi chủ hộ)"), PER_HOUSEHOLD)
        self.layout_box.currentIndexChanged.connect(self._on_layout_box_changed)
        self.village_box = QComboBox()
        self.village_box.setEditable(True)
        self.village_box.setMinimumWidth(220)
        self.village_box.lineEdit().setPlaceholderText(_("(chưa chọn)"))
        self.village_box.setToolTip(_("Thôn, bản cho các hộ không có thôn trong cột Thôn, bản hay dòng tên thôn"))
        self.village_box.lineEdit().editingFinished.connect(self._on_village_box_edited)
        self.village_box.activated.connect(lambda _i: self._on_village_box_edited())
        self.village_source = QLabel()
        self.village_source.setObjectName("hint")
        self.village_source.setWordWrap(True)
        self.legacy_label = QLabel()
        self.legacy_label.setWordWrap(True)
        self.legacy_label.setStyleSheet(f"color: {theme.GREEN};")
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(f"color: {theme.RED};")

        first_line = QHBoxLayout()
        first_line.addWidget(QLabel(_("Dòng tiêu đề:")))
        first_line.addWidget(self.header_label)
        first_line.addSpacing(16)
        first_line.addWidget(QLabel(_("Dữ liệu từ dòng:")))
        first_line.addWidget(self.data_row)
        first_line.addSpacing(16)
        first_line.addWidget(QLabel(_("Cách ghi:")))
        first_line.addWidget(self.layout_box)
        first_line.addStretch(1)
        second_line = QHBoxLayout()
        second_line.addWidget(QLabel(_("Thôn, bản của trang:")))
        second_line.addWidget(self.village_box)
        second_line.addWidget(self.village_source, 1)

        self.mapping = QTableWidget(0, 4)
        self.mapping.setHorizontalHeaderLabels([_("Cột"), _("Tiêu đề trong tệp"), _("Ví dụ"), _("Nhập vào")])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.verticalHeader().setDefaultSectionSize(28)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping.setWordWrap(False)
        # The field boxes always show in full; the header text gives way first (its tooltip has it).
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        for col, width in ((0, 36), (2, 84), (3, 215)):
            self.mapping.setColumnWidth(col, width)
        self.mapping.setMinimumWidth(36 + 90 + 84 + 215 + 20)
        self.grid = make_grid()
        self.grid_caption = QLabel()

        mapping_box = QWidget()
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(QLabel(_("Cột trong tệp → thông tin nhập vào:")))
        mapping_layout.addWidget(self.mapping, 1)
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.grid_caption)
        grid_layout.addWidget(self.grid, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(mapping_box)
        splitter.addWidget(grid_box)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 440])

        details = QWidget()
        box = QVBoxLayout(details)
        box.setContentsMargins(4, 0, 0, 0)
        box.addLayout(first_line)
        box.addLayout(second_line)
        box.addWidget(self.legacy_label)
        box.addWidget(self.problems_label)
        box.addWidget(splitter, 1)
        return details

    # -- wizard
    def initializePage(self) -> None:  # noqa: N802
        self.plan = self.wizard().plan
        self._fill_villages()
        self._fill_sheet_list()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.plan and any("full_name" in s.mapping and s.households for s in self.plan.chosen_sheets))

    def _fill_villages(self) -> None:
        names = [v.name for v in list_villages(self.wizard().ctx.db)]
        self._filling = True
        self.village_box.clear()
        self.village_box.addItems(names)
        self.village_box.setCurrentIndex(-1)
        self._filling = False

    def _fill_sheet_list(self) -> None:
        plan = self.plan
        self._filling = True
        self.sheet_list.clear()
        skipped = dict(plan.skipped_sheets)
        for name, raw in plan.sheets_raw.items():
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, name)
            if name in skipped:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setText(_("{name}\nkhông có danh sách hộ").format(name=name))
                item.setForeground(QBrush(QColor(theme.GREY)))
                item.setToolTip(skipped[name])
            else:
                chosen = name not in plan.excluded
                item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
                if raw.hidden:
                    item.setToolTip(_("Trang này bị ẩn trong Excel nên chưa được chọn; đánh dấu nếu muốn nhập."))
            self.sheet_list.addItem(item)
            self._label_item(item)
        self._filling = False
        first = next((i for i in range(self.sheet_list.count())
                      if self.sheet_list.item(i).data(Qt.ItemDataRole.UserRole) == self.current), 0)
        self.sheet_list.setCurrentRow(first)

    def _label_item(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        if not (item.flags() & Qt.ItemFlag.ItemIsUserCheckable):
            return
        sheet = self.plan.sheet(name)
        facts = [_("{n} hộ").format(n=format_number(len(sheet.households)))]
        if sheet.legacy.converted:
            facts.append(" + ".join(ENCODING_NAMES.get(e, e) for e in sheet.legacy.converted))
        if self.plan.sheets_raw[name].hidden:
            facts.append(_("trang ẩn"))
        was = self._filling
        self._filling = True
        item.setText(f"{name}\n{', '.join(facts)}")
        self._filling = was

    # -- showing one sheet
    def _on_sheet_list_current_changed(self, item, _previous) -> None:
        if item is None:
            return
        self.current = item.data(Qt.ItemDataRole.UserRole)
        reason = dict(self.plan.skipped_sheets).get(self.current)
        raw = self.plan.sheets_raw[self.current]
        if reason is not None and not any(cell_text(c.value) for row in raw.rows for c in row):
            self.skipped_label.setText(_("Trang “{name}” trống: không có gì để nhập.").format(name=self.current))
            self.stack.setCurrentIndex(1)
            return
        if reason is not None:
            self.skipped_label.setText(_("Trang “{name}” không được nhập: {reason}\n\nNếu trang này có danh sách, "
                                         "hãy kiểm tra trong Excel rằng bảng có dòng tiêu đề (Họ và tên, Năm sinh, "
                                         "Quan hệ với chủ hộ …) ở một trong 30 dòng đầu.").format(
                name=self.current, reason=reason))
            self.stack.setCurrentIndex(1)
            return
        self.stack.setCurrentIndex(0)
        self.show_sheet(self.plan.sheet(self.current))

    def show_sheet(self, sheet: SheetPlan) -> None:
        self._filling = True
        try:
            self.header_label.setText(str(sheet.guess.header_row))
            self.data_row.setMaximum(max(len(self.plan.sheets_raw[sheet.name].rows), sheet.data_row))
            self.data_row.setValue(sheet.data_row)
            self.layout_box.setCurrentIndex(max(self.layout_box.findData(sheet.layout), 0))
            self.village_box.setCurrentIndex(-1)
            self.village_box.setEditText(sheet.village)
            self.village_source.setText(village_text(sheet))
            legacy = legacy_text(sheet)
            if self.plan.sheets_raw[sheet.name].hidden:
                legacy = "\n".join(x for x in (legacy, _("Trang này bị ẩn trong Excel nên chưa được chọn; đánh dấu "
                                                           "ở danh sách bên trái nếu muốn nhập.")) if x)
            self.legacy_label.setText(legacy)
            self.legacy_label.setVisible(bool(legacy))
            sheet_problems = [p.message for p in sheet.problems if not p.row]
            self.problems_label.setText("\n".join(sheet_problems))
            self.problems_label.setVisible(bool(sheet_problems))
            self._fill_mapping(sheet)
            self.grid_caption.setText(fill_grid(self.grid, sheet))
        finally:
            self._filling = False

    def _fill_mapping(self, sheet: SheetPlan) -> None:
        raw = self.plan.sheets_raw[sheet.name]
        width = max(len(sheet.guess.headers), max(sheet.mapping.columns.values(), default=-1) + 1)
        self.mapping.setRowCount(width)
        for col in range(width):
            header = sheet.guess.headers[col] if col < len(sheet.guess.headers) else ""
            sample = next((cell_text(raw.cell(r, col).value) for r in range(sheet.data_row - 1, sheet.data_row + 5)
                           if cell_text(raw.cell(r, col).value)), "")
            for c, text in enumerate((column_letter(col), header, sample)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.mapping.setItem(col, c, item)
            box = QComboBox()
            box.addItem(_("— Không nhập —"), "")
            for name in FIELDS:
                box.addItem(field_label(name), name)
            box.setCurrentIndex(max(box.findData(sheet.mapping.field_at(col) or ""), 0))
            box.setProperty("column", col)
            box.currentIndexChanged.connect(self._on_mapping_box_changed)
            self.mapping.setCellWidget(col, 3, box)

    # -- the user's corrections
    def _reread(self, **changes) -> None:
        name = self.current
        options = replace(self.plan.options.get(name, SheetOptions()), **changes)
        try:
            self.wizard().run(_("Đọc lại trang tính"), _("Đang đọc lại trang “{name}”…").format(name=name),
                              _remap_task, self.plan, name, options)
        except TaskFailed:
            pass
        self.show_sheet(self.plan.sheet(name))
        item = self.sheet_list.currentItem()
        if item is not None:
            self._label_item(item)
        self.completeChanged.emit()

    def _on_mapping_box_changed(self, _index: int) -> None:
        if self._filling:
            return
        box = self.sender()
        col, field = box.property("column"), box.currentData()
        mapping = self.plan.sheet(self.current).mapping
        if field:
            mapping = mapping.with_field(field, col)
        elif mapping.field_at(col):
            mapping = mapping.without(mapping.field_at(col))
        self._reread(mapping=mapping)

    def _on_layout_box_changed(self, _index: int) -> None:
        if not self._filling:
            self._reread(layout=self.layout_box.currentData())

    def _on_data_row_editing_finished(self) -> None:
        if not self._filling and self.data_row.value() != self.plan.sheet(self.current).data_row:
            self._reread(data_row=self.data_row.value())

    def _on_village_box_edited(self) -> None:
        if self._filling or self.current is None or dict(self.plan.skipped_sheets).get(self.current):
            return
        text = " ".join(self.village_box.currentText().split())
        if text != self.plan.sheet(self.current).village:
            self._reread(village=text or None)

    def _on_sheet_list_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling or not (item.flags() & Qt.ItemFlag.ItemIsUserCheckable):
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.plan.excluded.discard(name)
        else:
            self.plan.excluded.add(name)
        self.completeChanged.emit()


def _remap_task(_report, _cancelled, plan: ImportPlan, name: str, options: SheetOptions) -> None:
    remap(plan, name, options)
