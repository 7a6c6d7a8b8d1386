"""The PDF report and the workbook hold the same numbers as the JSON; the console commands."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date

from tests.reports.conftest import YEAR


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # table cells come out one a line: compare with single spaces


def _n(value) -> str:
    from app.printing.annual_report import num

    return num(value)


def _p(value) -> str:
    from app.printing.annual_report import pct

    return pct(value)


def test_the_pdf_report_holds_the_figures_text_and_signature(db, town):
    from app.services.report_figures import annual_summary
    from app.services.report_print import annual_report_pdf
    from app.services.targets import ReportText, apply_preset, save_report_text

    apply_preset(db, "son-la", [YEAR])
    save_report_text(db, YEAR, ReportText(number="45/BC-UBND", achievements="Phong trào học tập được duy trì.",
                                          difficulties="Kinh phí còn hạn chế.", proposals="Đề nghị bổ sung kinh phí.",
                                          recipients="Sở Giáo dục và Đào tạo tỉnh Sơn La\nLưu: VT",
                                          signer_name="Cầm Văn Ún", signer_position="Chủ tịch UBND xã"))
    summary = annual_summary(db, YEAR)
    text = _pdf_text(annual_report_pdf(db, YEAR, on=date(2025, 12, 5)))
    for needle in ("ỦY BAN NHÂN DÂN", "XÃ CHIỀNG MUNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 45/BC-UBND",
                   "Chiềng Mung, ngày 05 tháng 12 năm 2025", "BÁO CÁO",
                   "Kết quả xây dựng các mô hình học tập năm 2025", "KẾT QUẢ ĐẠT ĐƯỢC", "Phong trào học tập được duy trì.",
                   "KHÓ KHĂN, VƯỚNG MẮC", "Kinh phí còn hạn chế.", "ĐỀ XUẤT, KIẾN NGHỊ", "Đề nghị bổ sung kinh phí.",
                   "Nơi nhận:", "- Sở Giáo dục và Đào tạo tỉnh Sơn La;", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                   "Cầm Văn Ún", "Phụ lục 1", "Bản Nà Sản", "Không theo thôn", "Phụ lục 2", "Cán bộ điền",
                   "Chuyển giao khoa học kỹ thuật"):
        assert needle in text, needle
    # each title's row: TT, name, exist, registered, assessed, recognised, rate, target, gap
    for k, t in enumerate(summary["titles"], 1):
        row = (f"{k} {t['name']} {_n(t['exist'])} {_n(t['registered'])} {_n(t['assessed'])} {_n(t['recognised'])} "
               f"{_p(t['rate'])} {_p(t['target'])}")
        assert row in text, row
    assert "1 Gia đình học tập 4 3 3 1 25,0 70,0 -45,0" in text
    assert "1 Người lao động trong gia đình, dòng họ, cộng đồng 6 3 50,0 40,0 +10,0" in text
    assert "2 Cán bộ, công chức, viên chức, người lao động trong đơn vị 3 2 66,7 60,0 +6,7" in text
    assert "1 Chuyển giao khoa học kỹ thuật 1 0 2 3 2" in text and "Tổng số 1 1 3 33 2" in text
    # the village appendix: exist, recognised, rate per title
    assert "Bản Nà Sản 2 1 50,0 0 0 — 1 1 100,0 1 1 100,0 5 2 40,0" in text
    assert "Tổng số 4 1 25,0 2 1 50,0 3 1 33,3 2 1 50,0 8 3 37,5" in text


def test_the_workbook_holds_the_same_numbers_as_the_json(db, town):
    from openpyxl import load_workbook

    from app.services.report_figures import annual_summary
    from app.services.report_print import annual_report_xlsx
    from app.services.targets import apply_preset

    apply_preset(db, "son-la", [YEAR])
    summary = annual_summary(db, YEAR)
    wb = load_workbook(io.BytesIO(annual_report_xlsx(db, YEAR)))
    assert wb.sheetnames == ["Danh hiệu", "Theo thôn", "Công dân học tập", "Lớp học", "Tự đánh giá TT25"]
    ws = wb["Danh hiệu"]
    assert [c.value for c in ws[3]][:3] == ["TT", "Danh hiệu", "Hiện có"]
    for k, t in enumerate(summary["titles"]):
        assert [c.value for c in ws[4 + k]] == [k + 1, t["name"], t["exist"], t["registered"], t["assessed"],
                                                t["recognised"], t["rate"], t["target"], t["gap"]]
    assert ws["G4"].number_format == "0.0" and ws["C4"].number_format == "#,##0"
    ws = wb["Theo thôn"]
    for k, v in enumerate(summary["villages"]):
        row = [c.value for c in ws[5 + k]]
        assert row[1] == v["name"]
        assert row[2:] == [x for t in v["titles"] for x in (t["exist"], t["recognised"], t["rate"])]
    ws = wb["Công dân học tập"]
    assert [c.value for c in ws[4]][2:] == [6, 3, 50.0, 40.0, 10.0]
    ws = wb["Lớp học"]
    assert [c.value for c in ws[6]] == [None, "Tổng số", 1, 1, 3, 33, 2]
    ws = wb["Tự đánh giá TT25"]
    values = {r[0].value: r[2].value for r in ws.iter_rows(min_row=4)}
    assert values["TC3.4"] == 33 and values["TC5.1"] == 25.0 and values["TC1.1"] is None


def test_builders_take_an_area_wide_summary_with_communes_as_rows(db, town):
    from openpyxl import load_workbook

    from app.exchange.report_xlsx import build_annual_report_xlsx
    from app.printing.annual_report import build_annual_report_pdf
    from app.printing.document import Issuer
    from app.services.report_figures import annual_summary
    from app.services.targets import ReportText

    summary = annual_summary(db, YEAR)
    summary["villages"] = [{**summary["villages"][0], "name": "Xã Chiềng Mung"}]
    issuer = Issuer("", "Sở GD&ĐT", "Nguyễn Văn Giám", issuing_body=("SỞ GIÁO DỤC VÀ ĐÀO TẠO",),
                    parent_body=("UBND TỈNH SƠN LA",), place="Sơn La", signer_authority="", signer_position="GIÁM ĐỐC")
    text = _pdf_text(build_annual_report_pdf(summary, ReportText(), issuer, rows_heading="Xã, phường"))
    assert "THEO XÃ, PHƯỜNG" in text and "Xã Chiềng Mung" in text and "Nguyễn Văn Giám" in text
    wb = load_workbook(io.BytesIO(build_annual_report_xlsx(summary, rows_heading="Xã, phường")))
    assert wb.sheetnames[1] == "Theo xã" and wb["Theo xã"]["B3"].value == "Xã, phường"


def test_a_year_without_data_prints_and_exports(db, commune):
    from app.services.report_print import annual_report_pdf, annual_report_xlsx

    assert "Kết quả xây dựng các mô hình học tập năm 2019" in _pdf_text(annual_report_pdf(db, 2019))
    assert annual_report_xlsx(db, 2019)[:2] == b"PK"


def _cli(paths, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(paths.root), *args], capture_output=True,
                          timeout=120)


def test_console_report_json_pdf_and_xlsx(db, town, paths, tmp_path):
    from app.services.report_figures import annual_summary

    db.dispose()
    done = _cli(paths, "targets", "preset", "son-la", "--years", "2025-2030")
    assert done.returncode == 0, done.stderr.decode()
    done = _cli(paths, "targets", "set", "--year", "2025", "GDHT=72,5")
    assert done.returncode == 0, done.stderr.decode()
    shown = json.loads(_cli(paths, "targets", "show", "--year", "2027", "--json").stdout)
    assert shown["targets"]["GDHT"] == 74.0 and shown["sources"]["GDHT"] == "son-la:interpolated"
    out = _cli(paths, "report", "--year", str(YEAR), "--json")
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out.stdout)
    assert data == json.loads(json.dumps(annual_summary(db, YEAR)))
    assert data["titles"][0]["target"] == 72.5 and data["titles"][0]["gap"] == -47.5
    for name in ("r.pdf", "r.xlsx"):
        done = _cli(paths, "report", "--year", str(YEAR), "--out", str(tmp_path / name))
        assert done.returncode == 0, done.stderr.decode()
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-" and (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    bad = _cli(paths, "report", "--year", str(YEAR), "--out", str(tmp_path / "r.doc"))
    assert bad.returncode == 2 and ".pdf" in bad.stderr.decode()
    bad = _cli(paths, "targets", "set", "--year", "2025", "GDHT=150")
    assert bad.returncode == 2 and "0 đến 100" in bad.stderr.decode()
    listed = _cli(paths, "targets", "presets").stdout.decode()
    assert "son-la" in listed and "national-387" in listed


def test_the_charts_bars_print_their_rate_as_the_tables_do():
    """A bar of exactly 24 % says "24,0" like the table beside it, not "24"."""
    from reportlab.graphics.shapes import String
    from reportlab.lib.units import mm

    from app.printing.charts import rate_chart

    drawing = rate_chart([("Gia đình học tập", 24.0, 70.0), ("Dòng họ học tập", 56.3, None)], 160 * mm)
    texts = [s.text for s in drawing.getContents() if isinstance(s, String)]
    assert "24,0" in texts and "56,3" in texts and "24" not in texts
