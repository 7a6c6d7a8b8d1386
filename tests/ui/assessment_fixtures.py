"""Fixtures shared by the Đánh giá screen tests: a small Gia đình học tập round and its page."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import derivations, rounds
from app.services import households as hh
from app.services.people import PersonInput
from app.ui.context import UiContext

YEAR = 2026


@pytest.fixture(name="round_id")
def round_id_fixture(db, commune) -> int:
    """A Gia đình học tập round of 2026 on the (unconfirmed) sample set with Bản Nà Sản's two
    households registered and their computed indicators filled in."""
    for head in ("Lò Văn Đoàn", "Quàng Thị Xiêng"):
        person = PersonInput(full_name=head, sex="M", birth_year=1980, relation="head", education_level="thpt")
        hh.save_household(db, hh.HouseholdInput(commune["Bản Nà Sản"], (person,)))
    info = rounds.open_round(db, YEAR, "GDHT")
    rounds.register_village(db, info.id, commune["Bản Nà Sản"], date(YEAR, 3, 1), "Cán bộ")
    derivations.recompute(db, YEAR)
    return info.id


@pytest.fixture(name="page")
def page_fixture(qtbot, db, paths, round_id):
    from app.ui.pages.assessment_page import AssessmentPage

    w = AssessmentPage(UiContext(db, paths, YEAR))
    qtbot.addWidget(w)
    w.resize(1180, 700)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w._panel_stale)
    return w
