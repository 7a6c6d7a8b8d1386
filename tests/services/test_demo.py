"""The synthetic demonstration commune (app.services.demo)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date

import pytest
from sqlalchemy import func, select

from app.db.engine import Database
from app.db.migrate import upgrade
from app.domain import demo_names
from app.domain.idnumber import check_id_number
from app.domain.reference import EDUCATION_LEVELS, RELATIONS, UNIT_KINDS, VILLAGE_KINDS, ethnic_groups
from app.domain.text import fold, person_sort_key, search_key, sort_key
from app.models import Clan, ClanHousehold, Household, Person, Unit, UnitMember, Village
from app.services import demo
from app.services.setup import ProfileData, get_profile, save_profile

TODAY = date(2026, 1, 15)
SIZE = 300


def _new_db(path) -> Database:
    db = Database(path)
    upgrade(db)
    return db


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    db = _new_db(tmp_path_factory.mktemp("demo") / "t.db")
    calls: list[tuple[int, int]] = []
    counts = demo.generate(db, SIZE, seed=1, report=lambda done, total: calls.append((done, total)), today=TODAY)
    yield db, counts, calls
    db.dispose()


@pytest.fixture(scope="module")
def persons(generated):
    db, _counts, _calls = generated
    with db.session() as s:
        return s.scalars(select(Person).order_by(Person.household_id, Person.member_order)).all()


@pytest.fixture(scope="module")
def by_household(persons):
    out = defaultdict(list)
    for p in persons:
        out[p.household_id].append(p)
    return out


def _count(db: Database, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_counts_match_the_database(generated):
    db, counts, calls = generated
    assert counts["households"] == SIZE == _count(db, Household)
    assert counts["persons"] == _count(db, Person)
    assert counts["villages"] == _count(db, Village) >= 3
    assert counts["clans"] == _count(db, Clan)
    assert counts["units"] == _count(db, Unit)
    assert 3.5 <= counts["persons"] / SIZE <= 4.8  # mean household size about 4
    assert 5 <= counts["clans"] <= 10  # about one per 40 households
    assert counts["units"] >= 3 + 1 + 1 + 1 + 5  # schools, office, health station, cooperative, enterprises
    assert calls and calls[-1] == (SIZE, SIZE)


def test_household_codes_and_sizes(generated, by_household):
    db, _counts, _calls = generated
    with db.session() as s:
        codes = s.scalars(select(Household.code).order_by(Household.id)).all()
    assert codes == [f"HGD-{i:05d}" for i in range(1, SIZE + 1)]
    sizes = Counter(len(members) for members in by_household.values())
    assert set(sizes) <= set(range(1, 9))
    assert len(sizes) >= 6  # a spread of sizes, not one size
    assert sum(len(m) for m in by_household.values()) == sum(k * v for k, v in sizes.items())


def test_every_household_has_exactly_one_head_listed_first(by_household):
    for members in by_household.values():
        heads = [p for p in members if p.relation == "head"]
        assert len(heads) == 1
        assert members[0].relation == "head"
        assert 25 <= TODAY.year - heads[0].birth_year <= 80
        assert heads[0].status == "alive"


def test_relations_ages_and_sexes_are_consistent(by_household):
    relations = {code for code, _label in RELATIONS}
    seen = Counter()
    for members in by_household.values():
        head = members[0]
        for p in members[1:]:
            assert p.relation in relations
            seen[p.relation] += 1
            if p.relation in ("child", "grandchild", "child_in_law"):
                assert p.birth_year > head.birth_year, (head.full_name, p.full_name)
            if p.relation == "child":
                assert 20 <= p.birth_year - head.birth_year <= 40
            if p.relation == "grandchild":
                assert p.birth_year - head.birth_year >= 40
            if p.relation in ("father", "mother"):
                assert p.birth_year <= head.birth_year - 20
                assert p.sex == ("M" if p.relation == "father" else "F")
            if p.relation in ("wife", "husband"):
                assert {p.sex, head.sex} == {"M", "F"}
                assert p.sex == ("F" if p.relation == "wife" else "M")
                assert abs(p.birth_year - head.birth_year) <= 7
            if p.relation == "child" and head.sex == "M":
                assert p.family_name == head.family_name  # patrilineal
    for relation in ("wife", "child", "grandchild", "child_in_law"):
        assert seen[relation] > 0
    assert seen["father"] + seen["mother"] > 0


def test_person_fields(persons):
    codes = {g.code for g in ethnic_groups()}
    levels = {code for code, _label in EDUCATION_LEVELS}
    for p in persons:
        assert p.sex in ("M", "F")
        assert p.ethnic_code in codes
        assert p.status in ("alive", "moved", "deceased")
        assert (p.status_date is not None) == (p.status != "alive")
        if p.status_date:
            assert p.status_date <= TODAY and p.status_date.year >= p.birth_year
        if p.birth_date:
            assert p.birth_date.year == p.birth_year and p.birth_date <= TODAY
        age = TODAY.year - p.birth_year
        assert p.education_level in levels or (age < 6 and p.education_level == "")
        if 6 <= age <= 14:
            assert p.in_school and p.education_level in ("tieu_hoc", "thcs") and p.occupation == "Học sinh"
        if p.in_school and age <= 17:
            assert p.education_level == ("tieu_hoc" if age <= 10 else "thcs" if age <= 14 else "thpt")
        if p.phone:
            assert re.fullmatch(r"0\d{9}", p.phone)
    assert len({p.ethnic_code for p in persons}) >= 4
    assert any(p.birth_date is None for p in persons) and any(p.birth_date for p in persons)
    statuses = Counter(p.status for p in persons)
    assert 0 < statuses["moved"] < 0.06 * len(persons)
    assert 0 < statuses["deceased"] < 0.04 * len(persons)


def test_names_are_nfc_and_keys_match(persons):
    for p in persons:
        for text in (p.full_name, p.family_name, p.middle_name, p.given_name):
            assert text and unicodedata.normalize("NFC", text) == text
        assert p.full_name == f"{p.family_name} {p.middle_name} {p.given_name}"
        assert p.name_fold == fold(p.full_name)
        assert p.sort_key == person_sort_key(p.given_name, p.middle_name, p.family_name)


def test_id_numbers_are_valid_and_unique(persons):
    adults = [p for p in persons if TODAY.year - p.birth_year >= 18]
    numbered = [p for p in persons if p.id_number]
    assert 0.45 <= sum(1 for p in adults if p.id_number) / len(adults) <= 0.75
    assert len({p.id_number for p in numbered}) == len(numbered)
    for p in numbered:
        assert re.fullmatch(r"\d{12}", p.id_number)
        check = check_id_number(p.id_number, sex=p.sex, birth_year=p.birth_year)
        assert check.errors == [] and check.warnings == [], (p.id_number, p.sex, p.birth_year)
    assert Counter(p.id_number[:3] for p in numbered).most_common(1)[0][0] == "014"


def test_villages(generated):
    db, _counts, _calls = generated
    kinds = {code for code, _label in VILLAGE_KINDS}
    with db.session() as s:
        villages = s.scalars(select(Village)).all()
    assert len({v.name for v in villages}) == len(villages)
    for v in villages:
        assert v.kind in kinds and v.uuid
        assert v.sort_key == sort_key(v.name) and v.search_key == search_key(v.name)
        assert v.name.split(" ")[0] in ("Bản", "Thôn", "Tiểu", "Tổ")


def test_clans_group_one_family_across_villages(generated):
    db, _counts, _calls = generated
    with db.session() as s:
        clans = s.scalars(select(Clan)).all()
        rows = s.execute(
            select(ClanHousehold.clan_id, Household.id, Household.village_id)
            .join(Household, Household.id == ClanHousehold.household_id)
        ).all()
        heads = dict(s.execute(select(Person.household_id, Person.family_name).where(Person.relation == "head")).all())
        people = {p.id: p for p in s.scalars(select(Person))}
    members = defaultdict(list)
    for clan_id, household_id, village_id in rows:
        members[clan_id].append((household_id, village_id))
    assert len({hid for hid, _v in ((h, v) for m in members.values() for h, v in m)}) == len(rows)
    spanning = 0
    for clan in clans:
        households = members[clan.id]
        assert 10 <= len(households) <= 60
        families = {heads[hid] for hid, _v in households}
        assert len(families) == 1 and clan.name.startswith(f"Dòng họ {families.pop()}")
        spanning += len({v for _h, v in households}) > 1
        head = people[clan.head_person_id]
        assert clan.head_name == head.full_name
        assert head.household_id in {hid for hid, _v in households}
        assert clan.search_key == search_key(clan.name, clan.head_name)
    assert spanning >= len(clans) * 0.8


def test_units_have_staff_and_a_head(generated):
    db, _counts, _calls = generated
    with db.session() as s:
        units = s.scalars(select(Unit)).all()
        staff = defaultdict(list)
        for m, p in s.execute(select(UnitMember, Person).join(Person, Person.id == UnitMember.person_id)):
            staff[m.unit_id].append(p)
    kinds = Counter(u.kind for u in units)
    assert set(kinds) <= {code for code, _label in UNIT_KINDS}
    assert kinds["school"] >= 3 and kinds["office"] >= 1 and kinds["enterprise"] >= 5
    assert any("Mầm non" in u.name for u in units) and any("THCS" in u.name for u in units)
    everyone = [p.id for members in staff.values() for p in members]
    assert len(everyone) == len(set(everyone))  # one unit per person
    for u in units:
        assert 5 <= len(staff[u.id]) <= 40
        assert u.head_person_id in {p.id for p in staff[u.id]}
        for p in staff[u.id]:
            assert 18 <= TODAY.year - p.birth_year <= 60 and p.status == "alive" and not p.in_school
        if u.kind == "school":
            assert all(p.occupation in ("Giáo viên", "Nhân viên trường học") for p in staff[u.id])


def test_profile_with_signers_from_the_registry(generated, persons):
    db, _counts, _calls = generated
    profile = get_profile(db)
    assert profile.commune_name == "Chiềng Mung" and profile.province_code == "14"
    assert profile.commune_code == "14113" and profile.commune_kind == "xa"
    assert [s.role for s in profile.signers] == [
        "centre_director", "chair", "vice_chair", "vice_chair", "association_chair"]
    names = {p.full_name for p in persons}
    assert all(s.full_name in names for s in profile.signers)


def test_same_seed_same_data_and_other_seed_differs(tmp_path, persons):
    db = _new_db(tmp_path / "again.db")
    demo.generate(db, SIZE, seed=1, today=TODAY)
    with db.session() as s:
        again = s.execute(select(Person.full_name, Person.birth_year, Person.id_number, Person.uuid)
                          .order_by(Person.id)).all()
    first = [(p.full_name, p.birth_year, p.id_number, p.uuid) for p in sorted(persons, key=lambda p: p.id)]
    assert [tuple(r) for r in again] == first
    other = _new_db(tmp_path / "other.db")
    demo.generate(other, SIZE, seed=2, today=TODAY)
    with other.session() as s:
        names = s.scalars(select(Person.full_name).order_by(Person.id)).all()
    assert names != [f[0] for f in first]


def test_second_generate_is_refused(generated):
    db, _counts, _calls = generated
    with pytest.raises(ValueError, match="đã có dữ liệu"):
        demo.generate(db, 10, seed=1, today=TODAY)


def test_cancel_rolls_everything_back(tmp_path):
    db = _new_db(tmp_path / "c.db")
    reports = []
    with pytest.raises(demo.Cancelled):
        demo.generate(db, 2500, seed=3, report=lambda d, t: reports.append(d), cancelled=lambda: bool(reports),
                      today=TODAY)
    assert reports == [demo.CHUNK_HOUSEHOLDS]
    for model in (Village, Household, Person, Clan, Unit):
        assert _count(db, model) == 0
    assert get_profile(db) is None


def test_existing_profile_and_villages_are_kept(tmp_path):
    db = _new_db(tmp_path / "p.db")
    save_profile(db, ProfileData(province_code="06", province_name="Bắc Kạn", old_province_code="06",
                                 commune_name="Xã Bằng Vân", centre_name="TTHTCĐ xã Bằng Vân"),
                 villages=["Thôn Nà Đon", "Thôn Khuổi Cuồng"])
    counts = demo.generate(db, 50, seed=4, today=TODAY)
    assert get_profile(db).commune_name == "Xã Bằng Vân"
    with db.session() as s:
        names = s.scalars(select(Village.name)).all()
        units = s.scalars(select(Unit.name)).all()
        prefixes = {n[:3] for n in s.scalars(select(Person.id_number).where(Person.id_number != ""))}
        used = s.scalars(select(Household.village_id).distinct()).all()
    assert {"Thôn Nà Đon", "Thôn Khuổi Cuồng"} <= set(names) and counts["villages"] == len(names) - 2
    assert len(used) == len(names)
    assert "Ủy ban nhân dân xã Bằng Vân" in units
    assert "006" in prefixes


def test_fillers_run_after_the_registry(tmp_path, monkeypatch):
    seen = []

    def filler(db, rng, report, cancelled):
        seen.append((_count(db, Household), get_profile(db) is not None, rng.random()))

    monkeypatch.setattr(demo, "FILLERS", [])
    assert demo.register_year_filler(filler) is filler
    demo.register_year_filler(filler)
    assert demo.FILLERS == [filler]
    for name in ("f1.db", "f2.db"):
        demo.generate(_new_db(tmp_path / name), 20, seed=5, today=TODAY)
    assert seen[0][:2] == (20, True)
    assert seen[0] == seen[1]  # the filler's generator is seeded too
    assert isinstance(seen[0][2], float)


def test_households_out_of_range_are_refused(tmp_path):
    db = _new_db(tmp_path / "r.db")
    with pytest.raises(ValueError):
        demo.generate(db, 0)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, tuple | list | set | frozenset):
        for v in value:
            yield from _strings(v)


def test_word_lists_are_nfc_and_well_formed():
    texts = [s for name in dir(demo_names) if name.isupper() for s in _strings(getattr(demo_names, name))]
    assert len(texts) > 500
    for text in texts:
        assert unicodedata.normalize("NFC", text) == text and text == text.strip()
    groups = {g.name for g in ethnic_groups()}
    assert set(demo_names.FAMILY_NAMES) <= groups
    assert set(demo_names.GIVEN_NAMES) == set(demo_names.MIDDLE_NAMES) == set(demo_names.FAMILY_NAMES)
    for vtype in demo_names.VILLAGE_TYPES.values():
        assert {g for g, _w in vtype["mix"]} <= set(demo_names.FAMILY_NAMES)
