"""Households with members: saving, validation messages, duplicates, deletion."""

import unicodedata
from datetime import date

import pytest

from app.services import households as hh
from app.services.errors import ValidationFailed
from app.services.people import PersonInput
from app.services.persons import person_rows

TODAY = date(2026, 11, 23)


def family(village_id, **kw):
    return hh.HouseholdInput(
        village_id=village_id,
        members=(
            PersonInput(full_name="Lò Văn Đoàn", sex="M", birth_year=1970, relation="head", ethnic_code="03",
                        id_number="014070001234"),
            PersonInput(full_name="Quàng Thị Xiêng", sex="F", birth_year=1972, relation="wife", ethnic_code="03"),
            PersonInput(full_name="Lò Văn Ún", sex="M", birth_date=date(1995, 3, 15), relation="child"),
            PersonInput(full_name="Lò Thị Hặc", sex="F", birth_year=1999, relation="child"),
        ),
        **kw,
    )


def test_a_new_household_gets_the_next_code_and_its_members_in_order(db, commune):
    result = hh.save_household(db, family(commune["Bản Nà Sản"]), today=TODAY)
    assert result.code == "HGD-0001"
    assert result.warnings == []
    d = hh.get_household(db, result.id)
    assert [m.full_name for m in d.members] == ["Lò Văn Đoàn", "Quàng Thị Xiêng", "Lò Văn Ún", "Lò Thị Hặc"]
    assert d.head.full_name == "Lò Văn Đoàn"
    assert (d.members[2].birth_date, d.members[2].birth_year) == (date(1995, 3, 15), 1995)
    assert (d.members[0].family_name, d.members[0].middle_name, d.members[0].given_name) == ("Lò", "Văn", "Đoàn")
    assert hh.save_household(db, family(commune["Bản Hồng Mặn"]), today=TODAY).code == "HGD-0002"


def test_names_typed_decomposed_or_with_extra_spaces_are_stored_nfc(db, commune):
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị Hoà ")
    data = hh.HouseholdInput(commune["Tiểu khu 3"], (PersonInput(full_name=nfd, sex="F", relation="head"),))
    d = hh.get_household(db, hh.save_household(db, data, today=TODAY).id)
    assert d.members[0].full_name == "Nguyễn Thị Hoà"
    assert unicodedata.is_normalized("NFC", d.members[0].full_name)


def test_editing_updates_members_and_removes_the_one_left_out(db, commune):
    saved = hh.save_household(db, family(commune["Bản Nà Sản"]), today=TODAY)
    d = hh.get_household(db, saved.id)
    members = list(d.members[:3])
    members[1] = PersonInput(**{**members[1].__dict__, "occupation": "Làm ruộng"})
    hh.save_household(db, hh.HouseholdInput(d.village_id, tuple(members), d.code, id=d.id), today=TODAY)
    after = hh.get_household(db, saved.id)
    assert [m.full_name for m in after.members] == ["Lò Văn Đoàn", "Quàng Thị Xiêng", "Lò Văn Ún"]
    assert after.members[1].occupation == "Làm ruộng"
    assert after.members[1].id == d.members[1].id
    assert len(person_rows(db)) == 3


def problems_of(db, data):
    return {(p.field, p.row, p.level): p.message for p in hh.check_household(db, data, today=TODAY)}


def test_validation_messages_are_vietnamese_and_name_the_field(db, commune):
    data = hh.HouseholdInput(
        None,
        (
            PersonInput(full_name="Lò Văn Đoàn", sex="M", birth_year=1970, relation="head"),
            PersonInput(full_name="", relation="child"),
            PersonInput(full_name="Lò Văn Tương Lai", sex="M", birth_year=2030, relation="child"),
            PersonInput(full_name="Lò Văn Cả", sex="M", birth_year=1960, relation="child"),
            PersonInput(full_name="Lò Văn Sai", sex="M", birth_year=1985, relation="child", id_number="01408512"),
        ),
    )
    p = problems_of(db, data)
    assert p[("village_id", None, "error")] == "Hãy chọn thôn, bản của hộ."
    assert p[("birth_year", 2, "error")] == "Năm sinh không thể sau năm hiện tại."
    assert p[("birth_year", 3, "warning")] == "Lò Văn Cả là con, cháu nhưng lớn tuổi hơn chủ hộ."
    assert p[("id_number", 4, "error")] == "Số định danh phải gồm 12 chữ số (đã nhập 8)."
    assert p[("full_name", 1, "error")] == "Hãy nhập họ và tên."
    with pytest.raises(ValidationFailed):
        hh.save_household(db, data, today=TODAY)
    assert person_rows(db) == []


