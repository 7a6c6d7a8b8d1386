"""Exporting lists to .xlsx in the familiar forms, and importing them back to the same data."""

from __future__ import annotations

from datetime import date, datetime

import excel_builders as xb
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.reference import (
    EDUCATION_LEVELS,
    RELATIONS,
    ethnic_groups,
    find_education_level,
    find_ethnic_group,
    find_relation,
    label_for,
)
from app.exchange.excel_export import export_list
from app.exchange.households_import import UNCHANGED, commit, preview_file
from app.models import AuditEntry
from app.services import households as hh
from app.services.people import PersonInput
from app.services.persons import PersonFilter


def person(name, sex, relation, **kw):
    return PersonInput(full_name=name, sex=sex, relation=relation, **kw)


@pytest.fixture
def families(db, commune, today):
    """Three households in two villages with every kind of value a list carries."""
    na_san, tk3 = commune["Bản Nà Sản"], commune["Tiểu khu 3"]
    hh.save_household(db, hh.HouseholdInput(na_san, (
        person("Lò Văn Đoàn", "M", "head", birth_year=1970, ethnic_code="03", education_level="thcs",
               id_number="014070001234", phone="0912345678", occupation="Làm ruộng"),
        person("Quàng Thị Xiêng", "F", "wife", birth_date=date(1972, 2, 29), ethnic_code="03",
               education_level="mu_chu", notes="Hội viên phụ nữ"),
        person("Lò Văn Ún", "M", "child", birth_date=date(1995, 3, 15), ethnic_code="03", education_level="dai_hoc"),
        person("Lò Thị Hặc", "", "grandchild", birth_year=2019, ethnic_code="03"),
    ), address="Tổ 2"), today=today)
    hh.save_household(db, hh.HouseholdInput(na_san, (
        person("Giàng A Dính", "M", "head", birth_year=1980, ethnic_code="08", education_level="tieu_hoc"),
        person("Giàng Thị Dợ", "F", "mother", birth_year=1950, ethnic_code="08"),
        person("Giàng A Páo", "M", "sibling", birth_year=1984, ethnic_code="08", education_level="biet_chu"),
        person("Sùng Thị Mỷ", "F", "child_in_law", birth_year=2001, ethnic_code="08"),
    )), today=today)
    hh.save_household(db, hh.HouseholdInput(tk3, (
        person("Nguyễn Văn Đức", "M", "head", birth_year=1972, ethnic_code="01", education_level="sau_dai_hoc",
               id_number="001072009876"),
        person("Trần Thị Lợi", "F", "grandparent", birth_year=1940, ethnic_code="02"),
        person("Nguyễn Đức Thịnh", "M", "other", birth_year=2003, ethnic_code="01", education_level="cao_dang"),
    )), today=today)


def test_exported_households_import_back_as_unchanged(db, families, registry, today, tmp_path):
    before = registry()
    path = export_list(db, "households", tmp_path / "ho.xlsx", today=today).path
    preview = preview_file(db, path, today=today)
    assert preview.problems() == []
    assert {h.status for h in preview.households} == {UNCHANGED}
    assert {m.status for h in preview.households for m in h.members} == {UNCHANGED}
    assert preview.counts()["persons_unchanged"] == 11
    commit(db, preview)
    assert registry() == before


def test_an_exported_file_rebuilds_the_same_registry_in_an_empty_database(db, families, registry, today, tmp_path):
    from app.db import open_database
    from app.paths import Paths

    path = export_list(db, "households", tmp_path / "ho.xlsx", today=today).path
    other = open_database(Paths(tmp_path / "other"))
    try:
        commit(other, preview_file(other, path, today=today))
        assert xb.registry_of(other) == registry()
        codes = lambda d: [r[1] for r in hh.household_rows(d)]  # noqa: E731
        assert sorted(codes(other)) == sorted(codes(db))
    finally:
        other.dispose()


def test_the_household_sheet_looks_like_the_census_forms(db, families, today, tmp_path):
    result = export_list(db, "households", tmp_path / "ho.xlsx", today=today)
    assert (result.sheets, result.rows) == (2, 11)
    wb = load_workbook(result.path)
    assert wb.sheetnames == ["Bản Nà Sản", "Tiểu khu 3"]
    ws = wb["Bản Nà Sản"]
    assert [ws[f"A{r}"].value for r in (1, 2, 3)] == [
        "UBND XÃ CHIỀNG MUNG", "DANH SÁCH HỘ GIA ĐÌNH BẢN NÀ SẢN NĂM 2026", "Ngày xuất: 23/11/2026"]
    assert "C5:D5" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws.cell(5, c).value for c in range(1, 6)] == ["STT", "Họ và tên", "Năm sinh", None, "Giới tính"]
    assert (ws["C6"].value, ws["D6"].value) == ("Nam", "Nữ")
    assert ws["A5"].font.b and ws["B7"].border.left.style == "thin"
    assert ws.freeze_panes == "A7" and ws.print_title_rows == "$5:$6"
    assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)
    # one row per person, STT and the household's code and village on the head's row only
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=7, max_row=10)]
    assert [r[0] for r in rows] == [1, None, None, None]
    assert rows[0][1:5] == ["Lò Văn Đoàn", 1970, None, "Nam"]
    assert rows[1][2:5] == [None, datetime(1972, 2, 29), "Nữ"] and ws["D8"].number_format == "dd/mm/yyyy"
    assert rows[3][2:5] == [2019, None, "Chưa rõ"]  # unknown sex: the sex column says so
    assert rows[0][9] == "014070001234" and ws["J7"].number_format == "@"  # the leading zero survives
    assert rows[0][11:14] == ["HGD-0001", "Bản Nà Sản", "Tổ 2"] and rows[1][11:14] == [None, None, None]
    assert ws["A11"].value == 2 and ws["B15"].value == "Cộng: 2 hộ, 8 nhân khẩu"


