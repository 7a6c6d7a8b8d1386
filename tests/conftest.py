"""Shared fixtures: a fresh migrated database in a temporary data folder, and a small commune."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def paths(tmp_path, monkeypatch):
    from app import paths as app_paths

    monkeypatch.setenv("APP_DATA_DIR", str(tmp_path / "data"))
    app_paths.configure(None)
    return app_paths.ensure(app_paths.current())


@pytest.fixture
def db(paths):
    from app.db import open_database

    database = open_database(paths)
    yield database
    database.dispose()


@pytest.fixture
def commune(db):
    """A commune with three villages (Bản Nà Sản, Bản Hồng Mặn, Tiểu khu 3); returns {name: village id}."""
    from app.services.setup import ProfileData, SignerData, save_profile
    from app.services.villages import list_villages

    save_profile(
        db,
        ProfileData(
            province_code="14", province_name="Sơn La", old_province_code="14", old_province_name="Sơn La",
            commune_code="14113", commune_name="Chiềng Mung", centre_name="Trung tâm học tập cộng đồng xã Chiềng Mung",
            receiver_office_name="Sở Giáo dục và Đào tạo tỉnh Sơn La",
            signers=(SignerData("chair", "Cầm Văn Ún", "Chủ tịch UBND xã"),
                     SignerData("centre_director", "Lò Văn Pọm", "Giám đốc")),
        ),
        villages=["Bản Nà Sản", "Bản Hồng Mặn", "Tiểu khu 3"],
    )
    return {v.name: v.id for v in list_villages(db)}


class Keyboard:
    """Types into the widget that has the focus, as a person (or Unikey) would.

    QTest.keyClicks asserts on non-ASCII characters, so Vietnamese letters are sent as key
    events that carry the text, which is what an input method delivers.
    """

    def __init__(self, qtbot):
        self.qtbot = qtbot

    @staticmethod
    def focus():
        from PySide6.QtWidgets import QApplication

        return QApplication.focusWidget()

    def type(self, text: str, widget=None) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        for ch in text:
            target = widget or self.focus()
            if ch.isascii() and (ch.isalnum() or ch in " /.,-:;'()"):
                self.qtbot.keyClicks(target, ch)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))

    def key(self, k, modifier=None, widget=None) -> None:
        from PySide6.QtCore import Qt

        self.qtbot.keyClick(widget or self.focus(), k, modifier or Qt.KeyboardModifier.NoModifier)


@pytest.fixture
def keyboard(qtbot):
    return Keyboard(qtbot)


@pytest.fixture(autouse=True, scope="session")
def _features():
    """Register every feature's hooks, as the program does at start."""
    from app import features

    features.load()
