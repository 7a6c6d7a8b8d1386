"""The receiving office sums its communes' summaries: counts add up, rates are recomputed from the
sums (not averaged), the office's targets give the gaps, and a commune that sent nothing is listed."""

from __future__ import annotations

from app.services.consolidation import CommuneInput, consolidate, gap_of, rate_of

OFFICE = {"name": "Sở Giáo dục và Đào tạo tỉnh Sơn La", "province_name": "Sơn La"}
TITLE_NAMES = {"GDHT": "Gia đình học tập", "DHHT": "Dòng họ học tập", "CDHT_THON": "Cộng đồng học tập (cấp thôn)",
               "DVHT": "Đơn vị học tập", "CDHT_CONG_DAN": "Công dân học tập"}


def title(code, exist, recognised, registered=None, assessed=None, target=None):
    rate = round(recognised * 100 / exist, 1) if exist else None
    return {"code": code, "name": TITLE_NAMES[code], "exist": exist, "registered": registered or recognised,
            "assessed": assessed or recognised, "recognised": recognised, "rate": rate, "target": target,
            "gap": None}


def summary(code, name, gdht, dhht, thon, dvht, cdht, citizens, classes, year=2026):
    return {
        "format": "tthtcd-summary", "format_version": 1, "year": year,
        "commune": {"code": code, "name": name, "province_name": "Sơn La", "centre_name": f"TTHTCĐ {name}"},
        "titles": [title("GDHT", *gdht, target=80.0), title("DHHT", *dhht), title("CDHT_THON", *thon),
                   title("DVHT", *dvht), title("CDHT_CONG_DAN", *cdht)],
        "villages": [{"name": "Bản Mé", "code": "", "uuid": "x", "titles": []}],
        "citizens": [{"group": "community", "name": "Người dân trong gia đình, cộng đồng", "base": citizens[0],
                      "recognised": citizens[1], "rate": None, "target": None, "gap": None},
                     {"group": "units", "name": "Cán bộ, công chức, viên chức", "base": citizens[2],
                      "recognised": citizens[3], "rate": None, "target": None, "gap": None}],
        "classes": {"classes": classes[0], "talks": classes[1], "sessions": classes[2], "turnouts": classes[3],
                    "learners": classes[4],
                    "by_topic": [{"topic": "Chuyển đổi số", "classes": classes[0], "talks": 0, "sessions": classes[2],
                                  "turnouts": classes[3], "learners": classes[4]},
                                 {"topic": "Xóa mù chữ", "classes": 0, "talks": classes[1], "sessions": 0,
                                  "turnouts": 0, "learners": 0}]},
        "self_assessment": {},
    }


CHIENG_MUNG = summary("14113", "Xã Chiềng Mung", (1200, 900), (40, 30), (12, 9), (8, 8), (3000, 1500),
                      (2500, 1000, 500, 400), (10, 4, 60, 900, 300))
MUONG_BU = summary("14116", "Xã Mường Bú", (800, 400), (20, 5), (10, 4), (6, 3), (2000, 500),
                   (1800, 300, 200, 100), (6, 2, 30, 400, 150))
NA_NGHIU = summary("14119", "Xã Nà Nghịu", (0, 0), (0, 0), (7, 7), (0, 0), (100, 0),
                   (90, 0, 10, 0), (0, 1, 0, 0, 0))

COMMUNES = [
    CommuneInput("14116", "Xã Mường Bú", MUONG_BU, {"package_id": "b", "sequence": 2, "content": "summary",
                                                    "received_at": "2026-11-28T09:00:00+07:00", "sha256": "bb"}),
    CommuneInput("14113", "Xã Chiềng Mung", CHIENG_MUNG, {"package_id": "a", "sequence": 5, "content": "full",
                                                          "received_at": "2026-11-27T10:30:00+07:00", "sha256": "aa"}),
    CommuneInput("14122", "Xã Tạ Bú"),
    CommuneInput("14119", "Xã Nà Nghịu", NA_NGHIU, {"package_id": "c", "sequence": 1, "content": "summary",
                                                    "received_at": "2026-11-29T08:00:00+07:00", "sha256": "cc"}),
]
TARGETS = {"GDHT": 70.0, "DHHT": 65.0, "CDHT_THON": 65.0, "DVHT": None,
           "CDHT_CONG_DAN:community": 40.0, "CDHT_CONG_DAN:units": 60.0}


def by_code(rows):
    return {r["code"]: r for r in rows}


