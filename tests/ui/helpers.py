"""What UI tests share: answering modal windows as a person would, reading tables."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from app.services.persons import P_ID, P_NAME, person_rows


@dataclass
class Shown:
    """A modal window as it was when it appeared (a message box is deleted once answered)."""

    widget: QWidget
    title: str
    text: str
    informative: str


def on_next_modal(qtbot, handler, seen: list[Shown] | None = None) -> None:
    """Run ``handler(widget)`` on the next modal window (dialog or message box) once it shows,
    noting in ``seen`` what it said.

    The code under test blocks in ``exec()``; the handler acts like the person at the keyboard.
    If the handler fails, the window is closed with ``done(0)`` so that the test does not hang.
    """

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if w is None or not w.isVisible():
            QTimer.singleShot(20, poll)
            return
        if seen is not None:
            seen.append(Shown(w, w.windowTitle(), getattr(w, "text", str)(), getattr(w, "informativeText", str)()))
        try:
            w.activateWindow()
            qtbot.waitUntil(w.isActiveWindow)
            handler(w)
        except BaseException:
            w.done(0) if isinstance(w, QDialog) else w.close()
            raise

    QTimer.singleShot(0, poll)


def click_button(qtbot, box, text: str) -> None:
    button = next(b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def table_texts(view) -> list[list[str]]:
    model = view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where a person's would go: the open popup list, else the focused widget."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def open_dialog(qtbot, dialog):
    """Show a form as the active window; on teardown it closes without asking about changes."""
    qtbot.addWidget(dialog, before_close_func=lambda d: d.mark_clean())
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def show_page(qtbot, page):
    """Show a registry page at a desktop size as the active window."""
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def person(db, name: str) -> int:
    """The id of the person called ``name`` in the registry."""
    return next(r[P_ID] for r in person_rows(db) if r[P_NAME] == name)
