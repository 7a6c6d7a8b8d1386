"""The commune's data package on the 20,000-household demo (issue 8): export, sign and encrypt a
``full`` package ≤ 5 s, memory ≤ 500 MB; and a ``summary`` package for comparison.

Run on demand: ./dev bench package [--households N] [--data-dir DIR]. Generates the demo (with its
five years of rounds, decisions and classes) in a temporary folder unless ``--data-dir`` names a
folder that already holds one, then runs each export in a child process so that its peak memory is
its own, and checks the result with Debian's ``age`` and ``minisign`` when they are installed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from common import ROOT, data_folder, generate_demo, peak_mb

PASSPHRASE = "mật khẩu đo thử"
YEAR = date.today().year - 1


def prepare(root: Path, households: int) -> str:
    """Demo commune, key and an age recipient in ``root``; returns the age identity file."""
    import pyrage

    from app import features
    from app import paths as app_paths
    from app.db import open_database
    from app.services import packages
    from app.services.keys import init_key, list_keys

    features.load()
    paths = app_paths.ensure(app_paths.Paths(root))
    db = open_database(paths)
    if db.engine.connect().exec_driver_sql("SELECT count(*) FROM household").scalar() == 0:
        print(f"demo of {households} households: {generate_demo(db, households):.1f} s")
    if not list_keys(paths):
        init_key(paths, PASSPHRASE)
    identity_file = root / "office.key"
    if not identity_file.exists():
        identity = pyrage.x25519.Identity.generate()
        identity_file.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
    recipient = identity_file.read_text().splitlines()[0].split(": ")[1]
    packages.set_receiver(db, "Sở Giáo dục và Đào tạo (đo thử)", recipient)
    db.dispose()
    return str(identity_file)


def child(root: str, content: str, out: str) -> None:
    """One export in this process; prints a JSON line of figures."""
    from app import features
    from app import paths as app_paths
    from app.db import open_database
    from app.services.packages import export_package

    features.load()
    app_paths.configure(root)
    paths = app_paths.current()
    db = open_database(paths)
    t = time.perf_counter()
    cpu = time.process_time()
    info = export_package(db, paths, YEAR, content, out, PASSPHRASE)
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = peak_mb()
    print(json.dumps({"content": content, "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                      "peak_mb": round(peak), "file": str(info.path), "bytes": info.size}))


def run(root: Path, content: str, out: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", str(root), content, str(out)], capture_output=True,
                          text=True, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def check(figures: dict, identity_file: str, root: Path) -> str:
    age = Path("/usr/bin/age")
    if not age.exists() or not figures["file"].endswith(".age"):
        return "age not installed: not checked"
    t = time.perf_counter()
    proc = subprocess.run([str(age), "-d", "-i", identity_file, figures["file"]], capture_output=True)
    if proc.returncode:
        return "age -d FAILED: " + proc.stderr.decode()
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(proc.stdout))
    total = sum(i.file_size for i in archive.infolist())
    folder = Path(tempfile.mkdtemp())
    (folder / "manifest.json").write_bytes(archive.read("manifest.json"))
    (folder / "manifest.json.minisig").write_bytes(archive.read("manifest.json.minisig"))
    pub = next((root / "keys").glob("commune-*.pub"))
    verify = subprocess.run(["/usr/bin/minisign", "-Vm", str(folder / "manifest.json"), "-p", str(pub)],
                            capture_output=True, text=True)
    ok = "minisign OK" if verify.returncode == 0 else "minisign FAILED"
    return (f"age -d OK ({time.perf_counter() - t:.1f} s), {len(archive.infolist())} entries, "
            f"{total / 1e6:.0f} MB uncompressed; {ok}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--data-dir", help="reuse (or fill) this data folder")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = data_folder(args.data_dir, prefix="bench-package-")
    identity_file = prepare(root, args.households)
    out = Path(tempfile.mkdtemp(prefix="bench-package-out-"))
    for content in ("summary", "full"):
        runs = [run(root, content, out) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        print(f"{content:7s} year {YEAR}: export+sign+encrypt best {best['seconds']:.2f} s "
              f"(cpu {best['cpu_seconds']:.2f} s; runs {', '.join(str(r['seconds']) for r in runs)}), "
              f"peak {max(r['peak_mb'] for r in runs)} MB, file {best['bytes'] / 1e6:.1f} MB")
        print("        " + check(best, identity_file, root))
    print("targets (full): ≤ 5 s, ≤ 500 MB")


if __name__ == "__main__":
    main()
