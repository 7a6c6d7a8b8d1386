"""The schema comes from Alembic migrations, and they match the models exactly."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.db import DatabaseTooNew, open_database
from app.db.engine import Database
from app.db.migrate import upgrade
from app.models import Base
from app.paths import Paths


def test_empty_database_migrated_to_head_matches_the_models(tmp_path):
    db = open_database(Paths(tmp_path))
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    db.dispose()


def test_pragmas_wal_full_sync_and_foreign_keys(tmp_path):
    db = open_database(Paths(tmp_path))
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_second_start_runs_no_migration_and_makes_no_backup(tmp_path):
    paths = Paths(tmp_path)
    open_database(paths).dispose()
    db = Database(paths.database)
    assert upgrade(db, paths.backups) is False
    assert list(paths.backups.glob("*.db")) == []
    db.dispose()


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    paths = Paths(tmp_path)
    open_database(paths).dispose()
    con = sqlite3.connect(paths.database)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = paths.database.read_bytes()
    with pytest.raises(DatabaseTooNew) as exc:
        open_database(paths)
    assert exc.value.revision == "9999_future"
    assert paths.database.read_bytes() == before


def test_an_older_database_is_backed_up_before_upgrading_and_keeps_its_data(tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory

    from app.db.migrate import alembic_config

    paths = Paths(tmp_path)
    paths.backups.mkdir(parents=True)
    db = Database(paths.database)
    cfg = alembic_config(db)
    revisions = [r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()]  # newest first
    if len(revisions) < 2:
        pytest.skip("only one migration so far")
    # given: a database at the previous schema, with a village in it
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revisions[1])
        conn.exec_driver_sql(
            "INSERT INTO village (name, kind, code, old_code, old_name, active, sort_key, search_key, uuid, "
            "created_at, updated_at) VALUES ('Bản Nà Sản', 'ban', '', '', '', 1, '', 'ban na san', 'u-1', "
            "'2026-01-01', '2026-01-01')")
        conn.commit()
    db.dispose()
    # when the program starts
    db = open_database(paths)
    # then a backup of the old file exists and the data is still there
    backups = list(paths.backups.glob("*before-upgrade*.db"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revisions[1]
    con.close()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM village").scalar() == "Bản Nà Sản"
    db.dispose()


def test_backup_copies_the_live_database_with_its_data(tmp_path, db, commune):
    from app.db.backup import backup_database, latest_backup

    copy = backup_database(db.path, tmp_path / "bk", "manual")
    assert copy == latest_backup(tmp_path / "bk")
    con = sqlite3.connect(copy)
    names = sorted(r[0] for r in con.execute("SELECT name FROM village"))
    con.close()
    assert names == ["Bản Hồng Mặn", "Bản Nà Sản", "Tiểu khu 3"]
