"""The commune (or receiving office) profile's fields, shared by the first-start wizard and Settings.

:class:`ProfileForm` builds every field of the profile once, in four section widgets (``area``,
``centre``, ``signers``, ``receiver``). :class:`~app.ui.dialogs.setup_wizard.SetupWizard` puts the
sections on its pages; the Settings page puts them in group boxes. Neither writes SQL: the data goes
through :func:`app.services.setup.save_profile`, whose :class:`~app.services.errors.Problem` list is
shown under the fields (red: refused, amber: a warning the user may ignore).

Receiving-office mode keeps the service's contract (a name is required) by storing the office's
own name as the installation's display name (``commune_name``, with no commune kind); the commune
fields, the centre name and the commune signers are hidden.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.reference import Province, provinces_2025, provinces_pre2025
from app.domain.text import fold, nfc, sort_key
from app.i18n import N_, _, format_date
from app.services.errors import Problem
from app.services.setup import SIGNER_ROLES, ProfileData, SignerData, validate_profile
from app.ui import theme
from app.ui.icons import icon

__all__ = [
    "AREA_FIELDS",
    "CENTRE_FIELDS",
    "COMMUNE_KINDS",
    "RECEIVER_FIELDS",
    "SECTION_OF",
    "ProfileForm",
    "ProvinceBox",
    "default_centre_name",
    "default_position",
    "default_receiver_name",
]

COMMUNE_KINDS: tuple[tuple[str, str], ...] = (
    ("xa", N_("Xã")),
    ("phuong", N_("Phường")),
    ("dac_khu", N_("Đặc khu")),
)
# The kind as written inside official names ("Trung tâm học tập cộng đồng xã …"): data, not UI text.
_KIND_WORDS = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}
_MERGER_DATE = date(2025, 7, 1)
_FOLD_ROLE = Qt.ItemDataRole.UserRole + 1


def _strip_kind(kind: str, name: str) -> str:
    """``"Xã Chiềng Mung"`` → ``"Chiềng Mung"`` (a leading kind word typed in the name)."""
    name = nfc(name)
    for word in (_KIND_WORDS.get(kind, ""), *_KIND_WORDS.values()):
        if word and fold(name).startswith(fold(word) + " "):
            return name[len(word) + 1 :]
    return name


def default_centre_name(kind: str, commune_name: str) -> str:
    """``Trung tâm học tập cộng đồng xã Chiềng Mung`` (``phường`` / ``đặc khu`` by ``kind``);
    ``""`` without a commune name. Official Vietnamese, stored as data, so not translated."""
    name = _strip_kind(kind, commune_name)
    return f"Trung tâm học tập cộng đồng {_KIND_WORDS.get(kind, 'xã')} {name}" if name else ""


def default_receiver_name(province: Province | None) -> str:
    """``Sở Giáo dục và Đào tạo tỉnh Sơn La`` / ``… thành phố Hà Nội``; ``""`` without a province."""
    if province is None:
        return ""
    full = province.full_name or f"Tỉnh {province.name}"
    return "Sở Giáo dục và Đào tạo " + full[:1].lower() + full[1:]


def default_position(role: str, kind: str = "xa") -> str:
    """The position printed under a signer's name: the SIGNER_ROLES label in Vietnamese (it goes on
    documents whatever the interface language), with ``xã`` replaced by the commune's kind."""
    label = SIGNER_ROLES[role]
    word = _KIND_WORDS.get(kind, "xã")
    return label[: -len(" xã")] + " " + word if label.endswith(" xã") else label


def _province_by_code() -> dict[str, Province]:
    return {p.code: p for p in provinces_2025()}


def _old_province_names() -> dict[str, str]:
    return {p.code: p.name for p in provinces_pre2025()}


# --- Small widgets ---------------------------------------------------------------------------------


