"""The form of a class or talk: its details on the left, its planned sessions on the right.

Sessions are typed in a small table (date dd/mm/yyyy, times hh:mm, place when not the class's) or
added as a weekly series ("Thêm buổi": first date × number of sessions, every 7 days). A new
class is saved with :func:`~app.services.classes.create_class` (one transaction); an edited one
with ``update_class`` and, if the sessions changed, ``set_sessions`` (asking before removing a
session that has attendance marks).
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services import class_lists as cl
from app.services import classes as svc
from app.services.errors import InUse, Problem, ValidationFailed
from app.ui.assessment.common import date_edit, pydate, qdate, working_day
from app.ui.classes.lists_dialogs import InstructorDialog
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.icons import icon
from app.ui.widgets.form_helpers import FieldMessage, set_combo_data

SESSION_COLUMNS = (N_("Ngày"), N_("Từ giờ"), N_("Đến giờ"), N_("Nơi học khác"))


def _parse_date(text: str) -> date | None:
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _parse_time(text: str) -> time | None | bool:
    """A time, None for blank, False when unreadable."""
    text = text.strip().lower().replace("h", ":").replace(".", ":")
    if not text:
        return None
    if text.endswith(":"):
        text += "00"
    try:
        h, _s, m = text.partition(":")
        return time(int(h), int(m or 0))
    except ValueError:
        return False


class ClassDialog(RecordDialog):
    """Add (``class_id`` None) or edit a class; ``saved_id`` after saving."""

    kind = "class"

    def __init__(self, ctx, class_id: int | None = None, parent=None):
        super().__init__(ctx, _("Sửa lớp học, chuyên đề") if class_id else _("Thêm lớp học, chuyên đề"), parent)
        self.class_id = class_id
        self.info = svc.get_class(ctx.db, class_id) if class_id else None
        self._build_details()
        self._build_sessions()
        self.body.removeItem(self.form)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(self.form, 5)
        columns.addWidget(self.sessions_box, 4)
        self.body.insertLayout(0, columns)
        self.add_to_tab_chain(self.series_first, self.series_count, self.series_start, self.series_end,
                              self.series_button, self.table, self.remove_button)
        if self.info:
            self._load(self.info)
        self.finish()
        self.resize(1020, 600)
        self.title.setFocus()

    # -- building
    def _build_details(self) -> None:
        self.topic = QComboBox()
        self.topic_add = QPushButton(icon("add"), "")
        self.topic_add.setToolTip(_("Thêm chủ đề mới vào danh sách"))
        self.topic_add.clicked.connect(self._on_topic_add_clicked)
        self._fill_topics()
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("Ví dụ: Kỹ thuật trồng cà phê"))
        self.kind_box = QComboBox()
        for code, label in svc.KINDS.items():
            self.kind_box.addItem(_(label), code)
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("Trung tâm, nhà văn hóa thôn, trường học…"))
        self.instructor = QComboBox()
        self.instructor_add = QPushButton(icon("person-add"), "")
        self.instructor_add.setToolTip(_("Thêm báo cáo viên mới"))
        self.instructor_add.clicked.connect(self._on_instructor_add_clicked)
        self._fill_instructors()
        self.partner = QLineEdit()
        self.funding = QLineEdit()
        self.funding.setPlaceholderText(_("Ví dụ: kinh phí xã hội hóa, ngân sách xã"))
        self.target = QLineEdit()
        self.target.setPlaceholderText(_("Ví dụ: nông dân, phụ nữ, người cao tuổi"))
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 10000)
        self.capacity.setSpecialValueText(_("chưa định"))
        self.percent = QSpinBox()
        self.percent.setRange(0, 100)
        self.percent.setValue(80)
        self.percent.setSuffix(" %")
        self.add_field("topic_id", _("Chủ đề"), self._with_button(self.topic, self.topic_add), True, focus=self.topic)
        self.add_to_tab_chain(self.topic_add)
        self.add_field("title", _("Tên lớp, chuyên đề"), self.title, True)
        self.add_field("kind", _("Loại"), self.kind_box, True,
                       hint=_("Lớp học có nhiều buổi; chuyên đề chỉ có một buổi."))
        self.add_field("place", _("Địa điểm"), self.place)
        self.add_field("instructor_id", _("Báo cáo viên"), self._with_button(self.instructor, self.instructor_add),
                       focus=self.instructor)
        self.add_to_tab_chain(self.instructor_add)
        self.add_field("partner", _("Đơn vị phối hợp"), self.partner)
        self.add_field("funding_note", _("Kinh phí"), self.funding)
        self.add_field("target_group", _("Đối tượng"), self.target)
        self.add_field("capacity", _("Số học viên dự kiến"), self.capacity)
        self.add_field("completion_percent", _("Hoàn thành khi dự từ"), self.percent,
                       hint=_("số buổi trở lên; có thể xác nhận riêng từng học viên khi điểm danh."))

    @staticmethod
    def _with_button(box: QWidget, button: QPushButton) -> QWidget:
        w = QWidget()
        row = QHBoxLayout(w)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(box, 1)
        row.addWidget(button)
        button.setAutoDefault(False)
        return w

    def _build_sessions(self) -> None:
        self.sessions_box = QGroupBox(_("Lịch học"))
        start = working_day(self.ctx.year)
        self.series_first = date_edit(start)
        self.series_count = QSpinBox()
        self.series_count.setRange(1, 60)
        self.series_count.setValue(1)
        self.series_count.setSuffix(" " + _("buổi"))
        self.series_start = QTimeEdit(QTime(8, 0))
        self.series_end = QTimeEdit(QTime(10, 0))
        for t in (self.series_start, self.series_end):
            t.setDisplayFormat("HH:mm")
        self.series_button = QPushButton(icon("calendar"), _("Thêm buổi"))
        self.series_button.setAutoDefault(False)
        self.series_button.setToolTip(_("Thêm các buổi cách nhau một tuần, từ ngày đã chọn"))
        self.series_button.clicked.connect(self.add_series)
        series = QFormLayout()
        series.addRow(_("Từ ngày"), self.series_first)
        series.addRow(_("Số buổi (hằng tuần)"), self.series_count)
        times = QHBoxLayout()
        times.addWidget(self.series_start)
        times.addWidget(QLabel("–"))
        times.addWidget(self.series_end)
        times.addStretch(1)
        series.addRow(_("Giờ học"), times)
        self.table = QTableWidget(0, len(SESSION_COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in SESSION_COLUMNS])
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, w in enumerate((96, 62, 66)):
            self.table.setColumnWidth(i, w)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.remove_button = QPushButton(icon("delete"), _("Bỏ buổi đã chọn"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.session_count = QLabel()
        self.session_count.setObjectName("hint")
        self.sessions_message = FieldMessage()
        self._messages["sessions"] = self.sessions_message
        self._fields["sessions"] = self.table
        lay = QVBoxLayout(self.sessions_box)
        lay.addLayout(series)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.series_button)
        lay.addLayout(add_row)
        lay.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.session_count, 1)
        bottom.addWidget(self.remove_button)
        lay.addLayout(bottom)
        lay.addWidget(self.sessions_message)
        self.table.model().rowsInserted.connect(lambda *_a: self._count())
        self.table.model().rowsRemoved.connect(lambda *_a: self._count())
        self._count()

    def _fill_topics(self, select: int | None = None) -> None:
        current = select if select is not None else self.topic.currentData()
        self.topic.clear()
        for t in cl.list_topics(self.ctx.db, include_inactive=True):
            if t.active or (self.info and t.id == self.info.data.topic_id) or t.id == current:
                self.topic.addItem(t.name, t.id)
        if current is not None:
            set_combo_data(self.topic, current)

    def _fill_instructors(self, select: int | None = None) -> None:
        current = select if select is not None else self.instructor.currentData()
        self.instructor.clear()
        self.instructor.addItem(_("(chưa chọn)"), None)
        for i in cl.list_instructors(self.ctx.db):
            self.instructor.addItem(i.display, i.id)
        set_combo_data(self.instructor, current)

    def _load(self, info: svc.ClassInfo) -> None:
        d = info.data
        set_combo_data(self.topic, d.topic_id)
        self.title.setText(d.title)
        set_combo_data(self.kind_box, d.kind)
        self.place.setText(d.place)
        set_combo_data(self.instructor, d.instructor_id)
        self.partner.setText(d.partner)
        self.funding.setText(d.funding_note)
        self.target.setText(d.target_group)
        self.capacity.setValue(d.capacity or 0)
        self.percent.setValue(d.completion_percent)
        for x in info.sessions:
            self._add_row(x.held_on, x.start_time, x.end_time, x.place, x.id)
        if info.sessions:
            last = info.sessions[-1]
            self.series_first.setDate(qdate(last.held_on).addDays(7))
            if last.start_time:
                self.series_start.setTime(QTime(last.start_time.hour, last.start_time.minute))
            if last.end_time:
                self.series_end.setTime(QTime(last.end_time.hour, last.end_time.minute))

    # -- sessions
    def _add_row(self, day: date, start: time | None, end: time | None, place: str = "",
                 session_id: int | None = None) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        texts = (f"{day:%d/%m/%Y}", f"{start:%H:%M}" if start else "", f"{end:%H:%M}" if end else "", place)
        for c, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, session_id)
            self.table.setItem(r, c, item)

    def add_series(self) -> None:
        """Add ``series_count`` sessions a week apart from ``series_first``; a talk gets one."""
        count = 1 if self.kind_box.currentData() == "talk" else self.series_count.value()
        start, end = self.series_start.time().toPython(), self.series_end.time().toPython()
        for x in svc.weekly_sessions(pydate(self.series_first.date()), count, start, end):
            self._add_row(x.held_on, x.start_time, x.end_time)
        self.sort_rows()
        self.sessions_message.show_problems([])

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True):
            self.table.removeRow(r)

    def sort_rows(self) -> None:
        rows = [self._row(r) for r in range(self.table.rowCount())]
        if any(isinstance(x, Problem) for x in rows):
            return
        rows.sort(key=lambda x: (x.held_on, x.start_time or time.min))
        self.table.setRowCount(0)
        for x in rows:
            self._add_row(x.held_on, x.start_time, x.end_time, x.place, x.id)

    def _count(self) -> None:
        n = self.table.rowCount()
        self.session_count.setText(_("{n} buổi").format(n=n) if n else _("Chưa có buổi nào: chọn ngày rồi bấm "
                                                                        "“Thêm buổi”."))

    def _text(self, r: int, c: int) -> str:
        item = self.table.item(r, c)
        return item.text() if item else ""

    def _row(self, r: int) -> svc.SessionData | Problem:
        day = _parse_date(self._text(r, 0))
        start, end = _parse_time(self._text(r, 1)), _parse_time(self._text(r, 2))
        if day is None:
            return Problem("sessions", _("Dòng {n}: ngày “{text}” không đọc được; hãy gõ dạng 22/11/2026.").format(
                n=r + 1, text=self._text(r, 0)))
        if start is False or end is False:
            return Problem("sessions", _("Dòng {n}: giờ phải có dạng 18:30.").format(n=r + 1))
        item = self.table.item(r, 0)
        return svc.SessionData(day, start, end, self._text(r, 3).strip(), None, "",
                               item.data(Qt.ItemDataRole.UserRole) if item else None)

    def sessions(self) -> tuple[list[svc.SessionData], list[Problem]]:
        rows = [self._row(r) for r in range(self.table.rowCount())]
        return [x for x in rows if not isinstance(x, Problem)], [x for x in rows if isinstance(x, Problem)]

    # -- topics and instructors
    def _on_topic_add_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, _("Thêm chủ đề"), _("Tên chủ đề mới:"))
        if not ok or not name.strip():
            return
        try:
            row = cl.save_topic(self.ctx.db, name)
        except ValidationFailed as exc:
            QMessageBox.warning(self, _("Thêm chủ đề"), "\n".join(p.message for p in exc.problems))
            return
        self._fill_topics(row.id)
        self.ctx.changed("class_list", _("Đã thêm chủ đề {name}.").format(name=row.name))

    def _on_instructor_add_clicked(self) -> None:
        d = InstructorDialog(self.ctx.db, None, self)
        if d.exec() and d.saved:
            self._fill_instructors(d.saved.id)
            self.ctx.changed("class_list", _("Đã thêm báo cáo viên {name}.").format(name=d.saved.full_name))

    # -- saving
    def data(self) -> svc.ClassData:
        info = self.info.data if self.info else None
        return svc.ClassData(
            self.topic.currentData() or 0, self.title.text(), self.kind_box.currentData(), self.place.text(),
            self.instructor.currentData(), self.partner.text(), self.funding.text(), self.target.text(),
            self.capacity.value() or None, self.percent.value(), info.year if info and info.year else self.ctx.year,
            info.cancelled if info else False, info.notes if info else "")

    def snapshot(self) -> object:
        return (self.data(), tuple(tuple(self._text(r, c) for c in range(4)) for r in range(self.table.rowCount())))

    def check(self) -> list[Problem]:
        return self.sessions()[1]

    def write(self) -> int:
        sessions, _p = self.sessions()
        try:
            if self.info is None:
                return svc.create_class(self.ctx.db, self.data(), sessions).id
            svc.update_class(self.ctx.db, self.info.id, self.data())
            if sessions != [svc.SessionData(x.held_on, x.start_time, x.end_time, x.place, x.head_count, x.notes, x.id)
                            for x in self.info.sessions]:
                self._write_sessions(sessions)
            return self.info.id
        except ValidationFailed as exc:
            raise ValidationFailed([Problem("sessions" if p.field in ("end_time", "head_count") else p.field,
                                            p.message, p.level, p.row) for p in exc.problems]) from None

    def _write_sessions(self, sessions: list[svc.SessionData]) -> None:
        old = {x.id: x for x in self.info.sessions}
        # keep what the form does not show (head count, notes) of the sessions it keeps
        sessions = [svc.SessionData(x.held_on, x.start_time, x.end_time, x.place, old[x.id].head_count,
                                    old[x.id].notes, x.id) if x.id in old else x for x in sessions]
        try:
            svc.set_sessions(self.ctx.db, self.info.id, sessions)
        except InUse as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, _("Bỏ buổi đã điểm danh"),
                              _("Bỏ các buổi đã có điểm danh? Điểm danh của các buổi này sẽ mất."),
                              QMessageBox.StandardButton.NoButton, self)
            box.setInformativeText("\n".join(exc.reasons))
            yes = box.addButton(_("Bỏ buổi và điểm danh"), QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(box.addButton(_("Giữ lại"), QMessageBox.ButtonRole.RejectRole))
            box.exec()
            if box.clickedButton() is not yes:
                raise ValidationFailed([Problem("sessions", _("Các buổi đã điểm danh được giữ lại; "
                                                              "thông tin khác của lớp đã lưu."), "warning")]) from None
            svc.set_sessions(self.ctx.db, self.info.id, sessions, force=True)

    def saved_message(self) -> str:
        word = svc.kind_name(self.kind_box.currentData())
        return _("Đã lưu {kind} “{title}”.").format(kind=word.lower(), title=self.title.text().strip())
