"""The annual report's tables as an .xlsx workbook (openpyxl): one sheet per table, Vietnamese
headers, column widths, number formats (counts ``#,##0``, percentages ``0.0`` in percent units,
gaps ``+0.0;-0.0;0.0``). Empty figures (None) are empty cells.

Sheets: "Danh hiệu" (commune totals with target and gap), "Theo thôn" (per village or, for the
receiving office, per commune: ``rows_heading``), "Công dân học tập" (by group), "Lớp học" (the
centre's classes by topic), "Tự đánh giá TT25" (the TT 25/2023 figures). Takes the summary dict;
touches no database.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.domain.text import nfc

__all__ = ["build_annual_report_xlsx", "SHEETS"]

SHEETS = ("Danh hiệu", "Theo thôn", "Công dân học tập", "Lớp học", "Tự đánh giá TT25")
COUNT, PERCENT, GAP = "#,##0", "0.0", "+0.0;-0.0;0.0"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
_BOLD = Font(bold=True)


def _header(ws, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, 1):
        c = ws.cell(row=row, column=col, value=nfc(label) if label else None)
        c.font, c.fill, c.border = _BOLD, _HEAD_FILL, _BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _row(ws, row: int, values: list, formats: list[str | None], bold: bool = False) -> None:
    for col, (v, fmt) in enumerate(zip(values, formats, strict=True), 1):
        c = ws.cell(row=row, column=col, value=nfc(v) if isinstance(v, str) else v)
        c.border = _BORDER
        if fmt:
            c.number_format = fmt
        if bold:
            c.font = _BOLD
        if isinstance(v, str):
            c.alignment = Alignment(vertical="center", wrap_text=True)


def _title(ws, text: str, span: int) -> None:
    ws.cell(row=1, column=1, value=nfc(text)).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)


def _widths(ws, widths: list[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _titles_sheet(ws, summary: dict) -> None:
    heads = ["TT", "Danh hiệu", "Hiện có", "Đăng ký", "Đã đánh giá", "Được công nhận", "Tỷ lệ (%)", "Chỉ tiêu (%)",
             "So với chỉ tiêu (điểm %)"]
    _title(ws, f"Kết quả công nhận các danh hiệu học tập năm {summary.get('year')}", len(heads))
    _header(ws, 3, heads)
    fmts = [None, None, COUNT, COUNT, COUNT, COUNT, PERCENT, PERCENT, GAP]
    for k, t in enumerate(summary.get("titles", []), 1):
        _row(ws, 3 + k, [k, t["name"], t["exist"], t["registered"], t["assessed"], t["recognised"], t["rate"],
                         t["target"], t["gap"]], fmts)
    _widths(ws, [5, 32, 11, 11, 12, 14, 10, 12, 14])
    ws.freeze_panes = "C4"


def _villages_sheet(ws, summary: dict, rows_heading: str) -> None:
    titles = summary.get("titles", [])
    n = 2 + 3 * len(titles)
    _title(ws, f"Kết quả công nhận các danh hiệu học tập theo {nfc(rows_heading).lower()} năm {summary.get('year')}",
           n)
    _header(ws, 3, ["TT", rows_heading] + [x for t in titles for x in (t["name"], "", "")])
    _header(ws, 4, ["", ""] + ["Hiện có", "Được công nhận", "Tỷ lệ (%)"] * len(titles))
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    ws.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)
    for i in range(len(titles)):
        ws.merge_cells(start_row=3, start_column=3 + 3 * i, end_row=3, end_column=5 + 3 * i)
    fmts = [None, None] + [COUNT, COUNT, PERCENT] * len(titles)
    row = 5
    for k, v in enumerate(summary.get("villages", []), 1):
        by = {t["code"]: t for t in v["titles"]}
        values: list = [k, v["name"]]
        for t in titles:
            x = by.get(t["code"]) or {"exist": 0, "recognised": 0, "rate": None}
            values += [x["exist"], x["recognised"], x["rate"]]
        _row(ws, row, values, fmts)
        row += 1
    total: list = [None, "Tổng số"]
    for t in titles:
        total += [t["exist"], t["recognised"], t["rate"]]
    _row(ws, row, total, fmts, bold=True)
    _widths(ws, [5, 26] + [11, 11, 9] * len(titles))
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = "C5"


def _citizens_sheet(ws, summary: dict) -> None:
    heads = ["TT", "Nhóm đối tượng", "Số người (cơ sở tính)", "Đạt Công dân học tập", "Tỷ lệ (%)", "Chỉ tiêu (%)",
             "So với chỉ tiêu (điểm %)"]
    _title(ws, f"Công dân học tập theo nhóm đối tượng năm {summary.get('year')}", len(heads))
    _header(ws, 3, heads)
    fmts = [None, None, COUNT, COUNT, PERCENT, PERCENT, GAP]
    for k, c in enumerate(summary.get("citizens", []), 1):
        _row(ws, 3 + k, [k, c["name"], c["base"], c["recognised"], c["rate"], c["target"], c["gap"]], fmts)
    _widths(ws, [5, 52, 14, 14, 10, 12, 14])


def _classes_sheet(ws, summary: dict) -> None:
    cl = summary.get("classes") or {}
    heads = ["TT", "Chủ đề", "Lớp học", "Chuyên đề", "Buổi học", "Lượt người học", "Số người học"]
    _title(ws, f"Hoạt động của Trung tâm học tập cộng đồng năm {summary.get('year')}", len(heads))
    _header(ws, 3, heads)
    fmts = [None, None] + [COUNT] * 5
    row = 4
    for k, t in enumerate(cl.get("by_topic", []), 1):
        _row(ws, row, [k, t["topic"], t["classes"], t["talks"], t["sessions"], t["turnouts"], t["learners"]], fmts)
        row += 1
    _row(ws, row, [None, "Tổng số"] + [cl.get(f, 0) for f in ("classes", "talks", "sessions", "turnouts", "learners")],
         fmts, bold=True)
    _widths(ws, [5, 40, 10, 11, 10, 15, 13])


def _self_assessment_sheet(ws, summary: dict) -> None:
    sa = summary.get("self_assessment") or {}
    heads = ["Mã", "Tiêu chí, chỉ tiêu", "Kết quả", "Đơn vị", "Nguồn số liệu"]
    _title(ws, f"Số liệu tự đánh giá Cộng đồng học tập cấp xã năm {summary.get('year')} (TT 25/2023/TT-BGDĐT)",
           len(heads))
    _header(ws, 3, heads)
    row = 4
    for crit in sa.get("criteria", []):
        _row(ws, row, [crit["code"], crit["name"], None, None, None], [None] * 5, bold=True)
        row += 1
        for item in crit["items"]:
            fmt = PERCENT if item["unit"] == "%" else COUNT
            how = "Tính từ dữ liệu" if item["value"] is not None else "Cán bộ điền"
            _row(ws, row, [item["code"], item["name"], item["value"], item["unit"] or None, how],
                 [None, None, fmt, None, None])
            row += 1
    _widths(ws, [8, 70, 12, 12, 16])


def build_annual_report_xlsx(summary: dict, *, rows_heading: str = "Thôn, bản") -> bytes:
    """The workbook of the annual report (see the module documentation), as bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEETS[0]
    _titles_sheet(ws, summary)
    rows_sheet = SHEETS[1] if rows_heading == "Thôn, bản" else f"Theo {nfc(rows_heading).split(',')[0].lower()}"
    _villages_sheet(wb.create_sheet(rows_sheet[:31]), summary, rows_heading)
    _citizens_sheet(wb.create_sheet(SHEETS[2]), summary)
    _classes_sheet(wb.create_sheet(SHEETS[3]), summary)
    _self_assessment_sheet(wb.create_sheet(SHEETS[4]), summary)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
