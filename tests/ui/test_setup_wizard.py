"""The first-start wizard, driven as a commune officer would: typing, pasting, clicking Next."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWizard

from app.db import open_database
from app.paths import Paths
from app.services.errors import Problem, ValidationFailed
from app.services.setup import get_profile, is_set_up
from app.services.villages import list_villages
from app.ui.dialogs import setup_wizard
from app.ui.dialogs.setup_wizard import (
    PAGE_AREA,
    PAGE_CENTRE,
    PAGE_SUMMARY,
    PAGE_VILLAGES,
    PAGE_WELCOME,
    SetupWizard,
    default_centre_name,
    default_receiver_name,
)

pytestmark = pytest.mark.ui


@pytest.fixture
def db(tmp_path):
    database = open_database(Paths(tmp_path))
    yield database
    database.dispose()


@pytest.fixture
def wizard(qtbot, db):
    w = SetupWizard(db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def click(qtbot, wizard, which):
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def click_next(qtbot, wizard):
    click(qtbot, wizard, QWizard.WizardButton.NextButton)


def type_into(qtbot, widget, text):
    """Type ``text`` key by key, each key carrying its character as Unikey sends it (QTest's own
    keyClicks only knows ASCII)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
    qtbot.wait(1)


def choose_province(qtbot, wizard, typed):
    """Type part of the name and pick the first suggestion, as with the keyboard."""
    box = wizard.form.province
    type_into(qtbot, box.lineEdit(), typed)
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def choose_receiver_mode(qtbot, wizard):
    radio = wizard.welcome_page.receiver_choice
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))  # on the circle
    assert radio.isChecked()


def paste_into(qtbot, widget, text):
    QApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def visible_labels(widget):
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]


def test_a_commune_is_set_up_with_its_signers_and_villages(qtbot, wizard, db):
    # given the welcome page with the commune choice ticked
    assert wizard.currentId() == PAGE_WELCOME
    assert wizard.welcome_page.commune_choice.isChecked()
    click_next(qtbot, wizard)

    # when the officer types "son la" and picks Sơn La, then the commune
    assert wizard.currentId() == PAGE_AREA
    f = wizard.form
    choose_province(qtbot, wizard, "son la")
    assert f.province.currentText() == "Sơn La"
    assert f.old_province.currentText() == "Sơn La"  # formed from one old province: chosen for them
    assert f.commune_kind.currentText() == "Xã"
    type_into(qtbot, f.commune_name, "Chiềng Mung")
    type_into(qtbot, f.commune_code, "14113")
    assert f.message("commune_code") == ""
    click_next(qtbot, wizard)

    # the centre's and the receiver's names are proposed from what was typed
    assert wizard.currentId() == PAGE_CENTRE
    assert f.centre_name.text() == "Trung tâm học tập cộng đồng xã Chiềng Mung"
    assert f.receiver_office_name.text() == "Sở Giáo dục và Đào tạo tỉnh Sơn La"
    assert len(f.vice_chairs.lines()) == 2
    type_into(qtbot, f.director.name, "Lò Văn Pọm")
    type_into(qtbot, f.chair.name, "Cầm Văn Ún")
    first, second = f.vice_chairs.lines()
    type_into(qtbot, first.name, "Lường Thị Hoa")
    type_into(qtbot, second.name, "Quàng Văn Thắng")
    type_into(qtbot, f.association_chair.name, "Lò Thị Xuân")
    type_into(qtbot, f.phone, "0212 3845 123")
    click_next(qtbot, wizard)

    # a column pasted from Excel becomes a preview list
    assert wizard.currentId() == PAGE_VILLAGES
    paste_into(qtbot, wizard.villages_page.text, "1. Bản Nà Sản\n2. Bản Hồng Mặn\nTiểu khu 3\n")
    assert wizard.villages_page.count.text() == "3 thôn, bản"
    preview = wizard.villages_page.preview
    assert [preview.item(i).text() for i in range(preview.count())] == ["Bản Hồng Mặn", "Bản Nà Sản", "Tiểu khu 3"]
    click_next(qtbot, wizard)

    assert wizard.currentId() == PAGE_SUMMARY
    summary = wizard.summary_page.summary.text()
    assert "Xã Chiềng Mung" in summary and "14113" in summary and "3 thôn, bản" in summary
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    # then everything is saved in one go
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert is_set_up(db)
    p = get_profile(db)
    assert wizard.saved_profile == p
    assert (p.mode, p.province_code, p.province_name) == ("commune", "14", "Sơn La")
    assert (p.old_province_code, p.old_province_name) == ("14", "Sơn La")
    assert (p.commune_kind, p.commune_name, p.commune_code) == ("xa", "Chiềng Mung", "14113")
    assert p.commune_display == "Xã Chiềng Mung"
    assert p.centre_name == "Trung tâm học tập cộng đồng xã Chiềng Mung"
    assert p.receiver_office_name == "Sở Giáo dục và Đào tạo tỉnh Sơn La"
    assert p.phone == "0212 3845 123"
    assert [(s.role, s.full_name, s.position) for s in p.signers] == [
        ("centre_director", "Lò Văn Pọm", "Giám đốc Trung tâm học tập cộng đồng"),
        ("chair", "Cầm Văn Ún", "Chủ tịch UBND xã"),
        ("vice_chair", "Lường Thị Hoa", "Phó Chủ tịch UBND xã"),
        ("vice_chair", "Quàng Văn Thắng", "Phó Chủ tịch UBND xã"),
        ("association_chair", "Lò Thị Xuân", "Chủ tịch Hội Khuyến học xã"),
    ]
    assert [v.name for v in list_villages(db)] == ["Bản Hồng Mặn", "Bản Nà Sản", "Tiểu khu 3"]


