"""Tổng quan: the year's recognition rates against the targets, per village, the round's progress,
the report deadline and what is still missing — on a small commune built by hand."""

from __future__ import annotations

from datetime import date

import pytest

from app.ui.context import UiContext
from tests.ui.helpers import table_texts

YEAR = 2026
TODAY = date(2026, 11, 24)


def decided_commune(db, commune) -> dict:
    """Gia đình học tập 2026: Bản Nà Sản has four households (three recognised, one failed),
    Bản Hồng Mặn two (one recognised, one not registered), Tiểu khu 3 none. The commune's
    rate is 4/6 = 66,7 %; Nà Sản 75,0 %, Hồng Mặn 50,0 %."""
    from app.services import decisions, derivations, rounds, scoring
    from app.services import households as hh
    from app.services.people import PersonInput
    from tests.assessment.assessment_helpers import confirm_samples, score_all

    ids: dict[str, int] = {}
    for village, heads in (("Bản Nà Sản", ("Lò Văn Đoàn", "Quàng Thị Xiêng", "Cầm Văn Ún", "Lường Thị Ngọc")),
                           ("Bản Hồng Mặn", ("Hà Văn Thắng", "Điêu Thị Hoa"))):
        for head in heads:
            person = PersonInput(full_name=head, sex="M", birth_year=1980, relation="head", education_level="thpt")
            ids[head] = hh.save_household(db, hh.HouseholdInput(commune[village], (person,))).id
    confirm_samples(db)
    r = rounds.open_round(db, YEAR, "GDHT")
    registered = ("Lò Văn Đoàn", "Quàng Thị Xiêng", "Cầm Văn Ún", "Lường Thị Ngọc", "Hà Văn Thắng")
    added = rounds.register(db, r.id, [ids[h] for h in registered], date(YEAR, 3, 1), "Cán bộ").added
    derivations.recompute(db, YEAR)
    for head, aid in zip(registered, added, strict=True):
        score_all(db, aid, 0 if head == "Lường Thị Ngọc" else 100)
        for p in scoring.score_form(db, aid).preconditions:
            scoring.set_precondition(db, aid, p.code, True)
    decisions.decide(db, r.id, "45/QĐ-UBND", date(YEAR, 11, 20), "Cầm Văn Ún", "Chủ tịch UBND xã")
    return {"round": r.id, "households": ids}


def open_page(qtbot, db, paths, year: int = YEAR, today: date = TODAY):
    from app.ui.pages.overview_page import OverviewPage

    ctx = UiContext(db, paths, year)
    page = OverviewPage(ctx, today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1090, 690)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.show()
    return page


def missing_texts(page) -> list[str]:
    return [line.text() for line in page.missing_lines]


@pytest.fixture(name="decided")
def decided_fixture(db, commune) -> dict:
    return decided_commune(db, commune)


def test_the_dashboard_shows_each_rate_against_its_target_and_the_days_left(qtbot, db, paths, decided):
    from app.services.targets import set_targets

    # given the targets of 2026 (GĐHT 70 %, citizens in the community 40 %)
    set_targets(db, YEAR, {"GDHT": 70, "CDHT_CONG_DAN:community": 40})
    # when the officer opens Tổng quan on 24/11/2026
    page = open_page(qtbot, db, paths)
    # then the title's bar says 4 of 6 households, 66,7 % against 70 %, 3,3 points short
    texts = page.chart.texts()
    assert texts[0] == "Gia đình học tập: 66,7 % · chỉ tiêu 70,0 % · thiếu 3,3 điểm %"
    assert page.chart.bars[0].detail == "4/6 công nhận"
    assert texts[1] == "Dòng họ học tập: — · chưa có số liệu"
    assert texts[2] == "Cộng đồng học tập (cấp thôn): 0,0 % · chưa có chỉ tiêu"
    assert texts[4].startswith("Công dân học tập (cộng đồng): 0,0 % · chỉ tiêu 40,0 % · thiếu 40,0 điểm %")
    assert page.deadline.text().startswith("Hạn nộp báo cáo: 01/12/2026 — ")
    assert "Còn 7 ngày" in page.deadline.text()
    assert page.title.text() == "Tổng quan năm 2026"
    assert not page.hint.isVisible()
    # the round's progress: 5 registered, 5 fully scored, 4 recognised in the decision
    assert table_texts(page.progress)[0] == ["Gia đình học tập", "5", "5", "4"]
    assert missing_texts(page) == ["Không còn việc nào thiếu."]


