"""The demo fills four past years of decided rounds and the current year partly scored."""

from __future__ import annotations

from datetime import date

from app.services import decisions, demo, rounds


def test_demo_rounds_for_five_years(db, monkeypatch):
    # the filler registers itself on import; keep it out of other tests' demo runs
    monkeypatch.setattr(demo, "FILLERS", list(demo.FILLERS))
    from app.services.demo_rounds import fill_rounds

    demo.register_year_filler(fill_rounds)
    demo.generate(db, 150, seed=3)
    year = date.today().year
    titles = {r.title_code for r in rounds.list_rounds(db, year - 1)}
    assert titles == {"GDHT", "DHHT", "CDHT_THON", "DVHT", "CDHT_CONG_DAN"}
    for y in range(year - 4, year):
        assert decisions.list_decisions(db, y), y
        gdht = next(t for t in decisions.overview(db, y) if t.title_code == "GDHT").counts
        assert 0 < gdht.decided == gdht.passed < gdht.registered <= gdht.exist
    now = next(t for t in decisions.overview(db, year) if t.title_code == "GDHT").counts
    assert now.decided == 0 and 0 < now.scored < now.registered
    assert decisions.list_decisions(db, year) == []
