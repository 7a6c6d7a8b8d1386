"""Demonstration classes, added by ``python -m app demo`` after the registry and the rounds.

For the current year and the four before: about 15 classes and talks per 1,000 households (300
for 20,000), each with its topic, place (the centre, a village's cultural house, a school, the
commune hall), instructor and sessions; learners drawn from the adults of the class's village (a
few guests not in the registry), and attendance marks for every session already held (about
60,000 a year at full size). Topics follow what Sơn La centres run: technical transfer and law
talks most, literacy and crafts as long courses.

Rows are written through the driver (executemany), with ids, UUIDs and timestamps computed here,
one transaction per year: five years take about two seconds for 20,000 households. Importing this
module registers :func:`fill_classes` with :mod:`app.services.demo`, and (through its imports) the
classes' derivation kinds and deletion check.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

import app.services.class_derivations  # noqa: F401 - derivation kinds fed by classes
from app.db.engine import Database
from app.domain import demo_names as dn
from app.domain.text import search_key
from app.models import Class, ClassSession, Enrolment, Household, Person, Unit, UnitMember, Village
from app.models.base import utcnow
from app.services.class_enrolment import enrolled  # noqa: F401 - registers the deletion check
from app.services.class_lists import InstructorData, list_topics, save_instructor
from app.services.demo import Cancelled, register_year_filler
from app.services.setup import get_profile

PAST_YEARS = 4
CLASSES_PER_1000_HOUSEHOLDS = 15

# topic code: (weight, share of talks, sessions of a course (min, max), titles)
_TOPICS: dict[str, tuple[int, float, tuple[int, int], tuple[str, ...]]] = {
    "xoa_mu_chu": (3, 0.0, (24, 36), ("Lớp xóa mù chữ", "Lớp xóa mù chữ mức độ 2")),
    "sau_biet_chu": (3, 0.0, (20, 30), ("Lớp giáo dục tiếp tục sau khi biết chữ",)),
    "khoa_hoc_ky_thuat": (24, 0.35, (6, 16), (
        "Kỹ thuật trồng và chăm sóc cà phê", "Chăn nuôi lợn, gà an toàn sinh học", "Kỹ thuật ghép xoài, nhãn",
        "Phòng trừ sâu bệnh hại lúa", "Kỹ thuật nuôi cá lồng", "Trồng rau an toàn theo VietGAP",
        "Kỹ thuật trồng ngô lai trên đất dốc", "Chăm sóc cây sơn tra", "Chăm sóc cây mận hậu sau thu hoạch")),
    "phap_luat": (16, 0.85, (4, 8), (
        "Tuyên truyền Luật Đất đai năm 2024", "Phòng, chống ma túy", "Phòng, chống tảo hôn, hôn nhân cận huyết",
        "Luật Trật tự, an toàn giao thông đường bộ", "Phòng, chống mua bán người", "Phòng, chống bạo lực gia đình",
        "Bảo vệ dữ liệu cá nhân")),
    "suc_khoe": (12, 0.75, (4, 10), (
        "Chăm sóc sức khỏe bà mẹ và trẻ em", "Phòng, chống sốt xuất huyết", "Dinh dưỡng hợp lý cho trẻ dưới 5 tuổi",
        "Sơ cấp cứu ban đầu", "Phòng, chống bệnh không lây nhiễm")),
    "ky_nang_song": (8, 0.6, (4, 10), (
        "Phòng, chống đuối nước cho trẻ em", "Kỹ năng ứng xử trong gia đình", "Phòng, chống thiên tai, sạt lở đất")),
    "tin_hoc": (10, 0.2, (10, 24), (
        "Tin học cơ bản", "Sử dụng điện thoại thông minh và dịch vụ công trực tuyến",
        "Thanh toán không dùng tiền mặt", "Bán nông sản qua mạng")),
    "ngoai_ngu": (4, 0.0, (20, 36), ("Tiếng Anh giao tiếp cơ bản", "Tiếng Thái cho cán bộ", "Tiếng Mông cho cán bộ")),
    "nghe": (8, 0.0, (16, 30), (
        "Dệt thổ cẩm", "Đan lát mây tre", "Sửa chữa máy nông nghiệp", "May công nghiệp", "Chế biến món ăn dân tộc")),
    "van_hoa": (8, 0.1, (10, 24), ("Câu lạc bộ hát dân ca Thái", "Múa xòe Thái", "Câu lạc bộ thổi khèn Mông")),
    "khac": (4, 0.5, (4, 10), ("Sinh hoạt chuyên đề khuyến học", "Kỹ năng làm kinh tế hộ gia đình")),
}
_MONTH_WEIGHTS = (2, 4, 10, 10, 9, 8, 8, 8, 10, 10, 8, 4)
_EXTERNAL = ("Trạm Khuyến nông", "Trung tâm Dịch vụ nông nghiệp", "Hội Liên hiệp Phụ nữ xã", "Hội Nông dân xã",
             "Đoàn Thanh niên xã", "Trung tâm Giáo dục nghề nghiệp - GDTX", "Bưu điện văn hóa xã",
             "Hội Khuyến học xã")
_EVENING, _MORNING = (("19:00:00.000000", "21:00:00.000000"), ("08:00:00.000000", "10:30:00.000000"))


@dataclass
class _Commune:
    households: int
    commune: str
    adults: dict[int, list[tuple[int, int | None]]]  # village id → (person id, household id)
    everyone: list[tuple[int, int | None]]
    villages: list[tuple[int, str]]
    schools: list[str]
    topics: dict[str, int]
    instructors: list[tuple[int, str]]  # id, organisation


@register_year_filler
def fill_classes(db: Database, rng: random.Random, report, cancelled) -> None:
    """The demo's classes (see the module documentation); ``cancelled()`` is checked before each
    year, whose transaction is rolled back when it is."""
    commune = _load(db, rng)
    this_year = date.today().year
    for year in range(this_year - PAST_YEARS, this_year + 1):
        if cancelled():
            raise Cancelled()
        with db.session() as s:
            _Year(s, rng, commune, year).write()


def _load(db: Database, rng: random.Random) -> _Commune:
    profile = get_profile(db)
    topics = {t.code: t.id for t in list_topics(db)}
    with db.session() as s:
        this_year = date.today().year
        adults: dict[int, list] = {}
        for pid, hid, vid in s.execute(select(Person.id, Person.household_id, Household.village_id)
                                       .join(Household, Household.id == Person.household_id)
                                       .where(Person.status == "alive", Person.birth_year <= this_year - 16,
                                              Person.birth_year >= this_year - 75)):
            adults.setdefault(vid, []).append((pid, hid))
        villages = [tuple(r) for r in s.execute(select(Village.id, Village.name).where(Village.active)
                                                .order_by(Village.id))]
        schools = list(s.scalars(select(Unit.name).where(Unit.kind == "school").order_by(Unit.id)))
        staff = s.execute(select(Person.full_name, Unit.name).join(UnitMember, UnitMember.person_id == Person.id)
                          .join(Unit, Unit.id == UnitMember.unit_id)
                          .where(Unit.kind.in_(("office", "health_station", "school"))).order_by(Person.id)).all()
        households = s.scalar(select(func.count()).select_from(Household)) or 0
    instructors = _instructors(db, rng, staff, max(6, min(30, households // 700)))
    return _Commune(households, profile.commune_name if profile else "", adults,
                    [a for v in adults.values() for a in v], villages, schools, topics, instructors)


def _instructors(db: Database, rng: random.Random, staff, n: int) -> list[tuple[int, str]]:
    """Local officials, teachers and health workers, and people from outside organisations."""
    out = []
    local = rng.sample(staff, min(len(staff), n // 2))
    for name, org in local:
        out.append((save_instructor(db, InstructorData(name, org)).id, org))
    for _k in range(n - len(local)):
        sex = rng.choice("MF")
        name = " ".join((rng.choice(("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi")),
                         rng.choice(dn.MIDDLE_NAMES["Kinh"][f"{sex}_old"])[0],
                         rng.choice(dn.GIVEN_NAMES["Kinh"][f"{sex}_old"])[0]))
        org = rng.choice(_EXTERNAL)
        out.append((save_instructor(db, InstructorData(name, org, f"09{rng.randrange(10**8):08d}")).id, org))
    return out


class _Year:
    """Builds and inserts one year's classes, sessions, learners and marks."""

    def __init__(self, s, rng: random.Random, c: _Commune, year: int):
        self.s, self.rng, self.c, self.year = s, rng, c, year
        self.today = date.today()
        self.now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
        self.ids = {m: s.scalar(select(func.max(m.id))) or 0 for m in (Class, ClassSession, Enrolment)}
        self.classes, self.sessions, self.enrolments, self.marks = [], [], [], []
        codes = list(_TOPICS)
        self.topic_bag = [code for code in codes for _w in range(_TOPICS[code][0])]

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def next_id(self, model) -> int:
        self.ids[model] += 1
        return self.ids[model]

    def write(self) -> None:
        n = max(6, round(self.c.households * CLASSES_PER_1000_HOUSEHOLDS / 1000))
        for _k in range(n):
            self.one_class()
        raw = self.s.connection()
        for table, rows in (("learning_class", self.classes), ("class_session", self.sessions),
                            ("class_enrolment", self.enrolments), ("class_attendance", self.marks)):
            if rows:
                cols = _COLUMNS[table]
                sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
                raw.exec_driver_sql(sql, rows)

    def place(self) -> tuple[str, int | None]:
        """(place, village id whose people mostly come) for a class."""
        rng, c = self.rng, self.c
        r = rng.random()
        if r < 0.55 and c.villages:
            vid, name = rng.choice(c.villages)
            return f"Nhà văn hóa {name[:1].lower()}{name[1:]}", vid
        if r < 0.7 and c.schools:
            return rng.choice(c.schools), None
        if r < 0.85:
            return f"Hội trường UBND xã {c.commune}", None
        return f"Trung tâm học tập cộng đồng xã {c.commune}", None

    def one_class(self) -> None:
        rng = self.rng
        code = rng.choice(self.topic_bag)
        _w, talk_share, (lo, hi), titles = _TOPICS[code]
        talk = rng.random() < talk_share
        place, village = self.place()
        title = rng.choice(titles)
        if code in ("xoa_mu_chu", "sau_biet_chu") and village:
            title = f"{title} {place.removeprefix('Nhà văn hóa ')}"
        month = rng.choices(range(1, 13), weights=_MONTH_WEIGHTS)[0]
        count = 1 if talk else rng.randint(lo, hi)
        step = 7 if count <= 12 else rng.choice((3, 4, 7))
        latest = date(self.year, 12, 20) - timedelta(days=step * (count - 1))  # ends within its year
        first = min(date(self.year, month, 1) + timedelta(days=rng.randrange(28)), latest)
        first = max(first, date(self.year, 1, 5))
        days = [first + timedelta(days=step * k) for k in range(count)]
        cid = self.next_id(Class)
        instructor, _org = rng.choice(self.c.instructors)
        capacity = None if talk else rng.choice((25, 30, 30, 35, 40))
        self.classes.append((cid, self.uuid(), self.now, self.now, self.c.topics[code], title,
                             "talk" if talk else "course", place, instructor,
                             rng.choice(("", "", "Hội Liên hiệp Phụ nữ xã", "Hội Nông dân xã", "Đoàn Thanh niên xã")),
                             rng.choice(("", "Ngân sách xã", "Nguồn xã hội hóa", "Trạm Khuyến nông hỗ trợ")),
                             rng.choice(("Người dân trong xã", "Hội viên phụ nữ", "Hội viên nông dân", "Thanh niên")),
                             capacity, 80, days[0].year, days[0].isoformat(), days[-1].isoformat(), False, "",
                             search_key(title, place)))
        times = _EVENING if rng.random() < 0.6 else _MORNING
        learners = self.learners(cid, village, rng.randint(5, 30) if talk else rng.randint(12, 30), days[0])
        for k, day in enumerate(days):
            sid = self.next_id(ClassSession)
            past = day <= self.today
            head = len(learners) + rng.randint(15, 80) if talk and past else None
            self.sessions.append((sid, self.uuid(), self.now, self.now, cid, k + 1, day.isoformat(), *times, "",
                                  head, ""))
            if past:
                for eid, keen in learners:
                    self.marks.append((eid, sid, rng.random() < keen))

    def learners(self, cid: int, village: int | None, n: int, first: date) -> list[tuple[int, float]]:
        """Enrolment rows for ``n`` learners (mostly from ``village``; about 4 % guests);
        returns (enrolment id, chance of being present)."""
        rng, c = self.rng, self.c
        local = c.adults.get(village, []) if village else []
        chosen: dict[int, int | None] = {}
        for _k in range(n * 2):
            if len(chosen) >= n or not c.everyone:
                break
            pid, hid = rng.choice(local if local and rng.random() < 0.8 else c.everyone)
            chosen.setdefault(pid, hid)
        out = []
        day = (first - timedelta(days=rng.randint(3, 20))).isoformat()
        for pid in chosen:
            eid = self.next_id(Enrolment)
            if rng.random() < 0.04:
                sex = rng.choice("MF")
                name = f"{rng.choice(('Lò', 'Cầm', 'Quàng', 'Lường', 'Vi'))} {'Văn' if sex == 'M' else 'Thị'} " \
                       f"{rng.choice(('Hoa', 'Xuân', 'Thanh', 'Sơn', 'Hải', 'Mai', 'Minh'))}"
                home = rng.choice(c.villages)[1] if c.villages and rng.random() < 0.7 else ""
                self.enrolments.append((eid, self.uuid(), self.now, self.now, cid, None, None, name, sex,
                                        self.year - rng.randint(18, 60), home, None, day, ""))
            else:
                completed = rng.choice((True, False)) if rng.random() < 0.01 else None
                self.enrolments.append((eid, self.uuid(), self.now, self.now, cid, pid, None, "", "", None, "",
                                        completed, day, ""))
            out.append((eid, min(0.99, max(0.3, rng.gauss(0.82, 0.12)))))
        return out


_COLUMNS = {
    "learning_class": ("id", "uuid", "created_at", "updated_at", "topic_id", "title", "kind", "place", "instructor_id",
                       "partner", "funding_note", "target_group", "capacity", "completion_percent", "year",
                       "starts_on", "ends_on", "cancelled", "notes", "search_key"),
    "class_session": ("id", "uuid", "created_at", "updated_at", "class_id", "number", "held_on", "start_time",
                      "end_time", "place", "head_count", "notes"),
    "class_enrolment": ("id", "uuid", "created_at", "updated_at", "class_id", "person_id", "household_id",
                        "guest_name", "guest_sex", "guest_birth_year", "guest_village", "completed", "enrolled_at",
                        "notes"),
    "class_attendance": ("enrolment_id", "session_id", "present"),
}
