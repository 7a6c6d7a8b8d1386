"""Bộ tiêu chí: an officer opens a shipped set, adds an indicator by keyboard while the points check
turns red and green again, saves and finds the change in the database; moves indicators and
criteria; is refused a floor above the maximum; is asked before losing changes; finds a set a
decision used read-only and saves it as a new version instead."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.services import criteria_sets as cs
from app.ui.assessment.criteria_editor import CriteriaEditorDialog
from app.ui.context import UiContext
from tests.ui.helpers import click_button, on_next_modal

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _set(db, title: str, code_part: str = ""):
    return next(s for s in cs.list_sets(db) if s.title_code == title and code_part in s.code)


@pytest.fixture
def ctx(db, paths):
    return UiContext(db, paths, 2025)


def open_editor(qtbot, ctx, set_id=None, document=None) -> CriteriaEditorDialog:
    dialog = CriteriaEditorDialog(ctx, set_id, document)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.mark_clean())
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def click_node(qtbot, w: CriteriaEditorDialog, ci: int, ii: int = -1) -> None:
    """Click a criterion (ii = -1) or an indicator in the tree, as a person would."""
    parent = w.model.index(ci, 0)
    index = parent if ii < 0 else w.model.index(ii, 0, parent)
    w.tree.scrollTo(index)
    qtbot.mouseClick(w.tree.viewport(), Qt.MouseButton.LeftButton, pos=w.tree.visualRect(index).center())
    assert w.current_node() == (ci, ii)


def retype(qtbot, keyboard, edit, text: str) -> None:
    """Click into a field, select what is there and type over it."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is edit
    keyboard.key(Qt.Key.Key_A, CTRL)
    keyboard.type(text)


def codes(doc: dict, ci: int | None = None) -> list[str]:
    if ci is None:
        return [c["code"] for c in doc["criteria"]]
    return [i["code"] for i in doc["criteria"][ci]["indicators"]]


def test_every_shipped_set_opens_unchanged(qtbot, db, ctx):
    for info in cs.list_sets(db):
        w = CriteriaEditorDialog(ctx, info.id)
        qtbot.addWidget(w, before_close_func=lambda d: d.mark_clean())
        assert w.document() == cs.get_document(db, info.id), info.code
        assert not w.is_dirty() and not w.read_only
        assert all(ok for _text, ok in w.points_lines()), info.code


def test_add_an_indicator_by_keyboard_points_turn_red_then_green_and_save(qtbot, db, ctx, keyboard):
    gdht = _set(db, "GDHT")
    before = cs.get_document(db, gdht.id)
    said: list[str] = []
    ctx.status.connect(said.append)
    w = open_editor(qtbot, ctx, gdht.id)
    assert w.points_lines()[0] == ("Tổng điểm các chỉ số của TC1: 30/30 ✓", True)
    assert w.points_lines()[-1] == ("Tổng điểm các tiêu chí: 100/100 ✓", True)
    assert "Bộ tiêu chí mẫu — đối chiếu hướng dẫn của tỉnh trước khi dùng" in w.status_badge.text()
    assert QApplication.focusWidget() is w.tree and w.current_node() == (0, -1)

    keyboard.key(Qt.Key.Key_N, CTRL)  # Thêm chỉ số into TC1
    assert w.current_node() == (0, 3) and w.code_edit.text() == "TC1.4"
    assert QApplication.focusWidget() is w.title_edit
    keyboard.type("Trẻ đọc sách ở tủ sách của thôn")
    keyboard.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.guidance_edit
    keyboard.type("Theo sổ mượn sách của thôn.")
    keyboard.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.max_edit
    keyboard.type("5")
    text, ok = w.points_lines()[0]
    assert not ok and text.endswith("TC1: 35/30 — thừa 5 điểm")
    assert w.points_lines()[-1] == ("Tổng điểm các tiêu chí: 100/100 ✓", True)  # the criteria still add up
    assert "#c62828" in w.points_label.text()  # shown in red
    assert w.model.index(0, 1).data() == "35/30 ✗"

    # the officer takes the 5 points from TC1.3
    click_node(qtbot, w, 0, 2)
    assert w.max_edit.text() == "10"
    retype(qtbot, keyboard, w.max_edit, "5")
    assert w.points_lines()[0] == ("Tổng điểm các chỉ số của TC1: 30/30 ✓", True)
    assert "#c62828" not in w.points_label.text()

    keyboard.key(Qt.Key.Key_S, CTRL)
    assert w.result() == QDialog.DialogCode.Accepted and not w.isVisible()
    assert w.saved_id == gdht.id
    assert said[-1].startswith("Đã lưu bộ tiêu chí Gia đình học tập 2021–2030")

    after = cs.get_document(db, gdht.id)
    expected = copy.deepcopy(before)
    expected["criteria"][0]["indicators"][2]["max_points"] = 5
    expected["criteria"][0]["indicators"].append({"code": "TC1.4", "title_vi": "Trẻ đọc sách ở tủ sách của thôn",
                                                  "guidance_vi": "Theo sổ mượn sách của thôn.", "max_points": 5})
    assert after == expected
    info = cs.get_set(db, gdht.id)[0]
    assert info.origin == "edited" and info.needs_confirmation


