"""Nhận gói dữ liệu: the dry run shows each package with what it would do — an unregistered
commune's package refused with the reason in Vietnamese, a registered one ready — and Nhập imports
only the accepted one and writes its receipt."""

from __future__ import annotations

import pytest

from app.ui.context import UiContext
from app.ui.pages.receiver_import_page import ReceiverImportPage
from tests.receiver_ui.packages import OFFICE_PASSPHRASE, export_summary, make_commune, make_office
from tests.ui.helpers import show_page, table_texts

pytestmark = pytest.mark.ui


@pytest.fixture
def usb(db, paths, tmp_path):
    """Chiềng Mung (registered) and Nà Nghịu (not registered) each sent their 2026 summary."""
    from app.services.receiver import register_commune

    make_office(db, paths)
    chieng_mung = make_commune(tmp_path, "14113", "Chiềng Mung", paths)
    na_nghiu = make_commune(tmp_path, "14119", "Nà Nghịu", paths)
    register_commune(db, chieng_mung.public_key, "14113", "Xã Chiềng Mung")
    folder = tmp_path / "usb"
    export_summary(chieng_mung, 2026, folder)
    export_summary(na_nghiu, 2026, folder)
    return folder


def test_the_dry_run_lists_a_refused_package_with_its_reason_and_an_accepted_one(qtbot, db, paths, usb, keyboard):
    from app.services.receiver import received_packages
    from app.ui.pages.receiver_import_page import package_files

    page = show_page(qtbot, ReceiverImportPage(UiContext(db, paths, 2026)))
    page.passphrase.setFocus()
    keyboard.type(OFFICE_PASSPHRASE)

    # when: the officer picks the USB folder's packages and checks them
    page.set_files(package_files(usb))

    # then: nothing is written yet, and each package says what it would do
    rows = {r[0]: r for r in table_texts(page.table)}
    assert set(rows) == {"14113_2026_0001.tthtcd.age", "14119_2026_0001.tthtcd.age"}
    ready = rows["14113_2026_0001.tthtcd.age"]
    assert ready[1:6] == ["Xã Chiềng Mung (14113)", "2026", "Số liệu tổng hợp", "1", "Sẽ nhập"]
    refused = rows["14119_2026_0001.tthtcd.age"][5]
    assert refused.startswith("Bị từ chối: ") and "chưa đăng ký" in refused
    assert "chưa đăng ký" in page.detail.text()  # the first refusal is selected, its reason in full
    assert page.import_button.text() == "Nhập 1 gói" and page.import_button.isEnabled()
    assert received_packages(db) == []

    # when
    qtbot.mouseClick(page.import_button, qtbot_left())

    # then: the accepted package is imported with its receipt; the refused one is untouched
    rows = {r[0]: r for r in table_texts(page.table)}
    assert rows["14113_2026_0001.tthtcd.age"][5] == "Đã nhập"
    assert rows["14119_2026_0001.tthtcd.age"][5].startswith("Bị từ chối")
    assert [p.commune_code for p in received_packages(db)] == ["14113"]
    assert page.receipts_button.isVisible()
    assert (page.receipts_folder / "14113_2026_0001.tthtcd-receipt").is_file()
    assert "Đã ghi 1 biên nhận" in page.result_label.text()
    assert not page.import_button.isEnabled()


def test_a_wrong_passphrase_is_said_under_the_field(qtbot, db, paths, usb, keyboard):
    from app.ui.pages.receiver_import_page import package_files

    page = show_page(qtbot, ReceiverImportPage(UiContext(db, paths, 2026)))
    page.passphrase.setFocus()
    keyboard.type("không phải mật khẩu")

    page.set_files(package_files(usb))

    assert page.passphrase_error.text()
    assert not page.import_button.isEnabled()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
