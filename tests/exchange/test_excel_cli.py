"""python -m app import-excel / export-excel, as a script or a receiving office would run them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import excel_builders as xb

ROOT = Path(__file__).resolve().parents[2]


def run(*args, data_dir):
    env = {**os.environ, "APP_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def households_in(data_dir) -> int:
    return json.loads(run("stats", "--json", data_dir=data_dir).stdout)["households"]


def test_a_dry_run_prints_what_it_found_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    out = run("import-excel", xb.census_workbook(tmp_path / "census.xlsx"), "--dry-run", "--json", data_dir=data)
    assert out.returncode == 1, out.stderr  # one row refused
    report = json.loads(out.stdout)
    assert report["counts"]["households_new"] == 4 and report["counts"]["persons_new"] == 11
    assert report["counts"]["rows_refused"] == 1
    assert report["by_village"]["Huổi Un"]["persons_new"] == 2
    assert report["sheets"][0]["mapping"]["birth_male"] == "C"
    assert {"sheet": "Sheet1", "row": 17, "field": "birth", "level": "error", "message": "Năm sinh “19855” không hợp lệ.",
            "text": "Dòng 17: năm sinh “19855” không hợp lệ."} in report["problems"]
    assert report["committed"] is False
    assert households_in(data) == 0


def test_importing_writes_and_a_second_run_finds_everything_unchanged(tmp_path):
    data = tmp_path / "data"
    path = xb.legacy_workbook(tmp_path / "legacy.xlsx")
    out = run("import-excel", path, data_dir=data)
    assert out.returncode == 0, out.stderr
    assert "Trang “HM”: bảng từ dòng 5, 2 hộ, 5 nhân khẩu (đã chuyển mã TCVN3" in out.stdout
    assert "Đã ghi vào cơ sở dữ liệu" in out.stdout
    assert households_in(data) == 4
    again = json.loads(run("import-excel", path, "--json", data_dir=data).stdout)
    assert again["counts"]["households_unchanged"] == 4 and again["committed"] is False
    assert households_in(data) == 4


def test_refused_files_and_unknown_sheets_exit_with_2(tmp_path):
    data = tmp_path / "data"
    out = run("import-excel", xb.junk(tmp_path / "x.xlsx"), data_dir=data)
    assert out.returncode == 2
    assert "tệp không phải bảng tính Excel" in out.stderr
    out = run("import-excel", xb.census_workbook(tmp_path / "c.xlsx"), "--sheet", "Thôn 9", data_dir=data)
    assert out.returncode == 2
    assert "Không có trang “Thôn 9” trong tệp. Các trang: Sheet1." in out.stderr


def test_export_then_import_back(tmp_path):
    data = tmp_path / "data"
    run("import-excel", xb.census_workbook(tmp_path / "census.xlsx"), data_dir=data)
    exported = tmp_path / "ho.xlsx"
    out = run("export-excel", "--list", "households", exported, data_dir=data)
    assert out.returncode == 0, out.stderr
    assert "Đã xuất 11 dòng (3 trang)" in out.stderr
    back = run("import-excel", exported, "--dry-run", "--json", data_dir=data)
    assert back.returncode == 0, back.stdout + back.stderr
    counts = json.loads(back.stdout)["counts"]
    assert (counts["households_unchanged"], counts["persons_unchanged"], counts["persons_new"]) == (4, 11, 0)
    for kind in ("persons", "villages", "clans", "units"):
        assert run("export-excel", "--list", kind, tmp_path / f"{kind}.xlsx", data_dir=data).returncode == 0
