"""The household form: the household's fields on top, its members in a table, the selected
member's fields below. Built for the keyboard: Tab goes top to bottom, Ctrl+M (or Alt+T) adds a
member and puts the cursor in its name, Ctrl+S saves, Esc cancels (asking if anything changed).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import format_birth, parse_birth
from app.domain.names import split_full_name
from app.domain.reference import EDUCATION_LEVELS, RELATIONS, ethnic_groups, label_for
from app.domain.text import nfc
from app.i18n import N_, _
from app.services import households as hh
from app.services.errors import InUse, Problem, ValidationFailed
from app.services.people import PersonInput
from app.services.villages import list_villages
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.widgets.form_helpers import (
    FieldMessage,
    choice_combo,
    make_searchable,
    mark_invalid,
    required_label,
    set_combo_data,
)

SEXES = (("M", N_("Nam")), ("F", N_("Nữ")))
STATUS_CHOICES = (("alive", N_("Đang sinh sống")), ("moved", N_("Đã chuyển đi")), ("deceased", N_("Đã mất")))
MEMBER_COLUMNS = (N_("STT"), N_("Họ và tên"), N_("Giới tính"), N_("Ngày/năm sinh"), N_("Quan hệ với chủ hộ"),
                  N_("Dân tộc"))


def _member_cells(row: int, m: PersonInput) -> tuple[str, ...]:
    ethnic = {g.code: g.name for g in ethnic_groups()}
    return (str(row + 1), m.full_name or _("(chưa có tên)"), {"M": _("Nam"), "F": _("Nữ")}.get(m.sex, ""),
            format_birth(m.birth_date, m.birth_year), label_for(RELATIONS, m.relation), ethnic.get(m.ethnic_code, ""))


class HouseholdDialog(QDialog):
    """Add (``household_id`` None) or edit a household. After Accepted, ``result`` is the SaveResult."""

    def __init__(self, ctx: UiContext, household_id: int | None = None, village_id: int | None = None,
                 parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.result: hh.SaveResult | None = None
        self.household_id = household_id
        self._loading = False
        self._dirty = False
        self._warnings_shown: list[Problem] | None = None
        self._problems: list[Problem] = []
        self.setWindowTitle(_("Sửa hộ gia đình") if household_id else _("Thêm hộ gia đình"))
        self.resize(1000, 720)

        detail = hh.get_household(ctx.db, household_id) if household_id else None
        self.members: list[PersonInput] = list(detail.members) if detail else [PersonInput(relation="head")]
        self._build(detail)
        self._load_header(detail, village_id)
        self._refresh_table(select=0)
        self._check_timer = QTimer(self, singleShot=True, interval=350)
        self._check_timer.timeout.connect(self.run_checks)
        self._dirty = False
        if detail is None:
            self.village.setFocus()
        else:
            self.m_name.setFocus()

    # ------------------------------------------------------------------ layout
    def _build(self, detail) -> None:
        self.code = QLineEdit()
        self.code.setPlaceholderText(hh.new_code(self.ctx.db) if detail is None else "")
        self.code.setToolTip(_("Để trống để chương trình tự đánh mã"))
        self.village = QComboBox()
        for v in list_villages(self.ctx.db):
            self.village.addItem(v.name, v.id)
        make_searchable(self.village)
        self.address = QLineEdit()
        self.notes = QLineEdit()
        self.village_msg, self.code_msg = FieldMessage(), FieldMessage()
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        left.addRow(required_label(_("Thôn, bản")), self.village)
        left.addRow("", self.village_msg)
        left.addRow(_("Địa chỉ"), self.address)
        right.addRow(_("Mã hộ"), self.code)
        right.addRow("", self.code_msg)
        right.addRow(_("Ghi chú"), self.notes)
        head_box = QGroupBox(_("Hộ gia đình"))
        head_row = QHBoxLayout(head_box)
        head_row.addLayout(left, 1)
        head_row.addLayout(right, 1)

        self.table = QTableWidget(0, len(MEMBER_COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in MEMBER_COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.table.currentCellChanged.connect(self._on_table_current_cell_changed)
        self.add_member_btn = QPushButton(icon("person-add"), _("Thêm nhân khẩu (Ctrl+M)"))
        self.remove_member_btn = QPushButton(icon("delete"), _("Bỏ nhân khẩu"))
        for b in (self.add_member_btn, self.remove_member_btn):
            b.setAutoDefault(False)
        self.add_member_btn.clicked.connect(self.add_member)
        self.remove_member_btn.clicked.connect(self.remove_member)
        member_buttons = QHBoxLayout()
        member_buttons.addWidget(self.add_member_btn)
        member_buttons.addWidget(self.remove_member_btn)
        member_buttons.addStretch(1)
        self.member_count = QLabel()
        self.member_count.setObjectName("count")
        member_buttons.addWidget(self.member_count)

        self._build_member_form()
        members_box = QGroupBox(_("Nhân khẩu"))
        mlay = QVBoxLayout(members_box)
        mlay.addWidget(self.table, 2)
        mlay.addLayout(member_buttons)
        mlay.addWidget(self.member_form_box, 3)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.linkActivated.connect(self._on_summary_link_activated)
        self.save_btn = QPushButton(icon("save", "#ffffff"), _("Lưu (Ctrl+S)"))
        self.save_btn.setObjectName("primary")
        self.save_btn.setDefault(False)
        self.save_btn.setAutoDefault(False)
        self.cancel_btn = QPushButton(_("Hủy"))
        self.cancel_btn.setAutoDefault(False)
        self.save_btn.clicked.connect(self.save)
        self.cancel_btn.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.save_btn)
        buttons.addWidget(self.cancel_btn)

        top = QHBoxLayout()
        top.addWidget(head_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(members_box, 1)
        layout.addLayout(buttons)

        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+M"), self, activated=self.add_member)
        QShortcut(QKeySequence("Alt+T"), self, activated=self.add_member)
        for w in (self.village, self.code, self.address, self.notes):
            self._watch(w)
        order = [self.village, self.code, self.address, self.notes, *self._member_widgets, self.add_member_btn,
                 self.remove_member_btn, self.table, self.save_btn, self.cancel_btn]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _build_member_form(self) -> None:
        self.m_name = QLineEdit()
        self.m_name.setPlaceholderText(_("Họ và tên đầy đủ, ví dụ: Lò Văn Pọm"))
        self.m_sex = choice_combo(SEXES, _("— chọn —"))
        self.m_birth = QLineEdit()
        self.m_birth.setPlaceholderText(_("năm (1985) hoặc ngày (15/03/1985)"))
        self.m_relation = choice_combo(RELATIONS)
        self.m_ethnic = choice_combo(((g.code, g.name) for g in ethnic_groups()), _("— chọn —"), searchable=True)
        self.m_education = choice_combo(EDUCATION_LEVELS, _("— chọn —"))
        self.m_in_school = QCheckBox(_("Đang đi học"))
        self.m_occupation = QLineEdit()
        self.m_id = QLineEdit()
        self.m_id.setPlaceholderText(_("12 chữ số (không bắt buộc)"))
        self.m_phone = QLineEdit()
        self.m_status = choice_combo(STATUS_CHOICES)
        self.msg = {f: FieldMessage() for f in ("full_name", "sex", "birth", "relation", "id_number", "status")}

        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        left.addRow(required_label(_("Họ và tên")), self.m_name)
        left.addRow("", self.msg["full_name"])
        left.addRow(_("Giới tính"), self.m_sex)
        left.addRow("", self.msg["sex"])
        left.addRow(_("Ngày/năm sinh"), self.m_birth)
        left.addRow("", self.msg["birth"])
        left.addRow(required_label(_("Quan hệ với chủ hộ")), self.m_relation)
        left.addRow("", self.msg["relation"])
        left.addRow(_("Dân tộc"), self.m_ethnic)
        right.addRow(_("Trình độ học vấn"), self.m_education)
        right.addRow("", self.m_in_school)
        right.addRow(_("Nghề nghiệp"), self.m_occupation)
        right.addRow(_("Số định danh cá nhân"), self.m_id)
        right.addRow("", self.msg["id_number"])
        right.addRow(_("Điện thoại"), self.m_phone)
        right.addRow(_("Tình trạng"), self.m_status)
        right.addRow("", self.msg["status"])
        self.member_form_box = QGroupBox(_("Thông tin nhân khẩu"))
        row = QHBoxLayout(self.member_form_box)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        self._member_widgets = [self.m_name, self.m_sex, self.m_birth, self.m_relation, self.m_ethnic,
                                self.m_education, self.m_in_school, self.m_occupation, self.m_id, self.m_phone,
                                self.m_status]
        for w in self._member_widgets:
            self._watch(w, member=True)
        self.m_name.editingFinished.connect(self._on_m_name_editing_finished)

    def _watch(self, w: QWidget, member: bool = False) -> None:
        slot = self._on_member_edited if member else self._on_header_edited
        if isinstance(w, QLineEdit):
            w.textEdited.connect(slot)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(slot)
        elif isinstance(w, QCheckBox):
            w.toggled.connect(slot)

    # ------------------------------------------------------------------ loading
    def _load_header(self, detail, village_id: int | None) -> None:
        self._loading = True
        if detail:
            set_combo_data(self.village, detail.village_id)
            self.code.setText(detail.code)
            self.address.setText(detail.address)
            self.notes.setText(detail.notes)
        elif village_id:
            set_combo_data(self.village, village_id)
        self._loading = False

    def _current_row(self) -> int:
        return self.table.currentRow()

    def _refresh_table(self, select: int | None = None) -> None:
        self._loading = True
        self.table.setRowCount(len(self.members))
        for i, m in enumerate(self.members):
            for c, v in enumerate(_member_cells(i, m)):
                item = self.table.item(i, c)
                if item is None:
                    self.table.setItem(i, c, QTableWidgetItem(v))
                else:
                    item.setText(v)
        alive = sum(1 for m in self.members if m.status == "alive")
        self.member_count.setText(_("{n} nhân khẩu").format(n=alive))
        self._loading = False
        if select is not None and self.members:
            self.table.setCurrentCell(select, 1)
            self._load_member(select)

    def _load_member(self, row: int) -> None:
        if not 0 <= row < len(self.members):
            return
        m = self.members[row]
        self._loading = True
        self.m_name.setText(m.full_name)
        set_combo_data(self.m_sex, m.sex)
        self.m_birth.setText(format_birth(m.birth_date, m.birth_year))
        set_combo_data(self.m_relation, m.relation)
        set_combo_data(self.m_ethnic, m.ethnic_code)
        set_combo_data(self.m_education, m.education_level)
        self.m_in_school.setChecked(m.in_school)
        self.m_occupation.setText(m.occupation)
        self.m_id.setText(m.id_number)
        self.m_phone.setText(m.phone)
        set_combo_data(self.m_status, m.status)
        self.member_form_box.setTitle(_("Thông tin nhân khẩu thứ {n}").format(n=row + 1))
        self._loading = False
        self._show_field_problems()

    # ------------------------------------------------------------------ editing
    def _member_from_form(self, base: PersonInput) -> PersonInput:
        birth = parse_birth(self.m_birth.text())
        name = nfc(self.m_name.text())
        keep_parts = name == base.full_name
        return replace(
            base,
            full_name=name,
            family_name=base.family_name if keep_parts else "",
            middle_name=base.middle_name if keep_parts else "",
            given_name=base.given_name if keep_parts else "",
            sex=self.m_sex.currentData() or "",
            birth_date=birth.date,
            birth_year=birth.year,
            relation=self.m_relation.currentData(),
            ethnic_code=self.m_ethnic.currentData() or "",
            education_level=self.m_education.currentData() or "",
            in_school=self.m_in_school.isChecked(),
            occupation=self.m_occupation.text(),
            id_number=self.m_id.text(),
            phone=self.m_phone.text(),
            status=self.m_status.currentData(),
        )

    def _on_member_edited(self, *_args) -> None:
        if self._loading:
            return
        row = self._current_row()
        if 0 <= row < len(self.members):
            self.members[row] = self._member_from_form(self.members[row])
            self._refresh_row(row)
        self._changed()

    def _on_m_name_editing_finished(self) -> None:
        """Normalise what was typed or pasted (NFC, single spaces) as soon as the field is left."""
        text = nfc(self.m_name.text())
        if text != self.m_name.text():
            self.m_name.setText(text)
            self._on_member_edited()

    def _refresh_row(self, row: int) -> None:
        for c, v in enumerate(_member_cells(row, self.members[row])):
            self.table.item(row, c).setText(v)

    def _on_header_edited(self, *_args) -> None:
        if not self._loading:
            self._changed()

    def _changed(self) -> None:
        self._dirty = True
        self._warnings_shown = None
        self._check_timer.start()

    def _on_table_current_cell_changed(self, row: int, _col: int, _prev_row: int, _prev_col: int) -> None:
        if not self._loading:
            self._load_member(row)

    def add_member(self) -> None:
        """Append a member with sensible defaults and put the cursor in its name."""
        head = next((m for m in self.members if m.relation == "head"), None)
        if head is None:
            relation = "head"
        elif len(self.members) == 1 and head.sex in ("M", "F"):
            relation = "wife" if head.sex == "M" else "husband"
        else:
            relation = "child"
        sex = {"wife": "F", "husband": "M"}.get(relation, "")
        family = (head.family_name or split_full_name(head.full_name)[0]) if head else ""
        name = f"{family} " if relation == "child" and family else ""
        ethnic = head.ethnic_code if head else ""
        self.members.append(PersonInput(full_name=name.strip(), relation=relation, sex=sex, ethnic_code=ethnic))
        self._refresh_table(select=len(self.members) - 1)
        self.m_name.setText(name)
        self.m_name.setFocus()
        self.m_name.setCursorPosition(len(name))
        self._changed()

    def remove_member(self) -> None:
        row = self._current_row()
        if not 0 <= row < len(self.members):
            return
        m = self.members[row]
        if m.id is not None:
            ask = QMessageBox.question(
                self, _("Bỏ nhân khẩu"),
                _("Bỏ {name} khỏi hộ? Hồ sơ của người này sẽ bị xóa khi lưu. Nếu người này chuyển đi "
                  "hoặc đã mất, hãy chọn Tình trạng thay vì xóa.").format(name=m.full_name or _("(chưa có tên)")))
            if ask != QMessageBox.StandardButton.Yes:
                return
        del self.members[row]
        self._refresh_table(select=min(row, len(self.members) - 1) if self.members else None)
        self._changed()

    # ------------------------------------------------------------------ checks
    def household_input(self) -> hh.HouseholdInput:
        return hh.HouseholdInput(
            village_id=self.village.currentData(),
            members=tuple(self.members),
            code=self.code.text(),
            address=self.address.text(),
            notes=self.notes.text(),
            id=self.household_id,
        )

    def _birth_problem(self) -> list[Problem]:
        birth = parse_birth(self.m_birth.text())
        return [Problem("birth", birth.error)] if birth.error else []

    def run_checks(self) -> list[Problem]:
        """Check the whole form with the service and show every problem under its field."""
        self._problems = hh.check_household(self.ctx.db, self.household_input())
        self._show_field_problems()
        self._show_summary()
        return self._problems

    def _show_field_problems(self) -> None:
        row = self._current_row()
        mine = [p for p in self._problems if p.row == row]
        by_field: dict[str, list[Problem]] = {k: [] for k in self.msg}
        for p in mine:
            key = "birth" if p.field in ("birth_year", "birth_date") else p.field
            by_field.setdefault(key, []).append(p)
        by_field["birth"] += self._birth_problem()
        for key, label in self.msg.items():
            label.show_problems(by_field.get(key, []))
        for key, widget in (("full_name", self.m_name), ("birth", self.m_birth), ("id_number", self.m_id)):
            mark_invalid(widget, any(p.level == "error" for p in by_field.get(key, [])))
        header = [p for p in self._problems if p.row is None]
        self.village_msg.show_problems([p for p in header if p.field == "village_id"])
        self.code_msg.show_problems([p for p in header if p.field == "code"])

    def _show_summary(self) -> None:
        lines = []
        for p in self._problems:
            colour = "#c62828" if p.level == "error" else "#b26a00"
            where = _("Nhân khẩu {n}: ").format(n=p.row + 1) if p.row is not None else ""
            link = f' <a href="{p.link}">{_("xem")}</a>' if p.link else ""
            row_link = f'<a href="row:{p.row}" style="color:{colour}">{where}</a>' if where else ""
            lines.append(f'<span style="color:{colour}">{row_link}{p.message}</span>{link}')
        self.summary.setText("<br>".join(lines[:6]) + ("<br>…" if len(lines) > 6 else ""))

    def _on_summary_link_activated(self, link: str) -> None:
        kind, _sep, value = link.partition(":")
        if kind == "row":
            self.table.setCurrentCell(int(value), 1)
            self.m_name.setFocus()
        elif kind == "person":
            from app.services.persons import person_brief

            QMessageBox.information(self, _("Hồ sơ có thể trùng"), person_brief(self.ctx.db, int(value)))

    # ------------------------------------------------------------------ save / cancel
    def save(self) -> None:
        problems = self.run_checks() + ([] if parse_birth(self.m_birth.text()).error is None else self._birth_problem())
        if any(p.level == "error" for p in problems):
            self._focus_first_error(problems)
            return
        warnings = [p for p in problems if p.level == "warning"]
        if warnings and self._warnings_shown != warnings:
            self._warnings_shown = warnings
            self.save_btn.setText(_("Vẫn lưu (Ctrl+S)"))
            return
        try:
            self.result = hh.save_household(self.ctx.db, self.household_input())
        except ValidationFailed as exc:
            self._problems = exc.problems
            self._show_field_problems()
            self._show_summary()
            return
        except InUse as exc:
            QMessageBox.warning(self, _("Không lưu được"), "\n".join(exc.reasons))
            return
        head = next((m.full_name for m in self.members if m.relation == "head"), "")
        self.ctx.changed("household", _("Đã lưu hộ {code} — {head}").format(code=self.result.code, head=head))
        self._dirty = False
        self.accept()

    def _focus_first_error(self, problems: list[Problem]) -> None:
        first = next(p for p in problems if p.level == "error")
        if first.row is not None:
            self.table.setCurrentCell(first.row, 1)
            target = {"birth_year": self.m_birth, "birth_date": self.m_birth, "birth": self.m_birth,
                      "id_number": self.m_id, "relation": self.m_relation, "sex": self.m_sex}.get(first.field, self.m_name)
            target.setFocus()
        elif first.field == "village_id":
            self.village.setFocus()
        elif first.field == "code":
            self.code.setFocus()

    def reject(self) -> None:
        if self._dirty:
            ask = QMessageBox.question(
                self, _("Bỏ thay đổi?"), _("Hộ này có thay đổi chưa lưu. Đóng và bỏ các thay đổi?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if ask != QMessageBox.StandardButton.Yes:
                return
        super().reject()
