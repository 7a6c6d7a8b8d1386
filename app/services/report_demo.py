"""Demonstration targets: ``python -m app demo`` sets the Sơn La plan's targets (interpolated) for
the years of its rounds. Importing this module registers :func:`fill_targets` with
:mod:`app.services.demo` (``app.features`` imports it)."""

from __future__ import annotations

import random
from datetime import date

from app.db.engine import Database
from app.services.demo import register_year_filler
from app.services.demo_rounds import PAST_YEARS
from app.services.targets import apply_preset


@register_year_filler
def fill_targets(db: Database, rng: random.Random, report, cancelled) -> None:
    """Targets of the Sơn La preset for the demo's years (the past rounds and this year)."""
    this_year = date.today().year
    apply_preset(db, "son-la", range(this_year - PAST_YEARS, this_year + 1))
