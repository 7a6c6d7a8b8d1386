"""The Settings page: the profile loaded and saved, the language stored, a backup made on demand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app import settings
from app.db import open_database
from app.paths import Paths
from app.services.setup import ProfileData, SignerData, get_profile, save_profile
from app.ui.context import UiContext
from app.ui.pages.settings_page import SettingsPage

pytestmark = pytest.mark.ui

CHIENG_MUNG = ProfileData(
    province_code="14",
    province_name="Sơn La",
    old_province_code="14",
    old_province_name="Sơn La",
    commune_code="14113",
    commune_name="Chiềng Mung",
    commune_kind="xa",
    centre_name="Trung tâm học tập cộng đồng xã Chiềng Mung",
    receiver_office_name="Sở Giáo dục và Đào tạo tỉnh Sơn La",
    signers=(
        SignerData("centre_director", "Lò Văn Pọm", "Giám đốc Trung tâm học tập cộng đồng"),
        SignerData("chair", "Cầm Văn Ún", "Chủ tịch UBND xã"),
        SignerData("vice_chair", "Lường Thị Hoa", "Phó Chủ tịch UBND xã"),
        SignerData("vice_chair", "Quàng Văn Thắng", "Phó Chủ tịch UBND xã"),
        SignerData("vice_chair", "Tòng Văn Khánh", "Phó Chủ tịch UBND xã"),
    ),
)


@pytest.fixture
def paths(tmp_path):
    return Paths(tmp_path)


@pytest.fixture
def ctx(paths):
    db = open_database(paths)
    save_profile(db, CHIENG_MUNG)
    context = UiContext(db, paths)
    yield context
    db.dispose()


@pytest.fixture
def page(qtbot, ctx):
    p = SettingsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1100, 650)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def statuses(ctx):
    seen: list[str] = []
    ctx.status.connect(seen.append)
    return seen


def type_into(qtbot, widget, text):
    """Type ``text`` key by key with its characters (QTest's keyClicks only knows ASCII)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
    qtbot.wait(1)


def replace_text(qtbot, edit, text):
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_into(qtbot, edit, text)


def test_the_saved_profile_is_shown(page):
    f = page.form
    assert f.province.currentText() == "Sơn La"
    assert f.old_province.currentText() == "Sơn La"
    assert f.commune_kind.currentText() == "Xã"
    assert f.commune_name.text() == "Chiềng Mung"
    assert f.commune_code.text() == "14113"
    assert f.centre_name.text() == "Trung tâm học tập cộng đồng xã Chiềng Mung"
    assert f.director.name.text() == "Lò Văn Pọm"
    assert f.chair.name.text() == "Cầm Văn Ún"
    assert [line.name.text() for line in f.vice_chairs.lines()] == ["Lường Thị Hoa", "Quàng Văn Thắng", "Tòng Văn Khánh"]
    assert f.association_chair.name.text() == ""
    assert f.association_chair.position.text() == "Chủ tịch Hội Khuyến học xã"
    assert f.receiver_office_name.text() == "Sở Giáo dục và Đào tạo tỉnh Sơn La"
    titles = [g.title() for g in (page.area_group, page.centre_group, page.signers_group, page.receiver_group)]
    assert titles == ["Địa bàn", "Trung tâm", "Người ký", "Cơ quan tiếp nhận"]


def test_an_edit_is_saved_and_announced(qtbot, page, ctx, statuses):
    # given
    f = page.form
    replace_text(qtbot, f.address, "Bản Nà Sản, xã Chiềng Mung")
    type_into(qtbot, f.association_chair.name, "Lò Thị Xuân")
    f.vice_chairs.remove_line(f.vice_chairs.lines()[2])

    # when
    with qtbot.waitSignal(ctx.data_changed) as changed:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    # then
    assert changed.args == ["profile"]
    assert statuses[-1] == "Đã lưu thông tin xã."
    p = get_profile(ctx.db)
    assert p.address == "Bản Nà Sản, xã Chiềng Mung"
    assert p.signer("association_chair").full_name == "Lò Thị Xuân"
    assert [s.full_name for s in p.signers if s.role == "vice_chair"] == ["Lường Thị Hoa", "Quàng Văn Thắng"]
    assert p.commune_code == "14113"  # untouched fields kept


def test_ctrl_s_saves(qtbot, page, ctx):
    replace_text(qtbot, page.form.phone, "0212 3845 123")

    with qtbot.waitSignal(ctx.data_changed):
        qtbot.keyClick(page.form.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert get_profile(ctx.db).phone == "0212 3845 123"


def test_a_missing_commune_name_is_not_saved(qtbot, page, ctx, statuses):
    page.form.commune_name.clear()

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.form.message("commune_name") == "Hãy nhập tên xã, phường."
    assert get_profile(ctx.db).commune_name == "Chiềng Mung"
    assert statuses[-1] == "Chưa lưu: hãy sửa các mục báo đỏ."


def test_the_language_is_stored_for_the_next_start(qtbot, page, ctx, statuses):
    page.language.setCurrentIndex(page.language.findData("en"))
    page.language.activated.emit(page.language.currentIndex())

    assert settings.get(ctx.db, settings.LANGUAGE) == "en"
    assert "mở lại chương trình" in statuses[-1]


def test_the_data_group_shows_where_the_data_is(page, paths):
    assert page.database_label.text() == str(paths.database)
    assert page.backups_label.text() == str(paths.backups)


def test_backup_now_makes_a_copy_and_says_so(qtbot, page, paths, statuses):
    before = set(paths.backups.glob("*-manual.db"))

    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)

    made = set(paths.backups.glob("*-manual.db")) - before
    assert len(made) == 1
    copy = made.pop()
    assert copy.stat().st_size > 0
    assert statuses[-1] == f"Đã sao lưu: {copy.name}"
    assert copy.name in page.last_backup_label.text()


def test_a_receiving_office_sees_no_commune_signers(qtbot, ctx):
    save_profile(ctx.db, ProfileData(mode="receiver", province_code="14", province_name="Sơn La",
                                     commune_name="Sở Giáo dục và Đào tạo tỉnh Sơn La", commune_kind="",
                                     receiver_office_name="Sở Giáo dục và Đào tạo tỉnh Sơn La"))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()

    assert not page.signers_group.isVisible()
    assert not page.form.commune_name.isVisible()
    assert page.form.receiver_office_name.text() == "Sở Giáo dục và Đào tạo tỉnh Sơn La"
    assert page.save()
    assert get_profile(ctx.db).mode == "receiver"


def test_a_link_to_the_signing_key_scrolls_to_the_key_section(qtbot, page):
    """"Cài đặt → Khóa ký số" links (certificates, data package) land on the key section, not the top."""
    assert page.scroll.verticalScrollBar().value() == 0
    page.select_record("keys")
    qtbot.waitUntil(lambda: page.scroll.verticalScrollBar().value() > 0)
    top = page.keys_group.mapTo(page.scroll.viewport(), page.keys_group.rect().topLeft()).y()
    assert 0 <= top < page.scroll.viewport().height()
    assert page.keys_group.title() == "Khóa ký số"
