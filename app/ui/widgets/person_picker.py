"""Pick a person from the registry by typing part of the name, or type a name freely.

A :class:`PersonSource` holds the person rows of one dialog: loaded once (80,000 persons ≈ 0.7 s,
on a pool thread from the moment a picker is shown) and shared by every picker of the dialog.
Each keystroke filters the rows in Python with :func:`app.services.persons.filter_person_rows` (word starts, accents
ignored) and shows at most :data:`MAX_MATCHES` of them in the completer's popup as
"Nguyễn Văn An (1960) — HGD-0012, Bản Nà Sản". Down/Up move in the popup, Enter or a click
chooses; the line edit then holds the person's name and :meth:`PersonPicker.person_id` their id.
Editing the text afterwards drops the link and leaves a free-typed name.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.db.engine import Database
from app.i18n import _, format_number
from app.services.persons import (
    P_BIRTH_YEAR,
    P_HOUSEHOLD,
    P_ID,
    P_NAME,
    P_VILLAGE,
    PersonFilter,
    filter_person_rows,
    person_rows,
)

MAX_MATCHES = 200
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def person_label(row: tuple) -> str:
    """``Nguyễn Văn An (1960) — HGD-0012, Bản Nà Sản`` for a person row."""
    name = row[P_NAME]
    if row[P_BIRTH_YEAR]:
        name = f"{name} ({row[P_BIRTH_YEAR]})"
    where = ", ".join(x for x in (row[P_HOUSEHOLD], row[P_VILLAGE]) if x)
    return f"{name} — {where}" if where else name


class PersonSource:
    """The person rows of one dialog, loaded once and shared by its pickers.

    :meth:`prefetch` (called when a picker is first shown) starts the query on a pool thread:
    a read, which SQLite in WAL mode runs beside the UI thread's work. :meth:`rows`, on the UI
    thread, waits for that load if it is still running (or loads synchronously if none was
    started or it failed) and costs nothing afterwards.
    """

    def __init__(self, db: Database):
        self._db = db
        self._rows: list[tuple] | None = None
        self._by_id: dict[int, tuple] | None = None
        self._loading: tuple[threading.Event, dict] | None = None

    def prefetch(self) -> None:
        if self._rows is not None or self._loading is not None:
            return
        done, box = threading.Event(), {}

        def load() -> None:
            try:
                box["rows"] = person_rows(self._db)
            except Exception:  # noqa: BLE001 - rows() loads again on the UI thread and reports it
                pass
            finally:
                done.set()

        self._loading = (done, box)
        QThreadPool.globalInstance().start(load)

    def rows(self) -> list[tuple]:
        if self._rows is None and self._loading is not None:
            done, box = self._loading
            done.wait()
            self._loading = None
            self._rows = box.get("rows")
        if self._rows is None:
            self._rows = person_rows(self._db)
        return self._rows

    @property
    def loaded(self) -> bool:
        """True once the rows are here (a finished prefetch counts)."""
        if self._rows is None and self._loading is not None and self._loading[0].is_set():
            self.rows()
        return self._rows is not None

    def find(self, person_id: int | None) -> tuple | None:
        if person_id is None:
            return None
        if self._by_id is None:
            self._by_id = {r[P_ID]: r for r in self.rows()}
        return self._by_id.get(person_id)

    def search(self, query: str, limit: int = MAX_MATCHES) -> tuple[list[tuple], int]:
        """The first ``limit`` living persons matching ``query`` and how many match in all."""
        rows = self.rows()
        found = filter_person_rows(rows, PersonFilter(query=query))
        return [rows[i] for i in found[:limit]], len(found)


class _MatchesModel(QAbstractListModel):
    """The popup's rows: the label to show, the name to put in the line edit, the person id."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple] = []
        self.more = 0

    def set_matches(self, rows: list[tuple], total: int) -> None:
        self.beginResetModel()
        self.rows = rows
        self.more = max(0, total - len(rows))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows) + (1 if self.more else 0)

    def flags(self, index):
        if index.row() >= len(self.rows):
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.row() >= len(self.rows):
            if role == Qt.ItemDataRole.DisplayRole:
                return _("… và {n} người nữa: gõ thêm tên đệm, năm sinh hoặc mã hộ để thu hẹp").format(
                    n=format_number(self.more))
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return person_label(row)
        if role == Qt.ItemDataRole.EditRole:
            return row[P_NAME]
        if role == PERSON_ID_ROLE:
            return row[P_ID]
        return None


