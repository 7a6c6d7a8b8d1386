"""Background tasks (app.tasks) when the window that started them has gone away."""

from __future__ import annotations

import pytest
from shiboken6 import delete

from app.tasks import Task

pytestmark = pytest.mark.ui


def test_a_task_whose_window_went_away_finishes_quietly(qapp):
    """Closing the window while the dashboard's figures load deleted the task's signals: the
    worker thread then raised "Signal source has been deleted" on the console."""
    task = Task(lambda report, cancelled: 42)
    delete(task.signals)
    task.run()
    assert task.result == 42 and task.error is None


def test_a_background_read_finishing_after_its_page_closed_touches_nothing(qtbot):
    """The dashboard's figures arrived after its window was gone (the next test's event loop) and
    set a deleted button: "Internal C++ object already deleted"."""
    import threading

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QPushButton, QWidget

    from app.ui.reports.background import BackgroundLoader

    page = QWidget()
    button = QPushButton("Làm mới", page)
    loader = BackgroundLoader(page)
    release, seen = threading.Event(), []
    loader.load(lambda: release.wait(5) and 42, lambda result: (seen.append(result), button.setEnabled(True)))
    page.deleteLater()
    qtbot.waitUntil(lambda: not _alive(button))
    release.set()
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)  # the finished signal is delivered (or, as it must be, dropped)
    assert seen == []


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)
