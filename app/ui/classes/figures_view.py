"""Số liệu năm: the year's classes and talks per topic and month, sessions, learner turnouts (lượt
người) and distinct learners, by sex, age band, ethnicity and village — from
:func:`app.services.class_figures.year_figures` (read off the UI thread)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, format_date, format_number
from app.services.class_figures import BreakdownRow, Counts, YearFigures, year_figures
from app.tasks import run_with_progress
from app.ui import theme

TOTAL_COLUMNS = (N_("Lớp học"), N_("Chuyên đề"), N_("Buổi"), N_("Lượt người"), N_("Học viên"), N_("Hoàn thành"))


def _n(value: int) -> str:
    return format_number(value) if value else ""


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(22)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    return t


def _item(text: str, right: bool = True, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        f = QFont()
        f.setBold(True)
        item.setFont(f)
    return item


class FiguresView(QWidget):
    """Shows :meth:`load` (a year) in a topic × month table and four breakdown tables."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.figures: YearFigures | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        months = [_("T{m}").format(m=m) for m in range(1, 13)]
        self.topics = _table([_("Chủ đề"), *months, *(_(c) for c in TOTAL_COLUMNS)])
        self.topics.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.topics.horizontalHeader().setDefaultSectionSize(34)
        self.topics.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i, w in enumerate((70, 84, 50, 92, 80, 92)):
            self.topics.setColumnWidth(13 + i, w)
        self.topics.setToolTip(_("Tháng: số lớp học và chuyên đề mở trong tháng (tính theo buổi đầu tiên)."))
        self.breakdowns: dict[str, QTableWidget] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for col, (key, title) in enumerate((("sex", _("Giới tính")), ("age", _("Độ tuổi")),
                                            ("ethnicity", _("Dân tộc")), ("village", _("Thôn, bản")))):
            t = _table([title, _("Lượt người"), _("Học viên")])
            t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            t.setColumnWidth(1, 92)
            t.setColumnWidth(2, 80)
            self.breakdowns[key] = t
            grid.addWidget(t, 0, col)
        self.note = QLabel(_("Lượt người: mỗi người có mặt ở mỗi buổi tính một lượt; ở chuyên đề có đếm số người dự, "
                             "những người không ghi tên cũng được tính (giới tính, độ tuổi… “chưa rõ”). Học viên: "
                             "số người khác nhau có mặt ít nhất một buổi."))
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(self.topics, 3)
        lay.addLayout(grid, 2)
        lay.addWidget(self.note)

    def load(self, year: int) -> None:
        """Compute the year's figures off the UI thread and show them."""
        self.figures = run_with_progress(self, _("Số liệu năm"), _("Đang tính số liệu lớp học năm {year}…").format(
            year=year), lambda _r, _c: year_figures(self.ctx.db, year))
        self.show_figures(self.figures)

    def show_figures(self, f: YearFigures) -> None:
        t = f.total
        self.summary.setText(_(
            "<b>Năm {year}</b> (đến {day}): <b>{classes}</b> lớp học và <b>{talks}</b> chuyên đề, <b>{sessions}</b> "
            "buổi, <b>{turnouts}</b> lượt người, <b>{learners}</b> học viên; {completed}/{enrolments} lượt ghi danh "
            "hoàn thành.").format(
            year=f.year, day=format_date(f.as_of), classes=format_number(t.classes), talks=format_number(t.talks),
            sessions=format_number(t.sessions), turnouts=format_number(t.turnouts), learners=format_number(t.learners),
            completed=format_number(t.completed), enrolments=format_number(t.enrolments)))
        cells = {(c.topic_id, c.month): c.counts for c in f.cells}
        rows = [(x.topic_name, x.topic_id, x.counts) for x in f.by_topic if x.counts != Counts()]
        self.topics.setRowCount(len(rows) + 1)
        for r, (name, tid, counts) in enumerate(rows):
            self._topic_row(r, name, [cells.get((tid, m)) for m in range(1, 13)], counts, False)
        self._topic_row(len(rows), _("Cộng"), list(f.by_month), t, True)
        self._breakdown("sex", f.by_sex)
        self._breakdown("age", f.by_age_band)
        self._breakdown("ethnicity", f.by_ethnicity)
        self._breakdown("village", f.by_village)

    def _topic_row(self, r: int, name: str, months: list[Counts | None], c: Counts, bold: bool) -> None:
        first = _item(name, right=False, bold=bold)
        first.setToolTip(name)
        self.topics.setItem(r, 0, first)
        for m, counts in enumerate(months):
            n = (counts.classes + counts.talks) if counts else 0
            self.topics.setItem(r, 1 + m, _item(_n(n), bold=bold))
        for i, v in enumerate((c.classes, c.talks, c.sessions, c.turnouts, c.learners, c.completed)):
            item = _item(_n(v), bold=bold)
            if i >= 3:
                item.setBackground(QBrush(QColor(theme.ACCENT_LIGHT)))
            self.topics.setItem(r, 13 + i, item)

    def _breakdown(self, key: str, rows: tuple[BreakdownRow, ...]) -> None:
        t = self.breakdowns[key]
        t.setRowCount(len(rows))
        for r, b in enumerate(rows):
            t.setItem(r, 0, _item(b.label, right=False))
            t.setItem(r, 1, _item(format_number(b.turnouts)))
            t.setItem(r, 2, _item(format_number(b.learners)))
