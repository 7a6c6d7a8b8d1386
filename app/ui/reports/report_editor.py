"""Báo cáo năm: the officer's text of the working year's report (số văn bản, kết quả, khó khăn,
đề xuất, Nơi nhận, người ký), Xuất PDF / Xuất Excel, and a preview of the report's key figures.

The text is saved with ``targets.save_report_text`` (Lưu, Ctrl+S; also before an export so the
file carries what is on screen). Exports ask where to save, build the file on a worker thread
and open it (``app.ui.widgets.save_file``, whose ``ask_save_path`` and ``open_file`` tests replace
here). The preview is gathered in the background.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, format_number, format_percent
from app.services import targets
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.reports.background import BackgroundLoader
from app.ui.widgets.save_file import ask_save_path, build_and_write, open_file

FORMATS = {
    "pdf": (N_("Xuất PDF"), N_("Tài liệu PDF (*.pdf)"), "annual_report_pdf"),
    "xlsx": (N_("Xuất Excel"), N_("Bảng tính Excel (*.xlsx)"), "annual_report_xlsx"),
}
PREVIEW_HEADERS = (N_("Danh hiệu"), N_("Hiện có"), N_("Công nhận"), N_("Tỷ lệ"), N_("Chỉ tiêu"), N_("Chênh lệch"))


def default_name(year: int, kind: str) -> str:
    """"Bao cao nam 2026.pdf": ASCII, which every Windows tool, USB stick and e-mail keeps intact."""
    return f"Bao cao nam {year}.{kind}"


def _build(db, year: int, function: str) -> bytes:
    from app.services import report_print  # ReportLab/openpyxl load on the first export

    return getattr(report_print, function)(db, year)


def preview_rows(summary: dict) -> list[tuple[str, ...]]:
    """The key figures of the report, one row per title and per group of citizens (the progress
    of the rounds is on Tổng quan)."""
    def gap(value) -> str:
        if value is None:
            return "—"
        return ("+" if value > 0 else "−" if value < 0 else "") + format_number(abs(value), 1)

    rows = [(t["name"], format_number(t["exist"]), format_number(t["recognised"]), format_percent(t.get("rate")),
             format_percent(t.get("target")), gap(t.get("gap"))) for t in summary.get("titles", ())]
    groups = {"community": _("CDHT: cộng đồng"), "units": _("CDHT: đơn vị")}
    rows += [(groups.get(c["group"], c["name"]), format_number(c["base"]), format_number(c["recognised"]),
              format_percent(c.get("rate")), format_percent(c.get("target")), gap(c.get("gap")))
             for c in summary.get("citizens", ())]
    return rows


class ReportEditor(QWidget):
    """The text form (left) and the key figures (right) of the working year's report."""

    saved = Signal()

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._year: int | None = None
        self._dirty = False
        self.loader = BackgroundLoader(self)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("ví dụ: 125/BC-UBND"))
        self.achievements = QPlainTextEdit()
        self.difficulties = QPlainTextEdit()
        self.proposals = QPlainTextEdit()
        self.recipients = QPlainTextEdit()
        self.recipients.setPlaceholderText(_("Mỗi dòng một nơi nhận"))
        self.signer_name = QLineEdit()
        self.signer_position = QLineEdit()
        for edit, hint in ((self.achievements, _("Những kết quả nổi bật trong năm…")),
                           (self.difficulties, _("Khó khăn, vướng mắc khi thực hiện…")),
                           (self.proposals, _("Đề xuất, kiến nghị với cấp trên…"))):
            edit.setPlaceholderText(hint)
            edit.setTabChangesFocus(True)
        self.recipients.setTabChangesFocus(True)
        for edit in (self.achievements, self.difficulties, self.proposals, self.recipients):
            edit.setMinimumHeight(56)
            edit.textChanged.connect(self._mark_dirty)
        for line in (self.number, self.signer_name, self.signer_position):
            line.textEdited.connect(self._mark_dirty)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(_("Số văn bản:"), self.number)
        form.addRow(_("Kết quả đạt được:"), self.achievements)
        form.addRow(_("Khó khăn, vướng mắc:"), self.difficulties)
        form.addRow(_("Đề xuất, kiến nghị:"), self.proposals)
        form.addRow(_("Nơi nhận:"), self.recipients)
        form.addRow(_("Người ký:"), self.signer_name)
        form.addRow(_("Chức vụ người ký:"), self.signer_position)

        self.save_button = QPushButton(icon("save"), _("Lưu"))
        self.save_button.setToolTip(_("Lưu nội dung báo cáo (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.pdf_button = QPushButton(icon("print"), _(FORMATS["pdf"][0]))
        self.pdf_button.setObjectName("primary")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(icon("export-excel"), _(FORMATS["xlsx"][0]))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.saved_label = QLabel()
        self.saved_label.setObjectName("hint")
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)

        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 6, 0)
        lcol.addLayout(form, 1)
        lcol.addLayout(buttons)

        self.preview_title = QLabel()
        self.preview_title.setObjectName("sectionTitle")
        self.preview_title.setStyleSheet("font-weight: bold;")
        self.preview = QTableWidget(0, len(PREVIEW_HEADERS))
        self.preview.setHorizontalHeaderLabels([_(h) for h in PREVIEW_HEADERS])
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(True)
        head = self.preview.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.classes_label = QLabel()
        self.classes_label.setObjectName("hint")
        self.classes_label.setWordWrap(True)
        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(6, 0, 0, 0)
        rcol.addWidget(self.preview_title)
        rcol.addWidget(self.preview, 1)
        rcol.addWidget(self.classes_label)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        split.setSizes([500, 600])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addWidget(split)

    # -- loading
    def load(self, year: int, background: bool = True) -> None:
        """Show ``year``'s text (saving the shown year's changes first) and gather its figures."""
        if self._dirty and self._year is not None and self._year != year:
            self.save()
        self._year = year
        self._show_text(targets.report_text(self.ctx.db, year))
        self.preview_title.setText(_("Số liệu chính của báo cáo năm {year}").format(year=year))
        db = self.ctx.db
        if background:
            self.loader.load(lambda: _summary(db, year), self.show_summary)
        else:
            self.loader.cancel_pending()
            self.show_summary(_summary(db, year))

    def _show_text(self, text: targets.ReportText) -> None:
        self.number.setText(text.number)
        for edit, value in ((self.achievements, text.achievements), (self.difficulties, text.difficulties),
                            (self.proposals, text.proposals), (self.recipients, text.recipients)):
            edit.blockSignals(True)
            edit.setPlainText(value)
            edit.blockSignals(False)
        self.signer_name.setText(text.signer_name)
        self.signer_position.setText(text.signer_position)
        self._dirty = False
        self.saved_label.setText("")

    def show_summary(self, summary: dict) -> None:
        if summary.get("year") != self._year:
            return
        rows = preview_rows(summary)
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                elif r >= len(summary.get("titles", ())):
                    item.setToolTip(summary["citizens"][r - len(summary["titles"])]["name"])
                self.preview.setItem(r, c, item)
        self.preview.resizeRowsToContents()
        k = summary.get("classes", {})
        self.classes_label.setText(_("Trung tâm học tập cộng đồng: {classes} lớp học, {talks} chuyên đề, {sessions} buổi, "
                                     "{turnouts} lượt người học ({learners} người).").format(
            **{f: format_number(k.get(f, 0)) for f in ("classes", "talks", "sessions", "turnouts", "learners")}))

    # -- saving
    def _mark_dirty(self, *_args) -> None:
        self._dirty = True
        self.saved_label.setText(_("Chưa lưu"))

    def text(self) -> targets.ReportText:
        return targets.ReportText(
            number=self.number.text(), achievements=self.achievements.toPlainText(),
            difficulties=self.difficulties.toPlainText(), proposals=self.proposals.toPlainText(),
            recipients=self.recipients.toPlainText(), signer_name=self.signer_name.text(),
            signer_position=self.signer_position.text())

    def save(self) -> None:
        if self._year is None:
            return
        targets.save_report_text(self.ctx.db, self._year, self.text())
        self._dirty = False
        self.saved_label.setText(_("Đã lưu"))
        self.ctx.changed("report_text", _("Đã lưu nội dung báo cáo năm {year}.").format(year=self._year))
        self.saved.emit()

    @property
    def dirty(self) -> bool:
        return self._dirty

    # -- exporting
    def export(self, kind: str) -> Path | None:
        """Ask where to save, build the file off the UI thread, write it and open it."""
        if self._year is None:
            return None
        title, file_filter, function = FORMATS[kind]
        path = ask_save_path(self, _(title), Path(default_name(self._year, kind)), _(file_filter))
        if path is None:
            return None
        if self._dirty:
            self.save()
        year, db = self._year, self.ctx.db
        if not build_and_write(self, path, _(title), _("Đang lập báo cáo năm {year}…").format(year=year),
                               lambda: _build(db, year, function), failed=_("Không lập được báo cáo: {error}"),
                               again=True):
            return None
        self.ctx.status.emit(_("Đã lưu báo cáo năm {year} vào {file}.").format(year=year, file=path))
        open_file(path)
        return path


def _summary(db, year: int) -> dict:
    from app.services.report_figures import annual_summary

    return annual_summary(db, year)


