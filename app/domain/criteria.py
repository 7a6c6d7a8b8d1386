"""Criteria sets as plain data: titles, target groups, the parsed set and its consistency checks.

A set arrives as a JSON document in the format of ``resources/criteria/schema.json`` (described in
``docs/criteria-format.md``). :func:`parse_set` turns a schema-valid document into frozen
dataclasses; :func:`check_set` finds what the schema cannot see (points that do not add up,
duplicate codes, a pass rule naming an unknown indicator) and returns Vietnamese messages.
No indicator, point or threshold lives here: they all come from the documents.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.i18n import N_, _, current_language, format_number, format_percent

FORMAT_NAME = "tthtcd-criteria-set"
FORMAT_VERSION = 1

#: Title code → the kind of subject it assesses.
SUBJECT_KINDS: dict[str, str] = {
    "GDHT": "household",
    "DHHT": "clan",
    "CDHT_THON": "village",
    "DVHT": "unit",
    "CDHT_CONG_DAN": "person",
}
TITLES: tuple[str, ...] = tuple(SUBJECT_KINDS)
TITLE_NAMES: dict[str, str] = {
    "GDHT": N_("Gia đình học tập"),
    "DHHT": N_("Dòng họ học tập"),
    "CDHT_THON": N_("Cộng đồng học tập (cấp thôn)"),
    "DVHT": N_("Đơn vị học tập"),
    "CDHT_CONG_DAN": N_("Công dân học tập"),
}
#: Citizen target groups of QĐ 324/QĐ-KHVN (2023).
TARGET_GROUPS: dict[str, str] = {
    "community": N_("Người dân trong xã"),
    "workers": N_("Công nhân, người lao động"),
    "officials": N_("Cán bộ, công chức, viên chức, doanh nhân"),
    "pupils": N_("Học sinh, sinh viên, học viên"),
}
STATUSES: dict[str, str] = {
    "verified": N_("Đã đối chiếu văn bản gốc"),
    "partial": N_("Đối chiếu một phần — kiểm tra nội dung chỉ số"),
    "sample": N_("Bộ tiêu chí mẫu — đối chiếu hướng dẫn của tỉnh trước khi dùng"),
}
SAMPLE_LABEL = N_("Bộ tiêu chí mẫu — đối chiếu hướng dẫn của tỉnh trước khi dùng")
RULE_KINDS = ("points_threshold", "all_targets", "grading_bands")


def title_name(code: str) -> str:
    return _(TITLE_NAMES.get(code, code))


def target_group_name(code: str) -> str:
    return _(TARGET_GROUPS.get(code, code)) if code else ""


@dataclass(frozen=True)
class Band:
    """``points`` when ``min <= value <= max`` (value in percent); the first matching band wins."""

    min: float
    max: float
    points: float


@dataclass(frozen=True)
class Derivation:
    """How an indicator is computed from the program's data: a registered ``kind`` with
    ``params`` (name/value pairs), bands mapping the computed value to points, and the points
    given when the value cannot be computed (nobody to count), None meaning the indicator's max."""

    kind: str
    params: tuple[tuple[str, object], ...]
    bands: tuple[Band, ...]
    empty_points: float | None = None

    def param(self, name: str, default=None):
        return dict(self.params).get(name, default)


@dataclass(frozen=True)
class Indicator:
    code: str
    title_vi: str
    guidance_vi: str
    max_points: float
    mandatory: bool = False
    floor: float | None = None
    derivation: Derivation | None = None
    status: str = ""


@dataclass(frozen=True)
class Criterion:
    code: str
    title_vi: str
    max_points: float
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Precondition:
    code: str
    title_vi: str


@dataclass(frozen=True)
class GradeBand:
    min_total: float
    grade_vi: str


@dataclass(frozen=True)
class Level:
    """A level of an all-targets rule: every listed indicator must reach its target."""

    code: str
    name_vi: str
    targets: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class PassRule:
    kind: str
    min_total: float | None = None
    min_each: float | None = None
    bands: tuple[GradeBand, ...] = ()
    passing_grades: tuple[str, ...] = ()
    levels: tuple[Level, ...] = ()


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    version: int
    title_code: str
    target_group: str
    name_vi: str
    status: str
    total_points: float
    criteria: tuple[Criterion, ...]
    indicators: tuple[Indicator, ...]
    preconditions: tuple[Precondition, ...]
    pass_rule: PassRule
    issuing_document: str = ""
    issuing_date: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    province: str = ""
    sources: tuple[str, ...] = ()
    notes: str = ""

    @property
    def is_sample(self) -> bool:
        return self.status == "sample"

    @property
    def subject_kind(self) -> str:
        return SUBJECT_KINDS[self.title_code]

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _derivation(d: Mapping | None) -> Derivation | None:
    if not d:
        return None
    bands = tuple(Band(float(b["min"]), float(b["max"]), float(b["points"])) for b in d.get("bands", ()))
    empty = d.get("empty_points")
    return Derivation(d["kind"], tuple(sorted((d.get("params") or {}).items())), bands,
                      None if empty is None else float(empty))


