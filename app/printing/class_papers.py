"""The centre's class papers as PDF (platypus, A4): the year's plan (kế hoạch hoạt động năm), the
attendance sheet to fill in on paper (danh sách điểm danh) and the class log (sổ theo dõi lớp học).

Inputs are plain frozen dataclasses (the services in :mod:`app.services.class_print` build them
from the database); every builder returns PDF bytes, opens no dialog and touches no database.
The plan follows NĐ 30/2020 (header, number and date line, title, signature with "Nơi nhận");
the sheet is landscape with one box per learner and session; the log is portrait.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from app.domain.text import nfc
from app.i18n import document_date
from app.printing.document import DocumentHeader, DocumentTitle, Issuer, SignatureBlock
from app.printing.fonts import register_fonts
from app.printing.papers import STYLES, build_pdf, grid_table, para

__all__ = ["ClassHeading", "PlanRow", "PlanMonthRows", "YearPlanPaper", "SheetLearner", "AttendanceSheetPaper",
           "LogSession", "LogLearner", "ClassLogPaper", "build_year_plan", "build_attendance_sheet",
           "build_class_log"]

_TINY = ParagraphStyle("class_tiny", parent=STYLES["small_centre"], fontSize=8, leading=9.5)
_TINY_BOLD = ParagraphStyle("class_tiny_bold", parent=STYLES["small_bold_centre"], fontSize=8, leading=9.5)


def _cell(*parts: tuple[str, str], style: str = "small") -> Paragraph:
    """A cell of several lines, each ``(text, face)`` with face "", "b" or "i"; empty texts skipped."""
    lines = []
    for text, face in parts:
        if nfc(text):
            t = escape(nfc(text))
            lines.append(f"<{face}>{t}</{face}>" if face else t)
    return Paragraph("<br/>".join(lines), STYLES[style])


# ---------------------------------------------------------------- the year's plan


@dataclass(frozen=True)
class PlanRow:
    """One class or talk of the plan; ``when`` reads like "05/03 – 26/03 (4 buổi)"."""

    title: str
    topic: str
    kind: str  # "Lớp học" | "Chuyên đề"
    when: str
    place: str
    instructor: str
    partner: str = ""
    target: str = ""
    funding: str = ""


@dataclass(frozen=True)
class PlanMonthRows:
    label: str  # "Tháng 3" or "Chưa xếp lịch"
    rows: tuple[PlanRow, ...]


@dataclass(frozen=True)
class YearPlanPaper:
    """The centre's plan for ``year``. Empty ``purposes``/``tasks`` use the default wording."""

    issuer: Issuer
    year: int
    centre_name: str
    months: tuple[PlanMonthRows, ...]
    number: str = ""
    signed_on: date | None = None
    purposes: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ("UBND xã (để báo cáo)", "Hội Khuyến học xã", "Các thôn, bản", "Lưu: TTHTCĐ")


def _default_purposes(p: YearPlanPaper) -> tuple[str, ...]:
    return (
        "Tổ chức các lớp học, chuyên đề đáp ứng nhu cầu học tập thường xuyên, suốt đời của người dân; góp phần "
        "xây dựng xã hội học tập, nâng cao tỷ lệ Công dân học tập, Gia đình học tập, Dòng họ học tập, Cộng đồng "
        "học tập.",
        "Nội dung thiết thực, gắn với sản xuất, đời sống và nhiệm vụ của địa phương; bố trí thời gian, địa điểm "
        f"phù hợp để người dân tham gia đông đủ. Theo dõi, điểm danh và đánh giá kết quả từng lớp trong năm {p.year}.",
    )


def _default_tasks(p: YearPlanPaper) -> tuple[str, ...]:
    return (
        "Ban Giám đốc Trung tâm phân công cán bộ phụ trách từng lớp, phối hợp với báo cáo viên, các đoàn thể và "
        "trưởng thôn, bản thông báo, vận động người dân tham gia; lập danh sách, điểm danh và sổ theo dõi lớp học.",
        "Các thôn, bản bố trí nhà văn hóa làm địa điểm học tập; Hội Khuyến học xã theo dõi kết quả học tập để "
        "làm căn cứ đánh giá, công nhận các danh hiệu học tập cuối năm.",
        "Kế hoạch có thể được điều chỉnh, bổ sung trong năm theo nhu cầu của người dân và chỉ đạo của cấp trên.",
    )


