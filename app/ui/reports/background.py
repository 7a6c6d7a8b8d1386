"""Run a read off the UI thread without a dialog and hand the result back to a callback on the
UI thread; an older request still under way is ignored when a newer one finishes first."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool

from app.tasks import Task

log = logging.getLogger(__name__)


class BackgroundLoader(QObject):
    """``load(fn, on_done, on_error)``: ``fn()`` runs on the global thread pool; ``on_done(result)``
    or ``on_error(exc)`` then runs on the UI thread, only for the latest request, and never after the
    loader (a child of the page) is gone: the task's signal is connected to a slot of the loader, which
    Qt disconnects when the loader is destroyed — a result arriving after the page closed is dropped."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._generation = 0
        self._pending: dict[QObject, tuple] = {}  # task's signals → (task, generation, on_done, on_error)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def load(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None] | None = None) -> None:
        self._generation += 1
        generation = self._generation
        task = Task(lambda _report, _cancelled: fn())
        task.setAutoDelete(False)
        self._pending[task.signals] = (task, generation, on_done, on_error)
        task.signals.finished.connect(self._on_task_finished)
        QThreadPool.globalInstance().start(task)

    def cancel_pending(self) -> None:
        """Ignore whatever is under way (its result is dropped)."""
        self._generation += 1

    def _on_task_finished(self) -> None:
        pending = self._pending.pop(self.sender(), None)
        if pending is not None:
            self._finished(*pending)

    def _finished(self, task: Task, generation: int, on_done, on_error) -> None:
        if generation != self._generation:
            return
        if task.error is not None:
            log.error("background load failed", exc_info=task.error)
            if on_error is not None:
                on_error(task.error)
            return
        on_done(task.result)
