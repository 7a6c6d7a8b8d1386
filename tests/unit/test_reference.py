"""Reference lists and choice lists (app.domain.reference)."""

import sys
from pathlib import Path

import pytest

from app.domain import reference
from app.domain.reference import (
    EDUCATION_LEVELS,
    RELATIONS,
    UNIT_KINDS,
    VILLAGE_KINDS,
    EthnicGroup,
    OldProvince,
    Province,
    cccd_prefixes,
    ethnic_groups,
    find_education_level,
    find_ethnic_group,
    find_relation,
    label_for,
    provinces_2025,
    provinces_pre2025,
    resources_dir,
)

# --- files -------------------------------------------------------------------------------------


def test_resources_dir_is_beside_the_package():
    assert resources_dir() == Path(reference.__file__).resolve().parent.parent.parent / "resources"
    assert (resources_dir() / "reference" / "ethnic-groups.csv").is_file()


def test_resources_dir_inside_a_pyinstaller_build(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


# --- provinces ---------------------------------------------------------------------------------


def test_34_provinces_from_2025():
    provinces = provinces_2025()
    assert len(provinces) == 34
    assert provinces[0] == Province(
        "01", "Hà Nội", "Thành phố Hà Nội", ("01",), "Thành phố trực thuộc trung ương"
    )
    by_code = {p.code: p for p in provinces}
    assert by_code["08"].name == "Tuyên Quang"
    assert by_code["08"].formed_from == ("02", "08")
    assert by_code["25"].formed_from == ("17", "25", "26")
    assert by_code["75"].full_name == "Thành phố Đồng Nai"  # a city since 30/04/2026


def test_63_provinces_before_2025():
    old = provinces_pre2025()
    assert len(old) == 63
    assert old[0] == OldProvince("01", "Hà Nội", "Thành phố Hà Nội", "001")
    assert old[-1] == OldProvince("96", "Cà Mau", "Tỉnh Cà Mau", "096")
    assert all(p.cccd_prefix == "0" + p.code for p in old)


def test_every_old_province_went_into_a_new_one():
    formed_from = [code for p in provinces_2025() for code in p.formed_from]
    assert sorted(formed_from) == [p.code for p in provinces_pre2025()]


def test_cccd_prefixes():
    prefixes = cccd_prefixes()
    assert len(prefixes) == 63
    assert {"001", "038", "079", "096"} <= prefixes
    assert "003" not in prefixes and "099" not in prefixes


# --- ethnic groups -----------------------------------------------------------------------------


def test_54_ethnic_groups_with_gso_2008_codes():
    groups = ethnic_groups()
    assert len(groups) == 54
    assert [g.code for g in groups] == [f"{i:02d}" for i in range(1, 55)]
    assert groups[0] == EthnicGroup("01", "Kinh", ("Việt",), "01")
    assert groups[4].name == "Khmer" and groups[4].code_1979 == "05"
    assert groups[53].name == "Ơ Đu"


def test_pejorative_exonyms_are_not_aliases():
    mong = find_ethnic_group("Mông")
    assert mong is not None
    assert "Mèo" not in mong.aliases
    assert find_ethnic_group("Mèo") is None


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Kinh", "Kinh"),
        ("kinh", "Kinh"),
        ("Việt", "Kinh"),
        ("Kinh (Việt)", "Kinh"),
        ("Dân tộc Kinh", "Kinh"),
        ("Thai", "Thái"),
        ("THÁI", "Thái"),
        ("Tay", "Tày"),
        ("H'Mông", "Mông"),
        ("HMông", "Mông"),
        ("Hmong", "Mông"),
        ("H’mông", "Mông"),
        ("Khmer", "Khmer"),
        ("Khơ-me", "Khmer"),
        ("Khơ Me", "Khmer"),
        ("ê đê", "Ê Đê"),
        ("Ê-đê", "Ê Đê"),
        ("Ede", "Ê Đê"),
        ("Gia-rai", "Gia Rai"),
        ("Jrai", "Gia Rai"),
        ("Stiêng", "Xtiêng"),
        ("Bru - Vân Kiều", "Bru Vân Kiều"),
        ("Cờ Lao", "Cơ Lao"),
        ("Giẻ-Triêng", "Giẻ Triêng"),
        ("M'Nông", "Mnông"),
        ("Ơ-đu", "Ơ Đu"),
        ("Mường", "Mường"),
        ("Muong", "Mường"),
    ],
)
def test_find_ethnic_group(typed, name):
    group = find_ethnic_group(typed)
    assert group is not None and group.name == name


@pytest.mark.parametrize("typed", ["", None, "Kinhh", "Người nước ngoài", "Pháp"])
def test_find_ethnic_group_unknown(typed):
    assert find_ethnic_group(typed) is None


