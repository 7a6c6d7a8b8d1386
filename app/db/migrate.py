"""Alembic migrations run from code at start-up.

:func:`upgrade` backs the database up before any upgrade, refuses a database written by a newer
version of the program (:class:`DatabaseTooNew`), turns foreign keys off outside the migration
transaction (batch migrations copy tables), checks ``PRAGMA foreign_key_check`` afterwards and
fails on any orphan.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.db.backup import backup_database
from app.db.engine import Database
from app.paths import migrations_dir


class DatabaseTooNew(RuntimeError):
    """The database was upgraded by a newer version of the program."""

    def __init__(self, revision: str):
        super().__init__(revision)
        self.revision = revision


class MigrationFailed(RuntimeError):
    pass


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db.path}")
    cfg.attributes["engine"] = db.engine
    return cfg


def head_revision(cfg: Config) -> str:
    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, backup_dir: Path | None = None) -> bool:
    """Bring ``db`` to the newest schema; return True when a migration ran.

    Raises DatabaseTooNew when the database's revision is unknown to this program, and
    MigrationFailed when foreign keys are broken after the upgrade.
    """
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
