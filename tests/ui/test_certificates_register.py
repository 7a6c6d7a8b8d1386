"""Sổ cấp giấy công nhận: the year's register, a reprint with its reason marked "Cấp lại lần 2",
printed again with the same number; the register as a PDF."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from tests.printing.conftest import pdf_pages_text
from tests.ui.certificates_fixtures import PASSPHRASE
from tests.ui.certificates_fixtures import commune_key as commune_key  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import decided as decided  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import page as page  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import saved_pdfs as saved_pdfs  # noqa: F401 - the fixture
from tests.ui.helpers import click_button, on_next_modal, table_texts

pytestmark = pytest.mark.ui


@pytest.fixture
def printed(db, paths, decided, commune_key):
    from app.services.certificates import print_certificates

    return print_certificates(db, paths, PASSPHRASE, decided.decision_id)


def _open_register(qtbot, page):
    page.tabs.setCurrentWidget(page.register)
    qtbot.waitUntil(lambda: page.register.model.rowCount() > 0)
    return page.register


def test_the_register_lists_the_years_certificates_and_searches_without_accents(qtbot, keyboard, printed, page):
    view = _open_register(qtbot, page)
    rows = table_texts(view.table)
    assert [r[0] for r in rows] == [str(n) for n in range(1, 9)]
    assert rows[0][1:5] == ["Quàng Văn Dũng", "Gia đình học tập", "Bản Hồng Mặn", "125/QĐ-UBND"]
    assert view.count_label.text() == "8 giấy đã cấp năm 2025"
    view.search.setFocus()
    keyboard.type("lo thi", view.search)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert table_texts(view.table)[0][1] == "Lò Thị An"


def test_a_reprint_needs_a_reason_keeps_the_number_and_shows_cap_lai_lan_2(qtbot, keyboard, db, printed, page,
                                                                           saved_pdfs):
    from app.services.certificates import reprint

    view = _open_register(qtbot, page)
    view.table.selectRow(2)  # number 3, reprinted once already (the first one was damaged)
    chosen = view.selected_row()
    reprint(db, [chosen.id], "Giấy bị ướt")
    view.reload(chosen.id)
    assert table_texts(view.table)[2][6] == "Cấp lại lần 1"
    seen, errors = [], []

    def give_reason(dialog) -> None:
        from PySide6.QtWidgets import QDialogButtonBox

        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.click()  # no reason yet
        errors.append(dialog.error.text())
        dialog.findChild(QPlainTextEdit).setFocus()
        keyboard.type("Gia đình báo mất giấy", dialog.findChild(QPlainTextEdit))
        ok.click()
        # then the certificate is offered: Mở tệp PDF
        on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Mở tệp PDF"), seen)

    on_next_modal(qtbot, give_reason, seen)
    view.reprint_action.trigger()
    qtbot.waitUntil(lambda: len(saved_pdfs) == 1)
    assert errors == ["Nhập lý do."]
    row = next(r for r in table_texts(view.table) if r[0] == str(chosen.number))
    assert row[1] == chosen.recipient and row[6] == "Cấp lại lần 2"
    detail = view.detail_text.text()
    assert "Lần 1" in detail and "Giấy bị ướt" in detail and "Lần 2" in detail and "Gia đình báo mất giấy" in detail
    text = pdf_pages_text(saved_pdfs[0].read_bytes())
    assert len(text) == 1 and chosen.recipient in text[0] and "Cấp lại lần 2" in text[0]
    assert f"Số vào sổ: {chosen.number}" in text[0]


def test_the_register_prints_as_a_pdf_list(qtbot, printed, page, saved_pdfs):
    view = _open_register(qtbot, page)
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Mở tệp PDF"))
    qtbot.mouseClick(view.toolbar.widgetForAction(view.print_action), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(saved_pdfs) == 1)
    text = " ".join(pdf_pages_text(saved_pdfs[0].read_bytes()))
    assert "Quàng Văn Dũng" in text and "Lường Thị Hoa" in text


def test_the_register_exports_to_excel(qtbot, printed, page, tmp_path):
    from openpyxl import load_workbook

    view = _open_register(qtbot, page)
    path = view.export_register(tmp_path / "so.xlsx")
    ws = load_workbook(path).active
    assert ws["A1"].value == "SỔ CẤP GIẤY CÔNG NHẬN NĂM 2025"
    assert [c.value for c in ws[3]][:4] == [1, "Quàng Văn Dũng", "Gia đình học tập", "Bản Hồng Mặn"]
    assert ws.max_row == 2 + 8
