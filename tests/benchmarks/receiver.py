"""The receiving office's import on the issue's figures, each measured in its own process.

Run on demand: ./dev bench receiver [--households N] [--communes N] [--cache DIR] [--fresh].

The material (a demo commune of 20,000 households exported as a ``full`` package and once more with
the next sequence, and 30 communes' ``summary`` packages, all encrypted to one office identity) is
made once by a child process and kept in ``--cache`` (default ``/tmp/tthtcd-bench-receiver``), so
repeated runs are quick. Every run then makes a fresh office data folder (the cached identity, the
communes' keys registered) and runs each step as ``python -m app receiver import …`` in a child
process (``--measure``: the program's own ``main``): the figures are that process's wall time
(including the program's start, ≈ 1 s, and the scrypt that unlocks the office's identity) and its
own memory: the peak of the import work (the kernel's peak-RSS mark is reset right after each
passphrase unlock, ``/proc/self/clear_refs``) and the peak of the whole process (which includes the
age identity's scrypt: rage sizes it when the identity is made, 1 GiB at work factor 2^20). Targets:
verify + import of the full package ≤ 10 s, 30 summary packages from a folder ≤ 30 s, ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PASS = "mật khẩu cơ quan 2026"
OFFICE = "Sở Giáo dục và Đào tạo tỉnh Sơn La"
_CACHE_VERSION = 2


def _commune(paths_mod, root: Path, households: int, recipient: str, code: str, name: str):
    from app.db import open_database
    from app.services import demo
    from app.services.keys import init_key
    from app.services.packages import set_receiver

    paths = paths_mod.ensure(paths_mod.Paths(root))
    db = open_database(paths)
    demo.generate(db, households, seed=1)
    with db.session() as s:
        from app.models import CommuneProfile

        profile = s.query(CommuneProfile).one()
        profile.commune_code, profile.commune_name = code, name
    set_receiver(db, OFFICE, recipient)
    info = init_key(paths, PASS)
    return paths, db, info


def make_cache(cache: Path, households: int, communes: int, small: int) -> None:
    """(child process) The office identity, the packages and the communes' public keys in ``cache``."""
    from app import features
    from app import paths as paths_mod

    features.load()
    from app.crypto.keys import create_key
    from app.models import CommuneProfile
    from app.services.packages import export_package
    from app.services.receiver import init_receiver

    work = cache / "work"
    shutil.rmtree(work, ignore_errors=True)
    office = paths_mod.ensure(paths_mod.Paths(work / "office"))
    recipient = init_receiver(office, PASS, OFFICE).age_recipient
    year = date.today().year - 1
    pubs, full, folder = cache / "pubs", cache / "full", cache / "folder"
    for d in (pubs, full, folder):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    t = time.perf_counter()
    cpaths, cdb, info = _commune(paths_mod, work / "big", households, recipient, "14113", "Xã Chiềng Mung")
    (pubs / "14113.pub").write_text(info.public_key_text, "utf-8")
    demo_s = time.perf_counter() - t
    t = time.perf_counter()
    sent = export_package(cdb, cpaths, year, "full", full, PASS)
    export_s = time.perf_counter() - t
    again = cache / "full-again"
    shutil.rmtree(again, ignore_errors=True)
    again.mkdir()
    second = export_package(cdb, cpaths, year, "full", again, PASS)     # the next sequence, same records
    cdb.dispose()
    spaths, sdb, _info = _commune(paths_mod, work / "small", small, recipient, "14001", "Xã Mẫu")
    for i in range(communes):
        code = f"{14200 + i}"
        with sdb.session() as s:
            p = s.query(CommuneProfile).one()
            p.commune_code, p.commune_name = code, f"Xã Số {i + 1}"
        key = create_key(spaths.keys, PASS, f"x {code}")
        (pubs / f"{code}.pub").write_text(key.public_key_text, "utf-8")
        export_package(sdb, spaths, year, "summary", folder, PASS)
    sdb.dispose()
    shutil.copytree(office.keys / "office", cache / "office-keys", dirs_exist_ok=True)
    (cache / "facts.json").write_text(json.dumps({
        "demo_seconds": demo_s, "export_seconds": export_s, "full_file": sent.file_name, "full_bytes": sent.size,
        "second_file": second.file_name,
        "year": year}), "utf-8")
    shutil.rmtree(work, ignore_errors=True)


def measure(argv: list[str]) -> int:
    """(child process) ``python -m app <argv>`` with the peak-RSS mark reset after each passphrase
    unlock, so that the import's own peak is known apart from the key derivations' (minisign's
    scrypt needs 1 GiB, age's 256 MB, for a moment); both are written to ``argv``'s stderr."""
    import resource

    from app.crypto import age_identity
    from app.crypto import keys as crypto

    overall = [0]

    def hwm() -> int:
        return next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
                    if line.startswith("VmHWM:"))

    def reset() -> None:
        overall[0] = max(overall[0], hwm())
        with open("/proc/self/clear_refs", "w") as f:     # resets VmHWM (and so ru_maxrss)
            f.write("5")

    def after(fn):
        def wrapped(*a, **kw):
            try:
                return fn(*a, **kw)
            finally:
                reset()
        return wrapped

    age_identity.load_identity = after(age_identity.load_identity)
    crypto.load_secret = after(crypto.load_secret)
    from app.main import main as app_main

    reset()
    code = app_main(argv)
    work = hwm()
    peak = max(overall[0], work, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(f"BENCH-MEMORY {work / 1024:.1f} {peak / 1024:.1f}", file=sys.stderr)
    return code


def _child(cmd: list[str], ok=(0,), **kw) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB of that process alone, stdout) of one child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, **kw)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        err.seek(0)
        problem = err.read().decode("utf-8", "replace")
    global _LAST_WORK_PEAK
    marks = [line.split() for line in problem.splitlines() if line.startswith("BENCH-MEMORY ")]
    _LAST_WORK_PEAK = float(marks[-1][1]) if marks else None
    rss = float(marks[-1][2]) if marks else usage.ru_maxrss / 1024
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{text[-2000:]}\n{problem[-3000:]}")
    return wall, rss, text


