"""The SQLite engine, its pragmas, and the session-per-unit-of-work helper.

One :class:`Database` per database file. Services take a ``Database`` and open a session per
unit of work with :meth:`Database.session`; a session commits when its block ends normally and
rolls back when it raises, so every write is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def _set_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


class Database:
    """A database file with its engine and session factory."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.engine = make_engine(self.path)
        self._factory = sessionmaker(self.engine, expire_on_commit=False, future=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one unit of work: commit on success, roll back on any exception."""
        s = self._factory()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def optimize(self) -> None:
        """Refresh the planner statistics (after imports or generated data)."""
        with self.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA optimize")

    def dispose(self) -> None:
        self.engine.dispose()
