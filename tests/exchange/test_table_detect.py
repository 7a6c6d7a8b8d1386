"""Finding the table on a sheet and guessing its columns from Vietnamese headers."""

import pytest

from app.exchange.table_detect import (
    PER_HOUSEHOLD,
    PER_PERSON,
    ColumnMapping,
    column_letter,
    find_table,
    match_header,
    village_in_text,
)
from app.exchange.workbook import CellValue, Sheet


def sheet_of(*rows) -> Sheet:
    return Sheet("x", [[CellValue(v) for v in row] for row in rows])


@pytest.mark.parametrize(("header", "field"), [
    ("Họ và tên", "full_name"), ("HỌ VÀ TÊN", "full_name"), ("Ho va ten", "full_name"), ("Họ tên", "full_name"),
    ("Họ và tên chủ hộ", "full_name"), ("Năm sinh", "birth"), ("Ngày, tháng, năm sinh", "birth"),
    ("Giới tính", "sex"), ("Quan hệ với chủ hộ", "relation"), ("QH với CH", "relation"), ("Dân tộc", "ethnicity"),
    ("Trình độ học vấn", "education"), ("Trình độ văn hoá", "education"), ("Học vấn", "education"),
    ("Nghề nghiệp", "occupation"), ("Số CCCD", "id_number"), ("Số CMND/CCCD", "id_number"),
    ("Số định danh cá nhân", "id_number"), ("Thôn/bản", "village"), ("Tổ dân phố", "village"),
    ("Địa chỉ", "address"), ("Mã hộ", "household_code"), ("Số hộ khẩu", "household_code"),
    ("Số nhân khẩu", "member_count"), ("Số khẩu", "member_count"), ("Điện thoại", "phone"), ("SĐT", "phone"),
    ("Ghi chú", "notes"), ("STT", "stt"), ("TT", "stt"), ("Số TT", "stt"),
])
def test_headers_with_or_without_accents(header, field):
    assert match_header(header) == field


@pytest.mark.parametrize("header", ["Nam", "Nữ", "Cộng", "", "Xã Chiềng Mung", "1"])
def test_texts_that_are_not_headers_on_their_own(header):
    assert match_header(header) is None


def test_a_two_row_header_with_years_split_into_nam_and_nu():
    sheet = sheet_of(
        ["UBND XÃ CHIỀNG MUNG"],
        ["DANH SÁCH HỘ GIA ĐÌNH BẢN NÀ SẢN NĂM 2026"],
        [],
        ["STT", "Họ và tên", "Năm sinh", None, "Quan hệ với chủ hộ", "Dân tộc"],
        [None, None, "Nam", "Nữ"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        [1, "Lò Văn Pọm", 1975, None, "Chủ hộ", "Thái"],
    )
    guess = find_table(sheet)
    assert (guess.header_row, guess.data_row, guess.layout) == (4, 7, PER_PERSON)
    assert guess.mapping.describe() == {"stt": "A", "full_name": "B", "birth_male": "C", "birth_female": "D",
                                        "relation": "E", "ethnicity": "F"}
    assert guess.headers[2:4] == ("Năm sinh / Nam", "Năm sinh / Nữ")


def test_a_two_row_header_with_sex_ticked_under_gioi_tinh():
    sheet = sheet_of(["TT", "Họ tên", "Giới tính", None, "Năm sinh"], [None, None, "Nam", "Nữ"],
                     [1, "Lò Văn A", "x", None, 1980])
    assert find_table(sheet).mapping.describe() == {"stt": "A", "full_name": "B", "sex_male": "C",
                                                    "sex_female": "D", "birth": "E"}


@pytest.mark.parametrize(("below", "fields"), [
    ([1980, None], ("birth_male", "birth_female")),
    (["x", None], ("sex_male", "sex_female")),
])
def test_one_row_nam_nu_columns_are_told_apart_by_their_values(below, fields):
    sheet = sheet_of(["STT", "Họ và tên", "Nam", "Nữ", "Quan hệ"], [1, "Lò Văn A", *below, "Chủ hộ"],
                     [None, "Lò Thị B", None, below[0], "Vợ"])
    mapping = find_table(sheet).mapping
    assert (mapping.field_at(2), mapping.field_at(3)) == fields


def test_one_row_per_household_is_recognised():
    sheet = sheet_of(["STT", "Họ và tên chủ hộ", "Năm sinh", "Số khẩu", "Thôn"], [1, "Lò Văn A", 1960, 4, "Nà Sản"])
    assert find_table(sheet).layout == PER_HOUSEHOLD


def test_no_header_no_table():
    assert find_table(sheet_of(["Báo cáo"], [1, 2, 3])) is None
    assert find_table(Sheet("empty")) is None


def test_the_mapping_is_edited_by_returning_a_new_one():
    mapping = ColumnMapping({"full_name": 1, "birth": 2})
    edited = mapping.with_field("ethnicity", 2)
    assert edited.columns == {"full_name": 1, "ethnicity": 2}  # one field per column
    assert mapping.columns == {"full_name": 1, "birth": 2}
    assert edited.without("ethnicity").columns == {"full_name": 1}
    with pytest.raises(KeyError):
        mapping.with_field("nonsense", 3)
    assert [column_letter(c) for c in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


@pytest.mark.parametrize(("text", "village"), [
    ("DANH SÁCH HỘ GIA ĐÌNH BẢN NÀ SẢN NĂM 2026", "Bản Nà Sản"),
    ("Thôn: Đông Hải", "Thôn Đông Hải"),
    ("DANH SÁCH HỘ GIA ĐÌNH TỔ DÂN PHỐ 5, PHƯỜNG TÂN PHONG", "Tổ dân phố 5"),
    ("Danh sách hộ gia đình ấp Tân Lập - xã Tân Phú", "Ấp Tân Lập"),
    ("UBND XÃ CHIỀNG MUNG", None),
    ("BAN CHỈ ĐẠO PHỔ CẬP GIÁO DỤC", None),
    ("DANH SÁCH HỘ GIA ĐÌNH NĂM 2026", None),
])
def test_a_village_named_in_a_title(text, village):
    assert village_in_text(text) == village