_LAST_WORK_PEAK: float | None = None


def _import(office: Path, target: Path, *extra: str) -> tuple[float, float, list[dict]]:
    wall, rss, text = _child([sys.executable, __file__, "--measure", "--data-dir", str(office), "receiver", "import",
                              str(target), "--passphrase-file", str(office / "pass.txt"), "--json", *extra], ok=(0, 1))
    return wall, rss, json.loads(text)


def _mem(wall: float, rss: float) -> str:
    return f"{wall:.2f} s, {_LAST_WORK_PEAK or 0:.0f} / {rss:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--communes", type=int, default=30)
    parser.add_argument("--small", type=int, default=300, help="households of each of the summary communes")
    parser.add_argument("--cache", default="/tmp/tthtcd-bench-receiver")
    parser.add_argument("--fresh", action="store_true", help="make the cached packages again")
    parser.add_argument("--make-cache", help=argparse.SUPPRESS)
    if sys.argv[1:2] == ["--measure"]:
        raise SystemExit(measure(sys.argv[2:]))
    args = parser.parse_args()
    if args.make_cache:
        make_cache(Path(args.make_cache), args.households, args.communes, args.small)
        return

    cache = Path(args.cache) / f"v{_CACHE_VERSION}-h{args.households}-c{args.communes}-s{args.small}"
    figures: list[tuple[str, str]] = []
    if args.fresh or not (cache / "facts.json").is_file():
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        wall, rss, _t = _child([sys.executable, __file__, "--make-cache", str(cache), "--households",
                                str(args.households), "--communes", str(args.communes), "--small", str(args.small)])
        figures.append(("making the cached demo and packages (not a target)", f"{wall:.1f} s, {rss:.0f} MB"))
    facts = json.loads((cache / "facts.json").read_text("utf-8"))
    figures.append((f"demo commune of {args.households} households (when cached)", f"{facts['demo_seconds']:.1f} s"))
    figures.append((f"export full package ({facts['full_bytes'] / 1e6:.1f} MB, when cached)",
                    f"{facts['export_seconds']:.2f} s"))

    from app import features
    from app import paths as paths_mod
    from app.db import open_database

    features.load()
    from app.services.receiver import register_commune

    with tempfile.TemporaryDirectory() as tmp:
        office = paths_mod.ensure(paths_mod.Paths(Path(tmp) / "office"))
        shutil.copytree(cache / "office-keys", office.keys / "office")
        (office.root / "pass.txt").write_text(PASS, "utf-8")
        odb = open_database(office)
        for pub in sorted((cache / "pubs").glob("*.pub")):
            register_commune(odb, pub.read_text("utf-8"), pub.stem)
        odb.dispose()
        pkg = cache / "full" / facts["full_file"]
        peaks, work = [], []

        wall, rss, [r] = _import(office.root, pkg, "--dry-run")
        assert r["status"] == "would_import", r
        peaks.append(rss)
        work.append(_LAST_WORK_PEAK or 0.0)
        figures.append(("dry-run preview of the full package", _mem(wall, rss)))
        wall, rss, [r] = _import(office.root, pkg)
        assert r["status"] == "imported", r
        peaks.append(rss)
        work.append(_LAST_WORK_PEAK or 0.0)
        records = sum(c["total"] for c in r["preview"]["counts"].get("records", {}).values())
        figures.append((f"verify + import full package ({records} records) — target ≤ 10 s",
                        _mem(wall, rss)))
        wall, rss, [r] = _import(office.root, pkg)
        assert r["status"] == "already_imported" and r["reason"] == "Đã nhận", r
        peaks.append(rss)
        work.append(_LAST_WORK_PEAK or 0.0)
        figures.append(("same package again (đã nhận)", _mem(wall, rss)))
        wall, rss, [r] = _import(office.root, cache / "full-again" / facts["second_file"])
        assert r["status"] == "imported", r
        peaks.append(rss)
        work.append(_LAST_WORK_PEAK or 0.0)
        figures.append(("the next full package (every record compared with the stored ones)", _mem(wall, rss)))
        wall, rss, results = _import(office.root, cache / "folder")
        assert all(x["status"] == "imported" for x in results), [x["reason"] for x in results if x["reason"]]
        peaks.append(rss)
        work.append(_LAST_WORK_PEAK or 0.0)
        figures.append((f"{len(results)} communes' summary packages from a folder — target ≤ 30 s",
                        _mem(wall, rss)))
    figures.append(("peak memory of the import work in a receiver process — target ≤ 500 MB", f"{max(work):.0f} MB"))
    figures.append(("peak memory of a receiver process including the passphrase unlock (scrypt)", f"{max(peaks):.0f} MB"))
    figures.append(("(times: whole `python -m app receiver import` runs, start ≈ 1 s + scrypt included;", ""))
    figures.append(("  memory: import work / whole process, the latter holding the scrypt of the age identity)", ""))
    width = max(len(k) for k, _v in figures)
    for k, v in figures:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
