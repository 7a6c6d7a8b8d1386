"""Personal identification number checks (app.domain.idnumber)."""

import pytest

from app.domain.idnumber import IdCheck, check_id_number, normalize_id_number


def test_valid_number_of_a_1985_man_from_ha_noi():
    result = check_id_number("001085012345", sex="M", birth_year=1985)
    assert result == IdCheck("001085012345", [], [])
    assert result.ok
    assert not result.is_old_cmnd


def test_valid_number_of_a_2003_woman():
    assert check_id_number("001303012345", sex="F", birth_year=2003) == IdCheck("001303012345", [], [])


def test_valid_number_from_ca_mau_with_unknown_sex_and_year():
    assert check_id_number("096190001234", sex=None, birth_year=None) == IdCheck("096190001234", [], [])


@pytest.mark.parametrize("typed", ["001 085 012 345", "001.085.012.345", " 001085012345 ", "'001085012345"])
def test_spaces_dots_and_excel_apostrophe_are_removed(typed):
    assert normalize_id_number(typed) == "001085012345"
    assert check_id_number(typed, sex="M", birth_year=1985).normalized == "001085012345"


def test_sex_mismatch_is_a_warning():
    result = check_id_number("001085012345", sex="F", birth_year=1985)
    assert result.errors == []
    assert result.warnings == ["Chữ số thứ 4 cho biết giới tính Nam, khác với giới tính đã nhập (Nữ)."]
    result = check_id_number("001185012345", sex="M", birth_year=1985)
    assert result.warnings == ["Chữ số thứ 4 cho biết giới tính Nữ, khác với giới tính đã nhập (Nam)."]


def test_birth_year_mismatch_is_a_warning():
    result = check_id_number("001085012345", sex="M", birth_year=1986)
    assert result.ok
    assert result.warnings == ["Chữ số 5–6 (85) không khớp năm sinh 1986."]


def test_century_mismatch_is_a_warning():
    result = check_id_number("001285012345", sex="M", birth_year=1985)
    assert result.warnings == [
        "Chữ số thứ 4 (2) cho biết năm sinh từ 2000 đến 2099, không khớp năm sinh 1985."
    ]


def test_unknown_province_code_is_a_warning():
    result = check_id_number("099085012345", sex="M", birth_year=1985)
    assert result.ok
    assert result.warnings == ["Mã tỉnh 099 ở đầu số định danh không có trong danh mục 63 tỉnh cũ."]
    # 003 was never a province code (Hải Phòng is 031)
    assert check_id_number("003085012345", sex=None, birth_year=None).warnings == [
        "Mã tỉnh 003 ở đầu số định danh không có trong danh mục 63 tỉnh cũ."
    ]


def test_several_mismatches_are_all_reported():
    result = check_id_number("099185012345", sex="M", birth_year=1986)
    assert result.warnings == [
        "Mã tỉnh 099 ở đầu số định danh không có trong danh mục 63 tỉnh cũ.",
        "Chữ số thứ 4 cho biết giới tính Nữ, khác với giới tính đã nhập (Nam).",
        "Chữ số 5–6 (85) không khớp năm sinh 1986.",
    ]


def test_eleven_digits_are_refused():
    result = check_id_number("00108501234", sex="M", birth_year=1985)
    assert not result.ok
    assert result.errors == ["Số định danh phải gồm 12 chữ số (đã nhập 11)."]
    assert result.warnings == []


def test_letters_are_refused():
    result = check_id_number("00108501234A", sex="M", birth_year=1985)
    assert result.errors == ["Số định danh chỉ được gồm các chữ số."]
    assert check_id_number("００１０８５０１２３４５", sex=None, birth_year=None).errors == [
        "Số định danh chỉ được gồm các chữ số."
    ]


def test_old_nine_digit_cmnd_is_accepted_with_a_warning():
    result = check_id_number("012 345 678", sex="M", birth_year=1970)
    assert result.normalized == "012345678"
    assert result.ok
    assert result.is_old_cmnd
    assert result.warnings == ["Đây là số CMND cũ 9 chữ số, không duy nhất; nên nhập số định danh 12 chữ số."]


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_number_is_left_to_the_caller(empty):
    assert check_id_number(empty, sex="M", birth_year=1985) == IdCheck("", [], [])


def test_leading_zeros_are_kept_as_text():
    assert check_id_number("001085012345", sex=None, birth_year=None).normalized.startswith("00")
