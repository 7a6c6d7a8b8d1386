"""The master–detail list every registry screen uses: toolbar, search, filters, count, table, detail.

A page subclasses :class:`ListPage` and provides ``columns()``, ``load_rows()``, ``filter_rows()``,
``count_text(n)`` and ``empty_text()``; it connects the toolbar actions it supports
(``add_action``, ``edit_action`` …) and fills ``detail`` when the selection changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.errors import InUse, NotFound
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column, RowsModel
from app.ui.widgets.detail_panel import detail_body, detail_title

T = TypeVar("T")


class ListPage(QWidget):
    selection_changed = Signal(object)  # the selected row tuple or None

    #: whether the list reloads when the data of these kinds change
    reload_on: tuple[str, ...] = ()

    def __init__(self, ctx: UiContext, title: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self._stale = True
        self.model = RowsModel(self.columns(), self)

        self.title_label = QLabel(title)
        self.title_label.setObjectName("pageTitle")
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_action = self._action("add", _("Thêm"), QKeySequence("Ctrl+N"))
        self.edit_action = self._action("edit", _("Sửa"), QKeySequence(Qt.Key.Key_Return))
        self.delete_action = self._action("delete", _("Xóa"), QKeySequence(QKeySequence.StandardKey.Delete))
        self.toolbar.addSeparator()
        self.import_action = self._action("import-excel", _("Nhập Excel"), None)
        self.export_action = self._action("export-excel", _("Xuất Excel"), QKeySequence("Ctrl+E"))
        self.print_action = self._action("print", _("In"), QKeySequence("Ctrl+P"))
        for a in (self.edit_action, self.delete_action):
            a.setEnabled(False)
        # Enter edits only from the table; in the search box it moves to the table.
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        for a in (self.import_action, self.export_action, self.print_action):
            a.setEnabled(False)
            a.setToolTip(_("Sẽ có trong phiên bản tiếp theo"))

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Tìm theo tên hoặc mã (không cần dấu)…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(260)
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.filter_bar = QHBoxLayout()
        self.filter_bar.setSpacing(6)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, col in enumerate(self.model.columns):
            if col.width:
                self.table.setColumnWidth(i, col.width)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_action.trigger())
        self.table.addAction(self.edit_action)
        self.search.returnPressed.connect(self.table.setFocus)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_label)

        self.detail = QWidget()
        self.detail_layout = QVBoxLayout(self.detail)
        self.detail_layout.setContentsMargins(8, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table_stack)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.detail.setMinimumWidth(300)
        self.splitter.setSizes([640, 360])

        head = QHBoxLayout()
        head.addWidget(self.title_label)
        head.addStretch(1)
        head.addWidget(self.count_label)
        tools = QHBoxLayout()
        tools.addWidget(self.toolbar)
        tools.addStretch(1)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 2)
        search_row.addLayout(self.filter_bar, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addLayout(tools)
        layout.addLayout(search_row)
        layout.addWidget(self.splitter, 1)

        ctx.data_changed.connect(self._on_ctx_data_changed)

    # -- to override
    def columns(self) -> list[Column]:
        raise NotImplementedError

    def load_rows(self) -> list[tuple]:
        raise NotImplementedError

    def filter_rows(self, rows: list[tuple], query: str) -> list[int]:
        raise NotImplementedError

    def count_text(self, shown: int, total: int) -> str:
        return str(shown)

    def empty_text(self) -> str:
        return _("Chưa có dữ liệu.")

    def row_id(self, row: tuple) -> int:
        return row[0]

    # -- behaviour
    def _action(self, icon_name: str, text: str, shortcut) -> QAction:
        a = QAction(icon(icon_name), text, self)
        if shortcut is not None:
            a.setShortcut(shortcut)
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.setToolTip(f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        self.addAction(a)
        self.toolbar.addAction(a)
        return a

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload()
        focus = self.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.table.setFocus()

    def _on_ctx_data_changed(self, kind: str) -> None:
        if kind in self.reload_on:
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self, select_id: int | None = None) -> None:
        """Load rows from the services and re-apply the search and filters."""
        current = select_id if select_id is not None else self.selected_id()
        rows = self.load_rows()
        self._stale = False
        self.model.set_rows(rows, self.filter_rows(rows, self.search.text()))
        self._after_filter(current)

    def apply_filter(self) -> None:
        current = self.selected_id()
        self.model.set_visible(self.filter_rows(self.model.rows, self.search.text()))
        self._after_filter(current)

    def _after_filter(self, keep_id: int | None) -> None:
        total, shown = len(self.model.rows), len(self.model.visible)
        self.count_label.setText(self.count_text(shown, total))
        if total == 0:
            self.empty_label.setText(self.empty_text())
            self.table_stack.setCurrentWidget(self.empty_label)
        else:
            self.table_stack.setCurrentWidget(self.table)
        row = self.model.view_row_of(lambda r: self.row_id(r) == keep_id) if keep_id is not None else -1
        if row < 0 and shown:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self._on_table_current_changed(None, None)

    def selected_row(self) -> tuple | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return self.row_id(row) if row else None

    def _on_table_current_changed(self, current, _previous) -> None:
        row = self.model.row_at(current.row()) if current is not None and current.isValid() else None
        self.edit_action.setEnabled(row is not None)
        self.delete_action.setEnabled(row is not None)
        self.show_detail(row)
        certificate = getattr(self, "detail_certificate", None)
        if certificate is not None:
            certificate.setVisible(row is not None)
        self.selection_changed.emit(row)

    def show_detail(self, row: tuple | None) -> None:
        """Fill ``self.detail`` for the selected row (override)."""

    # -- building blocks for the pages
    def sort_by_name(self) -> None:
        """Stretch the first (name) column and sort by it, in Vietnamese order, with the arrow on it
        (not RowsModel's sort(-1))."""
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def connect_record_actions(self, current: Callable[[], object] | None = None) -> None:
        """Add opens an empty form, Edit the form of ``current()`` (the selected id), Delete
        ``delete_selected()``."""
        current = current or self.selected_id
        self.add_action.triggered.connect(lambda: self.open_form(None))
        self.edit_action.triggered.connect(lambda: self.open_form(current()))
        self.delete_action.triggered.connect(self.delete_selected)

    def add_detail(self, edit_text: str, table: QTableWidget | None = None, certificate_kind: str | None = None,
                   ) -> None:
        """Fill the detail panel with ``detail_title``, ``detail_body``, ``table`` if any and the
        ``detail_edit`` button, kept at the top. With ``certificate_kind`` (``"clan"``, ``"unit"``,
        ``"village"``…) an *In giấy công nhận* button beside it opens the selected subject's
        certificate of the working year on the Giấy công nhận page."""
        self.detail_title = detail_title()
        self.detail_body = detail_body()
        self.detail_edit = QPushButton(edit_text)
        self.detail_edit.clicked.connect(self.edit_action.trigger)
        self.detail_layout.addWidget(self.detail_title)
        self.detail_layout.addWidget(self.detail_body)
        if table is not None:
            self.detail_layout.addWidget(table, 100)
        if certificate_kind is None:
            self.detail_layout.addWidget(self.detail_edit, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self.detail_certificate = QPushButton(icon("certificates"), _("In giấy công nhận"))
            self.detail_certificate.setToolTip(_("In giấy công nhận của năm làm việc cho mục đang chọn"))
            self.detail_certificate.clicked.connect(lambda: self._open_certificate(certificate_kind))
            buttons = QHBoxLayout()
            buttons.addWidget(self.detail_edit)
            buttons.addWidget(self.detail_certificate)
            buttons.addStretch(1)
            self.detail_layout.addLayout(buttons)
        self.detail_layout.addStretch(1)  # keeps the text at the top while the table is hidden

    def _open_certificate(self, kind: str) -> None:
        subject_id = self.selected_id()
        if subject_id is not None:
            self.ctx.navigate.emit("certificates", {"kind": kind, "id": subject_id})

    def show_nothing_selected(self, no_match: str, choose: str) -> None:
        """The detail panel without a selected row: empty on an empty list, ``no_match`` (which may
        name the search as ``{q}``) when the search hides every row, else ``choose``."""
        self.detail_title.clear()
        if not self.model.rows:
            self.detail_body.setText("")
        elif not self.model.visible:
            self.detail_body.setText(no_match.format(q=self.search.text().strip()))
        else:
            self.detail_body.setText(choose)

    def run_form(self, dialog) -> None:
        """Show an add or edit form; once it saved, reload and select the saved record."""
        if dialog.exec() and dialog.saved_id:
            self.reload(select_id=dialog.saved_id)

    # -- shared actions
    def open_form(self, record_id) -> None:
        """Open the add (None) or edit form of a record (override)."""

    def clear_filters(self) -> None:
        """Reset the search and every filter, so that any record can be shown (extend it)."""
        self.search.clear()

    def select_record(self, record_id) -> None:
        """Select ``record_id`` (from the global search or another page); None opens a new form."""
        if record_id is None:
            self.open_form(None)
            return
        if self._stale:
            self.reload(select_id=record_id)
        row = self.model.view_row_of(lambda r: self.row_id(r) == record_id)
        if row < 0:
            self.clear_filters()
            self.apply_filter()
            row = self.model.view_row_of(lambda r: self.row_id(r) == record_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            self.table.setFocus()

    def delete_preview(self, preview: Callable[[], T]) -> T | None:
        """What deleting the selected record would do, or None (and a reload) if it is gone."""
        try:
            return preview()
        except NotFound:
            self.reload()
            return None

    def delete_record(self, delete: Callable[[], None], kind: str, done: str) -> None:
        """Delete once the officer agreed: say so if a reference appeared meanwhile, else announce
        the change of ``kind`` with ``done`` in the status bar."""
        try:
            delete()
        except InUse as exc:
            QMessageBox.warning(self, _("Không xóa được"), "\n".join(exc.reasons))
            return
        self.ctx.changed(kind, done)

    def refuse_delete(self, heading: str, reasons, advice: str = "") -> None:
        """Say why a record cannot be deleted: the services' reasons, one per line."""
        text = heading + "\n- " + "\n- ".join(reasons) + (f"\n\n{advice}" if advice else "")
        QMessageBox.warning(self, _("Không xóa được"), text)

    def confirm_delete(self, title: str, question: str, info: str) -> bool:
        """Ask before deleting, saying exactly what will happen; "Không xóa" is the default."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, question, QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(info)
        yes = box.addButton(_("Xóa"), QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(_("Không xóa"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes
