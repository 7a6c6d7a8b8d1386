"""Opening the database: create the data folder, back up, migrate to head."""

from __future__ import annotations

from app.db.engine import Database
from app.db.migrate import DatabaseTooNew, MigrationFailed, upgrade
from app.paths import Paths, ensure

__all__ = ["Database", "DatabaseTooNew", "MigrationFailed", "open_database"]


def open_database(paths: Paths) -> Database:
    """The migrated database of ``paths`` (created on first use). Raises DatabaseTooNew."""
    ensure(paths)
    db = Database(paths.database)
    try:
        upgrade(db, paths.backups)
    except Exception:
        db.dispose()
        raise
    return db
