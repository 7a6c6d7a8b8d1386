"""Lớp học: the working year's classes and talks on top, the selected one below (learners and the
attendance grid, details and sessions); "Số liệu năm" swaps the list for the year's figures.

Toolbar: Thêm (Ctrl+N), Sửa (Enter), Xóa (Delete); Nhập Excel (an attendance sheet filled in),
Xuất Excel (the selected class's attendance sheet, Ctrl+E); In (Ctrl+P: the blank attendance
sheet, the class log); Kế hoạch năm (the plan PDF); Số liệu năm; Chủ đề, báo cáo viên.
Follows ``ctx.year``; reloads on ``ctx.data_changed``.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QMessageBox, QStackedWidget, QToolButton

from app.domain.text import matches, search_tokens
from app.i18n import _, format_number
from app.services import class_lists as cl
from app.services import class_print, class_sheets
from app.services import classes as svc
from app.services.class_person import sessions_held
from app.services.errors import InUse, NotFound
from app.ui.classes import common
from app.ui.classes.class_panel import ClassPanel
from app.ui.classes.figures_view import FiguresView
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column
from app.ui.widgets.list_page import ListPage

# the row tuple
C_ID, C_TITLE, C_TOPIC_ID, C_TOPIC, C_KIND, C_PLACE, C_INSTRUCTOR, C_YEAR, C_START, C_END, C_SESSIONS, \
    C_LEARNERS, C_CANCELLED, C_SEARCH, C_HELD = range(15)

CLASS_KINDS = ("class", "class_list", "class_enrolment", "class_attendance")


class ClassesPage(ListPage):
    reload_on = (*CLASS_KINDS, "person", "household", "village")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, _("Lớp học"), parent)
        self.search.setPlaceholderText(_("Tìm theo tên lớp, chủ đề, địa điểm (không cần dấu)…"))
        self._build_filters()
        self._build_actions()
        self.panel = ClassPanel(ctx)
        self.panel.changed.connect(self._on_panel_changed)
        self.detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_layout.addWidget(self.panel)
        self.splitter.setOrientation(Qt.Orientation.Vertical)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self._splitter_placed = False
        self.figures = FiguresView(ctx)
        self.stack = QStackedWidget()
        self.layout().replaceWidget(self.splitter, self.stack)
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.figures)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(1, self.table.horizontalHeader().ResizeMode.Stretch)
        self.connect_record_actions()
        ctx.year_changed.connect(self._on_ctx_year_changed)
        self._show_year()

    # -- building
    def _build_filters(self) -> None:
        self.topic_filter = QComboBox()
        self.topic_filter.setMinimumWidth(170)
        self.month_filter = QComboBox()
        self.month_filter.addItem(_("Cả năm"), None)
        for m in range(1, 13):
            self.month_filter.addItem(_("Tháng {m}").format(m=m), m)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_("Lớp học và chuyên đề"), None)
        for code, label in svc.KINDS.items():
            self.kind_filter.addItem(_(label), code)
        for label, box in ((_("Chủ đề:"), self.topic_filter), (_("Tháng:"), self.month_filter),
                           (_("Loại:"), self.kind_filter)):
            self.filter_bar.addWidget(QLabel(label))
            self.filter_bar.addWidget(box)
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.filter_bar.addStretch(1)
        self._fill_topics()

    def _build_actions(self) -> None:
        self.import_action.setToolTip(_("Nhập điểm danh từ bảng Excel đã điền"))
        self.export_action.setToolTip(_("Xuất bảng điểm danh của lớp đang chọn ra Excel (Ctrl+E)"))
        self.print_action.setToolTip(_("In danh sách điểm danh hoặc sổ theo dõi lớp học (Ctrl+P)"))
        self.import_action.setEnabled(True)
        self.import_action.triggered.connect(self.import_attendance)
        self.export_action.triggered.connect(self.export_attendance)
        self.print_sheet_action = QAction(icon("print"), _("In danh sách điểm danh (để điền tay)"), self)
        self.print_log_action = QAction(icon("print"), _("In sổ theo dõi lớp học"), self)
        self.print_sheet_action.triggered.connect(self.print_sheet)
        self.print_log_action.triggered.connect(self.print_log)
        self.print_menu = QMenu(self)
        self.print_menu.addAction(self.print_sheet_action)
        self.print_menu.addAction(self.print_log_action)
        self.print_action.triggered.connect(self._on_print_triggered)
        self.toolbar.addSeparator()
        self.plan_action = self._action("calendar", _("Kế hoạch năm"), None)
        self.plan_action.setToolTip(_("In kế hoạch hoạt động năm của Trung tâm (PDF)"))
        self.plan_action.triggered.connect(self.print_plan)
        self.figures_action = self._action("reports", _("Số liệu năm"), None)
        self.figures_action.setCheckable(True)
        self.figures_action.toggled.connect(self._on_figures_toggled)
        self.lists_action = self._action("settings", _("Danh mục"), None)
        self.lists_action.setToolTip(_("Chủ đề và báo cáo viên của Trung tâm"))
        self.lists_action.triggered.connect(self.open_lists)

    def _fill_topics(self) -> None:
        current = self.topic_filter.currentData()
        self.topic_filter.blockSignals(True)
        self.topic_filter.clear()
        self.topic_filter.addItem(_("Tất cả"), None)
        for t in cl.list_topics(self.ctx.db, include_inactive=True):
            self.topic_filter.addItem(t.name, t.id)
        i = self.topic_filter.findData(current)
        self.topic_filter.setCurrentIndex(max(i, 0))
        self.topic_filter.blockSignals(False)

    # -- the list
    def columns(self) -> list[Column]:
        def state(r):
            return common.class_state(r[C_START], r[C_END], r[C_CANCELLED])

        return [
            Column(_("Chủ đề"), lambda r: r[C_TOPIC], width=150),
            Column(_("Tên lớp, chuyên đề"), lambda r: r[C_TITLE], width=240),
            Column(_("Loại"), lambda r: svc.kind_name(r[C_KIND]), width=82),
            Column(_("Địa điểm"), lambda r: r[C_PLACE], width=150),
            Column(_("Thời gian"), lambda r: common.dates_text(r[C_START], r[C_END]),
                   sort_key=lambda r: (r[C_START] is None, r[C_START] or 0), width=150),
            Column(_("Báo cáo viên"), lambda r: r[C_INSTRUCTOR], width=130),
            Column(_("Học viên"), lambda r: r[C_LEARNERS], sort_key=lambda r: r[C_LEARNERS], align_right=True,
                   width=70),
            Column(_("Buổi"), lambda r: f"{r[C_HELD]}/{r[C_SESSIONS]}", sort_key=lambda r: r[C_SESSIONS],
                   align_right=True, width=56),
            Column(_("Tình trạng"), lambda r: state(r)[0], foreground=lambda r: _brush(state(r)[1]), width=100),
        ]

    def load_rows(self) -> list[tuple]:
        held = sessions_held(self.ctx.db, self.ctx.year)
        return [(*(getattr(r, f) for f in ("id", "title", "topic_id", "topic_name", "kind", "place", "instructor_name",
                                            "year", "starts_on", "ends_on", "sessions", "learners", "cancelled",
                                            "search_key")), held.get(r.id, 0))
                for r in svc.list_classes(self.ctx.db, self.ctx.year)]

    def filter_rows(self, rows: list[tuple], query: str) -> list[int]:
        tokens = search_tokens(query)
        topic = self.topic_filter.currentData() if hasattr(self, "topic_filter") else None
        month = self.month_filter.currentData() if hasattr(self, "month_filter") else None
        kind = self.kind_filter.currentData() if hasattr(self, "kind_filter") else None
        return [i for i, r in enumerate(rows)
                if (topic is None or r[C_TOPIC_ID] == topic) and (kind is None or r[C_KIND] == kind)
                and (month is None or (r[C_START] is not None and r[C_START].month == month))
                and (not tokens or matches(r[C_SEARCH], tokens))]

    def count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return _("{n} lớp học, chuyên đề").format(n=format_number(total))
        return _("hiển thị {shown} / {n} lớp học, chuyên đề").format(shown=format_number(shown),
                                                                     n=format_number(total))

    def empty_text(self) -> str:
        return _("Chưa có lớp học, chuyên đề nào trong năm {year}. Bấm Thêm (Ctrl+N) để lập lớp mới.").format(
            year=self.ctx.year)

    def show_detail(self, row: tuple | None) -> None:
        if hasattr(self, "panel"):
            self.panel.set_class(row[C_ID] if row else None)
        for a in (self.export_action, self.print_action):
            a.setEnabled(row is not None)

    def clear_filters(self) -> None:
        super().clear_filters()
        for box in (self.topic_filter, self.month_filter, self.kind_filter):
            box.setCurrentIndex(0)

    def _show_year(self) -> None:
        self.title_label.setText(_("Lớp học năm {year}").format(year=self.ctx.year))

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._splitter_placed:
            self._splitter_placed = True
            QTimer.singleShot(0, self._place_splitter)

    def _place_splitter(self) -> None:
        """About seven classes on top, the selected class below."""
        total = max(self.splitter.height(), 400)
        list_height = min(240, int(total * 0.4))
        self.splitter.setSizes([list_height, total - list_height])

    # -- signals
    def _on_ctx_year_changed(self, _year: int) -> None:
        self.panel.confirm_leave()
        self._show_year()
        self._stale = True
        if self.isVisible():
            self.reload()
            if self.figures_action.isChecked():
                self.figures.load(self.ctx.year)

    def _on_ctx_data_changed(self, kind: str) -> None:
        if kind == "class_list":
            self._fill_topics()
        if kind in ("person", "household"):
            self.panel.invalidate_persons()
        super()._on_ctx_data_changed(kind)

    def _on_panel_changed(self, kind: str, message: str) -> None:
        self.ctx.changed(kind, message)

    def _on_figures_toggled(self, on: bool) -> None:
        if on:
            self.figures.load(self.ctx.year)
        self.stack.setCurrentWidget(self.figures if on else self.splitter)
        for w in (self.search, self.topic_filter, self.month_filter, self.kind_filter, self.count_label):
            w.setEnabled(not on)

    def _on_print_triggered(self) -> None:
        button = self.toolbar.widgetForAction(self.print_action)
        where = button.mapToGlobal(QPoint(0, button.height())) if isinstance(button, QToolButton) else None
        self.print_menu.popup(where or self.mapToGlobal(QPoint(0, 0)))

    # -- records
    def open_form(self, class_id: int | None) -> None:
        from app.ui.classes.class_form import ClassDialog

        self.panel.confirm_leave()
        self.run_form(ClassDialog(self.ctx, class_id, self))

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        kind = svc.kind_name(row[C_KIND]).lower()
        question = _("Xóa {kind} “{title}”?").format(kind=kind, title=row[C_TITLE])
        info = _("Cùng {s} buổi học và {n} học viên của lớp. Việc xóa được ghi vào nhật ký.").format(
            s=row[C_SESSIONS], n=row[C_LEARNERS])
        if not self.confirm_delete(_("Xóa lớp học, chuyên đề"), question, info):
            return
        try:
            svc.delete_class(self.ctx.db, row[C_ID])
        except InUse as exc:
            if not self.confirm_delete(_("Xóa lớp đã điểm danh"), "\n".join(exc.reasons),
                                       _("Xóa cả lớp và toàn bộ điểm danh? Số liệu năm sẽ không còn tính lớp này.")):
                return
            svc.delete_class(self.ctx.db, row[C_ID], force=True)
        except NotFound:
            pass
        self.panel.info = None
        self.panel.model.set_grid(None)
        self.ctx.changed("class", _("Đã xóa {kind} “{title}”.").format(kind=kind, title=row[C_TITLE]))

    def open_lists(self) -> None:
        from app.ui.classes.lists_dialogs import ListsDialog

        ListsDialog(self.ctx, self).exec()

    # -- papers and sheets
    def _selected_class(self) -> tuple | None:
        row = self.selected_row()
        if row is not None and self.panel.is_dirty():
            self.panel.save()
        return row

    def print_sheet(self) -> None:
        row = self._selected_class()
        if row is not None:
            common.save_pdf(self, self.ctx.status.emit, _("In danh sách điểm danh"),
                            f"Diem danh {common.ascii_name(row[C_TITLE])}",
                            lambda: class_print.attendance_sheet_pdf(self.ctx.db, row[C_ID]))

    def print_log(self) -> None:
        row = self._selected_class()
        if row is not None:
            common.save_pdf(self, self.ctx.status.emit, _("In sổ theo dõi lớp học"),
                            f"So theo doi {common.ascii_name(row[C_TITLE])}",
                            lambda: class_print.class_log_pdf(self.ctx.db, row[C_ID]))

    def print_plan(self) -> None:
        year = self.ctx.year
        common.save_pdf(self, self.ctx.status.emit, _("Kế hoạch hoạt động năm {year}").format(year=year),
                        f"Ke hoach hoat dong nam {year}", lambda: class_print.plan_pdf(self.ctx.db, year))

    def export_attendance(self) -> None:
        row = self._selected_class()
        if row is None:
            return
        path = common.ask_save_path(self, _("Xuất điểm danh ra Excel"),
                                    common.default_folder() / f"Diem danh {common.ascii_name(row[C_TITLE])}.xlsx",
                                    _("Bảng tính Excel (*.xlsx)"))
        if path is None:
            return
        try:
            written = class_sheets.export_attendance_xlsx(self.ctx.db, row[C_ID], path)
        except OSError as exc:
            QMessageBox.warning(self, _("Xuất điểm danh"), _("Không ghi được tệp {file}: {error}").format(
                file=path, error=exc))
            return
        self.ctx.status.emit(_("Đã xuất bảng điểm danh “{title}” ra {file}.").format(title=row[C_TITLE],
                                                                                     file=written.name))
        common.open_file(written)

    def import_attendance(self) -> None:
        path = common.ask_open_path(self, _("Nhập điểm danh từ Excel"), _("Bảng tính Excel (*.xlsx *.xls)"))
        if path is None:
            return
        self.panel.confirm_leave()
        row = self.selected_row()
        result = class_sheets.import_attendance(self.ctx.db, path)
        if result.class_id is None and row is not None and any(p.field == "class" for p in result.problems):
            result = class_sheets.import_attendance(self.ctx.db, path, row[C_ID])
        if result.problems and result.saved is None:
            QMessageBox.warning(self, _("Không nhập được điểm danh"), _(
                "Chưa lưu gì. Hãy sửa tệp rồi nhập lại:") + "\n" + "\n".join(p.message for p in result.problems[:15]))
            return
        self.ctx.changed("class_attendance", _("Đã nhập điểm danh “{title}”: {n} ô thay đổi.").format(
            title=result.title, n=result.changes))
        self.select_record(result.class_id)


def _brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))
