"""A small commune to assess: households with children and adults, a clan, a unit with staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tests.assessment.assessment_helpers import YEAR


@dataclass
class Town:
    villages: dict[str, int]
    households: dict[str, int]
    persons: dict[str, int]
    clan: int
    unit: int


def _person(s, hid, name, relation, age, in_school=False, education="thpt", order=0):
    from app.domain.text import person_sort_key
    from app.models import Person

    family, *middle, given = name.split()
    p = Person(household_id=hid, full_name=name, family_name=family, middle_name=" ".join(middle), given_name=given,
               relation=relation, birth_year=YEAR - age, in_school=in_school, education_level=education,
               member_order=order, sort_key=person_sort_key(given, " ".join(middle), family))
    s.add(p)
    s.flush()
    return p.id


@pytest.fixture
def town(db, commune) -> Town:
    """Nà Sản: HGD-001 (Lò Văn An 40, Lò Thị Ba 38, two children 10 in school and 12 not),
    HGD-002 (Cầm Văn Cường 50, a child 8 in school); Hồng Mặn: HGD-003 (Quàng Văn Dũng 30, alone).
    Clan Lò: HGD-001 and HGD-002. Unit Trường Tiểu học: An and Cường."""
    from app.models import Clan, ClanHousehold, Household, Unit, UnitMember

    persons, households = {}, {}
    with db.session() as s:
        for code, village, members in (
            ("HGD-001", "Bản Nà Sản", [("Lò Văn An", "head", 40, False), ("Lò Thị Ba", "wife", 38, False),
                                       ("Lò Văn Con", "child", 10, True), ("Lò Thị Em", "child", 12, False)]),
            ("HGD-002", "Bản Nà Sản", [("Cầm Văn Cường", "head", 50, False), ("Cầm Thị Nhỏ", "child", 8, True)]),
            ("HGD-003", "Bản Hồng Mặn", [("Quàng Văn Dũng", "head", 30, False)]),
        ):
            h = Household(code=code, village_id=commune[village])
            s.add(h)
            s.flush()
            households[code] = h.id
            for order, (name, relation, age, school) in enumerate(members):
                persons[name] = _person(s, h.id, name, relation, age, school, order=order)
        clan = Clan(name="Lò", head_name="Lò Văn An")
        unit = Unit(name="Trường Tiểu học Nà Sản", kind="school", village_id=commune["Bản Nà Sản"])
        s.add_all([clan, unit])
        s.flush()
        s.add_all([ClanHousehold(clan_id=clan.id, household_id=households["HGD-001"]),
                   ClanHousehold(clan_id=clan.id, household_id=households["HGD-002"]),
                   UnitMember(unit_id=unit.id, person_id=persons["Lò Văn An"]),
                   UnitMember(unit_id=unit.id, person_id=persons["Cầm Văn Cường"])])
        return Town(commune, households, persons, clan.id, unit.id)


@pytest.fixture
def when() -> date:
    return date(YEAR, 2, 1)
