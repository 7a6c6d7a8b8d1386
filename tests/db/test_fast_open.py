"""A database already at the newest schema opens without loading Alembic (≈ 11 MB, ≈ 0.1 s)."""

from __future__ import annotations

import subprocess
import sys

from app.db import open_database
from app.db.migrate import _head_from_files, alembic_config, head_revision
from app.paths import Paths


def test_the_head_read_from_the_files_is_alembics(tmp_path):
    db = open_database(Paths(tmp_path))
    try:
        assert _head_from_files() == head_revision(alembic_config(db))
    finally:
        db.dispose()


def test_opening_a_database_at_head_does_not_import_alembic(tmp_path):
    open_database(Paths(tmp_path)).dispose()  # created and migrated here
    code = ("import sys; from pathlib import Path; from app.db import open_database; from app.paths import Paths; "
            f"open_database(Paths(Path({str(tmp_path)!r}))).dispose(); print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