def build_year_plan(p: YearPlanPaper) -> bytes:
    """KẾ HOẠCH hoạt động năm: purposes, the classes by month (table), tasks, signature."""
    register_fonts()
    issuer = p.issuer
    date_line = document_date(p.signed_on, issuer.date_place) if p.signed_on else \
        f"{issuer.date_place}, ngày … tháng … năm {p.year}"
    table: list[list[object]] = [["TT", "Nội dung", "Thời gian", "Địa điểm", "Báo cáo viên, đơn vị phối hợp",
                                  "Đối tượng, số lượng"]]
    spans = []
    n = courses = talks = 0
    for month in p.months:
        spans.append(len(table))
        table.append([para(month.label, "small_bold")] + [""] * 5)
        for r in month.rows:
            n += 1
            courses += r.kind != "Chuyên đề"
            talks += r.kind == "Chuyên đề"
            funding = f"Kinh phí: {nfc(r.funding)}" if nfc(r.funding) else ""
            table.append([str(n), _cell((r.title, "b"), (f"{r.kind} · {r.topic}", "i"), (funding, "")),
                          _cell((r.when, "")), _cell((r.place, "")),
                          _cell((r.instructor, ""), (r.partner, "i")), _cell((r.target, ""))])
    story: list = [
        DocumentHeader(issuer.issuing_body, issuer.parent_body, f"Số: {nfc(p.number) or '……/KH-TTHTCĐ'}", date_line),
        DocumentTitle("KẾ HOẠCH", [f"Hoạt động năm {p.year} của {nfc(p.centre_name)}"]),
        para("I. MỤC ĐÍCH, YÊU CẦU", "base", bold=True),
    ]
    story += [para(f"{k}. {t}", "body") for k, t in enumerate(p.purposes or _default_purposes(p), 1)]
    story += [para("II. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN", "base", bold=True), Spacer(1, 2 * mm)]
    if n:
        story.append(grid_table(table, [9 * mm, 52 * mm, 24 * mm, 26 * mm, 32 * mm, 22 * mm], shaded_rows=spans,
                                spans=spans, centred_cols=(0,), small=True))
    story += [Spacer(1, 2 * mm),
              para(f"Tổng số: {courses} lớp học, {talks} chuyên đề." if n else "Chưa có lớp học, chuyên đề nào.",
                   "body"),
              para("III. TỔ CHỨC THỰC HIỆN", "base", bold=True)]
    tasks = [para(f"{k}. {t}", "body") for k, t in enumerate(p.tasks or _default_tasks(p), 1)]
    signature = SignatureBlock(issuer.signer_authority, issuer.signer_position, issuer.signer_name, p.recipients)
    # the signature never stands alone on a page: the last paragraph goes with it
    story += tasks[:-1] + [KeepTogether([tasks[-1], Spacer(1, 4 * mm), signature])]
    return build_pdf(story, title=f"Kế hoạch hoạt động năm {p.year}")


# ---------------------------------------------------------------- a class's heading


@dataclass(frozen=True)
class ClassHeading:
    """What the sheet and the log say about the class ("" prints nothing)."""

    title: str
    kind: str  # "Lớp học" | "Chuyên đề"
    topic: str
    dates: str  # "05/3/2025 – 26/3/2025, 4 buổi"
    place: str = ""
    instructor: str = ""
    partner: str = ""
    target_group: str = ""
    capacity: int | None = None
    funding: str = ""
    rule: str = ""  # "Hoàn thành khi dự từ 80 % số buổi (4/5 buổi)."


