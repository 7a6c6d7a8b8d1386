"""Mẫu giấy: editing a title's wording changes the live preview; the saved copy is what the next
print uses; a broken field is explained in Vietnamese and cannot be saved; the original returns."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.printing.conftest import pdf_pages_text
from tests.ui.certificates_fixtures import PASSPHRASE, answer_passphrase
from tests.ui.certificates_fixtures import commune_key as commune_key  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import decided as decided  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import page as page  # noqa: F401 - the fixture
from tests.ui.helpers import on_next_modal

pytestmark = pytest.mark.ui


def _type_into_line(qtbot, keyboard, editor, row: int, text: str) -> None:
    """Double-click the wording cell, replace its text, press Enter — as a person edits a cell."""
    table = editor.table
    table.setCurrentCell(row, 0)
    table.editItem(table.item(row, 0))
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    field.selectAll()
    keyboard.type(text, field)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _open_editor(qtbot, page):
    page.tabs.setCurrentWidget(page.templates)
    qtbot.waitUntil(lambda: bool(page.templates.preview_pdf))
    return page.templates


def test_editing_the_wording_changes_the_preview_and_the_next_print(qtbot, keyboard, decided, commune_key, page,
                                                                    paths):
    editor = _open_editor(qtbot, page)
    before = pdf_pages_text(editor.preview_pdf)[0]
    assert "Công nhận gia đình ông (bà)" in before and "XÃ CHIỀNG MUNG" in before
    # when the officer rewrites the second line
    _type_into_line(qtbot, keyboard, editor.body, 1, "Tặng gia đình ông (bà)")
    qtbot.waitUntil(lambda: "Tặng gia đình ông (bà)" in pdf_pages_text(editor.preview_pdf)[0])
    assert editor.is_dirty() and editor.source_label.text() == "Đang dùng mẫu gốc."
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert (paths.root / "templates" / "certificate-gdht.json").is_file()
    assert editor.source_label.text() == "Đang dùng mẫu của xã (đã sửa)." and not editor.is_dirty()
    # then the next print uses it
    page.tabs.setCurrentWidget(page.printing)
    qtbot.waitUntil(lambda: page.printing.sources.rowCount() > 0)
    answer_passphrase(qtbot, keyboard, [PASSPHRASE], [], [])
    made = page.printing.make()
    text = pdf_pages_text(made.pdf)
    assert all("Tặng gia đình ông (bà)" in t and "Công nhận gia đình" not in t for t in text)


def test_an_unknown_field_is_explained_and_cannot_be_saved(qtbot, keyboard, decided, page, paths):
    editor = _open_editor(qtbot, page)
    _type_into_line(qtbot, keyboard, editor.body, 2, "{ten_nguoi}")
    qtbot.waitUntil(lambda: editor.problems.isVisible())
    assert "Dòng 3: không có trường “{ten_nguoi}”" in editor.problems.text()
    assert not editor.save_button.isEnabled()
    assert not (paths.root / "templates" / "certificate-gdht.json").exists()


def test_parts_sizes_and_the_original_template(qtbot, keyboard, decided, page, paths):
    editor = _open_editor(qtbot, page)
    editor.show_boxes["address"].setChecked(False)
    editor.page_size.setCurrentIndex(editor.page_size.findData("A5"))
    qtbot.waitUntil(lambda: "Địa chỉ:" not in pdf_pages_text(editor.preview_pdf)[0])
    editor.save()
    saved = paths.root / "templates" / "certificate-gdht.json"
    assert '"size": "A5"' in saved.read_text("utf-8")
    on_next_modal(qtbot, lambda box: box.button(box.StandardButton.Yes).click())
    qtbot.mouseClick(editor.restore_button, Qt.MouseButton.LeftButton)
    assert not saved.exists() and editor.page_size.currentData() == "A4"
    assert editor.show_boxes["address"].isChecked() and editor.source_label.text() == "Đang dùng mẫu gốc."
