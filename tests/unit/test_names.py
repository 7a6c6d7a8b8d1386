"""Splitting and joining Vietnamese names (app.domain.names)."""

import unicodedata

import pytest

from app.domain.names import join_name, split_full_name


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Nguyễn Thị Hương", ("Nguyễn", "Thị", "Hương")),
        ("Lê Lợi", ("Lê", "", "Lợi")),
        ("Hương", ("", "", "Hương")),
        ("Trần Thị Minh Khai", ("Trần", "Thị Minh", "Khai")),
        ("Nguyễn Phúc Lộc", ("Nguyễn", "Phúc", "Lộc")),  # Phúc is a middle name here
        ("Tôn Nữ Thu Hà", ("Tôn Nữ", "Thu", "Hà")),
        ("Tôn Thất Thuyết", ("Tôn Thất", "", "Thuyết")),
        ("Âu Dương Minh Khang", ("Âu Dương", "Minh", "Khang")),
        ("Tôn Nữ", ("Tôn", "", "Nữ")),  # a compound needs a given name after it
        ("Y Ngông Niê Kdăm", ("Y", "Ngông Niê", "Kdăm")),  # minority names: a guess to correct
        ("", ("", "", "")),
        (None, ("", "", "")),
    ],
)
def test_split_full_name(full, parts):
    assert split_full_name(full) == parts


def test_split_normalises_spaces_and_nfd():
    decomposed = unicodedata.normalize("NFD", "  Phạm\u00a0 Văn   Đồng ")
    family, middle, given = split_full_name(decomposed)
    assert (family, middle, given) == ("Phạm", "Văn", "Đồng")
    assert all(unicodedata.is_normalized("NFC", p) for p in (family, middle, given))


def test_compound_family_name_is_recognised_in_any_case():
    assert split_full_name("TÔN THẤT Lãng") == ("TÔN THẤT", "", "Lãng")


def test_join_name():
    assert join_name("Nguyễn", "Thị", "Hương") == "Nguyễn Thị Hương"
    assert join_name("Lê", "", "Lợi") == "Lê Lợi"
    assert join_name("", None, "Hương") == "Hương"
    assert join_name(" Trần ", "Thị  Minh", unicodedata.normalize("NFD", "Khai")) == "Trần Thị Minh Khai"


@pytest.mark.parametrize("full", ["Nguyễn Thị Hương", "Tôn Nữ Thu Hà", "Hương", "Trần Thị Minh Khai"])
def test_split_then_join_round_trips(full):
    assert join_name(*split_full_name(full)) == full
