"""UI tests: Qt objects must only ever be garbage-collected on the UI thread."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture(autouse=True, scope="package")
def _collect_on_the_ui_thread():
    """Turn automatic collection off for the UI tests (a worker thread of app.tasks could
    otherwise collect a cycle holding Qt objects) and collect after each test instead."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test():
    yield
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)  # no background read of this test runs into the next
    gc.collect()