def test_an_id_number_that_disagrees_with_sex_or_year_warns_but_saves(db, commune):
    data = hh.HouseholdInput(
        commune["Bản Nà Sản"],
        (PersonInput(full_name="Cầm Thị Nga", sex="F", birth_year=1986, relation="head", id_number="014085001234"),),
    )
    result = hh.save_household(db, data, today=TODAY)
    messages = [w.message for w in result.warnings]
    assert any("Nam" in m and "Nữ" in m for m in messages)
    assert any("85" in m and "1986" in m for m in messages)


def test_household_needs_exactly_one_head(db, commune):
    two_heads = hh.HouseholdInput(commune["Bản Nà Sản"], (
        PersonInput(full_name="A Páo", sex="M", birth_year=1980, relation="head"),
        PersonInput(full_name="Giàng Thị Mỷ", sex="F", birth_year=1982, relation="head"),
    ))
    assert problems_of(db, two_heads)[("relation", 1, "error")] == "Hộ chỉ có một chủ hộ."
    no_head = hh.HouseholdInput(commune["Bản Nà Sản"], (PersonInput(full_name="A Páo", relation="child"),))
    assert "Chủ hộ" in problems_of(db, no_head)[("members", None, "error")]


def test_same_folded_name_and_birth_year_in_the_same_village_is_a_duplicate_warning(db, commune):
    first = hh.save_household(db, family(commune["Bản Nà Sản"]), today=TODAY)
    other = hh.HouseholdInput(commune["Bản Nà Sản"], (
        PersonInput(full_name="lò văn đoàn", sex="M", birth_year=1970, relation="head"),
    ))
    problems = hh.check_household(db, other, today=TODAY)
    dup = [p for p in problems if p.field == "full_name" and p.level == "warning"]
    assert len(dup) == 1
    assert "Lò Văn Đoàn" in dup[0].message and first.code in dup[0].message
    assert dup[0].link.startswith("person:")
    # another village: not a duplicate
    elsewhere = hh.HouseholdInput(commune["Tiểu khu 3"], other.members)
    assert not [p for p in hh.check_household(db, elsewhere, today=TODAY) if p.field == "full_name"]


def test_a_code_already_used_is_refused(db, commune):
    hh.save_household(db, family(commune["Bản Nà Sản"], code="HGD-0100"), today=TODAY)
    p = problems_of(db, family(commune["Bản Hồng Mặn"], code="hgd-0100"))
    assert p[("code", None, "error")] == "Mã hộ HGD-0100 đã được dùng cho hộ khác."


def test_delete_preview_says_what_goes_and_delete_is_recorded(db, commune):
    from app.services.audit import recent

    saved = hh.save_household(db, family(commune["Bản Nà Sản"]), today=TODAY)
    preview = hh.delete_preview(db, saved.id)
    assert preview.question() == "Xóa hộ Lò Văn Đoàn và 3 nhân khẩu?"
    hh.delete_household(db, saved.id)
    assert hh.household_rows(db) == [] and person_rows(db) == []
    assert recent(db, 1)[0].summary == "Xóa hộ Lò Văn Đoàn và 3 nhân khẩu?"


def test_a_person_referenced_elsewhere_cannot_be_deleted(db, commune):
    from app.services import references
    from app.services.errors import InUse

    saved = hh.save_household(db, family(commune["Bản Nà Sản"]), today=TODAY)

    def certificate_check(s, entity, ids):
        return ["Lò Văn Đoàn đã được cấp giấy công nhận năm 2025."] if entity == "person" else []

    references.register(certificate_check)
    try:
        preview = hh.delete_preview(db, saved.id)
        assert not preview.allowed
        with pytest.raises(InUse):
            hh.delete_household(db, saved.id)
        assert len(hh.household_rows(db)) == 1
    finally:
        references._checks.remove(certificate_check)


def test_household_rows_carry_head_village_count_and_search_text(db, commune):
    hh.save_household(db, family(commune["Bản Nà Sản"]), today=TODAY)
    (row,) = hh.household_rows(db)
    assert (row[hh.H_CODE], row[hh.H_HEAD], row[hh.H_VILLAGE], row[hh.H_MEMBERS]) == (
        "HGD-0001", "Lò Văn Đoàn", "Bản Nà Sản", 4)
    assert "quang thi xieng" in row[hh.H_SEARCH]


def test_household_search_text_finds_the_code_typed_with_its_hyphen(db, commune):
    from app.domain.text import matches, search_tokens

    hh.save_household(db, family(commune["Bản Nà Sản"], code="HGD-0012"), today=TODAY)
    (row,) = hh.household_rows(db)
    assert matches(row[hh.H_SEARCH], search_tokens("HGD-0012"))
    assert matches(row[hh.H_SEARCH], search_tokens("0012"))
