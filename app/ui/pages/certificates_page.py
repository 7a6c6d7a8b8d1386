"""Giấy công nhận: the tabs In giấy công nhận, Sổ cấp giấy công nhận, Mẫu giấy, Căn lề máy in and
Kiểm tra giấy công nhận (widgets in :mod:`app.ui.certificates`).

The print and register tabs follow ``ctx.year``; a tab loads when it is shown and the year or the
data changed since it last loaded. ``select_record({"kind": "household", "id": 12})`` (from a
subject's page) opens the print tab with that subject's certificate of the working year ticked.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.ui.assessment.common import heading
from app.ui.certificates.calibration_view import CalibrationView
from app.ui.certificates.print_view import PrintView
from app.ui.certificates.register_view import RegisterView
from app.ui.certificates.template_editor import TemplateEditor
from app.ui.certificates.verify_view import VerifyCertificateView
from app.ui.context import UiContext

#: data_changed kinds after which the print and register tabs re-read
RELOAD_ON = ("assessment", "certificate_template", "household", "person", "village", "clan", "unit", "profile")


class CertificatesPage(QWidget):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._loaded: dict[QWidget, int] = {}  # tab → the year it shows; absent = stale
        self.title = heading("")
        self.hint = QLabel(_("Năm làm việc chọn ở thanh trên cùng"))
        self.hint.setObjectName("hint")
        self.printing = PrintView(ctx)
        self.register = RegisterView(ctx)
        self.templates = TemplateEditor(ctx)
        self.calibration = CalibrationView(ctx)
        self.verify = VerifyCertificateView(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for w, text in ((self.printing, _("In giấy công nhận")), (self.register, _("Sổ cấp giấy công nhận")),
                        (self.templates, _("Mẫu giấy")), (self.calibration, _("Căn lề máy in")),
                        (self.verify, _("Kiểm tra giấy công nhận"))):
            self.tabs.addTab(w, text)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 6)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        self.printing.made.connect(lambda _m: self._stale_except(self.printing))
        self.register.changed.connect(lambda: self._stale_except(self.register))
        ctx.year_changed.connect(self._on_ctx_year_changed)
        ctx.data_changed.connect(self._on_ctx_data_changed)
        self._show_year()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self._load_current)

    def _show_year(self) -> None:
        self.title.setText(_("Giấy công nhận năm {year}").format(year=self.ctx.year))

    def _load_current(self, force: bool = False) -> None:
        tab = self.tabs.currentWidget()
        if not hasattr(tab, "reload"):
            return
        if force or self._loaded.get(tab) != self.ctx.year:
            self._loaded[tab] = self.ctx.year
            tab.reload()

    def _stale_except(self, keep: QWidget | None) -> None:
        for tab in list(self._loaded):
            if tab is not keep:
                del self._loaded[tab]

    def _on_ctx_year_changed(self, _year: int) -> None:
        self._show_year()
        self._loaded.clear()
        if self.isVisible():
            self._load_current()

    def _on_ctx_data_changed(self, kind: str) -> None:
        if kind in RELOAD_ON:
            self._loaded.clear()
            if self.isVisible():
                self._load_current()

    def select_record(self, record) -> None:
        """``{"kind": "household", "id": 12}``: print that subject's certificate of the working year."""
        if not isinstance(record, dict) or "kind" not in record:
            return
        self.tabs.setCurrentWidget(self.printing)
        self._load_current()
        if not self.printing.show_subject(record["kind"], record["id"]):
            self.ctx.status.emit(_("Chưa có quyết định công nhận nào năm {year} cho đối tượng này: chưa có giấy công "
                                   "nhận để in.").format(year=self.ctx.year))
