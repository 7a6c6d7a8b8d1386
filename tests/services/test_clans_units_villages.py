"""Villages, clans and units: what the registry pages save, refuse and delete."""

from pathlib import Path

import pytest

from app.db import open_database
from app.paths import Paths
from app.services import audit, references
from app.services import clans as cs
from app.services import households as hh
from app.services import units as us
from app.services import villages as vs
from app.services.errors import InUse, ValidationFailed
from app.services.people import PersonInput
from app.services.persons import P_ID, P_NAME, person_rows
from app.services.setup import ProfileData, save_profile


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(Paths(tmp_path))
    yield database
    database.dispose()


@pytest.fixture
def villages(db) -> dict[str, int]:
    save_profile(db, ProfileData(province_code="14", province_name="Sơn La", commune_name="Chiềng Mung",
                                 centre_name="Trung tâm học tập cộng đồng xã Chiềng Mung"),
                 villages=["Bản Nà Sản", "Bản Hồng Mặn", "Tiểu khu 3"])
    return {v.name: v.id for v in vs.list_villages(db)}


def household(db, village_id: int, head: str, year: int, *others: str) -> int:
    members = (PersonInput(full_name=head, sex="M", birth_year=year, relation="head"),
               *(PersonInput(full_name=n, relation="child", birth_year=year + 25) for n in others))
    return hh.save_household(db, hh.HouseholdInput(village_id, members)).id


def person_id(db, name: str) -> int:
    return next(r[P_ID] for r in person_rows(db) if r[P_NAME] == name)


# -- villages


def test_a_village_name_already_used_is_refused_whatever_the_accents_and_case(db, villages):
    with pytest.raises(ValidationFailed) as refused:
        vs.save_village(db, vs.VillageInput(name="  bản nà  sản "))
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("name", "Đã có thôn, bản tên “bản nà sản”.")]
    # renaming a village to its own name is fine
    vs.save_village(db, vs.VillageInput(name="Bản Nà Sản", kind="ban", code="05", id=villages["Bản Nà Sản"]))


def test_a_village_code_already_used_is_refused_and_a_kind_must_be_known(db, villages):
    vs.save_village(db, vs.VillageInput(name="Bản Nà Sản", kind="ban", code="05", id=villages["Bản Nà Sản"]))
    with pytest.raises(ValidationFailed) as refused:
        vs.save_village(db, vs.VillageInput(name="Bản Mé", kind="xom", code="05"))
    assert {p.field: p.message for p in refused.value.problems} == {
        "kind": "Hãy chọn loại: thôn, bản, tổ dân phố, ấp, khu phố hoặc khác.",
        "code": "Mã 05 đã được dùng cho Bản Nà Sản.",
    }


def test_a_new_village_keeps_its_old_name_and_code_and_lists_its_counts(db, villages):
    saved = vs.save_village(db, vs.VillageInput(name="Thôn Đoàn Kết", kind="thon", code="07",
                                                old_code="12", old_name="Xóm Đoàn Kết"))
    household(db, saved.id, "Lò Văn Đoàn", 1970, "Lò Văn Ún", "Lò Thị Hặc")
    row = next(v for v in vs.list_villages(db) if v.id == saved.id)
    assert (row.name, row.kind, row.code, row.old_name, row.old_code) == (
        "Thôn Đoàn Kết", "thon", "07", "Xóm Đoàn Kết", "12")
    assert (row.households, row.persons) == (1, 3)
    assert [v.name for v in vs.list_villages(db)] == ["Bản Hồng Mặn", "Bản Nà Sản", "Thôn Đoàn Kết", "Tiểu khu 3"]


def test_a_village_with_households_cannot_be_deleted(db, villages):
    household(db, villages["Bản Nà Sản"], "Lò Văn Đoàn", 1970)
    household(db, villages["Bản Nà Sản"], "Quàng Văn Xiêng", 1968)
    preview = vs.delete_preview(db, villages["Bản Nà Sản"])
    assert not preview.allowed
    assert preview.blocked_by == ("Bản Nà Sản còn 2 hộ gia đình.",)
    with pytest.raises(InUse) as refused:
        vs.delete_village(db, villages["Bản Nà Sản"])
    assert refused.value.reasons == ["Bản Nà Sản còn 2 hộ gia đình."]
    assert "Bản Nà Sản" in [v.name for v in vs.list_villages(db)]


