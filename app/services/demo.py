"""A synthetic demonstration commune: villages, households, persons, clans and units.

:func:`generate` fills an *empty* database (no household yet) with a made-up commune in the style of
a mountain commune of Sơn La, for demonstrations, training and performance tests. The same seed
gives the same data (names, ages, ID numbers, UUIDs), for the same ``today``.

Speed: rows are written with SQLAlchemy Core ``insert()`` executemany in chunks, with ids, UUIDs,
timestamps and the derived keys (``name_fold``, ``sort_key``, ``search_key``) computed here, since
Core inserts skip the models' Python defaults. The whole registry is one transaction: on
cancellation (``cancelled()`` returning True) it is rolled back and :class:`Cancelled` is raised.

Year fillers: later features (assessment rounds, classes and attendance, …) add demonstration data
of their own by appending a function to :data:`FILLERS` (or decorating it with
:func:`register_year_filler`). After the registry is committed and the commune profile exists,
:func:`generate` calls each filler in order as ``filler(db, rng, report, cancelled)``:

* ``db`` is the :class:`~app.db.engine.Database`; a filler opens its own session(s);
* ``rng`` is a :class:`random.Random` seeded from the generation seed and the filler's qualified
  name, so a filler's data does not change when other fillers are added or removed;
* ``report(done, total)`` and ``cancelled()`` are the caller's callbacks; a filler should check
  ``cancelled()`` between chunks and raise :class:`Cancelled` (rolling back its own transaction).
  The registry written before stays.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain import demo_names as dn
from app.domain.reference import ethnic_groups
from app.domain.text import fold, person_sort_key, search_key, sort_key
from app.i18n import _
from app.models import Clan, ClanHousehold, Household, Person, Unit, UnitMember, Village
from app.models.base import utcnow
from app.services import audit
from app.services.setup import ProfileData, SignerData, get_profile, save_profile

__all__ = ["Cancelled", "FILLERS", "Filler", "generate", "register_year_filler", "demo_profile"]

Report = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
Filler = Callable[[Database, random.Random, Report, IsCancelled], None]

#: Functions adding demonstration data for later features; see the module documentation.
FILLERS: list[Filler] = []

CHUNK_HOUSEHOLDS = 1000
MAX_HOUSEHOLDS = 200_000
CODE_PREFIX = "HGD-"

DEMO_PROVINCE = ("14", "Sơn La")
DEMO_COMMUNE = ("14113", "Chiềng Mung")


class Cancelled(Exception):
    """The user cancelled the generation; nothing of the interrupted transaction was kept."""

    def __init__(self) -> None:
        super().__init__(_("Đã hủy tạo dữ liệu mẫu."))


def register_year_filler(filler: Filler) -> Filler:
    """Append ``filler`` to :data:`FILLERS` (once); usable as a decorator."""
    if filler not in FILLERS:
        FILLERS.append(filler)
    return filler


def demo_profile(signers: tuple[SignerData, ...] = ()) -> ProfileData:
    """The profile of the demonstration commune (Chiềng Mung, Sơn La)."""
    return ProfileData(
        mode="commune",
        province_code=DEMO_PROVINCE[0],
        province_name=DEMO_PROVINCE[1],
        old_province_code=DEMO_PROVINCE[0],
        old_province_name=DEMO_PROVINCE[1],
        commune_code=DEMO_COMMUNE[0],
        commune_name=DEMO_COMMUNE[1],
        commune_kind="xa",
        centre_name=f"Trung tâm học tập cộng đồng xã {DEMO_COMMUNE[1]}",
        receiver_office_name=f"Sở Giáo dục và Đào tạo tỉnh {DEMO_PROVINCE[1]}",
        address=f"Tiểu khu 1, xã {DEMO_COMMUNE[1]}, tỉnh {DEMO_PROVINCE[1]}",
        signers=signers,
    )


def generate(
    db: Database,
    households: int,
    seed: int | None = None,
    report: Report = lambda done, total: None,
    cancelled: IsCancelled = lambda: False,
    *,
    today: date | None = None,
) -> dict[str, int]:
    """Fill an empty database with a synthetic commune of ``households`` households.

    Creates the commune profile if there is none (through :func:`save_profile`), villages (one per
    150–250 households, at least 3; existing villages are reused), households ``HGD-00001``… with
    1–8 members each, clans and units with staff; then runs the :data:`FILLERS` and
    :meth:`Database.optimize`. ``report(done, total)`` is called after every chunk of households.

    Returns the numbers of villages, households, persons, clans and units created.
    Raises ValueError when a household already exists or ``households`` is out of range, and
    :class:`Cancelled` when ``cancelled()`` becomes true (the registry is then rolled back).
    """
    if not 1 <= households <= MAX_HOUSEHOLDS:
        raise ValueError(_("Số hộ phải từ 1 đến {n}.").format(n=MAX_HOUSEHOLDS))
    seed_value = seed if seed is not None else random.SystemRandom().getrandbits(64)
    rng = random.Random(seed_value)
    today = today or date.today()
    profile = get_profile(db)
    commune = _bare_commune_name(profile.commune_name) if profile else DEMO_COMMUNE[1]
    # ID numbers start with the pre-2025 province code (new codes reuse old ones).
    prefix = "0" + ((profile.old_province_code or profile.province_code) if profile else DEMO_PROVINCE[0])
    with db.session() as s:
        if s.scalar(select(Household.id).limit(1)) is not None:
            raise ValueError(_("Cơ sở dữ liệu đã có dữ liệu; chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu trống."))
        gen = _Generator(s, rng, today, commune, prefix if len(prefix) == 3 else "014")
        counts = gen.run(households, report, cancelled)
        audit.record(s, "create", "demo", "", _("Tạo dữ liệu mẫu: {h} hộ, {p} nhân khẩu.").format(
            h=counts["households"], p=counts["persons"]))
    if profile is None:
        save_profile(db, demo_profile(gen.signers))
    for filler in list(FILLERS):
        if cancelled():
            raise Cancelled()
        name = f"{filler.__module__}.{getattr(filler, '__qualname__', repr(filler))}"
        filler(db, random.Random(f"{seed_value}:{name}"), report, cancelled)
    db.optimize()
    return counts


def _bare_commune_name(name: str) -> str:
    for kind in ("xã ", "phường ", "đặc khu "):
        if name.lower().startswith(kind):
            return name[len(kind):]
    return name


# --- Weighted draws -----------------------------------------------------------------------------------


@cache
def _bag(weighted: dn.Weighted) -> tuple[str, ...]:
    """A weighted list expanded so that ``rng.choice`` draws with the weights."""
    return tuple(value for value, weight in weighted for _ in range(weight))


@cache
def _ethnic_codes() -> dict[str, str]:
    """Ethnic group name → GSO 2008 code, for the groups the word lists use."""
    by_name = {g.name: g.code for g in ethnic_groups()}
    return {name: by_name[name] for name in dn.FAMILY_NAMES}


# Household sizes 1–8 (weights): mean about 4; Mông households are larger, the centre's smaller.
_SIZES = (1, 2, 3, 4, 5, 6, 7, 8)
_SIZE_WEIGHTS = {
    "default": (6, 14, 18, 25, 18, 10, 6, 3),
    "Mông": (3, 8, 12, 18, 20, 17, 12, 10),
    "Dao": (4, 10, 14, 22, 20, 14, 10, 6),
    "centre": (8, 16, 22, 28, 15, 7, 3, 1),
}
_SIZE_BAGS = {k: tuple(s for s, w in zip(_SIZES, ws, strict=True) for _ in range(w)) for k, ws in _SIZE_WEIGHTS.items()}

_EDU_CODES = ("mu_chu", "biet_chu", "tieu_hoc", "thcs", "thpt", "trung_cap", "cao_dang", "dai_hoc", "sau_dai_hoc")
_EDU_RANK = {code: i for i, code in enumerate(_EDU_CODES)}
# Highest level reached by adults, per birth cohort (born ≤1960, 1961–80, 1981–2000, ≥2001).
_EDU_COHORTS = (
    (20, 20, 30, 20, 6, 3, 0.5, 0.5, 0),
    (8, 10, 28, 34, 13, 4, 1.5, 1, 0.1),
    (2, 4, 17, 36, 28, 6, 3, 3, 0.2),
    (0, 1, 6, 32, 44, 7, 4, 5, 0),
)
_EDU_FACTORS = {
    "kinh": (0.3, 0.5, 0.8, 1, 1.4, 1.5, 1.6, 1.8, 2),
    "thai": (1, 1, 1, 1, 0.9, 0.9, 0.8, 0.7, 0.5),
    "mong": (3, 2, 1.3, 0.8, 0.5, 0.4, 0.3, 0.3, 0.1),
}
_EDU_CLASS = {"Kinh": "kinh", "Tày": "kinh", "Mường": "kinh", "Thái": "thai", "Khơ Mú": "thai",
              "Mông": "mong", "Dao": "mong"}


@cache
def _education_bag(cohort: int, edu_class: str, female: bool) -> tuple[str, ...]:
    weights = []
    for i, (base, factor) in enumerate(zip(_EDU_COHORTS[cohort], _EDU_FACTORS[edu_class], strict=True)):
        w = base * factor
        if female and edu_class != "kinh" and cohort <= 1 and i == 0:
            w *= 1.8
        weights.append((_EDU_CODES[i], round(w * 10)))
    return _bag(tuple(weights))


# Provinces (ID-number prefixes) where people born elsewhere were registered: lowland provinces for
# Kinh migrants, neighbouring mountain provinces for the others.
_OTHER_PREFIXES_KINH = _bag((("034", 5), ("036", 4), ("038", 4), ("001", 3), ("025", 3), ("033", 2),
                             ("037", 2), ("030", 2), ("040", 2), ("015", 1), ("026", 1)))
_OTHER_PREFIXES_HIGHLAND = _bag((("011", 4), ("012", 2), ("015", 3), ("017", 1), ("010", 1)))


# --- The generator ------------------------------------------------------------------------------------


@dataclass
class _Village:
    id: int
    name: str
    kind: str
    type: str
    new: bool
    mix: tuple[str, ...] = ()
    code: str = ""
    old_code: str = ""
    old_name: str = ""


@dataclass
class _Member:
    relation: str
    sex: str
    age: int
    ethnic: str
    family: str
    status: str = "alive"


@dataclass
class _HouseholdInfo:
    """What clans need to know of a household once its rows are written."""

    id: int
    village: int  # index in _Generator.villages
    family: str
    elder: tuple[int, str, int, str] | None  # person id, name, birth year, sex of its oldest member of the family


@dataclass
class _Generator:
    s: Session
    rng: random.Random
    today: date
    commune: str
    province_prefix: str
    villages: list[_Village] = field(default_factory=list)
    signers: tuple[SignerData, ...] = ()

    def __post_init__(self) -> None:
        self.now = utcnow()
        self.ids = {t: (self.s.scalar(select(func.max(t.id))) or 0) for t in
                    (Village, Household, Person, Clan, ClanHousehold, Unit, UnitMember)}
        self.households: list[_HouseholdInfo] = []
        # Residents who may join a unit: id, name, birth year, village index, occupation, education.
        self.workers: list[tuple[int, str, int, int, str, str]] = []
        self.elders: list[tuple[int, str, str, str]] = []  # aged 60–72: id, name, sex, education
        self.officials: list[tuple[str, str]] = []  # position, name (People's Committee office)
        self.person_updates: dict[int, tuple[str, str]] = {}  # id → occupation, education
        self.id_numbers: set[str] = set()
        self.persons = 0
        self.ethnic_codes = _ethnic_codes()

    # -- helpers --

    def next_id(self, model) -> int:
        self.ids[model] += 1
        return self.ids[model]

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def stamps(self) -> dict:
        return {"uuid": self.uuid(), "created_at": self.now, "updated_at": self.now}

    def insert(self, model, rows: list[dict]) -> None:
        if rows:
            self.s.connection().execute(insert(model.__table__), rows)

    # -- the whole run --

    def run(self, n_households: int, report: Report, cancelled: IsCancelled) -> dict[str, int]:
        new_villages = self.make_villages(n_households)
        sizes = self.village_sizes(n_households)
        number = 0
        chunk_h: list[dict] = []
        chunk_p: list[dict] = []
        for vi, size in enumerate(sizes):
            for k in range(size):
                number += 1
                self.household(vi, number, k + 1, chunk_h, chunk_p)
                if len(chunk_h) >= CHUNK_HOUSEHOLDS:
                    self.flush(chunk_h, chunk_p, n_households, report, cancelled)
        self.flush(chunk_h, chunk_p, n_households, report, cancelled)
        if cancelled():
            raise Cancelled()
        clans = self.make_clans(n_households)
        units = self.make_units(n_households)
        self.make_signers()
        self.apply_person_updates()
        report(n_households, n_households)
        return {"villages": new_villages, "households": n_households, "persons": self.persons,
                "clans": clans, "units": units}

    def flush(self, chunk_h: list[dict], chunk_p: list[dict], total: int, report: Report,
              cancelled: IsCancelled) -> None:
        """Write a chunk of households and their members, unless the user cancelled."""
        if cancelled():
            raise Cancelled()
        self.insert(Household, chunk_h)
        self.insert(Person, chunk_p)
        self.persons += len(chunk_p)
        chunk_h.clear()
        chunk_p.clear()
        report(len(self.households), total)

    # -- villages --

    def make_villages(self, n_households: int) -> int:
        rng = self.rng
        existing = self.s.execute(
            select(Village.id, Village.name, Village.kind).where(Village.active).order_by(Village.id)
        ).all()
        taken = {fold(name) for _i, name, _k in existing}
        for i, (vid, name, kind) in enumerate(existing):
            vtype = {"ban": "thai" if i % 3 else "mong", "to_dan_pho": "centre", "khu_pho": "centre"}.get(kind, "kinh")
            self.villages.append(_Village(vid, name, kind, vtype, False))
        target = max(3, round(n_households / rng.uniform(150, 250)))
        centre_prefix = rng.choice(dn.CENTRE_VILLAGE_PREFIXES)
        counters = {"centre": 0}
        rows = []
        for i in range(len(self.villages), target):
            vtype = (dn.VILLAGE_TYPE_ORDER[i] if i < len(dn.VILLAGE_TYPE_ORDER)
                     else rng.choice(_bag(dn.VILLAGE_TYPE_WEIGHTS)))
            name = self.village_name(vtype, taken, counters, centre_prefix)
            v = _Village(self.next_id(Village), name, dn.VILLAGE_TYPES[vtype]["kind"], vtype, True,
                         code=f"{i + 1:02d}")
            if i >= 3 and rng.random() < 0.35:  # came from a commune merged in 2025
                old_code, old_commune = rng.choice(dn.OLD_COMMUNES)
                old = name
                if rng.random() < 0.3:  # renamed in the merger to avoid a clash
                    old = self.village_name(vtype, set(taken), dict(counters), centre_prefix)
                v.old_code, v.old_name = f"{old_code}-{rng.randint(1, 20):02d}", f"{old}, xã {old_commune}"
            self.villages.append(v)
            rows.append({"id": v.id, **self.stamps(), "code": v.code, "name": v.name, "kind": v.kind,
                         "old_code": v.old_code, "old_name": v.old_name, "active": True,
                         "sort_key": sort_key(v.name), "search_key": search_key(v.name)})
        for v in self.villages:
            v.mix = _bag(dn.VILLAGE_TYPES[v.type]["mix"])
        self.insert(Village, rows)
        return len(rows)

    def village_name(self, vtype: str, taken: set[str], counters: dict[str, int], centre_prefix: str) -> str:
        rng = self.rng
        if vtype == "centre":
            while True:
                counters["centre"] += 1
                name = f"{centre_prefix} {counters['centre']}"
                if fold(name) not in taken:
                    break
        else:
            if vtype == "kinh":
                fixed, first, second, word = dn.KINH_VILLAGE_NAMES, dn.THAI_PLACE_FIRST, dn.THAI_PLACE_SECOND, "Thôn"
            elif vtype == "mong":
                fixed, first, second, word = dn.MONG_VILLAGE_NAMES, dn.MONG_PLACE_FIRST, dn.MONG_PLACE_SECOND, "Bản"
            else:
                fixed, first, second, word = dn.THAI_VILLAGE_NAMES, dn.THAI_PLACE_FIRST, dn.THAI_PLACE_SECOND, "Bản"
            free = [n for n in fixed if fold(n) not in taken]
            name = rng.choice(free) if free else ""
            tries = 0
            while not name or fold(name) in taken:
                tries += 1
                name = f"{word} {rng.choice(first)} {rng.choice(second)}"
                if tries > 50:
                    name = f"{name} {tries}"
        taken.add(fold(name))
        return name

    def village_sizes(self, n_households: int) -> list[int]:
        """Households per village: uneven shares (0.6–1.5) summing to ``n_households``."""
        weights = [self.rng.uniform(0.6, 1.5) for _ in self.villages]
        total = sum(weights)
        sizes = [int(n_households * w / total) for w in weights]
        order = sorted(range(len(weights)), key=lambda i: n_households * weights[i] / total - sizes[i],
                       reverse=True)
        for i in order[: n_households - sum(sizes)]:
            sizes[i] += 1
        return sizes

    # -- households and persons --

    def family_name(self, ethnic: str) -> str:
        return self.rng.choice(_bag(dn.FAMILY_NAMES[ethnic]))

    def household(self, vi: int, number: int, k: int, rows_h: list[dict], rows_p: list[dict]) -> None:
        rng = self.rng
        village = self.villages[vi]
        ethnic = rng.choice(village.mix)
        size_key = "centre" if village.type == "centre" else ethnic if ethnic in _SIZE_BAGS else "default"
        size = rng.choice(_SIZE_BAGS[size_key])
        members = self.compose(size, ethnic, village)
        hid = self.next_id(Household)
        address = f"Số nhà {k}, {village.name}" if village.type == "centre" else ""
        rows_h.append({"id": hid, **self.stamps(), "code": f"{CODE_PREFIX}{number:05d}", "village_id": village.id,
                       "address": address, "notes": "", "status": "active", "status_date": None})
        head_family = members[0].family
        elder = None
        names: set[str] = set()
        for order, m in enumerate(members):
            row = self.person(m, hid, order, vi, names)
            rows_p.append(row)
            if m.status == "alive" and m.family == head_family and (
                elder is None or (m.sex, -row["birth_year"]) > (elder[3], -elder[2])
            ):
                elder = (row["id"], row["full_name"], row["birth_year"], m.sex)
        self.households.append(_HouseholdInfo(hid, vi, head_family, elder))

    def compose(self, size: int, ethnic: str, village: _Village) -> list[_Member]:
        """The members of one household: head, spouse, parents, children, a married child with
        their spouse and children; ages and family names consistent (patrilineal)."""
        rng = self.rng
        head_sex = "M" if rng.random() < 0.82 else "F"
        age = int(rng.triangular(25, 81, 42)) if head_sex == "M" else int(rng.triangular(25, 81, 55))
        head = _Member("head", head_sex, min(age, 80), ethnic, self.family_name(ethnic))
        members = [head]
        slots = size - 1
        spouse = None
        if slots and rng.random() < (0.93 if head_sex == "M" else 0.35):
            sp_ethnic = ethnic if rng.random() < 0.85 else rng.choice(village.mix)
            gap = rng.randint(-3, 7) if head_sex == "M" else -rng.randint(-3, 7)
            sp_sex = "F" if head_sex == "M" else "M"
            spouse = _Member("wife" if sp_sex == "F" else "husband", sp_sex, max(18, head.age - gap), sp_ethnic,
                             self.family_name(sp_ethnic))
            members.append(spouse)
            slots -= 1
        # The children's family name: the father's.
        if head_sex == "M":
            child_family, child_ethnic = head.family, head.ethnic
        elif spouse is not None:
            child_family, child_ethnic = spouse.family, spouse.ethnic
        else:
            child_family, child_ethnic = self.family_name(ethnic), ethnic
        # Parents of a younger head.
        if slots and head.age <= 55 and rng.random() < (0.7 if head.age <= 35 and slots >= 3 else 0.22):
            n_parents = 2 if slots >= 2 and rng.random() < 0.4 else 1
            for sex in (("M", "F") if n_parents == 2 else (rng.choice("MFF"),)):
                p_age = min(95, head.age + rng.randint(20, 35))
                family = head.family if sex == "M" else self.family_name(ethnic)
                members.append(_Member("father" if sex == "M" else "mother", sex, p_age, ethnic, family))
                slots -= 1
        young_parent = min(head.age, spouse.age) if spouse else head.age
        children: list[_Member] = []
        # An older head often lives with a married child, their spouse and grandchildren.
        if slots >= 3 and head.age >= 50 and rng.random() < 0.6:
            son_in = rng.random() < 0.8 or ethnic not in ("Thái", "Mông", "Khơ Mú")
            c_age = young_parent - rng.randint(20, 30)
            if c_age >= 20:
                c_sex = "M" if son_in else "F"
                child = _Member("child", c_sex, c_age, child_ethnic, child_family)
                in_ethnic = child_ethnic if rng.random() < 0.85 else rng.choice(village.mix)
                in_law = _Member("child_in_law", "F" if son_in else "M",
                                 max(18, c_age + (rng.randint(-6, 2) if son_in else rng.randint(-2, 6))),
                                 in_ethnic, self.family_name(in_ethnic))
                children += [child, in_law]
                slots -= 2
                g_family = child.family if son_in else in_law.family
                g_ethnic = child.ethnic if son_in else in_law.ethnic
                g_age = min(child.age, in_law.age) - rng.randint(20, 30)
                while slots and g_age >= 0:
                    children.append(_Member("grandchild", rng.choice("MF"), g_age, g_ethnic, g_family))
                    slots -= 1
                    g_age -= rng.randint(1, 5)
        c_age = young_parent - rng.randint(20, 32)
        if children:  # the married child is the eldest
            c_age = min(c_age, children[0].age - rng.randint(1, 4))
        while slots and c_age >= 0 and head.age - c_age <= 40:
            children.append(_Member("child", rng.choice("MF"), c_age, child_ethnic, child_family))
            slots -= 1
            c_age -= rng.randint(1, 5)
        children.sort(key=lambda m: m.relation == "grandchild")  # children first, then grandchildren
        members += children
        while slots:  # a young household with more members than children: the head's siblings
            sib_age = max(16, head.age + rng.randint(-10, 10))
            members.append(_Member("sibling", rng.choice("MF"), sib_age, ethnic, child_family
                                   if head_sex == "M" else head.family))
            slots -= 1
        for m in members[1:]:
            r = rng.random()
            if m.age >= 75 and r < 0.2 or 60 <= m.age < 75 and r < 0.06 or m.age >= 1 and r < 0.004:
                m.status = "deceased"
            elif 18 <= m.age <= 40 and r > 0.93:
                m.status = "moved"
        return members

    def person(self, m: _Member, hid: int, order: int, vi: int, names: set[str]) -> dict:
        """The row of one person; ``names`` (the household's names so far) avoids two equal names."""
        rng = self.rng
        village = self.villages[vi]
        today = self.today
        pid = self.next_id(Person)
        year = today.year - m.age
        generation = "young" if year >= 1985 else "old"
        key = f"{m.sex}_{generation}"
        ethnic = m.ethnic
        given_names = dn.GIVEN_NAMES[ethnic][key]
        if generation == "young" and rng.random() < dn.KINH_GIVEN_SHARE_YOUNG[ethnic]:
            given_names = dn.GIVEN_NAMES["Kinh"][key]
        for _try in range(8):
            middle = rng.choice(_bag(dn.MIDDLE_NAMES[ethnic][key]))
            given = rng.choice(_bag(given_names))
            full = f"{m.family} {middle} {given}"
            if given not in (middle, m.family) and full not in names:
                break
        names.add(full)
        # A full birth date for most young people, the year only for many old ones.
        birth_date = None
        if rng.random() < (0.9 if m.age < 30 else 0.65 if m.age < 60 else 0.35):
            last = today.timetuple().tm_yday if year == today.year else 365
            birth_date = date(year, 1, 1) + timedelta(days=rng.randrange(last))
        education, in_school, occupation = self.schooling(m, year, village)
        status_date = None
        if m.status != "alive":
            status_date = today - timedelta(days=rng.randint(30, 1100 if m.status == "moved" else 1500))
            status_date = max(status_date, min(birth_date or date(year, 12, 31), today))
        id_number = ""
        if m.age >= 18 and rng.random() < 0.62 or 14 <= m.age < 18 and rng.random() < 0.25:
            id_number = self.id_number(m, year)
        phone = ""
        if m.status == "alive" and 18 <= m.age <= 65 and rng.random() < (0.35 if m.relation == "head" else 0.1):
            phone = rng.choice(("09", "03", "08")) + f"{rng.randrange(10**8):08d}"
        if m.status == "alive" and not in_school:
            if 22 <= m.age <= 58:
                self.workers.append((pid, full, year, vi, occupation, education))
            elif 60 <= m.age <= 72:
                self.elders.append((pid, full, m.sex, education))
        return {
            "id": pid, **self.stamps(), "household_id": hid, "member_order": order,
            "family_name": m.family, "middle_name": middle, "given_name": given, "full_name": full,
            "sex": m.sex, "birth_date": birth_date, "birth_year": year, "relation": m.relation,
            "ethnic_code": self.ethnic_codes[ethnic], "education_level": education, "in_school": in_school,
            "occupation": occupation, "id_number": id_number, "phone": phone, "status": m.status,
            "status_date": status_date, "notes": "", "name_fold": fold(full),
            "sort_key": person_sort_key(given, middle, m.family),
        }

    def schooling(self, m: _Member, year: int, village: _Village) -> tuple[str, bool, str]:
        """(education level, in school, occupation) consistent with age, group and place."""
        rng = self.rng
        age = m.age
        edu_class = _EDU_CLASS[m.ethnic]
        if age < 6:
            return "", False, ""
        if age <= 14:
            return ("tieu_hoc" if age <= 10 else "thcs"), True, dn.OCCUPATION_PUPIL
        if age <= 17:
            if rng.random() < {"kinh": 0.06, "thai": 0.12, "mong": 0.3}[edu_class]:
                return ("thcs" if rng.random() < 0.7 else "tieu_hoc"), False, rng.choice(
                    ("Làm ruộng", "Làm nương", "Lao động tự do"))
            return "thpt", True, dn.OCCUPATION_PUPIL
        if age <= 22 and m.status != "deceased" and rng.random() < {"kinh": 0.2, "thai": 0.12, "mong": 0.05}[edu_class]:
            return rng.choice(("dai_hoc", "dai_hoc", "dai_hoc", "cao_dang", "cao_dang", "trung_cap")), True, \
                dn.OCCUPATION_STUDENT
        cohort = 0 if year <= 1960 else 1 if year <= 1980 else 2 if year <= 2000 else 3
        education = rng.choice(_education_bag(cohort, edu_class, m.sex == "F"))
        if age >= 61:
            occupation = rng.choice(_bag(dn.OCCUPATIONS_ELDERLY))
        elif m.status == "moved" and rng.random() < 0.5:
            occupation = "Công nhân"
        else:
            bag = _bag(dn.OCCUPATIONS_CENTRE if village.type == "centre" else dn.OCCUPATIONS_RURAL)
            occupation = rng.choice(bag)
            while occupation in (dn.MALE_OCCUPATIONS if m.sex == "F" else dn.FEMALE_OCCUPATIONS):
                occupation = rng.choice(bag)
        floor = {"Giáo viên": "cao_dang", "Cán bộ, công chức": "trung_cap", "Y sĩ": "trung_cap"}.get(occupation)
        if floor and _EDU_RANK[education] < _EDU_RANK[floor]:
            education = rng.choice(("dai_hoc", floor))
        return education, False, occupation

    def id_number(self, m: _Member, year: int) -> str:
        """A 12-digit number: province of birth registration, century and sex, year, random."""
        rng = self.rng
        r = rng.random()
        if m.ethnic == "Kinh" and year < 1995:
            prefix = self.province_prefix if r < 0.7 else rng.choice(_OTHER_PREFIXES_KINH)
        else:
            prefix = self.province_prefix if r < 0.96 else rng.choice(_OTHER_PREFIXES_HIGHLAND)
        century = (year // 100 - 19) * 2 + (1 if m.sex == "F" else 0)
        head = f"{prefix}{century}{year % 100:02d}"
        while True:
            number = f"{head}{rng.randrange(10**6):06d}"
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    # -- clans --

    def make_clans(self, n_households: int) -> int:
        """About one clan per 40 households, each of 10–60 households of one family name: a run of
        neighbouring households (villages are in order) plus a few branches in other villages."""
        rng = self.rng
        pools: dict[str, list[int]] = {}
        for i, h in enumerate(self.households):
            pools.setdefault(h.family, []).append(i)
        families = sorted(pools)
        target = max(1, round(n_households / 40))
        clans: list[tuple[str, list[int]]] = []
        while len(clans) < target:
            # A clan has branches in several villages: prefer families living in more than one
            # (a pool is in village order, so its first and last households tell).
            eligible = [f for f in families if len(pools[f]) >= 10]
            spread = [f for f in eligible
                      if self.households[pools[f][0]].village != self.households[pools[f][-1]].village]
            eligible = spread or eligible
            if not eligible:
                break
            family = rng.choices(eligible, weights=[len(pools[f]) for f in eligible])[0]
            pool = pools[family]
            size = min(rng.randint(10, 60), len(pool))
            extra = min(rng.randint(1, 4), size // 4)
            start = rng.randrange(len(pool))
            main = (pool[start:] + pool[:start])[: size - extra]
            main_villages = {self.households[i].village for i in main}
            chosen = set(main)
            others = [i for i in pool if i not in chosen and self.households[i].village not in main_villages]
            branch = rng.sample(others, min(extra, len(others)))
            chosen.update(branch)
            rest = [i for i in pool if i not in chosen]
            while len(chosen) < 10 and rest:
                chosen.add(rest.pop())
            pools[family] = [i for i in pool if i not in chosen]
            clans.append((family, main + branch + sorted(chosen.difference(main, branch))))
        per_family: dict[str, int] = {}
        for family, _members in clans:
            per_family[family] = per_family.get(family, 0) + 1
        names: set[str] = set()
        rows, links = [], []
        for family, members in clans:
            name = f"Dòng họ {family}"
            if per_family[family] > 1:
                village = self.villages[self.households[members[0]].village].name
                name = f"{name} {village[:1].lower()}{village[1:]}"
            branch_no = 1
            base = name
            while name in names:
                branch_no += 1
                name = f"{base} (chi {branch_no})"
            names.add(name)
            elders = [e for e in (self.households[i].elder for i in members) if e]
            head = max(elders, key=lambda e: (e[3] == "M", -e[2])) if elders else None
            cid = self.next_id(Clan)
            head_name = head[1] if head else ""
            rows.append({"id": cid, **self.stamps(), "name": name, "head_person_id": head[0] if head else None,
                         "head_name": head_name, "notes": "", "sort_key": sort_key(name),
                         "search_key": search_key(name, head_name)})
            for i in members:
                links.append({"id": self.next_id(ClanHousehold), "clan_id": cid,
                              "household_id": self.households[i].id})
        self.insert(Clan, rows)
        self.insert(ClanHousehold, links)
        return len(rows)

    # -- units --

    def make_units(self, n_households: int) -> int:
        """The commune's schools, People's Committee office, health station, one or two
        cooperatives and enterprises (one per 1,000 households, at least 5), each with 5–40 staff
        taken from working-age residents (22–58, living here, not in school) and a head."""
        rng = self.rng
        commune = self.commune
        centre = next((i for i, v in enumerate(self.villages) if v.type == "centre"), 0)
        names: set[str] = set()

        def place(vi: int) -> str:
            return _short_village_name(self.villages[vi].name)

        def unique(name: str) -> str:
            base, k = name, 1
            while name in names:
                k += 1
                name = f"{base} số {k}"
            names.add(name)
            return name

        plan = [(unique(f"Ủy ban nhân dân xã {commune}"), "office", centre, rng.randint(22, 35)),
                (unique(f"Trạm Y tế xã {commune}"), "health_station", centre, rng.randint(6, 12))]
        for level, per, low, high in (("Mầm non", 3000, 10, 30), ("Tiểu học", 2500, 18, 40), ("THCS", 4000, 18, 40)):
            for k in range(max(1, round(n_households / per))):
                vi = centre if k == 0 else rng.randrange(len(self.villages))
                where = commune if k == 0 else place(vi)
                plan.append((unique(f"Trường {level} {where}"), "school", vi, rng.randint(low, high)))
        for k in range(1 if n_households < 1500 else 2):
            vi = rng.randrange(len(self.villages))
            where = commune if k == 0 else place(vi)
            trade = rng.choice(dn.COOPERATIVE_TRADES)
            plan.append((unique(f"Hợp tác xã {trade} {where}"), "cooperative", vi, rng.randint(5, 25)))
        for _k in range(max(5, round(n_households / 1000))):
            vi = rng.randrange(len(self.villages))
            form = rng.choice(_bag(dn.ENTERPRISE_FORMS))
            trade = rng.choice(dn.ENTERPRISE_TRADES)
            where = commune if self.villages[vi].type == "centre" else rng.choice((commune, place(vi), place(vi)))
            plan.append((unique(f"{form} {trade} {where}"), "enterprise", vi, rng.randint(5, 40)))

        pool = self.workers[:]
        rng.shuffle(pool)
        by_village: dict[int, list] = {}
        for w in pool:
            by_village.setdefault(w[3], []).append(w)
        used: set[int] = set()

        def take(vi: int, k: int, local: bool) -> list:
            out = []
            for source in ([by_village.get(vi, [])] if local else []) + [pool]:
                while source and len(out) < k:
                    w = source.pop()
                    if w[0] not in used:
                        used.add(w[0])
                        out.append(w)
            return out

        rows, members = [], []
        for name, kind, vi, size in plan:
            staff = take(vi, size, kind in ("cooperative", "enterprise") and rng.random() < 0.8)
            head_position, others = dn.UNIT_POSITIONS[kind]
            seniors = [w for w in staff if self.today.year - w[2] >= 35]
            head = rng.choice(seniors or staff) if staff else None
            fixed = ["Phó Chủ tịch UBND xã", "Phó Chủ tịch UBND xã",
                     "Giám đốc Trung tâm học tập cộng đồng"] if kind == "office" else []
            uid = self.next_id(Unit)
            for w in staff:
                position = head_position if w is head else fixed.pop(0) if fixed else rng.choice(_bag(others))
                members.append({"id": self.next_id(UnitMember), "unit_id": uid, "person_id": w[0],
                                "position": position})
                self.person_updates[w[0]] = self.staff_occupation(kind, position, w[4], w[5])
                if kind == "office" and position in ("Chủ tịch UBND xã", "Phó Chủ tịch UBND xã",
                                                     "Giám đốc Trung tâm học tập cộng đồng"):
                    self.officials.append((position, w[1]))
            head_name = head[1] if head else ""
            rows.append({"id": uid, **self.stamps(), "name": name, "kind": kind, "village_id": self.villages[vi].id,
                         "address": self.villages[vi].name, "head_person_id": head[0] if head else None,
                         "head_name": head_name, "notes": "", "sort_key": sort_key(name),
                         "search_key": search_key(name, head_name)})
        self.insert(Unit, rows)
        self.insert(UnitMember, members)
        return len(rows)

    def staff_occupation(self, kind: str, position: str, occupation: str, education: str) -> tuple[str, str]:
        """The occupation and education a staff member must have for the position."""
        rng = self.rng
        if kind == "school":
            if position == "Nhân viên":
                return "Nhân viên trường học", _at_least(education, "trung_cap")
            return "Giáo viên", _at_least(education, rng.choice(("dai_hoc", "dai_hoc", "dai_hoc", "cao_dang")))
        if kind == "office":
            return "Cán bộ, công chức", _at_least(education, rng.choice(("dai_hoc",) * 8 + ("sau_dai_hoc", "cao_dang")))
        if kind == "health_station":
            if position in ("Trạm trưởng", "Bác sĩ"):
                return "Bác sĩ", _at_least(education, "dai_hoc")
            return position, _at_least(education, rng.choice(("trung_cap", "cao_dang")))
        if position in ("Giám đốc", "Phó Giám đốc"):
            return ("Quản lý hợp tác xã" if kind == "cooperative" else "Quản lý doanh nghiệp",
                    _at_least(education, "cao_dang" if kind == "cooperative" else "dai_hoc"))
        if position == "Kế toán":
            return "Kế toán", _at_least(education, "cao_dang")
        if kind == "enterprise":
            return ("Nhân viên văn phòng", _at_least(education, "thpt")) if position == "Nhân viên" else (
                "Công nhân", education)
        return occupation, education

    # -- signers of the commune profile --

    def make_signers(self) -> None:
        """Signers taken from the registry: the chair and vice-chairs of the People's Committee, the
        centre's director (an office member) and a retired resident as the association's chair."""
        rng = self.rng
        commune = self.commune
        by_position: dict[str, list[str]] = {}
        for position, name in self.officials:
            by_position.setdefault(position, []).append(name)

        def name_for(position: str, k: int = 0) -> str:
            found = by_position.get(position, [])
            return found[k] if len(found) > k else self.invented_name()

        elders = [e for e in self.elders if e[0] not in self.person_updates]
        if elders:
            pid, association_chair, _sex, education = rng.choice(elders)
            self.person_updates[pid] = ("Hưu trí", _at_least(education, "cao_dang"))
        else:
            association_chair = self.invented_name()
        self.signers = (
            SignerData("centre_director", name_for("Giám đốc Trung tâm học tập cộng đồng"),
                       f"Giám đốc Trung tâm học tập cộng đồng xã {commune}"),
            SignerData("chair", name_for("Chủ tịch UBND xã"), f"Chủ tịch UBND xã {commune}"),
            SignerData("vice_chair", name_for("Phó Chủ tịch UBND xã"), f"Phó Chủ tịch UBND xã {commune}"),
            SignerData("vice_chair", name_for("Phó Chủ tịch UBND xã", 1), f"Phó Chủ tịch UBND xã {commune}"),
            SignerData("association_chair", association_chair, f"Chủ tịch Hội Khuyến học xã {commune}"),
        )

    def invented_name(self) -> str:
        """A Kinh name for a signer when the registry is too small to provide one."""
        rng = self.rng
        sex = rng.choice("MF")
        return " ".join((self.family_name("Kinh"), rng.choice(_bag(dn.MIDDLE_NAMES["Kinh"][f"{sex}_old"])),
                         rng.choice(_bag(dn.GIVEN_NAMES["Kinh"][f"{sex}_old"]))))

    def apply_person_updates(self) -> None:
        if not self.person_updates:
            return
        t = Person.__table__
        stmt = (update(t).where(t.c.id == bindparam("b_id"))
                .values(occupation=bindparam("b_occupation"), education_level=bindparam("b_education")))
        self.s.connection().execute(stmt, [
            {"b_id": pid, "b_occupation": occ, "b_education": edu}
            for pid, (occ, edu) in sorted(self.person_updates.items())
        ])


def _at_least(education: str, floor: str) -> str:
    return floor if _EDU_RANK.get(education, -1) < _EDU_RANK[floor] else education


def _short_village_name(name: str) -> str:
    """"Bản Nà Sản" → "Nà Sản"; "Tiểu khu 3" stays (a number alone is no place name)."""
    for word in ("Bản ", "Thôn "):
        if name.startswith(word):
            return name[len(word):]
    return name
