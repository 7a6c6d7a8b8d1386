"""One person read from the raw values of a row, as Excel holds them."""

from datetime import date, datetime

import pytest

from app.exchange.import_cells import person_from_raw

TODAY = date(2026, 11, 23)


def read(**raw):
    person, issues = person_from_raw(raw, raw.pop("_default", "head"), TODAY)
    return person, {(f, lvl): m for f, m, lvl in issues}


@pytest.mark.parametrize("value", [1985, 1985.0, "1985", " 1985 ", "'1985"])
def test_years_however_typed(value):
    person, issues = read(full_name="Lò Văn A", birth=value, birth_sex="M")
    assert (person.birth_year, person.birth_date, person.sex, issues) == (1985, None, "M", {})


@pytest.mark.parametrize("value", ["15/03/1985", "15-3-1985", datetime(1985, 3, 15), date(1985, 3, 15)])
def test_dates_day_first_or_real(value):
    person, _issues = read(full_name="Lò Văn A", birth=value)
    assert (person.birth_date, person.birth_year) == (date(1985, 3, 15), 1985)


def test_a_year_typed_into_a_date_formatted_cell():
    person, issues = read(full_name="Lò Văn A", birth=datetime(1905, 6, 7))  # Excel serial 1985
    assert person.birth_year == 1985 and person.birth_date is None
    assert issues[("birth", "warning")] == "Ô năm sinh định dạng ngày tháng (07/06/1905); hiểu là năm 1985."


@pytest.mark.parametrize(("value", "message"), [
    (19855, "Năm sinh “19855” không hợp lệ."),
    ("1985a", "Năm sinh “1985a” không hợp lệ."),
    ("31/02/1985", "Năm sinh “31/02/1985” không hợp lệ."),
    (2030, "Năm sinh không thể sau năm hiện tại."),
    (1850, "Năm sinh 1850 không hợp lệ."),
])
def test_impossible_years_refuse_the_row(value, message):
    _person, issues = read(full_name="Lò Văn A", birth=value)
    assert issues[("birth", "error")] == message


def test_a_year_in_both_nam_and_nu_columns_is_an_error():
    _person, issues = read(full_name="Lò Văn A", birth_conflict=True)
    assert issues[("birth", "error")] == "Năm sinh ghi ở cả cột Nam và cột Nữ; chỉ ghi ở một cột."


@pytest.mark.parametrize(("raw", "sex"), [
    ({"sex": "Nữ"}, "F"), ({"sex": "nam"}, "M"), ({"sex": "Chưa rõ", "birth_sex": "M"}, ""),
    ({"sex_female": "x"}, "F"), ({"relation": "Vợ"}, "F"), ({"relation": "Con trai"}, "M"),
    ({"relation": "Con"}, ""), ({"birth_sex": "F", "relation": "Chồng"}, "F"),
])
def test_where_the_sex_comes_from(raw, sex):
    person, _issues = read(full_name="Lò A", **raw)
    assert person.sex == sex


def test_names_are_nfc_single_spaced_and_capitals_become_title_case():
    person, _ = read(full_name="  NGUYỄN   THỊ  HOÀ ")
    assert (person.full_name, person.family_name, person.middle_name, person.given_name) == (
        "Nguyễn Thị Hoà", "Nguyễn", "Thị", "Hoà")
    person, _ = read(full_name="Y Ngông Niê Kdăm")
    assert person.full_name == "Y Ngông Niê Kdăm"
    _person, issues = read(full_name="Lò Văn A1")
    assert issues[("full_name", "warning")] == "Họ và tên “Lò Văn A1” có ký tự lạ."


def test_numbers_that_lost_their_leading_zero():
    person, issues = read(full_name="Lò Văn A", birth=1975, birth_sex="M", id_number=14075001234, phone=912345678)
    assert (person.id_number, person.phone) == ("014075001234", "0912345678")
    assert ("id_number", "warning") in issues
    person, _ = read(full_name="Lò Văn A", id_number="0140 7500 1234")
    assert person.id_number == "014075001234"


def test_unrecognised_spellings_are_warnings_and_left_empty():
    person, issues = read(full_name="Lò Văn A", ethnicity="Sao Hoả", education="Lớp lá", relation="Hàng xóm",
                          _default="other")
    assert (person.ethnic_code, person.education_level, person.relation) == ("", "", "other")
    assert issues[("ethnicity", "warning")] == "Dân tộc “Sao Hoả” không có trong danh mục 54 dân tộc; để trống."
    assert issues[("education", "warning")] == "Trình độ học vấn “Lớp lá” không nhận ra; để trống."
    assert issues[("relation", "warning")] == "Quan hệ với chủ hộ “Hàng xóm” không nhận ra; ghi là “Khác”."


def test_a_missing_name_refuses_the_row():
    _person, issues = read(birth=1980)
    assert issues[("full_name", "error")] == "Thiếu họ và tên."