def _info_lines(h: ClassHeading, full: bool) -> list:
    pairs = [("Chủ đề", f"{h.topic} ({h.kind.lower()})"), ("Thời gian", h.dates), ("Địa điểm", h.place),
             ("Báo cáo viên", h.instructor)]
    if full:
        pairs += [("Đơn vị phối hợp", h.partner), ("Đối tượng", h.target_group),
                  ("Số học viên dự kiến", str(h.capacity) if h.capacity else ""), ("Kinh phí", h.funding),
                  ("Điều kiện hoàn thành", h.rule)]
    return [para(value, "cell", head=f"{label}:") for label, value in pairs if nfc(value)]


def _chunks(n: int, size: int) -> list[range]:
    """``n`` columns in as few tables of at most ``size`` as possible, of about equal widths."""
    if n <= 0:
        return [range(0)]
    size = -(-n // -(-n // size))  # 30 sessions at most 14 a table: 3 tables of 10
    return [range(k, min(n, k + size)) for k in range(0, n, size)]


def _two_signatures(left: str, left_name: str, right: str, right_name: str, width: float,
                    gap: float = 20 * mm) -> Table:
    cols = [[para(title, "centre_bold"), para("(Ký, ghi rõ họ tên)", "small_italic"), Spacer(1, gap),
             para(name, "centre_bold")] for title, name in ((left, left_name), (right, right_name))]
    t = Table([cols], colWidths=[width / 2, width / 2])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


# ---------------------------------------------------------------- the attendance sheet


@dataclass(frozen=True)
class SheetLearner:
    name: str
    birth_year: int | None = None
    village: str = ""
    marks: tuple[str, ...] = ()  # per session: "x", "v" or "" (printed as they are)


@dataclass(frozen=True)
class AttendanceSheetPaper:
    """The sheet to fill in: ``sessions`` as (number, date) like ("1", "05/03"); ``blank_rows``
    numbered empty rows for people who come without being listed; a talk gets one signature box."""

    issuer: Issuer
    centre_name: str
    heading: ClassHeading
    sessions: tuple[tuple[str, str], ...]
    learners: tuple[SheetLearner, ...]
    blank_rows: int = 5
    talk: bool = False
    per_page: int = 14


def build_attendance_sheet(p: AttendanceSheetPaper) -> bytes:
    """DANH SÁCH ĐIỂM DANH: landscape, learners × sessions boxes (``per_page`` sessions a table at
    most; more sessions continue on the next pages, names repeated). A talk: DANH SÁCH NGƯỜI DỰ,
    portrait, one box to sign."""
    register_fonts()
    width = 165 * mm if p.talk else 262 * mm
    story: list = []
    for k, cols in enumerate(_chunks(len(p.sessions), 1 if p.talk else p.per_page)):
        if k:
            story.append(PageBreak())
        story += _sheet_page(p, cols, width, first=k == 0)
    tail: list = [Spacer(1, 2 * mm)]
    if p.talk:
        tail.append(para("Tổng số người dự (đếm cả người không có tên trong danh sách): …………… người.", "base"))
    tail.append(_two_signatures("NGƯỜI ĐIỂM DANH", "", "BÁO CÁO VIÊN", p.heading.instructor.split(" (")[0], width,
                                gap=14 * mm))
    story.append(KeepTogether(tail))
    return build_pdf(story, wide=not p.talk, title=f"Điểm danh {p.heading.title}", page_numbers=True)


def _sheet_table(p: AttendanceSheetPaper, cols: range, width: float) -> Table:
    """Two header rows: the fixed columns span both; "Buổi học" spans the sessions' numbers and dates."""
    if p.talk:
        fixed, boxes = [10 * mm, 52 * mm, 16 * mm, 35 * mm], [32 * mm]
        group, under = "Có mặt (ký tên)", [Paragraph(escape(p.sessions[c][1]), _TINY_BOLD) for c in cols]
    else:
        fixed = [10 * mm, 52 * mm, 15 * mm, 32 * mm]
        box = min(16 * mm, (width - sum(fixed) - 22 * mm) / max(1, len(cols)))
        boxes = [box] * len(cols)
        group = "Buổi học (số thứ tự, ngày)"
        under = [Paragraph(f"{escape(p.sessions[c][0])}<br/>{escape(p.sessions[c][1])}", _TINY_BOLD) for c in cols]
    widths = fixed + boxes + [width - sum(fixed) - sum(boxes)]
    n, last = len(cols), 4 + len(cols)
    rows: list[list[object]] = [["TT", "Họ và tên", "Năm sinh", "Thôn, bản", group] + [""] * (n - 1) + ["Ghi chú"],
                                ["", "", "", ""] + under + [""]]
    for i, r in enumerate(p.learners, 1):
        marks = [Paragraph(escape(r.marks[c] if c < len(r.marks) else ""), _TINY) for c in cols]
        rows.append([str(i), nfc(r.name), str(r.birth_year or ""), nfc(r.village)] + marks + [""])
    for i in range(p.blank_rows):
        rows.append([str(len(p.learners) + i + 1), "", "", ""] + [""] * n + [""])
    table = grid_table(rows, widths, header_rows=2, centred_cols=(0, 2), small=True)
    spans = [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, 3, last)] + [("SPAN", (4, 0), (last - 1, 0))]
    table.setStyle(TableStyle(spans + [("LEFTPADDING", (4, 0), (last - 1, -1), 1),
                                       ("RIGHTPADDING", (4, 0), (last - 1, -1), 1),
                                       ("TOPPADDING", (0, 2), (-1, -1), 4), ("BOTTOMPADDING", (0, 2), (-1, -1), 5)]))
    return table


