"""Fixtures of the Excel exchange tests: the workbook builders and a reader of the registry."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "excel"))

import excel_builders as xb  # noqa: E402

TODAY = date(2026, 11, 23)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def registry(db):
    """``registry()``: the households now in ``db`` (see ``excel_builders.registry_of``)."""
    return lambda: xb.registry_of(db)
