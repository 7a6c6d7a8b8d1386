"""The annual report (báo cáo kết quả xây dựng các mô hình học tập năm N) as PDF, in the state format
of NĐ 30/2020: issuing body, number, place-and-date line, title, the officer's sections, the
tables, the bar chart of rates against targets, "Nơi nhận" and the signature; then, on landscape
pages, the appendices: the figures per village (or per commune, for the receiving office) and
the TT 25/2023 self-assessment figures.

The builder takes the summary dict (:func:`app.services.report_figures.annual_summary`, or an
area-wide dict of the same shape), the officer's :class:`~app.services.targets.ReportText`-like
object (``number``, ``achievements``, ``difficulties``, ``proposals``, ``recipient_lines``) and an
:class:`~app.printing.document.Issuer`; it returns PDF bytes and touches no database.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from app.domain.text import nfc
from app.i18n import document_date, format_number
from app.printing.charts import rate_chart
from app.printing.document import DocumentHeader, DocumentTitle, Issuer, SignatureBlock
from app.printing.fonts import SERIF, binary_streams, register_fonts
from app.printing.papers import grid_table, para

__all__ = ["build_annual_report_pdf", "num", "pct", "TITLE_SHORT"]

#: Short title names for narrow columns.
TITLE_SHORT = {"GDHT": "Gia đình học tập", "DHHT": "Dòng họ học tập", "CDHT_THON": "Cộng đồng học tập thôn",
               "DVHT": "Đơn vị học tập", "CDHT_CONG_DAN": "Công dân học tập"}
_PORTRAIT_W = A4[0] - 45 * mm
_LANDSCAPE_W = landscape(A4)[0] - 35 * mm


def num(value) -> str:
    """A count as printed: ``1.284``; None → ``—``."""
    return "—" if value is None else format_number(value)


def pct(value) -> str:
    """A percentage as printed (no sign): ``72,5``; None → ``—``."""
    return "—" if value is None else format_number(round(value, 1), 1)


def gap_text(value) -> str:
    """A gap to the target: ``+2,5`` / ``-7,0``; None → ``—``."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + format_number(round(value, 1), 1)


def _page_number(canvas, doc) -> None:
    if doc.page == 1:
        return
    canvas.saveState()
    canvas.setFont(SERIF, 13)
    width, height = canvas._pagesize
    canvas.drawCentredString(width / 2, height - 12 * mm, str(doc.page))
    canvas.restoreState()


class _Doc(BaseDocTemplate):
    """Portrait A4 pages, then landscape ones after ``NextPageTemplate("wide")`` (NĐ 30 margins)."""

    def __init__(self, out, title: str):
        super().__init__(out, pagesize=A4, title=nfc(title), creator="TTHTCD")
        pw, ph = A4
        portrait = Frame(30 * mm, 20 * mm, pw - 45 * mm, ph - 40 * mm, id="portrait", leftPadding=0,
                         rightPadding=0, topPadding=0, bottomPadding=0)
        lw, lh = landscape(A4)
        wide = Frame(20 * mm, 20 * mm, lw - 35 * mm, lh - 40 * mm, id="wide", leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("portrait", [portrait], onPage=_page_number, pagesize=A4),
            PageTemplate("wide", [wide], onPage=_page_number, pagesize=landscape(A4)),
        ])


def _titles_table(summary: dict) -> list:
    rows: list[list[object]] = [["TT", "Danh hiệu", "Hiện có", "Đăng ký", "Đã đánh giá", "Được công nhận",
                                 "Tỷ lệ (%)", "Chỉ tiêu (%)", "So với chỉ tiêu"]]
    for k, t in enumerate(summary.get("titles", []), 1):
        rows.append([str(k), t["name"], num(t["exist"]), num(t["registered"]), num(t["assessed"]),
                     num(t["recognised"]), pct(t["rate"]), pct(t["target"]), gap_text(t["gap"])])
    w = [8 * mm, 39 * mm] + [15.5 * mm] * 7
    w[-1] = _PORTRAIT_W - sum(w[:-1])
    return [grid_table(rows, w, centred_cols=tuple(range(2, 9)) + (0,), small=True)]


def _citizens_table(summary: dict) -> list:
    rows: list[list[object]] = [["TT", "Nhóm đối tượng", "Số người (cơ sở tính)", "Đạt Công dân học tập",
                                 "Tỷ lệ (%)", "Chỉ tiêu (%)", "So với chỉ tiêu"]]
    for k, c in enumerate(summary.get("citizens", []), 1):
        rows.append([str(k), c["name"], num(c["base"]), num(c["recognised"]), pct(c["rate"]), pct(c["target"]),
                     gap_text(c["gap"])])
    w = [8 * mm, 58 * mm, 20 * mm, 20 * mm, 17 * mm, 17 * mm]
    w.append(_PORTRAIT_W - sum(w))
    return [grid_table(rows, w, centred_cols=(0, 2, 3, 4, 5, 6), small=True)]


