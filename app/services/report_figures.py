"""The figures of the annual report (báo cáo kết quả xây dựng các mô hình học tập): per title and
village, the citizens by group, the centre's classes, and the commune's TT 25/2023 self-assessment.

How each figure is counted (also in ``docs/report.md``):

* **exist**: subjects that can be assessed in the year — active households, every clan, active
  villages, every unit, living persons aged 15 or more in the year (by birth year);
* **registered**: subjects with an assessment in one of the year's rounds of the title (citizens:
  all target groups added up); **assessed**: those fully scored; **recognised**: those listed in
  a decision (``decision_id`` set) and passed;
* **rate** = recognised / exist × 100, one decimal, None when nothing exists; **target** from
  :mod:`app.services.targets` (commune rows only); **gap** = rate − target, None without either;
* **citizens by group**: ``community`` — base: living persons of working age (15 to 60 years old in
  the year, :data:`WORKING_AGE`) in the commune's active households, the "người lao động trong gia
  đình, dòng họ, cộng đồng" of the plans; ``units`` — base: living persons listed as members of a
  unit. Recognised: those of the base recognised as Công dân học tập in the year (any target group).
  A staff member who lives in the commune counts in both bases, as the plans set both targets;
* **classes**: :func:`app.services.class_figures.year_figures` (classes, talks, sessions, learner
  turnouts, distinct learners; by topic, topics without activity left out).

Clans belong to no village: the village table has a last row "Không theo thôn" for them (and units
without a village) when there are any. A year without data gives zeros and Nones, never an error.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.criteria import SUBJECT_KINDS, TITLES, title_name
from app.domain.text import sort_key
from app.i18n import N_, _
from app.models import AssessmentRound, Village
from app.models.assessment import SUBJECT_COLUMNS
from app.services.targets import GROUP_NAMES, targets_for

FORMAT_NAME = "tthtcd-summary"
FORMAT_VERSION = 1
#: Working age (years, inclusive) of the base of citizens in families and communities.
WORKING_AGE = (15, 60)
GROUPS = ("community", "units")


def rate_of(recognised: int, base: int) -> float | None:
    """recognised / base in percent, one decimal; None when base is 0."""
    return round(100.0 * recognised / base, 1) if base else None


def gap_of(rate: float | None, target: float | None) -> float | None:
    return round(rate - target, 1) if rate is not None and target is not None else None


@dataclass(frozen=True)
class TitleFigures:
    code: str
    name: str
    exist: int = 0
    registered: int = 0
    assessed: int = 0
    recognised: int = 0
    rate: float | None = None
    target: float | None = None
    gap: float | None = None


@dataclass(frozen=True)
class VillageFigures:
    id: int | None
    name: str
    code: str
    uuid: str | None
    titles: tuple[TitleFigures, ...]


@dataclass(frozen=True)
class CitizenFigures:
    group: str
    name: str
    base: int = 0
    recognised: int = 0
    rate: float | None = None
    target: float | None = None
    gap: float | None = None


@dataclass(frozen=True)
class TopicFigures:
    topic: str
    classes: int = 0
    talks: int = 0
    sessions: int = 0
    turnouts: int = 0
    learners: int = 0


@dataclass(frozen=True)
class ClassFigures:
    classes: int = 0
    talks: int = 0
    sessions: int = 0
    turnouts: int = 0
    learners: int = 0
    by_topic: tuple[TopicFigures, ...] = ()


@dataclass(frozen=True)
class SelfAssessmentItem:
    """One figure of the TT 25/2023 self-assessment: ``value`` computed from the data when
    ``computed``, else None for the officer to fill in."""

    code: str
    name: str
    value: float | None
    unit: str
    computed: bool


@dataclass(frozen=True)
class SelfAssessmentCriterion:
    code: str
    name: str
    items: tuple[SelfAssessmentItem, ...]


@dataclass(frozen=True)
class CommuneInfo:
    code: str
    name: str
    province_name: str
    centre_name: str


@dataclass(frozen=True)
class AnnualFigures:
    year: int
    commune: CommuneInfo
    titles: tuple[TitleFigures, ...]
    villages: tuple[VillageFigures, ...]
    citizens: tuple[CitizenFigures, ...]
    classes: ClassFigures
    self_assessment: tuple[SelfAssessmentCriterion, ...]

    def title(self, code: str) -> TitleFigures:
        return next(t for t in self.titles if t.code == code)

    def to_json(self) -> dict:
        """The summary as plain JSON types (the shape of ``data/summary.json``)."""
        return {
            "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "year": self.year,
            "commune": asdict(self.commune),
            "titles": [asdict(t) for t in self.titles],
            "villages": [{"name": v.name, "code": v.code, "uuid": v.uuid, "titles": [asdict(t) for t in v.titles]}
                         for v in self.villages],
            "citizens": [asdict(c) for c in self.citizens],
            "classes": {**{k: getattr(self.classes, k) for k in ("classes", "talks", "sessions", "turnouts",
                                                                  "learners")},
                        "by_topic": [asdict(t) for t in self.classes.by_topic]},
            "self_assessment": {
                "document": "Thông tư 25/2023/TT-BGDĐT",
                "level": None,
                "period": {"from": f"{self.year}-01-01", "to": f"{self.year}-12-31"},
                "criteria": [{"code": c.code, "name": c.name, "items": [asdict(i) for i in c.items]}
                             for c in self.self_assessment],
            },
        }


# ---------------------------------------------------------------- counting


_SUBJECT_SQL = {
    # kind → (the subjects that exist, by village; the year's assessments of the title, by village)
    "household": ("SELECT village_id, count(*) FROM household WHERE status = 'active' GROUP BY village_id",
                  "JOIN household x ON x.id = a.household_id", "x.village_id"),
    "person": ("SELECT h.village_id, count(*) FROM person p LEFT JOIN household h ON h.id = p.household_id "
               "WHERE p.status = 'alive' AND p.birth_year <= :adult GROUP BY h.village_id",
               "JOIN person x ON x.id = a.person_id LEFT JOIN household h ON h.id = x.household_id", "h.village_id"),
    "clan": ("SELECT NULL, count(*) FROM clan", "", "NULL"),
    "unit": ("SELECT village_id, count(*) FROM unit GROUP BY village_id", "JOIN unit x ON x.id = a.unit_id",
             "x.village_id"),
    "village": ("SELECT id, 1 FROM village WHERE active = 1", "", "a.village_id"),
}
_ASSESSED_SQL = (
    "SELECT {village}, count(*), coalesce(sum(a.complete), 0), "
    "coalesce(sum(a.passed = 1 AND a.decision_id IS NOT NULL), 0) FROM assessment a "
    "JOIN assessment_round r ON r.id = a.round_id {join} "
    "WHERE r.year = :year AND r.title_code = :title AND a.{column} IS NOT NULL GROUP BY {village}"
)
_RECOGNISED_SQL = (
    "SELECT DISTINCT a.person_id FROM assessment a JOIN assessment_round r ON r.id = a.round_id "
    "WHERE r.year = :year AND r.title_code = 'CDHT_CONG_DAN' AND a.decision_id IS NOT NULL AND a.passed = 1"
)
_COMMUNITY_SQL = (
    f"WITH rec AS ({_RECOGNISED_SQL}) SELECT count(*), count(rec.person_id) FROM person p "
    "JOIN household h ON h.id = p.household_id LEFT JOIN rec ON rec.person_id = p.id "
    "WHERE p.status = 'alive' AND h.status = 'active' AND p.birth_year BETWEEN :oldest AND :youngest"
)
_UNITS_SQL = (
    f"WITH rec AS ({_RECOGNISED_SQL}) SELECT count(*), count(rec.person_id) FROM "
    "(SELECT DISTINCT m.person_id FROM unit_member m JOIN person p ON p.id = m.person_id WHERE p.status = 'alive') u "
    "LEFT JOIN rec ON rec.person_id = u.person_id"
)


def _title_counts(s: Session, year: int, title: str) -> dict[int | None, list[int]]:
    """village id → [exist, registered, assessed, recognised] for one title of ``year``: two
    aggregate queries."""
    kind = SUBJECT_KINDS[title]
    exist_sql, join, village = _SUBJECT_SQL[kind]
    per: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for vid, n in s.execute(text(exist_sql), {"adult": year - 15}):
        per[vid][0] += n
    q = _ASSESSED_SQL.format(village=village, join=join, column=SUBJECT_COLUMNS[kind])
    for vid, registered, assessed, recognised in s.execute(text(q), {"year": year, "title": title}):
        c = per[vid]
        c[1] += registered
        c[2] += assessed
        c[3] += recognised
    return per


def _citizens_counts(s: Session, year: int) -> dict[str, tuple[int, int]]:
    """group → (base, recognised in the base)."""
    lo, hi = WORKING_AGE
    params = {"year": year, "oldest": year - hi, "youngest": year - lo}
    community = tuple(s.execute(text(_COMMUNITY_SQL), params).one())
    units = tuple(s.execute(text(_UNITS_SQL), {"year": year}).one())
    return {"community": community, "units": units}


def _commune(db: Database) -> CommuneInfo:
    from app.services.certificate_subjects import commune_code_of
    from app.services.setup import get_profile

    p = get_profile(db)
    if p is None:
        return CommuneInfo("", "", "", "")
    centre = p.centre_name or _("Trung tâm học tập cộng đồng {commune}").format(commune=p.commune_display)
    return CommuneInfo(commune_code_of(p), p.commune_display, p.province_name, centre)


_CLASS_SQL = {
    # per topic, with the definitions of app.services.class_figures (see there)
    "held": "SELECT topic_id, sum(kind != 'talk'), sum(kind = 'talk') FROM learning_class "
            "WHERE year = :year AND cancelled = 0 AND starts_on <= :last GROUP BY topic_id",
    "sessions": "SELECT c.topic_id, count(*), sum(max(coalesce(s.head_count, 0), (SELECT count(*) FROM "
                "class_attendance a WHERE a.session_id = s.id AND a.present = 1))) FROM class_session s "
                "JOIN learning_class c ON c.id = s.class_id WHERE c.cancelled = 0 AND s.held_on BETWEEN :first AND :last "
                "GROUP BY c.topic_id",
    "learners": "SELECT c.topic_id, count(DISTINCT coalesce(e.person_id, -e.id)) FROM class_attendance a "
                "JOIN class_session s ON s.id = a.session_id JOIN learning_class c ON c.id = s.class_id "
                "JOIN class_enrolment e ON e.id = a.enrolment_id WHERE a.present = 1 AND c.cancelled = 0 "
                "AND s.held_on BETWEEN :first AND :last GROUP BY c.topic_id",
    "distinct": "SELECT count(DISTINCT coalesce(e.person_id, -e.id)) FROM class_attendance a "
                "JOIN class_session s ON s.id = a.session_id JOIN learning_class c ON c.id = s.class_id "
                "JOIN class_enrolment e ON e.id = a.enrolment_id WHERE a.present = 1 AND c.cancelled = 0 "
                "AND s.held_on BETWEEN :first AND :last",
}


def _classes(s: Session, year: int, as_of: date | None = None) -> ClassFigures:
    """The centre's classes, talks, sessions, turnouts and distinct learners of ``year`` up to
    ``as_of`` (default: today, or the year's end for a past year), by topic: the totals of
    :func:`app.services.class_figures.year_figures`, counted by SQLite in four aggregate queries."""
    last = min(as_of or date.today(), date(year, 12, 31))
    p = {"year": year, "first": date(year, 1, 1).isoformat(), "last": last.isoformat()}
    per: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for tid, classes, talks in s.execute(text(_CLASS_SQL["held"]), p):
        per[tid][0], per[tid][1] = classes, talks
    for tid, sessions, turnouts in s.execute(text(_CLASS_SQL["sessions"]), p):
        per[tid][2], per[tid][3] = sessions, turnouts
    for tid, learners in s.execute(text(_CLASS_SQL["learners"]), p):
        per[tid][4] = learners
    learners = s.execute(text(_CLASS_SQL["distinct"]), p).scalar() or 0
    topics = s.execute(text("SELECT id, name FROM class_topic ORDER BY sort_order, id")).all()
    by_topic = tuple(TopicFigures(name, *per[tid]) for tid, name in topics if tid in per and any(per[tid]))
    total = [sum(t[i] for t in per.values()) for i in range(4)]
    return ClassFigures(*total, learners, by_topic)


def _title(code: str, c, target: float | None = None, with_target: bool = True) -> TitleFigures:
    rate = rate_of(c[3], c[0])
    return TitleFigures(code, title_name(code), c[0], c[1], c[2], c[3], rate,
                        target if with_target else None, gap_of(rate, target) if with_target else None)


def annual_figures(db: Database, year: int) -> AnnualFigures:
    """The year's figures (see the module documentation). Read-only; about 0.5 s on a commune of
    20,000 households."""
    targets = targets_for(db, year)
    with db.session() as s:
        counts = {t: _title_counts(s, year, t) for t in TITLES}
        villages = s.execute(select(Village.id, Village.name, Village.code, Village.uuid, Village.active)).all()
        citizen_counts = _citizens_counts(s, year)
        classes = _classes(s, year)
    titles = []
    for t in TITLES:
        total = [sum(c[i] for c in counts[t].values()) for i in range(4)]
        target = targets.get(t) if t != "CDHT_CONG_DAN" else None
        titles.append(_title(t, total, target))
    rows = []
    for vid, name, code, uuid, active in sorted(villages, key=lambda v: sort_key(v[1])):
        cells = [counts[t].get(vid, (0, 0, 0, 0)) for t in TITLES]
        if not active and not any(any(c) for c in cells):
            continue
        rows.append(VillageFigures(vid, name, code or "", uuid, tuple(_title(t, c, with_target=False)
                                                                      for t, c in zip(TITLES, cells, strict=True))))
    outside = [counts[t].get(None, (0, 0, 0, 0)) for t in TITLES]
    if any(any(c) for c in outside):
        rows.append(VillageFigures(None, _("Không theo thôn"), "", None,
                                   tuple(_title(t, c, with_target=False) for t, c in zip(TITLES, outside, strict=True))))
    citizens = []
    for g in GROUPS:
        base, n = citizen_counts[g]
        rate, target = rate_of(n, base), targets.get(f"CDHT_CONG_DAN:{g}")
        citizens.append(CitizenFigures(g, _(GROUP_NAMES[g]), base, n, rate, target, gap_of(rate, target)))
    people_15 = titles[TITLES.index("CDHT_CONG_DAN")].exist
    return AnnualFigures(year, _commune(db), tuple(titles), tuple(rows), tuple(citizens), classes,
                         _self_assessment(titles, citizens, classes, people_15))


def annual_summary(db: Database, year: int) -> dict:
    """The figures as JSON types: what ``python -m app report --json`` prints and the data package
    carries as ``data/summary.json``."""
    return annual_figures(db, year).to_json()


# ---------------------------------------------------------------- TT 25/2023


_TC = {
    "TC1": N_("Sự lãnh đạo, chỉ đạo của cấp ủy Đảng, chính quyền cấp xã"),
    "TC2": N_("Huy động nguồn lực và tạo môi trường thuận lợi xây dựng xã hội học tập"),
    "TC3": N_("Hiệu quả hoạt động của Trung tâm học tập cộng đồng, thư viện, trung tâm văn hóa - thể thao cấp xã"),
    "TC4": N_("Kết quả phổ cập giáo dục, xóa mù chữ"),
    "TC5": N_("Tác dụng của việc xây dựng Cộng đồng học tập cấp xã"),
}


def _officer(code: str, name: str, unit: str = "") -> SelfAssessmentItem:
    return SelfAssessmentItem(code, name, None, unit, False)


def _self_assessment(titles: list[TitleFigures], citizens: list[CitizenFigures], classes: ClassFigures,
                     people_15: int) -> tuple[SelfAssessmentCriterion, ...]:
    """The criteria of TT 25/2023 for CĐHT cấp xã with the figures the program can compute (the
    centre's activity, the rates of the learning models); the rest None for the officer."""
    pct = _("%")
    by = {t.code: t for t in titles}
    tc1 = (_officer("TC1.1", _("Tuyên truyền nâng cao nhận thức về học tập suốt đời, xây dựng xã hội học tập")),
           _officer("TC1.2", _("Có chương trình, kế hoạch xây dựng xã hội học tập hằng năm và thực hiện đầy đủ")),
           _officer("TC1.3", _("Kế hoạch, hoạt động Tuần lễ hưởng ứng học tập suốt đời và báo cáo kết quả")))
    tc2 = (_officer("TC2.1", _("Kinh phí ngân sách bố trí cho xây dựng xã hội học tập"), _("đồng")),
           _officer("TC2.2", _("Kinh phí vận động xã hội hóa"), _("đồng")),
           _officer("TC2.3", _("Cơ chế phối hợp giữa Hội Khuyến học, các đoàn thể, cơ sở giáo dục, thiết chế văn hóa")))
    learners_rate = rate_of(classes.learners, people_15)
    tc3 = (SelfAssessmentItem("TC3.1", _("Số lớp học do Trung tâm học tập cộng đồng tổ chức"), classes.classes,
                              _("lớp"), True),
           SelfAssessmentItem("TC3.2", _("Số chuyên đề do Trung tâm học tập cộng đồng tổ chức"), classes.talks,
                              _("chuyên đề"), True),
           SelfAssessmentItem("TC3.3", _("Số buổi học"), classes.sessions, _("buổi"), True),
           SelfAssessmentItem("TC3.4", _("Số lượt người học"), classes.turnouts, _("lượt người"), True),
           SelfAssessmentItem("TC3.5", _("Số người học (không trùng)"), classes.learners, _("người"), True),
           SelfAssessmentItem("TC3.6", _("Tỷ lệ người từ 15 tuổi trở lên tham gia học tập tại Trung tâm"),
                              learners_rate, pct, learners_rate is not None),
           _officer("TC3.7", _("Hoạt động của thư viện, trung tâm văn hóa - thể thao cấp xã")))
    tc4 = (_officer("TC4.1", _("Đạt chuẩn phổ cập giáo dục mầm non cho trẻ em 5 tuổi")),
           _officer("TC4.2", _("Mức độ đạt chuẩn phổ cập giáo dục tiểu học")),
           _officer("TC4.3", _("Mức độ đạt chuẩn phổ cập giáo dục trung học cơ sở")),
           _officer("TC4.4", _("Mức độ đạt chuẩn xóa mù chữ")))
    rates = [(f"TC5.{k}", _("Tỷ lệ {title} được công nhận").format(title=by[code].name), by[code].rate)
             for k, code in enumerate(("GDHT", "DHHT", "CDHT_THON", "DVHT"), 1)]
    rates += [(f"TC5.{k}", _("Tỷ lệ Công dân học tập: {group}").format(group=c.name.lower()), c.rate)
              for k, c in enumerate(citizens, 5)]
    tc5 = tuple(SelfAssessmentItem(code, name, value, pct, value is not None) for code, name, value in rates)
    return tuple(SelfAssessmentCriterion(code, _(_TC[code]), items)
                 for code, items in zip(_TC, (tc1, tc2, tc3, tc4, tc5), strict=True))


# ---------------------------------------------------------------- across years


def data_years(db: Database) -> list[int]:
    """The years with an assessment round, ascending."""
    with db.session() as s:
        return list(s.scalars(select(AssessmentRound.year).distinct().order_by(AssessmentRound.year)))


_EXIST_TOTAL_SQL = {
    "GDHT": "SELECT count(*) FROM household WHERE status = 'active'",
    "DHHT": "SELECT count(*) FROM clan",
    "CDHT_THON": "SELECT count(*) FROM village WHERE active = 1",
    "DVHT": "SELECT count(*) FROM unit",
    "CDHT_CONG_DAN": "SELECT count(*) FROM person WHERE status = 'alive' AND birth_year <= :adult",
}
_RECOGNISED_TOTAL_SQL = (
    "SELECT r.title_code, count(*) FROM assessment a JOIN assessment_round r ON r.id = a.round_id "
    "WHERE r.year = :year AND a.decision_id IS NOT NULL AND a.passed = 1 GROUP BY r.title_code"
)


def year_comparison(db: Database) -> list[tuple[int, dict[str, float | None]]]:
    """(year, rate per key) for every year with a round, ascending: keys are the five title codes
    and ``CDHT_CONG_DAN:community`` / ``CDHT_CONG_DAN:units`` (the same rates as
    :func:`annual_summary`, counted without the per-village detail)."""
    out = []
    with db.session() as s:
        years = list(s.scalars(select(AssessmentRound.year).distinct().order_by(AssessmentRound.year)))
        fixed = {t: s.execute(text(q)).scalar() or 0 for t, q in _EXIST_TOTAL_SQL.items() if t != "CDHT_CONG_DAN"}
        for year in years:
            exist = dict(fixed, CDHT_CONG_DAN=s.execute(text(_EXIST_TOTAL_SQL["CDHT_CONG_DAN"]),
                                                       {"adult": year - 15}).scalar() or 0)
            recognised = dict(s.execute(text(_RECOGNISED_TOTAL_SQL), {"year": year}).all())
            rates: dict[str, float | None] = {t: rate_of(recognised.get(t, 0), exist[t]) for t in TITLES}
            for g, (base, n) in _citizens_counts(s, year).items():
                rates[f"CDHT_CONG_DAN:{g}"] = rate_of(n, base)
            out.append((year, rates))
    return out


def report_year_default(today: date | None = None) -> int:
    """The year a report is usually made for: this year."""
    return (today or date.today()).year
