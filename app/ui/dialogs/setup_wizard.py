"""The first-start wizard: who uses the program, where, the centre and signers, the villages.

The profile's fields are :class:`~app.ui.widgets.profile_form.ProfileForm`'s, shared with the
Settings page; this module places its sections on the wizard's pages and saves everything on Finish
through :func:`app.services.setup.save_profile`. The form's public names are re-exported here.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.db.engine import Database
from app.domain.text import sort_key
from app.i18n import _, format_number, ngettext
from app.paths import Paths
from app.services.errors import Problem, ValidationFailed
from app.services.setup import ProfileData, parse_village_list, save_profile
from app.ui import theme
from app.ui.widgets.profile_form import (
    AREA_FIELDS,
    CENTRE_FIELDS,
    COMMUNE_KINDS,
    RECEIVER_FIELDS,
    SECTION_OF,
    ProfileForm,
    ProvinceBox,
    default_centre_name,
    default_position,
    default_receiver_name,
)

__all__ = [
    "COMMUNE_KINDS",
    "ProfileForm",
    "ProvinceBox",
    "SetupWizard",
    "default_centre_name",
    "default_position",
    "default_receiver_name",
]

log = logging.getLogger(__name__)

PAGE_WELCOME, PAGE_AREA, PAGE_CENTRE, PAGE_VILLAGES, PAGE_SUMMARY, PAGE_KEY = range(6)
_PAGE_OF_SECTION = {"area": PAGE_AREA, "centre": PAGE_CENTRE, "signers": PAGE_CENTRE, "receiver": PAGE_CENTRE}


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    widget.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    return area


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 6, 0, 0)
    return label


class _WelcomePage(QWizardPage):
    def __init__(self, form: ProfileForm):
        super().__init__()
        self._form = form
        self.setTitle(_("Chào mừng"))
        self.setSubTitle(_("Phần mềm quản lý Trung tâm học tập cộng đồng"))
        intro = QLabel(_(
            "Chương trình giúp Trung tâm học tập cộng đồng và Hội Khuyến học xã quản lý thôn, bản, hộ gia "
            "đình, dòng họ, đơn vị và công dân; đánh giá, công nhận các danh hiệu Gia đình học tập, Dòng họ "
            "học tập, Cộng đồng học tập, Đơn vị học tập, Công dân học tập; in giấy công nhận và lập báo cáo "
            "gửi cơ quan cấp trên."))
        intro.setWordWrap(True)
        ask = QLabel(_("Trước khi bắt đầu, hãy khai báo đơn vị sử dụng. Các thông tin này sửa được sau, "
                       "trong mục Cài đặt.\n\nChương trình này dùng cho:"))
        ask.setWordWrap(True)
        self.mode_labels = {
            "commune": _("Xã, phường (Trung tâm học tập cộng đồng)"),
            "receiver": _("Cơ quan tiếp nhận (Sở/Phòng GD&ĐT, Hội Khuyến học tỉnh)"),
        }
        # "&" would underline the next letter as a shortcut: "GD&ĐT" must show as written
        self.commune_choice = QRadioButton(self.mode_labels["commune"].replace("&", "&&"))
        self.receiver_choice = QRadioButton(self.mode_labels["receiver"].replace("&", "&&"))
        self.commune_choice.setChecked(True)
        commune_note = QLabel(_("Nhập hộ gia đình, công dân, chấm điểm và in giấy công nhận."))
        receiver_note = QLabel(_("Nhận và tổng hợp dữ liệu, báo cáo do các xã gửi lên."))
        group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(ask)
        for button, note in ((self.commune_choice, commune_note), (self.receiver_choice, receiver_note)):
            group.addButton(button)
            note.setObjectName("hint")
            note.setContentsMargins(24, 0, 0, 6)
            note.setWordWrap(True)
            layout.addWidget(button)
            layout.addWidget(note)
        layout.addStretch(1)
        self.commune_choice.toggled.connect(self._on_commune_choice_toggled)

    def mode(self) -> str:
        return "commune" if self.commune_choice.isChecked() else "receiver"

    def _on_commune_choice_toggled(self, _checked: bool) -> None:
        self._form.set_mode(self.mode())


class _AreaPage(QWizardPage):
    def __init__(self, form: ProfileForm):
        super().__init__()
        self._form = form
        self.setTitle(_("Địa bàn"))
        layout = QVBoxLayout(self)
        layout.addWidget(_scrolling(form.area))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        if self._form.mode == "commune":
            self.setSubTitle(_("Xã, phường nơi Trung tâm hoạt động, theo tên và mã sau sắp xếp năm 2025. "
                               "Mục có dấu * là bắt buộc."))
        else:
            self.setSubTitle(_("Tỉnh, thành phố của cơ quan. Mục có dấu * là bắt buộc."))

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        return self._form.validate(AREA_FIELDS)


class _CentrePage(QWizardPage):
    def __init__(self, form: ProfileForm):
        super().__init__()
        self._form = form
        body = QWidget()
        box = self._box = QVBoxLayout(body)
        box.setContentsMargins(0, 0, 8, 0)
        box.setSpacing(4)
        box.addWidget(form.centre)
        self.signers_heading = _heading(_("Người ký văn bản"))
        box.addWidget(self.signers_heading)
        box.addWidget(form.signers)
        self._gap = QWidget()
        self._gap.setFixedHeight(6)
        box.addWidget(self._gap)
        box.addWidget(form.receiver)
        box.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(_scrolling(body))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        commune = self._form.mode == "commune"
        self.signers_heading.setVisible(commune)
        # a receiving office gives its own name first; a commune its centre's
        self._box.removeWidget(self._form.receiver)
        self._box.insertWidget(self._box.indexOf(self._gap) + 1 if commune else 0, self._form.receiver)
        if commune:
            self.setTitle(_("Trung tâm và người ký"))
            self.setSubTitle(_("Tên Trung tâm và những người ký giấy công nhận, quyết định, báo cáo."))
        else:
            self.setTitle(_("Cơ quan"))
            self.setSubTitle(_("Tên, địa chỉ và điện thoại của cơ quan tiếp nhận."))

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        return self._form.validate(CENTRE_FIELDS + RECEIVER_FIELDS)

    def nextId(self) -> int:  # noqa: N802 - Qt override
        if self._form.mode == "commune":
            return PAGE_VILLAGES
        return PAGE_KEY if self.wizard().page(PAGE_KEY) is not None else PAGE_SUMMARY


class _VillagesPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Thôn, bản"))
        self.setSubTitle(_("Gõ hoặc dán danh sách thôn, bản, tổ dân phố, mỗi dòng một tên (có thể chép cả "
                           "cột từ Excel). Có thể bỏ qua và thêm sau ở mục Thôn/bản."))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(_("Ví dụ:\nBản Nà Sản\nBản Hồng Mặn\nTiểu khu 3"))
        self.text.setTabChangesFocus(True)
        self.count = QLabel()
        font = self.count.font()
        font.setBold(True)
        self.count.setFont(font)
        self.preview = QListWidget()
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        left = QVBoxLayout()
        left.addWidget(QLabel(_("Danh sách gõ hoặc dán vào:")))
        left.addWidget(self.text, 1)
        right = QVBoxLayout()
        right.addWidget(self.count)
        right.addWidget(self.preview, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.text.textChanged.connect(self._on_text_text_changed)
        self._on_text_text_changed()

    def nextId(self) -> int:  # noqa: N802 - Qt override
        return PAGE_KEY if self.wizard().page(PAGE_KEY) is not None else PAGE_SUMMARY

    def villages(self) -> list[str]:
        """The names parsed from the text, numbering and blank lines removed, as typed (NFC)."""
        return parse_village_list(self.text.toPlainText())

    def _on_text_text_changed(self) -> None:
        names = sorted(self.villages(), key=sort_key)
        self.preview.clear()
        self.preview.addItems(names)
        if names:
            self.count.setText(ngettext("{n} thôn, bản", "{n} thôn, bản", len(names)).format(
                n=format_number(len(names))))
        else:
            self.count.setText(_("Chưa có thôn, bản nào"))


class _KeyPage(QWizardPage):
    """The signing key (a commune) or the office's keys (a receiving office), made at set-up with a
    passphrase typed twice; "Tạo khóa sau" leaves it for Cài đặt → Khóa ký số."""

    def __init__(self, form: ProfileForm):
        super().__init__()
        self._form = form
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.again = QLineEdit()
        for field in (self.passphrase, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMinimumWidth(280)
        self.later = QCheckBox(_("Tạo khóa sau (Cài đặt → Khóa ký số)"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {theme.RED}")
        self.problem.hide()
        fields = QFormLayout()
        fields.addRow(_("Mật khẩu của khóa"), self.passphrase)
        fields.addRow(_("Nhập lại mật khẩu"), self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addLayout(fields)
        layout.addWidget(self.problem)
        layout.addWidget(self.later)
        layout.addStretch(1)
        self.later.toggled.connect(self._on_later_toggled)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        if self._form.mode == "commune":
            self.setTitle(_("Khóa ký số"))
            self.intro.setText(_(
                "Xã ký gói dữ liệu gửi cơ quan tiếp nhận và mã QR trên giấy công nhận bằng khóa này. "
                "Khóa bí mật được cất trong thư mục dữ liệu, khóa bằng mật khẩu dưới đây (ít nhất 8 ký tự). "
                "Không ai khôi phục được mật khẩu: hãy ghi lại và cất giữ cẩn thận. Sau khi hoàn tất, "
                "in phiếu khóa ở Cài đặt → Khóa ký số để gửi cơ quan tiếp nhận."))
        else:
            self.setTitle(_("Khóa của cơ quan"))
            self.intro.setText(_(
                "Cơ quan dùng khóa này để mở các gói dữ liệu đã mã hóa của xã và ký biên nhận. "
                "Khóa bí mật được cất trong thư mục dữ liệu, khóa bằng mật khẩu dưới đây (ít nhất 8 ký tự). "
                "Sau khi hoàn tất, trang Khóa của cơ quan cho khóa nhận “age1…” để gửi các xã."))

    def chosen_passphrase(self) -> str | None:
        """The passphrase to make the key with, or None when the officer chose to do it later."""
        return None if self.later.isChecked() else self.passphrase.text()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        from app.services.keys import new_passphrase_problem

        if self.later.isChecked():
            return True
        problem = new_passphrase_problem(self.passphrase.text(), self.again.text())
        if problem is None:
            self.problem.hide()
            return True
        self.problem.setText(problem.message)
        self.problem.show()
        self.again.clear()
        self.passphrase.setFocus()
        return False

    def nextId(self) -> int:  # noqa: N802 - Qt override
        return PAGE_SUMMARY

    def _on_later_toggled(self, later: bool) -> None:
        self.passphrase.setEnabled(not later)
        self.again.setEnabled(not later)
        self.problem.hide()


class _SummaryPage(QWizardPage):
    def __init__(self, wizard: SetupWizard):
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Hoàn tất"))
        self.setSubTitle(_("Kiểm tra lại thông tin; bấm Quay lại để sửa, bấm Hoàn tất để lưu."))
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(_scrolling(self.summary))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.summary.setText(self._wizard.summary_html())

    def nextId(self) -> int:  # noqa: N802 - Qt override
        return -1  # the last page, though the key page has a higher id


class SetupWizard(QWizard):
    """The first-start set-up: who uses the program, where, the centre and signers, the villages.

    ``SetupWizard(db, paths).exec()``; Finish calls :func:`save_profile` once (one transaction, villages
    included), then makes the signing key (a commune) or the office's keys (a receiving office) in
    ``paths`` unless the officer chose to do it later (no ``paths``: no key page). When the service refuses a field the wizard goes back to that field's page and shows
    the message there. After a successful Finish, :attr:`saved_profile` holds the saved
    (NFC-cleaned) :class:`ProfileData`; it stays ``None`` when cancelled. UI thread only.
    """

    def __init__(self, db: Database, paths: Paths | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._paths = paths
        self.key_message = ""
        self.saved_profile: ProfileData | None = None
        self.form = ProfileForm(self)
        self.setWindowTitle(_("Khai báo ban đầu"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.welcome_page = _WelcomePage(self.form)
        self.area_page = _AreaPage(self.form)
        self.centre_page = _CentrePage(self.form)
        self.villages_page = _VillagesPage()
        self.summary_page = _SummaryPage(self)
        for page_id, page in ((PAGE_WELCOME, self.welcome_page), (PAGE_AREA, self.area_page),
                              (PAGE_CENTRE, self.centre_page), (PAGE_VILLAGES, self.villages_page),
                              (PAGE_SUMMARY, self.summary_page)):
            self.setPage(page_id, page)
        self.key_page = _KeyPage(self.form)
        if paths is not None:
            self.setPage(PAGE_KEY, self.key_page)
        self.setStartId(PAGE_WELCOME)
        self.form.chain_tab_order()
        self._fit_screen()
        self._dirty = False
        self._closing_from_code = False
        self.form.edited.connect(self._on_form_edited)
        self.villages_page.text.textChanged.connect(self._on_form_edited)

    def _fit_screen(self) -> None:
        """740×560, smaller on a small or scaled screen (1366×768 at 150 % leaves about 910×470)."""
        self.setMinimumSize(560, 420)
        width, height = 740, 560
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width() - 24)
            height = min(height, available.height() - 48)
        self.resize(max(width, 560), max(height, 420))

    def villages(self) -> list[str]:
        """The villages to create: none in receiving-office mode."""
        return self.villages_page.villages() if self.form.mode == "commune" else []

    def summary_html(self) -> str:
        """The last page's text: every filled field with its label, escaped."""
        data = self.form.profile()
        f = self.form
        rows: list[tuple[str, str]] = [
            (_("Dùng cho"), self.welcome_page.mode_labels[data.mode]),
            (f.label_text("province_code"), data.province_name),
            (f.label_text("old_province_code"), data.old_province_name),
        ]  # fmt: skip
        if data.mode == "commune":
            rows += [
                (f.label_text("commune_name"), data.commune_display),
                (f.label_text("commune_code"), data.commune_code),
                (f.label_text("old_commune_name"), data.old_commune_name),
                (f.label_text("old_commune_code"), data.old_commune_code),
                (f.label_text("centre_name"), data.centre_name),
            ]
        rows += [(f.label_text("address"), data.address), (f.label_text("phone"), data.phone)]
        rows += [(s.position, s.full_name) for s in data.signers]
        rows.append((f.label_text("receiver_office_name"), data.receiver_office_name))
        if self._paths is not None:
            rows.append((_("Khóa ký số"), _("Tạo khi bấm Hoàn tất") if self.key_page.chosen_passphrase()
                         else _("Tạo sau trong Cài đặt → Khóa ký số")))
        if data.mode == "commune":
            names = sorted(self.villages(), key=sort_key)
            shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
            count = ngettext("{n} thôn, bản", "{n} thôn, bản", len(names)).format(n=format_number(len(names)))
            rows.append((_("Thôn, bản"), f"{count}: {shown}" if names else _("Chưa nhập (thêm sau được)")))
        cells = "".join(
            f'<tr><td style="color:{theme.MUTED}; padding:2px 12px 2px 0">{html.escape(label)}</td>'
            f"<td style=\"padding:2px 0\">{html.escape(value)}</td></tr>"
            for label, value in rows
            if value
        )
        return f"<table>{cells}</table>"

    def accept(self) -> None:
        """Finish: save everything in one call; on a refused field go back to its page."""
        if self.currentId() != PAGE_SUMMARY:
            super().accept()
            return
        try:
            self.saved_profile = save_profile(self._db, self.form.profile(), self.villages())
        except ValidationFailed as exc:
            self._go_to_problem(exc.problems)
            return
        except Exception as exc:  # noqa: BLE001 - the officer gets a message, the log the traceback
            log.exception("saving the profile failed")
            QMessageBox.critical(self, _("Không lưu được"),
                                 _("Không lưu được thông tin: {error}").format(error=exc))
            return
        self._make_keys()
        super().accept()

    def _make_keys(self) -> None:
        """After the profile is saved: the key chosen on the key page (a failure is told, not fatal:
        the key can be made in Cài đặt → Khóa ký số)."""
        passphrase = self.key_page.chosen_passphrase() if self._paths is not None else None
        if not passphrase:
            return
        profile = self.saved_profile
        try:
            if profile.mode == "receiver":
                from app.services import receiver

                made = receiver.init_receiver(self._paths, passphrase, profile.receiver_office_name)
                self.key_message = _("Đã tạo khóa của cơ quan; khóa nhận: {recipient}").format(
                    recipient=made.age_recipient)
            else:
                from app.services import keys

                info = keys.init_key(self._paths, passphrase,
                                     f"{profile.commune_display} {profile.commune_code}".strip())
                keys.load_secret(self._paths, passphrase, info.key_id)  # tested at once
                self.key_message = _("Đã tạo khóa ký mã {key_id}.").format(key_id=info.key_id)
        except Exception as exc:  # noqa: BLE001 - the profile is saved; the key can be made later
            log.exception("making the key at set-up failed")
            QMessageBox.warning(self, _("Chưa tạo được khóa"), _(
                "Thông tin đã được lưu, nhưng chưa tạo được khóa: {error}. "
                "Hãy tạo khóa ở Cài đặt → Khóa ký số.").format(error=exc))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        # close() from code (a test's teardown, the program quitting) does not ask; the window's
        # close button does, through reject().
        self._closing_from_code = not event.spontaneous()
        try:
            super().closeEvent(event)
        finally:
            self._closing_from_code = False

    def reject(self) -> None:
        """Cancel (Hủy, Esc, the window's close button), asking first when something was typed."""
        if self._dirty and self.saved_profile is None and not self._closing_from_code:
            answer = QMessageBox.question(
                self, _("Dừng khai báo"),
                _("Dừng khai báo ban đầu? Thông tin vừa nhập sẽ không được lưu."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def _go_to_problem(self, problems: list[Problem]) -> None:
        shown = self.form.show_problems(problems)
        errors = [k for k in shown if self.form.message_level(k) == "error"]
        if not errors:
            QMessageBox.warning(self, _("Chưa lưu được"), str(ValidationFailed(problems)))
            return
        target = _PAGE_OF_SECTION[SECTION_OF[errors[0]]]
        while self.currentId() != target and self.currentId() != PAGE_WELCOME:
            self.back()
        self.form.editor(errors[0]).setFocus()

    def _on_form_edited(self) -> None:
        self._dirty = True
