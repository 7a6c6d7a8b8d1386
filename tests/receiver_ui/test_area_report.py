"""The receiving office consolidates what really arrived: packages exported by two communes,
imported, summed; the third registered commune is named as missing; the area report is written
as PDF and .xlsx from the console."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.receiver_ui.packages import OFFICE_PASSPHRASE, export_summary, make_commune, make_office

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2026


@pytest.fixture
def office(db, paths, tmp_path):
    """An office with three registered communes; Chiềng Mung and Mường Bú sent their 2026 summary."""
    from app.services.receiver import import_packages, register_commune

    make_office(db, paths)
    usb = tmp_path / "usb"
    communes = [make_commune(tmp_path, code, name, paths) for code, name in
                (("14113", "Chiềng Mung"), ("14116", "Mường Bú"), ("14122", "Tạ Bú"))]
    for c in communes:
        register_commune(db, c.public_key, c.code, f"Xã {c.name}")
    files = [export_summary(c, YEAR, usb) for c in communes[:2]]
    results = import_packages(db, paths, files, OFFICE_PASSPHRASE, dry_run=False)
    assert [r.status for r in results] == ["imported", "imported"], [r.reason for r in results]
    return communes


def commune_summary(commune) -> dict:
    from app.db import open_database
    from app.services.report_figures import annual_summary

    db = open_database(commune.paths)
    try:
        return annual_summary(db, YEAR)
    finally:
        db.dispose()


def test_the_area_summary_sums_the_imported_packages_and_names_who_did_not_send(db, office):
    from app.services.consolidation import area_summary

    area = area_summary(db, YEAR)

    assert [r["name"] for r in area["villages"]] == ["Xã Chiềng Mung", "Xã Mường Bú"]
    assert area["communes_missing"] == [{"code": "14122", "name": "Xã Tạ Bú"}]
    own = [commune_summary(c) for c in office[:2]]
    for code in ("GDHT", "CDHT_THON"):
        expected = sum(next(t["exist"] for t in s["titles"] if t["code"] == code) for s in own)
        assert next(t["exist"] for t in area["titles"] if t["code"] == code) == expected
    assert next(t["exist"] for t in area["titles"] if t["code"] == "CDHT_THON") == 4  # two villages each
    package = area["villages"][0]["package"]
    assert package["sequence"] == 1 and package["content"] == "summary" and len(package["sha256"]) == 64


def run(*args, data_dir):
    env = {**os.environ, "APP_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def test_receiver_report_writes_the_area_report_as_pdf_and_xlsx(db, paths, office, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    db.dispose()
    pdf, xlsx = tmp_path / "bao-cao.pdf", tmp_path / "bao-cao.xlsx"

    out = run("receiver", "report", "--year", str(YEAR), "--out", str(pdf), "--json", data_dir=paths.root)
    assert out.returncode == 0, out.stderr
    assert "2/3 xã, phường" in out.stderr
    figures = json.loads(out.stdout)
    assert figures["communes_missing"] == [{"code": "14122", "name": "Xã Tạ Bú"}]

    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text and "UBND TỈNH SƠN LA" in text
    assert "chưa gửi: Xã Tạ Bú" in text
    assert "XÃ, PHƯỜNG" in text and "Xã Chiềng Mung" in text and "Xã Mường Bú" in text

    out = run("receiver", "report", "--year", str(YEAR), "--out", str(xlsx), data_dir=paths.root)
    assert out.returncode == 0, out.stderr
    cells = {str(c.value) for ws in load_workbook(xlsx).worksheets for row in ws.iter_rows() for c in row if c.value}
    assert {"Xã Chiềng Mung", "Xã Mường Bú"} <= cells


def test_receiver_report_refuses_a_commune_database_and_a_wrong_file_type(commune, paths, tmp_path):
    out = run("receiver", "report", "--year", str(YEAR), "--out", str(tmp_path / "x.pdf"), data_dir=paths.root)
    assert out.returncode == 2
    assert "chế độ cơ quan tiếp nhận" in out.stderr

    out = run("receiver", "report", "--year", str(YEAR), "--out", str(tmp_path / "x.docx"), data_dir=paths.root)
    assert out.returncode == 2
    assert ".pdf hoặc .xlsx" in out.stderr
