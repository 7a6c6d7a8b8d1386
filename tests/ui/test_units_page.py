"""Đơn vị: an officer records a school with its head and staff (with positions), then lists,
filters, edits and deletes units, all in the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.services import households as hh
from app.services import units as us
from app.services import villages as vs
from app.services.people import PersonInput
from app.services.persons import person_rows
from app.services.setup import ProfileData, save_profile
from app.ui.context import UiContext
from tests.ui.helpers import (
    Shown,
    click_button,
    on_next_modal,
    open_dialog,
    person,
    press,
    show_page,
)

# -- helpers


def choose_person(qtbot, keyboard, picker, query: str, expected_label: str) -> None:
    """Type ``query`` into the picker, check the first suggestion, take it with Down and Enter."""
    picker.edit.setFocus()
    keyboard.type(query)
    qtbot.waitUntil(lambda: picker.popup().isVisible())
    assert picker.popup().model().index(0, 0).data() == expected_label
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert picker.person_id() is not None
    # offscreen there is no window manager to give the form back the activation the popup had
    picker.window().activateWindow()
    qtbot.waitUntil(picker.window().isActiveWindow)


def staff_texts(dialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() for c in range(2)] for r in range(t.rowCount())]


# -- data


@pytest.fixture
def villages(db) -> dict[str, int]:
    """Bản Nà Sản: HGD-0001 Lò Văn Đoàn (1970), his daughter Lò Thị Hặc (1995) and son Lò Văn Ún
    (1998); Bản Hồng Mặn: HGD-0002 Quàng Thị Xiêng (1980)."""
    save_profile(db, ProfileData(province_code="14", province_name="Sơn La", commune_name="Chiềng Mung",
                                 centre_name="Trung tâm học tập cộng đồng xã Chiềng Mung"),
                 villages=["Bản Nà Sản", "Bản Hồng Mặn", "Tiểu khu 3"])
    ids = {v.name: v.id for v in vs.list_villages(db)}
    hh.save_household(db, hh.HouseholdInput(ids["Bản Nà Sản"], (
        PersonInput(full_name="Lò Văn Đoàn", sex="M", birth_year=1970, relation="head"),
        PersonInput(full_name="Lò Thị Hặc", sex="F", birth_year=1995, relation="child"),
        PersonInput(full_name="Lò Văn Ún", sex="M", birth_year=1998, relation="child"),
    )))
    hh.save_household(db, hh.HouseholdInput(ids["Bản Hồng Mặn"], (
        PersonInput(full_name="Quàng Thị Xiêng", sex="F", birth_year=1980, relation="head"),
    )))
    return ids


@pytest.fixture
def ctx(db, paths):
    return UiContext(db, paths, 2026)


@pytest.fixture
def unit_dialog(qtbot, ctx, villages):
    from app.ui.dialogs.unit_dialog import UnitDialog

    return open_dialog(qtbot, UnitDialog(ctx))


@pytest.fixture
def page(qtbot, ctx):
    from app.ui.pages.units_page import UnitsPage

    return show_page(qtbot, UnitsPage(ctx))


# -- the unit form


def test_a_school_is_recorded_with_its_head_and_staff_from_the_keyboard(qtbot, keyboard, ctx, db, villages,
                                                                       unit_dialog):
    d = unit_dialog
    messages: list[str] = []
    ctx.status.connect(messages.append)
    assert QApplication.focusWidget() is d.name
    keyboard.type("Trường Tiểu học Chiềng Mung")
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.key(Qt.Key.Key_Down)  # Cơ quan → Trường học
    assert d.kind_box.currentText() == "Trường học"
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.type("na san")  # the village, without accents
    keyboard.key(Qt.Key.Key_Tab)
    assert d.village.currentData() == villages["Bản Nà Sản"]
    keyboard.type("Km 5, quốc lộ 6")
    keyboard.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.head.edit
    choose_person(qtbot, keyboard, d.head, "doan", "Lò Văn Đoàn (1970) — HGD-0001, Bản Nà Sản")

    # staff: choose a person, the cursor goes to the position, Enter adds the line
    choose_person(qtbot, keyboard, d.staff_picker, "lo thi hac", "Lò Thị Hặc (1995) — HGD-0001, Bản Nà Sản")
    assert QApplication.focusWidget() is d.position
    keyboard.type("Giáo viên")
    keyboard.key(Qt.Key.Key_Return)
    assert QApplication.focusWidget() is d.staff_picker.edit
    assert d.staff_picker.edit.text() == "" and d.position.text() == ""
    choose_person(qtbot, keyboard, d.staff_picker, "lo van doan", "Lò Văn Đoàn (1970) — HGD-0001, Bản Nà Sản")
    keyboard.type("Hiệu trưởng")
    qtbot.mouseClick(d.add_btn, Qt.MouseButton.LeftButton)
    choose_person(qtbot, keyboard, d.staff_picker, "xieng", "Quàng Thị Xiêng (1980) — HGD-0002, Bản Hồng Mặn")
    keyboard.key(Qt.Key.Key_Return)  # no position yet
    assert staff_texts(d) == [["Lò Thị Hặc", "Giáo viên"], ["Lò Văn Đoàn", "Hiệu trưởng"], ["Quàng Thị Xiêng", ""]]
    assert d.staff_count.text() == "3 cán bộ"

    # the same person twice, or a name not chosen from the list, is explained in red
    choose_person(qtbot, keyboard, d.staff_picker, "lo thi hac", "Lò Thị Hặc (1995) — HGD-0001, Bản Nà Sản")
    keyboard.key(Qt.Key.Key_Return)
    assert d.staff_message.text() == "Lò Thị Hặc đã có trong danh sách cán bộ."
    d.staff_picker.clear()
    d.staff_picker.edit.setFocus()
    keyboard.type("Nguyễn Văn Khách")
    qtbot.mouseClick(d.add_btn, Qt.MouseButton.LeftButton)
    assert d.staff_message.text() == (
        "Hãy chọn một người trong danh sách gợi ý: cán bộ phải có trong sổ nhân khẩu.")
    assert len(d.staff) == 3

    # a position is corrected in the table (F2), a line is removed (Delete)
    d.table.setFocus()
    d.table.setCurrentCell(2, 1)
    press(qtbot, Qt.Key.Key_F2)
    keyboard.type("Kế toán")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.table.state() != QAbstractItemView.State.EditingState)  # the delegate commits queued
    assert staff_texts(d)[2] == ["Quàng Thị Xiêng", "Kế toán"]
    d.table.selectRow(0)
    d.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is d.table)
    press(qtbot, Qt.Key.Key_Delete)
    assert staff_texts(d) == [["Lò Văn Đoàn", "Hiệu trưởng"], ["Quàng Thị Xiêng", "Kế toán"]]

    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert messages == ["Đã lưu đơn vị Trường Tiểu học Chiềng Mung."]
    saved = us.get_unit(db, d.saved_id)
    assert (saved.name, saved.kind, saved.village_id, saved.address, saved.head_name, saved.head_person_id) == (
        "Trường Tiểu học Chiềng Mung", "school", villages["Bản Nà Sản"], "Km 5, quốc lộ 6", "Lò Văn Đoàn",
        person(db, "Lò Văn Đoàn"))
    assert sorted((m[1], m[2]) for m in saved.members) == [("Lò Văn Đoàn", "Hiệu trưởng"),
                                                           ("Quàng Thị Xiêng", "Kế toán")]


def test_a_unit_without_a_name_is_refused_in_red_under_the_name(qtbot, keyboard, db, unit_dialog):
    d = unit_dialog
    d.address.setFocus()
    keyboard.type("Bản Nà Sản")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert d.isVisible()
    assert d._messages["name"].text() == "Hãy nhập tên đơn vị."
    assert QApplication.focusWidget() is d.name
    assert us.unit_rows(db) == []


def test_esc_with_changes_asks_and_discarding_saves_nothing(qtbot, keyboard, db, unit_dialog):
    d = unit_dialog
    keyboard.type("Hợp tác xã chè")
    seen: list[Shown] = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Bỏ thay đổi"), seen)
    press(qtbot, Qt.Key.Key_Escape)
    assert seen[0].text == "Bỏ các thay đổi chưa lưu?"
    assert not d.isVisible()
    assert us.unit_rows(db) == []


# -- the page


@pytest.fixture
def units(db, villages) -> dict[str, int]:
    school = us.save_unit(db, us.UnitInput(
        "Trường Tiểu học Chiềng Mung", kind="school", village_id=villages["Bản Nà Sản"],
        head_person_id=person(db, "Lò Văn Đoàn"),
        members=((person(db, "Lò Văn Đoàn"), "Hiệu trưởng"), (person(db, "Lò Thị Hặc"), "Giáo viên"))))
    coop = us.save_unit(db, us.UnitInput("Hợp tác xã chè Nà Sản", kind="cooperative"))
    station = us.save_unit(db, us.UnitInput("Trạm y tế xã Chiềng Mung", kind="health_station",
                                            head_name="Quàng Thị Xiêng"))
    return {"school": school, "coop": coop, "station": station}


def test_the_page_lists_units_and_shows_the_staff_of_the_selected_one(qtbot, units, page):
    assert page.count_label.text() == "3 đơn vị"
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == ["Tên đơn vị", "Loại", "Thôn, bản", "Người đứng đầu", "Số cán bộ"]
    rows = [[page.model.index(r, c).data() for c in range(5)] for r in range(page.model.rowCount())]
    assert rows == [
        ["Hợp tác xã chè Nà Sản", "Hợp tác xã", "", "", "0"],
        ["Trạm y tế xã Chiềng Mung", "Trạm y tế", "", "Quàng Thị Xiêng", "0"],
        ["Trường Tiểu học Chiềng Mung", "Trường học", "Bản Nà Sản", "Lò Văn Đoàn", "2"],
    ]
    page.table.selectRow(2)
    assert page.detail_title.text() == "Trường Tiểu học Chiềng Mung"
    t = page.staff_table
    assert [[t.item(r, c).text() for c in range(2)] for r in range(t.rowCount())] == [
        ["Lò Văn Đoàn", "Hiệu trưởng"], ["Lò Thị Hặc", "Giáo viên"]]
    page.table.selectRow(0)
    assert not page.staff_table.isVisible()
    assert "Chưa có danh sách cán bộ. Bấm Sửa để thêm." in page.detail_body.text()


def test_the_list_filters_by_typing_and_by_kind(qtbot, keyboard, units, page):
    page.search.setFocus()
    keyboard.type("chieng mung")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("school"))
    assert [page.model.row_at(r).name for r in range(page.model.rowCount())] == ["Trường Tiểu học Chiềng Mung"]
    assert page.count_label.text() == "hiển thị 1 / 3 đơn vị"
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("cooperative"))
    assert page.model.rowCount() == 0
    assert page.detail_body.text() == (
        "Không có đơn vị nào khớp. Hãy gõ ít chữ hơn, xóa ô tìm kiếm hoặc chọn Loại: Tất cả.")


def test_no_unit_yet_says_what_to_do(qtbot, villages, page):
    assert page.table_stack.currentWidget() is page.empty_label
    assert page.empty_label.text().startswith("Chưa có đơn vị nào. Bấm Thêm để tạo cơ quan, trường học")


def test_deleting_a_unit_says_its_staff_stay_in_the_registry(qtbot, keyboard, ctx, db, units, page):
    messages: list[str] = []
    ctx.status.connect(messages.append)
    page.table.selectRow(2)
    seen: list[Shown] = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Xóa"), seen)
    page.table.setFocus()
    keyboard.key(Qt.Key.Key_Delete)
    assert seen[0].text == "Xóa đơn vị Trường Tiểu học Chiềng Mung?"
    assert seen[0].informative.startswith("Danh sách 2 cán bộ của đơn vị sẽ bị xóa; những người này vẫn còn")
    assert messages == ["Đã xóa đơn vị Trường Tiểu học Chiềng Mung."]
    assert len(us.unit_rows(db)) == 2
    assert len(person_rows(db)) == 4
    assert page.count_label.text() == "2 đơn vị"


def test_editing_a_unit_opens_its_staff_and_reselects_it(qtbot, keyboard, units, page):
    page.table.selectRow(2)

    def add_position(dialog) -> None:
        assert dialog.windowTitle() == "Sửa đơn vị"
        assert dialog.village.currentText() == "Bản Nà Sản"
        assert staff_texts(dialog) == [["Lò Văn Đoàn", "Hiệu trưởng"], ["Lò Thị Hặc", "Giáo viên"]]
        choose_person(qtbot, keyboard, dialog.staff_picker, "un", "Lò Văn Ún (1998) — HGD-0001, Bản Nà Sản")
        keyboard.type("Bảo vệ")
        keyboard.key(Qt.Key.Key_Return)
        keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    on_next_modal(qtbot, add_position)
    qtbot.mouseClick(page.detail_edit, Qt.MouseButton.LeftButton)
    assert page.selected_row().name == "Trường Tiểu học Chiềng Mung"
    assert page.selected_row().staff == 3
    assert page.staff_table.rowCount() == 3