def _indicator(d: Mapping) -> Indicator:
    floor = d.get("floor")
    return Indicator(d["code"], d["title_vi"], d.get("guidance_vi", ""), float(d["max_points"]),
                     bool(d.get("mandatory", False)), None if floor is None else float(floor),
                     _derivation(d.get("derivation")), d.get("status", ""))


def _pass_rule(d: Mapping) -> PassRule:
    def num(key):
        return None if d.get(key) is None else float(d[key])

    return PassRule(
        kind=d["kind"], min_total=num("min_total"), min_each=num("min_each"),
        bands=tuple(GradeBand(float(b["min_total"]), b["grade_vi"]) for b in d.get("bands", ())),
        passing_grades=tuple(d.get("passing_grades", ())),
        levels=tuple(Level(lv["code"], lv["name_vi"], tuple((k, float(v)) for k, v in lv.get("targets", {}).items()))
                     for lv in d.get("levels", ())),
    )


def parse_set(doc: Mapping) -> CriteriaSet:
    """The frozen form of a schema-valid document (run :func:`check_set` for consistency)."""
    criteria = tuple(
        Criterion(c["code"], c["title_vi"], float(c["max_points"]), tuple(_indicator(i) for i in c["indicators"]))
        for c in doc["criteria"]
    )
    return CriteriaSet(
        code=doc["code"], version=int(doc.get("version", 1)), title_code=doc["title_code"],
        target_group=doc.get("target_group") or "", name_vi=doc["name_vi"], status=doc["status"],
        total_points=float(doc["total_points"]), criteria=criteria,
        indicators=tuple(i for c in criteria for i in c.indicators),
        preconditions=tuple(Precondition(p["code"], p["title_vi"]) for p in doc.get("preconditions", ())),
        pass_rule=_pass_rule(doc["pass_rule"]), issuing_document=doc.get("issuing_document", ""),
        issuing_date=_date(doc.get("issuing_date")), valid_from=_date(doc.get("valid_from")),
        valid_to=_date(doc.get("valid_to")), province=doc.get("province") or "",
        sources=tuple(doc.get("sources", ())), notes=doc.get("notes", ""),
    )


@lru_cache(maxsize=128)
def parse_document(text: str) -> CriteriaSet:
    """:func:`parse_set` of a stored JSON text, cached (sets are read far more often than written)."""
    return parse_set(json.loads(text))


@lru_cache(maxsize=8192)
def _formatted(value: float, language: str, percent: bool) -> str:
    return format_percent(value) if percent else format_number(value)


def points_text(value: float) -> str:
    """Points as the current language writes them (``7,5``); cached, for bulk recomputation."""
    return _formatted(round(value, 2), current_language(), False)


def percent_text(value: float) -> str:
    """A percentage (``72,5 %``); cached."""
    return _formatted(round(value, 1), current_language(), True)


_n = points_text


def check_set(doc: Mapping, derivations: Mapping[str, frozenset[str]] | None = None) -> list[str]:
    """Consistency problems of a schema-valid document, as Vietnamese messages (empty: fine).

    ``derivations`` maps each known derivation kind to the subject kinds it applies to; when given,
    an indicator naming an unknown kind, or one that does not apply to the set's title, is a problem.
    """
    problems = _check_header(doc)
    try:
        cs = parse_set(doc)
    except ValueError as exc:  # a date that matches the pattern but does not exist
        return problems + [_("Ngày không hợp lệ: {err}.").format(err=exc)]
    problems += _check_codes(cs) + _check_points(cs) + _check_rule(cs)
    for ind in cs.indicators:
        problems += _check_derivation(cs, ind, derivations)
    return problems


def _check_header(doc: Mapping) -> list[str]:
    out = []
    title, group = doc["title_code"], doc.get("target_group") or ""
    if group and title != "CDHT_CONG_DAN":
        out.append(_("Chỉ bộ tiêu chí Công dân học tập mới có nhóm đối tượng (target_group)."))
    vf, vt = doc.get("valid_from"), doc.get("valid_to")
    if vf and vt and vf > vt:
        out.append(_("Ngày hết hiệu lực {to} trước ngày bắt đầu hiệu lực {start}.").format(to=vt, start=vf))
    return out


def _check_codes(cs: CriteriaSet) -> list[str]:
    seen: set[str] = set()
    out = []
    for code in [c.code for c in cs.criteria] + [i.code for i in cs.indicators] + [p.code for p in cs.preconditions]:
        if code in seen:
            out.append(_("Mã “{code}” bị trùng.").format(code=code))
        seen.add(code)
    return out