def test_a_missing_commune_name_blocks_next_with_a_red_message(qtbot, wizard):
    click_next(qtbot, wizard)
    choose_province(qtbot, wizard, "son la")

    click_next(qtbot, wizard)

    assert wizard.currentId() == PAGE_AREA
    f = wizard.form
    assert f.message("commune_name") == "Hãy nhập tên xã, phường."
    assert f.message_level("commune_name") == "error"
    assert "Hãy nhập tên xã, phường." in visible_labels(wizard)
    assert f.commune_name.property("invalid") is True

    # typing the name clears the message and lets the officer go on
    type_into(qtbot, f.commune_name, "Chiềng Mung")
    assert f.message("commune_name") == ""
    assert "Hãy nhập tên xã, phường." not in visible_labels(wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CENTRE


def test_a_province_must_be_chosen(qtbot, wizard):
    click_next(qtbot, wizard)
    type_into(qtbot, wizard.form.commune_name, "Chiềng Mung")
    type_into(qtbot, wizard.form.province.lineEdit(), "xyz")

    click_next(qtbot, wizard)

    assert wizard.currentId() == PAGE_AREA
    assert wizard.form.message("province_code") == "Hãy chọn tỉnh, thành phố."


def test_the_province_is_found_without_accents_and_leaving_the_field_is_enough(qtbot, wizard):
    click_next(qtbot, wizard)
    f = wizard.form
    type_into(qtbot, f.province.lineEdit(), "ha noi")
    popup = f.province.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())] == ["Hà Nội"]
    qtbot.keyClick(popup, Qt.Key.Key_Escape)

    type_into(qtbot, f.commune_name, "Ba Đình")  # focus moves on: "ha noi" is taken as Hà Nội

    assert f.province.currentText() == "Hà Nội"
    assert f.province.code() == "01"


def test_a_merged_province_lets_the_officer_choose_the_old_one(qtbot, wizard):
    click_next(qtbot, wizard)
    f = wizard.form
    choose_province(qtbot, wizard, "phu tho")

    assert [f.old_province.itemText(i) for i in range(f.old_province.count())] == ["Hoà Bình", "Phú Thọ", "Vĩnh Phúc"]
    assert f.old_province.currentIndex() == -1
    f.old_province.setCurrentIndex(2)
    assert f.profile().old_province_code == "26"
    assert f.profile().old_province_name == "Vĩnh Phúc"


def test_a_commune_code_not_of_five_digits_is_an_amber_warning_that_lets_the_user_go_on(qtbot, wizard):
    click_next(qtbot, wizard)
    f = wizard.form
    choose_province(qtbot, wizard, "son la")
    type_into(qtbot, f.commune_name, "Chiềng Mung")
    type_into(qtbot, f.commune_code, "1411")

    assert f.message_level("commune_code") == "warning"
    assert "5 chữ số" in f.message("commune_code")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CENTRE