def test_reorder_indicators_and_criteria(qtbot, db, ctx, keyboard):
    gdht = _set(db, "GDHT")
    w = open_editor(qtbot, ctx, gdht.id)
    click_node(qtbot, w, 0, 1)  # TC1.2
    keyboard.key(Qt.Key.Key_Up, ALT)
    assert codes(w.document(), 0) == ["TC1.2", "TC1.1", "TC1.3"] and w.current_node() == (0, 0)
    assert w.model.index(0, 0, w.model.index(0, 0)).data().startswith("TC1.2 — ")
    keyboard.key(Qt.Key.Key_Down, ALT)
    keyboard.key(Qt.Key.Key_Down, ALT)
    assert codes(w.document(), 0) == ["TC1.1", "TC1.3", "TC1.2"] and w.current_node() == (0, 2)
    keyboard.key(Qt.Key.Key_Down, ALT)  # already last in its criterion: stays
    assert codes(w.document(), 0) == ["TC1.1", "TC1.3", "TC1.2"]
    assert w.is_dirty()

    click_node(qtbot, w, 2)  # TC3, moved up with the button
    click_button(qtbot, w, "Lên")
    assert codes(w.document()) == ["TC1", "TC3", "TC2", "TC4"] and w.current_node() == (1, -1)
    assert all(ok for _t, ok in w.points_lines())

    click_button(qtbot, w, "Lưu")
    assert w.result() == QDialog.DialogCode.Accepted
    doc = cs.get_document(db, gdht.id)
    assert codes(doc) == ["TC1", "TC3", "TC2", "TC4"]
    assert codes(doc, 0) == ["TC1.1", "TC1.3", "TC1.2"]


def test_a_floor_above_the_maximum_is_refused_with_the_message(qtbot, db, ctx, keyboard):
    gdht = _set(db, "GDHT")
    before = cs.get_document(db, gdht.id)
    w = open_editor(qtbot, ctx, gdht.id)
    click_node(qtbot, w, 0, 0)  # TC1.1, 10 points
    retype(qtbot, keyboard, w.floor_edit, "12")
    assert w.floor_message.isVisible() and w.floor_message.text() == "Điểm sàn 12 lớn hơn điểm tối đa 10."

    keyboard.key(Qt.Key.Key_S, CTRL)
    assert w.isVisible() and w.result() != QDialog.DialogCode.Accepted
    assert w.message.isVisible()
    assert "Chỉ số TC1.1: điểm sàn 12 lớn hơn điểm tối đa 10." in w.message.text()
    assert cs.get_document(db, gdht.id) == before  # nothing changed

    retype(qtbot, keyboard, w.floor_edit, "7,5")
    assert not w.floor_message.isVisible()
    keyboard.key(Qt.Key.Key_S, CTRL)
    assert w.result() == QDialog.DialogCode.Accepted
    assert cs.get_document(db, gdht.id)["criteria"][0]["indicators"][0]["floor"] == 7.5


