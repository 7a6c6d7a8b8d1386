"""Every file location the program uses.

The data folder is, in order of precedence: the ``--data-dir`` argument (set through
:func:`configure`), the ``APP_DATA_DIR`` environment variable, a folder ``data`` beside the
executable when a ``portable.txt`` marker sits there, else the user's data folder from
platformdirs. Nothing here creates files except :func:`ensure`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "TTHTCD"
DB_FILE_NAME = "tthtcd.db"

_override: Path | None = None


def configure(data_dir: str | os.PathLike[str] | None) -> None:
    """Set the data folder for this process (the ``--data-dir`` argument)."""
    global _override
    _override = Path(data_dir).expanduser().resolve() if data_dir else None


def _portable_dir() -> Path | None:
    exe_dir = Path(sys.executable).resolve().parent
    if getattr(sys, "frozen", False) and (exe_dir / "portable.txt").exists():
        return exe_dir / "data"
    return None


def data_dir() -> Path:
    """The folder that holds the database, backups, evidence files and keys."""
    if _override is not None:
        return _override
    env = os.environ.get("APP_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return _portable_dir() or Path(user_data_dir(APP_DIR_NAME, appauthor=False))


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILE_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def evidence(self) -> Path:
        return self.root / "evidence"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def cache(self) -> Path:
        return self.root / "cache"


def current() -> Paths:
    return Paths(data_dir())


def ensure(paths: Paths) -> Paths:
    """Create the data folder and its sub-folders; return ``paths``."""
    for p in (paths.root, paths.backups, paths.evidence, paths.keys, paths.logs, paths.cache):
        p.mkdir(parents=True, exist_ok=True)
    return paths


def resources_dir() -> Path:
    """The shipped resources (fonts, icons, criteria, translations), also inside a frozen build."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def migrations_dir() -> Path:
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "migrations"
    return Path(__file__).resolve().parent.parent / "migrations"