def _classes_table(summary: dict) -> list:
    cl = summary.get("classes") or {}
    rows: list[list[object]] = [["TT", "Chủ đề", "Lớp học", "Chuyên đề", "Buổi học", "Lượt người học",
                                 "Số người học"]]
    for k, t in enumerate(cl.get("by_topic", []), 1):
        rows.append([str(k), t["topic"], num(t["classes"]), num(t["talks"]), num(t["sessions"]), num(t["turnouts"]),
                     num(t["learners"])])
    rows.append(["", para("Tổng số", "small_bold"), *(para(num(cl.get(f, 0)), "small_bold_centre")
                                                     for f in ("classes", "talks", "sessions", "turnouts",
                                                               "learners"))])
    w = [8 * mm, 62 * mm, 17 * mm, 17 * mm, 17 * mm, 22 * mm]
    w.append(_PORTRAIT_W - sum(w))
    return [grid_table(rows, w, centred_cols=(0, 2, 3, 4, 5, 6), small=True)]


def _village_table(summary: dict, rows_heading: str) -> list:
    titles = [t["code"] for t in summary.get("titles", [])]
    head1: list[object] = ["TT", rows_heading] + [x for code in titles for x in (TITLE_SHORT.get(code, code), "", "")]
    head2: list[object] = ["", ""] + ["Hiện có", "Công nhận", "Tỷ lệ (%)"] * len(titles)
    rows = [head1, head2]
    for k, v in enumerate(summary.get("villages", []), 1):
        by = {t["code"]: t for t in v["titles"]}
        cells: list[object] = [str(k), v["name"]]
        for code in titles:
            t = by.get(code) or {"exist": 0, "recognised": 0, "rate": None}
            cells += [num(t["exist"]), num(t["recognised"]), pct(t["rate"])]
        rows.append(cells)
    total: list[object] = ["", para("Tổng số", "small_bold")]
    for t in summary.get("titles", []):
        total += [para(x, "small_bold_centre") for x in (num(t["exist"]), num(t["recognised"]), pct(t["rate"]))]
    rows.append(total)
    n = len(titles) * 3
    first = 9 * mm
    name_w = 44 * mm
    w = [first, name_w] + [(_LANDSCAPE_W - first - name_w) / max(n, 1)] * n
    table = grid_table(rows, w, header_rows=2, centred_cols=tuple(range(2, 2 + n)) + (0,), small=True)
    style = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))]
    style += [("SPAN", (2 + 3 * i, 0), (4 + 3 * i, 0)) for i in range(len(titles))]
    table.setStyle(style)
    return [table]


def _self_assessment_table(summary: dict) -> list:
    sa = summary.get("self_assessment") or {}
    rows: list[list[object]] = [["Mã", "Tiêu chí, chỉ tiêu", "Kết quả", "Nguồn số liệu"]]
    shaded = []
    for crit in sa.get("criteria", []):
        shaded.append(len(rows))
        rows.append([para(crit["code"], "small_bold_centre"), para(crit["name"], "small_bold"), "", ""])
        for item in crit["items"]:
            if item["value"] is None:
                value, how = "………………", "Cán bộ điền"
            else:
                v = item["value"]
                value = f"{pct(v)} %" if item["unit"] == "%" else f"{num(v)} {item['unit']}".strip()
                how = "Tính từ dữ liệu"
            rows.append([item["code"], item["name"], value, how])
    w = [14 * mm, 98 * mm, 28 * mm]
    w.append(_PORTRAIT_W - sum(w))
    return [grid_table(rows, w, shaded_rows=shaded, centred_cols=(0, 2, 3), small=True)]


def _text_section(text: str) -> list:
    paragraphs = [nfc(p) for p in (text or "").splitlines() if nfc(p)]
    if not paragraphs:
        return [para("…" * 33, "body"), para("…" * 33, "body")]
    return [para(p, "body") for p in paragraphs]


def _intro(commune: str, year) -> str:
    name = commune[:1].lower() + commune[1:] if commune[:3] in ("Xã ", "Phư", "Đặc") else commune
    who = f"Ủy ban nhân dân {name}" if name else "Ủy ban nhân dân"
    return f"{who} báo cáo kết quả xây dựng các mô hình học tập năm {year} như sau:"


def _chart_rows(summary: dict) -> list[tuple[str, float | None, float | None]]:
    rows = [(TITLE_SHORT.get(t["code"], t["name"]), t["rate"], t["target"]) for t in summary.get("titles", [])
            if t["code"] != "CDHT_CONG_DAN"]
    short = {"community": "CDHT trong gia đình, cộng đồng", "units": "CDHT trong đơn vị"}
    rows += [(short.get(c["group"], c["name"]), c["rate"], c["target"]) for c in summary.get("citizens", [])]
    return rows


