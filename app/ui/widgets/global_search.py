"""The top bar's search (Ctrl+F): households, persons, clans, units and villages in one list.

Typing waits a moment (debounce), asks :func:`app.services.search.global_search` (a few ms on a
commune-scale database, so it runs on the UI thread) and shows the hits in a popup under the box:
an icon per kind and one line such as "Hộ HGD-0012 · Lò Văn Pọm · Bản Nà Sản". Up/Down move,
Enter opens the highlighted hit (or the first one), a click opens one, Esc closes the list.
Opening a hit emits ``ctx.navigate(page key, id)``; the main window shows the page and record.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from app.i18n import N_, _
from app.services.search import SearchHit, global_search
from app.ui.context import UiContext
from app.ui.icons import icon

# kind → (page key for ctx.navigate, icon name, what it is)
KINDS = {
    "household": ("households", "households", N_("Hộ gia đình")),
    "person": ("persons", "citizens", N_("Công dân")),
    "clan": ("clans", "clans", N_("Dòng họ")),
    "unit": ("units", "units", N_("Đơn vị")),
    "village": ("villages", "villages", N_("Thôn, bản")),
}
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class GlobalSearch(QLineEdit):
    """A search box with a popup of hits; ``hit_chosen(SearchHit)`` follows each navigation."""

    hit_chosen = Signal(object)

    DEBOUNCE_MS = 150
    LIMIT = 30

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.hits: list[SearchHit] = []
        self.setPlaceholderText(_("Tìm hộ, người, dòng họ, đơn vị… (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.setToolTip(_("Gõ tên (không cần dấu, chỉ cần chữ đầu mỗi từ: “ng th h”), mã hộ hoặc số định danh"))

        self.results = QStandardItemModel(self)
        self.completer = QCompleter(self.results, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.setWidget(self)  # not setCompleter(): choosing must not overwrite the text
        self.completer.activated[QModelIndex].connect(self._on_completer_activated)
        self.popup = self.completer.popup()
        self.popup.setObjectName("globalSearchPopup")
        self.popup.setUniformItemSizes(True)

        self._debounce = QTimer(self, singleShot=True, interval=self.DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.textEdited.connect(self._on_text_edited)
        self.textChanged.connect(self._on_text_changed)
        self.returnPressed.connect(self._on_return_pressed)

    # -- searching
    def _on_text_edited(self, _text: str) -> None:
        self._debounce.start()

    def _on_text_changed(self, text: str) -> None:
        if not text.strip():  # cleared (also with the clear button): nothing to show
            self._debounce.stop()
            self._show_hits([])

    def run_search(self) -> None:
        """Search now for the current text and show the popup (also called by the debounce)."""
        self._debounce.stop()
        text = self.text().strip()
        self._show_hits(global_search(self.ctx.db, text, self.LIMIT) if text else [], text)

    def _show_hits(self, hits: list[SearchHit], text: str = "") -> None:
        self.hits = hits
        self.results.clear()
        for hit in hits:
            page, icon_name, what = KINDS.get(hit.kind, ("", "search", ""))
            item = QStandardItem(icon(icon_name), hit.text)
            item.setData(hit, HIT_ROLE)
            item.setToolTip(f"{_(what)}: {hit.text}")
            item.setEditable(False)
            self.results.appendRow(item)
        if not hits and text:
            item = QStandardItem(icon("info"), _("Không tìm thấy “{text}”.").format(text=text))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.appendRow(item)
        if self.results.rowCount():
            self._open_popup()
        else:
            self.popup.hide()

    def _open_popup(self) -> None:
        width = max(self.width(), 460)
        rect = QRect(QPoint(0, 0), self.size())
        rect.setWidth(width)
        self.completer.complete(rect)
        self.popup.setCurrentIndex(QModelIndex())

    # -- choosing
    def _on_completer_activated(self, index: QModelIndex) -> None:
        self.choose(index.row())

    def choose(self, row: int) -> None:
        """Open hit ``row`` of the list: emit ``ctx.navigate`` and close the popup."""
        if not 0 <= row < len(self.hits):
            return
        hit = self.hits[row]
        self.popup.hide()
        self.ctx.navigate.emit(KINDS[hit.kind][0], hit.id)
        self.hit_chosen.emit(hit)

    def _current_row(self) -> int:
        index = self.popup.currentIndex()
        return index.row() if self.popup.isVisible() and index.isValid() else -1

    def _on_return_pressed(self) -> None:
        if self._debounce.isActive():  # typed and pressed Enter at once: search first
            self.run_search()
        if self._current_row() >= 0:
            return  # the completer opens the highlighted hit itself
        if self.hits:
            self.choose(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Keys that reach the box itself (the popup, when open, normally takes them first)."""
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            if self._debounce.isActive():
                self.run_search()
            if not self.popup.isVisible() and self.hits:
                self._open_popup()
            if self.popup.isVisible() and self.hits:
                self._move(1 if key == Qt.Key.Key_Down else -1)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._current_row() >= 0:
            self.choose(self._current_row())
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.popup.isVisible():
            self.popup.hide()
            event.accept()
            return
        super().keyPressEvent(event)

    def _move(self, step: int) -> None:
        n = len(self.hits)
        row = self.popup.currentIndex().row() if self.popup.currentIndex().isValid() else -1
        row = 0 if row < 0 and step > 0 else (n - 1 if row < 0 else (row + step) % n)
        self.popup.setCurrentIndex(self.results.index(row, 0))