def test_empty_wording_and_points_are_named_before_saving(qtbot, db, ctx, keyboard):
    gdht = _set(db, "GDHT")
    before = cs.get_document(db, gdht.id)
    w = open_editor(qtbot, ctx, gdht.id)
    click_node(qtbot, w, 1)  # TC2
    click_button(qtbot, w, "Thêm chỉ số")
    assert w.code_edit.text() == "TC2.4"
    keyboard.key(Qt.Key.Key_S, CTRL)
    assert w.isVisible()
    assert w.message.text().splitlines() == ["Chỉ số TC2.4: hãy nhập nội dung.", "Chỉ số TC2.4: hãy nhập điểm tối đa."]
    assert cs.get_document(db, gdht.id) == before


def test_esc_with_unsaved_changes_asks(qtbot, db, ctx, keyboard):
    gdht = _set(db, "GDHT")
    before = cs.get_document(db, gdht.id)
    w = open_editor(qtbot, ctx, gdht.id)
    w.tabs.setCurrentIndex(1)
    retype(qtbot, keyboard, w.name_edit, "Gia đình học tập — bộ của tỉnh Sơn La")
    assert w.is_dirty()

    seen = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Tiếp tục sửa"), seen)
    keyboard.key(Qt.Key.Key_Escape)
    assert seen and seen[0].text == "Bỏ các thay đổi chưa lưu?"
    assert w.isVisible()

    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Bỏ thay đổi"), seen)
    w.activateWindow()  # back from the question
    qtbot.waitUntil(w.isActiveWindow)
    keyboard.key(Qt.Key.Key_Escape, widget=w.name_edit)
    assert len(seen) == 2 and not w.isVisible() and w.result() == QDialog.DialogCode.Rejected
    assert cs.get_document(db, gdht.id) == before


def test_esc_without_changes_closes_at_once(qtbot, db, ctx, keyboard):
    w = open_editor(qtbot, ctx, _set(db, "DHHT").id)
    keyboard.key(Qt.Key.Key_Escape)
    assert not w.isVisible() and w.result() == QDialog.DialogCode.Rejected


def test_a_set_a_decision_used_is_read_only_and_can_be_saved_as_a_new_version(qtbot, db, ctx, keyboard):
    from app.services import decisions, rounds, units
    from tests.assessment.assessment_helpers import score_all

    unit_id = units.save_unit(db, units.UnitInput(name="Trường Tiểu học Nà Sản", kind="school"))
    r = rounds.open_round(db, 2025, "DVHT")
    aid = rounds.register(db, r.id, [unit_id], date(2025, 2, 1), "Chi hội").added[0]
    score_all(db, aid, 100)
    cs.confirm_set(db, r.set_id, "Lò Văn Pọm")
    decisions.decide(db, r.id, "1/QĐ-UBND", date(2025, 12, 20), "Cầm Văn Ún")
    before = cs.get_document(db, r.set_id)

    w = open_editor(qtbot, ctx, r.set_id)
    assert w.read_only and w.lock_message.isVisible()
    assert "đã được dùng trong quyết định công nhận" in w.lock_message.text()
    assert w.save_btn.isHidden() and not w.add_indicator_btn.isEnabled()
    assert w.title_edit.isReadOnly() and w.name_edit.isReadOnly()
    keyboard.key(Qt.Key.Key_N, CTRL)  # nothing is added
    assert len(w.document()["criteria"][0]["indicators"]) == len(before["criteria"][0]["indicators"])

    def answer(dialog):
        dialog.from_edit.setFocus()
        dialog.from_edit.selectAll()
        keyboard.type("01/01/2026")
        click_button(qtbot, dialog, "Tạo phiên bản mới")

    seen = []
    on_next_modal(qtbot, answer, seen)
    click_button(qtbot, w, "Lưu thành bộ mới…")
    assert seen and seen[0].title == "Lưu thành bộ tiêu chí mới"
    new = cs.get_set(db, w.set_id)[0]
    assert w.set_id != r.set_id and w.saved_id == w.set_id
    assert (new.code, new.version, new.valid_from, new.origin) == (before["code"], 2, date(2026, 1, 1), "copied")
    assert not w.read_only and not w.lock_message.isVisible() and w.save_btn.isVisible()
    assert w.notice.isVisible() and "phiên bản 2" in w.notice.text()
    assert w.version_spin.value() == 2 and w.valid_from_edit.text() == "01/01/2026"
    assert cs.get_document(db, r.set_id) == before