def test_names_typed_in_decomposed_unicode_are_stored_composed(qtbot, wizard, db):
    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    click_next(qtbot, wizard)
    f = wizard.form
    choose_province(qtbot, wizard, "son la")
    type_into(qtbot, f.commune_name, nfd("Chiềng Mung"))
    assert f.commune_name.text() != "Chiềng Mung"  # really typed as NFD
    click_next(qtbot, wizard)
    type_into(qtbot, f.director.name, nfd("Lò Văn Pọm"))
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    p = get_profile(db)
    assert p.commune_name == "Chiềng Mung"
    assert p.centre_name == "Trung tâm học tập cộng đồng xã Chiềng Mung"
    assert p.signer("centre_director").full_name == "Lò Văn Pọm"


def test_receiver_mode_skips_the_villages_page(qtbot, wizard, db):
    choose_receiver_mode(qtbot, wizard)
    click_next(qtbot, wizard)
    f = wizard.form
    assert not f.commune_name.isVisible()
    choose_province(qtbot, wizard, "son la")
    click_next(qtbot, wizard)

    assert wizard.currentId() == PAGE_CENTRE
    assert wizard.centre_page.title() == "Cơ quan"
    assert not f.centre_name.isVisible() and not f.director.name.isVisible()
    assert f.receiver_office_name.text() == "Sở Giáo dục và Đào tạo tỉnh Sơn La"
    click_next(qtbot, wizard)

    assert wizard.currentId() == PAGE_SUMMARY
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    p = get_profile(db)
    assert p.mode == "receiver"
    assert p.receiver_office_name == "Sở Giáo dục và Đào tạo tỉnh Sơn La"
    assert p.commune_display == "Sở Giáo dục và Đào tạo tỉnh Sơn La"
    assert p.signers == ()
    assert list_villages(db) == []


def test_an_empty_office_name_in_receiver_mode_is_refused_in_plain_words(qtbot, wizard):
    choose_receiver_mode(qtbot, wizard)
    click_next(qtbot, wizard)
    choose_province(qtbot, wizard, "son la")
    click_next(qtbot, wizard)
    wizard.form.receiver_office_name.clear()

    click_next(qtbot, wizard)

    assert wizard.currentId() == PAGE_CENTRE
    assert wizard.form.message("receiver_office_name") == "Hãy nhập tên cơ quan."


def test_a_field_refused_on_finish_takes_the_officer_back_to_it(qtbot, wizard, db, monkeypatch):
    click_next(qtbot, wizard)
    choose_province(qtbot, wizard, "son la")
    type_into(qtbot, wizard.form.commune_name, "Chiềng Mung")
    for _page in range(3):
        click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_SUMMARY

    def refuse(*_args, **_kwargs):
        raise ValidationFailed([Problem("commune_name", "Tên xã không có trong danh mục.")])

    monkeypatch.setattr(setup_wizard, "save_profile", refuse)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.isVisible()
    assert wizard.currentId() == PAGE_AREA
    assert wizard.form.message("commune_name") == "Tên xã không có trong danh mục."
    assert wizard.saved_profile is None
    assert not is_set_up(db)


def test_vice_chair_lines_can_be_added_and_removed_but_two_stay(qtbot, wizard):
    vc = wizard.form.vice_chairs
    qtbot.mouseClick(vc.add_button, Qt.MouseButton.LeftButton)
    assert len(vc.lines()) == 3
    vc.lines()[0].name.setText("Lường Thị Hoa")
    vc.remove_line(vc.lines()[2])
    vc.remove_line(vc.lines()[0])
    assert len(vc.lines()) == 2
    assert vc.data() == []


def test_the_wizard_fits_a_small_screen(wizard):
    assert wizard.width() <= 760 and wizard.height() <= 560


def test_default_names():
    assert default_centre_name("phuong", "Phường Tô Hiệu") == "Trung tâm học tập cộng đồng phường Tô Hiệu"
    assert default_centre_name("xa", "") == ""
    from app.domain.reference import provinces_2025

    hanoi = next(p for p in provinces_2025() if p.code == "01")
    assert default_receiver_name(hanoi) == "Sở Giáo dục và Đào tạo thành phố Hà Nội"


def test_cancel_asks_before_dropping_what_was_typed(qtbot, wizard, monkeypatch):
    answers = []

    def answer(*_args, **_kwargs):
        return answers.pop(0)

    monkeypatch.setattr(setup_wizard.QMessageBox, "question", answer)
    click_next(qtbot, wizard)
    type_into(qtbot, wizard.form.commune_name, "Chiềng Mung")

    answers.append(QMessageBox.StandardButton.No)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.isVisible()

    answers.append(QMessageBox.StandardButton.Yes)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Rejected


