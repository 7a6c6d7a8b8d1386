"""The frame: left navigation, top bar (commune, working year, global search, user), pages, status bar.

Thin on purpose: each area is its own module in app/ui/pages, created the first time it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.db.backup import latest_backup
from app.db.engine import Database
from app.i18n import N_, _, format_datetime
from app.paths import Paths
from app.services.audit import current_user
from app.services.setup import get_profile
from app.ui.context import UiContext
from app.ui.icons import icon


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    icon: str
    build: Callable[[UiContext], QWidget]


def _placeholder(title: str, what: str) -> Callable[[UiContext], QWidget]:
    def build(_ctx: UiContext) -> QWidget:
        from app.ui.pages.placeholder_page import PlaceholderPage

        return PlaceholderPage(_(title), _(what))

    return build


def _page(module: str, cls: str) -> Callable[[UiContext], QWidget]:
    def build(ctx: UiContext) -> QWidget:
        import importlib

        return getattr(importlib.import_module(f"app.ui.pages.{module}"), cls)(ctx)

    return build


AREAS: list[Area] = [
    Area("overview", N_("Tổng quan"), "overview", _page("overview_page", "OverviewPage")),
    Area("villages", N_("Thôn/bản"), "villages", _page("villages_page", "VillagesPage")),
    Area("households", N_("Hộ gia đình"), "households", _page("households_page", "HouseholdsPage")),
    Area("clans", N_("Dòng họ"), "clans", _page("clans_page", "ClansPage")),
    Area("units", N_("Đơn vị"), "units", _page("units_page", "UnitsPage")),
    Area("persons", N_("Công dân"), "citizens", _page("persons_page", "PersonsPage")),
    Area("classes", N_("Lớp học"), "classes", _page("classes_page", "ClassesPage")),
    Area("assessment", N_("Đánh giá"), "assessment", _page("assessment_page", "AssessmentPage")),
    Area("certificates", N_("Giấy công nhận"), "certificates", _page("certificates_page", "CertificatesPage")),
    Area("reports", N_("Báo cáo"), "reports", _page("reports_page", "ReportsPage")),
    Area("send", N_("Gửi dữ liệu"), "send", _page("send_page", "SendPage")),
    Area("settings", N_("Cài đặt"), "settings", _page("settings_page", "SettingsPage")),
]

# The receiving office's areas (CommuneProfile.mode == "receiver"): it has no households of its own.
RECEIVER_AREAS: list[Area] = [
    Area("receiver_overview", N_("Tổng hợp"), "overview", _page("receiver_overview_page", "ReceiverOverviewPage")),
    Area("receiver_import", N_("Nhận gói dữ liệu"), "folder", _page("receiver_import_page", "ReceiverImportPage")),
    Area("receiver_communes", N_("Xã và khóa"), "villages", _page("receiver_communes_page", "ReceiverCommunesPage")),
    Area("receiver_packages", N_("Gói đã nhận"), "backup", _page("receiver_packages_page", "ReceivedPackagesPage")),
    Area("receiver_identity", N_("Khóa của cơ quan"), "key", _page("receiver_identity_page", "OfficeKeyPage")),
    Area("receiver_verify", N_("Giấy công nhận"), "certificates", _page("receiver_verify_page", "ReceiverVerifyPage")),
    Area("settings", N_("Cài đặt"), "settings", _page("settings_page", "SettingsPage")),
]


class MainWindow(QMainWindow):
    def __init__(self, db: Database, paths: Paths, parent=None):
        super().__init__(parent)
        self.ctx = UiContext(db, paths, date.today().year)
        profile = get_profile(db)
        self.receiver_mode = profile is not None and profile.mode == "receiver"
        self.areas = RECEIVER_AREAS if self.receiver_mode else AREAS
        self._pages: dict[str, QWidget] = {}
        self.setWindowTitle(_("Trung tâm học tập cộng đồng"))
        self.setMinimumSize(QSize(1000, 620))
        self.resize(1280, 760)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(190)
        self.nav.setUniformItemSizes(True)
        for area in self.areas:
            item = QListWidgetItem(icon(area.icon), _(area.label))
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            item.setSizeHint(QSize(0, 38))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)

        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self._build_topbar())
        col.addWidget(body, 1)
        self.setCentralWidget(central)
        self._build_statusbar()

        self.ctx.status.connect(self._on_ctx_status)
        self.ctx.navigate.connect(self.open_record)
        self.ctx.data_changed.connect(self._on_ctx_data_changed)
        for n in range(1, 10):
            QShortcut(QKeySequence(f"Ctrl+{n}"), self, activated=lambda n=n: self.nav.setCurrentRow(n - 1))
        self.nav.setCurrentRow(self._start_row())
        QTimer.singleShot(3000, self._daily_backup)

    def _daily_backup(self) -> None:
        """A backup copy once a day, made shortly after start so the window opens at once."""
        from datetime import datetime, timedelta

        from app.db.backup import backup_database

        last = latest_backup(self.ctx.paths.backups)
        if last and datetime.fromtimestamp(last.stat().st_mtime) > datetime.now() - timedelta(days=1):
            return
        try:
            backup_database(self.ctx.paths.database, self.ctx.paths.backups, "daily")
        except OSError as exc:
            self.ctx.status.emit(_("Không sao lưu được: {error}").format(error=exc))
            return
        self._refresh_backup()

    def _start_row(self) -> int:
        start = "receiver_overview" if self.receiver_mode else "overview"
        return next(i for i, a in enumerate(self.areas) if a.key == start)

    def _build_topbar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("topbar")
        lay = QHBoxLayout(bar)
        lay.setContentsMargins(12, 6, 12, 6)
        self.commune_label = QLabel()
        self.commune_label.setObjectName("communeName")
        self._refresh_commune()
        self.year_box = QComboBox()
        this_year = date.today().year
        for y in range(this_year + 1, 2015, -1):
            self.year_box.addItem(str(y), y)
        self.year_box.setCurrentIndex(self.year_box.findData(self.ctx.year))
        self.year_box.currentIndexChanged.connect(lambda _i: self.ctx.set_year(self.year_box.currentData()))
        self.year_box.setToolTip(_("Năm làm việc: mọi màn hình theo năm này"))
        from app.ui.widgets.global_search import GlobalSearch

        self.search = GlobalSearch(self.ctx)
        self.search.setMinimumWidth(340)
        self.search.setVisible(not self.receiver_mode)  # the receiving office has no registry to search
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self._focus_search)
        user = QLabel(current_user())
        user.setObjectName("hint")
        lay.addWidget(self.commune_label)
        lay.addSpacing(16)
        lay.addWidget(QLabel(_("Năm:")))
        lay.addWidget(self.year_box)
        lay.addStretch(1)
        lay.addWidget(self.search, 2)
        lay.addSpacing(12)
        lay.addWidget(user)
        return bar

    def _build_statusbar(self) -> None:
        sb = self.statusBar()
        self.backup_label = QLabel()
        self.db_label = QLabel(str(self.ctx.paths.database))
        self.db_label.setObjectName("hint")
        sb.addPermanentWidget(self.backup_label)
        sb.addPermanentWidget(self.db_label)
        self._refresh_backup()

    def _refresh_commune(self) -> None:
        profile = get_profile(self.ctx.db)
        text = profile.commune_display if profile else ""
        if profile and profile.province_name and profile.province_name not in text:
            text += f" — {profile.province_name}"
        self.commune_label.setText(text)

    def _refresh_backup(self) -> None:
        from datetime import datetime

        last = latest_backup(self.ctx.paths.backups)
        when = format_datetime(datetime.fromtimestamp(last.stat().st_mtime)) if last else _("chưa có")
        self.backup_label.setText(_("Sao lưu gần nhất: {when}").format(when=when))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def page(self, key: str) -> QWidget:
        """The page of area ``key``, built on first use."""
        if key not in self._pages:
            area = next(a for a in self.areas if a.key == key)
            widget = area.build(self.ctx)
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def _on_nav_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentWidget(self.page(self.areas[row].key))

    def open_record(self, key: str, record_id) -> None:
        """Show area ``key`` and select ``record_id`` there (None: start adding a new one)."""
        row = next((i for i, a in enumerate(self.areas) if a.key == key), -1)
        if row < 0:
            return
        self.nav.setCurrentRow(row)
        page = self.page(key)
        if hasattr(page, "select_record"):
            page.select_record(record_id)

    def _on_ctx_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def _on_ctx_data_changed(self, kind: str) -> None:
        if kind == "profile":
            self._refresh_commune()
        if kind == "backup":
            self._refresh_backup()
