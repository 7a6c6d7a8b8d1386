"""Nhập Excel: the import wizard driven as an officer would, on a messy commune workbook."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QWizard

from app.services import households as hh
from app.services.people import PersonInput
from app.ui.context import UiContext
from app.ui.dialogs.import_wizard import (
    PAGE_COMMIT,
    PAGE_FILE,
    PAGE_PREVIEW,
    PAGE_RESULT,
    PAGE_SHEETS,
    ImportWizard,
)
from tests.fixtures.excel import excel_builders as xb
from tests.ui.helpers import click_button, on_next_modal

pytestmark = pytest.mark.ui

BAD_YEAR = "Trang “Sheet1”, dòng 17: năm sinh “19855” không hợp lệ."
FIRST_PREVIEW = "6 hộ mới, 0 hộ cập nhật, 0 không đổi, 1 dòng bị từ chối; 1 thôn mới: Huổi Un."


@pytest.fixture
def messy(tmp_path):
    """The census list (title rows, merged two-row header, Nam/Nữ year columns, subtotals, a bad
    year on row 17), a TCVN3 sheet, an empty sheet and a hidden sheet."""
    path = xb.census_workbook(tmp_path / "messy.xlsx")
    wb = load_workbook(path)
    xb.tcvn3_sheet(wb)
    wb.create_sheet("Trống")
    hidden = wb.create_sheet("Ẩn")
    hidden.sheet_state = "hidden"
    xb.put(hidden, 1, ["STT", "Họ và tên", "Năm sinh"])
    xb.put(hidden, 2, [1, "Lò Văn Ấn", 1970])
    wb.save(path)
    return path


@pytest.fixture
def ctx(db, paths, commune):
    return UiContext(db, paths, 2026)


@pytest.fixture
def open_wizard(qtbot, ctx):
    def make(path=None) -> ImportWizard:
        w = ImportWizard(ctx, None, path)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        return w
    return make


def click(qtbot, wizard, which=QWizard.WizardButton.NextButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def to_preview(qtbot, wizard) -> None:
    click(qtbot, wizard)
    assert wizard.currentId() == PAGE_SHEETS
    click(qtbot, wizard)
    assert wizard.currentId() == PAGE_PREVIEW


def sheet_items(page) -> list[tuple[str, bool | None]]:
    out = []
    for i in range(page.sheet_list.count()):
        item = page.sheet_list.item(i)
        checkable = bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable)
        out.append((item.text(), item.checkState() == Qt.CheckState.Checked if checkable else None))
    return out


def choose_sheet(page, name: str) -> None:
    row = next(i for i in range(page.sheet_list.count()) if page.sheet_list.item(i).text().split("\n")[0] == name)
    page.sheet_list.setCurrentRow(row)


def mapping(page) -> dict[str, tuple[str, str]]:
    """Column letter → (header text, field chosen)."""
    t = page.mapping
    return {t.item(r, 0).text(): (t.item(r, 1).text(), t.cellWidget(r, 3).currentText()) for r in range(t.rowCount())}


def combo_of(page, letter: str) -> QComboBox:
    t = page.mapping
    return next(t.cellWidget(r, 3) for r in range(t.rowCount()) if t.item(r, 0).text() == letter)


def grid_row(page, excel_row: int) -> list[str]:
    g = page.grid
    for r in range(g.rowCount()):
        if g.item(r, 0).text() == str(excel_row):
            return [g.item(r, c).text() for c in range(g.columnCount())]
    raise KeyError(excel_row)


def problems(page) -> list[str]:
    m = page.problems_model
    return [m.index(r, 0).data() for r in range(m.rowCount())]


def double_click_problem(qtbot, page, text: str) -> None:
    row = problems(page).index(text)
    rect = page.problems.visualRect(page.problems_model.index(row, 0))
    qtbot.mouseClick(page.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# --- Choosing the file -------------------------------------------------------------------------------


def test_choose_file_offers_excel_files_and_fills_the_path(qtbot, open_wizard, messy, monkeypatch):
    asked = []

    def fake_dialog(parent, title, folder, filters):
        asked.append(filters)
        return str(messy), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_dialog)
    w = open_wizard()
    assert not w.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.mouseClick(w.file_page.browse, Qt.MouseButton.LeftButton)
    assert asked == ["Bảng tính Excel (*.xlsx *.xls)"]
    assert w.file_page.path_edit.text() == str(messy)
    assert w.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_binary_junk_file_is_refused_in_red_and_nothing_is_written(qtbot, open_wizard, db, paths, tmp_path):
    junk = xb.junk(tmp_path / "danh sach.xlsx")
    w = open_wizard(junk)
    click(qtbot, w)
    assert w.currentId() == PAGE_FILE
    assert w.file_page.error.isVisible()
    assert w.file_page.error.text() == (
        "Không mở được tệp: tệp không phải bảng tính Excel. Hãy chọn tệp .xlsx hoặc .xls.")
    assert w.plan is None
    assert hh.household_rows(db) == []
    assert list(paths.backups.iterdir()) == []


# --- Sheets and columns ------------------------------------------------------------------------------


def test_the_sheets_page_shows_what_was_found_on_each_sheet(qtbot, open_wizard, messy):
    w = open_wizard(messy)
    click(qtbot, w)
    page = w.sheets_page
    # hidden sheets are offered unticked, empty ones explained without a checkbox
    assert sheet_items(page) == [("Sheet1\n4 hộ", True), ("HM\n2 hộ, TCVN3", True),
                                 ("Trống\nkhông có danh sách hộ", None), ("Ẩn\n1 hộ, trang ẩn", False)]
    # the census sheet: merged two-row header at row 5, data from row 8, Nam/Nữ year columns
    assert (page.header_label.text(), page.data_row.value()) == ("5", 8)
    assert page.layout_box.currentText() == "Một dòng mỗi người"
    columns = mapping(page)
    assert columns["B"] == ("Họ và tên", "Họ và tên")
    assert columns["C"] == ("Năm sinh / Nam", "Năm sinh của nam (cột Nam)")
    assert columns["D"] == ("Năm sinh / Nữ", "Năm sinh của nữ (cột Nữ)")
    assert columns["I"] == ("Thôn/bản", "Thôn, bản")
    assert page.village_source.text().startswith("Theo cột Thôn, bản: Nà Sản (2 hộ), Bản Hồng Mặn (1 hộ)")
    assert grid_row(page, 8)[:6] == ["8", "1", "Lò Văn Pọm", "Nam", "1975", "Chủ hộ"]
    assert grid_row(page, 17)[-1] == "Năm sinh “19855” không hợp lệ."
    # the TCVN3 sheet: converted, with before → after, the village from its title
    choose_sheet(page, "HM")
    assert page.legacy_label.text().startswith("Đã chuyển mã TCVN3 → Unicode (30 ô): “Hä vµ tªn” → “Họ và tên”")
    assert page.village_box.currentText() == "Bản Hồng Mặn"
    assert page.village_source.text() == "lấy từ dòng tiêu đề của trang"
    assert grid_row(page, 5)[2] == "Lương Văn Thắng"
    # the empty sheet says so
    choose_sheet(page, "Trống")
    assert page.skipped_label.text() == "Trang “Trống” trống: không có gì để nhập."


def test_changing_a_column_reads_the_sheet_again(qtbot, open_wizard, messy):
    w = open_wizard(messy)
    click(qtbot, w)
    page = w.sheets_page
    # when the "Nam" column is not imported, the men have no year
    box = combo_of(page, "C")
    box.setCurrentIndex(box.findText("— Không nhập —"))
    assert grid_row(page, 8)[4] == ""
    assert w.plan.sheet("Sheet1").mapping.get("birth_male") is None
    # and choosing it again brings the year back
    combo_of(page, "C").setCurrentIndex(combo_of(page, "C").findText("Năm sinh của nam (cột Nam)"))
    assert grid_row(page, 8)[4] == "1975"
    # a field goes to one column only: giving "Họ và tên" to column A takes it from column B
    combo_of(page, "A").setCurrentIndex(combo_of(page, "A").findText("Họ và tên"))
    assert mapping(page)["B"][1] == "— Không nhập —"
    assert grid_row(page, 8)[2] == "1"


def test_a_village_typed_for_a_sheet_is_used_for_its_households(qtbot, keyboard, open_wizard, messy):
    w = open_wizard(messy)
    click(qtbot, w)
    page = w.sheets_page
    choose_sheet(page, "HM")
    page.village_box.lineEdit().selectAll()
    page.village_box.lineEdit().setFocus()
    keyboard.type("Tiểu khu 3")
    keyboard.key(Qt.Key.Key_Return)
    assert page.village_source.text() == "do bạn chọn"
    assert [h.village for h in w.plan.sheet("HM").households] == ["Tiểu khu 3", "Tiểu khu 3"]


# --- Preview, fixes and skips ------------------------------------------------------------------------


def test_the_preview_counts_and_lists_the_bad_year(qtbot, open_wizard, messy):
    w = open_wizard(messy)
    to_preview(qtbot, w)
    page = w.preview_page
    assert page.summary.text() == FIRST_PREVIEW
    assert page.persons.text() == "Nhân khẩu: 16 mới, 0 cập nhật, 0 không đổi."
    assert BAD_YEAR in problems(page)
    # double-clicking the problem selects the row in the tree
    double_click_problem(qtbot, page, BAD_YEAR)
    current = page.tree.currentIndex()
    assert current.data() == "Giàng A Páo"
    assert current.siblingAtColumn(1).data() == "Bị từ chối"
    assert current.siblingAtColumn(6).data() == "Năm sinh “19855” không hợp lệ."
    assert page.target_label.text() == "Dòng đang chọn: trang “Sheet1”, dòng 17 — Giàng A Páo"


def test_skipping_the_bad_row_removes_the_problem_at_once(qtbot, open_wizard, messy):
    w = open_wizard(messy)
    to_preview(qtbot, w)
    page = w.preview_page
    double_click_problem(qtbot, page, BAD_YEAR)
    qtbot.mouseClick(page.skip_button, Qt.MouseButton.LeftButton)
    assert BAD_YEAR not in problems(page)
    assert page.summary.text() == "6 hộ mới, 0 hộ cập nhật, 0 không đổi, 0 dòng bị từ chối; 1 thôn mới: Huổi Un."
    assert page.persons.text() == "Nhân khẩu: 16 mới, 0 cập nhật, 0 không đổi. Đã bỏ qua 1 dòng."
    # and the row can be taken back
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert BAD_YEAR in problems(page)
    assert page.summary.text() == FIRST_PREVIEW


def test_fixing_the_year_makes_the_person_new(qtbot, keyboard, open_wizard, messy):
    w = open_wizard(messy)
    to_preview(qtbot, w)
    page = w.preview_page
    double_click_problem(qtbot, page, BAD_YEAR)
    seen = []

    def fix(dialog):
        assert dialog.field_box.currentText() == "Năm sinh / ngày sinh"
        assert dialog.value.text() == "19855"
        dialog.value.selectAll()
        keyboard.type("1985", dialog.value)
        click_button(qtbot, dialog, "Sửa")

    on_next_modal(qtbot, fix, seen)
    qtbot.mouseClick(page.fix_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].title == "Sửa giá trị"
    assert BAD_YEAR not in problems(page)
    assert page.persons.text() == "Nhân khẩu: 17 mới, 0 cập nhật, 0 không đổi."
    assert page.tree.currentIndex().siblingAtColumn(1).data() == "Mới"
    assert page.tree.currentIndex().siblingAtColumn(2).data() == "1985"


# --- Commit -------------------------------------------------------------------------------------------


def import_all(qtbot, w) -> None:
    to_preview(qtbot, w)
    click(qtbot, w)
    assert w.currentId() == PAGE_COMMIT
    assert "Mọi thay đổi được ghi trong một lần; nếu hủy, dữ liệu không thay đổi." in w.commit_page.rule.text()
    click(qtbot, w, QWizard.WizardButton.CommitButton)
    assert w.currentId() == PAGE_RESULT


def test_the_commit_creates_exactly_the_households_and_persons_of_the_file(qtbot, open_wizard, ctx, db, paths,
                                                                            messy):
    kinds, statuses = [], []
    ctx.data_changed.connect(kinds.append)
    ctx.status.connect(statuses.append)
    w = open_wizard(messy)
    import_all(qtbot, w)
    # the census sheet without the bad row, then the TCVN3 sheet; not the hidden sheet
    assert xb.registry_of(db) == xb.CENSUS_EXPECTED + xb.TCVN3_EXPECTED
    assert kinds == ["village", "household"]
    assert statuses == ["Đã nhập 6 hộ, 16 nhân khẩu từ messy.xlsx."]
    assert w.result.backup is not None and w.result.backup.parent == paths.backups
    assert "1 dòng bị từ chối không được nhập" in w.result_page.text.text()


def test_the_same_file_again_shows_everything_unchanged(qtbot, open_wizard, messy):
    import_all(qtbot, open_wizard(messy))
    w = open_wizard(messy)
    to_preview(qtbot, w)
    page = w.preview_page
    assert page.summary.text() == "0 hộ mới, 0 hộ cập nhật, 6 không đổi, 1 dòng bị từ chối."
    assert page.persons.text().startswith("Nhân khẩu: 0 mới, 0 cập nhật, 16 không đổi. Không có gì mới để nhập")
    statuses = {page.tree_model.index(r, 1).data() for r in range(page.tree_model.rowCount())}
    assert statuses == {"Không đổi"}
    assert not w.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_change_made_meanwhile_sends_the_officer_back_to_a_fresh_preview(qtbot, open_wizard, db, commune, messy):
    w = open_wizard(messy)
    to_preview(qtbot, w)
    click(qtbot, w)
    # given someone saves Lò Văn Pọm's household while the wizard waits on the last page
    hh.save_household(db, hh.HouseholdInput(commune["Bản Nà Sản"], (
        PersonInput(full_name="Lò Văn Pọm", sex="M", birth_year=1975, relation="head"),)))
    seen = []
    on_next_modal(qtbot, lambda box: box.accept(), seen)
    # when the officer clicks Nhập
    click(qtbot, w, QWizard.WizardButton.CommitButton)
    # then nothing is written, the wizard explains and shows the preview made again
    qtbot.waitUntil(lambda: w.currentId() == PAGE_PREVIEW)
    assert seen[0].title == "Dữ liệu đã thay đổi"
    assert "Dữ liệu đã thay đổi từ lúc xem trước" in seen[0].text
    assert w.preview_page.summary.text() == (
        "5 hộ mới, 1 hộ cập nhật, 0 không đổi, 1 dòng bị từ chối; 1 thôn mới: Huổi Un.")
    assert len(hh.household_rows(db)) == 1
    # and the import goes through on the second try
    click(qtbot, w)
    click(qtbot, w, QWizard.WizardButton.CommitButton)
    assert w.currentId() == PAGE_RESULT
    assert len(hh.household_rows(db)) == 6


def test_nhap_excel_on_the_households_page_opens_the_wizard(qtbot, ctx):
    from app.ui.pages.households_page import HouseholdsPage

    page = HouseholdsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.import_action.isEnabled()
    seen = []
    on_next_modal(qtbot, lambda wizard: wizard.reject(), seen)
    page.import_action.trigger()
    assert isinstance(seen[0].widget, ImportWizard)
    assert seen[0].title == "Nhập hộ gia đình từ Excel"


def test_an_update_shows_the_old_and_new_values(qtbot, open_wizard, messy):
    import_all(qtbot, open_wizard(messy))
    # given the list now says Lò Thị Mai (known by her ID number) was born in 2006, her mother is Kinh
    wb = load_workbook(messy)
    wb["Sheet1"]["D11"] = 2006
    wb["Sheet1"]["F9"] = "Kinh"
    wb.save(messy)
    w = open_wizard(messy)
    to_preview(qtbot, w)
    page = w.preview_page
    assert page.summary.text() == "0 hộ mới, 1 hộ cập nhật, 5 không đổi, 1 dòng bị từ chối."
    assert page.persons.text() == "Nhân khẩu: 0 mới, 2 cập nhật, 14 không đổi."
    page.filter_box.setCurrentIndex(page.filter_box.findText("Hộ cập nhật"))
    model = page.tree_model
    household = model.index(0, 0)
    assert (household.data(), household.siblingAtColumn(1).data()) == ("HGD-0001 · Lò Văn Pọm (4 người)", "Cập nhật")
    members = {model.index(r, 0, household).data(): (model.index(r, 1, household).data(),
                                                      model.index(r, 6, household).data())
               for r in range(model.rowCount(household))}
    assert members["Lò Thị Xuân"] == ("Cập nhật", "Dân tộc: Thái → Kinh")
    assert members["Lò Thị Mai"] == ("Cập nhật", "Năm sinh: 2005 → 2006; Ngày sinh: 15/03/2005 → (trống)")
    assert members["Lò Văn Hùng"] == ("Không đổi", "")
