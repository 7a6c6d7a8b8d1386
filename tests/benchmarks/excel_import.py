"""Excel import figures on a generated workbook of 5,000 households / 20,000 persons.

Run on demand: ./dev bench excel_import [--households N]. Builds a census-style workbook (one sheet
per village, title rows, a two-row "Năm sinh / Nam | Nữ" header, relation column, STT and village
on the head's row, a subtotal and a signature block per sheet), then measures: reading the file
into a plan, matching it against an empty registry (the preview), the commit, the re-import
preview against the filled registry (everything unchanged), the export of the households list and
the hostile files' refusal times, with the process's peak memory after each step.
Targets (the issue): preview ≤ 8 s, commit ≤ 8 s, memory ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "excel"))

FAMILY = ["Lò", "Cầm", "Quàng", "Lường", "Hà", "Vì", "Giàng", "Sùng", "Vàng", "Nguyễn", "Trần", "Lê", "Phạm", "Đinh"]
MALE = ["Văn Pọm", "Văn Ún", "Văn Hưng", "A Dính", "A Páo", "Văn Thắng", "Đức Thịnh", "Văn Khoa", "Công Mừng"]
FEMALE = ["Thị Xuân", "Thị Ơn", "Thị Dợ", "Thị Mỷ", "Thị Hương", "Thị Lợi", "Thị Ngân", "Thị Ánh", "Thị Hoa"]
ETHNIC = ["Thái", "thái", "Thai", "Mông", "H'Mông", "HMông", "Kinh", "Mường"]
EDUCATION = ["12/12", "9/12", "5/12", "Đại học", "Mù chữ", "Tiểu học", "THCS", "Cao đẳng", None]


def build(path: Path, households: int, seed: int = 7) -> int:
    """Write the workbook; returns the number of persons."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    per_village = 250
    persons = 0
    number = 0
    for v in range(0, households, per_village):
        ws = wb.create_sheet(f"Bản {v // per_village + 1:02d}")
        ws.append(["UBND XÃ CHIỀNG MUNG"])
        ws.append([f"DANH SÁCH HỘ GIA ĐÌNH BẢN {v // per_village + 1:02d} NĂM 2026"])
        ws.append([])
        ws.append(["STT", "Họ và tên", "Năm sinh", None, "Quan hệ với chủ hộ", "Dân tộc", "Trình độ học vấn",
                   "Số CCCD", "Thôn/bản"])
        ws.append([None, None, "Nam", "Nữ"])
        count = 0
        for k in range(min(per_village, households - v)):
            number += 1
            family = rng.choice(FAMILY)
            head_year = rng.randint(1945, 1995)
            head = [k + 1, f"{family} {rng.choice(MALE)} {number}", head_year, None, "Chủ hộ", rng.choice(ETHNIC),
                    rng.choice(EDUCATION), f"0140{head_year % 100:02d}{number:06d}", f"Bản {v // per_village + 1:02d}"]
            ws.append(head)
            members = [[None, f"{rng.choice(FAMILY)} {rng.choice(FEMALE)} {number}", None, float(head_year + 2), "Vợ",
                        rng.choice(ETHNIC), rng.choice(EDUCATION)]]
            for c in range(2):
                year = head_year + 20 + c * 2
                male = rng.random() < 0.5
                name = f"{family} {rng.choice(MALE if male else FEMALE)} {number}-{c}"
                members.append([None, name, str(year) if male else None, None if male else year, "Con",
                                rng.choice(ETHNIC), rng.choice(EDUCATION)])
            for m in members:
                ws.append(m)
            count += 1 + len(members)
        ws.append([f"Cộng: {min(per_village, households - v)} hộ, {count} nhân khẩu"])
        ws.append([])
        ws.append([None, "Người lập biểu", None, None, None, None, "TM. UBND XÃ"])
        persons += count
    wb.save(path)
    return persons


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(figures: dict, label: str, fn):
    start = time.perf_counter()
    result = fn()
    figures[f"{label} (s)"] = time.perf_counter() - start
    figures[f"  peak memory after {label.split(' ')[0]} (MB)"] = peak_mb()
    return result


def hostile(figures: dict, folder: Path) -> None:
    import excel_builders as xb

    from app.exchange.households_import import WorkbookError, read_households

    for label, path in (("zip bomb 400 MB", xb.zip_bomb(folder / "bomb.xlsx")),
                        ("1,000,000 empty rows", xb.million_empty_rows(folder / "rows.xlsx")),
                        ("random bytes .xlsx", xb.junk(folder / "junk.xlsx"))):
        start = time.perf_counter()
        try:
            read_households(path)
            outcome = "ACCEPTED?!"
        except WorkbookError as exc:
            outcome = str(exc)[:60]
        figures[f"refuse {label} (ms)"] = (time.perf_counter() - start) * 1000
        figures[f"  message: {label}"] = outcome


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--households", type=int, default=5000)
    args = ap.parse_args()
    from app.db import open_database
    from app.exchange.excel_export import export_list
    from app.exchange.households_import import commit, match_plan, read_households
    from app.paths import Paths
    from app.services.setup import ProfileData, save_profile

    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "census.xlsx"
        persons = timed(figures, "build workbook", lambda: build(path, args.households))
        figures["households / persons in the file"] = f"{args.households} / {persons}"
        figures["file size (MB)"] = path.stat().st_size / 1e6
        db = open_database(Paths(folder / "data"))
        save_profile(db, ProfileData(province_code="14", province_name="Sơn La", commune_name="Chiềng Mung",
                                     centre_name="TTHTCĐ xã Chiềng Mung"))
        plan = timed(figures, "read file into plan", lambda: read_households(path))
        preview = timed(figures, "match against empty registry", lambda: match_plan(db, plan))
        figures["PREVIEW total (s)"] = figures["read file into plan (s)"] + figures["match against empty registry (s)"]
        c = preview.counts()
        figures["preview: households new / persons new / rows refused"] = (
            f"{c['households_new']} / {c['persons_new']} / {c['rows_refused']}")
        result = timed(figures, "COMMIT", lambda: commit(db, preview))
        figures["written: households / persons / villages"] = (
            f"{result.households_created} / {result.persons_created} / {result.villages_created}")
        again = timed(figures, "re-import preview (read + match, filled registry)",
                      lambda: match_plan(db, read_households(path)))
        c = again.counts()
        figures["re-import: households unchanged / persons unchanged / new"] = (
            f"{c['households_unchanged']} / {c['persons_unchanged']} / {c['households_new'] + c['persons_new']}")
        exported = folder / "export.xlsx"
        timed(figures, "export households list", lambda: export_list(db, "households", exported))
        back = timed(figures, "round trip preview of the export", lambda: match_plan(db, read_households(exported)))
        c = back.counts()
        figures["round trip: persons unchanged / changed or new"] = (
            f"{c['persons_unchanged']} / {c['persons_update'] + c['persons_new']}")
        hostile(figures, folder)
        db.dispose()
    width = max(len(k) for k in figures)
    for k, v in figures.items():
        print(f"{k:<{width}}  {v:.2f}" if isinstance(v, float) else f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
