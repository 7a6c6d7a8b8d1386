"""Vietnamese normal form, matching keys, search and sort keys (app.domain.text)."""

import sqlite3
import unicodedata

import pytest

from app.domain.text import (
    fold,
    matches,
    nfc,
    person_sort_key,
    search_key,
    search_tokens,
    sort_key,
    title_case_name,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --- nfc ---------------------------------------------------------------------------------------


def test_nfc_composes_trims_and_collapses_whitespace():
    assert nfc(None) == ""
    assert nfc("") == ""
    assert nfc("  Nguyễn\u00a0\u00a0Thị\tHương \n") == "Nguyễn Thị Hương"
    assert nfc("\ufeffLê\u200b Lợi") == "Lê Lợi"


def test_nfc_turns_decomposed_input_into_precomposed():
    decomposed = nfd("Việt")
    assert len(decomposed) == 6
    assert nfc(decomposed) == "Việt"
    assert len(nfc(decomposed)) == 4


def test_nfc_keeps_tone_placement_as_typed():
    assert nfc("Hoà") == "Hoà"
    assert nfc("Hòa") == "Hòa"
    assert nfc("Hoà") != nfc("Hòa")


# --- fold --------------------------------------------------------------------------------------


def test_fold_removes_all_marks_and_case():
    assert fold("Nguyễn Thị Hương") == "nguyen thi huong"
    assert fold("Đào") == "dao"
    assert fold("ĐẶNG  Văn  Ước") == "dang van uoc"
    assert fold(None) == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [("hòa", "hoà"), ("Thủy", "Thuỷ"), ("hóa", "hoá"), ("Khánh Hòa", "Khánh Hoà")],
)
def test_fold_equal_for_both_tone_placements_and_normal_forms(a, b):
    assert fold(a) == fold(b) == fold(nfd(a)) == fold(nfd(b))


def test_fold_treats_eth_as_d():
    assert fold("Ðào") == "dao"  # U+00D0, typed for Đ in some old files


# --- search ------------------------------------------------------------------------------------


def test_search_key_joins_folded_parts_and_splits_separators():
    assert search_key("Nguyễn Thị Hương", None, "", "Thôn 3") == "nguyen thi huong thon 3"
    assert search_key("Bru-Vân Kiều") == "bru van kieu"
    assert search_key("Xóm 2/Bản Mường (cũ)") == "xom 2 ban muong cu"


def test_search_tokens():
    assert search_tokens("  Ng  TH h ") == ["ng", "th", "h"]
    assert search_tokens("Đào-Văn") == ["dao", "van"]
    assert search_tokens("") == []
    assert search_tokens(None) == []


def test_prefixes_of_words_match():
    row = search_key("Nguyễn Thị Hương")
    assert matches(row, search_tokens("ng th h"))
    assert matches(row, search_tokens("huong nguyen"))
    assert matches(row, search_tokens("Hương"))
    assert matches(row, search_tokens(nfd("Hương")))
    assert matches(row, [])


def test_token_inside_a_word_does_not_match():
    assert not matches(search_key("Trần Thị Thương"), ["huong"])
    assert matches(search_key("Trần Thị Thương"), ["thuong"])
    assert not matches(search_key("Nguyễn Thị Hương"), search_tokens("ng x"))


def test_search_without_diacritics_finds_d_stroke_and_both_tone_placements():
    assert matches(search_key("Đào Văn Tùng"), search_tokens("dao"))
    assert matches(search_key("Lê Thị Thuỷ"), search_tokens("thủy"))
    assert matches(search_key(nfd("Phạm Thị Hoà")), search_tokens("Hòa"))


# --- sort_key ----------------------------------------------------------------------------------

VIETNAMESE_ORDER = [
    "An",
    "An Bình",
    "Anh",
    "Ánh",
    "Ân",
    "Bình",
    "Chi",
    "Dũng",
    "Duy",
    "Đào",
    "Đức",
    "Giang",
    "Hà",
    "Hai",
    "Hải",
    "Hạnh",
    "Hào",
    "Hương",
    "Oanh",
    "Ơn",
    "Phúc",
    "Phương",
    "Ưng",
    "Vy",
    "Yến",
]


