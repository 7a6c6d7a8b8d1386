"""Đăng ký: the subjects a round can register, with their state; registering the checked ones or
a whole village on a date, and recording the steps (self-assessment, village review, commune
review) for the checked subjects or the whole village, with the date and who did it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.criteria import target_group_name, title_name
from app.i18n import N_, _, format_number
from app.services import rounds
from app.services.errors import NotFound, ValidationFailed
from app.ui.assessment.common import ActionDialog, hint, problems_text, recompute_year, working_day
from app.ui.assessment.subjects import KIND_WORDS, SubjectList
from app.ui.icons import icon

STEP_ACTIONS = (("self_assessed", N_("Tự đánh giá…")), ("village_reviewed", N_("Thôn bình xét…")),
                ("commune_reviewed", N_("Xã thẩm định…")))


class RegistrationView(QWidget):
    """The Đăng ký tab. ``score_requested(assessment id)`` asks the page to open the score form;
    ``changed()`` after a registration or a step, so that the page refreshes its counts."""

    score_requested = Signal(int)
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.round = None
        self.citizen_rounds: list = []
        self.subjects = SubjectList(ctx, registered_only=False)
        self.subjects.activated.connect(self._on_subjects_activated)
        self.subjects.current_changed.connect(lambda _s: self._enable())
        self.register_button = QPushButton(icon("add"), _("Đăng ký đã chọn…"))
        self.register_button.setToolTip(_("Đăng ký các đối tượng đã đánh dấu (Space để đánh dấu) (Ctrl+R)"))
        self.register_button.clicked.connect(self.register_checked)
        QShortcut(QKeySequence("Ctrl+R"), self, self.register_checked,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.village_button = QPushButton(icon("villages"), _("Đăng ký cả thôn…"))
        self.village_button.clicked.connect(self.register_village)
        self.step_buttons = {}
        for step, text in STEP_ACTIONS:
            b = QPushButton(_(text))
            b.clicked.connect(lambda _c=False, step=step: self.advance(step))
            self.step_buttons[step] = b
        self.score_button = QPushButton(icon("edit"), _("Chấm điểm"))
        self.score_button.setToolTip(_("Mở phiếu chấm của đối tượng đang chọn (Enter)"))
        self.score_button.clicked.connect(lambda: self._on_subjects_activated(self.subjects.current()))
        side = QVBoxLayout()
        side.addWidget(QLabel(f"<b>{_('Đăng ký')}</b>"))
        side.addWidget(self.register_button)
        side.addWidget(self.village_button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        side.addWidget(line)
        side.addWidget(QLabel(f"<b>{_('Các bước')}</b>"))
        for b in self.step_buttons.values():
            side.addWidget(b)
        side.addWidget(self.score_button)
        self.help = hint(_("Đánh dấu bằng ô vuông hoặc phím Space; không đánh dấu thì áp dụng cho dòng đang chọn. "
                           "Các bước áp dụng cho đối tượng đã đăng ký."))
        side.addWidget(self.help)
        side.addStretch(1)
        panel = QWidget()
        panel.setLayout(side)
        panel.setFixedWidth(210)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.subjects, 1)
        layout.addWidget(panel)

    def set_round(self, info, all_rounds=()) -> None:
        self.round = info
        self.citizen_rounds = [r for r in all_rounds if r.title_code == "CDHT_CONG_DAN"]
        self.subjects.set_round(info)
        self._enable()

    def reload(self) -> None:
        self.subjects.reload()

    def _enable(self) -> None:
        has = self.round is not None
        for b in (self.register_button, *self.step_buttons.values()):
            b.setEnabled(has)
        self.village_button.setVisible(self.subjects.kind in ("household", "unit", "village"))
        self.village_button.setEnabled(has and (self.subjects.kind == "village" or self.subjects.village_id() is not None))
        current = self.subjects.current()
        self.score_button.setEnabled(bool(current and current.assessment_id))

    def _words(self) -> str:
        return _(KIND_WORDS[self.subjects.kind][2])

    def _what(self) -> str:
        r = self.round
        group = f" — {target_group_name(r.target_group)}" if r.target_group else ""
        return f"{title_name(r.title_code)}{group} {_('năm')} {r.year}"

    def _done(self, message: str) -> None:
        self.ctx.changed("assessment", message)
        self.subjects.reload()
        self.changed.emit()

    # -- registering
    def register_checked(self) -> None:
        if self.round is None:
            return
        chosen = [s for s in self.subjects.checked() if s is not None]
        if not chosen:
            return
        extra, group_box = [], None
        if self.round.title_code == "CDHT_CONG_DAN" and len(self.citizen_rounds) > 1:
            group_box = QComboBox()
            for r in self.citizen_rounds:
                group_box.addItem(target_group_name(r.target_group) or _("Mọi công dân"), r.id)
            group_box.setCurrentIndex(max(group_box.findData(self.round.id), 0))
            extra.append((_("Nhóm đối tượng:"), group_box))
        names = ", ".join(s.name or s.code for s in chosen[:3]) + ("…" if len(chosen) > 3 else "")
        text = _("Đăng ký {n} {what} cho {title}: {names}").format(
            n=format_number(len(chosen)), what=self._words(), title=self._what(), names=names)

        def run(v: dict) -> str:
            round_id = group_box.currentData() if group_box is not None else self.round.id
            try:
                res = rounds.register(self.ctx.db, round_id, [s.sid for s in chosen], v["when"], v["by"])
            except (ValidationFailed, NotFound) as exc:
                return problems_text(exc)
            self.subjects.model.checked.clear()
            recompute_year(self, self.ctx.db, self.round.year)
            self._done(_("Đã đăng ký {n} {what}{already}.").format(
                n=format_number(len(res.added)), what=self._words(),
                already=_(" ({n} đã đăng ký từ trước)").format(n=res.already) if res.already else ""))
            return ""

        ActionDialog(self, _("Đăng ký"), text, working_day(self.ctx.year), run, extra=extra,
                     ok_text=_("Đăng ký")).exec()

    def register_village(self) -> None:
        vid = self.subjects.village_id()
        if self.round is None or (vid is None and self.subjects.kind != "village"):
            return
        if self.subjects.kind == "village":
            chosen = [s for s in self.subjects.checked() if s is not None]
            text = _("Đăng ký {n} thôn cho {title}.").format(n=len(chosen), title=self._what())
            ids = [s.sid for s in chosen]
        else:
            name = self.subjects.village_name()
            text = _("Đăng ký mọi {what} của {village} cho {title}. Những ai đã đăng ký được giữ nguyên.").format(
                what=self._words(), village=name, title=self._what())

        def run(v: dict) -> str:
            try:
                if self.subjects.kind == "village":
                    res = rounds.register(self.ctx.db, self.round.id, ids, v["when"], v["by"])
                else:
                    res = rounds.register_village(self.ctx.db, self.round.id, vid, v["when"], v["by"])
            except (ValidationFailed, NotFound) as exc:
                return problems_text(exc)
            recompute_year(self, self.ctx.db, self.round.year)
            self._done(_("Đã đăng ký {n} {what}{already}.").format(
                n=format_number(len(res.added)), what=self._words(),
                already=_(" ({n} đã đăng ký từ trước)").format(n=res.already) if res.already else ""))
            return ""

        ActionDialog(self, _("Đăng ký cả thôn"), text, working_day(self.ctx.year), run, ok_text=_("Đăng ký")).exec()

    # -- steps
    def advance(self, step: str) -> None:
        if self.round is None:
            return
        chosen = [s for s in self.subjects.checked() if s is not None and s.assessment_id]
        shown = [s for s in self.subjects.visible_subjects() if s.assessment_id]
        where = self.subjects.village_name() or _("cả xã")
        scopes = []
        if chosen:
            scopes.append(("checked", _("{n} {what} đã chọn").format(n=len(chosen), what=self._words())))
        if shown:
            scopes.append(("village", _("Mọi {what} đã đăng ký ở {where} ({n})").format(
                what=self._words(), where=where, n=format_number(len(shown)))))
        if not scopes:
            QMessageBox.information(self, rounds.step_name(step), _("Chưa có đối tượng đã đăng ký ở đây. "
                                                                   "Hãy đăng ký trước khi ghi các bước."))
            return
        text = _("Ghi bước “{step}” cho {title}.").format(step=rounds.step_name(step), title=self._what())

        def run(v: dict) -> str:
            ids = [s.assessment_id for s in (chosen if v["scope"] == "checked" else shown)]
            try:
                res = rounds.advance(self.ctx.db, ids, step, v["when"], v["by"], v["note"])
            except (ValidationFailed, NotFound) as exc:
                return problems_text(exc)
            self._done(_("{step}: {n} {what}{skipped}.").format(
                step=rounds.step_name(step), n=format_number(res.changed), what=self._words(),
                skipped=_(" ({n} đã qua bước này)").format(n=res.skipped) if res.skipped else ""))
            return ""

        ActionDialog(self, rounds.step_name(step), text, working_day(self.ctx.year), run, scopes=scopes,
                     with_note=True, ok_text=_("Ghi")).exec()

    def _on_subjects_activated(self, s) -> None:
        if s is not None and s.assessment_id:
            self.score_requested.emit(s.assessment_id)