class PersonPicker(QWidget):
    """A search line edit with a popup of matching persons, and a hint line under it.

    ``person_chosen(id or None)`` is emitted when a person is chosen from the popup, and with
    None when the text is edited away from the chosen person's name.
    """

    person_chosen = Signal(object)

    def __init__(self, source: PersonSource, parent=None, placeholder: str | None = None,
                 free_text_hint: str | None = None):
        super().__init__(parent)
        self.source = source
        self._person_id: int | None = None
        self._chosen_name = ""
        self._free_text_hint = free_text_hint if free_text_hint is not None else _(
            "Tên gõ tự do, chưa gắn với nhân khẩu trong sổ.")

        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder or _("Gõ tên để tìm trong sổ nhân khẩu (không cần dấu)…"))
        self.edit.setClearButtonEnabled(True)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.model = _MatchesModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        # setWidget, not QLineEdit.setCompleter: the line edit would re-open the popup with the last
        # matches on every key before they are filtered again, and overwrite the typed text while
        # the user moves through the list. The completer still routes the popup's keys.
        self.completer.setWidget(self.edit)
        self.completer.activated[QModelIndex].connect(self._on_completer_activated)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh_matches)
        self.edit.textEdited.connect(self._on_edit_text_edited)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit)
        lay.addWidget(self.hint)
        self.setFocusProxy(self.edit)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.source.prefetch()

    # -- reading and setting
    def person_id(self) -> int | None:
        return self._person_id

    def name(self) -> str:
        return self.edit.text().strip()

    def popup(self):
        return self.completer.popup()

    def set_person(self, person_id: int | None, name: str = "") -> None:
        """Show ``person_id`` with ``name``, or a free-typed ``name`` when ``person_id`` is None.

        Does not load the rows: the hint shows the full label only if they are loaded already."""
        row = self.source.find(person_id) if person_id is not None and self.source.loaded else None
        self._person_id = person_id
        self._chosen_name = row[P_NAME] if row else name
        self.edit.setText(self._chosen_name)
        if row is None and person_id is not None:
            self.hint.setText("✓ " + _("Đã gắn với nhân khẩu trong sổ."))
            self.hint.show()
        else:
            self._show_hint(row)

    def clear(self) -> None:
        self._debounce.stop()
        self._person_id, self._chosen_name = None, ""
        self.model.set_matches([], 0)
        self.completer.popup().hide()
        self.edit.clear()
        self.hint.hide()

    # -- behaviour
    def _on_edit_text_edited(self, text: str) -> None:
        if self._person_id is not None and text.strip() != self._chosen_name:
            self._person_id = None
            self.person_chosen.emit(None)
        if self._person_id is None:
            self._show_hint(None)
        self._debounce.start()

    def refresh_matches(self) -> None:
        """Filter the rows for the current text and show the popup (hidden when nothing matches)."""
        text = self.edit.text().strip()
        if not text or (self._person_id is not None and text == self._chosen_name):
            self.model.set_matches([], 0)
            self.completer.popup().hide()
            return
        rows, total = self.source.search(text)
        self.model.set_matches(rows, total)
        if not rows:
            self.completer.popup().hide()
            return
        popup = self.completer.popup()
        width = max(self.edit.width(), min(620, popup.sizeHintForColumn(0) + 30))
        self.completer.complete(QRect(0, 0, width, self.edit.height()))

    def _on_completer_activated(self, index: QModelIndex) -> None:
        person_id = index.data(PERSON_ID_ROLE)
        if person_id is None:
            return
        self.choose(person_id)

    def choose(self, person_id: int) -> None:
        row = self.source.find(person_id)
        if row is None:
            return
        self._debounce.stop()
        self._person_id, self._chosen_name = person_id, row[P_NAME]
        self.edit.setText(self._chosen_name)
        self.completer.popup().hide()
        self._show_hint(row)
        self.person_chosen.emit(person_id)

    def _show_hint(self, row: tuple | None) -> None:
        if row is not None:
            self.hint.setText("✓ " + person_label(row))
            self.hint.show()
        elif self.edit.text().strip() and self._free_text_hint:
            self.hint.setText(self._free_text_hint)
            self.hint.show()
        else:
            self.hint.hide()
