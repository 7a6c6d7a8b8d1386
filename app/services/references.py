"""Who refers to a registry record, so that nothing referenced is ever deleted.

Later features (assessments, certificates, classes) register a check with :func:`register`; a
check receives the session, the entity kind (``person``/``household``/``clan``/``unit``/
``village``) and the ids, and returns human-readable reasons (empty when nothing refers to them).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

Check = Callable[[Session, str, list[int]], list[str]]
_checks: list[Check] = []


def register(check: Check) -> Check:
    if check not in _checks:
        _checks.append(check)
    return check


def referring(s: Session, entity: str, ids: list[int]) -> list[str]:
    """Reasons why the records cannot be deleted (empty list: they can)."""
    reasons: list[str] = []
    for check in _checks:
        reasons.extend(check(s, entity, ids))
    return reasons
