"""What every page is given: the database, the data paths, the working year and app-wide signals."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal

from app.db.engine import Database
from app.paths import Paths


class UiContext(QObject):
    """Passed to each page's constructor from ``application.py`` (no global registry).

    ``data_changed(kind)`` is emitted after a write service returns (``kind`` names what changed:
    ``household``, ``person``, ``village``, ``clan``, ``unit``, ``profile``); pages refresh
    themselves if they care. ``status(text)`` puts the result of the last action in the status bar.
    """

    data_changed = Signal(str)
    status = Signal(str)
    year_changed = Signal(int)
    navigate = Signal(str, object)  # page key, record id

    def __init__(self, db: Database, paths: Paths, year: int | None = None):
        super().__init__()
        self.db = db
        self.paths = paths
        self._year = year or date.today().year

    @property
    def year(self) -> int:
        return self._year

    def set_year(self, year: int) -> None:
        if year != self._year:
            self._year = year
            self.year_changed.emit(year)

    def changed(self, kind: str, message: str | None = None) -> None:
        self.data_changed.emit(kind)
        if message:
            self.status.emit(message)
