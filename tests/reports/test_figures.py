"""The annual figures on a commune built by hand (see conftest.py): every number checked."""

from __future__ import annotations

import json

from tests.reports.conftest import YEAR

COLUMNS = ("exist", "registered", "assessed", "recognised", "rate", "target", "gap")


def _row(t: dict) -> tuple:
    return tuple(t[c] for c in COLUMNS)


def test_commune_totals_per_title_with_the_son_la_targets(db, town):
    from app.services.report_figures import annual_summary
    from app.services.targets import apply_preset

    # given the Sơn La plan's targets for the year
    apply_preset(db, "son-la", [YEAR])
    # when the figures are computed
    s = annual_summary(db, YEAR)
    # then each title counts what exists, is registered, scored and recognised, against its target
    titles = {t["code"]: _row(t) for t in s["titles"]}
    assert titles == {
        "GDHT": (4, 3, 3, 1, 25.0, 70.0, -45.0),
        "DHHT": (2, 1, 1, 1, 50.0, 65.0, -15.0),
        "CDHT_THON": (3, 2, 1, 1, 33.3, 65.0, -31.7),
        "DVHT": (2, 2, 2, 1, 50.0, 95.0, -45.0),
        "CDHT_CONG_DAN": (8, 6, 5, 3, 37.5, None, None),
    }
    assert [t["name"] for t in s["titles"]][:2] == ["Gia đình học tập", "Dòng họ học tập"]
    assert s["format"] == "tthtcd-summary" and s["format_version"] == 1 and s["year"] == YEAR
    assert s["commune"] == {"code": "14113", "name": "Xã Chiềng Mung", "province_name": "Sơn La",
                            "centre_name": "Trung tâm học tập cộng đồng xã Chiềng Mung"}


def test_per_village_with_clans_and_a_unit_outside_any_village_last(db, town):
    from app.services.report_figures import annual_summary

    s = annual_summary(db, YEAR)
    rows = {v["name"]: {t["code"]: _row(t)[:5] for t in v["titles"]} for v in s["villages"]}
    assert list(rows) == ["Bản Hồng Mặn", "Bản Nà Sản", "Tiểu khu 3", "Không theo thôn"]
    assert rows["Bản Nà Sản"] == {"GDHT": (2, 2, 2, 1, 50.0), "DHHT": (0, 0, 0, 0, None),
                                  "CDHT_THON": (1, 1, 1, 1, 100.0), "DVHT": (1, 1, 1, 1, 100.0),
                                  "CDHT_CONG_DAN": (5, 4, 3, 2, 40.0)}
    assert rows["Bản Hồng Mặn"] == {"GDHT": (2, 1, 1, 0, 0.0), "DHHT": (0, 0, 0, 0, None),
                                    "CDHT_THON": (1, 1, 0, 0, 0.0), "DVHT": (0, 0, 0, 0, None),
                                    "CDHT_CONG_DAN": (3, 2, 2, 1, 33.3)}
    assert rows["Tiểu khu 3"]["CDHT_THON"] == (1, 0, 0, 0, 0.0)
    assert rows["Tiểu khu 3"]["GDHT"] == (0, 0, 0, 0, None)
    assert rows["Không theo thôn"]["DHHT"] == (2, 1, 1, 1, 50.0)
    assert rows["Không theo thôn"]["DVHT"] == (1, 1, 1, 0, 0.0)
    # village rows carry no target; their sums are the commune's
    assert all(t["target"] is None and t["gap"] is None for v in s["villages"] for t in v["titles"])
    for k, title in enumerate(s["titles"]):
        assert sum(v["titles"][k]["exist"] for v in s["villages"]) == title["exist"]
        assert sum(v["titles"][k]["recognised"] for v in s["villages"]) == title["recognised"]
    nà_sản = next(v for v in s["villages"] if v["name"] == "Bản Nà Sản")
    assert nà_sản["uuid"] and nà_sản["code"] == ""


def test_citizens_by_group_working_age_in_households_and_unit_staff(db, town):
    from app.services.report_figures import annual_summary
    from app.services.targets import apply_preset

    apply_preset(db, "son-la", [YEAR])
    s = annual_summary(db, YEAR)
    # community: An, Ba, Em, Cường, Dũng, Hoa (aged 15–60, living, in active households) — An, Cường, Dũng
    # recognised; units: An, Cường, Hoa — An, Cường recognised
    assert [(c["group"], c["base"], c["recognised"], c["rate"], c["target"], c["gap"]) for c in s["citizens"]] == [
        ("community", 6, 3, 50.0, 40.0, 10.0), ("units", 3, 2, 66.7, 60.0, 6.7)]
    assert s["citizens"][0]["name"] == "Người lao động trong gia đình, dòng họ, cộng đồng"


