"""Targets typed in or taken from the presets, interpolated between the plan's years."""

from __future__ import annotations

import pytest


def test_the_presets_ship_the_plans_of_son_la_bac_kan_and_the_nation():
    from app.services.targets import PRESETS, TARGET_KEYS, preset

    assert [p.id for p in PRESETS] == ["son-la", "bac-kan", "national-387"]
    son_la = preset("son-la")
    assert son_la.year_list == (2025, 2030)
    assert dict(dict(son_la.years)[2025]) == {"GDHT": 70, "DHHT": 65, "CDHT_THON": 65, "DVHT": 95,
                                              "CDHT_CONG_DAN:community": 40, "CDHT_CONG_DAN:units": 60}
    assert dict(dict(preset("bac-kan").years)[2030])["DVHT"] == 95
    assert preset("national-387").year_list == (2025,)
    assert all(set(dict(v)) == set(TARGET_KEYS) for p in PRESETS for _y, v in p.years)


def test_a_preset_interpolates_the_years_between_and_takes_the_nearest_outside(db):
    from app.services.targets import apply_preset, target_sources, target_years, targets_for

    done = apply_preset(db, "son-la", range(2024, 2031))
    assert sorted(done) == list(range(2024, 2031))
    assert targets_for(db, 2027) == {"GDHT": 74.0, "DHHT": 69.0, "CDHT_THON": 69.0, "DVHT": 97.0,
                                     "CDHT_CONG_DAN:community": 48.0, "CDHT_CONG_DAN:units": 68.0}
    assert targets_for(db, 2024)["GDHT"] == 70.0  # before 2025: the 2025 figures
    assert target_sources(db, 2025)["GDHT"] == "son-la"
    assert target_sources(db, 2027)["GDHT"] == "son-la:interpolated"
    assert target_sources(db, 2024)["GDHT"] == "son-la:nearest"
    assert target_years(db) == list(range(2024, 2031))


def test_without_interpolation_only_the_plan_s_years_are_set(db):
    from app.services.targets import apply_preset, target_years

    assert sorted(apply_preset(db, "bac-kan", range(2025, 2031), interpolate=False)) == [2025, 2030]
    assert target_years(db) == [2025, 2030]


def test_typed_targets_override_and_remember_their_source(db):
    from app.services.targets import apply_preset, set_targets, source_label, target_sources, targets_for

    apply_preset(db, "national-387", [2025])
    set_targets(db, 2025, {"GDHT": 72.5, "DVHT": None})
    t = targets_for(db, 2025)
    assert t["GDHT"] == 72.5 and t["DVHT"] is None and t["DHHT"] == 65.0
    sources = target_sources(db, 2025)
    assert sources["GDHT"] == "typed" and "DVHT" not in sources
    assert source_label(sources["GDHT"]) == "Nhập tay"
    assert source_label("son-la:interpolated") == "Sơn La — Kế hoạch xây dựng xã hội học tập 2021–2030 (nội suy)"


def test_a_target_outside_0_to_100_or_an_unknown_key_is_refused(db):
    from app.services.errors import ValidationFailed
    from app.services.targets import set_targets, targets_for

    with pytest.raises(ValidationFailed) as exc:
        set_targets(db, 2025, {"GDHT": 120, "XYZ": 5})
    assert "từ 0 đến 100" in str(exc.value) and "XYZ" in str(exc.value)
    assert targets_for(db, 2025)["GDHT"] is None


def test_the_report_text_has_defaults_and_is_saved_per_year(db, commune):
    from app.services.targets import ReportText, report_text, save_report_text

    default = report_text(db, 2025)
    assert default.signer_name == "Cầm Văn Ún"
    assert default.recipient_lines[0] == "Sở Giáo dục và Đào tạo tỉnh Sơn La (để báo cáo)"
    save_report_text(db, 2025, ReportText(number="45/BC-UBND", achievements="Tỷ lệ hộ đạt tăng.",
                                          recipients="Sở GD&ĐT\nLưu: VT", signer_name="Cầm Văn Ún",
                                          signer_position="Chủ tịch UBND xã"))
    saved = report_text(db, 2025)
    assert saved.number == "45/BC-UBND" and saved.recipient_lines == ("Sở GD&ĐT", "Lưu: VT")
    assert report_text(db, 2026).number == ""


def test_the_demo_sets_the_son_la_targets_for_its_years(db):
    from datetime import date

    from app import features
    from app.services import demo
    from app.services.targets import target_sources, target_years, targets_for

    features.load()
    demo.generate(db, 30, seed=1)
    this_year = date.today().year
    assert target_years(db) == list(range(this_year - 4, this_year + 1))
    assert target_sources(db, this_year)["GDHT"].startswith("son-la")
    assert 70 <= targets_for(db, this_year)["GDHT"] <= 80
