"""Xã và khóa: a commune's public key pasted from its slip shows its key id big, in groups, for
comparison with the paper; registered once confirmed; revoked with a reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.crypto.keys import create_key
from app.services.setup import save_profile
from app.ui.context import UiContext
from app.ui.pages.receiver_communes_page import ReceiverCommunesPage
from app.ui.receiver.key_dialogs import RegisterKeyDialog, RevokeKeyDialog
from tests.receiver_ui.packages import receiver_profile
from tests.ui.helpers import click_button, on_next_modal, show_page, table_texts

pytestmark = pytest.mark.ui


@pytest.fixture
def commune_key(tmp_path):
    """Chiềng Mung's key as its program makes it (the comment carries the commune's code)."""
    return create_key(tmp_path / "xa", "mật khẩu của xã", "Xa Chieng Mung 14113")


def test_the_register_dialog_shows_the_key_id_of_a_pasted_public_key(qtbot, db, commune_key):
    dialog = RegisterKeyDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    # when: the officer pastes the key slip's text
    QGuiApplication.clipboard().setText("Khóa công khai của xã Chiềng Mung:\n" + commune_key.public_key_text)
    dialog.text.paste()  # Ctrl+V

    # then
    k = commune_key.key_id
    assert dialog.key_id_label.text() == f"{k[:4]} {k[4:8]} {k[8:12]} {k[12:]}"
    assert dialog.code.text() == "14113"  # read from the key's comment
    assert not dialog.ok_button.isEnabled()  # not before the officer compared it with the slip
    dialog.confirm.setChecked(True)
    assert dialog.ok_button.isEnabled()


def test_a_text_without_a_key_says_so(qtbot, db):
    dialog = RegisterKeyDialog(db)
    qtbot.addWidget(dialog)

    dialog.text.setPlainText("RWxyz")

    assert dialog.key_id_label.text() == "—"
    assert "minisign" in dialog.key_problem.text()
    dialog.confirm.setChecked(True)
    assert not dialog.ok_button.isEnabled()


def test_registering_then_revoking_a_key_from_the_communes_page(qtbot, db, paths, commune_key, keyboard):
    save_profile(db, receiver_profile())
    page = show_page(qtbot, ReceiverCommunesPage(UiContext(db, paths, 2026)))
    assert "Chưa đăng ký xã, phường nào" in page.empty_label.text()

    def register(dialog):
        dialog.text.setPlainText(commune_key.public_key_text)
        dialog.name.setFocus()
        keyboard.type("Xã Chiềng Mung")
        dialog.confirm.setChecked(True)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    on_next_modal(qtbot, register)
    page.add_action.trigger()

    assert table_texts(page.table) == [["14113", "Xã Chiềng Mung", commune_key.key_id, "Đang dùng khóa", "—"]]
    assert page.count_label.text() == "1 xã, phường"

    def revoke(dialog):
        assert isinstance(dialog, RevokeKeyDialog)
        dialog.reason.setFocus()
        keyboard.type("Xã báo mất máy tính giữ khóa")
        click_button(qtbot, dialog, "Thu hồi")

    on_next_modal(qtbot, revoke)
    page.delete_action.trigger()

    row = table_texts(page.table)[0]
    assert row[2:4] == ["—", "Không có khóa dùng được"]
    keys = [[page.keys_table.item(r, c).text() for c in range(4)] for r in range(page.keys_table.rowCount())]
    assert keys[0][1] == "Đã thu hồi" and keys[0][3].endswith("Xã báo mất máy tính giữ khóa")
