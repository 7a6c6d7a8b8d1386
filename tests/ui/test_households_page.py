"""Hộ gia đình: the list searches Vietnamese names as officers type them, sorts the Vietnamese way,
and deletes only after saying what goes."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtCore import Qt

from app.services import households as hh
from app.services.people import PersonInput
from app.ui.context import UiContext
from tests.ui.helpers import click_button, on_next_modal, table_texts

FAMILIES = [
    ("Bản Nà Sản", "Nguyễn Thị Hương", "F", 1975, ["Đào Văn Hùng"]),
    ("Bản Nà Sản", "Lò Văn Đoàn", "M", 1970, ["Quàng Thị Xiêng", "Lò Văn Ún"]),
    ("Bản Hồng Mặn", "Trần Văn Thương", "M", 1968, []),
    ("Bản Hồng Mặn", "Lê Thị Hoà", "F", 1980, []),
    ("Tiểu khu 3", "Phạm Văn Ánh", "M", 1990, []),
    ("Tiểu khu 3", "Vũ Thị Anh", "F", 1991, []),
]


@pytest.fixture
def households(db, commune):
    ids = {}
    for village, head, sex, year, others in FAMILIES:
        members = [PersonInput(full_name=head, sex=sex, birth_year=year, relation="head")]
        members += [PersonInput(full_name=n, relation="child", birth_year=year + 25) for n in others]
        ids[head] = hh.save_household(db, hh.HouseholdInput(commune[village], tuple(members))).id
    return ids


@pytest.fixture
def page(qtbot, db, paths, households):
    from app.ui.pages.households_page import HouseholdsPage

    ctx = UiContext(db, paths, 2026)
    w = HouseholdsPage(ctx)
    qtbot.addWidget(w)
    w.resize(1100, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


def heads(page) -> list[str]:
    return [row[1] for row in table_texts(page.table)]


def search(qtbot, page, text):
    page.search.setText(text)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("hiển thị") or not text, timeout=2000)


def test_the_list_counts_households_the_vietnamese_way(page):
    assert page.count_label.text() == "6 hộ"
    assert len(heads(page)) == 6


@pytest.mark.parametrize("query, expected", [
    ("ng th h", ["Nguyễn Thị Hương"]),  # word starts, no accents
    ("dao", ["Nguyễn Thị Hương"]),  # đ folds to d; a member's name finds the household
    ("huong", ["Nguyễn Thị Hương"]),  # and not "Thương"
    ("thuong", ["Trần Văn Thương"]),
    ("hòa", ["Lê Thị Hoà"]),  # the other tone placement
    (unicodedata.normalize("NFD", "Hoà"), ["Lê Thị Hoà"]),  # decomposed input
    ("LÒ VĂN", ["Lò Văn Đoàn"]),
])
def test_search_ignores_accents_case_and_tone_placement(qtbot, page, query, expected):
    search(qtbot, page, query)
    assert heads(page) == expected
    assert page.count_label.text() == f"hiển thị {len(expected)} / 6 hộ"


def test_sorting_by_head_uses_given_name_then_middle_then_family(qtbot, page):
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert heads(page) == ["Vũ Thị Anh", "Phạm Văn Ánh", "Lò Văn Đoàn", "Lê Thị Hoà", "Nguyễn Thị Hương",
                           "Trần Văn Thương"]


def test_the_village_filter_and_search_combine(qtbot, page):
    page.village_filter.setCurrentIndex(page.village_filter.findText("Tiểu khu 3"))
    assert sorted(heads(page)) == ["Phạm Văn Ánh", "Vũ Thị Anh"]
    search(qtbot, page, "anh")  # Anh and Ánh both fold to "anh", listed in name order
    assert heads(page) == ["Vũ Thị Anh", "Phạm Văn Ánh"]
    page.search.setText("pham")
    qtbot.waitUntil(lambda: heads(page) == ["Phạm Văn Ánh"], timeout=2000)


def test_deleting_a_household_says_who_goes_with_it(qtbot, keyboard, page, households, db):
    search(qtbot, page, "doan")
    seen = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Xóa"), seen)
    page.table.setFocus()
    keyboard.key(Qt.Key.Key_Delete)
    assert seen[0].text == "Xóa hộ Lò Văn Đoàn và 2 nhân khẩu?"
    assert "- Quàng Thị Xiêng" in seen[0].informative and "- Lò Văn Ún" in seen[0].informative
    assert households["Lò Văn Đoàn"] not in [r[0] for r in hh.household_rows(db)]


def test_an_empty_registry_says_what_to_do(qtbot, db, paths, commune):
    from app.ui.pages.households_page import HouseholdsPage

    w = HouseholdsPage(UiContext(db, paths, 2026))
    qtbot.addWidget(w)
    w.show()
    assert w.table_stack.currentWidget() is w.empty_label
    assert w.empty_label.text().startswith("Chưa có hộ gia đình nào. Nhập danh sách từ Excel hoặc bấm Thêm")
