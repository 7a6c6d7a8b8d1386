"""The data of the class papers, read from the database and handed to the builders of
:mod:`app.printing.class_papers`: the year's plan, a class's attendance sheet and its log.

Each function reads in its own session(s) and returns PDF bytes; run it as a task off the UI
thread (a plan of 300 classes takes about a second to lay out). The issuer is the centre: "UBND
XÃ …" over "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG", signed by the centre's director from the profile.
"""

from __future__ import annotations

from datetime import date

from app.db.engine import Database
from app.i18n import format_date
from app.printing.class_papers import (
    AttendanceSheetPaper,
    ClassHeading,
    ClassLogPaper,
    LogLearner,
    LogSession,
    PlanMonthRows,
    PlanRow,
    SheetLearner,
    YearPlanPaper,
    build_attendance_sheet,
    build_class_log,
    build_year_plan,
    plan_when,
    sessions_label,
)
from app.printing.document import Issuer
from app.services.class_attendance import attendance_grid
from app.services.class_figures import year_plan
from app.services.class_grid import mark_text, sessions_needed
from app.services.classes import ClassInfo, get_class, kind_name
from app.services.setup import get_profile


def centre_issuer(db: Database) -> tuple[Issuer, str]:
    """(issuer, centre name) of the centre's papers, from the commune profile."""
    profile = get_profile(db)
    commune = profile.commune_name if profile else ""
    display = profile.commune_display if profile else ""
    director = profile.signer("centre_director") if profile else None
    issuer = Issuer(profile.commune_code if profile else "", commune, director.full_name if director else "",
                    issuing_body=("TRUNG TÂM HỌC TẬP", "CỘNG ĐỒNG"), parent_body=(f"UBND {display}".upper(),),
                    signer_authority="", signer_position="GIÁM ĐỐC")
    centre = (profile.centre_name if profile else "") or f"Trung tâm học tập cộng đồng {display}".strip()
    return issuer, centre


def _month_label(month: int | None) -> str:
    return f"Tháng {month}" if month else "Chưa xếp lịch"


def plan_pdf(db: Database, year: int, number: str = "", signed_on: date | None = None) -> bytes:
    """The centre's plan for ``year`` (kế hoạch hoạt động năm), classes by month."""
    issuer, centre = centre_issuer(db)
    plan = year_plan(db, year)
    months = []
    for m in plan.months:
        rows = []
        for c in m.classes:
            instructor = f"{c.instructor} ({c.organisation})" if c.instructor and c.organisation else c.instructor
            target = "; ".join(x for x in (c.target_group, f"{c.capacity} người" if c.capacity else "") if x)
            partner = c.partner if c.partner != c.organisation else ""
            rows.append(PlanRow(c.title, c.topic_name, kind_name(c.kind), plan_when(c.starts_on, c.ends_on, c.sessions),
                                c.place, instructor, partner, target, c.funding_note))
        months.append(PlanMonthRows(_month_label(m.month), tuple(rows)))
    return build_year_plan(YearPlanPaper(issuer, year, centre, tuple(months), number, signed_on))


def _heading(info: ClassInfo) -> ClassHeading:
    d = info.data
    n = len(info.sessions)
    if info.starts_on is None:
        dates = "Chưa xếp lịch"
    elif info.starts_on == info.ends_on:
        dates = f"{format_date(info.starts_on)}, {n} buổi"
    else:
        dates = f"{format_date(info.starts_on)} – {format_date(info.ends_on)}, {n} buổi"
    instructor = (f"{info.instructor_name} ({info.instructor_organisation})" if info.instructor_organisation
                  else info.instructor_name)
    rule = (f"Dự từ {d.completion_percent} % số buổi trở lên ({sessions_needed(n, d.completion_percent)}/{n} buổi)."
            if n else "")
    return ClassHeading(d.title, kind_name(d.kind), info.topic_name, dates, d.place, instructor, d.partner,
                        d.target_group, d.capacity, d.funding_note, rule)


def attendance_sheet_pdf(db: Database, class_id: int, prefilled: bool = False, blank_rows: int | None = None) -> bytes:
    """The attendance sheet to print and fill in (``prefilled``: with the marks already saved),
    with ``blank_rows`` for people not listed (default 5 for a class, 10 for a talk)."""
    issuer, centre = centre_issuer(db)
    info = get_class(db, class_id)
    grid = attendance_grid(db, class_id)
    learners = tuple(SheetLearner(r.name, r.birth_year, r.village,
                                  tuple(mark_text(grid.mark(i, k)) if prefilled else "" for k in range(len(grid.columns))))
                     for i, r in enumerate(grid.rows))
    return build_attendance_sheet(AttendanceSheetPaper(
        issuer, centre, _heading(info), sessions_label([c.held_on for c in grid.columns]), learners,
        (10 if info.kind == "talk" else 5) if blank_rows is None else blank_rows, info.kind == "talk"))


def _time(x) -> str:
    if x.start_time and x.end_time:
        return f"{x.start_time:%H:%M}–{x.end_time:%H:%M}"
    return f"{x.start_time:%H:%M}" if x.start_time else ""


def class_log_pdf(db: Database, class_id: int, signed_on: date | None = None, kept_by: str = "") -> bytes:
    """The class log (sổ theo dõi lớp học): details, sessions, learners, marks, completion."""
    issuer, centre = centre_issuer(db)
    info = get_class(db, class_id)
    grid = attendance_grid(db, class_id)
    sessions = tuple(LogSession(x.number, format_date(x.held_on), _time(x), x.place,
                                grid.present_count(k), x.head_count, x.notes) for k, x in enumerate(info.sessions))
    sexes = {"M": "Nam", "F": "Nữ"}
    learners = []
    for i, r in enumerate(grid.rows):
        done = grid.completion(i)
        note = "Khách, chưa khớp với nhân khẩu của xã" if r.guest else ""
        if r.completed_override is not None:
            note = "; ".join(x for x in (note, "Được xác nhận hoàn thành" if r.completed_override
                                         else "Được xác nhận chưa hoàn thành") if x)
        learners.append(LogLearner(r.name, r.birth_year, sexes.get(r.sex, ""), r.village, done.attended,
                                   done.completed, tuple(mark_text(grid.mark(i, k)) for k in range(len(grid.columns))),
                                   note))
    return build_class_log(ClassLogPaper(issuer, centre, _heading(info), sessions, tuple(learners), signed_on,
                                         kept_by))
