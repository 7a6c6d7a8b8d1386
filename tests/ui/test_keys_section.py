"""Cài đặt → Khóa ký số: create a key (passphrase twice, tested), the slip, change, lost passphrase."""

from __future__ import annotations

import io

import pytest

pytestmark = pytest.mark.ui


@pytest.fixture
def section(qtbot, db, paths, commune):
    from app.ui.context import UiContext
    from app.ui.pages.keys_section import KeysSection

    widget = KeysSection(UiContext(db, paths, 2026))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_without_a_key_only_create_and_restore_are_offered(section):
    assert section.create_button.isVisible() and section.restore_button.isVisible()
    assert not section.slip_button.isVisible()
    assert "chưa có khóa" in section.intro.text()


def test_mismatched_passphrases_are_refused_and_nothing_is_created(qtbot, section, paths):
    from app.services.keys import list_keys
    from app.ui.pages.keys_section import PassphraseDialog

    dialog = PassphraseDialog("Tạo khóa ký số", "…", parent=section)
    qtbot.addWidget(dialog)
    dialog.action = lambda d: section.create_key(d.new.text(), d.again.text())
    dialog.new.setText("Chiềng Mung 2026")
    dialog.again.setText("Chiềng Mung 2025")
    dialog._on_ok()
    assert "không giống nhau" in dialog.problem.text() and dialog.result() == 0
    dialog.again.setText("ngắn")
    dialog.new.setText("ngắn")
    dialog._on_ok()
    assert "ít nhất 8 ký tự" in dialog.problem.text()
    assert list_keys(paths) == []


def test_a_created_key_is_listed_and_its_slip_shows_the_key_id(section, paths, tmp_path):
    from pypdf import PdfReader

    assert section.create_key("Chiềng Mung 2026", "Chiềng Mung 2026") == ""
    key_id = section.table.item(0, 0).text()
    assert section.table.item(0, 2).text() == "Đang dùng" and section.slip_button.isVisible()

    out = tmp_path / "phieu.pdf"
    assert section.write_slip(str(out)) == ""
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert " ".join(key_id[i:i + 4] for i in range(0, 16, 4)) in text


def test_change_passphrase_needs_the_current_one(section):
    section.create_key("Chiềng Mung 2026", "Chiềng Mung 2026")
    assert "Sai mật khẩu" in section.change_passphrase("không đúng đâu", "Mật khẩu mới 2027")
    assert section.change_passphrase("Chiềng Mung 2026", "Mật khẩu mới 2027") == ""


def test_a_lost_passphrase_gives_a_new_key_and_the_old_stays_listed(section):
    section.create_key("Chiềng Mung 2026", "Chiềng Mung 2026")
    old = section.table.item(0, 0).text()
    assert section.create_key("Mật khẩu mới sau khi quên", "Mật khẩu mới sau khi quên", new=True) == ""
    assert section.table.rowCount() == 2
    assert section.table.item(1, 0).text() == old and section.table.item(1, 2).text().startswith("Khóa cũ")
