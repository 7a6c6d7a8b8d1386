"""Attendance sheets in Excel: exported to fill in, imported back all or nothing with each problem
named by its row; and the console commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl

from app.services import class_attendance as att
from app.services import class_enrolment as enrol
from app.services.class_sheets import export_attendance_xlsx, import_attendance
from tests.classes.conftest import YEAR, course

ROOT = Path(__file__).resolve().parents[2]


def _lo_class(db, centre):
    c = course(db, centre)
    enrol.enrol_household(db, c.id, centre.households["HGD-001"], min_age=15)
    return c


def _filled(db, c, path: Path, marks: dict[int, list[str]], extra: list | None = None) -> Path:
    """The exported sheet with ``marks`` typed in (Excel row → cells from column E)."""
    export_attendance_xlsx(db, c.id, path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for row, cells in marks.items():
        for k, value in enumerate(cells):
            ws.cell(row, 5 + k, value)
    for row in extra or []:
        ws.append(row)
    wb.save(path)
    return path


def test_the_exported_sheet_comes_back_with_the_marks_typed_in(db, centre, tmp_path):
    # given the sheet exported for the coffee class: header in row 6, Ánh, Cúc, Pọm in rows 7–9
    c = _lo_class(db, centre)
    path = _filled(db, c, tmp_path / "diem-danh.xlsx", {7: ["x", "x", "1", "có", "v"], 8: ["X", "", "0", "vắng"],
                                                        9: ["x", "x", "x", "x", "x"]})
    ws = openpyxl.load_workbook(path).active
    assert [ws.cell(6, k).value for k in range(1, 6)] == ["STT", "Họ và tên", "Năm sinh", "Thôn, bản", "05/03/2025"]
    # when it is checked, then imported
    dry = import_attendance(db, path, dry_run=True)
    assert (dry.ok, dry.learners, dry.marks, dry.saved) == (True, 3, 13, None)
    assert att.attendance_grid(db, c.id).marks == {}
    result = import_attendance(db, path)
    # then the marks are saved (a blank cell changes nothing)
    assert result.ok and result.saved.written == 13
    grid = att.attendance_grid(db, c.id)
    assert [grid.attended(i) for i in range(3)] == [4, 1, 5]
    assert grid.mark(1, 1) is None and grid.mark(1, 2) is False
    # and the exported sheet now shows them
    again = openpyxl.load_workbook(export_attendance_xlsx(db, c.id, tmp_path / "lai.xlsx")).active
    assert [again.cell(7, k).value for k in range(5, 10)] == ["x", "x", "x", "x", "v"]


def test_a_bad_row_stops_the_import_and_is_named(db, centre, tmp_path):
    # given a sheet with a learner who is not in the class (row 10) and an unreadable mark (row 8)
    c = _lo_class(db, centre)
    path = _filled(db, c, tmp_path / "loi.xlsx", {7: ["x"], 8: ["x", "abc"], 9: ["x"]},
                   extra=[[4, "Lò Văn Khoa", 1990, "Bản Nà Sản", "x"]])
    # when it is imported
    result = import_attendance(db, path)
    # then each problem names its row, and nothing is written
    assert not result.ok and result.saved is None
    assert [p.message for p in result.problems] == [
        "Dòng 8, cột F: không hiểu “abc” (x, 1, có: có mặt; v, 0, vắng: vắng; để trống: chưa điểm danh).",
        "Dòng 10: không tìm thấy học viên “Lò Văn Khoa” trong lớp.",
    ]
    assert att.attendance_grid(db, c.id).marks == {}


def test_a_sheet_made_by_hand_with_dates_and_the_class_given(db, centre, tmp_path):
    # given a sheet typed by the centre: its own title, names in capitals, Excel dates as headers
    c = _lo_class(db, centre)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH HỌC VIÊN LỚP CÀ PHÊ"])
    ws.append([])
    ws.append(["TT", "Họ tên", "Năm sinh", datetime(YEAR, 3, 5), datetime(YEAR, 3, 12), "Buổi 3", "09/04/2025"])
    ws.append([1, "LÒ VĂN PỌM", 1980, "x", "x", "x", ""])
    ws.append([2, "lò thị ánh", 1985, "x", "", "x", ""])
    path = tmp_path / "tay.xlsx"
    wb.save(path)
    # when it is imported for the class
    result = import_attendance(db, path, class_id=c.id)
    # then the date the class has no session on is the only problem
    assert [p.message for p in result.problems] == ["Cột G: lớp không có buổi học 09/04/2025."]
    # and without that column the marks go in
    ws.delete_cols(7)
    wb.save(path)
    assert import_attendance(db, path, class_id=c.id).saved.written == 5


def test_a_file_that_is_not_a_workbook_is_a_problem_not_a_crash(db, centre, tmp_path):
    path = tmp_path / "khong-phai.xlsx"
    path.write_text("xin chào")
    result = import_attendance(db, path)
    assert not result.ok and "không phải bảng tính Excel" in result.problems[0].message


def run(*args, data_dir):
    env = {**os.environ, "APP_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def test_the_console_lists_classes_prints_figures_and_imports_sheets(db, paths, centre, year, tmp_path):
    data_dir = paths.database.parent
    listed = run("classes", "list", "--year", str(YEAR), "--json", data_dir=data_dir)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)["classes"]
    assert [(r["title"], r["sessions"], r["learners"]) for r in rows][:2] == [("Kỹ thuật trồng cà phê", 5, 3),
                                                                          ("Tin học cơ bản", 3, 4)]
    figures = run("classes", "figures", "--year", str(YEAR), "--json", data_dir=data_dir)
    assert json.loads(figures.stdout)["total"]["turnouts"] == 73
    # import-attendance: a bad file exits 1 with the problem in Vietnamese; a good one is saved
    bad = _filled(db, course(db, centre, "Lớp mới", topic="nghe"), tmp_path / "x.xlsx", {},
                  extra=[[1, "Người Lạ", 1990, "", "x"]])
    out = run("classes", "import-attendance", str(bad), "--dry-run", data_dir=data_dir)
    assert out.returncode == 1 and "Dòng 7: không tìm thấy học viên “Người Lạ” trong lớp." in out.stderr
    good = _filled(db, att_class := _lo_class(db, centre), tmp_path / "ok.xlsx", {7: ["x", "x"]})
    out = run("classes", "import-attendance", str(good), data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert att.attendance_grid(db, att_class.id).attended(0) == 2
    pdf = run("classes", "print-plan", "--year", str(YEAR), "--out", str(tmp_path / "kh.pdf"), data_dir=data_dir)
    assert pdf.returncode == 0 and (tmp_path / "kh.pdf").read_bytes().startswith(b"%PDF")