def test_the_area_total_sums_the_communes_and_recomputes_each_rate():
    # when
    area = consolidate(2026, OFFICE, COMMUNES, TARGETS)

    # then: counts summed over the three communes that sent a package
    titles = by_code(area["titles"])
    assert [t["code"] for t in area["titles"]] == ["GDHT", "DHHT", "CDHT_THON", "DVHT", "CDHT_CONG_DAN"]
    assert (titles["GDHT"]["exist"], titles["GDHT"]["recognised"]) == (2000, 1300)
    assert (titles["DHHT"]["exist"], titles["DHHT"]["recognised"]) == (60, 35)
    assert (titles["CDHT_THON"]["exist"], titles["CDHT_THON"]["recognised"]) == (29, 20)
    assert titles["CDHT_CONG_DAN"]["registered"] == 2000  # 1500 + 500 + 0
    # rates from the sums (1300/2000 = 65 %), not the mean of 75 %, 50 % and nothing
    assert titles["GDHT"]["rate"] == 65.0
    assert titles["DHHT"]["rate"] == 58.3
    assert titles["CDHT_THON"]["rate"] == 69.0
    assert titles["DVHT"]["rate"] == 78.6
    # the office's targets, not the communes' own (Chiềng Mung reported 80 % for GĐHT)
    assert (titles["GDHT"]["target"], titles["GDHT"]["gap"]) == (70.0, -5.0)
    assert (titles["CDHT_THON"]["target"], titles["CDHT_THON"]["gap"]) == (65.0, 4.0)
    assert (titles["DVHT"]["target"], titles["DVHT"]["gap"]) == (None, None)


def test_each_commune_is_a_row_with_its_own_rates_against_the_office_targets():
    area = consolidate(2026, OFFICE, COMMUNES, TARGETS)

    rows = area["villages"]
    assert [r["name"] for r in rows] == ["Xã Chiềng Mung", "Xã Mường Bú", "Xã Nà Nghịu"]
    muong_bu = by_code(rows[1]["titles"])
    assert (muong_bu["GDHT"]["rate"], muong_bu["GDHT"]["gap"]) == (50.0, -20.0)
    assert (muong_bu["DHHT"]["rate"], muong_bu["DHHT"]["gap"]) == (25.0, -40.0)
    na_nghiu = by_code(rows[2]["titles"])
    assert na_nghiu["GDHT"]["rate"] is None and na_nghiu["GDHT"]["gap"] is None  # no household counted
    assert rows[0]["package"]["sequence"] == 5
    assert rows[0]["package"]["received_at"] == "2026-11-27T10:30:00+07:00"


def test_a_registered_commune_without_a_package_for_the_year_is_listed_as_missing():
    late = CommuneInput("14125", "Xã Chiềng Sinh", summary("14125", "Xã Chiềng Sinh", (10, 10), (0, 0), (1, 1),
                                                           (0, 0), (0, 0), (0, 0, 0, 0), (0,) * 5, year=2025))
    area = consolidate(2026, OFFICE, [*COMMUNES, late], TARGETS)

    assert area["communes_missing"] == [{"code": "14125", "name": "Xã Chiềng Sinh"},
                                        {"code": "14122", "name": "Xã Tạ Bú"}]
    assert [c["name"] for c in area["communes"]] == [
        "Xã Chiềng Mung", "Xã Chiềng Sinh", "Xã Mường Bú", "Xã Nà Nghịu", "Xã Tạ Bú"]
    assert by_code(area["communes"])["14122"]["package"] is None
    assert by_code(area["titles"])["GDHT"]["exist"] == 2000  # last year's figures are not counted


def test_citizens_and_classes_are_summed_by_group_and_topic():
    area = consolidate(2026, OFFICE, COMMUNES, TARGETS)

    citizens = {c["group"]: c for c in area["citizens"]}
    assert (citizens["community"]["base"], citizens["community"]["recognised"]) == (4390, 1300)
    assert citizens["community"]["rate"] == 29.6
    assert (citizens["community"]["target"], citizens["community"]["gap"]) == (40.0, -10.4)
    assert (citizens["units"]["base"], citizens["units"]["recognised"], citizens["units"]["rate"]) == (710, 500, 70.4)
    classes = area["classes"]
    assert (classes["classes"], classes["talks"], classes["sessions"], classes["turnouts"], classes["learners"]) == (
        16, 7, 90, 1300, 450)
    assert [(t["topic"], t["classes"], t["talks"]) for t in classes["by_topic"]] == [
        ("Chuyển đổi số", 16, 0), ("Xóa mù chữ", 0, 7)]


def test_without_office_targets_the_targets_and_gaps_are_null():
    area = consolidate(2026, OFFICE, COMMUNES, None)

    assert all(t["target"] is None and t["gap"] is None for t in area["titles"])
    assert all(t["target"] is None for row in area["villages"] for t in row["titles"])
    assert area["commune"]["name"] == "Sở Giáo dục và Đào tạo tỉnh Sơn La"


def test_a_year_nobody_reported_gives_zeros_not_errors():
    area = consolidate(2027, OFFICE, [CommuneInput("14122", "Xã Tạ Bú")], TARGETS)

    assert [t["exist"] for t in area["titles"]] == [0, 0, 0, 0, 0]
    assert all(t["rate"] is None for t in area["titles"])
    assert area["villages"] == [] and area["communes_missing"] == [{"code": "14122", "name": "Xã Tạ Bú"}]


def test_rate_and_gap_helpers_round_to_one_decimal():
    assert rate_of(2, 3) == 66.7 and rate_of(5, 0) is None
    assert gap_of(66.7, 70.0) == -3.3 and gap_of(None, 70.0) is None
