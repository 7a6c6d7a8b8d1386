"""Thôn/bản: an officer lists, searches, adds, edits and deletes villages in the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import households as hh
from app.services import villages as vs
from app.services.people import PersonInput
from app.services.setup import ProfileData, save_profile
from app.ui.context import UiContext
from tests.ui.helpers import click_button, on_next_modal, show_page, table_texts

# -- data


@pytest.fixture
def villages(db) -> dict[str, int]:
    """Three villages; Bản Nà Sản has two households (5 persons), Bản Hồng Mặn one (2)."""
    save_profile(db, ProfileData(province_code="14", province_name="Sơn La", commune_name="Chiềng Mung",
                                 centre_name="Trung tâm học tập cộng đồng xã Chiềng Mung"),
                 villages=["Bản Nà Sản", "Bản Hồng Mặn", "Tiểu khu 3"])
    ids = {v.name: v.id for v in vs.list_villages(db)}
    for village, names in (("Bản Nà Sản", ("Lò Văn Đoàn", "Quàng Thị Xiêng", "Lò Văn Ún")),
                           ("Bản Nà Sản", ("Cầm Văn Thanh", "Lò Thị Hặc")),
                           ("Bản Hồng Mặn", ("Hoàng Văn Pọm", "Lường Thị Mai"))):
        members = tuple(PersonInput(full_name=n, relation="head" if i == 0 else "other", birth_year=1970 + i)
                        for i, n in enumerate(names))
        hh.save_household(db, hh.HouseholdInput(ids[village], members))
    return ids


@pytest.fixture
def ctx(db, paths):
    return UiContext(db, paths, 2026)


@pytest.fixture
def page(qtbot, ctx):
    from app.ui.pages.villages_page import VillagesPage

    return show_page(qtbot, VillagesPage(ctx))


def test_the_villages_are_listed_with_their_counts_and_the_first_is_shown(villages, page):
    assert page.count_label.text() == "3 thôn, bản"
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Tên", "Loại", "Mã", "Tên/mã trước 01/7/2025", "Số hộ", "Nhân khẩu"]
    assert table_texts(page.table) == [
        ["Bản Hồng Mặn", "Bản", "", "", "1", "2"],
        ["Bản Nà Sản", "Bản", "", "", "2", "5"],
        ["Tiểu khu 3", "Thôn", "", "", "0", "0"],
    ]
    assert page.detail_title.text() == "Bản Hồng Mặn"
    assert "Số hộ gia đình:</b> 1" in page.detail_body.text()


def test_typing_without_accents_filters_by_word_starts(villages, qtbot, page, keyboard):
    page.search.setFocus()
    keyboard.type("na san")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row_at(0).name == "Bản Nà Sản"
    assert page.count_label.text() == "hiển thị 1 / 3 thôn, bản"
    page.search.clear()
    keyboard.type("an")  # "an" starts no word of "Bản Nà Sản"
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.detail_body.text() == (
        "Không có thôn, bản nào khớp với “an”. Hãy gõ ít chữ hơn hoặc xóa ô tìm kiếm.")


def test_an_empty_commune_says_what_to_do(qtbot, ctx):
    from app.ui.pages.villages_page import VillagesPage

    p = VillagesPage(ctx)
    qtbot.addWidget(p)
    p.show()
    assert p.table_stack.currentWidget() is p.empty_label
    assert p.empty_label.text().startswith("Chưa có thôn, bản nào. Bấm Thêm (Ctrl+N)")
    assert not p.edit_action.isEnabled() and not p.delete_action.isEnabled()


def test_ctrl_n_adds_a_village_typed_from_the_keyboard(villages, qtbot, page, keyboard, ctx):
    messages: list[str] = []
    ctx.status.connect(messages.append)
    seen: list = []

    def fill(dialog) -> None:
        assert dialog.windowTitle() == "Thêm thôn, bản"
        assert QApplication.focusWidget() is dialog.name
        keyboard.type("Thôn Đoàn Kết")
        assert dialog.kind_box.currentText() == "Thôn"  # guessed from the name
        keyboard.key(Qt.Key.Key_Tab)  # kind
        keyboard.key(Qt.Key.Key_Tab)  # code
        keyboard.type("07")
        keyboard.key(Qt.Key.Key_Tab)  # old name
        keyboard.type("Xóm Đoàn Kết")
        keyboard.key(Qt.Key.Key_Tab)  # old code
        keyboard.type("12")
        keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    on_next_modal(qtbot, fill, seen)
    page.table.setFocus()
    keyboard.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert seen and not seen[0].widget.isVisible()
    assert messages == ["Đã lưu thôn, bản Thôn Đoàn Kết."]
    assert page.count_label.text() == "4 thôn, bản"
    assert page.selected_row().name == "Thôn Đoàn Kết"
    assert table_texts(page.table)[page.table.currentIndex().row()] == [
        "Thôn Đoàn Kết", "Thôn", "07", "Xóm Đoàn Kết (12)", "0", "0"]


def test_a_duplicate_name_is_shown_in_red_under_the_field_and_esc_asks_before_closing(villages, qtbot, page, keyboard):
    from app.ui.dialogs.village_dialog import VillageDialog

    dialog = VillageDialog(page.ctx, parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    keyboard.type("ban na san")
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    message = dialog._messages["name"]
    assert message.isVisible()
    assert message.text() == "Đã có thôn, bản tên “ban na san”."
    assert dialog.isVisible() and dialog.saved_id is None

    # Esc: the officer is asked, says "Tiếp tục sửa", and the form stays
    questions: list = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Tiếp tục sửa"), questions)
    keyboard.key(Qt.Key.Key_Escape)
    assert questions[0].text == "Bỏ các thay đổi chưa lưu?"
    assert dialog.isVisible()
    # Esc again, "Bỏ thay đổi": closed, nothing saved
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Bỏ thay đổi"))
    dialog.activateWindow()
    keyboard.key(Qt.Key.Key_Escape, widget=dialog.name)
    assert not dialog.isVisible()
    assert len(vs.list_villages(page.ctx.db)) == 3


def test_esc_on_an_unchanged_form_closes_without_asking(villages, qtbot, page, keyboard):
    from app.ui.dialogs.village_dialog import VillageDialog

    dialog = VillageDialog(page.ctx, page.selected_row(), parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name.text() == "Bản Hồng Mặn"
    keyboard.key(Qt.Key.Key_Escape, widget=dialog.name)
    assert not dialog.isVisible()


def test_a_village_with_households_cannot_be_deleted_and_the_officer_is_told_why(villages, qtbot, page, keyboard):
    page.search.setText("nà sản")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    seen: list = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "OK"), seen)
    page.table.setFocus()
    keyboard.key(Qt.Key.Key_Delete)
    assert seen[0].title == "Không xóa được"
    assert seen[0].text.startswith("Không thể xóa Bản Nà Sản:\n- Bản Nà Sản còn 2 hộ gia đình.\n\nHãy chuyển các hộ")
    assert len(vs.list_villages(page.ctx.db)) == 3


def test_an_empty_village_is_deleted_after_a_clear_question(villages, qtbot, page, keyboard, ctx):
    messages: list[str] = []
    ctx.status.connect(messages.append)
    page.search.setText("tieu khu")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    seen: list = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Xóa"), seen)
    page.table.setFocus()
    keyboard.key(Qt.Key.Key_Delete)
    assert seen[0].text == "Xóa Tiểu khu 3 khỏi danh sách thôn, bản?"
    assert seen[0].informative == "Thôn, bản này không có hộ gia đình nào. Việc xóa được ghi vào nhật ký."
    assert messages == ["Đã xóa Tiểu khu 3."]
    assert [v.name for v in vs.list_villages(ctx.db)] == ["Bản Hồng Mặn", "Bản Nà Sản"]
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)


def test_saying_no_to_the_question_deletes_nothing(villages, qtbot, page, keyboard):
    page.search.setText("tieu khu")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Không xóa"))
    page.delete_action.trigger()
    assert len(vs.list_villages(page.ctx.db)) == 3


def test_editing_a_village_from_the_detail_button_keeps_it_selected(villages, qtbot, page, keyboard):
    page.search.setText("hong man")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)

    def rename(dialog) -> None:
        assert dialog.windowTitle() == "Sửa thôn, bản"
        dialog.code.setFocus()
        keyboard.type("03")
        keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    on_next_modal(qtbot, rename)
    qtbot.mouseClick(page.detail_edit, Qt.MouseButton.LeftButton)
    assert page.selected_row().code == "03"
    assert "<b>Mã:</b> 03" in page.detail_body.text()


def test_in_giay_cong_nhan_asks_for_the_selected_villages_certificate(villages, qtbot, page, ctx):
    """The button beside Sửa opens the Giấy công nhận page on that village (Cộng đồng học tập)."""
    went = []
    ctx.navigate.connect(lambda key, record: went.append((key, record)))
    assert page.detail_certificate.isVisible() and page.detail_certificate.text() == "In giấy công nhận"
    qtbot.mouseClick(page.detail_certificate, Qt.MouseButton.LeftButton)
    assert went == [("certificates", {"kind": "village", "id": villages["Bản Hồng Mặn"]})]
    page.search.setText("không có thôn này")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert not page.detail_certificate.isVisible()
