"""Charts drawn with QPainter (no QtCharts): rates against targets as horizontal bars, and the
rates of several years as grouped vertical bars.

Both take plain data (percent values 0–100, None for "no figure") and never touch the database.
Every bar carries its number in text, so the charts read without colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import _, format_number, format_percent
from app.ui import theme

#: Below the target by at most this many points: amber; further: red.
AMBER_GAP = 10.0
#: One colour per title in the grouped chart (calm, distinct, readable on white).
SERIES_COLOURS = ("#1565c0", "#00897b", "#8e24aa", "#ef6c00", "#6d4c41", "#546e7a")


@dataclass(frozen=True)
class RateBar:
    label: str
    rate: float | None  # percent 0–100; None: nothing to count
    target: float | None  # percent 0–100; None: no target set
    detail: str = ""  # e.g. "36/50", shown under the label


def gap_colour(rate: float | None, target: float | None) -> str:
    """Green when the target is reached, amber when short by ≤ 10 points, red further; grey
    when there is no rate; the accent when there is no target to compare with."""
    if rate is None:
        return theme.GREY
    if target is None:
        return theme.ACCENT
    gap = rate - target
    return theme.GREEN if gap >= 0 else theme.AMBER if gap >= -AMBER_GAP else theme.RED


def gap_text(rate: float | None, target: float | None) -> str:
    """"✓ đạt chỉ tiêu", "thiếu 5,2 điểm %", "chưa có chỉ tiêu" or "chưa có số liệu"."""
    if rate is None:
        return _("chưa có số liệu")
    if target is None:
        return _("chưa có chỉ tiêu")
    gap = round(rate - target, 1)
    if gap >= 0:
        return _("✓ đạt chỉ tiêu")
    return _("thiếu {gap} điểm %").format(gap=format_number(-gap, 1))


class RateBarsChart(QWidget):
    """One row per title: its name (and "36/50 công nhận") on a line, below it the rate as a filled
    bar on a 0–100 % scale with the target as a dark vertical line, and at the bar's right
    "72,5 % · chỉ tiêu 70 %" over "✓ đạt chỉ tiêu" (or "thiếu 5,2 điểm %")."""

    ROW = 44
    TOP = 18

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: list[RateBar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(360)
        self.setFixedHeight(self.sizeHint().height())

    def set_bars(self, bars: list[RateBar]) -> None:
        self.bars = list(bars)
        self.setFixedHeight(self.sizeHint().height())
        self.setAccessibleDescription("\n".join(self.texts()))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, self.TOP + self.ROW * max(len(self.bars), 1))

    def _geometry(self, fm: QFontMetrics) -> tuple[int, int]:
        """(left, width) of the bars: what the text at the right leaves."""
        text_w = max(fm.horizontalAdvance("100,0 % · " + _("chỉ tiêu {target}").format(target="100,0 %")),
                     fm.horizontalAdvance(_("thiếu {gap} điểm %").format(gap="99,9"))) + 14
        return 4, max(self.width() - text_w - 8, 80)

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1.5, 7))
        left, bar_w = self._geometry(fm)
        self._draw_scale(p, left, bar_w, small)
        for i, bar in enumerate(self.bars):
            self._draw_row(p, bar, self.TOP + i * self.ROW, left, bar_w, fm, small)
        p.end()

    def _draw_scale(self, p: QPainter, left: int, bar_w: int, small: QFont) -> None:
        p.setFont(small)
        h = self.TOP + self.ROW * len(self.bars)
        steps = (0, 25, 50, 75, 100) if bar_w >= 260 else (0, 50, 100)
        for pct in steps:
            x = left + bar_w * pct / 100
            p.setPen(QPen(QColor("#e3e8eb"), 1))
            p.drawLine(int(x), self.TOP, int(x), h)
            p.setPen(QColor(theme.MUTED))
            align = Qt.AlignmentFlag.AlignLeft if pct == 0 else Qt.AlignmentFlag.AlignRight if pct == 100 \
                else Qt.AlignmentFlag.AlignHCenter
            rect = QRectF(x, 0, 60, 15) if pct == 0 else QRectF(x - 60, 0, 60, 15) if pct == 100 \
                else QRectF(x - 30, 0, 60, 15)
            p.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, f"{pct} %")

    def _draw_row(self, p: QPainter, bar: RateBar, top: int, left: int, bar_w: int, fm: QFontMetrics,
                  small: QFont) -> None:
        line_h = fm.height() + 2
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor(theme.TEXT))
        name_w = QFontMetrics(bold).horizontalAdvance(bar.label)
        p.drawText(QRectF(left, top + 2, bar_w, line_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   QFontMetrics(bold).elidedText(bar.label, Qt.TextElideMode.ElideRight, bar_w))
        room = bar_w - name_w - 10
        if bar.detail and QFontMetrics(small).horizontalAdvance(bar.detail) <= room:  # whole, or not at all
            p.setFont(small)
            p.setPen(QColor(theme.MUTED))
            p.drawText(QRectF(left + name_w + 10, top + 2, room, line_h),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar.detail)
        y = top + line_h + 4
        bar_h = self.ROW - line_h - 12
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#eceff1"))
        p.drawRoundedRect(QRectF(left, y, bar_w, bar_h), 3, 3)
        colour = QColor(gap_colour(bar.rate, bar.target))
        if bar.rate:
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(left, y, max(bar_w * min(bar.rate, 100) / 100, 3), bar_h), 3, 3)
        if bar.target is not None:
            x = left + bar_w * min(bar.target, 100) / 100
            p.setPen(QPen(QColor(theme.TEXT), 3))
            p.drawLine(int(x), int(y - 4), int(x), int(y + bar_h + 4))
        parts = [format_percent(bar.rate) if bar.rate is not None else "—"]
        if bar.target is not None:
            parts.append(_("chỉ tiêu {target}").format(target=format_percent(bar.target)))
        text_x = left + bar_w + 12
        p.setFont(self.font())
        p.setPen(QColor(theme.TEXT))
        p.drawText(QRectF(text_x, top + 2, self.width() - text_x, line_h),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, " · ".join(parts))
        p.setFont(small)
        p.setPen(colour if bar.rate is not None and bar.target is not None else QColor(theme.MUTED))
        p.drawText(QRectF(text_x, y - 2, self.width() - text_x, bar_h + 4),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, gap_text(bar.rate, bar.target))

    def texts(self) -> list[str]:
        """What each row says in words (for tests and accessibility): "name: 72,5 % · chỉ tiêu 70,0 % · ✓ …"."""
        out = []
        for bar in self.bars:
            parts = [format_percent(bar.rate) if bar.rate is not None else "—"]
            if bar.target is not None:
                parts.append(_("chỉ tiêu {target}").format(target=format_percent(bar.target)))
            out.append(f"{bar.label}: {' · '.join(parts)} · {gap_text(bar.rate, bar.target)}")
        return out


class GroupedBarsChart(QWidget):
    """Vertical bars grouped by year, one bar (and colour) per series, with a legend on top.

    ``set_data(groups, series, values)``: ``values[g][s]`` percent or None (no bar, a dash)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.groups: list[str] = []
        self.series: list[str] = []
        self.values: list[list[float | None]] = []
        self.setMinimumSize(360, 220)

    def set_data(self, groups: list[str], series: list[str], values: list[list[float | None]]) -> None:
        self.groups, self.series, self.values = list(groups), list(series), [list(v) for v in values]
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 280)

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1.5, 7))
        fm = QFontMetrics(small)
        legend_h = self._draw_legend(p, small, fm)
        left, top, bottom = 44, legend_h + 10, self.height() - 24
        width = self.width() - left - 8
        self._draw_axis(p, small, left, top, bottom, width)
        if not self.groups:
            p.setPen(QColor(theme.MUTED))
            p.drawText(QRectF(left, top, width, bottom - top), Qt.AlignmentFlag.AlignCenter, _("Chưa có số liệu"))
            p.end()
            return
        group_w = width / len(self.groups)
        n = max(len(self.series), 1)
        bar_w = max(min((group_w - 16) / n, 28), 3)
        for g, name in enumerate(self.groups):
            x0 = left + g * group_w + (group_w - bar_w * n) / 2
            for s in range(n):
                value = self.values[g][s] if g < len(self.values) and s < len(self.values[g]) else None
                if value is None:
                    continue
                h = (bottom - top) * min(value, 100) / 100
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)]))
                p.drawRect(QRectF(x0 + s * bar_w, bottom - h, bar_w - 2, h))
            p.setPen(QColor(theme.TEXT))
            p.setFont(small)
            p.drawText(QRectF(left + g * group_w, bottom + 2, group_w, 20), Qt.AlignmentFlag.AlignCenter, name)
        p.end()

    def _draw_legend(self, p: QPainter, small: QFont, fm: QFontMetrics) -> int:
        p.setFont(small)
        x, y, line = 8, 4, fm.height() + 4
        for s, name in enumerate(self.series):
            w = 14 + fm.horizontalAdvance(name) + 16
            if x + w > self.width() and x > 8:
                x, y = 8, y + line
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)]))
            p.drawRect(QRectF(x, y + (line - 10) / 2 - 1, 10, 10))
            p.setPen(QColor(theme.TEXT))
            p.drawText(QRectF(x + 14, y, w, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            x += w
        return y + line

    def _draw_axis(self, p: QPainter, small: QFont, left: int, top: int, bottom: int, width: int) -> None:
        p.setFont(small)
        for pct in (0, 25, 50, 75, 100):
            y = bottom - (bottom - top) * pct / 100
            p.setPen(QPen(QColor("#e3e8eb"), 1))
            p.drawLine(left, int(y), left + width, int(y))
            p.setPen(QColor(theme.MUTED))
            p.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{pct} %")
