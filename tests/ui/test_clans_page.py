"""Dòng họ: an officer builds a clan from households of two villages, picks its head from the
registry, and finds, edits and deletes clans, all in the real widgets."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.text import fold
from app.services import clans as cs
from app.services import households as hh
from app.services import villages as vs
from app.services.people import PersonInput
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


def popup_texts(picker) -> list[str]:
    model = picker.completer.popup().model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


# -- data


@pytest.fixture
def registry(db) -> dict[str, int]:
    """Bản Nà Sản: HGD-0001 Lò Văn Đoàn (1950) with his son Lò Văn Ún, HGD-0002 Lò Văn Pọm (1975),
    HGD-0003 Cầm Văn Thanh (1960); Bản Hồng Mặn: HGD-0004 Lò Văn Dũng (1980), HGD-0005 Quàng Thị
    Xiêng (1968). Returns household code → id."""
    save_profile(db, ProfileData(province_code="14", province_name="Sơn La", commune_name="Chiềng Mung",
                                 centre_name="Trung tâm học tập cộng đồng xã Chiềng Mung"),
                 villages=["Bản Nà Sản", "Bản Hồng Mặn", "Tiểu khu 3"])
    villages = {v.name: v.id for v in vs.list_villages(db)}
    out = {}
    for village, head, year, *others in (("Bản Nà Sản", "Lò Văn Đoàn", 1950, "Lò Văn Ún"),
                                         ("Bản Nà Sản", "Lò Văn Pọm", 1975),
                                         ("Bản Nà Sản", "Cầm Văn Thanh", 1960),
                                         ("Bản Hồng Mặn", "Lò Văn Dũng", 1980),
                                         ("Bản Hồng Mặn", "Quàng Thị Xiêng", 1968)):
        members = (PersonInput(full_name=head, birth_year=year, relation="head"),
                   *(PersonInput(full_name=n, birth_year=year + 25, relation="child") for n in others))
        saved = hh.save_household(db, hh.HouseholdInput(villages[village], members))
        out[saved.code] = saved.id
    return out


@pytest.fixture
def ctx(db, paths):
    return UiContext(db, paths, 2026)


@pytest.fixture
def clan_dialog(qtbot, ctx, registry):
    from app.ui.dialogs.clan_dialog import ClanDialog

    return open_dialog(qtbot, ClanDialog(ctx))


@pytest.fixture
def page(qtbot, ctx):
    from app.ui.pages.clans_page import ClansPage

    return show_page(qtbot, ClansPage(ctx))


# -- the clan form


def test_a_clan_is_built_from_households_of_two_villages_with_its_head_from_the_registry(
        qtbot, keyboard, ctx, db, registry, clan_dialog):
    d = clan_dialog
    messages: list[str] = []
    ctx.status.connect(messages.append)
    assert QApplication.focusWidget() is d.name
    keyboard.type("Họ Lò")
    keyboard.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.head.edit

    # the head: typed without accents, chosen in the popup with Down and Enter
    keyboard.type("lo van doan")
    qtbot.waitUntil(lambda: d.head.popup().isVisible())
    assert popup_texts(d.head) == ["Lò Văn Đoàn (1950) — HGD-0001, Bản Nà Sản"]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert d.head.person_id() == person(db, "Lò Văn Đoàn")
    assert d.head.edit.text() == "Lò Văn Đoàn"
    assert d.head.hint.text() == "✓ Lò Văn Đoàn (1950) — HGD-0001, Bản Nà Sản"

    keyboard.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.notes
    keyboard.type("Nhà thờ họ ở bản Nà Sản")

    # households: "lo van" finds the Lò households of both villages; Down, Shift+Down, Enter
    def pick_two(picker) -> None:
        assert picker.windowTitle() == "Chọn hộ thuộc dòng họ"
        assert QApplication.focusWidget() is picker.search
        keyboard.type("lo van")
        qtbot.waitUntil(lambda: picker.model.rowCount() == 3)
        assert picker.count.text() == "3 hộ khớp"
        press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
        assert picker.choose_btn.text() == "Thêm 2 hộ đã chọn"
        press(qtbot, Qt.Key.Key_Return)

    on_next_modal(qtbot, pick_two)
    qtbot.mouseClick(d.add_btn, Qt.MouseButton.LeftButton)
    assert [d.table.item(r, 0).text() for r in range(d.table.rowCount())] == ["HGD-0004", "HGD-0001"]
    assert d.members_count.text() == "2 hộ ở 2 thôn, bản"

    # one more from Bản Nà Sản, chosen with the village filter and a click; those already in are not offered
    def pick_by_village(picker) -> None:
        picker.village.setFocus()
        press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Down)
        assert picker.village.currentText() == "Bản Nà Sản"
        rows = [picker.model.row_at(r)[hh.H_CODE] for r in range(picker.model.rowCount())]
        assert rows == ["HGD-0002", "HGD-0003"]  # Lò Văn Pọm, Cầm Văn Thanh: by given name
        rect = picker.table.visualRect(picker.model.index(1, 1))
        qtbot.mouseClick(picker.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        click_button(qtbot, picker, "Thêm 1 hộ đã chọn")

    on_next_modal(qtbot, pick_by_village)
    qtbot.mouseClick(d.add_btn, Qt.MouseButton.LeftButton)
    assert [d.table.item(r, 2).text() for r in range(d.table.rowCount())] == [
        "Bản Hồng Mặn", "Bản Nà Sản", "Bản Nà Sản"]
    assert d.members_count.text() == "3 hộ ở 2 thôn, bản"

    # remove one: select it, Delete (offscreen, the form is not re-activated by a window manager)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    d.table.setFocus()
    d.table.selectRow(0)
    assert d.remove_btn.isEnabled()
    press(qtbot, Qt.Key.Key_Delete)
    assert d.members_count.text() == "2 hộ ở 1 thôn, bản"

    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert messages == ["Đã lưu dòng họ Họ Lò."]
    assert not d.isVisible()
    saved = cs.get_clan(db, d.saved_id)
    assert (saved.name, saved.head_name, saved.head_person_id, saved.notes) == (
        "Họ Lò", "Lò Văn Đoàn", person(db, "Lò Văn Đoàn"), "Nhà thờ họ ở bản Nà Sản")
    assert sorted(h[1] for h in saved.households) == ["HGD-0001", "HGD-0003"]


def test_a_head_typed_freely_is_saved_as_a_name_only(qtbot, keyboard, db, clan_dialog):
    d = clan_dialog
    keyboard.type("Dòng họ Cầm")
    keyboard.key(Qt.Key.Key_Tab)
    keyboard.type("Cầm Văn Khay")  # nobody of that name in the registry
    qtbot.wait(250)
    assert not d.head.popup().isVisible()
    assert d.head.hint.text() == "Tên gõ tự do: trưởng họ chưa gắn với nhân khẩu trong sổ."
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [row] = cs.clan_rows(db)
    assert (row.name, row.head_name, row.households) == ("Dòng họ Cầm", "Cầm Văn Khay", 0)
    assert cs.get_clan(db, row.id).head_person_id is None


def test_changing_the_chosen_head_name_drops_the_link_to_the_person(qtbot, keyboard, db, clan_dialog):
    d = clan_dialog
    chosen: list = []
    d.head.person_chosen.connect(chosen.append)
    d.head.edit.setFocus()
    keyboard.type("quang thi")
    qtbot.waitUntil(lambda: d.head.popup().isVisible())
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert d.head.person_id() == person(db, "Quàng Thị Xiêng")
    keyboard.key(Qt.Key.Key_Backspace)
    assert d.head.person_id() is None
    assert chosen == [person(db, "Quàng Thị Xiêng"), None]


def test_a_clan_without_a_name_is_refused_in_red_under_the_name(qtbot, keyboard, db, clan_dialog):
    d = clan_dialog
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert d.isVisible()
    assert d._messages["name"].text() == "Hãy nhập tên dòng họ."
    assert d._messages["name"].isVisible()
    assert cs.clan_rows(db) == []


def test_the_tab_order_goes_top_to_bottom(qtbot, keyboard, clan_dialog):
    d = clan_dialog
    order = [QApplication.focusWidget()]
    for _ in range(6):
        keyboard.key(Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    # the remove button is disabled while nothing is selected, so Tab skips it
    assert order == [d.name, d.head.edit, d.notes, d.table, d.add_btn, d.save_btn, d.cancel_btn]


def test_the_person_popup_stays_short_and_fast_with_80000_persons(qtbot, ctx, registry):
    from app.ui.widgets.person_picker import MAX_MATCHES, PersonPicker, PersonSource

    names = [f"{f} {m} {g}" for f in ("Nguyễn", "Lò", "Cầm", "Quàng", "Hoàng", "Lường", "Trần", "Đinh")
             for m in ("Văn", "Thị", "Đức", "Minh", "Thanh")
             for g in ("An", "Bình", "Đoàn", "Hương", "Thương", "Hoà", "Tuấn", "Lan", "Mai", "Xiêng")]
    rows = [(i, names[i % len(names)], "M", 1940 + i % 70, "Bản Nà Sản", f"HGD-{i // 4:05d}", "other", "", "",
             "alive", fold(names[i % len(names)]), "", 1, i // 4, "") for i in range(80_000)]
    source = PersonSource(ctx.db)
    source._rows = rows
    picker = PersonPicker(source)
    qtbot.addWidget(picker)
    picker.show()
    picker.edit.setText("lo van")
    started = time.perf_counter()
    picker.refresh_matches()
    elapsed = time.perf_counter() - started
    assert picker.model.rowCount() == MAX_MATCHES + 1  # and a last line saying how many more
    assert popup_texts(picker)[-1] == ("… và 1.800 người nữa: gõ thêm tên đệm, năm sinh hoặc mã hộ để thu hẹp")
    assert elapsed < 0.5


# -- the page


@pytest.fixture
def two_clans(db, registry) -> dict[str, int]:
    lo = cs.save_clan(db, cs.ClanInput("Họ Lò", head_person_id=person(db, "Lò Văn Đoàn"),
                                       household_ids=(registry["HGD-0001"], registry["HGD-0002"], registry["HGD-0004"])))
    cam = cs.save_clan(db, cs.ClanInput("Dòng họ Cầm", head_name="Cầm Văn Thanh"))
    return {"Họ Lò": lo, "Dòng họ Cầm": cam}


def test_the_page_lists_clans_and_shows_the_member_households_with_their_villages(qtbot, two_clans, page):
    assert page.count_label.text() == "2 dòng họ"
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == ["Dòng họ", "Trưởng họ", "Số hộ", "Số thôn"]
    rows = [[page.model.index(r, c).data() for c in range(4)] for r in range(page.model.rowCount())]
    assert rows == [["Dòng họ Cầm", "Cầm Văn Thanh", "0", "0"], ["Họ Lò", "Lò Văn Đoàn", "3", "2"]]
    page.table.selectRow(1)
    assert page.detail_title.text() == "Họ Lò"
    assert "3 hộ ở 2 thôn, bản" in page.detail_body.text()
    t = page.members_table
    assert [[t.item(r, c).text() for c in range(3)] for r in range(t.rowCount())] == [
        ["HGD-0004", "Lò Văn Dũng", "Bản Hồng Mặn"],
        ["HGD-0001", "Lò Văn Đoàn", "Bản Nà Sản"],
        ["HGD-0002", "Lò Văn Pọm", "Bản Nà Sản"],
    ]
    page.table.selectRow(0)
    assert not page.members_table.isVisible()
    assert "Bấm Sửa để chọn các hộ thuộc dòng họ." in page.detail_body.text()


def test_the_list_filters_as_you_type_by_clan_or_head_name(qtbot, keyboard, two_clans, page):
    page.search.setFocus()
    keyboard.type("doan")  # the head Lò Văn Đoàn
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row_at(0).name == "Họ Lò"
    assert page.count_label.text() == "hiển thị 1 / 2 dòng họ"


def test_no_clan_yet_says_what_to_do(qtbot, registry, page):
    assert page.table_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == "Chưa có dòng họ nào. Bấm Thêm để tạo dòng họ và chọn các hộ thành viên."


def test_deleting_a_clan_says_its_households_stay(qtbot, keyboard, ctx, db, two_clans, page):
    messages: list[str] = []
    ctx.status.connect(messages.append)
    page.table.selectRow(1)
    seen: list[Shown] = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Xóa"), seen)
    page.table.setFocus()
    keyboard.key(Qt.Key.Key_Delete)
    assert seen[0].text == "Xóa dòng họ Họ Lò?"
    assert seen[0].informative == ("3 hộ thành viên vẫn còn trong sổ hộ gia đình, chỉ không còn thuộc dòng họ này. "
                                   "Việc xóa được ghi vào nhật ký.")
    assert messages == ["Đã xóa dòng họ Họ Lò."]
    assert [r.name for r in cs.clan_rows(db)] == ["Dòng họ Cầm"]
    assert len(hh.household_rows(db)) == 5
    assert page.count_label.text() == "1 dòng họ"


def test_editing_a_clan_opens_it_with_its_members_and_reselects_it(qtbot, keyboard, two_clans, page):
    page.table.selectRow(1)

    def check_and_save(dialog) -> None:
        assert dialog.windowTitle() == "Sửa dòng họ"
        assert dialog.name.text() == "Họ Lò"
        assert dialog.head.edit.text() == "Lò Văn Đoàn"
        assert dialog.head.hint.text() == "✓ Đã gắn với nhân khẩu trong sổ."
        assert dialog.table.rowCount() == 3
        dialog.name.selectAll()
        keyboard.type("Họ Lò Văn")
        keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    on_next_modal(qtbot, check_and_save)
    page.table.setFocus()
    keyboard.key(Qt.Key.Key_Return)
    assert page.selected_row().name == "Họ Lò Văn"
    assert page.selected_row().households == 3
