"""Pass rules and totals: pure functions over a parsed criteria set and a subject's points.

Scores of one assessment are stored as one JSON object, indicator code → entry::

    {"TC1.2": {"p": 8},                                      # typed points
     "TC1.1": {"d": 10, "v": 100.0, "x": "2/2 trẻ …"},       # derived: points, value (%), explanation
     "TC2.2": {"d": 4, "v": 25.0, "x": "…", "p": 7, "r": "…"}}  # derived, overridden with a reason

:func:`effective_points` reads an entry; :func:`evaluate` applies the set's pass rule. Both are
cheap enough to run on every keystroke of a 500-row grid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.criteria import CriteriaSet, Indicator, PassRule, points_text
from app.i18n import _


@dataclass(frozen=True)
class Evaluation:
    """The result of a subject against a set: ``passed`` needs every indicator scored
    (``complete``); ``reasons`` say in Vietnamese why it did not pass (empty when it did)."""

    total: float
    max_total: float
    passed: bool
    grade: str
    complete: bool
    missing: tuple[str, ...]
    reasons: tuple[str, ...]


def effective_points(entry: Mapping | None) -> float | None:
    """Typed or overriding points when present, else the derived points, else None."""
    if not entry:
        return None
    p = entry.get("p")
    return p if p is not None else entry.get("d")


def points_of(cs: CriteriaSet, scores: Mapping[str, Mapping]) -> dict[str, float | None]:
    """Indicator code → effective points, for every indicator of ``cs``."""
    return {i.code: effective_points(scores.get(i.code)) for i in cs.indicators}


_n = points_text


def check_points(ind: Indicator, points: float | None) -> str | None:
    """A message when ``points`` is outside 0..max of ``ind`` (None: acceptable or empty)."""
    if points is None:
        return None
    if points < 0:
        return _("Điểm {p} của chỉ số {code} không được âm.").format(p=_n(points), code=ind.code)
    if points > ind.max_points:
        return _("Điểm {p} vượt quá điểm tối đa {max} của chỉ số {code}.").format(
            p=_n(points), max=_n(ind.max_points), code=ind.code)
    return None


def evaluate(cs: CriteriaSet, points: Mapping[str, float | None],
             preconditions_met: Mapping[str, bool | None] | None = None) -> Evaluation:
    """Total, grade and pass state of ``points`` (indicator code → points or None) under ``cs``.

    Every kind of rule requires all indicators scored, every precondition met and every mandatory
    indicator at its floor (at its maximum when it has no floor). Then ``points_threshold`` needs
    the total at ``min_total`` and each indicator at its floor (its own, else ``min_each``);
    ``all_targets`` needs each indicator at its target (floor, else maximum) or, with levels, the
    first level met (the grade is the highest level met); ``grading_bands`` grades the total by the
    highest band reached and passes the ``passing_grades``.
    """
    values = [points.get(i.code) for i in cs.indicators]
    total = float(sum(v for v in values if v is not None))
    missing = tuple(i.code for i, v in zip(cs.indicators, values, strict=True) if v is None)
    reasons: list[str] = []
    if missing:
        reasons.append(_("Chưa chấm {n} chỉ số: {codes}.").format(n=len(missing), codes=", ".join(missing)))
    reasons += _precondition_reasons(cs, preconditions_met or {})
    reasons += _mandatory_reasons(cs, points)
    grade, rule_reasons = _RULES[cs.pass_rule.kind](cs, cs.pass_rule, points, total)
    reasons += rule_reasons
    return Evaluation(total, cs.total_points, not reasons, grade, not missing, missing, tuple(reasons))


def evaluate_row(cs: CriteriaSet, codes: Sequence[str], row: Sequence[float | None],
                 preconditions_met: Mapping[str, bool | None] | None = None) -> Evaluation:
    """:func:`evaluate` for a grid row: ``row[k]`` holds the points of indicator ``codes[k]``."""
    return evaluate(cs, dict(zip(codes, row, strict=True)), preconditions_met)


def _precondition_reasons(cs: CriteriaSet, met: Mapping[str, bool | None]) -> list[str]:
    return [_("Chưa đáp ứng điều kiện: {title}.").format(title=p.title_vi)
            for p in cs.preconditions if not met.get(p.code)]


def _mandatory_reasons(cs: CriteriaSet, points: Mapping[str, float | None]) -> list[str]:
    out = []
    for ind in cs.indicators:
        p = points.get(ind.code)
        need = ind.floor if ind.floor is not None else ind.max_points
        if ind.mandatory and p is not None and p < need:
            out.append(_("Chỉ số bắt buộc {code} mới được {p}/{max} điểm, cần {need}.").format(
                code=ind.code, p=_n(p), max=_n(ind.max_points), need=_n(need)))
    return out


def _threshold(cs: CriteriaSet, rule: PassRule, points, total: float) -> tuple[str, list[str]]:
    out = []
    if rule.min_total is not None and total < rule.min_total:
        out.append(_("Tổng điểm {total} thấp hơn mức đạt {min}.").format(total=_n(total), min=_n(rule.min_total)))
    for ind in cs.indicators:
        floor = ind.floor if ind.floor is not None else rule.min_each
        p = points.get(ind.code)
        if floor is not None and p is not None and p < floor and not ind.mandatory:
            out.append(_("Chỉ số {code} được {p} điểm, thấp hơn mức tối thiểu {floor}.").format(
                code=ind.code, p=_n(p), floor=_n(floor)))
    return "", out


def _met(points, code: str, target: float) -> bool:
    p = points.get(code)
    return p is not None and p >= target


def _all_targets(cs: CriteriaSet, rule: PassRule, points, total: float) -> tuple[str, list[str]]:
    if not rule.levels:
        out = [_("Chỉ số {code} chưa đạt chỉ tiêu ({p}/{need}).").format(
               code=i.code, p=_n(points.get(i.code) or 0), need=_n(i.floor if i.floor is not None else i.max_points))
               for i in cs.indicators
               if points.get(i.code) is not None and not _met(points, i.code, i.floor if i.floor is not None
                                                              else i.max_points)]
        return "", out
    reached = [lv for lv in rule.levels if all(_met(points, code, t) for code, t in lv.targets)]
    if reached:
        return reached[-1].name_vi, []
    first = rule.levels[0]
    unmet = [code for code, t in first.targets if not _met(points, code, t)]
    return "", [_("Chưa đạt {level}: chỉ số {codes} chưa đạt chỉ tiêu.").format(
        level=first.name_vi, codes=", ".join(unmet))]


def _grading(cs: CriteriaSet, rule: PassRule, points, total: float) -> tuple[str, list[str]]:
    band = next((b for b in sorted(rule.bands, key=lambda b: -b.min_total) if total >= b.min_total), None)
    grade = band.grade_vi if band else ""
    if grade in rule.passing_grades:
        return grade, []
    return grade, [_("Xếp loại “{grade}” chưa đến mức được công nhận ({passing}).").format(
        grade=grade or "—", passing=", ".join(rule.passing_grades))]


_RULES = {"points_threshold": _threshold, "all_targets": _all_targets, "grading_bands": _grading}
