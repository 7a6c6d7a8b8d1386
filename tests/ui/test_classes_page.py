"""The Lớp học page driven as an officer would: a class typed in by keyboard, learners enrolled
(persons, a whole household, a guest later matched), attendance marked by keyboard, the person's
page listing the class, and the printed attendance sheet and class log."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from app.services import class_attendance as att
from app.services import class_enrolment as enrol
from app.services.classes import list_classes
from app.ui.classes import common
from app.ui.classes.attendance_model import FIXED
from app.ui.classes.class_form import ClassDialog
from app.ui.classes.enrol_dialogs import AddPersonsDialog, GuestDialog, MatchDialog
from app.ui.context import UiContext
from app.ui.pages.classes_page import ClassesPage
from tests.classes.conftest import YEAR, course
from tests.classes.conftest import centre as centre  # noqa: F401 - the fixture
from tests.ui.helpers import on_next_modal, press, show_page

pytestmark = pytest.mark.ui


@pytest.fixture
def ctx(db, paths):
    return UiContext(db, paths, YEAR)


@pytest.fixture
def page(qtbot, ctx, centre):  # noqa: F811
    return show_page(qtbot, ClassesPage(ctx))


def select(page, title: str) -> None:
    page.reload()
    row = page.model.view_row_of(lambda r: r[1] == title)
    assert row >= 0, title
    page.table.selectRow(row)


def grid_texts(page) -> list[list[str]]:
    m = page.panel.model
    return [[m.index(r, c).data() or "" for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_a_class_is_typed_in_by_keyboard_with_four_weekly_sessions(qtbot, page, keyboard, db):
    # given the page of 2025 with no class yet
    assert "Chưa có lớp học" in page.empty_label.text()

    def fill(dialog: ClassDialog) -> None:
        keyboard.type("Kỹ thuật nuôi gà thả vườn")
        dialog.series_first.setFocus()
        dialog.series_first.setSelectedSection(dialog.series_first.Section.DaySection)  # as Tab leaves it
        keyboard.type("03032025")
        dialog.series_count.setFocus()
        dialog.series_count.lineEdit().selectAll()
        keyboard.type("4")
        dialog.series_button.setFocus()
        qtbot.keyClick(dialog.series_button, Qt.Key.Key_Space)
        assert dialog.table.rowCount() == 4
        assert dialog.session_count.text() == "4 buổi"
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    # when the officer presses Ctrl+N, types the title, a first date and 4 sessions, and Ctrl+S
    on_next_modal(qtbot, fill)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    # then the class is in the list, four weekly sessions from 3 March
    rows = list_classes(db, YEAR)
    assert [(r.title, r.sessions, r.starts_on, r.ends_on) for r in rows] == [
        ("Kỹ thuật nuôi gà thả vườn", 4, date(2025, 3, 3), date(2025, 3, 24))]
    assert page.model.row_at(0)[1] == "Kỹ thuật nuôi gà thả vườn"
    assert page.count_label.text() == "1 lớp học, chuyên đề"
    assert page.panel.title.text() == "Kỹ thuật nuôi gà thả vườn"


def test_learners_are_enrolled_and_a_guest_is_matched_later(qtbot, page, keyboard, db, centre):  # noqa: F811
    c = course(db, centre, count=4)
    select(page, c.title)

    # two persons, one after the other, with the person picker
    def add_two(dialog: AddPersonsDialog) -> None:
        for name in ("Nguyễn Thị Hương", "Cầm Văn Đức"):
            keyboard.type(name.split()[-1] + " " + name.split()[0])
            qtbot.waitUntil(lambda: dialog.picker.popup().isVisible())
            press(qtbot, Qt.Key.Key_Down)
            press(qtbot, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda name=name: f"Đã thêm {name}" in dialog.log.text())
        dialog.accept()

    on_next_modal(qtbot, add_two)
    qtbot.mouseClick(page.panel.add_person, Qt.MouseButton.LeftButton)

    # a whole household, found by its code
    def add_household(dialog) -> None:
        keyboard.type("Cầm Văn")
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
        press(qtbot, Qt.Key.Key_Return)

    on_next_modal(qtbot, add_household)
    qtbot.mouseClick(page.panel.add_household, Qt.MouseButton.LeftButton)

    # a guest from another place
    def add_guest(dialog: GuestDialog) -> None:
        keyboard.type("Lò Thị Ánh")
        dialog.sex.setCurrentIndex(2)
        dialog.birth_year.setValue(1985)
        dialog.village.setEditText("Bản Nà Sản")
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    on_next_modal(qtbot, add_guest)
    qtbot.mouseClick(page.panel.add_guest, Qt.MouseButton.LeftButton)

    names = [r[0] for r in grid_texts(page)]
    assert names == ["Lò Thị Ánh (1985) · khách", "Cầm Văn Đức (1965)", "Cầm Thị Én (1995)",
                     "Nguyễn Thị Hương (2000)"]
    assert page.model.row_at(0)[11] == 4  # learners in the list

    # when the guest is matched with the registry person of the same name
    page.panel.grid.setCurrentIndex(page.panel.model.index(0, 0))
    assert page.panel.match.isEnabled()

    def match(dialog: MatchDialog) -> None:
        assert dialog.candidates.count() == 1
        assert "Lò Thị Ánh — Nữ, 1985, HGD-001, Bản Nà Sản" == dialog.candidates.item(0).text()
        qtbot.keyClick(dialog.candidates, Qt.Key.Key_Return)

    on_next_modal(qtbot, match)
    qtbot.mouseClick(page.panel.match, Qt.MouseButton.LeftButton)

    # then she is a registry learner, no longer a guest
    rows = att.attendance_grid(db, c.id).rows
    anh = next(r for r in rows if r.name == "Lò Thị Ánh")
    assert anh.person_id == centre.persons["Lò Thị Ánh"]
    assert grid_texts(page)[0][0] == "Lò Thị Ánh (1985)"


def test_attendance_is_marked_by_keyboard_and_completion_follows_the_rule(qtbot, page, db, centre):  # noqa: F811
    # given a 4-session course where completing needs 75 % (3 of 4 sessions), two learners
    c = course(db, centre, count=4, percent=75)
    enrol.enrol_persons(db, c.id, [centre.persons["Lò Văn Pọm"], centre.persons["Nguyễn Thị Hương"]])
    select(page, c.title)
    grid = page.panel.grid
    done = page.panel.model.done_column
    assert [r[0] for r in grid_texts(page)] == ["Nguyễn Thị Hương (2000)", "Lò Văn Pọm (1980)"]
    grid.setFocus()
    grid.setCurrentIndex(page.panel.model.index(0, FIXED))

    # when the officer types x (Hương present), v (Pọm absent) down session 1 ...
    qtbot.keyClicks(grid, "xv")
    assert [r[FIXED] for r in grid_texts(page)] == ["✓", "v"]
    # ... then moves right and up and marks Hương present at sessions 2 and 3 with "1" and Space
    grid.setCurrentIndex(page.panel.model.index(0, FIXED + 1))
    qtbot.keyClicks(grid, "1")
    assert grid_texts(page)[0][done] == "Chưa"
    grid.setCurrentIndex(page.panel.model.index(0, FIXED + 2))
    qtbot.keyClick(grid, Qt.Key.Key_Space)

    # then her completion turns to "Hoàn thành" (3 of 4) while his stays "Chưa"
    texts = grid_texts(page)
    assert texts[0][done - 1:] == ["3/4", "Hoàn thành"]
    assert texts[1][done - 1:] == ["0/4", "Chưa"]
    assert "4 ô chưa lưu" in page.panel.state.text()

    # Ctrl+Z undoes the last mark, Space again puts it back; Ctrl+S saves all in one go
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid_texts(page)[0][done] == "Chưa"
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    qtbot.keyClick(grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = att.attendance_grid(db, c.id)
    assert [saved.completion(i).completed for i in range(2)] == [True, False]
    assert saved.attended(0) == 3 and saved.mark(1, 0) is False
    assert "ô chưa lưu" not in page.panel.state.text()

    # Space on Pọm's completion cell confirms him as completed anyway
    grid.setCurrentIndex(page.panel.model.index(1, done))
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert grid_texts(page)[1][done] == "Hoàn thành (xác nhận)"
    assert att.attendance_grid(db, c.id).completion(1).completed


def test_the_person_page_lists_the_classes_taken(qtbot, ctx, db, centre):  # noqa: F811
    from app.ui.pages.persons_page import PersonsPage

    c = course(db, centre, count=4, percent=75)
    enrol.enrol_persons(db, c.id, [centre.persons["Lò Văn Pọm"]])
    g = att.attendance_grid(db, c.id)
    att.set_attendance(db, c.id, [(g.rows[0].enrolment_id, col.session_id, True) for col in g.columns[:3]])
    page = show_page(qtbot, PersonsPage(ctx))
    page.select_record(centre.persons["Lò Văn Pọm"])
    assert page.card_view.classes_label.text() == (
        "Lớp đã học: Kỹ thuật trồng cà phê (2025, dự 3/4 buổi, hoàn thành)")


def test_the_attendance_sheet_and_the_class_log_print_with_the_learners(qtbot, page, db, centre, tmp_path,
                                                                       monkeypatch):  # noqa: F811
    c = course(db, centre, count=4)
    enrol.enrol_household(db, c.id, centre.households["HGD-001"], min_age=15)
    select(page, c.title)
    opened = []
    monkeypatch.setattr(common, "ask_save_path", lambda _p, _t, suggested, _f: tmp_path / suggested.name)
    monkeypatch.setattr(common, "open_file", opened.append)

    page.print_sheet_action.trigger()
    page.print_log_action.trigger()
    page.plan_action.trigger()

    assert [p.name for p in opened] == ["Diem danh Ky thuat trong ca phe.pdf", "So theo doi Ky thuat trong ca phe.pdf",
                                        "Ke hoach hoat dong nam 2025.pdf"]
    for path in opened[:2]:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
        for name in ("Lò Văn Pọm", "Lò Thị Ánh", "Lò Thị Cúc"):
            assert name in text, (path.name, name)
        assert "Kỹ thuật trồng cà phê" in text
    assert "Kỹ thuật trồng cà phê" in "".join(p.extract_text() for p in PdfReader(opened[2]).pages)


def test_the_year_figures_view(qtbot, page, db, centre):  # noqa: F811
    c = course(db, centre, count=4)
    enrol.enrol_persons(db, c.id, [centre.persons["Lò Văn Pọm"]])
    g = att.attendance_grid(db, c.id)
    att.set_attendance(db, c.id, [(g.rows[0].enrolment_id, col.session_id, True) for col in g.columns])
    page.figures_action.trigger()
    assert page.stack.currentWidget() is page.figures
    summary = page.figures.summary.text()
    assert "<b>1</b> lớp học" in summary and "<b>4</b> lượt người" in summary
    t = page.figures.topics
    assert t.item(0, 0).text() == "Chuyển giao khoa học kỹ thuật" and t.item(0, 3).text() == "1"
    assert t.item(t.rowCount() - 1, 0).text() == "Cộng"
    assert page.figures.breakdowns["sex"].item(0, 0).text() == "Nam"
    assert isinstance(page.panel.grid, QTableView) and QApplication.instance() is not None