def _sheet_page(p: AttendanceSheetPaper, cols: range, width: float, first: bool) -> list:
    h = p.heading
    title = "DANH SÁCH NGƯỜI DỰ" if p.talk else "DANH SÁCH ĐIỂM DANH"
    out: list = [para(nfc(p.centre_name).upper(), "small_bold"), Spacer(1, 2 * mm), DocumentTitle(title, [h.title])]
    if first:
        lines = _info_lines(h, False)
        info = Table([[lines[:2], lines[2:]]], colWidths=[width / 2, width / 2])
        info.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        out += [info, para("Ghi x nếu có mặt, v nếu vắng.", "small_italic") if not p.talk else Spacer(1, 1),
                Spacer(1, 2 * mm)]
    else:
        out.append(para(f"(tiếp theo: buổi {p.sessions[cols[0]][0]} – {p.sessions[cols[-1]][0]})", "small_italic"))
    return out + [_sheet_table(p, cols, width)]


# ---------------------------------------------------------------- the class log


@dataclass(frozen=True)
class LogSession:
    number: int
    day: str
    time: str
    place: str  # only when it differs from the class's place
    present: int
    head_count: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class LogLearner:
    name: str
    birth_year: int | None
    sex: str  # "Nam" | "Nữ" | ""
    village: str
    attended: int
    completed: bool
    marks: tuple[str, ...] = ()
    note: str = ""  # "Khách, chưa khớp với nhân khẩu của xã", "Được xác nhận hoàn thành"


@dataclass(frozen=True)
class ClassLogPaper:
    issuer: Issuer
    centre_name: str
    heading: ClassHeading
    sessions: tuple[LogSession, ...]
    learners: tuple[LogLearner, ...]
    signed_on: date | None = None
    kept_by: str = ""