def test_no_two_groups_share_a_spelling():
    seen: dict[str, str] = {}
    for group in ethnic_groups():
        for spelling in (group.name, *group.aliases):
            key = reference._compact(spelling)
            assert seen.setdefault(key, group.code) == group.code, spelling


# --- education ---------------------------------------------------------------------------------


def test_education_levels_in_order():
    assert [code for code, _ in EDUCATION_LEVELS] == [
        "mu_chu", "biet_chu", "tieu_hoc", "thcs", "thpt", "trung_cap", "cao_dang", "dai_hoc", "sau_dai_hoc",
    ]  # fmt: skip
    assert dict(EDUCATION_LEVELS)["thcs"] == "Trung học cơ sở"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12/12", "thpt"),
        ("10/12", "thpt"),
        ("9/12", "thcs"),
        ("6/12", "thcs"),
        ("5/12", "tieu_hoc"),
        ("1/12", "tieu_hoc"),
        ("10/10", "thpt"),
        ("7/10", "thcs"),
        ("4/10", "tieu_hoc"),
        ("Lớp 9", "thcs"),
        ("ĐH", "dai_hoc"),
        ("Đại học", "dai_hoc"),
        ("dai hoc", "dai_hoc"),
        ("Cử nhân", "dai_hoc"),
        ("CĐ", "cao_dang"),
        ("Cao đẳng", "cao_dang"),
        ("TC", "trung_cap"),
        ("Trung cấp", "trung_cap"),
        ("Thạc sĩ", "sau_dai_hoc"),
        ("Tiến sĩ", "sau_dai_hoc"),
        ("Mù chữ", "mu_chu"),
        ("MC", "mu_chu"),
        ("Biết chữ", "biet_chu"),
        ("TH", "tieu_hoc"),
        ("Tiểu học", "tieu_hoc"),
        ("THCS", "thcs"),
        ("T.H.C.S", "thcs"),
        ("Tốt nghiệp THCS", "thcs"),
        ("THPT", "thpt"),
        ("Trung học phổ thông", "thpt"),
        ("TN THPT", "thpt"),
    ],
)
def test_find_education_level(typed, code):
    assert find_education_level(typed) == code


@pytest.mark.parametrize("typed", ["", None, "0/12", "13/12", "Không rõ", "abc"])
def test_find_education_level_unknown(typed):
    assert find_education_level(typed) is None


# --- relations ---------------------------------------------------------------------------------


def test_relations_in_order():
    assert [code for code, _ in RELATIONS] == [
        "head", "wife", "husband", "child", "father", "mother", "grandchild", "child_in_law", "sibling",
        "grandparent", "other",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Chủ hộ", "head"),
        ("CH", "head"),
        ("chủ hộ", "head"),
        ("Chu ho", "head"),
        ("Vợ", "wife"),
        ("vo", "wife"),
        ("Chồng", "husband"),
        ("Con", "child"),
        ("Con đẻ", "child"),
        ("Con trai", "child"),
        ("Con gái", "child"),
        ("con gai", "child"),
        ("Con nuôi", "child"),
        ("Bố đẻ", "father"),
        ("Cha", "father"),
        ("Ba", "father"),
        ("Mẹ đẻ", "mother"),
        ("Cháu nội", "grandchild"),
        ("Cháu ngoại", "grandchild"),
        ("Con dâu", "child_in_law"),
        ("Con rể", "child_in_law"),
        ("con re", "child_in_law"),
        ("Em", "sibling"),
        ("Anh", "sibling"),
        ("Chị", "sibling"),
        ("Em gái", "sibling"),
        ("Ông", "grandparent"),
        ("Bà", "grandparent"),
        ("BÀ NỘI", "grandparent"),
        ("Chú", "other"),
        ("Khác", "other"),
    ],
)
def test_find_relation(typed, code):
    assert find_relation(typed) == code


@pytest.mark.parametrize("typed", ["", None, "Bạn", "xyz"])
def test_find_relation_unknown(typed):
    assert find_relation(typed) is None


# --- other choice lists ------------------------------------------------------------------------


def test_unit_and_village_kinds():
    assert UNIT_KINDS == (
        ("office", "Cơ quan"),
        ("school", "Trường học"),
        ("enterprise", "Doanh nghiệp"),
        ("cooperative", "Hợp tác xã"),
        ("health_station", "Trạm y tế"),
        ("other", "Khác"),
    )
    assert [code for code, _ in VILLAGE_KINDS] == ["thon", "ban", "to_dan_pho", "ap", "khu_pho", "other"]
    assert dict(VILLAGE_KINDS)["to_dan_pho"] == "Tổ dân phố"


def test_label_for():
    assert label_for(VILLAGE_KINDS, "ap") == "Ấp"
    assert label_for(VILLAGE_KINDS, "nope") == ""
    assert label_for(RELATIONS, None) == ""
