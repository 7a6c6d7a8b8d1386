"""What the class screens read beside the core class services: the sessions held so far per
class of a year (for the list's "held / planned" column). A person's classes are
:func:`app.services.class_enrolment.person_classes`. Each function opens its own session.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.db.engine import Database
from app.models import Class, ClassSession


def sessions_held(db: Database, year: int, as_of: date | None = None) -> dict[int, int]:
    """Class id → sessions held on or before ``as_of`` (today), for the classes of ``year`` that
    have any. One grouped query."""
    as_of = as_of or date.today()
    q = (select(ClassSession.class_id, func.count()).join(Class, Class.id == ClassSession.class_id)
         .where(Class.year == year, ClassSession.held_on <= as_of).group_by(ClassSession.class_id))
    with db.session() as s:
        return dict(s.execute(q).all())
