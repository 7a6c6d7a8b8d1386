"""Tổng hợp: the receiving office's consolidated view of the working year.

The area's totals per title (exist, registered, assessed, recognised, rate, target, gap) beside the
commune dashboard's chart of each rate against its target (:class:`RateBarsChart`), then one
row per commune for the chosen title with the package its figures came from, or "Chưa gửi"; the
communes that have not sent this year's package are named above the tables. Exports the area
report (PDF, .xlsx) through :mod:`app.services.consolidation`.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QToolBar, QVBoxLayout, QWidget

from app.i18n import _, format_date, format_number, format_percent, ngettext
from app.services import consolidation
from app.ui import theme
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column, RowsModel
from app.ui.pages.overview_page import rate_bars
from app.ui.receiver.common import banner, gap_colour, gap_text, page_header, set_banner_colour
from app.ui.receiver.tables import save_built_file, table_view
from app.ui.reports.charts import RateBarsChart

log = logging.getLogger(__name__)

# total rows: (code, name, exist, registered, assessed, recognised, rate, target, gap)
# commune rows: (name, code, exist, recognised, rate, target, gap, package text, package sort, sent)
C_NAME, C_CODE, C_EXIST, C_REC, C_RATE, C_TARGET, C_GAP, C_PKG, C_PKG_SORT, C_SENT = range(10)


def _count(value) -> str:
    return "—" if value is None else format_number(value)


def package_text(package: dict | None) -> str:
    """``Số 5, nhận 27/11/2026`` or ``Chưa gửi``."""
    if not package:
        return _("Chưa gửi")
    received = str(package.get("received_at") or "")
    day = ""
    if received:
        from datetime import datetime

        try:
            day = format_date(datetime.fromisoformat(received))
        except ValueError:
            day = received[:10]
    return _("Số {seq}, nhận {day}").format(seq=package.get("sequence") or "?", day=day)


def commune_rows(area: dict, title_code: str) -> list[tuple]:
    """One row per commune (sent or not) for ``title_code``, from an :func:`area_summary` dict."""
    sent = {row["code"]: row for row in area["villages"]}
    rows = []
    for c in area["communes"]:
        row = sent.get(c["code"])
        t = next((t for t in row["titles"] if t["code"] == title_code), None) if row else None
        pkg = row.get("package") if row else None
        rows.append((c["name"], c["code"],
                     t["exist"] if t else None, t["recognised"] if t else None, t["rate"] if t else None,
                     t["target"] if t else None, t["gap"] if t else None,
                     package_text(pkg) if row else _("Chưa gửi"),
                     (pkg or {}).get("received_at") or "", row is not None))
    return rows


class ReceiverOverviewPage(QWidget):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.area: dict | None = None
        self._stale = True

        head, self.title_label, self.count_label = page_header(_("Tổng hợp"))
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.refresh_action = self._action("refresh", _("Làm mới"), QKeySequence("F5"), self.reload)
        self.toolbar.addSeparator()
        self.pdf_action = self._action("print", _("Báo cáo PDF"), QKeySequence("Ctrl+P"), self._on_pdf)
        self.xlsx_action = self._action("export-excel", _("Báo cáo Excel"), QKeySequence("Ctrl+E"), self._on_xlsx)

        self.missing_label = banner()
        self.totals_model = RowsModel(self._total_columns(), self)
        self.totals = table_view(self.totals_model, sortable=False)
        self.totals.setFixedHeight(26 * 5 + 34)
        self.totals.setSelectionMode(self.totals.SelectionMode.NoSelection)
        self.totals.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.totals.horizontalHeader().setStretchLastSection(False)
        # the chart stands beside the table: the figures take their own width, the names the rest
        header = self.totals.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(56)
        self.chart = RateBarsChart()
        self.legend = QLabel(_("Vạch đậm: chỉ tiêu. Xanh: đạt; vàng: thiếu ≤ 10 điểm %; đỏ: thiếu > 10 điểm %."))
        self.legend.setObjectName("hint")
        self.legend.setWordWrap(True)

        self.title_box = QComboBox()
        for code, name in self._title_choices():
            self.title_box.addItem(name, code)
        self.title_box.currentIndexChanged.connect(lambda _i: self._fill_communes())
        self.communes_model = RowsModel(self._commune_columns(), self)
        self.communes = table_view(self.communes_model)
        self.communes.sortByColumn(C_NAME, Qt.SortOrder.AscendingOrder)

        by_commune = QHBoxLayout()
        label = QLabel(_("Theo xã, phường"))
        label.setStyleSheet("font-weight: bold;")
        by_commune.addWidget(label)
        by_commune.addStretch(1)
        by_commune.addWidget(QLabel(_("Danh hiệu:")))
        by_commune.addWidget(self.title_box)

        totals_label = QLabel(_("Toàn địa bàn"))
        totals_label.setStyleSheet("font-weight: bold;")
        tools = QHBoxLayout()
        tools.addWidget(self.toolbar)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addLayout(tools)
        layout.addWidget(self.missing_label)
        layout.addWidget(totals_label)
        table_side = QVBoxLayout()
        table_side.addWidget(self.totals)
        table_side.addWidget(self.legend)
        table_side.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addLayout(table_side, 3)
        top.addWidget(self.chart, 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addLayout(by_commune)
        layout.addWidget(self.communes, 1)

        ctx.year_changed.connect(lambda _y: self._mark_stale())
        ctx.data_changed.connect(self._on_ctx_data_changed)

    # -- building
    def _action(self, icon_name: str, text: str, shortcut: QKeySequence, slot) -> QAction:
        a = QAction(icon(icon_name), text, self)
        a.setShortcut(shortcut)
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.setToolTip(f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        a.triggered.connect(slot)
        self.addAction(a)
        self.toolbar.addAction(a)
        return a

    @staticmethod
    def _title_choices() -> list[tuple[str, str]]:
        from app.domain.criteria import TITLE_NAMES, TITLES

        return [(code, _(TITLE_NAMES[code])) for code in TITLES]

    @staticmethod
    def _gap_column(index: int) -> Column:
        return Column(_("Chênh lệch"), lambda r: gap_text(r[index]), lambda r: r[index], True, 100,
                      lambda r: gap_colour(r[index]))

    def _total_columns(self) -> list[Column]:
        return [
            Column(_("Danh hiệu"), lambda r: r[1], width=260),
            Column(_("Tổng số"), lambda r: _count(r[2]), align_right=True, width=90),
            Column(_("Đăng ký"), lambda r: _count(r[3]), align_right=True, width=90),
            Column(_("Đã đánh giá"), lambda r: _count(r[4]), align_right=True, width=100),
            Column(_("Công nhận"), lambda r: _count(r[5]), align_right=True, width=100),
            Column(_("Tỷ lệ"), lambda r: format_percent(r[6]), align_right=True, width=90),
            Column(_("Chỉ tiêu"), lambda r: format_percent(r[7]), align_right=True, width=90),
            self._gap_column(8),
        ]

    def _commune_columns(self) -> list[Column]:
        return [
            Column(_("Xã, phường"), lambda r: r[C_NAME], lambda r: r[C_NAME] and _sort(r[C_NAME]), width=220),
            Column(_("Mã"), lambda r: r[C_CODE], width=70),
            Column(_("Tổng số"), lambda r: _count(r[C_EXIST]), lambda r: r[C_EXIST], True, 90),
            Column(_("Công nhận"), lambda r: _count(r[C_REC]), lambda r: r[C_REC], True, 100),
            Column(_("Tỷ lệ"), lambda r: format_percent(r[C_RATE]), lambda r: r[C_RATE], True, 90),
            Column(_("Chỉ tiêu"), lambda r: format_percent(r[C_TARGET]), lambda r: r[C_TARGET], True, 90),
            self._gap_column(C_GAP),
            Column(_("Gói dữ liệu"), lambda r: r[C_PKG], lambda r: (r[C_SENT], r[C_PKG_SORT]),
                   foreground=lambda r: None if r[C_SENT] else QColor(theme.RED)),
        ]

    # -- loading
    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def _on_ctx_data_changed(self, kind: str) -> None:
        if kind in ("receiver_package", "receiver_commune", "targets", "profile"):
            self._mark_stale()

    def reload(self) -> None:
        """Read the area summary of the working year and fill the tables."""
        self._stale = False
        year = self.ctx.year
        self.title_label.setText(_("Tổng hợp năm {year}").format(year=year))
        try:
            self.area = consolidation.area_summary(self.ctx.db, year)
        except Exception as exc:  # noqa: BLE001 - the page shows what went wrong instead of the figures
            log.exception("area summary failed")
            self.area = None
            self.missing_label.setText(_("Không đọc được số liệu tổng hợp: {error}").format(error=exc))
            set_banner_colour(self.missing_label, theme.RED)
            self.totals_model.set_rows([])
            self.communes_model.set_rows([])
            self.chart.set_bars([])
            return
        self._fill_totals()
        self._fill_missing()
        self._fill_communes()

    def _fill_totals(self) -> None:
        assert self.area is not None
        self.totals_model.set_rows([
            (t["code"], t["name"], t["exist"], t["registered"], t["assessed"], t["recognised"], t["rate"],
             t["target"], t["gap"]) for t in self.area["titles"]])
        self.chart.set_bars(rate_bars(self.area))

    def _fill_missing(self) -> None:
        assert self.area is not None
        year = self.area["year"]
        total = len(self.area["communes"])
        missing = self.area["communes_missing"]
        sent = total - len(missing)
        self.count_label.setText(ngettext("{sent}/{total} xã, phường đã gửi gói năm {year}",
                                          "{sent}/{total} xã, phường đã gửi gói năm {year}", total).format(
            sent=format_number(sent), total=format_number(total), year=year))
        if total == 0:
            text, colour = _("Chưa đăng ký xã, phường nào. Vào <b>Xã và khóa</b> để đăng ký khóa của các xã, "
                             "rồi <b>Nhận gói dữ liệu</b> các xã gửi lên."), theme.GREY
        elif not missing:
            text, colour = _("Tất cả {n} xã, phường đã gửi gói dữ liệu năm {year}.").format(
                n=format_number(total), year=year), theme.GREEN
        else:
            names = ", ".join(c["name"] for c in missing)
            text = ngettext("<b>Chưa gửi gói năm {year}</b> ({n} xã, phường): {names}",
                            "<b>Chưa gửi gói năm {year}</b> ({n} xã, phường): {names}", len(missing)).format(
                year=year, n=format_number(len(missing)), names=_escape(names))
            colour = theme.AMBER
        self.missing_label.setText(text)
        set_banner_colour(self.missing_label, colour)

    def _fill_communes(self) -> None:
        if self.area is None:
            return
        self.communes_model.set_rows(commune_rows(self.area, self.title_box.currentData()))

    # -- exports
    def _on_pdf(self) -> None:
        year, db = self.ctx.year, self.ctx.db
        save_built_file(self, self.ctx, _("Báo cáo tổng hợp"), f"Bao cao tong hop {year}.pdf",
                        _("Tệp PDF (*.pdf)"), lambda: consolidation.area_report_pdf(db, year))

    def _on_xlsx(self) -> None:
        year, db = self.ctx.year, self.ctx.db
        save_built_file(self, self.ctx, _("Báo cáo tổng hợp"), f"Bao cao tong hop {year}.xlsx",
                        _("Bảng tính Excel (*.xlsx)"), lambda: consolidation.area_report_xlsx(db, year))


def _sort(name: str) -> str:
    from app.domain.text import sort_key

    return sort_key(name)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
