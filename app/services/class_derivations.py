"""Derivation kinds fed by classes and attendance, registered with :mod:`app.services.derivations`.

A criteria set's indicator may name one of these kinds; the round's year is the year counted.

* ``classes_completed`` (persons): classes and talks of the year the person completed, against
  ``target`` (default 1). The value is the percentage of the target reached, at most 100 %, so the
  set's bands (in percent) give the points; the explanation states the number itself.
* ``class_sessions_attended`` (persons): sessions of the year the person was present at, against
  ``target`` (default 10), the same way. (Not ``sessions_attended``: the criteria-set tests use
  that name as the example of a kind the program does not know.)
* ``adults_completed_class`` (households, clans, villages, units): the share of the living members
  aged ``min_age`` (default 18) or more (up to ``max_age`` when given) who completed at least
  ``min_classes`` (default 1) classes of the year.
* ``adults_attended_sessions`` (households, clans, villages, units): the share of those members
  present at ``min_sessions`` (default 1) or more sessions of the year.

"Completed" is the rule of :mod:`app.services.class_grid` in SQL: marked completed, or not marked
and present at ``completion_percent`` % or more of the class's sessions (``100 × attended ≥
percent × sessions``). Cancelled classes do not count. The member lists and age conditions are the
derivation module's own helpers, so these kinds count members exactly as the built-in ones do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models import Attendance, Class, ClassSession, Enrolment, Person
from app.services import derivations
from app.services.derivations import Context, DerivationKind


def _completed_enrolments(year: int):
    """(person_id,) of each enrolment of ``year``'s classes the person completed."""
    sessions = select(func.count()).where(ClassSession.class_id == Class.id).correlate(Class).scalar_subquery()
    attended = (select(func.count()).where(Attendance.enrolment_id == Enrolment.id, Attendance.present.is_(True))
                .correlate(Enrolment).scalar_subquery())
    by_rule = and_(Enrolment.completed.is_(None), sessions > 0, attended * 100 >= Class.completion_percent * sessions)
    return (select(Enrolment.person_id).join(Class, Class.id == Enrolment.class_id)
            .where(Class.year == year, Class.cancelled.is_(False), Enrolment.person_id.is_not(None),
                   or_(Enrolment.completed.is_(True), by_rule)))


def _present_marks(year: int):
    """(person_id,) of each present mark at a session held in ``year``."""
    return (select(Enrolment.person_id).join(Attendance, Attendance.enrolment_id == Enrolment.id)
            .join(ClassSession, ClassSession.id == Attendance.session_id)
            .join(Class, Class.id == ClassSession.class_id)
            .where(Attendance.present.is_(True), Enrolment.person_id.is_not(None), Class.cancelled.is_(False),
                   ClassSession.held_on.between(date(year, 1, 1), date(year, 12, 31))))


def _per_person(s: Session, rows, ids: Sequence[int] | None, target: int) -> dict[int, tuple[int, int]]:
    """Person id → (count, max(target, count)) for every person asked for (all when ``ids`` is
    None), so the value is the share of the target reached, capped at 100 %."""
    rows = rows.subquery()
    q = select(rows.c.person_id, func.count()).group_by(rows.c.person_id)
    persons = select(Person.id)
    if ids is not None:
        q, persons = q.where(rows.c.person_id.in_(ids)), persons.where(Person.id.in_(ids))
    counts = dict(s.execute(q).all())
    return {pid: (n, max(target, n)) for pid in s.scalars(persons) for n in (counts.get(pid, 0),)}


def _target(ctx: Context, default: int) -> int:
    return max(1, int(ctx.param("target", default)))


def _count_classes(s, ctx, ids):
    return _per_person(s, _completed_enrolments(ctx.year), ids, _target(ctx, 1))


def _explain_classes(ctx, n, d):
    target = _target(ctx, 1)
    pct = derivations._pct(min(n, target), target)
    return _("Hoàn thành {n} lớp học, chuyên đề năm {year}; yêu cầu {target} ({pct}).").format(
        n=n, year=ctx.year, target=target, pct=pct)


def _count_sessions(s, ctx, ids):
    return _per_person(s, _present_marks(ctx.year), ids, _target(ctx, 10))


def _explain_sessions(ctx, n, d):
    target = _target(ctx, 10)
    pct = derivations._pct(min(n, target), target)
    return _("Dự {n} buổi học năm {year}; yêu cầu {target} buổi ({pct}).").format(
        n=n, year=ctx.year, target=target, pct=pct)


def _members_with(s, ctx, ids, rows, at_least: int):
    qualified = rows.group_by(Enrolment.person_id).having(func.count() >= at_least)
    return derivations._person_counts(s, ctx, ids, Person.id.in_(qualified), derivations._age_filter(ctx, 18, None))


def _count_adults_completed(s, ctx, ids):
    return _members_with(s, ctx, ids, _completed_enrolments(ctx.year), max(1, int(ctx.param("min_classes", 1))))


def _who(ctx) -> str:
    return _("thành viên") if ctx.subject_kind == "unit" else _("người từ {a} tuổi").format(a=ctx.param("min_age", 18))


def _explain_adults_completed(ctx, n, d):
    if not d:
        return _("Không có {who} để tính.").format(who=_who(ctx))
    k = max(1, int(ctx.param("min_classes", 1)))
    return _("{n}/{d} {who} hoàn thành ít nhất {k} lớp học, chuyên đề năm {year} ({pct}).").format(
        n=n, d=d, who=_who(ctx), k=k, year=ctx.year, pct=derivations._pct(n, d))


def _count_adults_sessions(s, ctx, ids):
    return _members_with(s, ctx, ids, _present_marks(ctx.year), max(1, int(ctx.param("min_sessions", 1))))


def _explain_adults_sessions(ctx, n, d):
    if not d:
        return _("Không có {who} để tính.").format(who=_who(ctx))
    k = max(1, int(ctx.param("min_sessions", 1)))
    return _("{n}/{d} {who} dự ít nhất {k} buổi học năm {year} ({pct}).").format(
        n=n, d=d, who=_who(ctx), k=k, year=ctx.year, pct=derivations._pct(n, d))


_GROUPS = frozenset({"household", "clan", "village", "unit"})

derivations.register(DerivationKind("classes_completed", "Số lớp học, chuyên đề đã hoàn thành trong năm",
                                    frozenset({"person"}), (), _count_classes, _explain_classes))
derivations.register(DerivationKind("class_sessions_attended", "Số buổi học đã dự trong năm",
                                    frozenset({"person"}), (), _count_sessions, _explain_sessions))
derivations.register(DerivationKind("adults_completed_class", "Tỷ lệ người lớn hoàn thành lớp học trong năm",
                                    _GROUPS, (), _count_adults_completed, _explain_adults_completed))
derivations.register(DerivationKind("adults_attended_sessions", "Tỷ lệ người lớn có dự buổi học trong năm",
                                    _GROUPS, (), _count_adults_sessions, _explain_adults_sessions))