def test_save_as_new_keeps_the_edits_in_the_new_version(qtbot, db, ctx, keyboard):
    dhht = _set(db, "DHHT")
    before = cs.get_document(db, dhht.id)
    w = open_editor(qtbot, ctx, dhht.id)
    w.tabs.setCurrentIndex(1)
    retype(qtbot, keyboard, w.province_edit, "Sơn La")
    assert w.save_as_new(date(2026, 1, 1), None)
    doc = cs.get_document(db, w.set_id)
    assert (doc["version"], doc["valid_from"], doc["valid_to"], doc["province"]) == (2, "2026-01-01", None, "Sơn La")
    assert cs.get_document(db, dhht.id) == before
    assert not w.is_dirty()


def test_the_target_group_is_for_citizens_only(qtbot, db, ctx):
    w = open_editor(qtbot, ctx, _set(db, "GDHT").id)
    assert not w.group_box.isEnabled()
    w2 = open_editor(qtbot, ctx, _set(db, "CDHT_CONG_DAN", "WORKERS").id)
    assert w2.group_box.isEnabled() and w2.group_box.currentText() == "Công nhân, người lao động"


def test_fits_a_1366x768_screen(qtbot, db, ctx, tmp_path):
    w = open_editor(qtbot, ctx, _set(db, "GDHT").id)
    hint = w.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728
    w.resize(1326, 700)
    w.select_node(0, 0)
    assert not w.grab().isNull()
    assert w.grab().save(str(tmp_path / "criteria-editor.png"))


def test_deleting_an_indicator_says_what_and_asks(qtbot, db, ctx, keyboard):
    gdht = _set(db, "GDHT")
    w = open_editor(qtbot, ctx, gdht.id)
    click_node(qtbot, w, 3, 1)  # TC4.2
    seen = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Không xóa"), seen)
    keyboard.key(Qt.Key.Key_Delete)
    assert seen[0].text == "Xóa chỉ số TC4.2 “Tham gia xây dựng đời sống văn hóa ở khu dân cư”?"
    assert codes(w.document(), 3) == ["TC4.1", "TC4.2"]

    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, "Xóa"), seen)
    keyboard.key(Qt.Key.Key_Delete, widget=w.tree)
    assert codes(w.document(), 3) == ["TC4.1"] and w.current_node() == (3, 0)
    assert w.points_lines()[3] == ("Tổng điểm các chỉ số của TC4: 10/20 — thiếu 10 điểm", False)


def test_a_derivation_band_is_edited_in_its_table(qtbot, db, ctx, keyboard):
    gdht = _set(db, "GDHT")
    w = open_editor(qtbot, ctx, gdht.id)
    click_node(qtbot, w, 0, 0)  # TC1.1, derived from school attendance
    assert w.kind_box.currentData() == "school_age_in_school"
    assert [w.params_table.item(r, 1).text() for r in range(2)] == ["6", "14"]
    table = w.bands_table
    rect = table.visualItemRect(table.item(1, 0))  # second band, "Từ (%)" 75
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    keyboard.key(Qt.Key.Key_F2, widget=table)  # edit the cell, as in Excel
    keyboard.key(Qt.Key.Key_A, CTRL)
    keyboard.type("80")
    keyboard.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(1, 0).text() == "80")  # the cell is committed after the key
    assert w.document()["criteria"][0]["indicators"][0]["derivation"]["bands"][1] == {
        "min": 80, "max": 100, "points": 6}
    keyboard.key(Qt.Key.Key_S, CTRL, widget=w.tree)
    assert w.result() == QDialog.DialogCode.Accepted
    saved = cs.get_document(db, gdht.id)["criteria"][0]["indicators"][0]["derivation"]
    assert saved["bands"][1]["min"] == 80 and saved["params"] == {"min_age": 6, "max_age": 14}
