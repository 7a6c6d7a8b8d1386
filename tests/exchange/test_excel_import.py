"""Importing households from commune Excel lists: exact results, problems, re-import, fixes, commit."""

from __future__ import annotations

import excel_builders as xb
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.exchange.households_import import (
    NEW,
    REFUSED,
    UNCHANGED,
    UPDATE,
    Cancelled,
    PreviewOutdated,
    SheetOptions,
    commit,
    match_plan,
    preview_file,
    read_households,
    remap,
)
from app.models import AuditEntry


def imported(db, path, today, **kw):
    preview = preview_file(db, path, today=today, **kw)
    commit(db, preview)
    return preview


# --- What comes out of each kind of file --------------------------------------------------------------


def test_the_census_list_gives_exactly_its_households_and_persons(db, commune, registry, today, tmp_path):
    # given a list with title rows, a merged two-row header, STT and village on the head's row only,
    # subtotals between villages, a signature block, NFD and double-spaced names, years as int,
    # float, text and date, and spellings like "thái", "Thai", "H'Mông", "HMông", "9/12", "Mù chữ"
    path = xb.census_workbook(tmp_path / "census.xlsx")
    # when it is imported
    preview = imported(db, path, today)
    # then exactly these households and persons exist (the row with year 19855 refused)
    assert registry() == xb.CENSUS_EXPECTED
    assert preview.counts()["rows_refused"] == 1
    assert preview.new_villages == ["Huổi Un"]
    sheet = preview.plan.sheets[0]
    assert (sheet.guess.header_row, sheet.data_row) == (5, 8)
    assert sheet.ignored_rows == [14, 21]  # the subtotal rows; the signature block ends the table


def test_problems_name_the_sheet_row_and_field_in_plain_vietnamese(db, commune, today, tmp_path):
    preview = preview_file(db, xb.census_workbook(tmp_path / "census.xlsx"), today=today)
    problems = {(p.row, p.field, p.level): p for p in preview.problems()}
    bad = problems[(xb.CENSUS_BAD_ROW, "birth", "error")]
    assert bad.text == "Dòng 17: năm sinh “19855” không hợp lệ."
    assert bad.located == "Trang “Sheet1”, dòng 17: năm sinh “19855” không hợp lệ."
    assert problems[(11, "id_number", "warning")].text == (
        "Dòng 11: số định danh bị Excel bỏ số 0 ở đầu; đã thêm lại: 014305000123.")
    assert preview.refused_rows() == [("Sheet1", 17)]
    assert not [p for p in preview.problems() if p.row in (14, 21, 23, 24, 27)]  # subtotals, signatures


def test_a_tcvn3_sheet_and_a_vni_sheet_are_converted_by_their_fonts(db, commune, registry, today, tmp_path):
    path = xb.legacy_workbook(tmp_path / "legacy.xlsx")
    preview = imported(db, path, today)
    assert registry() == xb.TCVN3_EXPECTED + xb.VNI_EXPECTED
    tcvn3, vni = preview.plan.sheets
    assert tcvn3.legacy.encoding == "tcvn3" and vni.legacy.encoding == "vni"
    assert (tcvn3.village, tcvn3.village_source) == ("Bản Hồng Mặn", "title")  # from a .VnTimeH title
    assert (vni.village, vni.village_source) == ("Tiểu khu 3", "sheet")
    assert any(after == "DANH SÁCH HỘ GIA ĐÌNH BẢN HỒNG MẶN NĂM 2026" for _r, _c, _b, after in tcvn3.legacy.samples)
    assert preview.problems() == []


def test_an_old_xls_with_persons_numbered_one_by_one(db, commune, registry, today, tmp_path):
    preview = imported(db, xb.xls_workbook(tmp_path / "old.xls"), today)
    assert registry() == xb.XLS_EXPECTED
    assert preview.plan.sheets[0].legacy.encoding == "tcvn3"  # .VnTime names read through xlrd's fonts


def test_one_row_per_household_gives_heads_with_their_member_count(db, commune, registry, today, tmp_path):
    preview = imported(db, xb.per_household_workbook(tmp_path / "heads.xlsx"), today)
    assert registry() == [(village, members) for village, members, _n in xb.PER_HOUSEHOLD_EXPECTED]
    assert preview.plan.sheets[0].layout == "household"
    assert [h.planned.declared_members for h in preview.households] == [n for *_x, n in xb.PER_HOUSEHOLD_EXPECTED]


