"""A new household with its members typed from the keyboard, then edited, in the real widgets."""

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import households as hh
from app.ui.context import UiContext


def open_dialog(qtbot, db, paths, household_id=None):
    from app.ui.dialogs.household_dialog import HouseholdDialog

    ctx = UiContext(db, paths, 2026)
    dialog = HouseholdDialog(ctx, household_id)
    qtbot.addWidget(dialog, before_close_func=lambda w: setattr(w, "_dirty", False))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    if household_id is None:
        dialog.village.setFocus()
    return ctx, dialog


def test_a_household_and_its_members_are_typed_without_the_mouse(qtbot, keyboard, db, paths, commune):
    ctx, d = open_dialog(qtbot, db, paths)
    messages = []
    ctx.status.connect(messages.append)
    # given: the cursor starts in the village field
    assert QApplication.focusWidget() in (d.village, d.village.lineEdit())
    keyboard.type("hong man")  # no accents: finds "Bản Hồng Mặn"
    keyboard.key(Qt.Key.Key_Tab)
    assert d.village.currentData() == commune["Bản Hồng Mặn"]
    keyboard.key(Qt.Key.Key_Tab)  # code: left empty, numbered automatically
    keyboard.type("Số 12, đường Tô Hiệu")
    keyboard.key(Qt.Key.Key_Tab)  # notes
    keyboard.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.m_name
    # the head
    keyboard.type("Lò Văn Đoàn")
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.key(Qt.Key.Key_Down)  # sex: Nam
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.type("1970")
    # the wife: Ctrl+M adds a member, relation and sex guessed from the head
    keyboard.key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is d.m_name
    keyboard.type("Quàng Thị Xiêng")
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.type("12/05/1972")
    # a child: the family name is typed for us
    keyboard.key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert d.m_name.text() == "Lò "
    keyboard.type("Văn Ún")
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.key(Qt.Key.Key_Down)
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.type("1995")
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    # then
    assert d.result is not None, d.summary.text()
    saved = hh.get_household(db, d.result.id)
    assert saved.code == "HGD-0001"
    assert saved.village_name == "Bản Hồng Mặn"
    assert saved.address == "Số 12, đường Tô Hiệu"
    assert [(m.full_name, m.sex, m.relation, m.birth_year) for m in saved.members] == [
        ("Lò Văn Đoàn", "M", "head", 1970),
        ("Quàng Thị Xiêng", "F", "wife", 1972),
        ("Lò Văn Ún", "M", "child", 1995),
    ]
    assert saved.members[1].birth_date.isoformat() == "1972-05-12"
    assert messages == ["Đã lưu hộ HGD-0001 — Lò Văn Đoàn"]


def test_a_future_birth_year_is_shown_in_red_under_the_field_and_nothing_is_saved(qtbot, keyboard, db, paths, commune):
    _ctx, d = open_dialog(qtbot, db, paths)
    d.m_name.setFocus()
    keyboard.type("Lò Văn Đoàn")
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.type("2099")
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert d.result is None
    assert d.msg["birth"].isVisible()
    assert d.msg["birth"].text() == "Năm sinh không thể sau năm hiện tại."
    assert hh.household_rows(db) == []


def test_a_name_pasted_decomposed_is_normalised_when_the_field_is_left(qtbot, keyboard, db, paths, commune):
    _ctx, d = open_dialog(qtbot, db, paths)
    d.m_name.setFocus()
    d.m_name.insert(unicodedata.normalize("NFD", "Nguyễn  Thị Hoà"))  # a paste
    keyboard.key(Qt.Key.Key_Tab)
    assert d.m_name.text() == "Nguyễn Thị Hoà"
    assert unicodedata.is_normalized("NFC", d.members[0].full_name)


def test_a_duplicate_warns_first_and_saves_on_the_second_ctrl_s(qtbot, keyboard, db, paths, commune):
    from app.services.people import PersonInput

    hh.save_household(db, hh.HouseholdInput(commune["Bản Nà Sản"], (
        PersonInput(full_name="Lò Văn Đoàn", sex="M", birth_year=1970, relation="head"),)))
    _ctx, d = open_dialog(qtbot, db, paths)
    d.village.setCurrentIndex(d.village.findData(commune["Bản Nà Sản"]))
    d.m_name.setFocus()
    keyboard.type("Lo Van Doan")
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.type("1970")
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert d.result is None
    assert "Có thể trùng với Lò Văn Đoàn (1970) ở hộ HGD-0001." in d.summary.text()
    assert d.save_btn.text().startswith("Vẫn lưu")
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert d.result is not None
    assert len(hh.household_rows(db)) == 2


def test_editing_a_household_changes_a_member(qtbot, keyboard, db, paths, commune):
    from app.services.people import PersonInput

    saved = hh.save_household(db, hh.HouseholdInput(commune["Bản Nà Sản"], (
        PersonInput(full_name="Lò Văn Đoàn", sex="M", birth_year=1970, relation="head"),
        PersonInput(full_name="Lò Văn Ún", sex="M", birth_year=1995, relation="child"),)))
    _ctx, d = open_dialog(qtbot, db, paths, saved.id)
    d.table.setCurrentCell(1, 1)
    assert d.m_name.text() == "Lò Văn Ún"
    d.m_occupation.setFocus()
    keyboard.type("Giáo viên")
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert d.result is not None
    assert hh.get_household(db, saved.id).members[1].occupation == "Giáo viên"