def test_tab_goes_down_the_form(qtbot, wizard):
    click_next(qtbot, wizard)
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    f = wizard.form
    f.province.setFocus()
    expected = [f.old_province, f.commune_kind, f.commune_name, f.commune_code, f.old_commune_name]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget


@pytest.fixture
def keyed_wizard(qtbot, tmp_path):
    """The wizard as the program opens it: with the data folder, so it has the key page."""
    paths = Paths(tmp_path / "data")
    database = open_database(paths)
    w = SetupWizard(database, paths)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w, database, paths
    database.dispose()


def _to_key_page_as_a_commune(qtbot, w):
    click_next(qtbot, w)
    choose_province(qtbot, w, "son la")
    type_into(qtbot, w.form.commune_name, "Chiềng Mung")
    type_into(qtbot, w.form.commune_code, "14113")
    click_next(qtbot, w)
    type_into(qtbot, w.form.director.name, "Lò Văn Pọm")
    type_into(qtbot, w.form.chair.name, "Cầm Văn Ún")
    click_next(qtbot, w)
    assert w.currentId() == PAGE_VILLAGES
    click_next(qtbot, w)  # no villages yet
    assert w.currentId() == setup_wizard.PAGE_KEY


def test_the_commune_key_is_made_at_set_up_with_the_passphrase_typed_twice(qtbot, keyed_wizard):
    from app.services import keys

    w, _db, paths = keyed_wizard
    _to_key_page_as_a_commune(qtbot, w)
    assert w.key_page.title() == "Khóa ký số"

    # two different passphrases are refused in red, and nothing goes on
    type_into(qtbot, w.key_page.passphrase, "Mật khẩu Chiềng Mung")
    type_into(qtbot, w.key_page.again, "Mật khẩu Chiềng Mun")
    click_next(qtbot, w)
    assert w.currentId() == setup_wizard.PAGE_KEY
    assert w.key_page.problem.text() == "Hai lần nhập mật khẩu không giống nhau."

    type_into(qtbot, w.key_page.again, "Mật khẩu Chiềng Mung")
    click_next(qtbot, w)
    assert w.currentId() == PAGE_SUMMARY
    assert "Tạo khi bấm Hoàn tất" in w.summary_page.summary.text()
    click(qtbot, w, QWizard.WizardButton.FinishButton)

    made = keys.current_key(paths)
    assert made is not None and made.key_id in w.key_message
    assert "14113" in made.public_key_text or "14113" in made.comment
    assert keys.load_secret(paths, "Mật khẩu Chiềng Mung").key_id == made.key_id


def test_the_key_can_be_left_for_later(qtbot, keyed_wizard):
    from app.services import keys

    w, db, paths = keyed_wizard
    _to_key_page_as_a_commune(qtbot, w)
    qtbot.mouseClick(w.key_page.later, Qt.MouseButton.LeftButton, pos=QPoint(8, w.key_page.later.height() // 2))
    assert not w.key_page.passphrase.isEnabled()
    click_next(qtbot, w)
    click(qtbot, w, QWizard.WizardButton.FinishButton)
    assert is_set_up(db)
    assert keys.current_key(paths) is None


def test_a_receiving_office_gets_its_age_identity_at_set_up(qtbot, keyed_wizard):
    from app.services import receiver

    w, _db, paths = keyed_wizard
    choose_receiver_mode(qtbot, w)
    click_next(qtbot, w)
    choose_province(qtbot, w, "son la")
    click_next(qtbot, w)
    click_next(qtbot, w)
    assert w.currentId() == setup_wizard.PAGE_KEY
    assert w.key_page.title() == "Khóa của cơ quan"
    type_into(qtbot, w.key_page.passphrase, "khoa co quan 2026")
    type_into(qtbot, w.key_page.again, "khoa co quan 2026")
    click_next(qtbot, w)
    assert w.currentId() == PAGE_SUMMARY
    click(qtbot, w, QWizard.WizardButton.FinishButton)
    assert w.result() == QWizard.DialogCode.Accepted

    identity = receiver.receiver_identity(paths)
    assert identity.age_recipient.startswith("age1")
    assert identity.age_recipient in w.key_message