def test_the_village_table_shows_the_gap_and_sorts(qtbot, db, paths, decided):
    from PySide6.QtCore import QPoint, Qt

    from app.services.targets import set_targets

    set_targets(db, YEAR, {"GDHT": 70})
    page = open_page(qtbot, db, paths)
    view = page.villages
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:2] == ["Thôn, bản", "GĐHT"]
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "Gia đình học tập"
    # Vietnamese order by name: Bản Hồng Mặn, Bản Nà Sản, Tiểu khu 3
    assert [(r[0], r[1]) for r in table_texts(view)] == [
        ("Bản Hồng Mặn", "50,0 % (−20,0)"), ("Bản Nà Sản", "75,0 % ✓"), ("Tiểu khu 3", "—")]
    # the cells are coloured by the gap: green reached, red more than 10 points short
    assert model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole).name() == "#e3f2e5"
    assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole).name() == "#fde2e2"
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "1/2 được công nhận — thiếu 20,0 điểm %"
    # a click on the GĐHT header sorts by the rate; again, the other way; no figure stays last
    header = view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(1) + 5, 5))
    first = [r[0] for r in table_texts(view)]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(1) + 5, 5))
    second = [r[0] for r in table_texts(view)]
    assert {tuple(first), tuple(second)} == {("Bản Hồng Mặn", "Bản Nà Sản", "Tiểu khu 3"),
                                            ("Bản Nà Sản", "Bản Hồng Mặn", "Tiểu khu 3")}


def test_the_deadline_follows_the_setting_and_says_when_it_is_past(qtbot, db, paths, commune):
    from app import settings

    page = open_page(qtbot, db, paths, today=date(2026, 12, 4))
    assert "Quá hạn 3 ngày" in page.deadline.text()
    settings.put(db, settings.REPORT_DEADLINE, "12-15")
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.ctx.changed("settings")
    assert page.deadline.text().startswith("Hạn nộp báo cáo: 15/12/2026")
    assert "Còn 11 ngày" in page.deadline.text()


def test_an_empty_year_shows_zeros_and_a_hint(qtbot, db, paths, commune):
    page = open_page(qtbot, db, paths, year=2031)
    assert page.hint.isVisible() and "Năm 2031 chưa có số liệu đánh giá" in page.hint.text()
    assert page.chart.texts()[2] == "Cộng đồng học tập (cấp thôn): 0,0 % · chưa có chỉ tiêu"
    assert all(row[1:] == ["0", "0", "0"] for row in table_texts(page.progress))
    assert missing_texts(page) == ["Chưa đặt chỉ tiêu năm 2031: bấm để đặt chỉ tiêu",
                                   "Chưa có đối tượng nào đăng ký đánh giá năm 2031"]


def test_what_is_missing_opens_the_screen_that_fixes_it(qtbot, db, paths, commune):
    from PySide6.QtCore import Qt

    from app.services import households as hh
    from app.services import rounds
    from app.services.people import PersonInput

    person = PersonInput(full_name="Lò Văn Đoàn", sex="M", birth_year=1980, relation="head", education_level="thpt")
    household = hh.save_household(db, hh.HouseholdInput(commune["Bản Nà Sản"], (person,))).id
    r = rounds.open_round(db, YEAR, "GDHT")
    rounds.register(db, r.id, [household], date(YEAR, 3, 1), "Cán bộ")
    page = open_page(qtbot, db, paths)
    assert missing_texts(page) == [
        "Chưa đặt chỉ tiêu năm 2026: bấm để đặt chỉ tiêu",
        "Bản Nà Sản: còn 1 đối tượng chưa chấm xong",
        "Gia đình học tập: đã đăng ký 1, chưa chấm điểm",
    ]
    assert page.missing_lines[1].toolTip().startswith("Gia đình học tập: 1\n")
    opened = []
    page.ctx.navigate.connect(lambda key, record: opened.append((key, record)))
    qtbot.mouseClick(page.missing_lines[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.missing_lines[1], Qt.MouseButton.LeftButton)
    assert opened == [("reports", None), ("assessment", None)]


def test_the_dashboard_follows_the_working_year(qtbot, db, paths, decided):
    page = open_page(qtbot, db, paths)
    assert page.chart.texts()[0].startswith("Gia đình học tập: 66,7 %")
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.ctx.set_year(2027)
    assert page.title.text() == "Tổng quan năm 2027"
    assert page.chart.texts()[0].startswith("Gia đình học tập: 0,0 %")
    assert "01/12/2027" in page.deadline.text()


def test_the_window_opens_the_targets_from_the_dashboard(qtbot, db, paths, commune):
    from PySide6.QtCore import Qt

    from app.ui.main_window import MainWindow
    from app.ui.pages.overview_page import OverviewPage
    from app.ui.pages.reports_page import ReportsPage

    window = MainWindow(db, paths)
    qtbot.addWidget(window)
    window.ctx.set_year(YEAR)
    window.show()
    window.open_record("overview", None)
    page = window.page("overview")
    assert isinstance(page, OverviewPage)
    qtbot.waitUntil(lambda: bool(page.missing_lines))
    qtbot.mouseClick(page.missing_lines[0], Qt.MouseButton.LeftButton)
    reports = window.stack.currentWidget()
    assert isinstance(reports, ReportsPage)
    assert reports.tabs.currentWidget() is reports.targets


def test_a_database_without_a_commune_shows_zeros_not_an_error(qtbot, db, paths):
    page = open_page(qtbot, db, paths)
    assert page.hint.isVisible()
    assert page.chart.texts()[0] == "Gia đình học tập: — · chưa có số liệu"
    assert page.villages.model().rowCount() == 0
    assert "Còn 7 ngày" in page.deadline.text()
