"""A small commune with a learning centre: three households, topics and an instructor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest

YEAR = 2025


@dataclass
class Centre:
    villages: dict[str, int]
    households: dict[str, int]
    persons: dict[str, int]
    topics: dict[str, int]  # topic code → id
    instructor: int


def _person(s, hid, name, sex, age, ethnic, relation, order):
    from app.domain.names import split_full_name
    from app.domain.text import fold, person_sort_key
    from app.models import Person

    family, middle, given = split_full_name(name)
    p = Person(household_id=hid, full_name=name, family_name=family, middle_name=middle, given_name=given, sex=sex,
               birth_year=YEAR - age, ethnic_code=ethnic, relation=relation, member_order=order,
               name_fold=fold(name), sort_key=person_sort_key(given, middle, family))
    s.add(p)
    s.flush()
    return p.id


@pytest.fixture
def centre(db, commune) -> Centre:
    """Nà Sản: HGD-001 (Lò Văn Pọm 45 M Thái, Lò Thị Ánh 40 F, Lò Văn Bình 12 M, Lò Thị Cúc 19 F);
    Hồng Mặn: HGD-002 (Cầm Văn Đức 60 M Kinh, Cầm Thị Én 30 F Kinh);
    Tiểu khu 3: HGD-003 (Nguyễn Thị Hương 25 F Kinh). Instructor: Hà Văn Khánh (Trạm Khuyến nông)."""
    from app.models import Household
    from app.services.class_lists import InstructorData, list_topics, save_instructor

    persons, households = {}, {}
    with db.session() as s:
        for code, village, members in (
            ("HGD-001", "Bản Nà Sản", [("Lò Văn Pọm", "M", 45, "03", "head"), ("Lò Thị Ánh", "F", 40, "03", "wife"),
                                       ("Lò Văn Bình", "M", 12, "03", "child"), ("Lò Thị Cúc", "F", 19, "03", "child")]),
            ("HGD-002", "Bản Hồng Mặn", [("Cầm Văn Đức", "M", 60, "01", "head"), ("Cầm Thị Én", "F", 30, "01", "child")]),
            ("HGD-003", "Tiểu khu 3", [("Nguyễn Thị Hương", "F", 25, "01", "head")]),
        ):
            h = Household(code=code, village_id=commune[village])
            s.add(h)
            s.flush()
            households[code] = h.id
            for order, (name, sex, age, ethnic, relation) in enumerate(members):
                persons[name] = _person(s, h.id, name, sex, age, ethnic, relation, order)
    topics = {t.code: t.id for t in list_topics(db)}
    instructor = save_instructor(db, InstructorData("Hà Văn Khánh", "Trạm Khuyến nông", "0912345678")).id
    return Centre(commune, households, persons, topics, instructor)


def course(db, centre: Centre, title: str = "Kỹ thuật trồng cà phê", first: date = date(YEAR, 3, 5), count: int = 5,
           topic: str = "khoa_hoc_ky_thuat", percent: int = 80, **kw):
    """A weekly course of ``count`` sessions from ``first`` (18:30–20:30) at the village hall."""
    from app.services.classes import ClassData, create_class, weekly_sessions

    data = ClassData(centre.topics[topic], title, "course", kw.pop("place", "Nhà văn hóa bản Nà Sản"),
                     centre.instructor, completion_percent=percent, **kw)
    return create_class(db, data, weekly_sessions(first, count, time(18, 30), time(20, 30)))


def talk(db, centre: Centre, title: str = "Phòng chống ma túy", on: date = date(YEAR, 6, 12),
         topic: str = "phap_luat", head_count: int | None = None):
    from app.services.classes import ClassData, SessionData, create_class

    return create_class(db, ClassData(centre.topics[topic], title, "talk", "Hội trường UBND xã", centre.instructor),
                        [SessionData(on, time(8, 0), time(10, 0), head_count=head_count)])


def mark(db, c, present: dict[str, list[int]]) -> None:
    """Mark each named learner present at the sessions listed (1-based) and absent at the others."""
    from app.services import class_attendance as att

    grid = att.attendance_grid(db, c.id)
    att.set_attendance(db, c.id, [(r.enrolment_id, col.session_id, col.number in present[r.name])
                                  for r in grid.rows if r.name in present for col in grid.columns])


@pytest.fixture
def year(db, centre):
    """A year of classes, every figure worked out by hand in test_figures.py: A coffee (5
    sessions, March–April), B computing (3, March, two guests), C a talk (June, 50 counted),
    D cancelled (May), E last year, F health (December into January). Returns the class ids by
    letter and the guest Lan's enrolment id (``"lan"``)."""
    from app.services import class_enrolment as enrol
    from app.services.class_attendance import attendance_grid
    from app.services.classes import set_head_count

    p = centre.persons
    # A: coffee, 5 sessions 5/3 … 2/4 — Ánh 4, Cúc 3, Pọm 5
    a = course(db, centre)
    enrol.enrol_household(db, a.id, centre.households["HGD-001"], min_age=15)
    mark(db, a, {"Lò Thị Ánh": [1, 2, 3, 4], "Lò Thị Cúc": [1, 2, 3], "Lò Văn Pọm": [1, 2, 3, 4, 5]})
    # B: computing, 3 sessions 10/3 … 24/3 — Pọm 3, Én 2 (marked completed), guests Lan 3 (from "nà sản",
    # that is Bản Nà Sản) and Tâm 1 (from Mường La, another commune)
    b = course(db, centre, "Tin học cơ bản", date(YEAR, 3, 10), 3, topic="tin_hoc")
    enrol.enrol_persons(db, b.id, [p["Lò Văn Pọm"], p["Cầm Thị Én"]])
    lan = enrol.enrol_guest(db, b.id, enrol.GuestData("Vi Thị Lan", "F", 1990, "nà sản")).added[0]
    enrol.enrol_guest(db, b.id, enrol.GuestData("Lường Văn Tâm", "M", None, "Mường La"))
    mark(db, b, {"Lò Văn Pọm": [1, 2, 3], "Cầm Thị Én": [1, 3], "Vi Thị Lan": [1, 2, 3], "Lường Văn Tâm": [2]})
    en = next(r.enrolment_id for r in attendance_grid(db, b.id).rows if r.name == "Cầm Thị Én")
    enrol.set_completed(db, en, True)
    # C: a talk on 12/6 counted at 50 people, two of them named
    c = talk(db, centre)
    enrol.enrol_persons(db, c.id, [p["Cầm Văn Đức"], p["Nguyễn Thị Hương"]])
    set_head_count(db, c.sessions[0].id, 50)
    mark(db, c, {"Cầm Văn Đức": [1], "Nguyễn Thị Hương": [1]})
    # D: cancelled in May; E: last year — neither counts
    d = course(db, centre, "Đan lát", date(YEAR, 5, 6), 2, topic="nghe", cancelled=True)
    enrol.enrol_persons(db, d.id, [p["Lò Văn Pọm"]])
    mark(db, d, {"Lò Văn Pọm": [1, 2]})
    e = course(db, centre, "Năm trước", date(YEAR - 1, 9, 1), 2)
    enrol.enrol_persons(db, e.id, [p["Lò Văn Pọm"]])
    mark(db, e, {"Lò Văn Pọm": [1, 2]})
    # F: health, 20/12 … 10/1 next year — Hương at all 4
    f = course(db, centre, "Chăm sóc sức khỏe người cao tuổi", date(YEAR, 12, 20), 4, topic="suc_khoe")
    enrol.enrol_persons(db, f.id, [p["Nguyễn Thị Hương"]])
    mark(db, f, {"Nguyễn Thị Hương": [1, 2, 3, 4]})
    return {"lan": lan, "a": a.id, "b": b.id, "c": c.id, "f": f.id}
