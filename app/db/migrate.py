"""Alembic migrations run from code at start-up.

:func:`upgrade` backs the database up before any upgrade, refuses a database written by a newer
version of the program (:class:`DatabaseTooNew`), turns foreign keys off outside the migration
transaction (batch migrations copy tables), checks ``PRAGMA foreign_key_check`` afterwards and
fails on any orphan.

Alembic itself (≈ 11 MB of memory) is imported only when the database is not at the newest
revision: :func:`upgrade` first compares the stored ``alembic_version`` with the head read from the
``revision = '…'`` / ``down_revision = '…'`` lines of ``migrations/versions/*.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import exc as sa_exc

from app.db.backup import backup_database
from app.db.engine import Database
from app.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


class DatabaseTooNew(RuntimeError):
    """The database was upgraded by a newer version of the program."""

    def __init__(self, revision: str):
        super().__init__(revision)
        self.revision = revision


class MigrationFailed(RuntimeError):
    pass


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db.path}")
    cfg.attributes["engine"] = db.engine
    return cfg


def head_revision(cfg: Config) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _head_from_files() -> str | None:
    """The one revision no other migration names as its ``down_revision`` (None if unclear)."""
    revisions, downs = set(), set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        for kind, value in _REVISION_LINE.findall(path.read_text("utf-8")):
            (revisions if kind == "revision" else downs).add(value)
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    except sa_exc.OperationalError:  # no such table: a new database
        return None
    return rows[0][0] if len(rows) == 1 else None


def upgrade(db: Database, backup_dir: Path | None = None) -> bool:
    """Bring ``db`` to the newest schema; return True when a migration ran.

    Raises DatabaseTooNew when the database's revision is unknown to this program, and
    MigrationFailed when foreign keys are broken after the upgrade.
    """
    stored = _stored_revision(db)
    if stored is not None and stored == _head_from_files():
        return False  # already at the newest schema: no need to load Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(db)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    current = current_revision(db)
    if current == head:
        return False
    if current is not None and current not in {r.revision for r in script.walk_revisions()}:
        raise DatabaseTooNew(current)
    if current is not None and backup_dir is not None:
        backup_database(db.path, backup_dir, f"before-upgrade-{current}")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        orphans = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
    if orphans:
        raise MigrationFailed(f"foreign key check failed after upgrade: {orphans[:5]}")
    return True