def test_an_empty_village_is_deleted_its_units_stay_without_it_and_it_is_recorded(db, villages):
    unit_id = us.save_unit(db, us.UnitInput("Nhà văn hóa Tiểu khu 3", kind="other", village_id=villages["Tiểu khu 3"]))
    preview = vs.delete_preview(db, villages["Tiểu khu 3"])
    assert preview.allowed and preview.units == ("Nhà văn hóa Tiểu khu 3",)
    vs.delete_village(db, villages["Tiểu khu 3"])
    assert "Tiểu khu 3" not in [v.name for v in vs.list_villages(db)]
    assert us.get_unit(db, unit_id).village_id is None
    assert ("delete", "village", "Tiểu khu 3") in [(a.action, a.entity, a.summary) for a in audit.recent(db)]


def test_a_later_record_referring_to_a_village_blocks_its_deletion(db, villages, monkeypatch):
    monkeypatch.setattr(references, "_checks", [
        lambda s, entity, ids: ["Thôn đã đăng ký danh hiệu Cộng đồng học tập năm 2026."] if entity == "village" else []
    ])
    with pytest.raises(InUse) as refused:
        vs.delete_village(db, villages["Tiểu khu 3"])
    assert refused.value.reasons == ["Thôn đã đăng ký danh hiệu Cộng đồng học tập năm 2026."]


# -- clans


def test_a_clan_spans_households_of_two_villages(db, villages):
    a = household(db, villages["Bản Nà Sản"], "Lò Văn Đoàn", 1950)
    b = household(db, villages["Bản Nà Sản"], "Lò Văn Ún", 1975)
    c = household(db, villages["Bản Hồng Mặn"], "Lò Văn Pọm", 1980)
    household(db, villages["Bản Hồng Mặn"], "Quàng Văn Xiêng", 1968)
    clan_id = cs.save_clan(db, cs.ClanInput("Họ Lò", head_person_id=person_id(db, "Lò Văn Đoàn"),
                                            notes="Nhà thờ họ ở bản Nà Sản", household_ids=(a, b, c)))
    [row] = cs.clan_rows(db)
    assert (row.name, row.head_name, row.households, row.villages) == ("Họ Lò", "Lò Văn Đoàn", 3, 2)
    detail = cs.get_clan(db, clan_id)
    assert detail.head_person_id == person_id(db, "Lò Văn Đoàn")
    assert detail.notes == "Nhà thờ họ ở bản Nà Sản"
    assert [(h[1], h[2], h[3]) for h in detail.households] == [
        ("HGD-0003", "Lò Văn Pọm", "Bản Hồng Mặn"),
        ("HGD-0001", "Lò Văn Đoàn", "Bản Nà Sản"),
        ("HGD-0002", "Lò Văn Ún", "Bản Nà Sản"),
    ]


def test_saving_a_clan_replaces_its_member_households(db, villages):
    a = household(db, villages["Bản Nà Sản"], "Lò Văn Đoàn", 1950)
    b = household(db, villages["Bản Nà Sản"], "Lò Văn Ún", 1975)
    c = household(db, villages["Bản Hồng Mặn"], "Lò Văn Pọm", 1980)
    clan_id = cs.save_clan(db, cs.ClanInput("Họ Lò", head_name="Lò Văn Đoàn", household_ids=(a, b)))
    cs.save_clan(db, cs.ClanInput("Họ Lò Văn", head_name="Lò Văn Đoàn", household_ids=(b, c, c), id=clan_id))
    detail = cs.get_clan(db, clan_id)
    assert detail.name == "Họ Lò Văn"
    assert sorted(h[0] for h in detail.households) == [b, c]
    assert [(r.households, r.villages) for r in cs.clan_rows(db)] == [(2, 2)]


def test_a_clan_head_may_be_a_typed_name_and_the_clan_is_found_by_it(db, villages):
    cs.save_clan(db, cs.ClanInput("Dòng họ Cầm", head_name=" Cầm  Văn Thanh "))
    [row] = cs.clan_rows(db)
    assert row.head_name == "Cầm Văn Thanh"
    assert "cam van thanh" in row.search


def test_a_clan_without_a_name_is_refused(db, villages):
    with pytest.raises(ValidationFailed) as refused:
        cs.save_clan(db, cs.ClanInput("  ", head_name="Lò Văn Đoàn"))
    assert [(p.field, p.message) for p in refused.value.problems] == [("name", "Hãy nhập tên dòng họ.")]


