"""The criteria set editor (bộ tiêu chí): criteria → indicators in a tree on the left, the selected
item's form, the set's header and its pass rule on the right, a live points check at the bottom.

The dialog edits the set's JSON document (``docs/criteria-format.md``) as a plain dict and keeps
every field it does not show (``sources``, an indicator's ``status`` …) as it was. Saving goes
through :func:`app.services.criteria_sets.save_set`, which validates the whole document; its
refusals are shown in red under the points check and nothing is written. "Lưu thành bộ mới" stores
the (edited) set as the next version of its code from a chosen date, as
:func:`~app.services.criteria_sets.copy_set` does, and keeps editing the new version. A set that a
decision has used is opened read-only: only "Lưu thành bộ mới" is offered.

Keyboard: Ctrl+N adds an indicator to the selected criterion and puts the cursor in its wording,
Ctrl+Shift+N adds a criterion, Delete (in the tree) removes, Alt+↑/Alt+↓ (in the tree) move the
selected item, Ctrl+S saves, Esc closes (asking when something changed).
"""

from __future__ import annotations

import copy
import html
import re
import unicodedata
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QRegularExpression, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QKeySequence,
    QRegularExpressionValidator,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.criteria import (
    FORMAT_NAME,
    FORMAT_VERSION,
    STATUSES,
    SUBJECT_KINDS,
    TARGET_GROUPS,
    TITLE_NAMES,
    points_text,
    title_name,
)
from app.domain.text import nfc
from app.i18n import N_, _, format_date
from app.services import criteria_sets, derivations
from app.services.errors import NotFound, Problem, ValidationFailed
from app.ui.context import UiContext
from app.ui.dialogs.village_dialog import ask_discard_changes
from app.ui.icons import icon
from app.ui.theme import AMBER, GREEN, MUTED, RED
from app.ui.widgets.form_helpers import (
    FieldMessage,
    choice_combo,
    mark_invalid,
    required_label,
    set_combo_data,
)

__all__ = ["CriteriaEditorDialog", "NewVersionDialog"]

INDICATOR_STATUSES = (
    ("", N_("(không ghi)")),
    ("verified", N_("Đã đối chiếu văn bản gốc")),
    ("partial", N_("Đối chiếu một phần")),
    ("uncertain", N_("Chưa chắc chắn")),
    ("sample", N_("Mẫu — cần đối chiếu")),
)
RULE_NAMES = (
    ("points_threshold", N_("Đạt theo tổng điểm (và điểm tối thiểu mỗi chỉ số)")),
    ("all_targets", N_("Đạt tất cả chỉ tiêu (có thể chia mức độ)")),
    ("grading_bands", N_("Xếp loại theo tổng điểm")),
)
#: The keys each pass rule kind allows (the schema refuses any other).
RULE_KEYS = {
    "points_threshold": {"kind", "notes", "min_total", "min_each"},
    "all_targets": {"kind", "notes", "levels"},
    "grading_bands": {"kind", "notes", "bands", "passing_grades"},
}
#: Parameters the built-in derivations read (see docs/criteria-format.md), offered as empty rows;
#: a kind registered later shows the parameters its document has.
KIND_PARAMS = {
    "school_age_in_school": ("min_age", "max_age"),
    "adults_literate": ("min_age", "max_age"),
    "adults_cdht_recognised": ("min_age", "max_age"),
}
PARAM_LABELS = {"min_age": N_("Tuổi từ"), "max_age": N_("Tuổi đến")}

CI_ROLE = Qt.ItemDataRole.UserRole + 1
II_ROLE = Qt.ItemDataRole.UserRole + 2
KEY_ROLE = Qt.ItemDataRole.UserRole + 3

_NUMBER = QRegularExpression(r"^\d{0,5}([.,]\d{0,2})?$")
_DAY = QRegularExpression(r"^[0-9/.\-]{0,10}$")


# ---------------------------------------------------------------- values


def parse_number(text: str) -> float | None:
    """``"7,5"`` or ``"7.5"`` → 7.5; empty → None; raises ValueError for anything else."""
    t = (text or "").strip().replace(" ", "").replace(",", ".")
    return float(t) if t else None


def _json_number(value: float | None):
    """A number as the set files write it: ``10`` rather than ``10.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def edit_text(value) -> str:
    """A stored value as typed in a field: numbers with a decimal comma and no grouping."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, int | float):
        f = float(value)
        return str(int(f)) if f.is_integer() else f"{f:g}".replace(".", ",")
    return str(value)


def parse_day(text: str) -> str | None:
    """``"01/01/2026"`` (or ISO ``2026-01-01``) → ``"2026-01-01"``; empty → None; ValueError else."""
    t = (text or "").strip()
    if not t:
        return None
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", t)
    if m:
        return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    return date.fromisoformat(t).isoformat()


def day_text(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return format_date(date.fromisoformat(iso))
    except (TypeError, ValueError):
        return str(iso)


def _put(d: dict, key: str, value, default) -> None:
    """Set ``d[key]``, but do not add a key that was absent just to hold its default value."""
    if value == default and key not in d:
        return
    d[key] = value


def _text(value: str) -> str:
    """A multi-line text as stored: NFC, trailing spaces off, line breaks kept."""
    return unicodedata.normalize("NFC", value or "").strip()


class PointsEdit(QLineEdit):
    """Points typed as a person writes them (``7,5``); empty means "none"."""

    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(_NUMBER, self))
        self.setPlaceholderText(placeholder)
        self.setMaximumWidth(110)

    def value(self) -> float | None:
        return parse_number(self.text())

    def is_valid(self) -> bool:
        try:
            self.value()
        except ValueError:
            return False
        return True

    def set_value(self, value) -> None:
        self.setText(edit_text(value))


