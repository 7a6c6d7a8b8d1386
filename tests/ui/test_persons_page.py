"""The Công dân page driven like an officer would: search, filters, sorting, card, status."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from app.db import open_database
from app.paths import Paths
from app.services.households import HouseholdInput, save_household
from app.services.people import PersonInput
from app.services.persons import P_ID, P_NAME, person_card, person_rows
from app.services.villages import VillageInput, save_village
from app.ui.context import UiContext
from app.ui.pages.persons_page import PersonsPage, StatusDateDialog

pytestmark = pytest.mark.ui

YEAR = 2026
NAME, SEX, BIRTH_YEAR, AGE, VILLAGE, CODE, RELATION, ETHNIC, EDUCATION, STATUS = range(10)


@pytest.fixture
def db(tmp_path):
    db = open_database(Paths(tmp_path))
    na_san = save_village(db, VillageInput("Bản Nà Sản", kind="ban")).id
    dong = save_village(db, VillageInput("Thôn Đông")).id
    save_household(db, HouseholdInput(na_san, (
        PersonInput(full_name="Lò Văn Pọm", relation="head", sex="M", birth_year=1985, ethnic_code="03",
                    id_number="001085012345", phone="0912345678", education_level="thcs"),
        PersonInput(full_name="Lò Thị Ún", relation="wife", sex="F", birth_date=date(1988, 5, 2), ethnic_code="03"),
        PersonInput(full_name="Lò Văn Hùng", relation="child", sex="M", birth_year=2021, ethnic_code="03"),
    ), code="HGD-0012"))
    save_household(db, HouseholdInput(dong, (
        PersonInput(full_name="Nguyễn Thị Hương", relation="head", sex="F", birth_year=1960, ethnic_code="01"),
        PersonInput(full_name="Trần Văn Thương", relation="husband", sex="M", birth_year=1958, ethnic_code="01",
                    status="deceased"),
    ), code="HGD-0013"))
    yield db
    db.dispose()


@pytest.fixture
def ctx(db, tmp_path):
    return UiContext(db, Paths(tmp_path), YEAR)


@pytest.fixture
def page(qtbot, ctx):
    page = PersonsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1176, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def column(page, col=NAME) -> list[str]:
    m = page.model
    return [m.data(m.index(r, col)) for r in range(m.rowCount())]


def select(page, name) -> None:
    row = column(page).index(name)
    page.table.selectRow(row)


def person_id(db, name) -> int:
    return next(r[P_ID] for r in person_rows(db) if r[P_NAME] == name)


def test_lists_the_living_in_vietnamese_name_order(page):
    assert column(page) == ["Lò Văn Hùng", "Nguyễn Thị Hương", "Lò Văn Pọm", "Lò Thị Ún"]
    assert page.count_label.text() == "4 người"
    m = page.model
    headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
    assert headers == ["Họ và tên", "Giới tính", "Năm sinh", "Tuổi", "Thôn", "Mã hộ", "Quan hệ với chủ hộ",
                       "Dân tộc", "Trình độ", "Tình trạng"]
    pom = column(page).index("Lò Văn Pọm")
    assert [m.data(m.index(pom, c)) for c in range(m.columnCount())] == [
        "Lò Văn Pọm", "Nam", "1985", "41", "Bản Nà Sản", "HGD-0012", "Chủ hộ", "Thái", "THCS",
        "Đang sinh sống"]


def test_typing_in_the_search_box_filters_after_the_debounce(qtbot, page):
    qtbot.keyClicks(page.search, "ng th h")

    qtbot.waitUntil(lambda: column(page) == ["Nguyễn Thị Hương"])
    assert page.count_label.text() == "hiển thị 1 / 4 người"


def test_choosing_a_village_shows_its_people(qtbot, page):
    assert [page.village_box.itemText(i) for i in range(page.village_box.count())] == [
        "Mọi thôn, bản", "Bản Nà Sản", "Thôn Đông"]

    page.village_box.setCurrentIndex(page.village_box.findText("Thôn Đông"))

    assert column(page) == ["Nguyễn Thị Hương"]
    page.status_box.setCurrentIndex(page.status_box.findText("Tất cả"))
    assert column(page) == ["Nguyễn Thị Hương", "Trần Văn Thương"]
    assert page.count_label.text() == "hiển thị 2 / 5 người"


def test_other_filters_sex_age_ethnicity(page):
    assert [page.ethnic_box.itemText(i) for i in range(page.ethnic_box.count())] == ["Mọi dân tộc", "Kinh", "Thái"]
    page.sex_box.setCurrentIndex(page.sex_box.findText("Nữ"))
    assert column(page) == ["Nguyễn Thị Hương", "Lò Thị Ún"]
    page.sex_box.setCurrentIndex(0)
    page.age_box.setCurrentIndex(page.age_box.findText("Dưới 6 tuổi"))
    assert column(page) == ["Lò Văn Hùng"]
    page.age_box.setCurrentIndex(page.age_box.findText("Trên 60 tuổi"))
    assert column(page) == ["Nguyễn Thị Hương"]
    page.age_box.setCurrentIndex(0)
    page.ethnic_box.setCurrentIndex(page.ethnic_box.findText("Kinh"))
    assert column(page) == ["Nguyễn Thị Hương"]


def test_ages_follow_the_working_year(page, ctx):
    hung = column(page).index("Lò Văn Hùng")
    assert column(page, AGE)[hung] == "5"

    ctx.set_year(2030)

    assert column(page, AGE)[column(page).index("Lò Văn Hùng")] == "9"


def test_clicking_the_name_header_sorts_by_given_name_not_by_the_text(qtbot, page):
    page.table.sortByColumn(BIRTH_YEAR, Qt.SortOrder.AscendingOrder)
    assert column(page, BIRTH_YEAR) == ["1960", "1985", "1988", "2021"]
    header = page.table.horizontalHeader()
    at_name = QPoint(header.sectionPosition(NAME) + 20, header.height() // 2)

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at_name)
    # Hùng < Hương < Pọm < Ún (the display strings would put "Lò …" before "Nguyễn …")
    assert column(page) == ["Lò Văn Hùng", "Nguyễn Thị Hương", "Lò Văn Pọm", "Lò Thị Ún"]

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at_name)
    assert column(page) == ["Lò Thị Ún", "Lò Văn Pọm", "Nguyễn Thị Hương", "Lò Văn Hùng"]


def test_card_shows_the_person_with_the_id_number_masked(page):
    select(page, "Lò Văn Pọm")

    card = page.card_view
    assert card.name_label.text() == "Lò Văn Pọm"
    assert card.values["id_number"].text() == "••••••••2345"
    assert card.values["birth"].text() == "1985 (41 tuổi)"
    assert card.values["ethnic"].text() == "Thái"
    assert card.values["education"].text() == "Trung học cơ sở"
    assert card.values["phone"].text() == "0912345678"
    assert card.household_label.text() == "HGD-0012 · Bản Nà Sản"
    texts = [label.text() for label in card.findChildren(type(card.name_label))]
    assert not any("001085012345" in t for t in texts)

    select(page, "Lò Thị Ún")
    assert card.values["birth"].text() == "02/05/1988 (38 tuổi)"
    assert card.captions["birth"].text() == "Ngày sinh:"


def test_mark_a_person_deceased_and_back(qtbot, page, ctx, db, monkeypatch):
    # given Lò Văn Pọm selected, and the date dialog answered with 12/03/2026
    select(page, "Lò Văn Pọm")
    monkeypatch.setattr(page, "ask_status_date", lambda status, name: (True, date(2026, 3, 12)))
    messages = []
    ctx.status.connect(messages.append)

    # when the officer marks him deceased
    with qtbot.waitSignal(ctx.data_changed) as changed:
        qtbot.mouseClick(page.card_view.deceased_button, Qt.MouseButton.LeftButton)

    # then his row says so (it stays in view until the filter changes) and so does the database
    assert changed.args == ["person"]
    row = column(page).index("Lò Văn Pọm")
    assert column(page, STATUS)[row] == "Đã mất"
    assert page.selected_row()[P_NAME] == "Lò Văn Pọm"
    assert page.card_view.values["status"].text() == "Đã mất (ngày 12/03/2026)"
    assert messages == ["Đã đánh dấu Lò Văn Pọm đã mất (ngày 12/03/2026)."]
    pom = person_id(db, "Lò Văn Pọm")
    assert (person_card(db, pom).status, person_card(db, pom).status_date) == ("deceased", date(2026, 3, 12))
    assert page.card_view.alive_button.isVisible() and not page.card_view.deceased_button.isVisible()

    # and once the search changes, the living list no longer holds him
    qtbot.keyClicks(page.search, "lo")
    qtbot.waitUntil(lambda: column(page) == ["Lò Văn Hùng", "Lò Thị Ún"])

    # reverting: "Tất cả" shows him, "Đang sinh sống" brings him back
    page.status_box.setCurrentIndex(page.status_box.findText("Tất cả"))
    select(page, "Lò Văn Pọm")
    qtbot.mouseClick(page.card_view.alive_button, Qt.MouseButton.LeftButton)
    assert column(page, STATUS)[column(page).index("Lò Văn Pọm")] == "Đang sinh sống"
    assert person_card(db, pom).status == "alive"


def test_cancelling_the_date_dialog_changes_nothing(qtbot, page, db, monkeypatch):
    select(page, "Lò Văn Pọm")
    monkeypatch.setattr(page, "ask_status_date", lambda status, name: (False, None))

    qtbot.mouseClick(page.card_view.moved_button, Qt.MouseButton.LeftButton)

    assert person_card(db, person_id(db, "Lò Văn Pọm")).status == "alive"


def test_status_date_dialog_gives_the_date_or_none(qtbot):
    dialog = StatusDateDialog("moved", "Lò Văn Pọm")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Đánh dấu đã chuyển đi"
    assert dialog.value() == date.today()
    dialog.unknown.setChecked(True)
    assert dialog.value() is None
    assert not dialog.date_edit.isEnabled()


def test_add_edit_and_open_household_go_to_the_households_page(qtbot, page, ctx, db):
    select(page, "Lò Thị Ún")
    household = person_card(db, person_id(db, "Lò Thị Ún")).household_id

    with qtbot.waitSignal(ctx.navigate) as add:
        page.add_action.trigger()
    assert add.args == ["households", None]
    with qtbot.waitSignal(ctx.navigate) as edit:
        page.edit_action.trigger()
    assert edit.args == ["households", household]
    with qtbot.waitSignal(ctx.navigate) as opened:
        qtbot.mouseClick(page.card_view.open_household_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["households", household]


def test_no_delete_here(page):
    assert page.delete_action not in page.toolbar.actions()
    assert page.delete_action not in page.actions()


def test_select_record_clears_filters_that_hide_the_person(qtbot, page, db):
    page.search.setText("pom")
    page.apply_filter()
    thuong = person_id(db, "Trần Văn Thương")  # deceased: hidden by the default status filter too

    page.select_record(thuong)

    assert page.selected_row()[P_NAME] == "Trần Văn Thương"
    assert page.search.text() == ""
    assert page.status_box.currentText() == "Đã mất"
    page.select_record(None)  # nothing to do
    page.select_record(999_999)  # unknown: stays put
    assert page.selected_row()[P_NAME] == "Trần Văn Thương"


def test_reloads_when_a_household_changes(qtbot, page, ctx, db):
    village = page.village_box.itemData(1)
    save_household(db, HouseholdInput(village, (PersonInput(full_name="Cầm Thị Lụa", relation="head", sex="F",
                                                            birth_year=1999),)))
    ctx.changed("household")

    assert "Cầm Thị Lụa" in column(page)
    assert page.count_label.text() == "5 người"


def test_empty_database_says_what_to_do(qtbot, tmp_path):
    db = open_database(Paths(tmp_path / "empty"))
    page = PersonsPage(UiContext(db, Paths(tmp_path / "empty"), YEAR))
    qtbot.addWidget(page)
    page.show()

    assert page.table_stack.currentWidget() is page.empty_label
    assert "Chưa có công dân nào" in page.empty_label.text()
    assert page.card_view.hint.isVisibleTo(page.card_view)
    db.dispose()


def test_narrow_window_keeps_every_column_in_view(qtbot, page):
    # 125 % scaling on a 1366×768 screen leaves about 900 px for the page
    page.resize(900, 560)
    qtbot.waitUntil(lambda: page.table.viewport().width() < 880)

    widths = [page.table.columnWidth(c) for c in range(page.model.columnCount())]
    assert sum(widths) <= page.table.viewport().width()
    assert not page.table.horizontalScrollBar().isVisible()


def test_in_giay_cong_nhan_asks_for_the_selected_persons_certificate(page, ctx, db):
    went = []
    ctx.navigate.connect(lambda key, record: went.append((key, record)))
    select(page, "Lò Văn Pọm")
    assert page.certificate_action.isEnabled()
    page.certificate_action.trigger()
    assert went == [("certificates", {"kind": "person", "id": person_id(db, "Lò Văn Pọm")})]
