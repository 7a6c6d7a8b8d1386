"""Small pieces the assessment widgets share: dates in the working year, who acts, the dialogs that
ask for a reason or a date and a person, plain messages for refused operations, status colours."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_number
from app.services.audit import current_user
from app.services.errors import NotFound, ValidationFailed
from app.ui import theme


def working_day(year: int) -> date:
    """Today when it falls in ``year``, else the same day and month in ``year`` (28 February for a
    29 February that does not exist)."""
    today = date.today()
    if today.year == year:
        return today
    try:
        return today.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def who() -> str:
    """The person acting: the Windows user name (may be empty)."""
    return current_user()


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def problems_text(exc: BaseException) -> str:
    """The messages of a refused service call, one a line."""
    if isinstance(exc, ValidationFailed):
        return "\n".join(p.message for p in exc.problems) or str(exc)
    if isinstance(exc, NotFound):
        return _("Không tìm thấy dữ liệu; có thể đã bị xóa. Hãy tải lại màn hình.")
    return str(exc)


def refuse(parent: QWidget, title: str, exc: BaseException) -> None:
    """Say plainly why an operation was refused (never a traceback)."""
    QMessageBox.warning(parent, title, problems_text(exc))


def coloured(text: str, colour: str, bold: bool = False) -> str:
    weight = "font-weight:bold;" if bold else ""
    return f'<span style="color:{colour};{weight}">{text}</span>'


def result_words(passed: bool, complete: bool, locked: bool = False) -> tuple[str, str]:
    """(text, colour) of a subject's result, always as words: green Đạt, red Chưa đạt, grey
    Chưa chấm đủ; a decided subject says so."""
    if locked:
        return _("Đã công nhận"), theme.GREEN
    if passed:
        return _("Đạt"), theme.GREEN
    if not complete:
        return _("Chưa chấm đủ"), theme.GREY
    return _("Chưa đạt"), theme.RED


def count(n: int) -> str:
    return format_number(n)


def message_label() -> QLabel:
    """A red line for a refusal inside a dialog; hidden while empty."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color:{theme.RED}")
    label.hide()
    return label


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class ReasonDialog(QDialog):
    """Ask for a reason that is required (reopening a decided subject, overriding a result).

    ``check(reason)`` runs on OK: it performs the operation and returns an error message to show
    in red (the dialog stays open) or "" to close."""

    def __init__(self, parent: QWidget, title: str, text: str, check, label: str | None = None,
                 extra: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._check = check
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.reason.setPlaceholderText(_("Ghi rõ lý do; lý do được lưu cùng đánh giá."))
        self.error = message_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        if extra is not None:
            form.addRow(extra)
        form.addRow(label or _("Lý do:"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.reason.setFocus()

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _on_ok(self) -> None:
        if not self.text():
            show_message(self.error, _("Nhập lý do."))
            self.reason.setFocus()
            return
        problem = self._check(self.text())
        if problem:
            show_message(self.error, problem)
            return
        self.accept()


class ActionDialog(QDialog):
    """A date, the person acting and optionally a choice of scope and a note, for registering or
    recording a step. ``run(values)`` performs the operation and returns a message to show in red
    (the dialog stays open) or "" to close; ``values`` has ``scope``, ``when``, ``by``, ``note``."""

    def __init__(self, parent: QWidget, title: str, text: str, when: date, run,
                 scopes: list[tuple[str, str]] | None = None, with_note: bool = False, ok_text: str = "",
                 extra: list[tuple[str, QWidget]] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._run = run
        intro = QLabel(text)
        intro.setWordWrap(True)
        form = QFormLayout()
        self._scopes = QButtonGroup(self)
        if scopes:
            box = QVBoxLayout()
            for n, (key, label) in enumerate(scopes):
                radio = QRadioButton(label)
                radio.setProperty("scope", key)
                radio.setChecked(n == 0)
                self._scopes.addButton(radio)
                box.addWidget(radio)
            form.addRow(_("Áp dụng cho:"), box)
        for label, widget in extra or []:
            form.addRow(label, widget)
        self.when = date_edit(when)
        form.addRow(_("Ngày:"), self.when)
        self.by = QLineEdit(who())
        form.addRow(_("Người thực hiện:"), self.by)
        self.note = QLineEdit() if with_note else None
        if self.note is not None:
            form.addRow(_("Ghi chú:"), self.note)
        self.error = message_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        if ok_text:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def values(self) -> dict:
        checked = self._scopes.checkedButton()
        return {"scope": checked.property("scope") if checked else "", "when": pydate(self.when.date()),
                "by": self.by.text().strip(), "note": self.note.text().strip() if self.note else ""}

    def _on_ok(self) -> None:
        problem = self._run(self.values())
        if problem:
            show_message(self.error, problem)
            return
        self.accept()


class ElidedLabel(QLabel):
    """One line of plain text cut with "…" to the width it gets; the whole text in the tooltip."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 40)))


def recompute_year(parent: QWidget, db, year: int):
    """Recompute every derived score and result of ``year`` (about a second for 20,000 households)
    with a progress dialog; returns the service's result."""
    from app.services.derivations import recompute
    from app.tasks import run_with_progress

    return run_with_progress(parent, _("Tính lại điểm"), _("Đang tính các chỉ số tự tính năm {year}…").format(
        year=year), lambda _report, _cancelled: recompute(db, year))


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def empty_state(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("emptyState")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