def build_annual_report_pdf(summary: dict, text, issuer: Issuer, *, rows_heading: str = "Thôn, bản",
                            place: str = "", on: date | None = None, intro: str = "") -> bytes:
    """The annual report of ``summary["year"]`` (see the module documentation). ``text`` needs
    ``number``, ``achievements``, ``difficulties``, ``proposals`` and ``recipients`` (one per line);
    ``on`` None leaves the date line to fill in by hand; ``intro`` replaces the opening sentence
    (the receiving office names itself)."""
    register_fonts()
    year = summary.get("year")
    where = place or issuer.date_place
    date_line = document_date(on, where) if on else f"{where}, ngày … tháng … năm {year}"
    number = nfc(getattr(text, "number", "") or "") or "……/BC-UBND"
    commune = (summary.get("commune") or {}).get("name", "")
    recipients = tuple(line.strip() for line in (getattr(text, "recipients", "") or "").splitlines() if line.strip())
    citizens_note = ("Cơ sở tính: người lao động là người từ 15 đến 60 tuổi trong các hộ gia đình; cán bộ, công chức, "
                     "viên chức, người lao động là thành viên các đơn vị trên địa bàn.")
    story: list = [
        DocumentHeader(issuer.issuing_body, issuer.parent_body, f"Số: {number}", date_line),
        DocumentTitle("BÁO CÁO", [f"Kết quả xây dựng các mô hình học tập năm {year}"]),
        para(intro or _intro(commune, year), "body"),
        para("I. KẾT QUẢ ĐẠT ĐƯỢC", "base", bold=True),
        para("1. Kết quả công nhận các danh hiệu học tập", "base", bold=True),
        para("Tỷ lệ được công nhận tính trên số hiện có; “So với chỉ tiêu” là tỷ lệ trừ chỉ tiêu (điểm phần trăm).",
             "italic"),
        *_titles_table(summary), Spacer(1, 3 * mm),
        KeepTogether([para(f"Biểu đồ: tỷ lệ được công nhận so với chỉ tiêu năm {year}", "centre_italic"),
                      rate_chart(_chart_rows(summary), _PORTRAIT_W)]),
        Spacer(1, 2 * mm),
        KeepTogether([
            para("2. Công dân học tập theo nhóm đối tượng", "base", bold=True),
            *_citizens_table(summary), Spacer(1, 1 * mm),
            para(citizens_note, "italic")]),
        KeepTogether([
            para("3. Hoạt động của Trung tâm học tập cộng đồng", "base", bold=True),
            *_classes_table(summary)]),
        Spacer(1, 3 * mm),
        para("4. Đánh giá chung", "base", bold=True),
        *_text_section(getattr(text, "achievements", "")),
        para("II. KHÓ KHĂN, VƯỚNG MẮC", "base", bold=True),
        *_text_section(getattr(text, "difficulties", "")),
        # the signature never stands alone on a page: the last section goes with it
        KeepTogether([para("III. ĐỀ XUẤT, KIẾN NGHỊ", "base", bold=True),
                      *_text_section(getattr(text, "proposals", "")), Spacer(1, 4 * mm),
                      SignatureBlock(issuer.signer_authority, issuer.signer_position, issuer.signer_name,
                                     recipients)]),
        NextPageTemplate("wide"), PageBreak(),
        para(f"Phụ lục 1. KẾT QUẢ CÔNG NHẬN CÁC DANH HIỆU HỌC TẬP THEO {nfc(rows_heading).upper()} NĂM {year}",
             "centre_bold"),
        para(f"(Kèm theo Báo cáo số {number})", "centre_italic"),
        Spacer(1, 3 * mm),
        *_village_table(summary, rows_heading),
    ]
    if summary.get("self_assessment"):
        story += [NextPageTemplate("portrait"), PageBreak(),
                  para(f"Phụ lục 2. SỐ LIỆU TỰ ĐÁNH GIÁ CỘNG ĐỒNG HỌC TẬP CẤP XÃ NĂM {year}", "centre_bold"),
                  para("(Theo Thông tư 25/2023/TT-BGDĐT; số liệu từ ngày 01/01 đến ngày 31/12; các ô “Cán bộ điền” "
                       "do cán bộ bổ sung)", "centre_italic"), Spacer(1, 3 * mm),
                  *_self_assessment_table(summary)]
    out = io.BytesIO()
    with binary_streams():
        _Doc(out, f"Báo cáo kết quả xây dựng các mô hình học tập năm {year}").build(story)
    return out.getvalue()


def recipients_of(lines: Sequence[str]) -> str:
    """Recipients as stored (one per line)."""
    return "\n".join(nfc(x).strip() for x in lines if nfc(x).strip())
