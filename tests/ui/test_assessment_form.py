"""Đánh giá: the score form and the grid refuse what the rules refuse, with the service's words;
an override needs a reason; an unconfirmed sample set is flagged and blocks the decision; the
screens follow the working year."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.services import scoring
from app.ui.context import UiContext
from tests.ui.assessment_fixtures import YEAR, page_fixture, round_id_fixture  # noqa: F401 - fixtures
from tests.ui.helpers import click_button, on_next_modal, table_texts

TYPED = ("TC1.2", "TC1.3", "TC2.3", "TC3.1", "TC3.2", "TC4.1", "TC4.2")




def open_form(qtbot, page):
    page.tabs.setCurrentWidget(page.scoring)
    i = page.scoring.subjects.village.findText("Bản Nà Sản")
    page.scoring.subjects.village.setCurrentIndex(i)
    page.scoring.subjects.village.activated.emit(i)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page.scoring.form


def test_an_unconfirmed_sample_set_is_flagged_amber_with_a_link(page):
    assert page.panel.sample.isVisible()
    assert "⚠ Bộ tiêu chí mẫu — đối chiếu hướng dẫn của tỉnh" in page.panel.sample.text()
    page.panel.sample.linkActivated.emit("set")
    assert page.tabs.currentWidget() is page.criteria
    assert page.criteria.selected().title_code == "GDHT"


def test_an_out_of_range_score_shows_the_services_message_beside_the_field(qtbot, keyboard, db, page):
    form = open_form(qtbot, page)
    form.focus_first()
    assert QApplication.focusWidget() is form.rows["TC1.2"].spin
    keyboard.type("12")
    keyboard.key(Qt.Key.Key_Tab)
    row = form.rows["TC1.2"]
    assert row.error.isVisible()
    assert row.error.text() == "Điểm 12 vượt quá điểm tối đa 10 của chỉ số TC1.2."
    assert "color:#c62828" in row.error.styleSheet()
    assert scoring.score_form(db, form.assessment_id).criteria[0].indicators[1].typed is None  # nothing stored
    assert form.total.text() == "Tổng: 20 / 100 điểm"  # the refused 12 does not count

    # corrected, the message goes and the score is stored
    row.spin.setFocus(Qt.FocusReason.TabFocusReason)
    keyboard.type("7,5")
    keyboard.key(Qt.Key.Key_Tab)
    assert not row.error.isVisible()
    assert scoring.score_form(db, form.assessment_id).criteria[0].indicators[1].typed == 7.5
    assert form.total.text() == "Tổng: 27,5 / 100 điểm"


def test_an_override_of_a_computed_indicator_needs_a_reason_which_is_kept(qtbot, keyboard, db, page):
    form = open_form(qtbot, page)
    row = form.rows["TC2.2"]
    assert row.spin.isReadOnly()
    texts = [w.text() for w in row.findChildren(type(form.total))]
    assert any(t.startswith("Tự tính: 0/1 người từ 18 tuổi được công nhận Công dân học tập năm 2026") for t in texts)
    shown = []

    def answer(d) -> None:
        spin = d.findChild(type(row.spin), "overridePoints")
        spin.setFocus()
        spin.lineEdit().selectAll()
        keyboard.type("7")
        click_button(qtbot, d, "OK")
        assert d.isVisible() and d.error.text() == "Nhập lý do."
        assert scoring.score_form(db, form.assessment_id).criteria[1].indicators[1].typed is None
        d.reason.setFocus()
        keyboard.type("Anh Đoàn đã học xong lớp tin học")
        click_button(qtbot, d, "OK")

    on_next_modal(qtbot, answer, shown)
    qtbot.mouseClick(row.override_button, Qt.MouseButton.LeftButton)
    view = scoring.score_form(db, form.assessment_id).criteria[1].indicators[1]
    assert (view.typed, view.override_reason) == (7, "Anh Đoàn đã học xong lớp tin học")
    row = form.rows["TC2.2"]  # the form was rebuilt
    assert row.spin.points() == 7
    assert row.override_button.text() == "Bỏ ghi đè"
    texts = [w.text() for w in row.findChildren(type(form.total))]
    assert any("Đã ghi đè: 7 điểm. Lý do: Anh Đoàn đã học xong lớp tin học" in t for t in texts)


def test_the_grid_saves_all_or_nothing_and_marks_refused_cells(qtbot, keyboard, db, page):
    page.tabs.setCurrentWidget(page.grid)
    grid = page.grid
    i = grid.village.findText("Bản Nà Sản")
    grid.village.setCurrentIndex(i)
    grid.village.activated.emit(i)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    grid.table.setFocus()
    grid.table.move_to(0, 3, edit=False)  # TC1.2
    keyboard.type("8", grid.table)
    keyboard.key(Qt.Key.Key_Return, widget=QApplication.focusWidget())
    qtbot.waitUntil(lambda: grid.table.currentIndex().row() == 1)  # Enter moves down, like Excel
    keyboard.type("12")  # the first key opens the cell editor, which then has the focus
    keyboard.key(Qt.Key.Key_Return, widget=QApplication.focusWidget())
    qtbot.waitUntil(lambda: grid.table.state() == QAbstractItemView.State.NoState)
    m = grid.model
    assert m.data(m.index(1, 3), Qt.ItemDataRole.ToolTipRole) == "Điểm 12 vượt quá điểm tối đa 10 của chỉ số TC1.2."
    assert m.data(m.index(1, 3), Qt.ItemDataRole.BackgroundRole).name() == "#ffebee"
    assert table_texts(grid.table)[0][-2] == "28"  # 10 + 10 + 0 computed, 8 typed
    assert table_texts(grid.table)[1][-2] == "20"  # the refused 12 does not count
    seen = []
    on_next_modal(qtbot, lambda box: box.accept(), seen)
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, widget=grid.table)
    assert seen[0].title == "Chưa lưu điểm nào"
    assert "Điểm 12 vượt quá điểm tối đa 10 của chỉ số TC1.2." in seen[0].text
    aid = m.grid.rows[0].assessment_id
    assert scoring.score_form(db, aid).criteria[0].indicators[1].typed is None  # all or nothing
    assert grid.count_label.text() == "2 đối tượng · 2 ô chưa lưu · 1 ô không hợp lệ"


def test_deciding_on_an_unconfirmed_sample_set_is_refused_plainly(qtbot, keyboard, db, page, round_id):
    from app.services.score_grid import village_grid

    for row in village_grid(db, round_id, None).rows:
        scoring.set_scores(db, [scoring.ScoreChange(row.assessment_id, c, 10) for c in TYPED])
        scoring.set_precondition(db, row.assessment_id, "GDVH", True)
    page.panel.reload()
    page.tabs.setCurrentWidget(page.decisions)

    def decide(d) -> None:
        d.number.setFocus()
        keyboard.type("12/QĐ-UBND")
        click_button(qtbot, d, "Ra quyết định")
        assert d.isVisible()
        assert d.error.text().startswith("Bộ tiêu chí mẫu chưa được xác nhận: Gia đình học tập 2021–2030")
        d.reject()

    on_next_modal(qtbot, decide)
    qtbot.mouseClick(page.decisions.decide_button, Qt.MouseButton.LeftButton)
    assert page.decisions.register.rows == []


def test_everything_follows_the_working_year(qtbot, page):
    assert page.title.text() == "Đánh giá năm 2026"
    page.ctx.set_year(2025)
    assert page.title.text() == "Đánh giá năm 2025"
    assert page.panel.set_text.full_text() == ("Chưa có đợt đánh giá năm 2025 cho Gia đình học tập. "
                                               "Bấm Mở đợt đánh giá để bắt đầu.")
    assert page.panel.cards["GDHT"].state.text() == "Chưa mở đợt"
    page.ctx.set_year(2026)
    assert page.panel.cards["GDHT"].line1.text() == "Đăng ký 2 / 2"


def test_the_edit_button_waits_for_the_criteria_editor(qtbot, db, paths, monkeypatch):
    from app.ui.assessment.criteria_sets_view import CriteriaSetsView

    monkeypatch.setitem(sys.modules, "app.ui.assessment.criteria_editor", None)  # as if not there
    view = CriteriaSetsView(UiContext(db, paths, YEAR))
    qtbot.addWidget(view)
    assert not view.edit_button.isEnabled()