def test_deleting_a_clan_keeps_its_households(db, villages):
    a = household(db, villages["Bản Nà Sản"], "Lò Văn Đoàn", 1950)
    clan_id = cs.save_clan(db, cs.ClanInput("Họ Lò", household_ids=(a,)))
    preview = cs.delete_preview(db, clan_id)
    assert (preview.name, preview.households, preview.allowed) == ("Họ Lò", 1, True)
    cs.delete_clan(db, clan_id)
    assert cs.clan_rows(db) == []
    assert [r[hh.H_ID] for r in hh.household_rows(db)] == [a]


def test_deleting_a_clan_is_refused_when_something_refers_to_it(db, villages, monkeypatch):
    clan_id = cs.save_clan(db, cs.ClanInput("Họ Lò"))
    monkeypatch.setattr(references, "_checks", [
        lambda s, entity, ids: ["Dòng họ có trong đợt đánh giá năm 2026."] if entity == "clan" else []
    ])
    assert cs.delete_preview(db, clan_id).blocked_by == ("Dòng họ có trong đợt đánh giá năm 2026.",)
    with pytest.raises(InUse):
        cs.delete_clan(db, clan_id)
    assert [r.name for r in cs.clan_rows(db)] == ["Họ Lò"]


# -- units


def test_unit_staff_are_saved_with_their_positions_and_replaced_on_edit(db, villages):
    household(db, villages["Bản Nà Sản"], "Lò Văn Đoàn", 1970, "Lò Thị Hặc", "Lò Văn Ún")
    doan, hac, un = (person_id(db, n) for n in ("Lò Văn Đoàn", "Lò Thị Hặc", "Lò Văn Ún"))
    unit_id = us.save_unit(db, us.UnitInput(
        "Trường Tiểu học Chiềng Mung", kind="school", village_id=villages["Bản Nà Sản"], address="Km 5",
        head_person_id=doan, members=((doan, "Hiệu trưởng"), (hac, " Giáo  viên "))))
    [row] = us.unit_rows(db)
    assert (row.name, row.kind, row.village, row.head_name, row.staff) == (
        "Trường Tiểu học Chiềng Mung", "school", "Bản Nà Sản", "Lò Văn Đoàn", 2)
    detail = us.get_unit(db, unit_id)
    assert sorted(detail.members) == sorted([(doan, "Lò Văn Đoàn", "Hiệu trưởng"), (hac, "Lò Thị Hặc", "Giáo viên")])

    us.save_unit(db, us.UnitInput("Trường Tiểu học Chiềng Mung", kind="school", head_person_id=doan,
                                  members=((un, "Bảo vệ"), (doan, "Hiệu trưởng")), id=unit_id))
    detail = us.get_unit(db, unit_id)
    assert sorted(detail.members) == sorted([(un, "Lò Văn Ún", "Bảo vệ"), (doan, "Lò Văn Đoàn", "Hiệu trưởng")])
    assert detail.village_id is None


def test_deleting_a_unit_removes_its_staff_list_but_not_the_persons(db, villages):
    household(db, villages["Bản Nà Sản"], "Lò Văn Đoàn", 1970)
    unit_id = us.save_unit(db, us.UnitInput("Hợp tác xã chè Nà Sản", kind="cooperative",
                                            members=((person_id(db, "Lò Văn Đoàn"), "Giám đốc"),)))
    preview = us.delete_preview(db, unit_id)
    assert (preview.name, preview.staff, preview.allowed) == ("Hợp tác xã chè Nà Sản", 1, True)
    us.delete_unit(db, unit_id)
    assert us.unit_rows(db) == []
    assert [r[P_NAME] for r in person_rows(db)] == ["Lò Văn Đoàn"]


def test_a_head_chosen_from_the_registry_who_no_longer_exists_is_refused(db, villages):
    with pytest.raises(ValidationFailed) as refused:
        us.save_unit(db, us.UnitInput("Trạm y tế xã", kind="health_station", head_person_id=999))
    assert refused.value.problems[0].field == "head"
    with pytest.raises(ValidationFailed):
        cs.save_clan(db, cs.ClanInput("Họ Lò", head_person_id=999))
    assert us.unit_rows(db) == [] and cs.clan_rows(db) == []
