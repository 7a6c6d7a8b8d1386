"""Step 3 of the import wizard: what the import would do, and correcting rows before it does.

The preview (:func:`~app.exchange.households_import.match_plan`, off the UI thread) is shown as a
summary line, a tree of households → members with their status, and the list of problems. A
double-click on a problem selects its row in the tree. "Bỏ qua dòng này" (``preview.skip``) and
"Sửa…" (``preview.fix``, through :class:`FixDialog`) act on the selected row and refresh
everything at once. Both views are item models over the preview's lists (see
:mod:`app.ui.dialogs.import_models`), fast for 5,000 households.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.exchange.households_import import (
    FIELDS,
    NEW,
    UNCHANGED,
    UPDATE,
    ImportPreview,
    ImportProblem,
    field_label,
    match_plan,
)
from app.i18n import _, format_number
from app.ui import theme
from app.ui.dialogs.import_models import TREE_WIDTHS, PreviewTreeModel, ProblemsModel, TaskFailed
from app.ui.dialogs.import_tables import cell_text

# Fields a fix can set: one birth and one sex field whatever the columns (the reader folds
# Nam/Nữ columns into them).
FIX_FIELDS = [f for f in FIELDS if f not in ("birth_male", "birth_female", "sex_male", "sex_female", "stt")]


def summary_text(preview: ImportPreview, c: dict[str, int]) -> str:
    """"1.234 hộ mới, 56 hộ cập nhật, 12 không đổi, 3 dòng bị từ chối; 3 thôn mới: …" from the
    preview and its ``counts()``."""
    n = format_number
    text = _("{new} hộ mới, {update} hộ cập nhật, {same} không đổi, {refused} dòng bị từ chối").format(
        new=n(c["households_new"]), update=n(c["households_update"]), same=n(c["households_unchanged"]),
        refused=n(c["rows_refused"]))
    if preview.new_villages:
        names = ", ".join(preview.new_villages[:5])
        text += _("; {n} thôn mới: {names}").format(n=n(len(preview.new_villages)), names=names)
        if len(preview.new_villages) > 5:
            return text + "…"
    return text + "."


def persons_text(c: dict[str, int]) -> str:
    text = _("Nhân khẩu: {new} mới, {update} cập nhật, {same} không đổi.").format(
        new=format_number(c["persons_new"]), update=format_number(c["persons_update"]),
        same=format_number(c["persons_unchanged"]))
    if c["rows_skipped"]:
        text += " " + _("Đã bỏ qua {n} dòng.").format(n=format_number(c["rows_skipped"]))
    return text


class FixDialog(QDialog):
    """Asks the corrected value of one cell: the field (preselected) and the value (prefilled)."""

    def __init__(self, sheet: str, row: int, message: str, field: str, raw: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Sửa giá trị"))
        self.raw = raw
        where = QLabel(_("Trang “{sheet}”, dòng {row}").format(sheet=sheet, row=row))
        where.setStyleSheet("font-weight: bold;")
        problem = QLabel(message)
        problem.setWordWrap(True)
        problem.setStyleSheet(f"color: {theme.RED};")
        self.field_box = QComboBox()
        for name in FIX_FIELDS:
            self.field_box.addItem(field_label(name), name)
        self.field_box.setCurrentIndex(max(self.field_box.findData(field), 0))
        self.value = QLineEdit()
        self.field_box.currentIndexChanged.connect(self._on_field_box_changed)
        self._on_field_box_changed()
        hint = QLabel(_("Giá trị mới chỉ dùng cho lần nhập này; tệp Excel không bị sửa. Để trống để coi ô là trống."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sửa"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Thông tin:"), self.field_box)
        form.addRow(_("Giá trị đúng:"), self.value)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        if message:
            layout.addWidget(problem)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.value.setFocus()

    def _on_field_box_changed(self, *_args) -> None:
        self.value.setText(cell_text(self.raw.get(self.field_box.currentData())))
        self.value.selectAll()

    def field(self) -> str:
        return self.field_box.currentData()


class PreviewPage(QWizardPage):
    """Shows ``wizard().preview``; made again on each entry from the sheets page."""

    FILTERS = (("", "Tất cả các hộ"), (NEW, "Hộ mới"), (UPDATE, "Hộ cập nhật"), (UNCHANGED, "Hộ không đổi"),
               ("problems", "Hộ có dòng bị từ chối"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(_("Xem trước"))
        self.setSubTitle(_("Chưa có gì được ghi. Kiểm tra kết quả, sửa hoặc bỏ qua các dòng có lỗi, rồi bấm "
                           "Tiếp."))
        self.preview: ImportPreview | None = None
        self.counts: dict[str, int] = {}  # preview.counts() and preview.problems(), once per change
        self.found: list[ImportProblem] = []
        self.target: tuple[str, int, str] | None = None  # sheet, row, field of the selected row
        self.target_who = ""  # the name on that row
        self.skipped: list[tuple[str, int]] = []  # rows skipped here, last first for "Lấy lại"
        self._plan = None

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.persons = QLabel()
        self.filter_box = QComboBox()
        for status, label in self.FILTERS:
            self.filter_box.addItem(_(label), status)
        self.filter_box.currentIndexChanged.connect(self._on_filter_box_changed)

        self.tree_model = PreviewTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for col, width in enumerate(TREE_WIDTHS):
            self.tree.setColumnWidth(col, width)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

        self.problems_model = ProblemsModel(self)
        self.problems = QListView()
        self.problems.setModel(self.problems_model)
        self.problems.setUniformItemSizes(True)
        self.problems.setIconSize(QSize(16, 16))
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.selectionModel().currentChanged.connect(self._on_problems_current_changed)
        self.problems.doubleClicked.connect(self._on_problems_double_clicked)
        self.problems_title = QLabel()
        self.errors_only = QCheckBox(_("Chỉ hiện lỗi"))
        self.errors_only.setToolTip(_("Ẩn các lưu ý (dòng vẫn được nhập), chỉ hiện các dòng bị từ chối"))
        self.errors_only.toggled.connect(lambda _on: self._fill_problems())

        self.target_label = QLabel()
        self.target_label.setObjectName("hint")
        self.target_label.setWordWrap(True)
        self.skip_button = QPushButton(_("Bỏ qua dòng này"))
        self.skip_button.setToolTip(_("Không nhập dòng đang chọn (dòng chủ hộ: cả hộ)"))
        self.skip_button.clicked.connect(self._on_skip_button_clicked)
        self.fix_button = QPushButton(_("Sửa…"))
        self.fix_button.setToolTip(_("Sửa giá trị một ô của dòng đang chọn rồi kiểm tra lại"))
        self.fix_button.clicked.connect(self._on_fix_button_clicked)
        self.undo_button = QPushButton(_("Lấy lại dòng đã bỏ qua"))
        self.undo_button.clicked.connect(self._on_undo_button_clicked)

        self._layout()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.persons, 1)
        top.addWidget(QLabel(_("Hiện:")))
        top.addWidget(self.filter_box)
        problems_head = QHBoxLayout()
        problems_head.addWidget(self.problems_title, 1)
        problems_head.addWidget(self.errors_only)
        actions = QVBoxLayout()
        actions.addWidget(self.fix_button)
        actions.addWidget(self.skip_button)
        actions.addWidget(self.undo_button)
        actions.addWidget(self.target_label)
        actions.addStretch(1)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addLayout(problems_head)
        body = QHBoxLayout()
        body.addWidget(self.problems, 1)
        side = QWidget()
        side.setLayout(actions)
        side.setFixedWidth(200)
        body.addWidget(side)
        below_layout.addLayout(body, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    # -- wizard
    def initializePage(self) -> None:  # noqa: N802
        if self._plan is not self.wizard().plan:  # a file read again: its skips are gone
            self._plan, self.skipped = self.wizard().plan, []
        self.rematch()

    def rematch(self) -> None:
        """Match the plan against the registry as it is now (off the UI thread) and show it."""
        wizard = self.wizard()
        try:
            wizard.preview = wizard.run(_("Xem trước"), _("Đang so sánh với dữ liệu đã có…"), _match_task,
                                        wizard.ctx.db, wizard.plan)
        except TaskFailed:
            wizard.preview = None
        self.preview = wizard.preview
        if self.preview is None:
            self.summary.setText(_("Không xem trước được. Hãy quay lại rồi thử lại."))
            self.completeChanged.emit()
            return
        self.refresh()

    def isComplete(self) -> bool:  # noqa: N802
        if self.preview is None:
            return False
        return self.counts.get("households_new", 0) + self.counts.get("households_update", 0) > 0

    def refresh(self) -> None:
        """Show the preview's current state: summary, tree, problems (after a fix or a skip too)."""
        preview = self.preview
        self.counts = preview.counts()
        self.found = preview.problems()
        self.summary.setText(summary_text(preview, self.counts))
        text = persons_text(self.counts)
        if not self.isComplete():
            text += " " + _("Không có gì mới để nhập: các hộ, nhân khẩu trong tệp đã có và không đổi.")
        self.persons.setText(text)
        self.tree_model.reset(preview.households, preview.new_villages)
        self._fill_problems()
        self.undo_button.setVisible(bool(self.skipped))
        self._set_target(None)
        self.completeChanged.emit()

    def _fill_problems(self) -> None:
        found = self.found
        errors = sum(p.level == "error" for p in found)
        shown = [p for p in found if p.level == "error"] if self.errors_only.isChecked() else found
        self.problems_model.reset(shown)
        if not found:
            self.problems_title.setText(_("Không có vấn đề nào."))
        else:
            self.problems_title.setText(_("Vấn đề: {errors} lỗi (dòng không được nhập), {warnings} lưu ý. "
                                          "Nhấp đúp để xem dòng trong danh sách.").format(
                errors=format_number(errors), warnings=format_number(len(found) - errors)))

    # -- selection
    def _set_target(self, target: tuple[str, int, str] | None, who: str = "") -> None:
        self.target, self.target_who = target, who
        self.skip_button.setEnabled(target is not None)
        self.fix_button.setEnabled(target is not None)
        if target is None:
            self.target_label.setText(_("Chọn một vấn đề hoặc một người trong danh sách."))
        else:
            self.target_label.setText(_("Dòng đang chọn: trang “{sheet}”, dòng {row}{who}").format(
                sheet=target[0], row=target[1], who=f" — {who}" if who else ""))

    def _on_tree_current_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        h, m = self.tree_model.item(current)
        if m is None:
            head = h.planned.head or (h.planned.members[0] if h.planned.members else None)
            m = next((x for x in h.members if head is not None and x.planned is head), None)
        if m is None:
            self._set_target((h.planned.sheet, h.planned.row, ""))
            return
        problems = list(m.planned.problems) + list(m.problems)
        field = next((p.field for p in problems if p.level == "error" and p.field), "")
        self._set_target((m.planned.sheet, m.planned.row, field), m.planned.data.full_name)

    def _on_problems_current_changed(self, current, _previous) -> None:
        if current.isValid():
            p: ImportProblem = self.problems_model.problems[current.row()]
            self._set_target((p.sheet, p.row, p.field) if p.row else None)

    def _on_problems_double_clicked(self, index) -> None:
        p = self.problems_model.problems[index.row()]
        who = self.target_who if self.select_row(p.sheet, p.row) else ""
        self._set_target((p.sheet, p.row, p.field) if p.row else None, who)

    def select_row(self, sheet: str, row: int, reveal: bool = True) -> bool:
        """Select Excel row ``row`` of ``sheet`` in the tree (with ``reveal``, showing all households
        if the filter hides it); False when the row is not in the tree (skipped, or outside any
        household)."""
        index = self.tree_model.locate(sheet, row)
        if not index.isValid() and reveal and self.filter_box.currentIndex() != 0:
            self.filter_box.setCurrentIndex(0)
            index = self.tree_model.locate(sheet, row)
        if not index.isValid():
            return False
        if index.parent().isValid():
            self.tree.expand(index.parent())
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _on_filter_box_changed(self, _index: int) -> None:
        self.tree_model.set_filter(self.filter_box.currentData())

    # -- corrections
    def _planned_raw(self, sheet: str, row: int) -> dict:
        for m in self.preview.plan.sheet(sheet).persons:
            if m.row == row:
                return dict(m.raw)
        return {}

    def _message_of(self, sheet: str, row: int, field: str) -> str:
        found = [p for p in self.found if p.sheet == sheet and p.row == row]
        chosen = next((p for p in found if p.field == field), None) or (found[0] if found else None)
        return chosen.message if chosen else ""

    def _on_fix_button_clicked(self) -> None:
        if self.target is None:
            return
        sheet, row, field = self.target
        dialog = FixDialog(sheet, row, self._message_of(sheet, row, field), field or "full_name",
                           self._planned_raw(sheet, row), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        value = dialog.value.text().strip()
        self._change(_fix_task, sheet, row, dialog.field(), value or None)

    def _on_skip_button_clicked(self) -> None:
        if self.target is None:
            return
        sheet, row, _field = self.target
        self.skipped.append((sheet, row))
        self._change(_skip_task, sheet, row, True)

    def _on_undo_button_clicked(self) -> None:
        if self.skipped:
            sheet, row = self.skipped.pop()
            self._change(_skip_task, sheet, row, False)

    def _change(self, task, sheet: str, row: int, *args) -> None:
        try:
            self.wizard().run(_("Xem trước"), _("Đang kiểm tra lại…"), task, self.preview, sheet, row, *args)
        except TaskFailed:
            return
        self.refresh()
        self.select_row(sheet, row, reveal=False)


def _match_task(_report, _cancelled, db, plan) -> ImportPreview:
    return match_plan(db, plan)


def _fix_task(_report, _cancelled, preview: ImportPreview, sheet: str, row: int, field: str, value) -> None:
    preview.fix(sheet, row, field, value)


def _skip_task(_report, _cancelled, preview: ImportPreview, sheet: str, row: int, skipped: bool) -> None:
    preview.skip(sheet, row, skipped)
