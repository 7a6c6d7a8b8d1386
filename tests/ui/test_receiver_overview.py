"""The receiving office's Tổng hợp page draws the area's rates against the office's targets with the
commune dashboard's chart, beside the totals table."""

from __future__ import annotations

import pytest

from app.services import consolidation
from app.services.setup import save_profile
from app.ui.context import UiContext
from app.ui.pages.receiver_overview_page import ReceiverOverviewPage
from tests.receiver_ui.packages import receiver_profile
from tests.receiver_ui.test_consolidation import COMMUNES, OFFICE, TARGETS

pytestmark = pytest.mark.ui


@pytest.fixture
def page(qtbot, db, paths, monkeypatch):
    """The page over Chiềng Mung, Mường Bú and Nà Nghịu's 2026 summaries (Tạ Bú sent nothing),
    summed by the real consolidation."""
    save_profile(db, receiver_profile())
    monkeypatch.setattr(consolidation, "area_summary",
                        lambda _db, year: consolidation.consolidate(year, OFFICE, COMMUNES, TARGETS))
    page = ReceiverOverviewPage(UiContext(db, paths, 2026))
    qtbot.addWidget(page)
    page.resize(1060, 680)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_chart_shows_each_area_rate_summed_over_the_communes_against_the_office_target(page):
    texts = page.chart.texts()

    # 1300 of 2000 households in the three communes: 65 %, 5 points short of the office's 70 %
    assert texts[0] == "Gia đình học tập: 65,0 % · chỉ tiêu 70,0 % · thiếu 5,0 điểm %"
    bars = {bar.label: bar for bar in page.chart.bars}
    assert bars["Gia đình học tập"].detail == "1.300/2.000 công nhận"
    assert (bars["Đơn vị học tập"].rate, bars["Đơn vị học tập"].target) == (78.6, None)
    assert "Đơn vị học tập: 78,6 % · chưa có chỉ tiêu" in texts
    # the citizens are shown per group, each against its own target
    assert bars["Công dân học tập (cộng đồng)"].target == 40.0
    assert bars["Công dân học tập (đơn vị)"].target == 60.0
    # the same figure as the totals table's row
    assert page.totals_model.index(0, 5).data() == "65,0 %"


def test_the_chart_stands_beside_the_totals_table_and_the_communes_table_keeps_its_room(page):
    chart, totals, communes = page.chart, page.totals, page.communes

    assert chart.isVisible() and chart.height() >= chart.sizeHint().height()
    assert chart.geometry().left() >= totals.geometry().right()
    assert chart.geometry().top() == totals.geometry().top()
    assert totals.horizontalScrollBar().maximum() == 0  # every column of the totals is readable
    assert communes.geometry().top() > chart.geometry().bottom()
    assert communes.height() >= 150
