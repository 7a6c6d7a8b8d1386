"""Consistent copies of the live database (SQLite's backup API, never a plain file copy)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path


def backup_database(db_path: Path, backup_dir: Path, reason: str, keep: int = 30) -> Path | None:
    """Copy ``db_path`` into ``backup_dir`` as ``tthtcd-<time>-<reason>.db``; return the copy.

    Returns None when the database does not exist yet. Keeps the newest ``keep`` copies made
    for the same reason and removes older ones.
    """
    if not db_path.exists():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"tthtcd-{stamp}-{reason}.db"
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    old = sorted(backup_dir.glob(f"tthtcd-*-{reason}.db"))
    for stale in old[:-keep]:
        stale.unlink(missing_ok=True)
    return target


def latest_backup(backup_dir: Path) -> Path | None:
    files = sorted(backup_dir.glob("tthtcd-*.db"), key=lambda p: p.stat().st_mtime)
    return files[-1] if files else None