def test_the_centre_s_classes_by_topic(db, town):
    from app.services.report_figures import annual_summary

    cl = annual_summary(db, YEAR)["classes"]
    # the course: 2 sessions, 3 turnouts (An twice, Ba once); the talk: 30 people counted (An named)
    assert (cl["classes"], cl["talks"], cl["sessions"], cl["turnouts"], cl["learners"]) == (1, 1, 3, 33, 2)
    assert cl["by_topic"] == [
        {"topic": "Chuyển giao khoa học kỹ thuật", "classes": 1, "talks": 0, "sessions": 2, "turnouts": 3, "learners": 2},
        {"topic": "Pháp luật", "classes": 0, "talks": 1, "sessions": 1, "turnouts": 30, "learners": 1},
    ]


def test_the_tt25_self_assessment_computes_what_it_can_and_leaves_the_rest_to_the_officer(db, town):
    from app.services.report_figures import annual_summary

    sa = annual_summary(db, YEAR)["self_assessment"]
    assert sa["document"] == "Thông tư 25/2023/TT-BGDĐT"
    items = {i["code"]: i for c in sa["criteria"] for i in c["items"]}
    assert [c["code"] for c in sa["criteria"]] == ["TC1", "TC2", "TC3", "TC4", "TC5"]
    assert {k: items[k]["value"] for k in ("TC3.1", "TC3.2", "TC3.3", "TC3.4", "TC3.5", "TC3.6")} == {
        "TC3.1": 1, "TC3.2": 1, "TC3.3": 3, "TC3.4": 33, "TC3.5": 2, "TC3.6": 25.0}
    assert [items[f"TC5.{k}"]["value"] for k in range(1, 7)] == [25.0, 50.0, 33.3, 50.0, 50.0, 66.7]
    assert items["TC1.1"]["value"] is None and items["TC1.1"]["computed"] is False
    assert items["TC4.4"]["value"] is None and items["TC3.1"]["computed"] is True


def test_a_year_without_data_reports_zeros_and_no_rates(db, commune):
    from app.services.report_figures import annual_summary

    s = annual_summary(db, 2019)
    assert [(t["exist"], t["registered"], t["recognised"], t["rate"]) for t in s["titles"]] == [
        (0, 0, 0, None), (0, 0, 0, None), (3, 0, 0, 0.0), (0, 0, 0, None), (0, 0, 0, None)]
    assert [(c["base"], c["rate"], c["target"]) for c in s["citizens"]] == [(0, None, None), (0, None, None)]
    assert s["classes"] == {"classes": 0, "talks": 0, "sessions": 0, "turnouts": 0, "learners": 0, "by_topic": []}
    json.dumps(s)  # plain JSON types only


def test_an_empty_database_gives_figures_too(db):
    from app.services.report_figures import annual_summary

    s = annual_summary(db, 2025)
    assert s["commune"]["name"] == "" and s["villages"] == []


def test_the_summary_is_deterministic(db, town):
    from app.services.report_figures import annual_summary

    assert json.dumps(annual_summary(db, YEAR)) == json.dumps(annual_summary(db, YEAR))


def test_year_comparison_gives_the_rate_per_title_for_each_year_with_rounds(db, town):
    from app.services.report_figures import year_comparison
    from app.services.rounds import open_round

    open_round(db, YEAR - 1, "GDHT")
    rows = year_comparison(db)
    assert [y for y, _r in rows] == [YEAR - 1, YEAR]
    assert rows[1][1]["GDHT"] == 25.0 and rows[1][1]["CDHT_CONG_DAN:units"] == 66.7
    assert rows[0][1]["GDHT"] == 0.0 and rows[0][1]["DVHT"] == 0.0


def test_the_class_figures_agree_with_the_centre_s_year_figures(db, town):
    from app.services.class_figures import year_figures
    from app.services.report_figures import annual_summary

    cl, fig = annual_summary(db, YEAR)["classes"], year_figures(db, YEAR)
    t = fig.total
    assert (cl["classes"], cl["talks"], cl["sessions"], cl["turnouts"], cl["learners"]) == (
        t.classes, t.talks, t.sessions, t.turnouts, t.learners)
    assert [(x["topic"], x["turnouts"], x["learners"]) for x in cl["by_topic"]] == [
        (x.topic_name, x.counts.turnouts, x.counts.learners) for x in fig.by_topic if x.counts.sessions]
