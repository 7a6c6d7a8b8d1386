"""The global search of the top bar, on a small commune with Vietnamese names."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from app.db import open_database
from app.paths import Paths
from app.services.clans import ClanInput, save_clan
from app.services.households import HouseholdInput, save_household
from app.services.people import PersonInput
from app.services.search import SearchHit, global_search
from app.services.units import UnitInput, save_unit
from app.services.villages import VillageInput, save_village

# Valid 12-digit personal ID numbers: province 001, sex/century digit, year of birth.
POM_ID = "001085012345"
HUONG_ID = "001190123456"


def person(name, relation="other", sex="", year=None, id_number="", status="alive"):
    return PersonInput(full_name=name, relation=relation, sex=sex, birth_year=year, id_number=id_number,
                       status=status)


@pytest.fixture
def db(tmp_path):
    db = open_database(Paths(tmp_path))
    na_san = save_village(db, VillageInput("Bản Nà Sản", kind="ban")).id
    hoa_binh = save_village(db, VillageInput("Thôn Hòa Bình")).id
    save_household(db, HouseholdInput(na_san, (
        person("Lò Văn Pọm", "head", "M", 1985, POM_ID),
        person("Lò Thị Ún", "wife", "F", 1988),
    ), code="HGD-0012"))
    save_household(db, HouseholdInput(hoa_binh, (
        person("Nguyễn Thị Hương", "head", "F", 1990, HUONG_ID),
        person("Đào Văn Thương", "husband", "M", 1987),
        person("Nguyễn Thị Hoà", "child", "F", 2012),  # "oà": the old tone placement
    ), code="HGD-0013"))
    save_household(db, HouseholdInput(hoa_binh, (
        person("Trần Văn Hòa", "head", "M", 1970),
        person("Trần Văn Hùng", "child", "M", 1995, status="deceased"),
    ), code="HGD-0140"))
    save_clan(db, ClanInput("Họ Đào", head_name="Đào Văn Thương"))
    save_unit(db, UnitInput("Trường Tiểu học Hòa Bình", kind="school", village_id=hoa_binh))
    yield db
    db.dispose()


def labels(hits, kind=None):
    return [h.label for h in hits if kind is None or h.kind == kind]


def test_word_starts_find_nguyen_thi_huong_and_her_household(db):
    hits = global_search(db, "ng th h")

    assert "Nguyễn Thị Hương (1990)" in labels(hits, "person")
    assert "Hộ HGD-0013 · Nguyễn Thị Hương" in labels(hits, "household")
    # "h" must begin a word: Thương (t-h-ương) is no match for "huong"
    assert not any("Thương" in label for label in labels(global_search(db, "huong")))


def test_person_hit_says_where_the_person_lives(db):
    hit = next(h for h in global_search(db, "lo van pom") if h.kind == "person")

    assert hit.label == "Lò Văn Pọm (1985)"
    assert hit.detail == "hộ HGD-0012 · Bản Nà Sản"
    assert hit.text == "Lò Văn Pọm (1985) · hộ HGD-0012 · Bản Nà Sản"


def test_household_hit_reads_code_head_village(db):
    hit = next(h for h in global_search(db, "pom") if h.kind == "household")

    assert hit.text == "Hộ HGD-0012 · Lò Văn Pọm · Bản Nà Sản"


def test_dao_finds_dao_without_the_stroke(db):
    hits = global_search(db, "dao")

    assert "Đào Văn Thương (1987)" in labels(hits, "person")
    assert labels(hits, "clan") == ["Họ Đào"]
    assert global_search(db, "DAO") == hits


def test_nfd_query_finds_nfc_names(db):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
    assert nfd != "Nguyễn Thị Hương"

    assert "Nguyễn Thị Hương (1990)" in labels(global_search(db, nfd), "person")


def test_both_tone_placements_match_each_other(db):
    old_style = global_search(db, "hoà")  # o + à
    new_style = global_search(db, "hòa")  # ò + a

    assert old_style == new_style
    persons = labels(new_style, "person")
    assert "Trần Văn Hòa (1970)" in persons
    assert "Nguyễn Thị Hoà (2012)" in persons
    assert "Trường Tiểu học Hòa Bình" in labels(new_style, "unit")
    assert "Thôn Hòa Bình" in labels(new_style, "village")


def test_equal_matches_keep_the_kind_order(db):
    kinds = [h.kind for h in global_search(db, "hoa")]

    order = ["village", "clan", "unit", "household", "person"]
    assert kinds == sorted(kinds, key=order.index)


def test_the_closest_names_come_first(db):
    # given a clan whose long name also has words starting with "ng", "th", "h"
    save_clan(db, ClanInput("Dòng họ Nguyễn thôn Hòa Bình"))

    hits = global_search(db, "ng th h")

    # then the persons whose whole name it is, and a household, come before the clan
    assert [h.label for h in hits] == ["Hộ HGD-0013 · Nguyễn Thị Hương", "Nguyễn Thị Hoà (2012)",
                                       "Nguyễn Thị Hương (1990)", "Dòng họ Nguyễn thôn Hòa Bình"]


def test_match_score():
    from app.services.search import match_score

    assert match_score("Nguyễn Thị Hương", ["ng", "th", "h"]) == 3
    assert match_score("Họ Nguyễn", ["nguyen"]) == 3
    assert match_score("Thôn Hòa Bình", ["hoa", "binh"]) == 3
    assert match_score("Nguyễn Văn An", ["nguyen"]) == 2
    assert match_score("Trường Tiểu học Hòa Bình", ["hoa", "binh"]) == 1
    assert match_score("Nguyễn Thị Hương", ["thi", "nguyen"]) == 0
    assert match_score("Hồ Chí Minh", ["chi", "minh"], kind_words=False) == 1  # Hồ: a family name


def test_id_number_prefix_finds_the_person_with_the_number_masked(db):
    hits = global_search(db, "001085")

    assert [h.label for h in hits if h.kind == "person"] == ["Lò Văn Pọm (1985)"]
    hit = hits[0]
    assert "••••••••2345" in hit.detail
    assert POM_ID not in hit.text
    assert global_search(db, "001085999") == []
    assert labels(global_search(db, "00"), "person") == []  # too short to mean an ID number


def test_household_code_exact_prefix(db):
    assert labels(global_search(db, "HGD-001")) == ["Hộ HGD-0012 · Lò Văn Pọm", "Hộ HGD-0013 · Nguyễn Thị Hương"]
    assert labels(global_search(db, "hgd-0140")) == ["Hộ HGD-0140 · Trần Văn Hòa"]
    # the digits alone are enough
    assert labels(global_search(db, "0012"), "household") == ["Hộ HGD-0012 · Lò Văn Pọm"]


def test_a_deceased_person_is_found_and_marked(db):
    hit = next(h for h in global_search(db, "tran van hung") if h.kind == "person")

    assert hit.detail.endswith("Đã mất")


def test_village_search(db):
    hits = global_search(db, "ban na")

    assert [(h.kind, h.label, h.detail) for h in hits] == [("village", "Bản Nà Sản", "Bản · 1 hộ")]


def test_limit_caps_the_hits_and_shares_them(db):
    assert len(global_search(db, "n", limit=3)) == 3
    assert global_search(db, "n", limit=0) == []
    hits = global_search(db, "nguyen", limit=2)
    assert {h.kind for h in hits} == {"household", "person"}


def test_empty_or_wildcard_queries_find_nothing(db):
    for query in ("", "   ", "-", "%", "_", "%%", "\\"):
        assert global_search(db, query) == [], query


def test_hits_are_frozen_plain_values(db):
    hit = global_search(db, "pom")[0]

    assert isinstance(hit, SearchHit)
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.label = "x"  # type: ignore[misc]
