"""What the Tổng quan screen shows, gathered from services in one call (no Qt, no queries here).

:func:`load_dashboard` may run on a worker thread (each service opens its own session); it
returns a frozen :class:`Dashboard`. The figures are those of the annual report
(``report_figures.annual_summary``) so the screen and the printed report never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import settings
from app.db.engine import Database
from app.i18n import N_, _, format_number, ngettext


@dataclass(frozen=True)
class MissingItem:
    """One thing still to do: the sentence shown and the area (page key) that fixes it."""

    text: str
    area: str
    detail: str = ""  # shown as the tooltip


@dataclass(frozen=True)
class Dashboard:
    year: int
    summary: dict  # the annual summary (see app.services.report_figures.annual_summary)
    deadline: date
    days_left: int  # negative: overdue
    targets_set: bool
    missing: tuple[MissingItem, ...]

    @property
    def empty(self) -> bool:
        """Nothing registered and nothing recognised: a year without assessment data."""
        return not any(t.get("registered") or t.get("recognised") for t in self.summary.get("titles", ()))


def deadline_for(db: Database, year: int) -> date:
    """The report deadline of ``year`` from the setting "MM-DD" (01/12 when unreadable)."""
    raw = str(settings.get(db, settings.REPORT_DEADLINE) or "12-01")
    try:
        month, day = (int(x) for x in raw.strip().split("-"))
        return date(year, month, day)
    except ValueError:
        return date(year, 12, 1)


def deadline_text(days_left: int) -> str:
    """"Còn 7 ngày", "Hôm nay là hạn cuối", "Quá hạn 3 ngày"."""
    if days_left > 0:
        return ngettext("Còn {n} ngày", "Còn {n} ngày", days_left).format(n=format_number(days_left))
    if days_left == 0:
        return _("Hôm nay là hạn cuối")
    return ngettext("Quá hạn {n} ngày", "Quá hạn {n} ngày", -days_left).format(n=format_number(-days_left))


_UNSCORED = N_("{village}: còn {n} đối tượng chưa chấm xong")


def load_dashboard(db: Database, year: int, today: date | None = None) -> Dashboard:
    """Gather the year's figures (one ``annual_summary``: the progress per title and village is
    in it too), the deadline and what is missing."""
    from app.services import report_figures, targets

    summary = report_figures.annual_summary(db, year)
    targets_set = any(v is not None for v in targets.targets_for(db, year).values())
    deadline = deadline_for(db, year)
    days_left = (deadline - (today or date.today())).days
    return Dashboard(year, summary, deadline, days_left, targets_set, tuple(_missing(summary, targets_set, year)))


def _missing(summary: dict, targets_set: bool, year: int) -> list[MissingItem]:
    out: list[MissingItem] = []
    if not targets_set:
        out.append(MissingItem(_("Chưa đặt chỉ tiêu năm {year}: bấm để đặt chỉ tiêu").format(year=year), "reports"))
    titles = summary.get("titles", ())
    if not any(t.get("registered") for t in titles):
        out.append(MissingItem(_("Chưa có đối tượng nào đăng ký đánh giá năm {year}").format(year=year), "assessment"))
        return out
    for v in summary.get("villages", ()):
        left = [(t["name"], t["registered"] - t["assessed"]) for t in v.get("titles", ())
                if t.get("registered", 0) > t.get("assessed", 0)]
        if left:
            n = sum(k for _name, k in left)
            out.append(MissingItem(_(_UNSCORED).format(village=v["name"], n=format_number(n)), "assessment",
                                   ", ".join(f"{name}: {format_number(k)}" for name, k in left)))
    for t in titles:
        if t.get("assessed") and not t.get("recognised"):
            out.append(MissingItem(_("{title}: đã chấm xong {n}, chưa có quyết định công nhận").format(
                title=t["name"], n=format_number(t["assessed"])), "assessment"))
        elif t.get("registered") and not t.get("assessed"):
            out.append(MissingItem(_("{title}: đã đăng ký {n}, chưa chấm điểm").format(
                title=t["name"], n=format_number(t["registered"])), "assessment"))
    return out
