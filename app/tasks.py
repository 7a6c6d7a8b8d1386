"""Slow work off the UI thread (QtCore only).

A task is a plain function ``fn(report, cancelled, *args)`` where ``report(done, total)`` tells
progress and ``cancelled()`` says whether to stop. :func:`run_with_progress` runs it on the
global QThreadPool, shows a progress dialog with Cancel after half a second, and returns the
result (or raises the function's exception) on the UI thread once it is done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal()


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any):
        super().__init__()
        self.fn, self.args = fn, args
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            self.result = self.fn(lambda d, t: self.signals.progress.emit(d, t), self._cancel.is_set, *self.args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the UI thread
            self.error = exc
        finally:
            try:
                self.signals.finished.emit()
            except RuntimeError:  # the window (and the signals' owner) went away while this ran
                pass


def run_with_progress(parent, title: str, label: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn`` off the UI thread with a modal progress dialog; return its result.

    Raises the function's exception on the UI thread (the Cancelled exception of the function
    when the user pressed Cancel and the function honoured it).
    """
    from PySide6.QtWidgets import QProgressDialog

    from app.i18n import _

    task = Task(fn, *args)
    task.setAutoDelete(False)
    dialog = QProgressDialog(label, _("Hủy"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(task.cancel)

    def on_progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    loop = QEventLoop()
    task.signals.progress.connect(on_progress)
    task.signals.finished.connect(loop.quit)
    QThreadPool.globalInstance().start(task)
    QTimer.singleShot(0, lambda: None)
    loop.exec()
    dialog.close()
    if task.error is not None:
        raise task.error
    return task.result


class MainThreadGarbageCollector(QObject):
    """Cyclic garbage collection on the UI thread only.

    Python may start a collection on whatever thread allocates; if a worker thread collects a
    cycle holding Qt objects, Qt deletes them off their thread and the process crashes (seen in
    CI on Python 3.13). As Anki does, automatic collection is turned off and a timer on the UI
    thread collects by the same generation thresholds.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start()

    def collect_if_due(self) -> None:
        count0, count1, count2 = gc.get_count()
        if count0 > self.threshold[0]:
            generation = 2 if count2 > self.threshold[2] else 1 if count1 > self.threshold[1] else 0
            gc.collect(generation)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