def test_sort_key_gives_vietnamese_alphabetical_order():
    shuffled = list(reversed(VIETNAMESE_ORDER))
    shuffled[3], shuffled[10] = shuffled[10], shuffled[3]
    assert sorted(shuffled, key=sort_key) == VIETNAMESE_ORDER


def test_sort_key_orders_the_same_in_sqlite_binary_collation():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (name TEXT, k TEXT COLLATE BINARY)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(n, sort_key(n)) for n in reversed(VIETNAMESE_ORDER)])
    assert [r[0] for r in db.execute("SELECT name FROM t ORDER BY k")] == VIETNAMESE_ORDER


def test_tones_sort_none_huyen_hoi_nga_sac_nang():
    words = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(words), key=sort_key) == words


def test_letters_with_marks_are_separate_letters():
    order = ["a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "z"]
    assert sorted(reversed(order), key=sort_key) == order
    assert sort_key("Đ") > sort_key("Dz")  # đ after all of d, not after z by code point
    assert sort_key("Đ") < sort_key("E")


def test_foreign_letters_sort_after_their_latin_neighbours():
    order = ["Ê", "Fanny", "Giang", "Ích", "John", "Kim", "Vũ", "William", "Xuân", "Yến", "Zeng"]
    assert sorted(reversed(order), key=sort_key) == order


def test_digits_before_letters_and_space_before_letters():
    assert sort_key("9") < sort_key("A")
    assert sort_key("Thôn 2") < sort_key("Thôn A")
    assert sort_key("An") < sort_key("An Bình") < sort_key("Anh")


def test_sort_key_ignores_case_normal_form_and_tone_placement():
    assert sort_key("NGUYỄN THỊ HƯƠNG") == sort_key("nguyễn thị hương") == sort_key(nfd("Nguyễn Thị Hương"))
    assert sort_key("Hòa") == sort_key("Hoà") == sort_key(nfd("Hoà"))
    assert sort_key("Thủy") == sort_key("Thuỷ")
    assert sort_key("  Hà   Nội ") == sort_key("Hà Nội")
    assert sort_key(None) == sort_key("")


def test_sort_key_layout():
    # Primary letters (h = "L", a = "A"), the separator "!", one tone digit per word.
    assert sort_key("Hà") == "LA!1"
    assert sort_key("Hạ Long") == "LA#PSRK!50"
    assert sort_key("") == "!"


# --- person_sort_key ---------------------------------------------------------------------------


def test_people_sort_by_given_then_middle_then_family():
    people = [  # (family, middle, given) in the expected order
        ("Phạm", "", "An"),
        ("Lê", "Thị", "An"),
        ("Nguyễn", "Văn", "An"),
        ("Trần", "Văn", "An"),
        ("Lê", "Văn", "Anh"),
        ("Lê", "Văn", "Ánh"),  # same letters as the one before: the tone decides
        ("Lý", "Văn", "Anh"),  # letters of all three parts come before any tone
        ("Đỗ", "Thị", "Bình"),
        ("Bùi", "Thị Minh", "Châu"),
        ("Đặng", "Đình", "Đức"),
        ("Hoàng", "Thị", "Hương"),
        ("Vũ", "Văn", "Ước"),
    ]
    shuffled = people[::2] + people[1::2]
    result = sorted(shuffled, key=lambda p: person_sort_key(p[2], p[1], p[0]))
    assert result == people


def test_person_sort_key_ignores_tone_placement_and_nfd():
    assert person_sort_key("Hoà", "Thị", "Nguyễn") == person_sort_key(nfd("Hòa"), "thị", "NGUYỄN")


# --- title_case_name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("nguyễn thị hương", "Nguyễn Thị Hương"),
        ("ĐẶNG VĂN ĐỨC", "Đặng Văn Đức"),
        ("  lê   lợi ", "Lê Lợi"),
        ("h'hen niê", "H'Hen Niê"),
        ("bru-vân kiều", "Bru-Vân Kiều"),
    ],
)
def test_title_case_name(typed, expected):
    assert title_case_name(typed) == expected


def test_title_case_name_returns_nfc():
    result = title_case_name(nfd("trần thị thuỷ"))
    assert result == "Trần Thị Thuỷ"
    assert unicodedata.is_normalized("NFC", result)
