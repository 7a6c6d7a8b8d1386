"""In giấy công nhận: a decision's certificates into one PDF, the key's passphrase asked once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.printing.conftest import pdf_pages_text
from tests.ui.certificates_fixtures import HOUSEHOLDS, PASSPHRASE, PRINT_ORDER, answer_passphrase
from tests.ui.certificates_fixtures import commune_key as commune_key  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import decided as decided  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import page as page  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import saved_pdfs as saved_pdfs  # noqa: F401 - the fixture
from tests.ui.helpers import table_texts

pytestmark = pytest.mark.ui


def _pick_decision(qtbot, page, number: str) -> None:
    view = page.printing
    row = view.sources.view_row_of(lambda s: s.decision is not None and s.decision.number == number)
    assert row >= 0, [s.label for s in view.sources.rows]
    qtbot.mouseClick(view.source_table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.source_table.visualRect(view.sources.index(row, 0)).center())


def test_a_decisions_certificates_print_to_one_pdf_after_the_passphrase(qtbot, keyboard, decided, commune_key, page,
                                                                         saved_pdfs):
    # given the decision of the year, picked in the list
    view = page.printing
    _pick_decision(qtbot, page, "125/QĐ-UBND")
    names = [r[0] for r in table_texts(view.subject_table)]
    assert names == PRINT_ORDER  # village, then name the Vietnamese way
    assert all(r[4] == "Chưa cấp" for r in table_texts(view.subject_table))
    assert view.make_button.text() == "Tạo 8 giấy công nhận"
    # when the officer makes them and types the key's passphrase
    seen, errors = [], []
    answer_passphrase(qtbot, keyboard, [PASSPHRASE], seen, errors)
    qtbot.mouseClick(view.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.result is not None and view.result_frame.isVisible())
    # then the PDF names every recipient with its register number, in printing order
    assert seen and seen[0].title == "Mật khẩu khóa ký của xã" and not errors
    assert "Đã tạo 8 giấy công nhận (8 số mới vào sổ)" in view.result_label.text()
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert len(saved_pdfs) == 1 and saved_pdfs[0].suffix == ".pdf"
    pages = pdf_pages_text(saved_pdfs[0].read_bytes())
    assert len(pages) == len(HOUSEHOLDS)
    for text, name, number in zip(pages, PRINT_ORDER, range(1, 9), strict=True):
        assert name in text and "Đạt danh hiệu" in text and f"Số vào sổ: {number}" in text
    # and the list now shows the numbers; printing again needs no passphrase
    rows = table_texts(view.subject_table)
    assert [r[3] for r in rows] == [str(n) for n in range(1, 9)] and {r[4] for r in rows} == {"Đã in"}
    view.make()
    assert view.result is not None and view.result.new == 0


def test_a_wrong_passphrase_is_said_in_red_and_nothing_is_numbered(qtbot, keyboard, decided, commune_key, page):
    from app.services.certificates import register_entries

    view = page.printing
    _pick_decision(qtbot, page, "125/QĐ-UBND")
    seen, errors = [], []
    answer_passphrase(qtbot, keyboard, ["không phải mật khẩu"], seen, errors)
    qtbot.mouseClick(view.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].widget.isVisible())
    assert errors and errors[0].startswith("Sai mật khẩu")
    assert view.result is None and register_entries(page.ctx.db, 2025) == []


def test_one_village_ticked_subjects_only_a5_without_border(qtbot, keyboard, decided, commune_key, page):
    view = page.printing
    _pick_decision(qtbot, page, "125/QĐ-UBND")
    view.village.setCurrentIndex(view.village.findText("Bản Hồng Mặn (2)"))
    assert [r[0] for r in table_texts(view.subject_table)] == ["Quàng Văn Dũng", "Cầm Văn Ún"]
    # untick Cầm Văn Ún
    rect = view.subject_table.visualRect(view.subjects.index(1, 0))
    view.subjects.toggle(1)
    assert rect.isValid() and view.make_button.text() == "Tạo 1 giấy công nhận"
    view.page_size.setCurrentIndex(view.page_size.findData("A5"))
    view.border.setChecked(False)
    answer_passphrase(qtbot, keyboard, [PASSPHRASE], [], [])
    made = view.make()
    assert [e.recipient for e in made.entries] == ["Quàng Văn Dũng"]
    import io

    import pypdf

    box = pypdf.PdfReader(io.BytesIO(made.pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 420)


def test_no_key_yet_offers_the_settings(qtbot, decided, page):
    from tests.ui.helpers import click_button, on_next_modal

    view = page.printing
    _pick_decision(qtbot, page, "125/QĐ-UBND")
    seen, went = [], []
    page.ctx.navigate.connect(lambda key, record: went.append((key, record)))
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Mở Cài đặt → Khóa ký số"), seen)
    qtbot.mouseClick(view.make_button, Qt.MouseButton.LeftButton)
    assert seen[0].text.startswith("Giấy công nhận in lần đầu cần mã QR")
    assert went == [("settings", "keys")] and view.result is None


def test_a_household_page_opens_its_certificate(qtbot, decided, page):
    page.select_record({"kind": "household", "id": decided.households["Lò Thị An"]})
    view = page.printing
    assert page.tabs.currentWidget() is view
    assert [s.name for s in view.subjects.checked_rows()] == ["Lò Thị An"]
    assert view.make_button.text() == "Tạo 1 giấy công nhận"


def test_in_giay_cong_nhan_on_a_household_opens_the_certificates_page(qtbot, decided, db, paths):
    from app.ui.main_window import MainWindow

    window = MainWindow(db, paths)
    qtbot.addWidget(window)
    window.year_box.setCurrentIndex(window.year_box.findData(2025))
    window.show()
    window.nav.setCurrentRow(next(i for i, a in enumerate(window.areas) if a.key == "households"))
    households = window.page("households")
    qtbot.waitUntil(lambda: households.model.rowCount() == 8)
    households.reload(decided.households["Hà Văn Ánh"])
    qtbot.mouseClick(households.detail_certificate, Qt.MouseButton.LeftButton)
    page = window.page("certificates")
    assert window.stack.currentWidget() is page
    assert [s.name for s in page.printing.subjects.checked_rows()] == ["Hà Văn Ánh"]


def test_the_current_row_shows_a_preview_and_nothing_is_numbered_or_signed(qtbot, decided, page):
    import io

    import pypdf

    from app.services.certificates import register_entries

    view = page.printing
    _pick_decision(qtbot, page, "125/QĐ-UBND")
    # when the officer clicks a subject's row
    row = view.subjects.view_row_of(lambda r: r.name == "Cầm Văn Ún")
    qtbot.mouseClick(view.subject_table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.subject_table.visualRect(view.subjects.index(row, 1)).center())
    qtbot.waitUntil(lambda: "Cầm Văn Ún" in view.preview_caption.text() and bool(view.preview_pdf))
    # then the preview is that subject's certificate, on A4, not yet numbered
    text = pdf_pages_text(view.preview_pdf)
    assert len(text) == 1 and "Cầm Văn Ún" in text[0] and "Đạt danh hiệu" in text[0] and "Số vào sổ: …" in text[0]
    assert view.preview.isVisible() and view.preview.image() is not None

    def size():
        box = pypdf.PdfReader(io.BytesIO(view.preview_pdf)).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert size() == (842, 595)
    # and choosing A5 redraws it on A5
    view.page_size.setCurrentIndex(view.page_size.findData("A5"))
    qtbot.waitUntil(lambda: size() == (595, 420))
    # and nothing was numbered or signed, no passphrase asked
    assert register_entries(page.ctx.db, 2025) == [] and view.result is None
