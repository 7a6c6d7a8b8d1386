"""Helpers shared by the assessment tests (import as ``from assessment_helpers import …``)."""

from __future__ import annotations

YEAR = 2025


def score_all(db, assessment_id: int, points: float, skip: tuple[str, ...] = ()) -> None:
    """Type ``points`` (at most the maximum) for every typed (not derived) indicator of an assessment."""
    from app.services.scoring import ScoreChange, score_form, set_scores

    form = score_form(db, assessment_id)
    changes = [ScoreChange(assessment_id, i.code, min(points, i.max_points)) for c in form.criteria
               for i in c.indicators if i.derived is None and i.code not in skip]
    set_scores(db, changes)


def confirm_samples(db) -> None:
    from app.services import criteria_sets

    for info in criteria_sets.list_sets(db):
        if info.needs_confirmation:
            criteria_sets.confirm_set(db, info.id, "Cán bộ xã")