def build_class_log(p: ClassLogPaper) -> bytes:
    """SỔ THEO DÕI LỚP HỌC: the class's details, its sessions, its learners with sessions attended
    and completion, then the marks (12 sessions a table), the summary and signatures."""
    register_fonts()
    issuer, h = p.issuer, p.heading
    width = 165 * mm
    n_sessions = len(p.sessions)
    done = sum(r.completed for r in p.learners)
    women = sum(r.sex == "Nữ" for r in p.learners)
    turnouts = sum(max(x.present, x.head_count or 0) for x in p.sessions)
    sessions = [["Buổi", "Ngày", "Thời gian", "Có mặt", "Nội dung, ghi chú"]]
    for x in p.sessions:
        count = f"{x.present}" + (f" (đếm {x.head_count})" if x.head_count is not None else "")
        where = f"Tại {nfc(x.place)}." if nfc(x.place) else ""
        sessions.append([str(x.number), x.day, x.time, count, _cell((x.notes, ""), (where, "i"))])
    learners = [["TT", "Họ và tên", "Năm sinh", "Giới tính", "Thôn, bản", "Số buổi có mặt", "Hoàn thành"]]
    for i, r in enumerate(p.learners, 1):
        learners.append([str(i), _cell((r.name, ""), (r.note, "i")), str(r.birth_year or ""), r.sex, nfc(r.village),
                         f"{r.attended}/{n_sessions}", "x" if r.completed else ""])
    date_line = document_date(p.signed_on, issuer.date_place) if p.signed_on else ""
    story: list = [
        DocumentHeader(issuer.issuing_body, issuer.parent_body, "", date_line, compact=True),
        DocumentTitle("SỔ THEO DÕI LỚP HỌC", [h.title]),
        *_info_lines(h, True),
        Spacer(1, 3 * mm), para("I. CÁC BUỔI HỌC", "base", bold=True), Spacer(1, 1 * mm),
        grid_table(sessions, [13 * mm, 26 * mm, 28 * mm, 28 * mm, 70 * mm], centred_cols=(0, 1, 2, 3), small=True),
        Spacer(1, 3 * mm), para("II. HỌC VIÊN", "base", bold=True), Spacer(1, 1 * mm),
        grid_table(learners, [9 * mm, 50 * mm, 17 * mm, 17 * mm, 32 * mm, 20 * mm, 20 * mm],
                   centred_cols=(0, 2, 3, 5, 6), small=True),
    ]
    if n_sessions and p.learners and len(p.sessions) > 1:
        story += [Spacer(1, 3 * mm), para("III. ĐIỂM DANH (x: có mặt, v: vắng)", "base", bold=True)]
        for cols in _chunks(n_sessions, 12):
            story += [Spacer(1, 1 * mm), _marks_table(p, cols, width)]
    rate = f" ({done * 100 / len(p.learners):.1f} %)".replace(".", ",") if p.learners else ""
    story += [Spacer(1, 3 * mm), para(
        f"Tổng số: {n_sessions} buổi; {len(p.learners)} học viên (nữ {women}); hoàn thành {done}{rate}; "
        f"{turnouts} lượt người dự.", "body"), Spacer(1, 2 * mm),
        KeepTogether([_two_signatures("NGƯỜI LẬP SỔ", p.kept_by, issuer.signer_position.upper(), issuer.signer_name,
                                      width)])]
    return build_pdf(story, title=f"Sổ theo dõi lớp học {h.title}")


def _marks_table(p: ClassLogPaper, cols: range, width: float) -> Table:
    head: list[object] = ["TT", "Họ và tên"] + [Paragraph(f"B{p.sessions[c].number}<br/>{escape(p.sessions[c].day[:5])}",
                                                          _TINY_BOLD) for c in cols]
    box = (width - 59 * mm) / 12
    rows: list[list[object]] = [head]
    for i, r in enumerate(p.learners, 1):
        rows.append([str(i), nfc(r.name)] + [Paragraph(escape(r.marks[c] if c < len(r.marks) else ""), _TINY)
                                             for c in cols])
    table = grid_table(rows, [9 * mm, 50 * mm] + [box] * len(cols), centred_cols=(0,), small=True)
    table.hAlign = "LEFT"
    return table


def plan_when(starts_on: date | None, ends_on: date | None, sessions: int) -> str:
    """"05/03 – 26/03 (4 buổi)", "12/04 (1 buổi)" or "Chưa xếp lịch"."""
    if starts_on is None:
        return "Chưa xếp lịch"
    first = f"{starts_on:%d/%m}"
    span = first if ends_on in (None, starts_on) else f"{first} – {ends_on:%d/%m}"
    return f"{span} ({sessions} buổi)"


def sessions_label(sessions: Sequence[date]) -> tuple[tuple[str, str], ...]:
    """("1", "05/03"), … for a sheet's columns (number, day and month)."""
    return tuple((str(i), f"{d:%d/%m}") for i, d in enumerate(sessions, 1))
