"""Counts of the registry, for `python -m app stats` and the status bar."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db.engine import Database
from app.models import Clan, Household, Person, Unit, Village


def registry_counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        def count(model, *where):
            return s.scalar(select(func.count()).select_from(model).where(*where)) or 0

        return {
            "villages": count(Village, Village.active),
            "households": count(Household),
            "persons": count(Person),
            "persons_alive": count(Person, Person.status == "alive"),
            "clans": count(Clan),
            "units": count(Unit),
        }