def test_several_villages_on_several_sheets_of_one_workbook(db, commune, registry, today, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    xb.tcvn3_sheet(wb, "Hồng Mặn")
    xb.vni_sheet(wb, "Tiểu khu 3")
    ws = wb.create_sheet("Bản Nà Sản")
    xb.put(ws, 1, ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ"])
    xb.put(ws, 2, [1, "Cầm Văn Khoa", 1966, "Nam", "Chủ hộ"])
    xb.put(ws, 3, [None, "Lường Thị Ẻn", 1969, "Nữ", "Vợ"])
    path = tmp_path / "villages.xlsx"
    wb.save(path)
    preview = imported(db, path, today)
    assert [v for v, _m in registry()] == ["Bản Hồng Mặn"] * 2 + ["Tiểu khu 3"] * 2 + ["Bản Nà Sản"]
    assert preview.summary("village")["Bản Nà Sản"]["persons_new"] == 2
    assert preview.summary("sheet")["Tiểu khu 3"]["households_new"] == 2
    # and one sheet can be chosen on its own, when reading or in the preview
    only = read_households(path, ["Bản Nà Sản"], today=today)
    assert [s.name for s in only.sheets] == ["Bản Nà Sản"]
    preview.choose_sheet("Tiểu khu 3", False)
    assert {h.planned.sheet for h in preview.households} == {"Hồng Mặn", "Bản Nà Sản"}
    preview.choose_sheet("Tiểu khu 3")
    assert len(preview.households) == 5


# --- Importing again ----------------------------------------------------------------------------------


def test_importing_the_same_list_again_creates_nothing(db, commune, registry, today, tmp_path):
    path = xb.census_workbook(tmp_path / "census.xlsx")
    imported(db, path, today)
    before = registry()
    again = preview_file(db, path, today=today)
    c = again.counts()
    assert (c["households_new"], c["households_update"], c["persons_new"], c["persons_update"]) == (0, 0, 0, 0)
    assert c["households_unchanged"] == 4 and c["persons_unchanged"] == 11
    assert {h.status for h in again.households} == {UNCHANGED}
    commit(db, again)
    assert registry() == before


def test_a_changed_field_shows_as_an_update_before_it_is_applied(db, commune, registry, today, tmp_path):
    path = xb.census_workbook(tmp_path / "census.xlsx")
    imported(db, path, today)
    # given the list comes back with a new education level and a new member
    wb = load_workbook(path)
    ws = wb.active
    ws["G9"] = "Biết chữ"  # Lò Thị Xuân: Mù chữ → Biết chữ
    ws.insert_rows(12)
    for col, value in zip("BCEF", ["Lò Thị Hoa", 2024, "Cháu", "Thái"], strict=True):
        ws[f"{col}12"] = value
    wb.save(path)
    # when it is previewed
    preview = preview_file(db, path, today=today)
    first = preview.households[0]
    assert first.status == UPDATE
    xuan = next(m for m in first.members if m.planned.data.full_name == "Lò Thị Xuân")
    assert xuan.status == UPDATE
    assert [(c.field, c.old, c.new) for c in xuan.changes] == [("education_level", "mu_chu", "biet_chu")]
    assert [m.status for m in first.members] == [UNCHANGED, UPDATE, UNCHANGED, UNCHANGED, NEW]
    assert registry()[0][1][1][6] == "mu_chu"  # nothing written yet
    # then committing applies it
    result = commit(db, preview)
    assert (result.persons_updated, result.persons_created, result.households_created) == (1, 1, 0)
    members = registry()[0][1]
    assert members[1][6] == "biet_chu"
    assert members[-1][:5] == ("Lò Thị Hoa", "M", 2024, None, "grandchild")


def test_persons_match_on_the_id_number_even_when_the_name_changed(db, commune, registry, today, tmp_path):
    path = xb.census_workbook(tmp_path / "census.xlsx")
    imported(db, path, today)
    wb = load_workbook(path)
    wb.active["B8"] = "Lò Văn Pộm"  # a corrected spelling of the head, same ID number
    wb.active["I8"] = "Bản Nà Sản"
    wb.save(path)
    preview = preview_file(db, path, today=today)
    head = preview.households[0].members[0]
    assert head.status == UPDATE
    assert [(c.field, c.new) for c in head.changes] == [("full_name", "Lò Văn Pộm")]


def test_an_id_number_held_by_someone_in_another_household_refuses_the_row(db, commune, today, tmp_path):
    path = xb.census_workbook(tmp_path / "census.xlsx")
    imported(db, path, today)
    wb = load_workbook(path)
    wb.active["H19"] = "014075001234"  # Hà Văn Thắng given Lò Văn Pọm's number
    wb.save(path)
    preview = preview_file(db, path, today=today)
    problem = next(p for p in preview.problems() if p.row == 19)
    assert problem.text == "Dòng 19: số định danh 014075001234 trùng với dòng 8 (trang “Sheet1”)."
    assert preview.households[3].members[0].status == REFUSED
    assert ("Sheet1", 19) in preview.refused_rows()
    # and when the file no longer gives it to the head, the registry still does
    wb.active["H8"] = None
    wb.save(path)
    preview = preview_file(db, path, today=today)
    problem = next(p for p in preview.problems() if p.row == 19)
    assert problem.text == "Dòng 19: số định danh 014075001234 đã có ở Lò Văn Pọm (hộ HGD-0001)."
    assert preview.households[0].status == UNCHANGED and preview.households[3].members[0].status == REFUSED


def test_a_new_household_whose_head_is_refused_is_left_out_whole(db, commune, today, tmp_path):
    path = xb.census_workbook(tmp_path / "census.xlsx")
    imported(db, path, today)
    wb = load_workbook(path)
    ws = wb.active
    ws.insert_rows(21, 2)
    for col, value in zip("ABCEI", [5, "Lò Văn Mới", 1992, "Chủ hộ", "Huổi Un"], strict=True):
        ws[f"{col}21"] = value
    ws["H21"] = "014075001234"  # the number of Lò Văn Pọm
    for col, value in zip("BDE", ["Lò Thị Vợ", 1994, "Vợ"], strict=True):
        ws[f"{col}22"] = value
    wb.save(path)
    preview = preview_file(db, path, today=today)
    new = preview.households[-1]
    assert new.status == REFUSED
    assert [m.status for m in new.members] == [REFUSED, REFUSED]
    assert {("Sheet1", 21), ("Sheet1", 22)} <= set(preview.refused_rows())


# --- The wizard's corrections -------------------------------------------------------------------------


def test_fixing_a_cell_in_the_preview_revalidates_the_row(db, commune, today, tmp_path):
    preview = preview_file(db, xb.census_workbook(tmp_path / "census.xlsx"), today=today)
    preview.fix("Sheet1", 17, "birth", "2008")
    assert preview.refused_rows() == []
    pao = preview.households[2].members[2]
    assert (pao.planned.data.full_name, pao.planned.data.birth_year, pao.planned.data.sex) == ("Giàng A Páo", 2008, "M")
    assert pao.status == NEW
    assert preview.counts()["persons_new"] == 12


def test_skipping_rows_in_the_preview(db, commune, today, tmp_path):
    preview = preview_file(db, xb.census_workbook(tmp_path / "census.xlsx"), today=today)
    preview.skip("Sheet1", 17)  # the bad row
    assert preview.refused_rows() == []
    preview.skip("Sheet1", 19)  # a head: the whole household goes
    assert [h.planned.row for h in preview.households] == [8, 12, 15]
    assert preview.counts()["rows_skipped"] == 3
    preview.skip("Sheet1", 19, skipped=False)
    assert len(preview.households) == 4
    commit(db, preview)


def test_the_user_can_correct_the_column_mapping_and_the_village(db, commune, today, tmp_path):
    path = xb.per_household_workbook(tmp_path / "heads.xlsx")
    plan = read_households(path, today=today)
    sheet = plan.sheets[0]
    mapping = sheet.mapping.without("village")
    remap(plan, sheet.name, SheetOptions(mapping=mapping, village="Bản Hồng Mặn"), today)
    preview = match_plan(db, plan, today)
    assert {h.village_name for h in preview.households} == {"Bản Hồng Mặn"}
    assert plan.sheets[0].village_source == "chosen"


# --- The commit -----------------------------------------------------------------------------------------


def test_commit_is_one_transaction_with_a_backup_and_one_audit_row(db, commune, paths, today, tmp_path):
    preview = preview_file(db, xb.census_workbook(tmp_path / "census.xlsx"), today=today)
    progress = []
    result = commit(db, preview, report=lambda done, total: progress.append((done, total)))
    assert result.backup is not None and result.backup.exists() and result.backup.parent == paths.backups
    assert progress[-1] == (4, 4)
    with db.session() as s:
        audits = s.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
    assert len(audits) == 1
    assert audits[0].summary == "Nhập từ Excel census.xlsx: 4 hộ mới, 0 hộ cập nhật, 11 nhân khẩu mới, 0 nhân khẩu cập nhật."


def test_cancelling_the_commit_writes_nothing(db, commune, registry, today, tmp_path):
    preview = preview_file(db, xb.census_workbook(tmp_path / "census.xlsx"), today=today)
    with pytest.raises(Cancelled):
        commit(db, preview, cancelled=lambda: bool(preview.counts()))  # cancelled after the first chunk check
    assert registry() == []
    calls = []

    def cancel_after_first_chunk():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        commit(db, preview, cancelled=cancel_after_first_chunk)
    assert registry() == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")) == 0


def test_a_preview_made_before_someone_else_saved_is_refused(db, commune, registry, today, tmp_path):
    path = xb.census_workbook(tmp_path / "census.xlsx")
    stale = preview_file(db, path, today=today)
    imported(db, path, today)
    before = registry()
    with pytest.raises(PreviewOutdated):
        commit(db, stale)
    assert registry() == before


def test_fixing_the_village_of_one_household_does_not_carry_to_the_next(db, commune, today, tmp_path):
    preview = preview_file(db, xb.legacy_workbook(tmp_path / "legacy.xlsx"), today=today)
    preview.fix("HM", 5, "village", "Bản Nà Sản")
    assert [h.village_name for h in preview.households] == ["Bản Nà Sản", "Bản Hồng Mặn", "Tiểu khu 3", "Tiểu khu 3"]


def test_names_that_look_like_subtotals_or_signatures_are_still_people(db, commune, registry, today, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Bản Nà Sản"
    xb.put(ws, 1, ["STT", "Họ và tên chủ hộ", "Nghề nghiệp", "Số khẩu"])
    for i, (name, job) in enumerate([("Tòng Văn Tổng", "Làm ruộng"), ("Tô Trường Giang", "Tổ trưởng"),
                                     ("Lưu Yến Nhi", "Cán bộ, công chức"), ("Chu Tịch Hà", "Giáo viên")], start=2):
        xb.put(ws, i, [i - 1, name, job, 4])
    xb.put(ws, 6, ["Cộng", None, None, 16])
    xb.put(ws, 8, [None, "Người lập biểu", "TM. UBND XÃ"])
    xb.put(ws, 10, [None, "Lò Văn Ký", "Cầm Văn Ún"])
    wb.save(tmp_path / "heads.xlsx")
    imported(db, tmp_path / "heads.xlsx", today)
    assert [m[0][0] for _v, m in registry()] == ["Tòng Văn Tổng", "Tô Trường Giang", "Lưu Yến Nhi", "Chu Tịch Hà"]


def test_two_registered_households_with_the_same_head_match_the_first_with_a_warning(db, commune, today, tmp_path):
    from openpyxl import Workbook

    from app.services import households as hh
    from app.services.people import PersonInput

    for _ in range(2):
        hh.save_household(db, hh.HouseholdInput(commune["Bản Nà Sản"], (
            PersonInput(full_name="Lò Văn Pọm", sex="M", birth_year=1975, relation="head"),)), today=today)
    wb = Workbook()
    xb.put(wb.active, 1, ["STT", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"])
    xb.put(wb.active, 2, [1, "Lò Văn Pọm", 1975, "Chủ hộ", "Nà Sản"])
    wb.save(tmp_path / "one.xlsx")
    preview = preview_file(db, tmp_path / "one.xlsx", today=today)
    assert preview.households[0].status == UNCHANGED and preview.households[0].code == "HGD-0001"
    assert [p.text for p in preview.problems()] == [
        "Dòng 2: có 2 hộ cùng tên và năm sinh chủ hộ trong thôn; đã ghép với hộ HGD-0001."]
    assert preview.problems()[0].level == "warning"


def test_an_error_while_writing_rolls_everything_back(db, commune, registry, today, tmp_path, monkeypatch):
    from app.exchange import import_commit

    preview = preview_file(db, xb.census_workbook(tmp_path / "census.xlsx"), today=today)
    original = import_commit._Writer._write

    def write_then_fail(self, *args):
        original(self, *args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_commit._Writer, "_write", write_then_fail)
    with pytest.raises(RuntimeError):
        commit(db, preview)
    assert registry() == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")) == 0


def test_a_corrected_birth_year_updates_the_person_instead_of_adding_a_second_one(db, commune, registry, today,
                                                                                  tmp_path):
    path = xb.census_workbook(tmp_path / "census.xlsx")
    imported(db, path, today)
    wb = load_workbook(path)
    wb.active["D9"] = 1979  # Lò Thị Xuân (no ID number): 1978 → 1979 in the "Nữ" column
    wb.save(path)
    preview = preview_file(db, path, today=today)
    first = preview.households[0]
    xuan = next(m for m in first.members if m.planned.data.full_name == "Lò Thị Xuân")
    assert xuan.status == UPDATE
    assert [(c.field, c.old, c.new) for c in xuan.changes] == [("birth_year", 1978, 1979)]
    result = commit(db, preview)
    assert (result.persons_updated, result.persons_created) == (1, 0)