def test_persons_export_with_a_filter_imports_back_unchanged(db, families, commune, today, tmp_path):
    women = PersonFilter(village_id=commune["Bản Nà Sản"], sex="F")
    result = export_list(db, "persons", tmp_path / "nu.xlsx", women, today=today)
    assert result.rows == 3
    ws = load_workbook(result.path).active
    assert ws["A2"].value == "DANH SÁCH NHÂN KHẨU NĂM 2026"
    assert sorted(ws.cell(r, 2).value for r in range(7, 10)) == ["Giàng Thị Dợ", "Quàng Thị Xiêng", "Sùng Thị Mỷ"]
    preview = preview_file(db, result.path, today=today)
    assert preview.problems() == []
    assert preview.counts()["persons_unchanged"] == 3 and preview.counts()["persons_new"] == 0


def test_villages_clans_and_units_lists(db, families, today, tmp_path):
    from app.services.clans import ClanInput, save_clan
    from app.services.units import UnitInput, save_unit

    save_clan(db, ClanInput("Họ Lò", head_name="Lò Văn Đoàn", household_ids=tuple(r[0] for r in hh.household_rows(db))))
    save_unit(db, UnitInput("Trường Tiểu học Chiềng Mung", kind="school", head_name="Cầm Thị Hoa"))
    villages = load_workbook(export_list(db, "villages", tmp_path / "v.xlsx", today=today).path).active
    assert [villages.cell(5, c).value for c in range(1, 9)] == [
        "STT", "Tên thôn, bản", "Loại", "Mã", "Tên cũ", "Mã cũ", "Số hộ", "Số nhân khẩu"]
    listed = [[villages.cell(r, c).value for c in (1, 2, 3, 7, 8)] for r in (6, 7, 8)]
    assert listed == [[1, "Bản Hồng Mặn", "Bản", 0, 0], [2, "Bản Nà Sản", "Bản", 2, 8], [3, "Tiểu khu 3", "Thôn", 1, 3]]
    clans = load_workbook(export_list(db, "clans", tmp_path / "c.xlsx", today=today).path).active
    assert [clans.cell(6, c).value for c in range(1, 6)] == [1, "Họ Lò", "Lò Văn Đoàn", 3, 2]
    units = load_workbook(export_list(db, "units", tmp_path / "u.xlsx", today=today).path).active
    assert [units.cell(6, c).value for c in range(1, 5)] == [1, "Trường Tiểu học Chiềng Mung", "Trường học", None]


def test_every_export_is_recorded_in_the_audit_trail(db, families, today, tmp_path):
    export_list(db, "persons", tmp_path / "p.xlsx", today=today)
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.entity == "persons" and "11 dòng" in entry.summary


def test_labels_written_by_the_export_are_read_back_by_the_import():
    for group in ethnic_groups():
        assert find_ethnic_group(group.name).code == group.code
    for code, _label in EDUCATION_LEVELS:
        assert find_education_level(label_for(EDUCATION_LEVELS, code)) == code
    for code, _label in RELATIONS:
        assert find_relation(label_for(RELATIONS, code)) == code


def test_an_unknown_list_is_refused(db, tmp_path):
    with pytest.raises(ValueError):
        export_list(db, "scores", tmp_path / "x.xlsx")


def test_a_generated_commune_survives_the_round_trip(db, today, tmp_path):
    # given a demonstration commune (Thái family names like "Tòng" fold to "tong", as in "Tổng cộng")
    from app.services import demo

    demo.generate(db, 300, seed=5, today=today)
    path = export_list(db, "households", tmp_path / "ho.xlsx", today=today).path
    # when its export is previewed
    preview = preview_file(db, path, today=today)
    # then every household and person is found unchanged and nothing is reported
    assert preview.problems() == []
    counts = preview.counts()
    assert counts["households_unchanged"] == 300
    assert counts["households_new"] + counts["households_update"] + counts["persons_new"] + counts["persons_update"] == 0
