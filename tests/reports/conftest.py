"""A small commune built by hand for the report's figures, with every number known.

Year 2025. Villages (from the ``commune`` fixture): Bản Nà Sản, Bản Hồng Mặn, Tiểu khu 3.

* Nà Sản: HGD-001 (Lò Văn An 40, Lò Thị Ba 38, Lò Văn Con 10, Lò Thị Em 17, Lò Văn Cụ 80 deceased),
  HGD-002 (Cầm Văn Cường 50, Cầm Thị Nội 70).
* Hồng Mặn: HGD-003 (Quàng Văn Dũng 30), HGD-004 (Vì Thị Hoa 25), HGD-005 moved away (Vì Văn Xa 45).
* Clans: Lò, Cầm (no village). Units: Trường Tiểu học Nà Sản (Nà Sản; An, Cường), Trạm Y tế xã (no
  village; Hoa).
* Rounds 2025 — GDHT: 001 passed and decided, 002 scored and failed, 003 passed, not decided.
  DHHT: Lò passed and decided. CĐHT thôn: Nà Sản passed and decided, Hồng Mặn registered only.
  ĐVHT: the school passed and decided, the health station scored and failed. Công dân học tập:
  community group An, Dũng decided, Ba scored and failed, Em registered only; officials group
  Cường decided, Hoa passed, not decided.
* Classes 2025: a course "Kỹ thuật trồng cà phê" (2 sessions; An at both, Ba at the first) and a
  talk "Phòng chống ma túy" (1 session, An present, 30 people counted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

YEAR = 2025


@dataclass
class Town:
    villages: dict[str, int]
    persons: dict[str, int]


def _person(s, hid, name, age, status="alive", order=0):
    from app.domain.names import split_full_name
    from app.domain.text import fold, person_sort_key
    from app.models import Person

    family, middle, given = split_full_name(name)
    p = Person(household_id=hid, full_name=name, family_name=family, middle_name=middle, given_name=given,
               birth_year=YEAR - age, status=status, member_order=order, name_fold=fold(name),
               sort_key=person_sort_key(given, middle, family))
    s.add(p)
    s.flush()
    return p.id


def _assess(s, round_id, column, subject_id, complete, passed, decision_id=None):
    from app.models import Assessment

    s.add(Assessment(round_id=round_id, **{column: subject_id}, complete=complete, passed=passed,
                     computed_pass=passed, decision_id=decision_id, locked=decision_id is not None,
                     status="decided" if decision_id else "registered"))


@pytest.fixture
def town(db, commune) -> Town:
    from app.models import (
        Attendance,
        Clan,
        ClanHousehold,
        Class,
        ClassSession,
        Decision,
        Enrolment,
        Household,
        Unit,
        UnitMember,
    )
    from app.services.class_lists import list_topics
    from app.services.rounds import open_round

    persons, hh = {}, {}
    with db.session() as s:
        for code, village, status, members in (
            ("HGD-001", "Bản Nà Sản", "active", [("Lò Văn An", 40, "alive"), ("Lò Thị Ba", 38, "alive"),
                                                 ("Lò Văn Con", 10, "alive"), ("Lò Thị Em", 17, "alive"),
                                                 ("Lò Văn Cụ", 80, "deceased")]),
            ("HGD-002", "Bản Nà Sản", "active", [("Cầm Văn Cường", 50, "alive"), ("Cầm Thị Nội", 70, "alive")]),
            ("HGD-003", "Bản Hồng Mặn", "active", [("Quàng Văn Dũng", 30, "alive")]),
            ("HGD-004", "Bản Hồng Mặn", "active", [("Vì Thị Hoa", 25, "alive")]),
            ("HGD-005", "Bản Hồng Mặn", "moved", [("Vì Văn Xa", 45, "alive")]),
        ):
            h = Household(code=code, village_id=commune[village], status=status)
            s.add(h)
            s.flush()
            hh[code] = h.id
            for order, (name, age, st) in enumerate(members):
                persons[name] = _person(s, h.id, name, age, st, order)
        lo, cam = Clan(name="Lò"), Clan(name="Cầm")
        school = Unit(name="Trường Tiểu học Nà Sản", kind="school", village_id=commune["Bản Nà Sản"])
        station = Unit(name="Trạm Y tế xã", kind="health_station")
        s.add_all([lo, cam, school, station])
        s.flush()
        s.add_all([ClanHousehold(clan_id=lo.id, household_id=hh["HGD-001"]),
                   ClanHousehold(clan_id=cam.id, household_id=hh["HGD-002"]),
                   UnitMember(unit_id=school.id, person_id=persons["Lò Văn An"]),
                   UnitMember(unit_id=school.id, person_id=persons["Cầm Văn Cường"]),
                   UnitMember(unit_id=station.id, person_id=persons["Vì Thị Hoa"])])
        ids = {"lo": lo.id, "school": school.id, "station": station.id}
    rounds = {key: open_round(db, YEAR, title, group).id for key, title, group in (
        ("GDHT", "GDHT", None), ("DHHT", "DHHT", None), ("CDHT_THON", "CDHT_THON", None), ("DVHT", "DVHT", None),
        ("community", "CDHT_CONG_DAN", "community"), ("officials", "CDHT_CONG_DAN", "officials"))}
    with db.session() as s:
        decisions = {}
        for n, key in enumerate(rounds, 1):
            d = Decision(year=YEAR, round_id=rounds[key], title_code=key if key in ("GDHT", "DHHT", "CDHT_THON", "DVHT")
                         else "CDHT_CONG_DAN", number=f"{n}/QĐ-UBND", decided_on=date(YEAR, 11, 20),
                         signer_name="Cầm Văn Ún")
            s.add(d)
            s.flush()
            decisions[key] = d.id
        p = persons
        _assess(s, rounds["GDHT"], "household_id", hh["HGD-001"], True, True, decisions["GDHT"])
        _assess(s, rounds["GDHT"], "household_id", hh["HGD-002"], True, False)
        _assess(s, rounds["GDHT"], "household_id", hh["HGD-003"], True, True)
        _assess(s, rounds["DHHT"], "clan_id", ids["lo"], True, True, decisions["DHHT"])
        _assess(s, rounds["CDHT_THON"], "village_id", commune["Bản Nà Sản"], True, True, decisions["CDHT_THON"])
        _assess(s, rounds["CDHT_THON"], "village_id", commune["Bản Hồng Mặn"], False, False)
        _assess(s, rounds["DVHT"], "unit_id", ids["school"], True, True, decisions["DVHT"])
        _assess(s, rounds["DVHT"], "unit_id", ids["station"], True, False)
        _assess(s, rounds["community"], "person_id", p["Lò Văn An"], True, True, decisions["community"])
        _assess(s, rounds["community"], "person_id", p["Quàng Văn Dũng"], True, True, decisions["community"])
        _assess(s, rounds["community"], "person_id", p["Lò Thị Ba"], True, False)
        _assess(s, rounds["community"], "person_id", p["Lò Thị Em"], False, False)
        _assess(s, rounds["officials"], "person_id", p["Cầm Văn Cường"], True, True, decisions["officials"])
        _assess(s, rounds["officials"], "person_id", p["Vì Thị Hoa"], True, True)
    topics = {t.code: t.id for t in list_topics(db)}
    with db.session() as s:
        course = Class(topic_id=topics["khoa_hoc_ky_thuat"], title="Kỹ thuật trồng cà phê", kind="course", year=YEAR,
                       starts_on=date(YEAR, 3, 5), ends_on=date(YEAR, 3, 12))
        talk = Class(topic_id=topics["phap_luat"], title="Phòng chống ma túy", kind="talk", year=YEAR,
                     starts_on=date(YEAR, 6, 12), ends_on=date(YEAR, 6, 12))
        s.add_all([course, talk])
        s.flush()
        s1 = ClassSession(class_id=course.id, number=1, held_on=date(YEAR, 3, 5))
        s2 = ClassSession(class_id=course.id, number=2, held_on=date(YEAR, 3, 12))
        s3 = ClassSession(class_id=talk.id, number=1, held_on=date(YEAR, 6, 12), head_count=30)
        e1 = Enrolment(class_id=course.id, person_id=p["Lò Văn An"])
        e2 = Enrolment(class_id=course.id, person_id=p["Lò Thị Ba"])
        e3 = Enrolment(class_id=talk.id, person_id=p["Lò Văn An"])
        s.add_all([s1, s2, s3, e1, e2, e3])
        s.flush()
        s.add_all([Attendance(enrolment_id=e1.id, session_id=s1.id), Attendance(enrolment_id=e1.id, session_id=s2.id),
                   Attendance(enrolment_id=e2.id, session_id=s1.id),
                   Attendance(enrolment_id=e2.id, session_id=s2.id, present=False),
                   Attendance(enrolment_id=e3.id, session_id=s3.id)])
    return Town(commune, persons)