def _check_points(cs: CriteriaSet) -> list[str]:
    out = []
    for c in cs.criteria:
        s = sum(i.max_points for i in c.indicators)
        if abs(s - c.max_points) > 1e-9:
            out.append(_("Tiêu chí {code}: tổng điểm các chỉ số là {sum}, khác điểm tối đa {max} của tiêu chí.")
                       .format(code=c.code, sum=_n(s), max=_n(c.max_points)))
        for i in c.indicators:
            if i.floor is not None and i.floor > i.max_points:
                out.append(_("Chỉ số {code}: điểm sàn {floor} lớn hơn điểm tối đa {max}.")
                           .format(code=i.code, floor=_n(i.floor), max=_n(i.max_points)))
    total = sum(c.max_points for c in cs.criteria)
    if abs(total - cs.total_points) > 1e-9:
        out.append(_("Tổng điểm các tiêu chí là {sum}, khác tổng điểm của bộ {total}.")
                   .format(sum=_n(total), total=_n(cs.total_points)))
    return out


def _check_rule(cs: CriteriaSet) -> list[str]:
    rule, out = cs.pass_rule, []
    if rule.kind == "points_threshold":
        if rule.min_total is None:
            out.append(_("Quy tắc đạt theo điểm cần mức tổng điểm tối thiểu (min_total)."))
        elif rule.min_total > cs.total_points:
            out.append(_("Mức đạt {min} lớn hơn tổng điểm {total}.").format(min=_n(rule.min_total),
                                                                           total=_n(cs.total_points)))
        if rule.min_each is not None:
            out += [_("Chỉ số {code}: điểm tối đa {max} thấp hơn mức tối thiểu mỗi chỉ số {min}.")
                    .format(code=i.code, max=_n(i.max_points), min=_n(rule.min_each))
                    for i in cs.indicators if i.floor is None and i.max_points < rule.min_each]
    elif rule.kind == "grading_bands":
        grades = {b.grade_vi for b in rule.bands}
        if not rule.bands:
            out.append(_("Quy tắc xếp loại cần ít nhất một mức (bands)."))
        out += [_("Loại đạt “{grade}” không có trong các mức xếp loại.").format(grade=g)
                for g in rule.passing_grades if g not in grades]
        if not rule.passing_grades:
            out.append(_("Quy tắc xếp loại cần nêu loại nào được công nhận (passing_grades)."))
    elif rule.kind == "all_targets":
        for level in rule.levels:
            for code, target in level.targets:
                ind = cs.indicator(code)
                if ind is None:
                    out.append(_("Mức {level}: chỉ số {code} không có trong bộ.").format(level=level.name_vi, code=code))
                elif target > ind.max_points:
                    out.append(_("Mức {level}: chỉ tiêu {target} của chỉ số {code} vượt điểm tối đa {max}.")
                               .format(level=level.name_vi, target=_n(target), code=code, max=_n(ind.max_points)))
    return out


def _check_derivation(cs: CriteriaSet, ind: Indicator, known: Mapping[str, frozenset[str]] | None) -> list[str]:
    d = ind.derivation
    if d is None:
        return []
    out = []
    if known is not None and d.kind not in known:
        out.append(_("Chỉ số {code}: cách tính “{kind}” không có trong chương trình.").format(code=ind.code, kind=d.kind))
    elif known is not None and cs.subject_kind not in known[d.kind]:
        out.append(_("Chỉ số {code}: cách tính “{kind}” không dùng được cho danh hiệu {title}.")
                   .format(code=ind.code, kind=d.kind, title=title_name(cs.title_code)))
    for b in d.bands:
        if b.min > b.max or b.points > ind.max_points or b.points < 0:
            out.append(_("Chỉ số {code}: khoảng {lo}–{hi} → {p} điểm không hợp lệ (điểm tối đa {max}).")
                       .format(code=ind.code, lo=_n(b.min), hi=_n(b.max), p=_n(b.points), max=_n(ind.max_points)))
    if d.empty_points is not None and d.empty_points > ind.max_points:
        out.append(_("Chỉ số {code}: điểm khi không có đối tượng ({p}) vượt điểm tối đa.")
                   .format(code=ind.code, p=_n(d.empty_points)))
    return out


def band_points(d: Derivation, max_points: float, value: float | None) -> float:
    """Points for a computed ``value`` (percent): the first band containing it, 0 when none does;
    ``empty_points`` (default ``max_points``) when the value could not be computed."""
    if value is None:
        return max_points if d.empty_points is None else d.empty_points
    for b in d.bands:
        if b.min <= value <= b.max:
            return b.points
    return 0.0
