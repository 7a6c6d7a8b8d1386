"""Đánh giá: evidence is attached to an indicator (a photo shows as a thumbnail and opens from the
program's own copy; a note is written), and the village's scoring sheet goes out to Excel and
comes back, its problems shown before anything is written."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QFileDialog, QPlainTextEdit, QToolButton

from app.services import scoring
from app.services.evidence import evidence_file, list_evidence
from tests.ui.assessment_fixtures import YEAR, page_fixture, round_id_fixture  # noqa: F401 - fixtures
from tests.ui.helpers import click_button, on_next_modal


def show_village(view, combo, name="Bản Nà Sản") -> None:
    i = combo.findText(name)
    combo.setCurrentIndex(i)
    combo.activated.emit(i)


def test_a_photo_and_a_note_as_evidence_for_an_indicator(qtbot, keyboard, db, paths, page, tmp_path, monkeypatch):
    photo = tmp_path / "lop-tin-hoc.png"
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#4caf50"))
    image.save(str(photo))
    page.tabs.setCurrentWidget(page.scoring)
    show_village(page.scoring, page.scoring.subjects.village)
    form = page.scoring.form
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(photo)], "")))
    add = next(b for b in form.rows["TC3.1"].evidence.findChildren(type(form.reopen_button)) if b.text() == "Thêm tệp…")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)

    rows = list_evidence(db, form.assessment_id)
    assert [(r.indicator_code, r.file_name) for r in rows] == [("TC3.1", "lop-tin-hoc.png")]
    thumb = next(b for b in form.rows["TC3.1"].evidence.findChildren(QToolButton))  # the form was rebuilt
    assert thumb.text() == "lop-tin-hoc.png"
    assert thumb.iconSize().width() == 72 and thumb.iconSize().height() == 54  # 800×600 scaled to 72×54
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile())))
    qtbot.mouseClick(thumb, Qt.MouseButton.LeftButton)
    assert opened == [str(evidence_file(paths, rows[0]))]  # the program's copy, not the original

    def write_note(box) -> None:
        box.findChild(QPlainTextEdit).setFocus()
        keyboard.type("Sổ theo dõi lớp học, trang 12")
        click_button(qtbot, box, "OK")

    on_next_modal(qtbot, write_note)
    add_note = next(b for b in form.rows["TC3.1"].evidence.findChildren(type(form.reopen_button))
                    if b.text() == "Thêm ghi chú")
    qtbot.mouseClick(add_note, Qt.MouseButton.LeftButton)
    texts = [w.text() for w in form.rows["TC3.1"].evidence.findChildren(type(form.total))]
    assert "Ghi chú: Sổ theo dõi lớp học, trang 12" in texts


def test_the_scoring_sheet_goes_to_excel_and_comes_back_with_its_problems_first(qtbot, db, page, tmp_path,
                                                                                 monkeypatch, round_id):
    page.tabs.setCurrentWidget(page.grid)
    grid = page.grid
    show_village(grid, grid.village)
    sheet = tmp_path / "phieu.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(sheet), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(sheet), "")))
    qtbot.mouseClick(grid.export_button, Qt.MouseButton.LeftButton)
    wb = load_workbook(sheet)
    ws = wb.worksheets[0]
    assert ws.cell(3, 7).value.startswith("TC1.2")
    ws.cell(4, 7).value = 12
    wb.save(sheet)

    # a problem: shown, nothing written
    seen = []
    on_next_modal(qtbot, lambda d: d.reject(), seen)
    qtbot.mouseClick(grid.import_button, Qt.MouseButton.LeftButton)
    problems = seen[0].widget.findChild(QPlainTextEdit).toPlainText()
    assert problems == "Dòng 4, cột 'TC1.2': điểm 12 vượt quá điểm tối đa 10"
    first = grid.model.grid.rows[0].assessment_id
    assert scoring.score_form(db, first).criteria[0].indicators[1].typed is None

    # corrected in Excel: the preview counts, then the scores are written
    wb = load_workbook(sheet)
    wb.worksheets[0].cell(4, 7).value = 8
    wb.save(sheet)
    seen.clear()
    on_next_modal(qtbot, lambda d: click_button(qtbot, d, "Ghi vào"), seen)
    qtbot.mouseClick(grid.import_button, Qt.MouseButton.LeftButton)
    assert seen[0].widget is not None
    assert scoring.score_form(db, first).criteria[0].indicators[1].typed == 8
    assert grid.model.data(grid.model.index(0, 3)) == "8"
