"""What the benchmark scripts share: the project on ``sys.path``, a demo commune made (or reused) in
a folder, timing a function, peak memory, and printing the table of figures.

A script imports it as ``from common import …`` (``./dev bench NAME`` runs the script, so its
folder is first on ``sys.path``); importing it puts the project root on ``sys.path`` for ``app``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def ms(f: Callable[[], object], repeat: int = 5) -> float:
    """The median of ``repeat`` runs of ``f()``, in milliseconds."""
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def data_folder(data_dir: str | None, prefix: str = "tthtcd-bench-") -> Path:
    """``--data-dir`` when given (reused, or filled), else a new temporary folder."""
    return Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix=prefix))


def has_demo(data_dir: Path) -> bool:
    return (data_dir / "tthtcd.db").exists()


def run_app(data_dir: Path, *args: str, env_extra: dict | None = None) -> tuple[float, str]:
    """``python -m app ARGS`` on ``data_dir`` in a child process: (seconds, its output)."""
    env = {**os.environ, "APP_DATA_DIR": str(data_dir), **(env_extra or {})}
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    return time.perf_counter() - start, out.stdout + out.stderr


def make_demo(data_dir: Path, households: int) -> float:
    """``python -m app demo --households N --seed 1`` into ``data_dir`` (a child process); seconds."""
    return run_app(data_dir, "demo", "--households", str(households), "--seed", "1")[0]


def open_folder(folder: Path):
    """The database of the data folder ``folder`` (made and migrated when new)."""
    from app import paths
    from app.db import open_database

    return open_database(paths.ensure(paths.Paths(Path(folder))))


def generate_demo(db, households: int) -> float:
    """``demo.generate(db, households, seed=1)`` in this process (the fillers registered now); seconds."""
    from app.services import demo

    t = time.perf_counter()
    demo.generate(db, households, seed=1)
    return time.perf_counter() - t


def print_table(rows: dict[str, object] | Iterable[tuple[str, object]], decimals: int = 2,
                value_width: int = 0) -> None:
    """One figure a line: the label padded to the longest, then the value (floats with
    ``decimals``; right-aligned in ``value_width`` characters)."""
    pairs = list(rows.items()) if isinstance(rows, dict) else list(rows)
    width = max(len(k) for k, _v in pairs)
    for k, v in pairs:
        text = f"{v:.{decimals}f}" if isinstance(v, float) else f"{v}"
        print(f"{k:<{width}}  {text:>{value_width}}")
