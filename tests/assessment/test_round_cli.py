"""The round command: status, decide, and a scoring sheet exported, filled and imported back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]


def run(*args, data_dir):
    env = {**os.environ, "APP_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("round")
    out = run("demo", "--households", "200", "--seed", "5", data_dir=data)
    assert out.returncode == 0, out.stderr
    return data


def _this_year() -> int:
    from datetime import date

    return date.today().year


def test_status_as_json_counts_every_title(demo_dir):
    out = run("round", "status", "--year", str(_this_year() - 1), "--json", data_dir=demo_dir)
    assert out.returncode == 0, out.stderr
    titles = {t["title_code"]: t for t in json.loads(out.stdout)["titles"]}
    assert set(titles) == {"GDHT", "DHHT", "CDHT_THON", "DVHT", "CDHT_CONG_DAN"}
    gdht = titles["GDHT"]["counts"]
    assert gdht["exist"] == 200 and 0 < gdht["decided"] == gdht["passed"] <= gdht["registered"]
    assert sum(v["counts"]["registered"] for v in titles["GDHT"]["villages"]) == gdht["registered"]


def test_decide_from_the_command_line(demo_dir):
    year = str(_this_year())
    before = json.loads(run("round", "status", "--year", year, "--json", data_dir=demo_dir).stdout)
    passed = next(t for t in before["titles"] if t["title_code"] == "GDHT")["counts"]["passed"]
    out = run("round", "decide", "--year", year, "--title", "GDHT", "--number", "301/QĐ-UBND", "--date",
              f"20/12/{year}", "--signer", "Cầm Văn Ún", data_dir=demo_dir)
    assert out.returncode == 0, out.stderr
    assert f"Đã ghi quyết định 301/QĐ-UBND ngày 20/12/{year}: công nhận {passed} Gia đình học tập" in out.stderr
    again = run("round", "decide", "--year", year, "--title", "GDHT", "--number", "301/QĐ-UBND", "--date",
                f"21/12/{year}", "--signer", "Cầm Văn Ún", data_dir=demo_dir)
    assert again.returncode == 1 and "đã dùng trong năm" in again.stderr


def _sheet(demo_dir, path: Path, title="CDHT_CONG_DAN", group="community") -> Path:
    """Export the citizens' scoring sheet of village 1 to ``path``."""
    out = run("round", "export-scores", "--year", str(_this_year()), "--title", title, "--target-group", group,
              "--village", "1", "--out", str(path), data_dir=demo_dir)
    assert out.returncode == 0, out.stderr
    return path


def test_a_filled_sheet_comes_back_in(demo_dir, tmp_path):
    path = _sheet(demo_dir, tmp_path / "phieu.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.cell(3, 6).value == "NL1.1\n(tối đa 10)" and ws.column_dimensions["A"].hidden
    for row in range(4, 7):
        for col in range(6, 16):
            ws.cell(row, col).value = 9
    wb.save(path)
    dry = run("round", "import-scores", str(path), "--dry-run", "--json", data_dir=demo_dir)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["dry_run"] is True
    out = run("round", "import-scores", str(path), "--json", data_dir=demo_dir)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["changes"] == json.loads(dry.stdout)["changes"] > 0
    assert json.loads(run("round", "import-scores", str(path), "--json", data_dir=demo_dir).stdout)["changes"] == 0


def test_a_sheet_with_a_bad_cell_is_refused_whole(demo_dir, tmp_path):
    path = _sheet(demo_dir, tmp_path / "phieu.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    before = ws.cell(4, 6).value
    ws.cell(4, 6).value = 3 if before != 3 else 4  # a valid change ...
    ws.cell(5, 7).value = 15  # ... and two bad cells
    ws.cell(6, 8).value = "tám"
    wb.save(path)
    out = run("round", "import-scores", str(path), data_dir=demo_dir)
    assert out.returncode == 1
    assert "Dòng 5, cột 'NL1.2': điểm 15 vượt quá điểm tối đa 10" in out.stderr
    assert "Dòng 6, cột 'NL1.3': “tám” không phải là số" in out.stderr
    # nothing was written, not even the valid change of row 4
    fresh = load_workbook(_sheet(demo_dir, tmp_path / "after.xlsx"))
    assert fresh.worksheets[0].cell(4, 6).value == before


def test_a_file_that_is_not_a_scoring_sheet_is_refused(demo_dir, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    out = run("round", "import-scores", str(path), data_dir=demo_dir)
    assert out.returncode == 1 and "không phải phiếu chấm điểm" in out.stderr
