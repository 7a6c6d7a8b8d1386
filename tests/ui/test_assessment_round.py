"""Đánh giá: an officer runs a whole Gia đình học tập round through the screens — confirms the
sample criteria set, opens the round, registers a village, scores one household in the form by
keyboard and another in the village grid, records the reviews, decides, sees the subjects locked
and reopens one with a reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from app.services import households as hh
from app.services import scoring
from app.services.audit import current_user as who
from app.services.people import PersonInput
from app.ui.context import UiContext
from tests.ui.helpers import click_button, on_next_modal, table_texts

YEAR = 2026
TYPED = ("TC1.2", "TC1.3", "TC2.3", "TC3.1", "TC3.2", "TC4.1", "TC4.2")  # the sample set's typed indicators


@pytest.fixture
def village_households(db, commune) -> dict[str, int]:
    """Bản Nà Sản: three households of one adult each; Bản Hồng Mặn: one."""
    ids = {}
    for village, head in (("Bản Nà Sản", "Lò Văn Đoàn"), ("Bản Nà Sản", "Quàng Thị Xiêng"),
                          ("Bản Nà Sản", "Cầm Văn Ún"), ("Bản Hồng Mặn", "Lường Văn Pọm")):
        person = PersonInput(full_name=head, sex="M", birth_year=1980, relation="head", education_level="thpt")
        ids[head] = hh.save_household(db, hh.HouseholdInput(commune[village], (person,))).id
    return ids


@pytest.fixture
def page(qtbot, db, paths, village_households):
    from app.ui.pages.assessment_page import AssessmentPage

    ctx = UiContext(db, paths, YEAR)
    w = AssessmentPage(ctx)
    qtbot.addWidget(w)
    w.resize(1180, 700)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w._panel_stale)
    return w


def activate(qtbot, w) -> None:
    """Offscreen there is no window manager to give the page back the activation a dialog had."""
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)


def choose_village(view_combo, name: str) -> None:
    i = view_combo.findText(name)
    view_combo.setCurrentIndex(i)
    view_combo.activated.emit(i)


def row_of(table, text: str, column: int = 1) -> int:
    return next(n for n, row in enumerate(table_texts(table)) if row[column] == text)


def confirm_sample_set(qtbot, keyboard, page) -> None:
    page.tabs.setCurrentWidget(page.criteria)
    view = page.criteria
    row = next(n for n, s in enumerate(view.model.visible) if view.model.rows[s].title_code == "GDHT")
    view.table.selectRow(row)
    assert view.selected().needs_confirmation
    assert table_texts(view.table)[row][4] == "Mẫu — chưa xác nhận"

    def answer(box: QInputDialog) -> None:
        edit = box.findChild(QLineEdit)
        edit.selectAll()
        keyboard.type("Cán bộ xã", edit)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    on_next_modal(qtbot, answer)
    qtbot.mouseClick(view.confirm_button, Qt.MouseButton.LeftButton)
    assert table_texts(view.table)[row][4] == "Mẫu — Cán bộ xã đã xác nhận"


def test_a_whole_round_through_the_screens(qtbot, keyboard, db, page, village_households):
    # given: no round yet, and the screen says what to do
    panel = page.panel
    assert panel.set_text.full_text() == ("Chưa có đợt đánh giá năm 2026 cho Gia đình học tập. "
                                          "Bấm Mở đợt đánh giá để bắt đầu.")
    assert panel.open_button.isVisible()

    # when the officer confirms the sample set and opens the round
    confirm_sample_set(qtbot, keyboard, page)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert panel.current is not None and panel.current.title_code == "GDHT"
    assert panel.set_text.full_text().startswith("Đợt 2026 · 0 đăng ký · Bộ tiêu chí: Gia đình học tập 2021–2030")
    assert "Cán bộ xã xác nhận" in panel.sample.text()

    # registers all of Bản Nà Sản
    page.tabs.setCurrentWidget(page.registration)
    reg = page.registration
    choose_village(reg.subjects.village, "Bản Nà Sản")
    assert [r[3] for r in table_texts(reg.subjects.table)] == ["Chưa đăng ký"] * 3
    on_next_modal(qtbot, lambda d: click_button(qtbot, d, "Đăng ký"))
    qtbot.mouseClick(reg.village_button, Qt.MouseButton.LeftButton)
    assert [r[3] for r in table_texts(reg.subjects.table)] == ["Đã đăng ký"] * 3
    assert panel.cards["GDHT"].line1.text() == "Đăng ký 3 / 4"

    # scores Lò Văn Đoàn's household in the form, by keyboard: Enter opens it, Tab goes from score to score
    activate(qtbot, page)
    reg.subjects.table.setFocus()
    reg.subjects.table.selectRow(row_of(reg.subjects.table, "Lò Văn Đoàn"))
    keyboard.key(Qt.Key.Key_Return, widget=reg.subjects.table)
    assert page.tabs.currentWidget() is page.scoring
    form = page.scoring.form
    assert form.subject.text().startswith("Hộ ") and "Lò Văn Đoàn" in form.subject.text()
    assert QApplication.focusWidget() is form.rows["TC1.2"].spin
    for code in TYPED:
        assert QApplication.focusWidget() is form.rows[code].spin, code
        keyboard.type("9")
        keyboard.key(Qt.Key.Key_Tab)
    assert form.total.text() == "Tổng: 83 / 100 điểm"
    assert form.result.text() == "Chưa đạt"
    assert "Chưa đáp ứng điều kiện: Gia đình đạt danh hiệu Gia đình văn hóa năm trước." in form.reasons.text()
    keyboard.key(Qt.Key.Key_Space)  # the precondition, next in the Tab order
    assert form.result.text() == "Đạt"
    saved = scoring.score_form(db, form.assessment_id)
    assert saved.passed and saved.evaluation.total == 83
    assert page.scoring.subjects.model.rows[0].passed  # the list beside the form follows

    # scores Quàng Thị Xiêng's household in the village grid: a number, Tab, …; Space for the precondition
    page.tabs.setCurrentWidget(page.grid)
    grid = page.grid
    choose_village(grid.village, "Bản Nà Sản")
    model = grid.model
    row = next(n for n, r in enumerate(model.grid.rows) if r.subject.name == "Quàng Thị Xiêng")
    activate(qtbot, page)
    grid.table.setFocus()
    grid.table.move_to(row, 2 + 1, edit=False)  # TC1.2: TC1.1 is computed
    for _code in TYPED:
        keyboard.type("9", grid.table)
        keyboard.key(Qt.Key.Key_Tab, widget=QApplication.focusWidget())
    pre = 2 + len(model.grid.columns)
    grid.table.move_to(row, pre, edit=False)
    keyboard.key(Qt.Key.Key_Space, widget=grid.table)
    texts = table_texts(grid.table)[row]
    assert texts[-2:] == ["83", "Đạt"]
    assert grid.count_label.text() == "3 đối tượng · 8 ô chưa lưu"
    keyboard.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, widget=grid.table)
    assert grid.count_label.text() == "3 đối tượng"
    assert panel.cards["GDHT"].line2.text() == "Chấm 2 · Đạt 2"

    # records the village review and the commune review for the whole village
    page.tabs.setCurrentWidget(page.registration)
    for button in (reg.step_buttons["village_reviewed"], reg.step_buttons["commune_reviewed"]):
        def answer(d):
            scopes = d._scopes.buttons()
            assert [b.text() for b in scopes] == ["1 hộ đã chọn", "Mọi hộ đã đăng ký ở Bản Nà Sản (3)"]
            assert d.values()["when"].year == YEAR and d.by.text() == who()  # filled in: today, this user
            qtbot.mouseClick(scopes[1], Qt.MouseButton.LeftButton)
            click_button(qtbot, d, "Ghi")

        on_next_modal(qtbot, answer)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [r[3] for r in table_texts(reg.subjects.table)] == ["Đã thẩm định ở xã"] * 3

    # decides with a number and a date
    page.tabs.setCurrentWidget(page.decisions)
    seen = []

    def decide(d) -> None:
        assert d.count_label.text() == "Chọn 2 / 2 đối tượng đạt chưa có quyết định."
        assert d.signer.currentText() == "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH — Cầm Văn Ún"
        d.number.setFocus()
        keyboard.type("125/QĐ-UBND")
        click_button(qtbot, d, "Ra quyết định")

    on_next_modal(qtbot, decide, seen)
    qtbot.mouseClick(page.decisions.decide_button, Qt.MouseButton.LeftButton)
    assert table_texts(page.decisions.register_table)[0][0] == "125/QĐ-UBND"
    assert table_texts(page.decisions.register_table)[0][4] == "2"
    assert sorted(r[1] for r in table_texts(page.decisions.recognised_table)) == ["Lò Văn Đoàn", "Quàng Thị Xiêng"]
    assert panel.cards["GDHT"].state.text() == "Đã công nhận 2"

    # then the subjects are locked everywhere
    page.tabs.setCurrentWidget(page.scoring)
    results = {r[1]: r[3] for r in table_texts(page.scoring.subjects.table)}
    assert results == {"Lò Văn Đoàn": "Đã công nhận", "Quàng Thị Xiêng": "Đã công nhận", "Cầm Văn Ún": "Chưa chấm đủ"}
    page.scoring.subjects.table.selectRow(row_of(page.scoring.subjects.table, "Lò Văn Đoàn"))
    assert "Đã có quyết định công nhận số 125/QĐ-UBND" in form.lock_text.text()
    assert form.reopen_button.isVisible()
    assert all(r.spin.isReadOnly() for r in form.rows.values())
    page.tabs.setCurrentWidget(page.grid)
    assert not (model.flags(model.index(row, 3)) & Qt.ItemFlag.ItemIsEditable)

    # and one is reopened with a reason, which is required
    page.tabs.setCurrentWidget(page.decisions)
    rec = page.decisions.recognised_table
    rec.selectRow(row_of(rec, "Quàng Thị Xiêng"))

    def reopen(d) -> None:
        click_button(qtbot, d, "OK")
        assert d.error.text() == "Nhập lý do." and d.isVisible()
        d.reason.setFocus()
        keyboard.type("Chấm nhầm TC3.1")
        click_button(qtbot, d, "OK")

    on_next_modal(qtbot, reopen)
    qtbot.mouseClick(page.decisions.reopen_button, Qt.MouseButton.LeftButton)
    page.tabs.setCurrentWidget(page.scoring)
    page.scoring.subjects.table.selectRow(row_of(page.scoring.subjects.table, "Quàng Thị Xiêng"))
    assert form.lock_text.text().endswith("Đã mở lại để sửa. Lý do: Chấm nhầm TC3.1</span>")
    assert not form.rows["TC3.1"].spin.isReadOnly()
