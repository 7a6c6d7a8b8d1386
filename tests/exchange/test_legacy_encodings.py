"""TCVN3 (ABC) and VNI text back to Unicode: by table, by font, and by the characters alone."""

import unicodedata

import excel_builders as xb
import pytest

from app.exchange.legacy import (
    decode_sheet,
    decode_text,
    font_encoding,
    font_is_upper,
    guess_encoding,
    sheet_encoding,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from app.exchange.workbook import CellValue, Sheet


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("M\xadêng Kh\xad¬ng", "Mường Khương"),  # ư is byte 0xAD, the soft hyphen
    ("Lß ThÞ Ng©n", "Lò Thị Ngân"),
    ("Bïi ThÞ \x83nh", "Bùi Thị Ánh"),  # a capital stored as its raw byte (Latin-1 control)
    ("Bïi ThÞ ƒnh", "Bùi Thị Ánh"),  # the same byte as Windows-1252 shows it
])
def test_tcvn3_phrases(legacy, unicode):
    assert tcvn3_to_unicode(legacy) == unicode
    assert unicodedata.is_normalized("NFC", tcvn3_to_unicode(legacy))


def test_a_name_typed_with_an_upper_case_vntimeh_font():
    assert tcvn3_to_unicode("l\xad¬ng v¨n th¾ng", upper=True) == "LƯƠNG VĂN THẮNG"
    assert decode_text("nguyÔn v¨n an", ".VnTimeH") == ("NGUYỄN VĂN AN", "tcvn3")
    assert decode_text("nguyen van an", ".VnTimeH") == ("NGUYEN VAN AN", "tcvn3")


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("Nguyeãn Thò Höông", "Nguyễn Thị Hương"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Nguyeãn Vaên Ñöùc", "Nguyễn Văn Đức"),
    ("ÑAÏI HOÏC", "ĐẠI HỌC"),
])
def test_vni_phrases(legacy, unicode):
    assert vni_to_unicode(legacy) == unicode


def test_fonts_say_the_encoding():
    assert font_encoding(".VnTime") == font_encoding(".VnArial NarrowH") == "tcvn3"
    assert font_encoding("VNI-Times") == font_encoding("VNI-Helve") == "vni"
    assert font_encoding("Times New Roman") is None and font_encoding("") is None and font_encoding(None) is None
    assert font_is_upper(".VnTimeH") and font_is_upper(".VnArialH") and not font_is_upper(".VnTime")


def test_the_characters_say_the_encoding_when_the_font_does_not():
    assert guess_encoding("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "tcvn3"
    assert guess_encoding("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "vni"
    assert guess_encoding("Nguyeãn Thò Höông") == "vni"
    assert guess_encoding("Chñ hé") == "tcvn3"


@pytest.mark.parametrize("text", ["Nguyễn Thị Hương", "Hoà Bình", "Thái", "Lò Thị Ngọc", "José", "café", "Kinh", "1985"])
def test_unicode_text_is_never_converted(text):
    assert decode_text(text) == (text, None)
    assert decode_text(text, "Times New Roman") == (text, None)


def test_unicode_text_in_a_legacy_font_stays_unicode():
    assert decode_text("Nguyễn Thị Hương", ".VnTime") == ("Nguyễn Thị Hương", None)
    assert decode_text("Nguyễn Thị Hương", "VNI-Times") == ("Nguyễn Thị Hương", None)


def test_the_sheet_vote_settles_texts_that_read_well_both_ways():
    # "Hoà" is Unicode "Hoà" and VNI "Hồ": alone it stays, on a VNI sheet it converts
    assert decode_text("Hoà") == ("Hoà", None)
    vote = sheet_encoding(["Hoaøng Thò Lan", "Nguyeãn Thò Höông", "Thaùi", "Hoà"])
    assert vote == "vni"
    assert decode_text("Hoà", None, vote) == ("Hồ", "vni")
    assert sheet_encoding(["Nguyễn Thị Hương", "Thái", "Hoà Bình"]) is None


def test_decoding_a_sheet_reports_what_was_converted():
    sheet = Sheet("x", [
        [CellValue(xb.to_tcvn3("danh sách"), ".VnTimeH")],
        [CellValue("Họ và tên", "Times New Roman"), CellValue(1985, ".VnTime")],
        [CellValue(xb.to_tcvn3("Lò Thị Ngân"), ".VnTime")],
    ])
    decoded, report = decode_sheet(sheet)
    assert [c.value for row in decoded.rows for c in row] == ["DANH SÁCH", "Họ và tên", 1985, "Lò Thị Ngân"]
    assert report.converted == {"tcvn3": 2} and report.encoding == "tcvn3"
    assert report.samples[0] == (1, 0, "danh s¸ch", "DANH SÁCH")
    assert sheet.rows[2][0].value == "Lß ThÞ Ng©n"  # the original is left as it was


def test_round_trip_of_every_vietnamese_letter_through_both_tables():
    letters = ("aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ")
    assert tcvn3_to_unicode(xb.to_tcvn3(letters)) == letters
    assert vni_to_unicode(xb.to_vni(letters)) == letters
    assert vni_to_unicode(xb.to_vni(letters.upper())) == letters.upper()