class _FoldingCompleter(QCompleter):
    """Matches what is typed against the folded names (no accents, no case) held in ``_FOLD_ROLE``
    and writes the real name back into the line edit."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [fold(path)]

    def pathFromIndex(self, index) -> str:  # noqa: N802 - Qt override
        return index.data(Qt.ItemDataRole.DisplayRole) or ""


class ProvinceBox(QComboBox):
    """An editable, searchable choice of the 34 provinces of 2025, in Vietnamese alphabetical order.

    Typing any part of a name with or without accents ("son la", "Sơn") offers the matches; leaving
    the field with an unambiguous text selects that province. ``province_changed(code)`` is emitted
    when the chosen province changes (``""`` when none).
    """

    province_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(12)
        for p in sorted(provinces_2025(), key=lambda p: sort_key(p.name)):
            self.addItem(p.name, p.code)
            self.setItemData(self.count() - 1, fold(p.name), _FOLD_ROLE)
        completer = _FoldingCompleter(self.model(), self)
        completer.setCompletionRole(_FOLD_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(_("Gõ vài chữ của tên tỉnh, ví dụ: son la"))
        self.setCurrentIndex(-1)
        self._code = ""
        self.lineEdit().editingFinished.connect(self._on_line_edit_editing_finished)
        self.currentIndexChanged.connect(self._on_current_index_changed)

    @staticmethod
    def find(text: str) -> Province | None:
        """The province ``text`` names: the same name ignoring accents and case, else the only
        province whose name contains it; ``None`` when none or several do."""
        key = fold(text)
        if not key:
            return None
        provinces = provinces_2025()
        exact = [p for p in provinces if key in (fold(p.name), fold(p.full_name))]
        if exact:
            return exact[0]
        partial = [p for p in provinces if key in fold(p.name)]
        return partial[0] if len(partial) == 1 else None

    def province(self) -> Province | None:
        """The province shown in the field (what is typed counts, not a stale selection)."""
        return self.find(self.currentText())

    def code(self) -> str:
        p = self.province()
        return p.code if p else ""

    def set_code(self, code: str) -> None:
        index = self.findData(code) if code else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")
        self._emit_if_changed()

    def _on_line_edit_editing_finished(self) -> None:
        p = self.province()
        if p is not None:
            index = self.findData(p.code)
            if index != self.currentIndex():
                self.setCurrentIndex(index)
            if self.currentText() != p.name:
                self.setEditText(p.name)
        self._emit_if_changed()

    def _on_current_index_changed(self, _index: int) -> None:
        self._emit_if_changed()

    def _emit_if_changed(self) -> None:
        code = self.code()
        if code != self._code:
            self._code = code
            self.province_changed.emit(code)


class _SignerLine(QWidget):
    """One signer: full name and, beside it, the position printed under the name."""

    def __init__(self, role: str, reserve: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.role = role
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Họ và tên"))
        self.position = QLineEdit()
        self.position.setPlaceholderText(_("Chức vụ"))
        self.position.setToolTip(_("Chức vụ in dưới tên người ký"))
        self._set_position(default_position(role))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.position, 1)
        if reserve:  # line up with the lines of a _SignerList, which end with a remove button
            layout.addSpacing(reserve + layout.spacing())

    def _set_position(self, text: str) -> None:
        self.position.setText(text)
        self.position.setCursorPosition(0)  # show the start of a long position

    def data(self) -> SignerData | None:
        name = nfc(self.name.text())
        if not name:
            return None
        return SignerData(self.role, name, nfc(self.position.text()) or default_position(self.role))

    def set_data(self, signer: SignerData | None, kind: str) -> None:
        self.name.setText(signer.full_name if signer else "")
        self._set_position((signer.position if signer else "") or default_position(self.role, kind))

    def follow_kind(self, kind: str) -> None:
        """Rewrite an untouched default position for a new commune kind (xã → phường)."""
        if self.position.text() in {default_position(self.role, k) for k, _label in COMMUNE_KINDS}:
            self._set_position(default_position(self.role, kind))


class _SignerList(QWidget):
    """Several signers of one role (the vice-chairpersons): lines added and removed by the user;
    at least ``minimum`` lines stay visible (removing one of those only clears it)."""

    lines_changed = Signal()

    def __init__(self, role: str, minimum: int = 2, parent: QWidget | None = None):
        super().__init__(parent)
        self.role = role
        self.minimum = minimum
        self._kind = "xa"
        self._lines: list[tuple[_SignerLine, QToolButton]] = []
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)
        self.add_button = QPushButton(icon("add"), _("Thêm người"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._rows)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        for _i in range(minimum):
            self.add_line()

    def lines(self) -> list[_SignerLine]:
        return [line for line, _button in self._lines]

    def remove_button_width(self) -> int:
        return self._lines[0][1].sizeHint().width() if self._lines else 0

    def add_line(self, signer: SignerData | None = None) -> _SignerLine:
        line = _SignerLine(self.role)
        line.set_data(signer, self._kind)
        remove = QToolButton()
        remove.setIcon(icon("delete"))
        remove.setToolTip(_("Bỏ dòng này"))
        remove.setAccessibleName(_("Bỏ dòng này"))
        remove.clicked.connect(lambda: self.remove_line(line))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(line, 1)
        row.addWidget(remove)
        self._rows.addLayout(row)
        self._lines.append((line, remove))
        self.lines_changed.emit()
        return line

    def remove_line(self, line: _SignerLine) -> None:
        if len(self._lines) <= self.minimum:
            line.set_data(None, self._kind)
            return
        index = next(i for i, (ln, _b) in enumerate(self._lines) if ln is line)
        _line, button = self._lines.pop(index)
        row = self._rows.takeAt(index)
        line.deleteLater()
        button.deleteLater()
        if row is not None:
            row.layout().deleteLater()
        self.lines_changed.emit()

    def data(self) -> list[SignerData]:
        return [s for s in (line.data() for line in self.lines()) if s]

    def set_data(self, signers: list[SignerData], kind: str) -> None:
        self._kind = kind
        while len(self._lines) > max(self.minimum, len(signers)):
            self.remove_line(self._lines[-1][0])
        while len(self._lines) < len(signers):
            self.add_line()
        for i, line in enumerate(self.lines()):
            line.set_data(signers[i] if i < len(signers) else None, kind)

    def follow_kind(self, kind: str) -> None:
        self._kind = kind
        for line in self.lines():
            line.follow_kind(kind)

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for line, button in self._lines:
            chain += [line.name, line.position, button]
        return chain + [self.add_button]

    def _on_add_button_clicked(self) -> None:
        self.add_line().name.setFocus()


# --- The shared form -------------------------------------------------------------------------------

AREA_FIELDS = ("province_code", "old_province_code", "commune_kind", "commune_name", "commune_code",
                "old_commune_name", "old_commune_code")
CENTRE_FIELDS = ("centre_name", "address", "phone")
RECEIVER_FIELDS = ("receiver_office_name",)
SECTION_OF = {
    **dict.fromkeys(AREA_FIELDS, "area"),
    **dict.fromkeys(CENTRE_FIELDS, "centre"),
    "signers": "signers",
    **dict.fromkeys(RECEIVER_FIELDS, "receiver"),
}


def _form_layout(widget: QWidget) -> QFormLayout:
    form = QFormLayout(widget)
    form.setContentsMargins(0, 0, 0, 0)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(6)
    return form


def _label_text(text: str, required: bool) -> str:
    star = f' <span style="color:{theme.RED}">*</span>' if required else ""
    return html.escape(text) + star


class ProfileForm(QObject):
    """The profile's fields, built once and shared by :class:`SetupWizard` and the Settings page.

    The sections ``area``, ``centre``, ``signers`` and ``receiver`` are plain widgets with a
    label-left/field-right layout; the host places them and then calls :meth:`chain_tab_order`.
    :meth:`profile` reads a :class:`ProfileData` (NFC text), :meth:`set_profile` fills the fields,
    :meth:`show_problems` puts the service's messages under their fields. ``edited`` is emitted
    on any change made by the user. UI thread only; no database access.
    """

    edited = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._mode = "commune"
        self._loading = False
        self._auto_centre = ""
        self._auto_receiver = ""
        self._labels: dict[str, QLabel] = {}
        self._messages: dict[str, tuple[QFormLayout, QLabel]] = {}
        self._shown: dict[str, tuple[str, str]] = {}
        self._label_texts: dict[str, tuple[str, bool]] = {}
        self.area = self._build_area()
        self.centre = self._build_centre()
        self.signers = self._build_signers()
        self.receiver = self._build_receiver()
        self._connect()
        self._align_labels()
        self.set_mode("commune")
        self.chain_tab_order()

    # Building

    def _row(self, form: QFormLayout, key: str, text: str, field: QWidget, required: bool = False) -> None:
        label = QLabel(_label_text(text, required))
        label.setBuddy(field.focusProxy() or field)
        self._labels[key] = label
        self._label_texts[key] = (text, required)
        form.addRow(label, field)
        if key in SECTION_OF:
            message = QLabel()
            message.setObjectName("fieldError")
            form.addRow("", message)
            form.setRowVisible(message, False)
            self._messages[key] = (form, message)

    def _build_area(self) -> QWidget:
        widget = QWidget()
        form = _form_layout(widget)
        self.province = ProvinceBox()
        self.old_province = QComboBox()
        self.old_province.setPlaceholderText(_("Chọn tỉnh, thành phố trước"))
        self.commune_kind = QComboBox()
        for code, label in COMMUNE_KINDS:
            self.commune_kind.addItem(_(label), code)
        self.commune_kind.setMaximumWidth(200)
        self.commune_name = QLineEdit()
        self.commune_name.setPlaceholderText(_("Ví dụ: Chiềng Mung"))
        self.commune_code = QLineEdit()
        self.commune_code.setMaxLength(10)
        self.commune_code.setMaximumWidth(140)
        self.commune_code.setPlaceholderText(_("5 chữ số"))
        self.old_commune_name = QLineEdit()
        self.old_commune_name.setPlaceholderText(_("Nếu xã được hợp nhất từ các xã cũ"))
        self.old_commune_code = QLineEdit()
        self.old_commune_code.setMaxLength(10)
        self.old_commune_code.setMaximumWidth(140)
        before = format_date(_MERGER_DATE)
        self._row(form, "province_code", _("Tỉnh, thành phố"), self.province, required=True)
        self._row(form, "old_province_code", _("Tỉnh cũ (trước {date})").format(date=before), self.old_province)
        self._row(form, "commune_kind", _("Loại đơn vị"), self.commune_kind)
        self._row(form, "commune_name", _("Tên xã, phường"), self.commune_name, required=True)
        self._row(form, "commune_code", _("Mã xã"), self.commune_code)
        self._row(form, "old_commune_name", _("Tên xã cũ (trước {date})").format(date=before),
                  self.old_commune_name)
        self._row(form, "old_commune_code", _("Mã xã cũ"), self.old_commune_code)
        return widget

    def _build_centre(self) -> QWidget:
        widget = QWidget()
        form = _form_layout(widget)
        self.centre_name = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setMaximumWidth(220)
        self._row(form, "centre_name", _("Tên Trung tâm"), self.centre_name, required=True)
        self._row(form, "address", _("Địa chỉ"), self.address)
        self._row(form, "phone", _("Điện thoại"), self.phone)
        return widget

    def _build_signers(self) -> QWidget:
        widget = QWidget()
        form = _form_layout(widget)
        self.vice_chairs = _SignerList("vice_chair", minimum=2)
        reserve = self.vice_chairs.remove_button_width()
        self.director = _SignerLine("centre_director", reserve)
        self.chair = _SignerLine("chair", reserve)
        self.association_chair = _SignerLine("association_chair", reserve)
        self._row(form, "director", _("Giám đốc Trung tâm"), self.director)
        self._row(form, "chair", _("Chủ tịch UBND"), self.chair)
        self._row(form, "vice_chairs", _("Phó Chủ tịch UBND"), self.vice_chairs)
        self._row(form, "association_chair", _("Chủ tịch Hội Khuyến học"), self.association_chair)
        self._labels["vice_chairs"].setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._labels["vice_chairs"].setContentsMargins(0, 5, 0, 0)
        return widget

    def _build_receiver(self) -> QWidget:
        widget = QWidget()
        form = _form_layout(widget)
        self.receiver_office_name = QLineEdit()
        self.receiver_hint = QLabel()
        self.receiver_hint.setObjectName("hint")
        self.receiver_hint.setWordWrap(True)
        self._row(form, "receiver_office_name", _("Cơ quan tiếp nhận"), self.receiver_office_name)
        form.addRow("", self.receiver_hint)
        return widget

    def _connect(self) -> None:
        self.province.province_changed.connect(self._on_province_province_changed)
        self.commune_kind.currentIndexChanged.connect(self._on_commune_kind_current_index_changed)
        self.commune_name.textChanged.connect(self._refresh_centre_name)
        self.commune_code.textChanged.connect(self._on_commune_code_text_changed)
        self.vice_chairs.lines_changed.connect(self._on_vice_chairs_lines_changed)
        for key, edit in self._line_edits().items():
            edit.textEdited.connect(lambda _text, key=key: self._on_field_edited(key))
        for edit in self._signer_edits():
            edit.textEdited.connect(lambda _text: self._on_field_edited(""))
        self.province.lineEdit().textEdited.connect(lambda _t: self._on_field_edited("province_code"))
        self.province.activated.connect(lambda _i: self._on_field_edited("province_code"))
        self.old_province.activated.connect(lambda _i: self._on_field_edited("old_province_code"))
        self.commune_kind.activated.connect(lambda _i: self._on_field_edited("commune_kind"))

    def _line_edits(self) -> dict[str, QLineEdit]:
        return {
            "commune_name": self.commune_name, "commune_code": self.commune_code,
            "old_commune_name": self.old_commune_name, "old_commune_code": self.old_commune_code,
            "centre_name": self.centre_name, "address": self.address, "phone": self.phone,
            "receiver_office_name": self.receiver_office_name,
        }  # fmt: skip

    def _signer_lines(self) -> list[_SignerLine]:
        return [self.director, self.chair, *self.vice_chairs.lines(), self.association_chair]

    def _signer_edits(self) -> list[QLineEdit]:
        return [e for line in self._signer_lines() for e in (line.name, line.position)]

    def _align_labels(self) -> None:
        """One label column width for all sections, so stacked sections line up."""
        self.label_width = max(label.sizeHint().width() for label in self._labels.values())
        for label in self._labels.values():
            label.setMinimumWidth(self.label_width)

    def chain_tab_order(self) -> None:
        """Tab goes top to bottom through every field (call again after placing the sections)."""
        area: list[QWidget] = [self.province, self.old_province, self.commune_kind, self.commune_name,
                               self.commune_code, self.old_commune_name, self.old_commune_code]
        centre: list[QWidget] = [self.centre_name, self.address, self.phone]
        signers: list[QWidget] = [
            self.director.name, self.director.position, self.chair.name, self.chair.position,
            *self.vice_chairs.focus_chain(), self.association_chair.name, self.association_chair.position,
        ]  # fmt: skip
        receiver: list[QWidget] = [self.receiver_office_name]
        if self._mode == "commune":
            chain = area + centre + signers + receiver
        else:  # the office's own name is placed right after the province
            chain = area + receiver + centre + signers
        for first, second in zip(chain, chain[1:], strict=False):
            if first.window() is second.window():
                QWidget.setTabOrder(first, second)

    # Mode

    @property
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """``commune`` shows every field; ``receiver`` hides the commune's own fields and signers."""
        self._mode = "receiver" if mode == "receiver" else "commune"
        commune = self._mode == "commune"
        for key in ("commune_kind", "commune_name", "commune_code", "old_commune_name", "old_commune_code",
                    "centre_name"):
            self._set_row_visible(key, commune)
        self.signers.setVisible(commune)
        if commune:
            self._set_label("receiver_office_name", _("Cơ quan tiếp nhận"), False)
            self.address.setPlaceholderText(_("Nơi đặt trụ sở Trung tâm"))
            self.receiver_hint.setText(_("Nơi xã gửi báo cáo, dữ liệu; sửa nếu tỉnh giao cho cơ quan khác."))
        else:
            self._set_label("receiver_office_name", _("Tên cơ quan"), True)
            self.address.setPlaceholderText(_("Địa chỉ trụ sở cơ quan"))
            self.receiver_hint.setText(_("Tên cơ quan dùng chương trình này để tổng hợp dữ liệu các xã."))
        self.chain_tab_order()

    def _set_label(self, key: str, text: str, required: bool) -> None:
        self._label_texts[key] = (text, required)
        self._labels[key].setText(_label_text(text, required))

    def _set_row_visible(self, key: str, visible: bool) -> None:
        label = self._labels[key]
        form = label.parentWidget().layout()
        assert isinstance(form, QFormLayout)
        form.setRowVisible(label, visible)
        if not visible:
            self._clear_message(key)

    def label_text(self, key: str) -> str:
        """The plain label of a field (``"Tên xã, phường"``), for summaries and tests."""
        return self._label_texts[key][0]

    # Reading and writing

    def profile(self) -> ProfileData:
        """What the fields hold, NFC-normalised, for the current mode."""
        commune = self._mode == "commune"
        province = self.province.province()
        old_code = self.old_province.currentData() or ""
        office = nfc(self.receiver_office_name.text())
        signers = (
            tuple(s for s in [self.director.data(), self.chair.data(), *self.vice_chairs.data(),
                              self.association_chair.data()] if s)
            if commune else ()
        )  # fmt: skip
        return ProfileData(
            mode=self._mode,
            province_code=province.code if province else "",
            province_name=province.name if province else "",
            old_province_code=old_code,
            old_province_name=_old_province_names().get(old_code, ""),
            commune_code=nfc(self.commune_code.text()) if commune else "",
            commune_name=nfc(self.commune_name.text()) if commune else office,
            commune_kind=(self.commune_kind.currentData() or "xa") if commune else "",
            old_commune_code=nfc(self.old_commune_code.text()) if commune else "",
            old_commune_name=nfc(self.old_commune_name.text()) if commune else "",
            centre_name=nfc(self.centre_name.text()) if commune else "",
            receiver_office_name=office,
            address=nfc(self.address.text()),
            phone=nfc(self.phone.text()),
            signers=signers,
        )

    def set_profile(self, data: ProfileData) -> None:
        """Fill every field from ``data`` (a saved profile) and clear the messages."""
        self._loading = True
        try:
            self.set_mode(data.mode)
            self.province.set_code(data.province_code)
            self._fill_old_provinces(data.province_code, data.old_province_code)
            kind = data.commune_kind if data.commune_kind in _KIND_WORDS else "xa"
            self.commune_kind.setCurrentIndex(self.commune_kind.findData(kind))
            self.commune_name.setText(data.commune_name if data.mode == "commune" else "")
            self.commune_code.setText(data.commune_code)
            self.old_commune_name.setText(data.old_commune_name)
            self.old_commune_code.setText(data.old_commune_code)
            self.centre_name.setText(data.centre_name)
            self.address.setText(data.address)
            self.phone.setText(data.phone)
            office = data.receiver_office_name or ("" if data.mode == "commune" else data.commune_name)
            self.receiver_office_name.setText(office)
            self.director.set_data(data.signer("centre_director"), kind)
            self.chair.set_data(data.signer("chair"), kind)
            self.vice_chairs.set_data([s for s in data.signers if s.role == "vice_chair"], kind)
            self.association_chair.set_data(data.signer("association_chair"), kind)
            self._auto_centre = default_centre_name(kind, data.commune_name)
            self._auto_receiver = default_receiver_name(self.province.province())
        finally:
            self._loading = False
        self.clear_problems()
        self._on_commune_code_text_changed(self.commune_code.text())

    # Problems

    def validate(self, fields: tuple[str, ...] | None = None) -> bool:
        """Show the problems :func:`validate_profile` finds in ``fields`` (all when ``None``);
        True when none of them is an error (warnings let the user go on)."""
        problems = validate_profile(self.profile())
        shown = self.show_problems(problems, fields)
        return not any(self._shown[f][1] == "error" for f in shown)

    def show_problems(self, problems: list[Problem], fields: tuple[str, ...] | None = None) -> list[str]:
        """Put each problem's message under its field (red error, amber warning), after clearing
        the old messages of ``fields`` (all when ``None``). Returns the fields given a message, in
        form order; problems of fields the form does not show are left out."""
        scope = fields or tuple(self._messages)
        for key in scope:
            self._clear_message(key)
        shown: list[str] = []
        for problem in problems:
            key, message = self._map_problem(problem)
            if key not in scope or key not in self._messages or key in shown:
                continue
            self._show_message(key, message, problem.level)
            shown.append(key)
        order = list(self._messages)
        return sorted(shown, key=order.index)

    def _map_problem(self, problem: Problem) -> tuple[str, str]:
        if self._mode == "receiver" and problem.field == "commune_name":
            return "receiver_office_name", _("Hãy nhập tên cơ quan.")
        return problem.field, problem.message

    def clear_problems(self) -> None:
        for key in list(self._messages):
            self._clear_message(key)

    def message(self, key: str) -> str:
        """The message shown under field ``key`` (``""`` when none)."""
        return self._shown.get(key, ("", ""))[0]

    def message_level(self, key: str) -> str:
        return self._shown.get(key, ("", ""))[1]

    def error_fields(self) -> list[str]:
        return [k for k, (_m, level) in self._shown.items() if level == "error"]

    def editor(self, key: str) -> QWidget:
        """The input widget of field ``key``, to focus it."""
        return {"province_code": self.province, "old_province_code": self.old_province,
                "commune_kind": self.commune_kind, **self._line_edits()}.get(key) or self.director.name

    def _show_message(self, key: str, text: str, level: str) -> None:
        form, label = self._messages[key]
        colour = theme.RED if level == "error" else theme.AMBER
        label.setText(text)
        label.setStyleSheet(f"color: {colour};")
        form.setRowVisible(label, True)
        self._shown[key] = (text, level)
        self._mark_invalid(key, level == "error")

    def _clear_message(self, key: str) -> None:
        if key not in self._messages:
            return
        form, label = self._messages[key]
        form.setRowVisible(label, False)
        label.clear()
        self._shown.pop(key, None)
        self._mark_invalid(key, False)

    def _mark_invalid(self, key: str, invalid: bool) -> None:
        editor = self.editor(key)
        if bool(editor.property("invalid")) == invalid:
            return
        editor.setProperty("invalid", invalid)
        editor.style().unpolish(editor)
        editor.style().polish(editor)

    # Reactions

    def _on_field_edited(self, key: str) -> None:
        if key and self.message_level(key) == "error":
            self._clear_message(key)
        if not self._loading:
            self.edited.emit()

    def _on_province_province_changed(self, code: str) -> None:
        self._fill_old_provinces(code, "")
        if self._loading:
            return
        self._clear_message("province_code")
        new = default_receiver_name(_province_by_code().get(code))
        if self.receiver_office_name.text() in ("", self._auto_receiver):
            self.receiver_office_name.setText(new)
        self._auto_receiver = new

    def _fill_old_provinces(self, code: str, selected: str) -> None:
        """The pre-2025 provinces the chosen province was formed from: one is selected for the
        user; among several the user chooses."""
        province = _province_by_code().get(code)
        codes = list(province.formed_from) if province else []
        if selected and selected not in codes:
            codes.append(selected)
        names = _old_province_names()
        self.old_province.clear()
        for old in codes:
            self.old_province.addItem(names.get(old, old), old)
        self.old_province.setEnabled(bool(codes))
        if not codes:
            self.old_province.setPlaceholderText(_("Chọn tỉnh, thành phố trước"))
        else:
            self.old_province.setPlaceholderText(_("Chọn một trong {n} tỉnh cũ").format(n=len(codes)))
        index = self.old_province.findData(selected) if selected else (0 if len(codes) == 1 else -1)
        self.old_province.setCurrentIndex(index)

    def _on_commune_kind_current_index_changed(self, _index: int) -> None:
        if self._loading:
            return
        kind = self.commune_kind.currentData() or "xa"
        for line in (self.director, self.chair, self.association_chair):
            line.follow_kind(kind)
        self.vice_chairs.follow_kind(kind)
        self._refresh_centre_name()

    def _refresh_centre_name(self) -> None:
        """Keep the centre's name following the commune's until the user writes their own."""
        if self._loading:
            return
        new = default_centre_name(self.commune_kind.currentData() or "xa", self.commune_name.text())
        if not new:  # the commune's name is being retyped: keep the centre's until there is a new one
            return
        if nfc(self.centre_name.text()) in ("", self._auto_centre):
            self.centre_name.setText(new)
            self._clear_message("centre_name")
        self._auto_centre = new

    def _on_commune_code_text_changed(self, text: str) -> None:
        problems = [p for p in validate_profile(ProfileData(commune_code=nfc(text))) if p.field == "commune_code"]
        if problems:
            self._show_message("commune_code", problems[0].message, problems[0].level)
        else:
            self._clear_message("commune_code")

    def _on_vice_chairs_lines_changed(self) -> None:
        self.chain_tab_order()
        if not self._loading:
            self.edited.emit()