class DayEdit(QLineEdit):
    """A date typed as ``22/11/2026``; empty means "none"."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(_DAY, self))
        self.setPlaceholderText(_("ngày/tháng/năm"))
        self.setMaximumWidth(130)

    def iso(self) -> str | None:
        return parse_day(self.text())

    def is_valid(self) -> bool:
        try:
            self.iso()
        except ValueError:
            return False
        return True


def _table(headers: list[str], stretch: int, rows_visible: int = 4) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(26)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setTabKeyNavigation(False)
    header = t.horizontalHeader()
    for c in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if c == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(c, mode)
    t.setMinimumHeight(28 + 26 * rows_visible)
    t.setMaximumHeight(30 + 26 * (rows_visible + 1))
    return t


def _cell(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text().strip() if item is not None else ""


def _number_or_text(text: str):
    """A table cell for the document: a number, None when empty, the raw text when not a number
    (the form check names it)."""
    try:
        return _json_number(parse_number(text))
    except ValueError:
        return text


def _small_button(text: str, icon_name: str | None = None, tip: str = "") -> QPushButton:
    b = QPushButton(icon(icon_name), text) if icon_name else QPushButton(text)
    b.setAutoDefault(False)
    if tip:
        b.setToolTip(tip)
    return b


def _hint(text: str, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(wrap)
    return label


def _row(*widgets, stretch: bool = True) -> QWidget:
    w = QWidget()
    lay = QHBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(8)
    for x in widgets:
        if isinstance(x, str):
            lay.addWidget(QLabel(x))
        else:
            lay.addWidget(x)
    if stretch:
        lay.addStretch(1)
    return w


def _with_buttons(table: QTableWidget, *buttons: QPushButton) -> QHBoxLayout:
    """A table with its buttons stacked on its right."""
    row = QHBoxLayout()
    row.addWidget(table, 1)
    col = QVBoxLayout()
    for b in buttons:
        col.addWidget(b)
    col.addStretch(1)
    row.addLayout(col)
    return row


def _used_by_decision(ctx: UiContext, set_id: int) -> bool:
    """Whether a decision already used the set (then the service refuses to save it).

    criteria_sets has no public function for this yet; its own check ``_decided_rounds`` is used so
    that the officer learns it when opening the set, not after editing it. The refusal of
    :func:`save_set` remains the rule."""
    check = getattr(criteria_sets, "_decided_rounds", None)
    if check is None:
        return False
    with ctx.db.session() as s:
        return bool(check(s, set_id))


def blank_document(year: int) -> dict:
    """A new set to fill in: one criterion with one indicator, no points, no threshold."""
    return {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "code": "", "version": 1,
        "title_code": "GDHT", "target_group": None, "name_vi": "", "issuing_document": "", "issuing_date": None,
        "valid_from": f"{year}-01-01", "valid_to": None, "province": None, "status": "sample", "notes": "",
        "total_points": None,
        "criteria": [{"code": "TC1", "title_vi": "", "max_points": None,
                      "indicators": [{"code": "TC1.1", "title_vi": "", "max_points": None}]}],
        "preconditions": [],
        "pass_rule": {"kind": "points_threshold", "min_total": None},
    }


def _next_code(existing: set[str], prefix: str, start: int) -> str:
    n = start
    while f"{prefix}{n}" in existing:
        n += 1
    return f"{prefix}{n}"


# ---------------------------------------------------------------- the new-version question


class NewVersionDialog(QDialog):
    """Ask from (and until) when the new version of a set is valid."""

    def __init__(self, code: str, version: int, valid_from: date, valid_to: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Lưu thành bộ tiêu chí mới"))
        self.valid_from: date | None = None
        self.valid_to: date | None = None
        body = QVBoxLayout(self)
        body.setContentsMargins(16, 14, 16, 12)
        intro = QLabel(_("Bộ tiêu chí đang mở được lưu thành phiên bản {v} của mã {code}; bộ hiện tại giữ "
                         "nguyên. Phiên bản mới được dùng cho các đợt đánh giá trong thời gian hiệu lực của nó.")
                       .format(v=version, code=code or _("(chưa có mã)")))
        intro.setWordWrap(True)
        body.addWidget(intro)
        form = QFormLayout()
        self.from_edit = DayEdit()
        self.from_edit.setText(format_date(valid_from))
        self.to_edit = DayEdit()
        self.to_edit.setText(day_text(valid_to))
        form.addRow(required_label(_("Hiệu lực từ ngày")), self.from_edit)
        form.addRow(_("Đến ngày"), _row(self.to_edit, _hint(_("để trống nếu chưa biết ngày hết hiệu lực"))))
        body.addLayout(form)
        self.message = FieldMessage()
        body.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ok_btn = QPushButton(icon("save", "#ffffff"), _("Tạo phiên bản mới"))
        self.ok_btn.setObjectName("primary")
        self.ok_btn.setDefault(True)
        self.ok_btn.clicked.connect(self._on_ok_clicked)
        cancel = QPushButton(_("Hủy"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.ok_btn)
        buttons.addWidget(cancel)
        body.addLayout(buttons)
        self.setMinimumWidth(460)
        self.from_edit.setFocus()
        self.from_edit.selectAll()

    def _on_ok_clicked(self) -> None:
        try:
            start = self.from_edit.iso()
            end = self.to_edit.iso()
        except ValueError:
            self.message.show_problems([Problem("", _("Ngày chưa đúng: hãy nhập ngày/tháng/năm, ví dụ 01/01/2026."))])
            return
        if start is None:
            self.message.show_problems([Problem("", _("Hãy nhập ngày bắt đầu hiệu lực."))])
            return
        if end is not None and end < start:
            self.message.show_problems([Problem("", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))])
            return
        self.valid_from = date.fromisoformat(start)
        self.valid_to = date.fromisoformat(end) if end else None
        self.accept()


# ---------------------------------------------------------------- the editor


class CriteriaEditorDialog(QDialog):
    """Edit the stored set ``set_id``, or a new set from ``document`` (a blank one when both are
    None).

    After a save ``saved_id`` (and ``set_id``) is the stored set's id and ``ctx.changed`` was
    called with ``"criteria_set"``. :meth:`document` is the document as edited; :meth:`points_lines`
    the live points check as (text, ok) pairs, the set's total last; ``read_only`` tells whether a
    decision already used the set.
    """

    kind = "criteria_set"

    def __init__(self, ctx: UiContext, set_id: int | None = None, document: dict | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.set_id: int | None = None
        self.saved_id: int | None = None
        self.info: criteria_sets.SetInfo | None = None
        self.read_only = False
        self.doc: dict = {}
        self._node: tuple[int, int] | None = None  # (criterion index, indicator index or -1)
        self._loading = False
        self._clean: dict | None = None
        self._check_lines: list[tuple[str, bool]] = []
        self._editors: list[QWidget] = []
        self._checked_fields: list[tuple[QLineEdit, str]] = []
        self.setWindowTitle(_("Bộ tiêu chí"))
        self.setSizeGripEnabled(True)
        self._build()
        self._load(set_id, document)
        self._fit_screen()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        body = QVBoxLayout(self)
        body.setContentsMargins(14, 10, 14, 10)
        body.setSpacing(8)
        body.addLayout(self._build_banner())

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self._build_tree_panel())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scrolled(self._build_node_form()), _("Tiêu chí, chỉ số đang chọn"))
        self.tabs.addTab(self._scrolled(self._build_header_form()), _("Thông tin chung của bộ"))
        self.tabs.addTab(self._scrolled(self._build_rule_form()), _("Quy tắc đạt"))
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 7)
        split.setSizes([500, 760])
        body.addWidget(split, 1)

        body.addWidget(self._build_points_check())
        self.message = FieldMessage()
        body.addWidget(self.message)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color:{GREEN}")
        self.notice.hide()
        body.addWidget(self.notice)
        body.addLayout(self._build_buttons())

        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add_indicator)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=self.add_criterion)
        for keys, slot in (("Alt+Up", lambda: self.move(-1)), ("Alt+Down", lambda: self.move(1)),
                           ("Delete", self.delete_node)):
            sc = QShortcut(QKeySequence(keys), self.tree, activated=slot)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)

    def _build_banner(self) -> QHBoxLayout:
        row = QHBoxLayout()
        col = QVBoxLayout()
        col.setSpacing(2)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        self.subheading.setObjectName("hint")
        col.addWidget(self.heading)
        col.addWidget(self.subheading)
        row.addLayout(col, 1)
        self.status_badge = QLabel()
        self.status_badge.setWordWrap(True)
        self.status_badge.setMaximumWidth(460)
        self.status_badge.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.status_badge)
        outer = QVBoxLayout()
        outer.addLayout(row)
        self.lock_message = QLabel()
        self.lock_message.setWordWrap(True)
        self.lock_message.setStyleSheet(f"color:{RED}; font-weight:bold")
        self.lock_message.hide()
        outer.addWidget(self.lock_message)
        wrap = QHBoxLayout()
        wrap.addLayout(outer)
        return wrap

    def _build_tree_panel(self) -> QWidget:
        panel = QWidget()
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(0, 0, 6, 0)
        lay.setSpacing(6)
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([_("Tiêu chí và chỉ số"), _("Điểm tối đa")])
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        lay.addWidget(self.tree, 1)

        self.add_criterion_btn = _small_button(_("Thêm tiêu chí"), "add", _("Thêm tiêu chí (Ctrl+Shift+N)"))
        self.add_criterion_btn.clicked.connect(self.add_criterion)
        self.add_indicator_btn = _small_button(_("Thêm chỉ số"), "add", _("Thêm chỉ số vào tiêu chí đang chọn (Ctrl+N)"))
        self.add_indicator_btn.clicked.connect(self.add_indicator)
        self.delete_btn = _small_button(_("Xóa"), "delete", _("Xóa tiêu chí hoặc chỉ số đang chọn (Delete)"))
        self.delete_btn.clicked.connect(self.delete_node)
        self.up_btn = _small_button(_("Lên"), "chevron-up", _("Chuyển lên trên (Alt+↑)"))
        self.up_btn.clicked.connect(lambda: self.move(-1))
        self.down_btn = _small_button(_("Xuống"), "chevron-down", _("Chuyển xuống dưới (Alt+↓)"))
        self.down_btn.clicked.connect(lambda: self.move(1))
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for b in (self.add_criterion_btn, self.add_indicator_btn, self.delete_btn, self.up_btn, self.down_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        return panel

    def _scrolled(self, widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(widget)
        return area

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(7)
        form.setHorizontalSpacing(10)
        return form

    def _editor(self, widget, name: str | None = None):
        """Remember an input (made read-only for a decided set); a points/date field with ``name``
        is checked before saving."""
        self._editors.append(widget)
        if name is not None:
            self._checked_fields.append((widget, name))
        return widget

    def _build_node_form(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(10, 8, 10, 8)
        self.node_heading = QLabel()
        self.node_heading.setStyleSheet("font-weight:bold")
        lay.addWidget(self.node_heading)
        self.node_form = form = self._form()

        self.code_edit = self._editor(QLineEdit())
        self.code_edit.setMaximumWidth(160)
        self.code_edit.textEdited.connect(self._on_code_edited)
        self.title_edit = self._editor(QLineEdit())
        self.title_edit.textEdited.connect(self._on_title_edited)
        self.guidance_edit = self._editor(QPlainTextEdit())
        self.guidance_edit.setTabChangesFocus(True)
        self.guidance_edit.setPlaceholderText(_("Cách chấm điểm, cần minh chứng gì"))
        self.guidance_edit.setFixedHeight(self.guidance_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.guidance_edit.textChanged.connect(self._on_guidance_changed)
        self.max_edit = self._editor(PointsEdit(), _("Điểm tối đa"))
        self.max_edit.textEdited.connect(self._on_max_edited)
        self.floor_edit = self._editor(PointsEdit(_("không có")), _("Điểm sàn"))
        self.floor_edit.textEdited.connect(self._on_floor_edited)
        self.floor_message = FieldMessage()
        self.mandatory_box = self._editor(QCheckBox(_("Chỉ số bắt buộc: phải đạt điểm sàn (không có sàn thì "
                                                       "điểm tối đa) dù tổng điểm cao")))
        self.mandatory_box.toggled.connect(self._on_mandatory_toggled)
        self.status_box = self._editor(choice_combo(INDICATOR_STATUSES))
        self.status_box.currentIndexChanged.connect(self._on_status_changed)

        self.code_label = required_label(_("Mã"))
        self.status_box.setMinimumWidth(240)
        self.status_part = _row(QLabel(_("Mức đối chiếu")), self.status_box)
        self.status_part.layout().setContentsMargins(16, 0, 0, 0)
        form.addRow(self.code_label, _row(self.code_edit, self.status_part))
        self.title_label = required_label(_("Nội dung"))
        form.addRow(self.title_label, self.title_edit)
        form.addRow(_("Hướng dẫn chấm"), self.guidance_edit)
        self.crit_hint = _hint(_("bằng tổng điểm các chỉ số của tiêu chí"))
        self.floor_part = _row(QLabel(_("Điểm sàn")), self.floor_edit,
                               _hint(_("để trống nếu không quy định"), wrap=False))
        self.floor_part.layout().setContentsMargins(16, 0, 0, 0)
        self.max_row = QWidget()
        fl = QVBoxLayout(self.max_row)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.setSpacing(2)
        line = _row(self.max_edit, self.crit_hint, self.floor_part)
        fl.addWidget(line)
        fl.addWidget(self.floor_message)
        form.addRow(required_label(_("Điểm tối đa")), self.max_row)
        form.addRow("", self.mandatory_box)
        lay.addLayout(form)

        self.derivation_group = QGroupBox(_("Tính từ dữ liệu của chương trình"))
        dl = QVBoxLayout(self.derivation_group)
        dl.setSpacing(6)
        kind_form = self._form()
        self.kind_box = self._editor(QComboBox())
        self.kind_box.currentIndexChanged.connect(self._on_kind_changed)
        kind_form.addRow(_("Cách tính"), self.kind_box)
        dl.addLayout(kind_form)
        self.derivation_detail = QWidget()
        dd = QVBoxLayout(self.derivation_detail)
        dd.setContentsMargins(0, 0, 0, 0)
        tables = QHBoxLayout()
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(QLabel(_("Tham số (để trống: mặc định)")))
        self.params_table = self._editor(_table([_("Tham số"), _("Giá trị")], 0, 2))
        self.params_table.setFixedHeight(self.params_table.minimumHeight() + 10)
        self.params_table.itemChanged.connect(self._on_derivation_item_changed)
        left.addWidget(self.params_table)
        left.addWidget(QLabel(_("Điểm khi không có ai để tính")))
        self.empty_edit = self._editor(PointsEdit(_("điểm tối đa")), _("Điểm khi không có ai để tính"))
        self.empty_edit.setToolTip(_("Ví dụ hộ không có trẻ trong độ tuổi; để trống: điểm tối đa của chỉ số"))
        self.empty_edit.textEdited.connect(self._on_derivation_item_changed)
        left.addWidget(_row(self.empty_edit, _hint(_("để trống: điểm tối đa"))))
        left.addStretch(1)
        tables.addLayout(left, 2)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(QLabel(_("Quy đổi tỷ lệ (%) ra điểm — lấy khoảng đầu tiên phù hợp")))
        self.bands_table = self._editor(_table([_("Từ (%)"), _("Đến (%)"), _("Điểm")], 2, 3))
        self.bands_table.itemChanged.connect(self._on_derivation_item_changed)
        self.add_band_btn = self._editor(_small_button(_("Thêm"), "add", _("Thêm khoảng quy đổi")))
        self.add_band_btn.clicked.connect(self._on_add_band_clicked)
        self.remove_band_btn = self._editor(_small_button(_("Xóa"), "delete", _("Xóa khoảng quy đổi đang chọn")))
        self.remove_band_btn.clicked.connect(self._on_remove_band_clicked)
        band_row = QHBoxLayout()
        band_row.addWidget(self.bands_table, 1)
        band_buttons = QVBoxLayout()
        band_buttons.addWidget(self.add_band_btn)
        band_buttons.addWidget(self.remove_band_btn)
        band_buttons.addStretch(1)
        band_row.addLayout(band_buttons)
        right.addLayout(band_row)
        right.addStretch(1)
        tables.addLayout(right, 3)
        dd.addLayout(tables)
        dl.addWidget(self.derivation_detail)
        lay.addWidget(self.derivation_group)
        lay.addStretch(1)

        for a, b in ((self.code_edit, self.status_box), (self.status_box, self.title_edit), (self.title_edit, self.guidance_edit),
                     (self.guidance_edit, self.max_edit), (self.max_edit, self.floor_edit),
                     (self.floor_edit, self.mandatory_box), (self.mandatory_box, self.kind_box), (self.kind_box, self.params_table),
                     (self.params_table, self.empty_edit), (self.empty_edit, self.bands_table),
                     (self.bands_table, self.add_band_btn), (self.add_band_btn, self.remove_band_btn)):
            QWidget.setTabOrder(a, b)
        return page

    def _build_header_form(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(10, 8, 10, 8)
        form = self._form()
        self.name_edit = self._editor(QLineEdit())
        self.name_edit.textEdited.connect(self._changed)
        self.set_code_edit = self._editor(QLineEdit())
        self.set_code_edit.setMinimumWidth(320)
        self.set_code_edit.setPlaceholderText(_("ví dụ: SL-2026-GDHT"))
        self.set_code_edit.textEdited.connect(self._changed)
        self.version_spin = self._editor(QSpinBox())
        self.version_spin.setRange(1, 999)
        self.version_spin.valueChanged.connect(self._changed)
        self.title_box = self._editor(choice_combo(list(TITLE_NAMES.items())))
        self.title_box.currentIndexChanged.connect(self._on_title_box_changed)
        self.group_box = self._editor(choice_combo(list(TARGET_GROUPS.items()), _("Không chia nhóm")))
        self.group_box.currentIndexChanged.connect(self._changed)
        self.issuing_doc_edit = self._editor(QLineEdit())
        self.issuing_doc_edit.setPlaceholderText(_("ví dụ: Quyết định 324/QĐ-KHVN ngày 25/10/2023"))
        self.issuing_doc_edit.textEdited.connect(self._changed)
        self.issuing_date_edit = self._editor(DayEdit(), _("Ngày ban hành"))
        self.issuing_date_edit.textEdited.connect(self._changed)
        self.valid_from_edit = self._editor(DayEdit(), _("Hiệu lực từ ngày"))
        self.valid_from_edit.textEdited.connect(self._changed)
        self.valid_to_edit = self._editor(DayEdit(), _("Hiệu lực đến ngày"))
        self.valid_to_edit.textEdited.connect(self._changed)
        self.province_edit = self._editor(QLineEdit())
        self.province_edit.setPlaceholderText(_("để trống nếu là bộ tiêu chí của Trung ương Hội"))
        self.province_edit.textEdited.connect(self._changed)
        self.total_edit = self._editor(PointsEdit(), _("Tổng điểm của bộ"))
        self.total_edit.textEdited.connect(self._changed)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.confirm_btn = _small_button(_("Xác nhận đã đối chiếu…"), "ok",
                                         _("Ghi nhận người đã đối chiếu bộ tiêu chí mẫu với hướng dẫn của tỉnh"))
        self.confirm_btn.clicked.connect(self.confirm_sample)
        self.notes_edit = self._editor(QPlainTextEdit())
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.notes_edit.textChanged.connect(self._changed)
        self.sources_edit = self._editor(QPlainTextEdit())
        self.sources_edit.setTabChangesFocus(True)
        self.sources_edit.setFixedHeight(52)
        self.sources_edit.setPlaceholderText(_("mỗi dòng một nguồn (văn bản, địa chỉ trang web)"))
        self.sources_edit.textChanged.connect(self._changed)

        form.addRow(required_label(_("Tên bộ tiêu chí")), self.name_edit)
        form.addRow(required_label(_("Mã bộ")), _row(self.set_code_edit, QLabel(_("Phiên bản")), self.version_spin))
        form.addRow(required_label(_("Danh hiệu")), self.title_box)
        self.group_box.setMinimumWidth(340)
        self.group_hint = _hint(_("chỉ bộ Công dân học tập chia theo nhóm (QĐ 324/QĐ-KHVN)"))
        form.addRow(_("Nhóm đối tượng"), _row(self.group_box, self.group_hint))
        doc_row = QWidget()
        dr = QHBoxLayout(doc_row)
        dr.setContentsMargins(0, 0, 0, 0)
        dr.addWidget(self.issuing_doc_edit, 1)
        dr.addWidget(QLabel(_("ngày")))
        dr.addWidget(self.issuing_date_edit)
        form.addRow(_("Văn bản ban hành"), doc_row)
        form.addRow(_("Hiệu lực"), _row(QLabel(_("từ")), self.valid_from_edit, QLabel(_("đến")), self.valid_to_edit,
                                         _hint(_("để trống nếu chưa hết hiệu lực"), wrap=False)))
        form.addRow(_("Tỉnh vận dụng"), self.province_edit)
        form.addRow(required_label(_("Tổng điểm của bộ")), self.total_edit)
        status = QWidget()
        sl = QVBoxLayout(status)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(_row(self.status_label, self.confirm_btn))
        form.addRow(_("Tình trạng"), status)
        form.addRow(_("Ghi chú"), self.notes_edit)
        form.addRow(_("Nguồn"), self.sources_edit)
        lay.addLayout(form)
        lay.addStretch(1)
        return page

    def _build_rule_form(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(10, 8, 10, 8)
        form = self._form()
        self.rule_kind_box = self._editor(choice_combo(RULE_NAMES))
        self.rule_kind_box.currentIndexChanged.connect(self._on_rule_kind_changed)
        form.addRow(_("Cách xét đạt"), self.rule_kind_box)
        lay.addLayout(form)

        self.rule_pages: list[QWidget] = []  # one per rule kind; only the current one is shown
        # points threshold
        p = QWidget()
        pf = self._form()
        pf.setContentsMargins(0, 0, 0, 0)
        p.setLayout(pf)
        self.min_total_edit = self._editor(PointsEdit(), _("Tổng điểm tối thiểu để đạt"))
        self.min_total_edit.textEdited.connect(self._changed)
        self.min_each_edit = self._editor(PointsEdit(_("không có")), _("Điểm tối thiểu mỗi chỉ số"))
        self.min_each_edit.textEdited.connect(self._changed)
        pf.addRow(required_label(_("Tổng điểm tối thiểu để đạt")), self.min_total_edit)
        pf.addRow(_("Điểm tối thiểu mỗi chỉ số"),
                  _row(self.min_each_edit, _hint(_("để trống nếu không quy định; điểm sàn của chỉ số được ưu tiên"))))
        self.rule_pages.append(p)
        # all targets (levels)
        a = QWidget()
        al = QVBoxLayout(a)
        al.setContentsMargins(0, 0, 0, 0)
        al.addWidget(_hint(_("Mỗi chỉ số phải đạt điểm sàn (không có sàn thì điểm tối đa). Có thể chia mức độ: mức "
                             "cao nhất mà mọi chỉ tiêu đều đạt là kết quả; đạt mức đầu tiên là được công nhận. "
                             "Chỉ tiêu ghi “mã chỉ số: điểm”, cách nhau bởi dấu chấm phẩy.")))
        self.levels_table = self._editor(_table([_("Mã mức"), _("Tên mức"), _("Chỉ tiêu (ví dụ TC1.1: 1; TC2.1: 2)")],
                                                2, 3))
        self.levels_table.itemChanged.connect(self._changed)
        self.add_level_btn = self._editor(_small_button(_("Thêm"), "add", _("Thêm mức")))
        self.add_level_btn.clicked.connect(lambda: self._add_table_row(self.levels_table, ["", "", ""]))
        self.remove_level_btn = self._editor(_small_button(_("Xóa"), "delete", _("Xóa mức đang chọn")))
        self.remove_level_btn.clicked.connect(lambda: self._remove_table_row(self.levels_table))
        al.addLayout(_with_buttons(self.levels_table, self.add_level_btn, self.remove_level_btn))
        self.rule_pages.append(a)
        # grading bands
        g = QWidget()
        gl = QVBoxLayout(g)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.addWidget(_hint(_("Loại là mức có “từ tổng điểm” cao nhất mà đối tượng đạt; đánh dấu các loại được công "
                             "nhận.")))
        self.grades_table = self._editor(_table([_("Từ tổng điểm"), _("Xếp loại"), _("Được công nhận")], 1, 4))
        self.grades_table.itemChanged.connect(self._changed)
        self.add_grade_btn = self._editor(_small_button(_("Thêm"), "add", _("Thêm loại")))
        self.add_grade_btn.clicked.connect(self._on_add_grade_clicked)
        self.remove_grade_btn = self._editor(_small_button(_("Xóa"), "delete", _("Xóa loại đang chọn")))
        self.remove_grade_btn.clicked.connect(lambda: self._remove_table_row(self.grades_table))
        gl.addLayout(_with_buttons(self.grades_table, self.add_grade_btn, self.remove_grade_btn))
        self.rule_pages.append(g)
        for page_widget in self.rule_pages:
            lay.addWidget(page_widget)

        nf = self._form()
        self.rule_notes_edit = self._editor(QLineEdit())
        self.rule_notes_edit.textEdited.connect(self._changed)
        nf.addRow(_("Ghi chú về quy tắc"), self.rule_notes_edit)
        lay.addLayout(nf)

        pre = QGroupBox(_("Điều kiện tiên quyết"))
        pl = QVBoxLayout(pre)
        pl.addWidget(_hint(_("Mỗi điều kiện được đánh dấu đạt hoặc không đạt cho từng đối tượng; phải đạt hết mới "
                             "được công nhận.")))
        self.preconditions_table = self._editor(_table([_("Mã"), _("Nội dung")], 1, 3))
        self.preconditions_table.itemChanged.connect(self._changed)
        self.add_pre_btn = self._editor(_small_button(_("Thêm"), "add", _("Thêm điều kiện")))
        self.add_pre_btn.clicked.connect(lambda: self._add_table_row(self.preconditions_table, ["", ""]))
        self.remove_pre_btn = self._editor(_small_button(_("Xóa"), "delete", _("Xóa điều kiện đang chọn")))
        self.remove_pre_btn.clicked.connect(lambda: self._remove_table_row(self.preconditions_table))
        pl.addLayout(_with_buttons(self.preconditions_table, self.add_pre_btn, self.remove_pre_btn))
        lay.addWidget(pre)
        lay.addStretch(1)
        return page

    def _build_points_check(self) -> QWidget:
        frame = QFrame()
        frame.setObjectName("pointsCheck")
        frame.setStyleSheet("QFrame#pointsCheck { background: #ffffff; border: 1px solid #cfd8dc; border-radius: 4px; }")
        lay = QHBoxLayout(frame)
        lay.setContentsMargins(10, 6, 10, 6)
        title = QLabel(_("Kiểm tra điểm"))
        title.setStyleSheet("font-weight:bold; border:none")
        title.setAlignment(Qt.AlignmentFlag.AlignTop)
        lay.addWidget(title)
        col = QVBoxLayout()
        col.setSpacing(2)
        self.points_label = QLabel()
        self.points_label.setTextFormat(Qt.TextFormat.RichText)
        self.points_label.setWordWrap(True)
        self.points_label.setStyleSheet("border:none")
        self.total_label = QLabel()
        self.total_label.setStyleSheet("border:none")
        col.addWidget(self.points_label)
        col.addWidget(self.total_label)
        lay.addLayout(col, 1)
        return frame

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.import_btn = _small_button(_("Nhập từ tệp…"), "import-excel", _("Nhập bộ tiêu chí tỉnh gửi (tệp .json)"))
        self.import_btn.clicked.connect(lambda: self.import_file())
        self.export_btn = _small_button(_("Xuất ra tệp…"), "export-excel", _("Xuất bộ tiêu chí ra tệp .json"))
        self.export_btn.clicked.connect(lambda: self.export_file())
        row.addWidget(self.import_btn)
        row.addWidget(self.export_btn)
        row.addStretch(1)
        self.save_new_btn = _small_button(_("Lưu thành bộ mới…"), "folder",
                                          _("Lưu thành phiên bản mới, có hiệu lực từ ngày chọn; bộ hiện tại giữ nguyên"))
        self.save_new_btn.clicked.connect(lambda: self.save_as_new())
        self.save_btn = QPushButton(icon("save", "#ffffff"), _("Lưu"))
        self.save_btn.setObjectName("primary")
        self.save_btn.setAutoDefault(False)
        self.save_btn.setToolTip(_("Lưu (Ctrl+S)"))
        self.save_btn.clicked.connect(self.save)
        self.close_btn = _small_button(_("Đóng"), None, _("Đóng (Esc)"))
        self.close_btn.clicked.connect(self.reject)
        row.addWidget(self.save_new_btn)
        row.addWidget(self.save_btn)
        row.addWidget(self.close_btn)
        return row

    def _fit_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        width, height = 1300, 720
        if avail is not None:
            width, height = min(width, avail.width() - 40), min(height, avail.height() - 40)
        self.resize(width, height)

    # ------------------------------------------------------------ loading

    def _load(self, set_id: int | None, document: dict | None) -> None:
        self._loading = True
        try:
            if set_id is not None:
                self.doc = criteria_sets.get_document(self.ctx.db, set_id)
                self.info = criteria_sets.get_set(self.ctx.db, set_id)[0]
                self.read_only = _used_by_decision(self.ctx, set_id)
            else:
                self.doc = copy.deepcopy(document) if document is not None else blank_document(self.ctx.year)
                self.info = None
                self.read_only = False
            self.set_id = set_id
            self._fill_header()
            self._fill_rule()
            self._rebuild_tree((0, -1) if self.doc.get("criteria") else None)
        finally:
            self._loading = False
        self._apply_read_only()
        self._show_banner()
        self._refresh_check()
        self.mark_clean()
        self.tree.setFocus()

    def _fill_header(self) -> None:
        d = self.doc
        self.name_edit.setText(d.get("name_vi") or "")
        self.set_code_edit.setText(d.get("code") or "")
        self.version_spin.setValue(int(d.get("version") or 1))
        set_combo_data(self.title_box, d.get("title_code") or "GDHT")
        set_combo_data(self.group_box, d.get("target_group") or "")
        self._update_group_box()
        self.issuing_doc_edit.setText(d.get("issuing_document") or "")
        self.issuing_date_edit.setText(day_text(d.get("issuing_date")))
        self.valid_from_edit.setText(day_text(d.get("valid_from")))
        self.valid_to_edit.setText(day_text(d.get("valid_to")))
        self.province_edit.setText(d.get("province") or "")
        self.total_edit.set_value(d.get("total_points"))
        self.notes_edit.setPlainText(d.get("notes") or "")
        self.sources_edit.setPlainText("\n".join(d.get("sources") or ()))
        for edit in (self.name_edit, self.issuing_doc_edit, self.province_edit):
            edit.setCursorPosition(0)

    def _fill_rule(self) -> None:
        rule = self.doc.get("pass_rule") or {}
        kind = rule.get("kind") or "points_threshold"
        set_combo_data(self.rule_kind_box, kind)
        self._show_rule_page(self.rule_kind_box.currentIndex())
        self.min_total_edit.set_value(rule.get("min_total"))
        self.min_each_edit.set_value(rule.get("min_each"))
        self.rule_notes_edit.setText(rule.get("notes") or "")
        self.levels_table.setRowCount(0)
        for lv in rule.get("levels") or ():
            targets = "; ".join(f"{k}: {edit_text(v)}" for k, v in (lv.get("targets") or {}).items())
            self._add_table_row(self.levels_table, [lv.get("code", ""), lv.get("name_vi", ""), targets], focus=False)
        self.grades_table.setRowCount(0)
        passing = set(rule.get("passing_grades") or ())
        for b in rule.get("bands") or ():
            self._add_grade_row(edit_text(b.get("min_total")), b.get("grade_vi", ""), b.get("grade_vi") in passing)
        self.preconditions_table.setRowCount(0)
        for p in self.doc.get("preconditions") or ():
            self._add_table_row(self.preconditions_table, [p.get("code", ""), p.get("title_vi", "")], focus=False)

    def _show_banner(self) -> None:
        d = self.doc
        name = d.get("name_vi") or _("Bộ tiêu chí mới")
        self.heading.setText(name)
        parts = [title_name(d.get("title_code") or "")]
        if d.get("code"):
            parts.append(_("mã {code}, phiên bản {v}").format(code=d["code"], v=d.get("version", 1)))
        if d.get("valid_from") or d.get("valid_to"):
            parts.append(_("hiệu lực {start} – {end}").format(start=day_text(d.get("valid_from")) or "…",
                                                              end=day_text(d.get("valid_to")) or "…"))
        self.subheading.setText(" · ".join(p for p in parts if p))
        self.setWindowTitle(_("Bộ tiêu chí: {name}").format(name=name))
        text, color = self._status_text()
        self.status_badge.setText(text)
        self.status_badge.setStyleSheet(f"color:{color}; font-weight:bold")
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color:{color}")
        self.confirm_btn.setVisible(bool(self.info and self.info.needs_confirmation) and not self.read_only)
        if self.read_only:
            self.lock_message.setText(_("Bộ tiêu chí này đã được dùng trong quyết định công nhận nên không sửa được. "
                                        "Bấm “Lưu thành bộ mới…” để tạo phiên bản mới rồi sửa phiên bản đó."))
        self.lock_message.setVisible(self.read_only)

    def _status_text(self) -> tuple[str, str]:
        status = self.doc.get("status") or ""
        if self.info is not None:
            label = self.info.label or _(STATUSES.get(status, status))
            if status == "sample":
                return ("⚠ " + label, AMBER) if self.info.needs_confirmation else ("✓ " + label, GREEN)
        else:
            label = _(STATUSES.get(status, status))
            if status == "sample":
                return "⚠ " + label, AMBER
        if status == "verified":
            return "✓ " + label, GREEN
        return ("⚠ " + label, AMBER) if label else ("", MUTED)

    def _apply_read_only(self) -> None:
        ro = self.read_only
        for w in self._editors:
            if isinstance(w, QLineEdit | QPlainTextEdit):
                w.setReadOnly(ro)
            elif isinstance(w, QTableWidget):
                w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if ro else
                                  QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
            elif isinstance(w, QSpinBox):
                w.setReadOnly(ro)
            else:
                w.setEnabled(not ro)
        for b in (self.add_criterion_btn, self.add_indicator_btn, self.delete_btn, self.up_btn, self.down_btn,
                  self.save_btn):
            b.setEnabled(not ro)
        self.save_btn.setVisible(not ro)  # the accent style would make a disabled Save look usable
        self._update_group_box()

    # ------------------------------------------------------------ the tree

    def _criteria(self) -> list[dict]:
        return self.doc.setdefault("criteria", [])

    def _node_dict(self, node: tuple[int, int] | None = None) -> dict | None:
        node = node if node is not None else self._node
        if node is None:
            return None
        ci, ii = node
        crits = self._criteria()
        if not 0 <= ci < len(crits):
            return None
        if ii < 0:
            return crits[ci]
        inds = crits[ci].setdefault("indicators", [])
        return inds[ii] if 0 <= ii < len(inds) else None

    @staticmethod
    def _node_text(d: dict) -> str:
        title = d.get("title_vi") or _("(chưa có nội dung)")
        code = d.get("code") or "?"
        return f"{code} — {title}"

    def _rebuild_tree(self, select: tuple[int, int] | None) -> None:
        was_loading, self._loading = self._loading, True
        try:
            self.model.removeRows(0, self.model.rowCount())
            bold = QFont()
            bold.setBold(True)
            for ci, c in enumerate(self._criteria()):
                item = QStandardItem(self._node_text(c))
                item.setData(ci, CI_ROLE)
                item.setData(-1, II_ROLE)
                item.setFont(bold)
                item.setToolTip(c.get("title_vi") or "")
                points = QStandardItem()
                points.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                for ii, i in enumerate(c.get("indicators") or ()):
                    child = QStandardItem(self._node_text(i))
                    child.setData(ci, CI_ROLE)
                    child.setData(ii, II_ROLE)
                    child.setToolTip(i.get("title_vi") or "")
                    child_points = QStandardItem()
                    child_points.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    item.appendRow([child, child_points])
                self.model.appendRow([item, points])
            self.tree.expandAll()
            self._refresh_tree_points()
        finally:
            self._loading = was_loading
        if select is not None:
            self.select_node(*select)
        else:
            self._node = None
            self._show_node()

    def _items(self, ci: int, ii: int) -> tuple[QStandardItem, QStandardItem] | None:
        crit = self.model.item(ci, 0)
        if crit is None:
            return None
        if ii < 0:
            return crit, self.model.item(ci, 1)
        if ii >= crit.rowCount():
            return None
        return crit.child(ii, 0), crit.child(ii, 1)

    def _refresh_tree_points(self) -> None:
        check = criteria_sets.points_check(self._safe_points_doc())
        for ci, c in enumerate(self._criteria()):
            items = self._items(ci, -1)
            if items is None:
                continue
            cc = check.criteria[ci] if ci < len(check.criteria) else None
            if cc is not None and not cc.ok:
                items[1].setText(f"{points_text(cc.indicators_sum)}/{points_text(cc.max_points)} ✗")
                items[1].setForeground(QBrush(QColor(RED)))
                items[1].setToolTip(_("Tổng điểm các chỉ số khác điểm tối đa của tiêu chí."))
            else:
                items[1].setText(edit_text(c.get("max_points")) or "—")
                items[1].setForeground(QBrush())
                items[1].setToolTip("")
            for ii, i in enumerate(c.get("indicators") or ()):
                child = self._items(ci, ii)
                if child is None:
                    continue
                marks = []
                if i.get("mandatory"):
                    marks.append(_("bắt buộc"))
                if i.get("derivation"):
                    marks.append(_("tính từ dữ liệu"))
                text = edit_text(i.get("max_points")) if isinstance(i.get("max_points"), int | float) else "—"
                child[1].setText(text)
                child[1].setToolTip(", ".join(marks))

    def select_node(self, ci: int, ii: int = -1) -> None:
        """Select criterion ``ci`` (``ii`` = -1) or its indicator ``ii`` in the tree and show its form."""
        items = self._items(ci, ii)
        if items is None:
            return
        index = self.model.indexFromItem(items[0])
        self._node = (ci, ii)
        was_loading, self._loading = self._loading, True
        try:
            self.tree.setCurrentIndex(index)
        finally:
            self._loading = was_loading
        self.tree.scrollTo(index)
        self._show_node()

    def current_node(self) -> tuple[int, int] | None:
        return self._node

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        if not current.isValid():
            self._node = None
        else:
            first = current.siblingAtColumn(0)
            self._node = (int(first.data(CI_ROLE)), int(first.data(II_ROLE)))
        self._show_node()

    # ------------------------------------------------------------ the node form

    def _show_node(self) -> None:
        d = self._node_dict()
        is_indicator = d is not None and self._node[1] >= 0
        was_loading, self._loading = self._loading, True
        try:
            for w in (self.code_edit, self.title_edit, self.max_edit):
                w.setEnabled(d is not None)
            if d is None:
                self.node_heading.setText(_("Chưa chọn tiêu chí hay chỉ số nào. Bấm “Thêm tiêu chí” để bắt đầu."))
                for w in (self.code_edit, self.title_edit, self.max_edit):
                    w.clear()
            else:
                ci = self._node[0]
                crit = self._criteria()[ci]
                if is_indicator:
                    self.node_heading.setText(_("Chỉ số {code} thuộc tiêu chí {crit}").format(
                        code=d.get("code") or "?", crit=crit.get("code") or "?"))
                else:
                    self.node_heading.setText(_("Tiêu chí {code}").format(code=d.get("code") or "?"))
                self.code_edit.setText(d.get("code") or "")
                self.title_edit.setText(d.get("title_vi") or "")
                self.title_edit.setCursorPosition(0)
                self.max_edit.set_value(d.get("max_points"))
            self.title_label.setText(required_label(_("Nội dung") if is_indicator else _("Tên tiêu chí")).text())
            self.crit_hint.setVisible(d is not None and not is_indicator)
            for w in (self.guidance_edit, self.mandatory_box):
                self.node_form.setRowVisible(w, is_indicator)
            self.status_part.setVisible(is_indicator)
            self.floor_part.setVisible(is_indicator)
            self.derivation_group.setVisible(is_indicator)
            if is_indicator:
                self.guidance_edit.setPlainText(d.get("guidance_vi") or "")
                self.floor_edit.set_value(d.get("floor"))
                self.mandatory_box.setChecked(bool(d.get("mandatory")))
                set_combo_data(self.status_box, d.get("status") or "")
                self._fill_derivation(d)
                self._check_floor()
        finally:
            self._loading = was_loading

    def _fill_derivation(self, d: dict) -> None:
        der = d.get("derivation") or {}
        kind = der.get("kind") or ""
        subject = SUBJECT_KINDS.get(self.title_box.currentData() or "", "")
        known = derivations.kinds()
        self.kind_box.clear()
        self.kind_box.addItem(_("Không — người đánh giá chấm điểm"), "")
        for name, subjects in known.items():
            if subject in subjects:
                self.kind_box.addItem(_(derivations.get_kind(name).title_vi), name)
        if kind and self.kind_box.findData(kind) < 0:
            label = _(derivations.get_kind(kind).title_vi) if kind in known else kind
            self.kind_box.addItem(_("{kind} (không dùng được cho danh hiệu này)").format(kind=label), kind)
        set_combo_data(self.kind_box, kind)
        self._fill_params(kind, der.get("params") or {})
        self.bands_table.setRowCount(0)
        for b in der.get("bands") or ():
            self._add_table_row(self.bands_table, [edit_text(b.get("min")), edit_text(b.get("max")),
                                                   edit_text(b.get("points"))], focus=False)
        self.empty_edit.set_value(der.get("empty_points"))
        self.derivation_detail.setVisible(bool(kind))

    def _fill_params(self, kind: str, params: dict) -> None:
        self.params_table.setRowCount(0)
        keys = list(KIND_PARAMS.get(kind, ()))
        keys += [k for k in params if k not in keys]
        for key in keys:
            r = self.params_table.rowCount()
            self.params_table.insertRow(r)
            name = QTableWidgetItem(_(PARAM_LABELS[key]) if key in PARAM_LABELS else key)
            name.setData(KEY_ROLE, key)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.params_table.setItem(r, 0, name)
            self.params_table.setItem(r, 1, QTableWidgetItem(edit_text(params.get(key))))

    def _write_derivation(self) -> None:
        d = self._node_dict()
        if d is None or self._node[1] < 0:
            return
        kind = self.kind_box.currentData() or ""
        if not kind:
            d.pop("derivation", None)
            return
        old = d.get("derivation") or {}
        der: dict = {"kind": kind}
        params = {}
        for r in range(self.params_table.rowCount()):
            key = self.params_table.item(r, 0).data(KEY_ROLE)
            text = _cell(self.params_table, r, 1)
            if text:
                value = _number_or_text(text)
                params[key] = value
        if params or "params" in old:
            der["params"] = params
        der["bands"] = [{"min": _number_or_text(_cell(self.bands_table, r, 0)),
                         "max": _number_or_text(_cell(self.bands_table, r, 1)),
                         "points": _number_or_text(_cell(self.bands_table, r, 2))}
                        for r in range(self.bands_table.rowCount())]
        try:
            empty = _json_number(self.empty_edit.value())
        except ValueError:
            empty = self.empty_edit.text()
        if "empty_points" in old:
            der["empty_points"] = empty
        else:
            _put(der, "empty_points", empty, None)
        d["derivation"] = der

    def _update_item(self) -> None:
        if self._node is None:
            return
        items = self._items(*self._node)
        d = self._node_dict()
        if items is not None and d is not None:
            items[0].setText(self._node_text(d))
            items[0].setToolTip(d.get("title_vi") or "")

    def _on_code_edited(self, text: str) -> None:
        d = self._node_dict()
        if d is None or self._loading:
            return
        d["code"] = text.strip()
        self._update_item()
        self._changed()

    def _on_title_edited(self, text: str) -> None:
        d = self._node_dict()
        if d is None or self._loading:
            return
        d["title_vi"] = nfc(text)
        self._update_item()
        self._changed()

    def _on_guidance_changed(self) -> None:
        d = self._node_dict()
        if d is None or self._loading or self._node[1] < 0:
            return
        _put(d, "guidance_vi", _text(self.guidance_edit.toPlainText()), "")
        self._changed()

    def _on_max_edited(self, _text: str) -> None:
        d = self._node_dict()
        if d is None or self._loading:
            return
        try:
            d["max_points"] = _json_number(self.max_edit.value())
        except ValueError:
            d["max_points"] = None
        self._check_floor()
        self._changed()

    def _on_floor_edited(self, _text: str) -> None:
        d = self._node_dict()
        if d is None or self._loading:
            return
        try:
            value = _json_number(self.floor_edit.value())
        except ValueError:
            value = self.floor_edit.text()
        _put(d, "floor", value, None)
        self._check_floor()
        self._changed()

    def _check_floor(self) -> None:
        """Say at once, under the field, when the floor is above the maximum."""
        problems = []
        if self._node is not None and self._node[1] >= 0:
            try:
                floor, top = self.floor_edit.value(), self.max_edit.value()
            except ValueError:
                floor = top = None
            if floor is not None and top is not None and floor > top:
                problems.append(Problem("floor", _("Điểm sàn {floor} lớn hơn điểm tối đa {max}.").format(
                    floor=points_text(floor), max=points_text(top))))
        self.floor_message.show_problems(problems)
        mark_invalid(self.floor_edit, bool(problems))

    def _on_mandatory_toggled(self, checked: bool) -> None:
        d = self._node_dict()
        if d is None or self._loading:
            return
        _put(d, "mandatory", bool(checked), False)
        self._changed()

    def _on_status_changed(self, _index: int) -> None:
        d = self._node_dict()
        if d is None or self._loading:
            return
        status = self.status_box.currentData() or ""
        if status:
            d["status"] = status
        else:
            d.pop("status", None)
        self._changed()

    def _on_kind_changed(self, _index: int) -> None:
        if self._loading:
            return
        kind = self.kind_box.currentData() or ""
        d = self._node_dict()
        old = (d or {}).get("derivation") or {}
        self._loading = True
        try:
            self._fill_params(kind, old.get("params") or {})
            if kind and self.bands_table.rowCount() == 0:
                self._add_table_row(self.bands_table, ["", "", ""], focus=False)
        finally:
            self._loading = False
        self.derivation_detail.setVisible(bool(kind))
        self._write_derivation()
        self._changed()

    def _on_derivation_item_changed(self, *_args) -> None:
        if self._loading:
            return
        self._write_derivation()
        self._changed()

    def _on_add_band_clicked(self) -> None:
        self._add_table_row(self.bands_table, ["", "", ""])
        self._write_derivation()
        self._changed()

    def _on_remove_band_clicked(self) -> None:
        self._remove_table_row(self.bands_table)
        self._write_derivation()
        self._changed()

    # ------------------------------------------------------------ tables of the rule

    def _add_table_row(self, table: QTableWidget, cells: list[str], focus: bool = True) -> int:
        was_loading, self._loading = self._loading, True
        try:
            r = table.rowCount()
            table.insertRow(r)
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        finally:
            self._loading = was_loading
        if focus:
            table.setFocus()
            table.setCurrentCell(r, 0)
            self._changed()
        return r

    def _remove_table_row(self, table: QTableWidget) -> None:
        r = table.currentRow()
        if r < 0:
            r = table.rowCount() - 1
        if r >= 0:
            table.removeRow(r)
            self._changed()

    def _add_grade_row(self, min_total: str, grade: str, passing: bool) -> None:
        was_loading, self._loading = self._loading, True
        try:
            r = self.grades_table.rowCount()
            self.grades_table.insertRow(r)
            self.grades_table.setItem(r, 0, QTableWidgetItem(min_total))
            self.grades_table.setItem(r, 1, QTableWidgetItem(grade))
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked if passing else Qt.CheckState.Unchecked)
            self.grades_table.setItem(r, 2, check)
        finally:
            self._loading = was_loading

    def _on_add_grade_clicked(self) -> None:
        self._add_grade_row("", "", False)
        self.grades_table.setFocus()
        self.grades_table.setCurrentCell(self.grades_table.rowCount() - 1, 0)
        self._changed()

    def _on_rule_kind_changed(self, index: int) -> None:
        self._show_rule_page(index)
        self._changed()

    def _show_rule_page(self, index: int) -> None:
        """Show the current rule's page only (a stacked widget would be as tall as the tallest)."""
        for i, page_widget in enumerate(self.rule_pages):
            page_widget.setVisible(i == max(0, index))

    def _on_title_box_changed(self, _index: int) -> None:
        self._update_group_box()
        if not self._loading:
            self._show_node()  # derivations offered depend on the title
            self._changed()

    def _update_group_box(self) -> None:
        citizens = self.title_box.currentData() == "CDHT_CONG_DAN"
        if not citizens and self.group_box.currentData():
            set_combo_data(self.group_box, "")
        self.group_box.setEnabled(citizens and not self.read_only)

    # ------------------------------------------------------------ structure

    def _current_criterion(self) -> int | None:
        if self._node is not None:
            return self._node[0]
        return len(self._criteria()) - 1 if self._criteria() else None

    def add_criterion(self) -> None:
        """A new criterion after the selected one; the cursor goes to its name."""
        if self.read_only:
            return
        crits = self._criteria()
        codes = {c.get("code") for c in crits}
        last = crits[-1].get("code", "") if crits else ""
        m = re.fullmatch(r"(.*?)(\d+)", last or "")
        prefix, start = (m[1], int(m[2]) + 1) if m else ("TC", len(crits) + 1)
        code = _next_code(codes, prefix, start)
        at = (self._node[0] + 1) if self._node is not None else len(crits)
        crits.insert(at, {"code": code, "title_vi": "", "max_points": None, "indicators": []})
        self._rebuild_tree((at, -1))
        self._after_structure_change(self.title_edit)

    def add_indicator(self) -> None:
        """A new indicator in the selected criterion (after the selected indicator, else last);
        the cursor goes to its wording."""
        if self.read_only:
            return
        ci = self._current_criterion()
        if ci is None:
            self.add_criterion()
            ci = self._current_criterion()
        crit = self._criteria()[ci]
        inds = crit.setdefault("indicators", [])
        codes = {c.get("code") for c in self._criteria()} | {
            i.get("code") for c in self._criteria() for i in c.get("indicators") or ()}
        code = _next_code(codes, f"{crit.get('code') or 'TC'}.", len(inds) + 1)
        at = self._node[1] + 1 if self._node is not None and self._node[1] >= 0 else len(inds)
        inds.insert(at, {"code": code, "title_vi": "", "max_points": None})
        self._rebuild_tree((ci, at))
        self._after_structure_change(self.title_edit)

    def _after_structure_change(self, focus: QWidget | None = None) -> None:
        self._changed()
        if focus is not None:
            self.tabs.setCurrentIndex(0)
            focus.setFocus()
            if isinstance(focus, QLineEdit):
                focus.selectAll()

    def delete_node(self) -> None:
        """Remove the selected criterion (with its indicators) or indicator, after asking."""
        if self.read_only or self._node is None:
            return
        ci, ii = self._node
        d = self._node_dict()
        if ii < 0:
            n = len(d.get("indicators") or ())
            question = _("Xóa tiêu chí {code} “{title}” cùng {n} chỉ số của nó?").format(
                code=d.get("code") or "?", title=d.get("title_vi") or "", n=n)
        else:
            question = _("Xóa chỉ số {code} “{title}”?").format(code=d.get("code") or "?", title=d.get("title_vi") or "")
        box = QMessageBox(QMessageBox.Icon.Question, _("Xóa khỏi bộ tiêu chí"), question,
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(_("Việc xóa chỉ có hiệu lực khi bấm Lưu. Nhớ chỉnh lại điểm tối đa cho khớp."))
        yes = box.addButton(_("Xóa"), QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(_("Không xóa"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        if box.clickedButton() is not yes:
            return
        crits = self._criteria()
        if ii < 0:
            crits.pop(ci)
            select = (min(ci, len(crits) - 1), -1) if crits else None
        else:
            inds = crits[ci]["indicators"]
            inds.pop(ii)
            select = (ci, min(ii, len(inds) - 1)) if inds else (ci, -1)
        self._rebuild_tree(select)
        self._after_structure_change()
        self.tree.setFocus()

    def move(self, delta: int) -> None:
        """Move the selected criterion among the criteria, or the selected indicator within its
        criterion, by ``delta`` places (-1 up, 1 down)."""
        if self.read_only or self._node is None:
            return
        ci, ii = self._node
        items = self._criteria() if ii < 0 else self._criteria()[ci].get("indicators") or []
        at = ci if ii < 0 else ii
        to = at + delta
        if not 0 <= to < len(items):
            return
        items[at], items[to] = items[to], items[at]
        self._rebuild_tree((to, -1) if ii < 0 else (ci, to))
        self._changed()
        self.tree.setFocus()

    # ------------------------------------------------------------ the document

    def document(self) -> dict:
        """The set's document as edited (what Save would store)."""
        doc = copy.deepcopy(self.doc)
        self._write_header(doc)
        self._write_rule(doc)
        return doc

    @staticmethod
    def _value(edit: PointsEdit):
        try:
            return _json_number(edit.value())
        except ValueError:
            return edit.text()

    @staticmethod
    def _day(edit: DayEdit):
        try:
            return edit.iso()
        except ValueError:
            return edit.text()

    def _write_header(self, doc: dict) -> None:
        doc["name_vi"] = nfc(self.name_edit.text())
        doc["code"] = self.set_code_edit.text().strip()
        doc["version"] = self.version_spin.value()
        doc["title_code"] = self.title_box.currentData()
        _put(doc, "target_group", self.group_box.currentData() or None, None)
        _put(doc, "issuing_document", nfc(self.issuing_doc_edit.text()), "")
        _put(doc, "issuing_date", self._day(self.issuing_date_edit), None)
        _put(doc, "valid_from", self._day(self.valid_from_edit), None)
        _put(doc, "valid_to", self._day(self.valid_to_edit), None)
        _put(doc, "province", nfc(self.province_edit.text()) or None, None)
        doc["total_points"] = self._value(self.total_edit)
        _put(doc, "notes", _text(self.notes_edit.toPlainText()), "")
        sources = [line.strip() for line in self.sources_edit.toPlainText().splitlines() if line.strip()]
        _put(doc, "sources", sources, [])

    def _write_rule(self, doc: dict) -> None:
        kind = self.rule_kind_box.currentData() or "points_threshold"
        orig = self.doc.get("pass_rule") or {}
        rule: dict = {"kind": kind}
        if orig.get("kind") == kind:
            rule.update({k: copy.deepcopy(v) for k, v in orig.items() if k in RULE_KEYS[kind] and k != "kind"})
        if kind == "points_threshold":
            rule["min_total"] = self._value(self.min_total_edit)
            _put(rule, "min_each", self._value(self.min_each_edit), None)
        elif kind == "all_targets":
            levels = []
            for r in range(self.levels_table.rowCount()):
                code, name, targets = (_cell(self.levels_table, r, c) for c in range(3))
                if code or name or targets:
                    levels.append({"code": code, "name_vi": nfc(name), "targets": self._targets(targets)})
            _put(rule, "levels", levels, [])
        else:
            bands, passing = [], []
            for r in range(self.grades_table.rowCount()):
                low, grade = _cell(self.grades_table, r, 0), nfc(_cell(self.grades_table, r, 1))
                if not (low or grade):
                    continue
                bands.append({"min_total": _number_or_text(low), "grade_vi": grade})
                item = self.grades_table.item(r, 2)
                if item is not None and item.checkState() == Qt.CheckState.Checked:
                    passing.append(grade)
            rule["bands"] = bands
            old = orig.get("passing_grades") or []
            rule["passing_grades"] = list(old) if sorted(old) == sorted(passing) else passing
        _put(rule, "notes", nfc(self.rule_notes_edit.text()), "")
        doc["pass_rule"] = rule
        pre = []
        for r in range(self.preconditions_table.rowCount()):
            code, title = _cell(self.preconditions_table, r, 0), nfc(_cell(self.preconditions_table, r, 1))
            if code or title:
                pre.append({"code": code, "title_vi": title})
        _put(doc, "preconditions", pre, [])

    @staticmethod
    def _targets(text: str) -> dict:
        out: dict = {}
        for part in re.split(r"[;\n]", text):
            if not part.strip():
                continue
            code, _sep, value = part.partition(":")
            out[code.strip()] = _number_or_text(value)
        return out

    def snapshot(self) -> dict:
        return self.document()

    def mark_clean(self) -> None:
        self._clean = self.document()

    def is_dirty(self) -> bool:
        return self.document() != self._clean

    # ------------------------------------------------------------ the live check

    def _safe_points_doc(self) -> dict:
        """The criteria and total as numbers for points_check (anything unreadable counts 0)."""
        def num(v):
            return v if isinstance(v, int | float) and not isinstance(v, bool) else 0

        try:
            total = self.total_edit.value()
        except ValueError:
            total = None
        return {"total_points": total or 0,
                "criteria": [{"code": c.get("code", ""), "max_points": num(c.get("max_points")),
                              "indicators": [{"max_points": num(i.get("max_points"))}
                                             for i in c.get("indicators") or ()]} for c in self._criteria()]}

    @staticmethod
    def _line(who: str, total: float, maximum: float) -> tuple[str, bool]:
        diff = total - maximum
        values = {"who": who, "sum": points_text(total), "max": points_text(maximum), "d": points_text(abs(diff))}
        if abs(diff) < 1e-9:
            return _("{who}: {sum}/{max} ✓").format(**values), True
        if diff < 0:
            return _("{who}: {sum}/{max} — thiếu {d} điểm").format(**values), False
        return _("{who}: {sum}/{max} — thừa {d} điểm").format(**values), False

    def _refresh_check(self) -> None:
        check = criteria_sets.points_check(self._safe_points_doc())
        lines = [self._line(_("Tổng điểm các chỉ số của {code}").format(code=c.code or "?"), c.indicators_sum,
                            c.max_points) for c in check.criteria]
        lines.append(self._line(_("Tổng điểm các tiêu chí"), check.criteria_sum, check.total_points))
        self._check_lines = lines

        def span(text: str, ok: bool) -> str:
            return (f'<span style="color:{GREEN if ok else RED}">'
                    f'{html.escape(text).replace(" ", "&nbsp;")}</span>')

        self.points_label.setText("&nbsp;&nbsp;&nbsp; ".join(span(t, ok) for t, ok in lines[:-1])
                                  or _("Chưa có tiêu chí nào."))
        text, ok = lines[-1]
        self.total_label.setText(f"<b>{span(text, ok)}</b>")
        self._refresh_tree_points()

    def points_lines(self) -> list[tuple[str, bool]]:
        """The live points check: one (text, ok) per criterion, then the set's total."""
        return list(self._check_lines)

    def _changed(self, *_args) -> None:
        if self._loading:
            return
        self.notice.hide()
        self._refresh_check()

    # ------------------------------------------------------------ saving

    def _say(self, messages: list[str]) -> None:
        """Show refusals in red under the points check (at most 8, then how many more)."""
        messages = list(dict.fromkeys(messages))  # the schema may word one problem twice
        shown = messages[:8]
        if len(messages) > 8:
            shown.append(_("… và {n} lỗi khác.").format(n=len(messages) - 8))
        self.message.show_problems([Problem("", m) for m in shown])
        if messages:
            self.notice.hide()

    def _tell(self, text: str) -> None:
        self.message.show_problems([])
        self.notice.setText("✓ " + text)
        self.notice.show()

    def form_problems(self, doc: dict | None = None) -> list[str]:
        """What the officer must fix before the service is asked: unreadable numbers and dates,
        empty names and points. The service checks the rest (sums, floors, codes, the rule)."""
        doc = doc if doc is not None else self.document()
        out = []
        for widget, name in self._checked_fields:
            if isinstance(widget, DayEdit):
                if widget.text() and not widget.is_valid():
                    out.append(_("{field}: “{text}” không phải ngày (nhập ngày/tháng/năm, ví dụ 01/01/2026).")
                               .format(field=name, text=widget.text()))
            elif isinstance(widget, PointsEdit) and widget.text() and not widget.is_valid():
                out.append(_("{field}: “{text}” không phải số.").format(field=name, text=widget.text()))
        if not doc.get("name_vi"):
            out.append(_("Hãy nhập tên bộ tiêu chí."))
        if not doc.get("code"):
            out.append(_("Hãy nhập mã bộ tiêu chí."))
        if doc.get("total_points") in (None, ""):
            out.append(_("Hãy nhập tổng điểm của bộ tiêu chí."))
        if not doc.get("criteria"):
            out.append(_("Bộ tiêu chí chưa có tiêu chí nào."))
        for c in doc.get("criteria") or ():
            code = c.get("code") or "?"
            if not c.get("code"):
                out.append(_("Có tiêu chí chưa có mã."))
            if not c.get("title_vi"):
                out.append(_("Tiêu chí {code}: hãy nhập tên tiêu chí.").format(code=code))
            if not isinstance(c.get("max_points"), int | float):
                out.append(_("Tiêu chí {code}: hãy nhập điểm tối đa.").format(code=code))
            if not c.get("indicators"):
                out.append(_("Tiêu chí {code} chưa có chỉ số nào.").format(code=code))
            for i in c.get("indicators") or ():
                icode = i.get("code") or "?"
                if not i.get("code"):
                    out.append(_("Tiêu chí {code}: có chỉ số chưa có mã.").format(code=code))
                if not i.get("title_vi"):
                    out.append(_("Chỉ số {code}: hãy nhập nội dung.").format(code=icode))
                if not isinstance(i.get("max_points"), int | float):
                    out.append(_("Chỉ số {code}: hãy nhập điểm tối đa.").format(code=icode))
                der = i.get("derivation") or {}
                for n, b in enumerate(der.get("bands") or (), start=1):
                    if not all(isinstance(b.get(k), int | float) for k in ("min", "max", "points")):
                        out.append(_("Chỉ số {code}: khoảng quy đổi dòng {n} cần đủ ba số (từ %, đến %, điểm).")
                                   .format(code=icode, n=n))
        rule = doc.get("pass_rule") or {}
        if rule.get("kind") == "points_threshold" and rule.get("min_total") in (None, ""):
            out.append(_("Quy tắc đạt: hãy nhập tổng điểm tối thiểu để đạt."))
        if rule.get("kind") == "grading_bands":
            if not rule.get("bands"):
                out.append(_("Quy tắc xếp loại: hãy thêm ít nhất một loại."))
            elif not rule.get("passing_grades"):
                out.append(_("Quy tắc xếp loại: hãy đánh dấu loại nào được công nhận."))
            for n, b in enumerate(rule.get("bands") or (), start=1):
                if not isinstance(b.get("min_total"), int | float) or not b.get("grade_vi"):
                    out.append(_("Quy tắc xếp loại: dòng {n} cần đủ tổng điểm và tên loại.").format(n=n))
        return out

    def save(self) -> bool:
        """Ctrl+S: store the set through save_set; True when stored (the dialog then closes)."""
        if self.read_only:
            self._say([_("Bộ tiêu chí đã được dùng trong quyết định công nhận; hãy bấm “Lưu thành bộ mới…”.")])
            return False
        doc = self.document()
        problems = self.form_problems(doc)
        if problems:
            self._say(problems)
            return False
        try:
            info = criteria_sets.save_set(self.ctx.db, doc, self.set_id)
        except ValidationFailed as exc:
            self._say([p.message for p in exc.problems])
            return False
        except NotFound:
            self._say([_("Bộ tiêu chí này không còn trong dữ liệu: có thể đã bị xóa.")])
            return False
        self.info, self.set_id, self.saved_id = info, info.id, info.id
        self.doc = doc
        self.mark_clean()
        self.message.show_problems([])
        self.ctx.changed(self.kind, _("Đã lưu bộ tiêu chí {name}.").format(name=info.name_vi))
        self.accept()
        return True

    def _next_version(self, code: str) -> int:
        versions = [s.version for s in criteria_sets.list_sets(self.ctx.db) if s.code == code]
        return max([*versions, int(self.doc.get("version") or 1)]) + 1

    def save_as_new(self, valid_from: date | None = None, valid_to: date | None = None) -> bool:
        """Store the set (as edited) as the next version of its code, valid from ``valid_from``
        (asked when None), and go on editing that new version. True when stored."""
        doc = self.document()
        problems = self.form_problems(doc)
        if problems:
            self._say(problems)
            return False
        version = self._next_version(doc.get("code") or "")
        if valid_from is None:
            start = date(self.ctx.year, 1, 1)
            ask = NewVersionDialog(doc.get("code") or "", version, start, doc.get("valid_to"), self)
            if ask.exec() != QDialog.DialogCode.Accepted or ask.valid_from is None:
                return False
            valid_from, valid_to = ask.valid_from, ask.valid_to
        try:
            if self.set_id is not None and not self.is_dirty():
                info = criteria_sets.copy_set(self.ctx.db, self.set_id, valid_from, valid_to)
            else:
                doc["version"] = version
                doc["valid_from"] = valid_from.isoformat()
                doc["valid_to"] = valid_to.isoformat() if valid_to else None
                info = criteria_sets.save_set(self.ctx.db, doc)
        except ValidationFailed as exc:
            self._say([p.message for p in exc.problems])
            return False
        except NotFound:
            self._say([_("Bộ tiêu chí này không còn trong dữ liệu: có thể đã bị xóa.")])
            return False
        self._load(info.id, None)
        self.saved_id = info.id
        text = _("Đã lưu thành bộ mới: {name}, phiên bản {v}, hiệu lực từ {start}.").format(
            name=info.name_vi, v=info.version, start=format_date(info.valid_from))
        self.ctx.changed(self.kind, text)
        self._tell(text)
        return True

    def confirm_sample(self, by: str | None = None) -> bool:
        """Record who checked this sample set against the province's guidance (asked when None)."""
        if self.set_id is None or self.read_only:
            return False
        if self.is_dirty():
            self._say([_("Hãy lưu các thay đổi trước khi xác nhận bộ tiêu chí.")])
            return False
        if by is None:
            by, ok = QInputDialog.getText(self, _("Xác nhận bộ tiêu chí mẫu"),
                                          _("Họ tên người đã đối chiếu bộ tiêu chí với hướng dẫn của tỉnh:"))
            if not ok:
                return False
        try:
            self.info = criteria_sets.confirm_set(self.ctx.db, self.set_id, by)
        except ValidationFailed as exc:
            self._say([p.message for p in exc.problems])
            return False
        self._show_banner()
        text = _("{by} đã xác nhận bộ tiêu chí {name}.").format(by=self.info.confirmed_by, name=self.info.name_vi)
        self.ctx.changed(self.kind, text)
        self._tell(text)
        return True

    def import_file(self, path: str | Path | None = None) -> bool:
        """Load a set file the province sent (import_set) and open it here."""
        if self.is_dirty() and not ask_discard_changes(self):
            return False
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self, _("Nhập bộ tiêu chí từ tệp"), str(Path.home()),
                                                        _("Tệp bộ tiêu chí (*.json)"))
            if not path:
                return False
        try:
            info = criteria_sets.import_set(self.ctx.db, Path(path))
        except ValidationFailed as exc:
            self._say([p.message for p in exc.problems])
            return False
        self._load(info.id, None)
        text = _("Đã nhập bộ tiêu chí {name} từ tệp {file}.").format(name=info.name_vi, file=Path(path).name)
        self.ctx.changed(self.kind, text)
        self._tell(text)
        return True

    def export_file(self, path: str | Path | None = None) -> bool:
        """Write the stored set to a .json file (export_set) another commune can import."""
        if self.set_id is None or self.is_dirty():
            self._say([_("Hãy lưu bộ tiêu chí trước khi xuất ra tệp.")])
            return False
        if path is None:
            name = f"{self.doc.get('code') or 'bo-tieu-chi'}-v{self.doc.get('version', 1)}.json"
            path, _filter = QFileDialog.getSaveFileName(self, _("Xuất bộ tiêu chí ra tệp"),
                                                        str(Path.home() / name), _("Tệp bộ tiêu chí (*.json)"))
            if not path:
                return False
        try:
            written = criteria_sets.export_set(self.ctx.db, self.set_id, Path(path))
        except OSError as exc:
            self._say([_("Không ghi được tệp {name}: {err}.").format(name=Path(path).name, err=exc.strerror or exc)])
            return False
        text = _("Đã xuất bộ tiêu chí ra tệp {name}.").format(name=written.name)
        self.ctx.status.emit(text)
        self._tell(text)
        return True

    def reject(self) -> None:
        """Esc / Đóng: ask before losing unsaved changes."""
        if self.is_dirty() and not ask_discard_changes(self):
            return
        super().reject()
