"""Báo cáo: targets typed in and applied from a preset persist; the officer's text is saved; the
report is exported as PDF and .xlsx from the page with the year's figures; the years compare."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services import targets
from app.ui.context import UiContext
from tests.ui.helpers import click_button, on_next_modal, table_texts
from tests.ui.test_overview_page import YEAR, decided_commune


def open_page(qtbot, db, paths, tab: str = "targets", year: int = YEAR):
    from app.ui.pages.reports_page import ReportsPage

    page = ReportsPage(UiContext(db, paths, year))
    qtbot.addWidget(page)
    page.resize(1090, 690)
    page.tabs.setCurrentWidget(getattr(page, tab))
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.load_now()
    return page


def cell(editor, year: int, key: str):
    model = editor.model
    return model.index(model.years.index(year), targets.TARGET_KEYS.index(key))


def type_target(qtbot, keyboard, editor, year: int, key: str, text: str) -> None:
    """Select the cell, F2, type, Enter — as at the keyboard."""
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

    editor.table.setFocus()
    editor.table.setCurrentIndex(cell(editor, year, key))
    keyboard.key(Qt.Key.Key_F2, widget=editor.table)
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    field.selectAll()
    keyboard.key(Qt.Key.Key_Delete, widget=field)
    keyboard.type(text, widget=field)
    keyboard.key(Qt.Key.Key_Return, widget=field)
    qtbot.waitUntil(lambda: editor.table.state() != QAbstractItemView.State.EditingState)  # committed (queued)


def test_typed_targets_are_saved_checked_and_shown_again(qtbot, db, paths, commune, keyboard):
    # given the Chỉ tiêu tab of 2026 (a row for the working year even with nothing set)
    page = open_page(qtbot, db, paths)
    editor = page.targets
    assert editor.model.years == [YEAR]
    # when the officer types 72,5 for Gia đình học tập and 60 for Đơn vị học tập
    type_target(qtbot, keyboard, editor, YEAR, "GDHT", "72,5")
    type_target(qtbot, keyboard, editor, YEAR, "DVHT", "60")
    # then they are stored at once, and the table says where they came from
    assert targets.targets_for(db, YEAR)["GDHT"] == 72.5
    assert targets.targets_for(db, YEAR)["DVHT"] == 60
    assert cell(editor, YEAR, "GDHT").data() == "72,5 %"
    assert table_texts(editor.table)[0][-1] == "Nhập tay"
    # a value over 100 is refused in plain words and nothing changes
    type_target(qtbot, keyboard, editor, YEAR, "DHHT", "120")
    assert editor.message.isVisible()
    assert "hãy nhập một số từ 0 đến 100" in editor.message.text()
    assert targets.targets_for(db, YEAR)["DHHT"] is None
    # emptying a cell removes that target
    type_target(qtbot, keyboard, editor, YEAR, "DVHT", "")
    assert targets.targets_for(db, YEAR)["DVHT"] is None
    # reopened, the page shows what was typed
    again = open_page(qtbot, db, paths)
    assert cell(again.targets, YEAR, "GDHT").data() == "72,5 %"


def test_a_preset_fills_the_years_with_interpolation(qtbot, db, paths, commune):
    page = open_page(qtbot, db, paths)

    def choose(dialog):
        dialog.preset.setCurrentIndex(dialog.preset.findData("son-la"))
        dialog.first.setValue(2025)
        dialog.last.setValue(2030)
        assert dialog.interpolate.isChecked()
        assert "2025, 2030" in dialog.note.text()
        click_button(qtbot, dialog, "Áp dụng")

    on_next_modal(qtbot, choose)
    qtbot.mouseClick(page.targets.preset_button, Qt.MouseButton.LeftButton)
    # Sơn La: GĐHT 70 % in 2025, 80 % in 2030 → 74 % in 2027
    assert targets.targets_for(db, 2027)["GDHT"] == 74.0
    assert targets.targets_for(db, 2030)["CDHT_CONG_DAN:units"] == 80.0
    again = open_page(qtbot, db, paths)
    assert again.targets.model.years == [2025, 2026, 2027, 2028, 2029, 2030]
    rows = {r[0]: r for r in [[str(y), *row] for y, row in zip(again.targets.model.years,
                                                               table_texts(again.targets.table), strict=True)]}
    assert rows["2027"][1] == "74,0 %"
    assert rows["2025"][1] == "70,0 %"
    assert "nội suy" in rows["2027"][-1]


@pytest.fixture(name="exports")
def exports_fixture(monkeypatch, tmp_path):
    """The save dialog answers with a file in tmp_path; opening the written file is noted."""
    from app.ui.reports import report_editor

    opened: list[Path] = []
    monkeypatch.setattr(report_editor, "ask_save_path", lambda _p, _t, suggested, _f: tmp_path / suggested.name)
    monkeypatch.setattr(report_editor, "open_file", opened.append)
    return opened


def test_the_report_is_exported_as_pdf_and_excel_with_the_figures_and_the_text(qtbot, db, paths, commune, keyboard,
                                                                               exports):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    # given a decided round (4 of 6 households recognised) and a target of 70 %
    decided_commune(db, commune)
    targets.set_targets(db, YEAR, {"GDHT": 70})
    page = open_page(qtbot, db, paths, tab="report")
    editor = page.report
    preview = {r[0]: r for r in table_texts(editor.preview)}
    assert preview["Gia đình học tập"] == ["Gia đình học tập", "6", "4", "66,7 %", "70,0 %", "−3,3"]
    # when the officer writes the report's number and achievements, then presses Xuất PDF
    editor.number.setFocus()
    keyboard.type("125/BC-UBND")
    editor.achievements.setFocus()
    keyboard.type("Tổ chức tốt Tuần lễ học tập suốt đời")
    qtbot.mouseClick(editor.pdf_button, Qt.MouseButton.LeftButton)
    # then the text was saved first, the PDF was written with the figures and opened
    assert targets.report_text(db, YEAR).number == "125/BC-UBND"
    pdf = Path(exports[0])
    assert pdf.name == "Bao cao nam 2026.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "125/BC-UBND" in text
    assert "66,7" in text
    assert "Tổ chức tốt Tuần lễ học tập suốt đời" in text
    # and Xuất Excel writes the same figures
    qtbot.mouseClick(editor.xlsx_button, Qt.MouseButton.LeftButton)
    xlsx = Path(exports[1])
    assert xlsx.suffix == ".xlsx"
    values = [c for ws in load_workbook(xlsx).worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "Gia đình học tập" in values
    assert any(v in (66.7, "66,7", "66,7 %") for v in values)


def test_the_officer_s_text_is_kept_per_year(qtbot, db, paths, commune, keyboard):
    page = open_page(qtbot, db, paths, tab="report")
    editor = page.report
    assert "Sở Giáo dục và Đào tạo tỉnh Sơn La (để báo cáo)" in editor.recipients.toPlainText()
    assert editor.signer_name.text() == "Cầm Văn Ún"
    editor.difficulties.setFocus()
    keyboard.type("Kinh phí còn hạn hẹp")
    assert editor.saved_label.text() == "Chưa lưu"
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert targets.report_text(db, YEAR).difficulties == "Kinh phí còn hạn hẹp"
    # another year starts from the defaults; coming back shows the saved text
    page.ctx.set_year(2027)
    page.load_now()
    assert editor.difficulties.toPlainText() == ""
    page.ctx.set_year(YEAR)
    page.load_now()
    assert editor.difficulties.toPlainText() == "Kinh phí còn hạn hẹp"


def test_an_empty_year_reports_zeros(qtbot, db, paths, commune, exports):
    page = open_page(qtbot, db, paths, tab="report", year=2031)
    preview = {r[0]: r for r in table_texts(page.report.preview)}
    assert preview["Cộng đồng học tập (cấp thôn)"][1:4] == ["3", "0", "0,0 %"]
    assert page.report.export("pdf") is not None
    assert Path(exports[0]).stat().st_size > 1000


def test_the_years_compare(qtbot, db, paths, commune):
    decided_commune(db, commune)
    page = open_page(qtbot, db, paths, tab="comparison")
    view = page.comparison
    assert view.table.rowCount() == 1
    assert view.table.verticalHeaderItem(0).text() == "2026"
    assert view.table.item(0, 0).text() == "66,7 %"
    assert view.chart.groups == ["2026"]
    assert view.chart.values[0][0] == 66.7
