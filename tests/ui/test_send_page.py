"""Gửi dữ liệu: the officer exports the year's package with the wizard, sees it listed, then imports
the receiving office's receipt."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.exchange.package_helpers import *  # noqa: F403 - the fixtures
from tests.exchange.package_helpers import OFFICE, PASSPHRASE

pytestmark = pytest.mark.ui


@pytest.fixture
def ctx(demo_db, paths):
    from app.ui.context import UiContext

    return UiContext(demo_db, paths, 2025)


@pytest.fixture
def page(qtbot, ctx):
    from app.ui.pages.send_page import SendPage

    widget = SendPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _texts(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_an_empty_list_says_what_to_do(page):
    assert page.empty.isVisible() and "Xuất gói dữ liệu" in page.empty.text()
    assert "Chưa có khóa nhận" in page.receiver_label.text()


def test_the_wizard_shows_what_leaves_the_commune_then_writes_the_package(qtbot, page, ctx, commune_key, tmp_path,
                                                                         office_identity):
    from app.services.packages import set_receiver
    from app.ui.send.export_wizard import ExportWizard

    set_receiver(ctx.db, OFFICE, str(office_identity.to_public()))
    usb = tmp_path / "USB"
    usb.mkdir()
    wizard = ExportWizard(ctx, page)
    qtbot.addWidget(wizard)
    wizard.show()

    # page 1: year and content
    assert OFFICE in wizard.content_page.recipient.text()
    wizard.content_page.full.setChecked(True)
    wizard.next()

    # page 2: the personal data in plain words
    text = wizard.privacy_page.lines.text()
    assert "Số định danh cá nhân (CCCD)" in text and "nhân khẩu" in text
    assert "14113_2025_0001.tthtcd.age" in wizard.privacy_page.target.text()
    assert wizard.privacy_page.isComplete()
    wizard.next()

    # page 3: a wrong passphrase first
    wizard.sign_page.folder.setText(str(usb))
    wizard.sign_page.passphrase.setText("sai mật khẩu rồi")
    wizard.next()
    assert wizard.currentPage() is wizard.sign_page
    assert "Sai mật khẩu" in wizard.sign_page.problem.text()
    assert list(usb.iterdir()) == []

    wizard.sign_page.passphrase.setText(PASSPHRASE)
    wizard.next()

    # page 4: the result
    assert wizard.currentPage() is wizard.result_page
    info = wizard.result
    assert info.file_name in wizard.result_page.summary.text() and (usb / info.file_name).is_file()
    assert wizard.result_page.sha.text() == info.sha256
    page.reload()
    row = _texts(page.table)[0]
    assert row[:4] == ["1", "2025", "Đầy đủ", "14113_2025_0001.tthtcd.age"] and row[-1] == "Đã gửi"


def test_full_without_a_recipient_cannot_go_past_the_privacy_page(qtbot, page, ctx, commune_key):
    from app.ui.send.export_wizard import ExportWizard

    wizard = ExportWizard(ctx, page)
    qtbot.addWidget(wizard)
    wizard.show()
    assert "Chưa có khóa nhận" in wizard.content_page.recipient.text()
    wizard.content_page.full.setChecked(True)
    wizard.next()
    assert not wizard.privacy_page.isComplete()
    assert "chỉ được ghi khi đã mã hóa" in wizard.privacy_page.refusal.text()


def test_a_receipt_marks_the_package_received(qtbot, page, ctx, paths, commune_key, tmp_path):
    from app.crypto import keys
    from app.exchange.receipts import Receipt, write_receipt
    from app.services.packages import export_package

    usb = tmp_path / "USB"
    usb.mkdir()
    info = export_package(ctx.db, paths, 2025, "summary", usb, PASSPHRASE)
    keys.create_key(tmp_path / "office", "mật khẩu cơ quan")
    secret = keys.load_secret(tmp_path / "office", "mật khẩu cơ quan")
    receipt = Receipt(info.package_id, info.file_name, info.sha256, "14113", 2025, 1, "2026-11-25T09:30:00+07:00",
                      "imported", None, OFFICE, secret.key_id)
    file = tmp_path / "14113_2025_0001.tthtcd-receipt"
    file.write_bytes(write_receipt(receipt, secret))
    page.reload()
    assert _texts(page.table)[0][-1] == "Đã gửi"

    assert page.import_receipt_file(str(file)).status == "received"
    assert _texts(page.table)[0][-1] == "Đã nhận biên nhận"
    assert "1 gói đã gửi, 1 gói đã có biên nhận" == page.count_label.text()

    refused = tmp_path / "refused.tthtcd-receipt"
    refused.write_bytes(write_receipt(replace(receipt, result="refused", reason="Gói cũ hơn gói đã nhận."), secret))
    from tests.ui.helpers import on_next_modal

    seen = []
    on_next_modal(qtbot, lambda box: box.accept(), seen)
    page.import_receipt_file(str(refused))
    assert "Gói cũ hơn gói đã nhận." in seen[0].text
    assert _texts(page.table)[0][-1] == "Bị từ chối: Gói cũ hơn gói đã nhận."


def test_the_receiver_dialog_reads_a_pasted_key_and_tests_it(qtbot, ctx, office_identity):
    from app.services.packages import receiver_config
    from app.ui.send.receiver_dialog import ReceiverDialog

    dialog = ReceiverDialog(ctx)
    qtbot.addWidget(dialog)
    recipient = str(office_identity.to_public())
    assert not dialog.load_text("age1 không phải khóa")
    assert dialog.recipient_problem.isVisibleTo(dialog)
    assert dialog.load_text(f"  {recipient}\n")
    assert dialog.test_encryption() and "thành công" in dialog.test_result.text()
    dialog.office.setText(OFFICE)
    assert dialog.save()
    assert receiver_config(ctx.db).age_recipient == recipient
