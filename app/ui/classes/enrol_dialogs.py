"""Dialogs that add learners to a class: registry persons one after another (person picker), a guest
typed by name, and matching a guest to a registry person ("Ghép với người trong sổ")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
)

from app.i18n import _
from app.services import class_enrolment as enrol
from app.services.errors import NotFound, Problem, ValidationFailed
from app.ui.classes.common import problems_text, sex_word
from app.ui.widgets.form_helpers import FieldMessage, required_label
from app.ui.widgets.person_picker import PersonPicker, PersonSource


def warnings_text(result: enrol.EnrolResult) -> str:
    return "\n".join(p.message for p in result.warnings)


class AddPersonsDialog(QDialog):
    """Type a name, choose the person (Enter): they are enrolled at once and the box is cleared
    for the next one. ``added`` counts the learners added; Esc or "Xong" closes."""

    def __init__(self, db, class_id: int, title: str, source: PersonSource, parent=None):
        super().__init__(parent)
        self.db, self.class_id, self.added = db, class_id, 0
        self.setWindowTitle(_("Thêm học viên: {title}").format(title=title))
        self.picker = PersonPicker(source, self, free_text_hint="")
        self.picker.person_chosen.connect(self._on_picker_person_chosen)
        self.log = QLabel(_("Gõ tên rồi chọn người trong danh sách (Enter). Thêm lần lượt từng người."))
        self.log.setObjectName("hint")
        self.log.setWordWrap(True)
        self.message = FieldMessage()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Xong"))
        buttons.rejected.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("Người trong sổ nhân khẩu:")))
        lay.addWidget(self.picker)
        lay.addWidget(self.log)
        lay.addWidget(self.message)
        lay.addStretch(1)
        lay.addWidget(buttons)
        self.setMinimumWidth(560)
        self.picker.setFocus()

    def _on_picker_person_chosen(self, person_id) -> None:
        if person_id is None:
            return
        name = self.picker.name()
        try:
            result = enrol.enrol_persons(self.db, self.class_id, [person_id])
        except NotFound as exc:
            self.message.show_problems([])
            QMessageBox.warning(self, self.windowTitle(), problems_text(exc))
            return
        self.added += len(result.added)
        if result.added:
            self.log.setText(_("Đã thêm {name}. Đã thêm {n} người; gõ tên người tiếp theo.").format(
                name=name, n=self.added))
        self.message.show_problems(list(result.warnings))
        self.picker.clear()
        self.picker.setFocus()


class GuestDialog(QDialog):
    """A learner not in the registry: name, sex, birth year, village. ``result`` after saving."""

    def __init__(self, db, class_id: int, villages: list[str], parent=None):
        super().__init__(parent)
        self.db, self.class_id, self.result = db, class_id, None
        self.setWindowTitle(_("Thêm khách (người chưa có trong sổ)"))
        self.name = QLineEdit()
        self.sex = QComboBox()
        for code, label in (("", _("chưa rõ")), ("M", _("Nam")), ("F", _("Nữ"))):
            self.sex.addItem(label, code)
        self.birth_year = QSpinBox()
        self.birth_year.setRange(1899, date.today().year)
        self.birth_year.setSpecialValueText(_("chưa rõ"))
        self.birth_year.setValue(1899)
        self.village = QComboBox()
        self.village.setEditable(True)
        self.village.addItems(["", *villages])
        self.village.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.message = FieldMessage()
        form = QFormLayout()
        form.addRow(required_label(_("Họ và tên")), self.name)
        form.addRow(_("Giới tính"), self.sex)
        form.addRow(_("Năm sinh"), self.birth_year)
        form.addRow(_("Thôn, bản hoặc nơi ở"), self.village)
        note = QLabel(_("Khách được tính là một người trong số liệu; sau này có thể ghép với người trong sổ."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Thêm"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.setMinimumWidth(440)
        self.name.setFocus()

    def guest(self) -> enrol.GuestData:
        year = self.birth_year.value()
        return enrol.GuestData(self.name.text(), self.sex.currentData(), None if year == 1899 else year,
                               self.village.currentText())

    def save(self) -> None:
        try:
            self.result = enrol.enrol_guest(self.db, self.class_id, self.guest())
        except (ValidationFailed, NotFound) as exc:
            self.message.show_problems(exc.problems if isinstance(exc, ValidationFailed) else [])
            self.name.setFocus()
            return
        self.accept()


class MatchDialog(QDialog):
    """Choose the registry person a guest learner is: the likely ones (same name, village, sex and
    nearest birth year first) or anyone found with the picker. ``result`` after matching."""

    def __init__(self, db, enrolment_id: int, guest_label: str, source: PersonSource, parent=None):
        super().__init__(parent)
        self.db, self.enrolment_id, self.result = db, enrolment_id, None
        self.setWindowTitle(_("Ghép với người trong sổ"))
        self.candidates = QListWidget()
        for c in enrol.guest_candidates(db, enrolment_id):
            facts = ", ".join(x for x in (sex_word(c.sex), str(c.birth_year or ""), c.household_code, c.village) if x)
            item = QListWidgetItem(f"{c.full_name} — {facts}")
            item.setData(Qt.ItemDataRole.UserRole, c.person_id)
            self.candidates.addItem(item)
        if self.candidates.count():
            self.candidates.setCurrentRow(0)
        self.picker = PersonPicker(source, self, placeholder=_("Hoặc tìm người khác trong sổ nhân khẩu…"),
                                   free_text_hint="")
        self.picker.person_chosen.connect(lambda pid: pid is not None and self.candidates.clearSelection())
        self.message = FieldMessage()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Ghép"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self.match)
        buttons.rejected.connect(self.reject)
        self.candidates.itemDoubleClicked.connect(lambda _i: self.match())
        lay = QVBoxLayout(self)
        head = QLabel(_("Khách: <b>{guest}</b>").format(guest=guest_label))
        lay.addWidget(head)
        lay.addWidget(QLabel(_("Người cùng tên trong sổ:") if self.candidates.count()
                             else _("Không có ai cùng tên trong sổ; hãy tìm theo tên khác.")))
        lay.addWidget(self.candidates, 1)
        lay.addWidget(self.picker)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(600, 380)
        (self.candidates if self.candidates.count() else self.picker).setFocus()

    def chosen(self) -> int | None:
        if self.picker.person_id() is not None:
            return self.picker.person_id()
        item = self.candidates.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item and item.isSelected() else None

    def match(self) -> None:
        person_id = self.chosen()
        if person_id is None:
            self.message.show_problems([Problem("person_id", _("Hãy chọn một người trong danh sách."))])
            return
        try:
            self.result = enrol.match_guest(self.db, self.enrolment_id, person_id)
        except (ValidationFailed, NotFound) as exc:
            QMessageBox.warning(self, self.windowTitle(), problems_text(exc))
            return
        self.accept()
