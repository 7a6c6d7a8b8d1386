"""What UI tests share: answering modal windows as a person would, reading tables."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget


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
