"""The top of the Đánh giá area: one card per title with the year's counts (exist, registered,
scored, passed, decided) as a stacked bar with words, and the bar of the selected round: its
criteria set (an amber warning for an unconfirmed sample, with a link to the Bộ tiêu chí tab),
the target group for citizens, "Mở đợt đánh giá" when the title has no round for the year.

Reads :func:`app.services.decisions.overview` (about 0.7 s on a 20,000-household commune) and
:func:`app.services.rounds.list_rounds`; :meth:`RoundPanel.reload` is called by the page when the
year or the rounds change, not after every typed score.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.criteria import SUBJECT_KINDS, TARGET_GROUPS, target_group_name, title_name
from app.i18n import N_, _
from app.services import criteria_sets, decisions, rounds
from app.services.decisions import Counts
from app.services.errors import NotFound, ValidationFailed
from app.ui import theme
from app.ui.assessment.common import ElidedLabel, count, refuse, who
from app.ui.icons import icon

SHORT_TITLES = {"GDHT": N_("Gia đình học tập"), "DHHT": N_("Dòng họ học tập"), "CDHT_THON": N_("Cộng đồng học tập"),
                "DVHT": N_("Đơn vị học tập"), "CDHT_CONG_DAN": N_("Công dân học tập")}


class StackBar(QWidget):
    """Counts as one bar: decided (green), passed (light green), scored (amber), registered (light
    grey) out of those that exist. Always shown beside the same numbers in words."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts = Counts()
        self.setFixedHeight(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_counts(self, counts: Counts) -> None:
        self.counts = counts
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h, c = self.width(), self.height(), self.counts
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#e6ebee"))
        p.drawRoundedRect(QRectF(0, 0, w, h), 3, 3)
        total = max(c.exist, c.registered, 1)
        x = 0.0
        for n, colour in ((c.decided, theme.GREEN), (c.passed - c.decided, "#81c784"),
                          (c.scored - c.passed, "#ffb74d"), (c.registered - c.scored, "#b0bec5")):
            width = w * max(n, 0) / total
            if width > 0:
                p.setBrush(QColor(colour))
                p.drawRect(QRectF(x, 0, width, h))
                x += width
        p.end()


class TitleCard(QPushButton):
    """One title of the year: name, state in words and colour, the stacked bar, the counts."""

    def __init__(self, title_code: str, parent=None):
        super().__init__(parent)
        self.title_code = title_code
        self.setCheckable(True)
        self.setObjectName("titleCard")
        self.setMinimumHeight(98)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.name = QLabel(_(SHORT_TITLES[title_code]))
        self.name.setStyleSheet("font-weight:bold")
        self.state = QLabel()
        self.bar = StackBar()
        self.line1, self.line2 = QLabel(), QLabel()
        for label in (self.line1, self.line2):
            label.setObjectName("hint")
        for label in (self.name, self.state, self.line1, self.line2):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setSpacing(2)
        layout.addWidget(self.name)
        layout.addWidget(self.state)
        layout.addWidget(self.bar)
        layout.addWidget(self.line1)
        layout.addWidget(self.line2)

    def set_compact(self, compact: bool) -> None:
        """Only the name (while scoring, to leave the screen's height to the form and the grid)."""
        for w in (self.state, self.bar, self.line1, self.line2):
            w.setVisible(not compact)
        self.setMinimumHeight(30 if compact else 98)

    def set_counts(self, counts: Counts, round_count: int) -> None:
        if not round_count:
            text, colour = _("Chưa mở đợt"), theme.GREY
        elif counts.decided:
            text, colour = _("Đã công nhận {n}").format(n=count(counts.decided)), theme.GREEN
        else:
            text, colour = _("Đang đánh giá"), theme.AMBER
        self.state.setText(text)
        self.state.setStyleSheet(f"color:{colour}")
        self.bar.set_counts(counts)
        self.line1.setText(_("Đăng ký {r} / {e}").format(r=count(counts.registered), e=count(counts.exist)))
        self.line2.setText(_("Chấm {s} · Đạt {p}").format(s=count(counts.scored), p=count(counts.passed)))
        self.setToolTip(_("{title}: {e} có, {r} đăng ký, {s} đã chấm đủ, {p} đạt, {d} đã có quyết định công nhận.")
                        .format(title=title_name(self.title_code), e=count(counts.exist), r=count(counts.registered),
                                s=count(counts.scored), p=count(counts.passed), d=count(counts.decided)))


class RoundPanel(QWidget):
    """The title cards and the selected round's bar. ``round_changed(RoundInfo | None, title)``
    when the selection or the round changes; ``set_requested(set id)`` for the link to the set."""

    round_changed = Signal(object, str)
    set_requested = Signal(int)
    rounds_changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rounds: list[rounds.RoundInfo] = []
        self.title = "GDHT"
        self.group = "community"
        self.current: rounds.RoundInfo | None = None
        self.cards: dict[str, TitleCard] = {}
        self._buttons = QButtonGroup(self)
        cards = QHBoxLayout()
        cards.setSpacing(8)
        for code in SUBJECT_KINDS:
            card = TitleCard(code)
            card.clicked.connect(lambda _c=False, code=code: self.select_title(code))
            self._buttons.addButton(card)
            self.cards[code] = card
            cards.addWidget(card)
        self.group_box = QComboBox()
        self.group_box.setMinimumWidth(250)
        self.group_box.setToolTip(_("Nhóm đối tượng Công dân học tập"))
        self.group_box.activated.connect(self._on_group_box_activated)
        self.set_text = ElidedLabel()
        self.sample = QLabel()
        self.sample.setStyleSheet(f"color:{theme.AMBER}; font-weight:bold")
        self.sample.setTextFormat(Qt.TextFormat.RichText)
        self.sample.linkActivated.connect(lambda _l: self.current and self.set_requested.emit(self.current.set_id))
        self.change_button = QPushButton(_("Đổi bộ tiêu chí…"))
        self.change_button.clicked.connect(self.change_set)
        self.open_button = QPushButton(icon("add", "#ffffff"), _("Mở đợt đánh giá"))
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_round)
        bar = QFrame()
        bar.setObjectName("roundBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.group_box)
        row.addWidget(self.set_text, 1)
        row.addWidget(self.sample)
        row.addWidget(self.change_button)
        row.addWidget(self.open_button)
        self.setStyleSheet(f"QPushButton#titleCard {{ text-align: left; padding: 0; }}"
                           f"QPushButton#titleCard:checked {{ border: 2px solid {theme.ACCENT}; "
                           f"background: {theme.ACCENT_LIGHT}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(cards)
        layout.addWidget(bar)
        self.cards[self.title].setChecked(True)

    def set_compact(self, compact: bool) -> None:
        for card in self.cards.values():
            card.set_compact(compact)

    # -- loading
    def reload(self) -> None:
        """Read the year's rounds and counts; keep the selected title and group."""
        year = self.ctx.year
        self.rounds = rounds.list_rounds(self.ctx.db, year)
        for o in decisions.overview(self.ctx.db, year):
            if o.title_code in self.cards:
                self.cards[o.title_code].set_counts(o.counts, len(o.round_ids))
        self._show()

    def select_title(self, code: str) -> None:
        self.title = code
        self.cards[code].setChecked(True)
        self._show()

    def select_round(self, round_id: int) -> None:
        r = next((r for r in self.rounds if r.id == round_id), None)
        if r is not None:
            self.title = r.title_code
            self.group = r.target_group if r.title_code == "CDHT_CONG_DAN" else self.group
            self.cards[r.title_code].setChecked(True)
            self._show()

    def _round_for(self) -> rounds.RoundInfo | None:
        mine = [r for r in self.rounds if r.title_code == self.title]
        if self.title != "CDHT_CONG_DAN":
            return mine[0] if mine else None
        return next((r for r in mine if r.target_group == self.group), None)

    def _fill_groups(self) -> None:
        groups = list(TARGET_GROUPS)
        groups += [r.target_group for r in self.rounds if r.title_code == "CDHT_CONG_DAN" and r.target_group not in groups]
        if self.group not in groups:
            self.group = next((r.target_group for r in self.rounds if r.title_code == "CDHT_CONG_DAN"), groups[0])
        self.group_box.blockSignals(True)
        self.group_box.clear()
        opened = {r.target_group for r in self.rounds if r.title_code == "CDHT_CONG_DAN"}
        for g in groups:
            name = target_group_name(g) or _("Mọi công dân")
            self.group_box.addItem(name if g in opened else _("{name} (chưa mở đợt)").format(name=name), g)
        self.group_box.setCurrentIndex(max(self.group_box.findData(self.group), 0))
        self.group_box.blockSignals(False)

    def _show(self) -> None:
        citizens = self.title == "CDHT_CONG_DAN"
        self.group_box.setVisible(citizens)
        if citizens:
            self._fill_groups()
        r = self.current = self._round_for()
        self.open_button.setVisible(r is None)
        self.change_button.setVisible(r is not None)
        what = title_name(self.title) + (f" — {target_group_name(self.group)}" if citizens and self.group else "")
        if r is None:
            self.set_text.setText(_("Chưa có đợt đánh giá năm {year} cho {what}. Bấm Mở đợt đánh giá để bắt đầu.")
                                  .format(year=self.ctx.year, what=what))
            self.sample.clear()
        else:
            self.set_text.setText(_("Đợt {year} · {registered} đăng ký · Bộ tiêu chí: {name}").format(
                year=r.year, registered=count(r.registered), name=r.set_name))
            link = f'<a href="set" style="color:{theme.ACCENT}">{_("Xem bộ tiêu chí")}</a>'
            if r.set_needs_confirmation:
                self.sample.setText(f'⚠ {_("Bộ tiêu chí mẫu — đối chiếu hướng dẫn của tỉnh")} · {link}')
            else:
                self.sample.setText(f'<span style="color:{theme.MUTED};font-weight:normal">{r.set_label}</span> '
                                    f'{link}' if r.set_label else link)
        self.round_changed.emit(r, self.title)

    def _on_group_box_activated(self, _index: int) -> None:
        self.group = self.group_box.currentData()
        self._show()

    # -- actions
    def open_round(self) -> None:
        group = self.group if self.title == "CDHT_CONG_DAN" else None
        try:
            info = rounds.open_round(self.ctx.db, self.ctx.year, self.title, group, by=who())
        except ValidationFailed as exc:
            refuse(self, _("Chưa mở được đợt đánh giá"), exc)
            return
        self.ctx.changed("assessment", _("Đã mở đợt đánh giá {title} năm {year}.").format(
            title=info.title_name, year=info.year))
        self.reload()
        self.rounds_changed.emit()

    def change_set(self) -> None:
        r = self.current
        if r is None:
            return
        sets = [s for s in criteria_sets.list_sets(self.ctx.db, r.title_code) if s.target_group == r.target_group]
        names = [f"{s.name_vi} (v{s.version})" for s in sets]
        current = next((n for n, s in enumerate(sets) if s.id == r.set_id), 0)
        name, ok = QInputDialog.getItem(self, _("Đổi bộ tiêu chí"), _("Chấm đợt {year} theo bộ tiêu chí:").format(
            year=r.year), names, current, False)
        if not ok or names.index(name) == current:
            return
        try:
            info = rounds.change_set(self.ctx.db, r.id, sets[names.index(name)].id, by=who())
        except (ValidationFailed, NotFound) as exc:
            refuse(self, _("Không đổi được bộ tiêu chí"), exc)
            return
        self.ctx.changed("assessment", _("Đợt {year} chấm theo {name}.").format(year=info.year, name=info.set_name))
        self.reload()
        self.rounds_changed.emit()

