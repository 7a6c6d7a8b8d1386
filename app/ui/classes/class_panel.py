"""The selected class under the list: its learners with the attendance grid (enrol persons, a whole
household, a guest; match a guest; take a learner off) and its details and sessions.

Marks are kept in the grid until "Lưu điểm danh" (Ctrl+S) saves them all with
:func:`~app.services.class_attendance.set_attendance` (one transaction); Ctrl+Z undoes the last
edit; marks not saved yet survive a reload of the class (after enrolling someone) and the page asks
before they would be lost.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_date
from app.services import class_attendance as att
from app.services import class_enrolment as enrol
from app.services import classes as svc
from app.services.errors import InUse, NotFound, ValidationFailed
from app.services.villages import list_villages
from app.ui.assessment.common import who
from app.ui.classes.attendance_model import AttendanceModel, AttendanceTable
from app.ui.classes.common import dates_text, problems_text
from app.ui.classes.enrol_dialogs import AddPersonsDialog, GuestDialog, MatchDialog, warnings_text
from app.ui.icons import icon
from app.ui.widgets.detail_panel import detail_body
from app.ui.widgets.person_picker import PersonSource


def _button(name: str, text: str, tip: str = "") -> QPushButton:
    b = QPushButton(icon(name), text)
    b.setAutoDefault(False)
    if tip:
        b.setToolTip(tip)
    return b


class ClassPanel(QWidget):
    """Shows one class (:meth:`set_class`). ``changed(kind, message)``: something was saved."""

    changed = Signal(str, str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.info: svc.ClassInfo | None = None
        self.source: PersonSource | None = None
        self.model = AttendanceModel(self)
        self.grid = AttendanceTable(self.model)
        self.grid.override_requested.connect(self._on_grid_override_requested)
        self.grid.doubleClicked.connect(lambda i: i.column() == self.model.done_column
                                        and self.grid.cycle_override(i.row()))
        self.model.grid_changed.connect(self._show_state)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setObjectName("hint")
        self.facts.setWordWrap(True)
        self.add_person = _button("person-add", _("Thêm người"), _("Tìm trong sổ nhân khẩu và thêm vào lớp"))
        self.add_household = _button("households", _("Thêm cả hộ"), _("Thêm mọi thành viên đang sinh sống của hộ"))
        self.add_guest = _button("add", _("Thêm khách"), _("Người chưa có trong sổ nhân khẩu của xã"))
        self.match = _button("ok", _("Ghép với người trong sổ"), _("Cho biết khách đang chọn là ai trong sổ"))
        self.remove = _button("delete", _("Bỏ khỏi lớp"))
        self.save_btn = _button("save", _("Lưu điểm danh"), _("Lưu điểm danh (Ctrl+S)"))
        self.save_btn.setObjectName("primary")
        self.save_btn.setIcon(icon("save", "#ffffff"))
        self.undo_btn = _button("refresh", _("Hoàn tác"), _("Bỏ thao tác điểm danh vừa làm (Ctrl+Z)"))
        self.head_count = QSpinBox()
        self.head_count.setRange(0, 100000)
        self.head_count.setSpecialValueText(_("chưa đếm"))
        self.head_save = _button("save", _("Lưu số người"))
        self.head_row = QWidget()
        hr = QHBoxLayout(self.head_row)
        hr.setContentsMargins(0, 0, 0, 0)
        hr.addWidget(QLabel(_("Chuyên đề: số người dự (đếm tại buổi):")))
        hr.addWidget(self.head_count)
        hr.addWidget(self.head_save)
        hr.addStretch(1)
        self.state = QLabel()
        self.state.setObjectName("hint")
        self.keys = QLabel(_("Phím: x, 1 có mặt · v, 0 vắng · Cách đổi · Enter xuống dòng"))
        self.keys.setObjectName("hint")
        self.keys.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        actions = QHBoxLayout()
        for b in (self.add_person, self.add_household, self.add_guest, self.match, self.remove):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.undo_btn)
        actions.addWidget(self.save_btn)
        learners = QWidget()
        ll = QVBoxLayout(learners)
        ll.setContentsMargins(0, 4, 0, 0)
        ll.addLayout(actions)
        ll.addWidget(self.head_row)
        ll.addWidget(self.grid, 1)
        ll.addWidget(self.empty, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state)
        bottom.addStretch(1)
        bottom.addWidget(self.keys, 2)
        ll.addLayout(bottom)
        self.info_text = detail_body()
        self.info_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info = QWidget()
        il = QVBoxLayout(info)
        il.addWidget(self.info_text, 1)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(learners, _("Học viên và điểm danh"))
        self.tabs.addTab(info, _("Thông tin và lịch học"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.title)
        lay.addWidget(self.facts)
        lay.addWidget(self.tabs, 1)

        self.add_person.clicked.connect(self.open_add_persons)
        self.add_household.clicked.connect(self.open_add_household)
        self.add_guest.clicked.connect(self.open_add_guest)
        self.match.clicked.connect(self.open_match)
        self.remove.clicked.connect(self.remove_selected)
        self.save_btn.clicked.connect(self.save)
        self.undo_btn.clicked.connect(self.model.undo_last)
        self.head_save.clicked.connect(self.save_head_count)
        self.grid.selectionModel().currentChanged.connect(lambda *_a: self._show_state())
        for seq, slot in (("Ctrl+S", self.save), ("Ctrl+Z", self.model.undo_last)):
            QShortcut(QKeySequence(seq), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.set_class(None)

    # -- showing a class
    def is_dirty(self) -> bool:
        return bool(self.model.changes())

    def set_class(self, class_id: int | None) -> None:
        """Show ``class_id`` (None: nothing). Unsaved marks of the same class are kept; for another
        class the officer is asked to save or drop them first."""
        same = self.info is not None and class_id == self.info.id
        pending = self.model.changes() if same else []
        if not same and self.is_dirty():
            self.confirm_leave()
        try:
            self.info = svc.get_class(self.ctx.db, class_id) if class_id is not None else None
            grid = att.attendance_grid(self.ctx.db, class_id) if class_id is not None else None
        except NotFound:
            self.info, grid = None, None
        self.model.set_grid(grid)
        if grid is not None and pending:
            rows = {r.enrolment_id for r in grid.rows}
            cols = {c.session_id for c in grid.columns}
            self.model.apply(grid.with_marks([m for m in pending if m[0] in rows and m[1] in cols]))
        self._show_info()

    def reload(self) -> None:
        self.set_class(self.info.id if self.info else None)

    def confirm_leave(self) -> None:
        """Ask whether to save the marks not saved yet (Yes saves, No drops them)."""
        if not self.is_dirty() or self.info is None:
            return
        answer = QMessageBox.question(
            self, _("Điểm danh chưa lưu"),
            _("Lưu {n} ô điểm danh chưa lưu của “{title}”?").format(n=len(self.model.changes()), title=self.info.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self.save()
        else:
            self.model.set_grid(self.model.loaded)

    def _show_info(self) -> None:
        i = self.info
        for w in (self.tabs, self.facts):
            w.setVisible(i is not None)
        if i is None:
            self.title.setText("")
            return
        d = i.data
        self.title.setText(i.title + (" " + _("(đã hủy)") if d.cancelled else ""))
        instructor = f"{i.instructor_name} ({i.instructor_organisation})" if i.instructor_organisation \
            else i.instructor_name
        self.facts.setText(" · ".join(x for x in (i.topic_name, svc.kind_name(d.kind), dates_text(i.starts_on, i.ends_on),
                                                   d.place, instructor) if x))
        talk = d.kind == "talk"
        self.head_row.setVisible(talk and len(i.sessions) == 1)
        if talk and i.sessions:
            self.head_count.setValue(i.sessions[0].head_count or 0)
        g = self.model.grid
        has_rows = g is not None and bool(g.rows)
        self.grid.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        self.keys.setVisible(has_rows and bool(g.columns))
        if not i.sessions:
            self.empty.setText(_("Lớp chưa có buổi học nào. Bấm Sửa (Enter) để thêm lịch học, "
                                 "rồi thêm học viên để điểm danh."))
        else:
            self.empty.setText(_("Lớp chưa có học viên. Bấm “Thêm người”, “Thêm cả hộ” hoặc “Thêm khách”."))
        self.info_text.setText(self._info_html(i))
        self._show_state()

    def _info_html(self, i: svc.ClassInfo) -> str:
        d = i.data
        rows = [(_("Chủ đề"), i.topic_name), (_("Loại"), svc.kind_name(d.kind)), (_("Địa điểm"), d.place),
                (_("Báo cáo viên"), f"{i.instructor_name} ({i.instructor_organisation})"
                 if i.instructor_organisation else i.instructor_name),
                (_("Đơn vị phối hợp"), d.partner), (_("Kinh phí"), d.funding_note), (_("Đối tượng"), d.target_group),
                (_("Số học viên dự kiến"), str(d.capacity) if d.capacity else ""),
                (_("Hoàn thành khi"), _("dự từ {p} % số buổi trở lên").format(p=d.completion_percent))]
        lines = [f"<b>{k}:</b> {v}" for k, v in rows if v]
        sessions = []
        for x in i.sessions:
            when = f"{x.start_time:%H:%M}–{x.end_time:%H:%M}" if x.start_time and x.end_time else ""
            extra = ", ".join(v for v in (when, x.place, _("{n} người dự").format(n=x.head_count)
                                          if x.head_count is not None else "") if v)
            sessions.append(f"<li>{_('Buổi {n}').format(n=x.number)}: {format_date(x.held_on)}"
                            + (f" — {extra}" if extra else "") + "</li>")
        head = f"<br><b>{_('Lịch học')}:</b> " + (_("{n} buổi").format(n=len(i.sessions)) if i.sessions
                                                   else _("chưa có buổi nào"))
        return "<br>".join(lines) + head + (f"<ol style='margin-left:-20px'>{''.join(sessions)}</ol>" if sessions else "")

    def _show_state(self) -> None:
        g = self.model.grid
        if g is None:
            self.state.clear()
            return
        done = sum(1 for r in range(len(g.rows)) if g.completion(r).completed)
        text = _("{n} học viên · {d} hoàn thành").format(n=len(g.rows), d=done)
        pending = len(self.model.changes())
        if pending:
            text += " · " + _("{n} ô chưa lưu").format(n=pending)
        self.state.setText(text)
        self.save_btn.setEnabled(bool(pending))
        self.undo_btn.setEnabled(bool(self.model.undo))
        row = self._current_row()
        self.match.setEnabled(row is not None and row.guest)
        self.remove.setEnabled(row is not None)
        has = self.info is not None
        for b in (self.add_person, self.add_household, self.add_guest):
            b.setEnabled(has)

    def _current_row(self):
        idx = self.grid.currentIndex()
        g = self.model.grid
        return g.rows[idx.row()] if g is not None and idx.isValid() and idx.row() < len(g.rows) else None

    # -- saving
    def save(self) -> bool:
        changes = self.model.changes()
        if self.info is None or not changes:
            return True
        try:
            saved = att.set_attendance(self.ctx.db, self.info.id, changes, by=who())
        except (ValidationFailed, NotFound) as exc:
            QMessageBox.warning(self, _("Không lưu được điểm danh"), problems_text(exc))
            return False
        self.model.mark_saved()
        self.changed.emit("class_attendance", _("Đã lưu điểm danh “{title}”: {n} ô.").format(
            title=self.info.title, n=saved.changed))
        return True

    def _on_grid_override_requested(self, row: int, value) -> None:
        g = self.model.grid
        r = g.rows[row]
        try:
            enrol.set_completed(self.ctx.db, r.enrolment_id, value)
        except NotFound as exc:
            QMessageBox.warning(self, self.info.title, problems_text(exc))
            return
        rows = list(g.rows)
        rows[row] = replace(r, completed_override=value)
        loaded = self.model.loaded
        self.model.loaded = replace(loaded, rows=tuple(replace(x, completed_override=value)
                                                       if x.enrolment_id == r.enrolment_id else x for x in loaded.rows))
        self.model.grid = replace(g, rows=tuple(rows))
        self.model.undo = [replace(u, rows=tuple(replace(x, completed_override=value) if x.enrolment_id == r.enrolment_id
                                                  else x for x in u.rows)) for u in self.model.undo]
        self.model.refresh()
        word = {True: _("hoàn thành"), False: _("chưa hoàn thành"), None: _("theo tỷ lệ buổi học")}[value]
        self.changed.emit("class_attendance", _("{name}: {word}.").format(name=r.name, word=word))

    def save_head_count(self) -> None:
        if self.info is None or not self.info.sessions:
            return
        value = self.head_count.value() or None
        svc.set_head_count(self.ctx.db, self.info.sessions[0].id, value)
        self.changed.emit("class", _("Đã lưu số người dự “{title}”: {n}.").format(title=self.info.title, n=value or 0))

    # -- learners
    def _source(self) -> PersonSource:
        if self.source is None:
            self.source = PersonSource(self.ctx.db)
        return self.source

    def invalidate_persons(self) -> None:
        self.source = None

    def _enrolled(self, message: str) -> None:
        self.reload()
        self.changed.emit("class_enrolment", message)

    def open_add_persons(self) -> None:
        if self.info is None:
            return
        d = AddPersonsDialog(self.ctx.db, self.info.id, self.info.title, self._source(), self)
        d.exec()
        if d.added:
            self._enrolled(_("Đã thêm {n} học viên vào “{title}”.").format(n=d.added, title=self.info.title))

    def open_add_household(self) -> None:
        from app.services import households as hh
        from app.ui.widgets.household_picker import HouseholdPicker

        if self.info is None:
            return
        villages = [(v.id, v.name) for v in list_villages(self.ctx.db)]
        picker = HouseholdPicker(hh.household_rows(self.ctx.db), villages, parent=self,
                                 title=_("Thêm cả hộ vào lớp"))
        if not picker.exec():
            return
        added, warnings = 0, []
        for row in picker.chosen_rows():
            result = enrol.enrol_household(self.ctx.db, self.info.id, row[hh.H_ID])
            added += len(result.added)
            warnings.append(warnings_text(result))
        text = " ".join(dict.fromkeys(w.replace("\n", " ") for w in warnings if w))
        self._enrolled(_("Đã thêm {n} học viên vào “{title}”.").format(n=added, title=self.info.title)
                       + (f" {text}" if text else ""))

    def open_add_guest(self) -> None:
        if self.info is None:
            return
        d = GuestDialog(self.ctx.db, self.info.id, [v.name for v in list_villages(self.ctx.db)], self)
        if d.exec() and d.result:
            text = warnings_text(d.result).replace("\n", " ")
            self._enrolled(_("Đã thêm khách {name} vào “{title}”.").format(name=d.guest().full_name.strip(),
                                                                            title=self.info.title)
                           + (f" {text}" if text else ""))

    def open_match(self) -> None:
        row = self._current_row()
        if row is None or not row.guest:
            return
        if self.is_dirty() and not self.save():
            return
        label = ", ".join(x for x in (row.name, str(row.birth_year or ""), row.village) if x)
        d = MatchDialog(self.ctx.db, row.enrolment_id, label, self._source(), self)
        if d.exec() and d.result:
            message = _("Đã ghép khách {name} với người trong sổ.").format(name=row.name)
            if d.result.merged:
                message += " " + _("Gộp {n} lượt điểm danh.").format(n=d.result.marks_changed)
            self._enrolled(message)

    def remove_selected(self) -> None:
        row = self._current_row()
        if row is None or self.info is None:
            return
        if QMessageBox.question(self, _("Bỏ khỏi lớp"), _("Bỏ {name} khỏi “{title}”? Điểm danh của người này "
                                                        "trong lớp cũng bị xóa.").format(name=row.name, title=self.info.title)) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            enrol.remove_enrolment(self.ctx.db, row.enrolment_id)
        except InUse as exc:
            box = QMessageBox.question(self, _("Bỏ khỏi lớp"), "\n".join(exc.reasons) + "\n\n" + _(
                "Vẫn bỏ người này và điểm danh của họ?"))
            if box != QMessageBox.StandardButton.Yes:
                return
            enrol.remove_enrolment(self.ctx.db, row.enrolment_id, force=True)
        self._enrolled(_("Đã bỏ {name} khỏi “{title}”.").format(name=row.name, title=self.info.title))
