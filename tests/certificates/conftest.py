"""A decided round to print: eight households in three villages recognised "Gia đình học tập" by
decision 125/QĐ-UBND, and the commune's key in the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tests.assessment.assessment_helpers import YEAR, confirm_samples, score_all

PASSPHRASE = "mật khẩu của xã 2025"
DECIDED_ON = date(YEAR, 12, 20)
#: (village, head of household) — the printing order is by village, then given, middle, family name
HOUSEHOLDS = [
    ("Bản Nà Sản", "Nguyễn Văn Bình"), ("Bản Nà Sản", "Đỗ Văn An"), ("Tiểu khu 3", "Lường Thị Hoa"),
    ("Bản Nà Sản", "Lò Thị An"), ("Bản Hồng Mặn", "Cầm Văn Ún"), ("Bản Nà Sản", "Hà Văn Ánh"),
    ("Bản Hồng Mặn", "Quàng Văn Dũng"), ("Bản Nà Sản", "Vì Văn Anh"),
]
PRINT_ORDER = ["Quàng Văn Dũng", "Cầm Văn Ún", "Lò Thị An", "Đỗ Văn An", "Hà Văn Ánh", "Vì Văn Anh",
               "Nguyễn Văn Bình", "Lường Thị Hoa"]


@dataclass
class Decided:
    round_id: int
    decision_id: int
    households: dict[str, int]  # head's name → household id
    assessments: dict[str, int]  # head's name → assessment id
    villages: dict[str, int]


def _household(s, code: str, village_id: int, head: str) -> int:
    from app.domain.text import person_sort_key
    from app.models import Household, Person

    h = Household(code=code, village_id=village_id, address="")
    s.add(h)
    s.flush()
    family, *middle, given = head.split()
    s.add(Person(household_id=h.id, full_name=head, family_name=family, middle_name=" ".join(middle),
                 given_name=given, relation="head", birth_year=YEAR - 45, education_level="thpt",
                 sex="F" if "Thị" in middle else "M",
                 sort_key=person_sort_key(given, " ".join(middle), family)))
    return h.id


@pytest.fixture
def decided(db, commune) -> Decided:
    from app.services import decisions, rounds, scoring

    households = {}
    with db.session() as s:
        for i, (village, head) in enumerate(HOUSEHOLDS, 1):
            households[head] = _household(s, f"HGD-{i:03d}", commune[village], head)
    r = rounds.open_round(db, YEAR, "GDHT")
    confirm_samples(db)
    ids = rounds.register(db, r.id, list(households.values()), date(YEAR, 2, 1), "Trưởng bản").added
    by_household = dict(zip(households.values(), ids, strict=True))
    for aid in ids:
        score_all(db, aid, 100)
        for p in scoring.score_form(db, aid).preconditions:
            scoring.set_precondition(db, aid, p.code, True)
    d = decisions.decide(db, r.id, "125/QĐ-UBND", DECIDED_ON, "Cầm Văn Ún", "Chủ tịch UBND xã").decision
    assert d.subjects == len(HOUSEHOLDS)
    return Decided(r.id, d.id, households, {h: by_household[hid] for h, hid in households.items()}, commune)


@pytest.fixture
def commune_key(paths):
    from app.services.keys import init_key

    return init_key(paths, PASSPHRASE, "Xã Chiềng Mung 14113")
