"""In receiving-office mode the window shows the office's areas, not a commune's registry."""

from __future__ import annotations

import pytest

from app.services.setup import save_profile
from app.ui.main_window import MainWindow
from tests.receiver_ui.packages import receiver_profile

pytestmark = pytest.mark.ui


def nav_labels(window) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_a_receiving_office_sees_its_own_areas_and_starts_on_the_consolidated_view(qtbot, db, paths):
    # given: the set-up wizard saved a receiving-office profile
    save_profile(db, receiver_profile())

    # when
    window = MainWindow(db, paths)
    qtbot.addWidget(window)
    window.show()

    # then
    assert nav_labels(window) == ["Tổng hợp", "Nhận gói dữ liệu", "Xã và khóa", "Gói đã nhận", "Khóa của cơ quan",
                                  "Giấy công nhận", "Cài đặt"]
    assert "Hộ gia đình" not in nav_labels(window)
    assert window.stack.currentWidget().title_label.text() == f"Tổng hợp năm {window.ctx.year}"
    assert window.commune_label.text() == "Sở Giáo dục và Đào tạo tỉnh Sơn La"
    assert not window.search.isVisible()


def test_a_commune_keeps_its_registry_areas(qtbot, db, paths, commune):
    window = MainWindow(db, paths)
    qtbot.addWidget(window)

    assert "Hộ gia đình" in nav_labels(window)
    assert "Nhận gói dữ liệu" not in nav_labels(window)


def test_every_receiver_area_opens(qtbot, db, paths):
    save_profile(db, receiver_profile())
    window = MainWindow(db, paths)
    qtbot.addWidget(window)
    window.show()

    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.stack.currentWidget() is window.page(window.areas[row].key)
