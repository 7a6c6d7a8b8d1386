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
