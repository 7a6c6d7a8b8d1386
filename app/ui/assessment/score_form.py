"""Chấm điểm — the score form of one subject: the set's criteria and indicators with guidance, a
points field per indicator (Tab moves from one to the next; each score is saved when its field is
left), derived indicators with how they were computed and "Ghi đè…", preconditions, the total and
the result live (green Đạt / red Chưa đạt with the reasons), evidence, the steps, the history
across years. A decided (locked) subject is read-only with "Mở lại để sửa…".

:meth:`ScoreFormView.load` reads :func:`app.services.scoring.score_form` (a few ms) and builds the
widgets; the live result is :func:`app.domain.scoring.evaluate` on the fields' values (µs).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.criteria import points_text, title_name
from app.domain.scoring import check_points, evaluate
from app.i18n import _, format_date
from app.services import criteria_sets, decisions, scoring
from app.services.errors import NotFound, ValidationFailed
from app.ui import theme
from app.ui.assessment.common import coloured, empty_state, hint, problems_text, refuse, who
from app.ui.assessment.evidence_view import EvidenceStrip
from app.ui.assessment.override_dialogs import ask_override, ask_result_override
from app.ui.assessment.score_fields import IndicatorRow
from app.ui.icons import icon


class ScoreFormView(QWidget):
    """The form of one assessment. ``saved(assessment_id, total, passed, complete)`` after each
    stored change (the subject list updates its line); ``changed()`` after a reopen or an
    override that the page's counts should see."""

    saved = Signal(int, object, bool, bool)
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.form: scoring.ScoreForm | None = None
        self.cs = None
        self.rows: dict[str, IndicatorRow] = {}
        self.criterion_boxes: dict[str, QGroupBox] = {}
        self.subject = QLabel()
        self.subject.setObjectName("pageTitle")
        self.subject.setWordWrap(True)
        self.steps = hint()
        self.total = QLabel()
        self.total.setStyleSheet("font-size:12pt; font-weight:bold")
        self.result = QLabel()
        self.result.setStyleSheet("font-size:12pt; font-weight:bold")
        self.result_icon = QLabel()
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.lock_icon = QLabel()
        self.lock_icon.setPixmap(icon("lock", theme.GREEN).pixmap(18, 18))
        self.lock_text = QLabel()
        self.lock_text.setWordWrap(True)
        self.reopen_button = QPushButton(icon("unlock"), _("Mở lại để sửa…"))
        self.reopen_button.clicked.connect(self.reopen)
        head = QVBoxLayout()
        head.setSpacing(3)
        head.addWidget(self.subject)
        head.addWidget(self.steps)
        result_row = QHBoxLayout()
        result_row.addWidget(self.total)
        result_row.addSpacing(16)
        result_row.addWidget(self.result_icon)
        result_row.addWidget(self.result)
        result_row.addStretch(1)
        head.addLayout(result_row)
        head.addWidget(self.reasons)
        lock_row = QHBoxLayout()
        lock_row.addWidget(self.lock_icon)
        lock_row.addWidget(self.lock_text, 1)
        lock_row.addWidget(self.reopen_button)
        head.addLayout(lock_row)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.empty = empty_state(_("Chọn một đối tượng đã đăng ký ở danh sách bên trái để chấm điểm."))
        self.header = QWidget()
        self.header.setLayout(head)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.empty, 1)
        self.show_nothing()

    # -- loading
    @property
    def assessment_id(self) -> int | None:
        return self.form.assessment_id if self.form else None

    def show_nothing(self, text: str | None = None) -> None:
        self.form = None
        if text:
            self.empty.setText(text)
        self.header.hide()
        self.scroll.hide()
        self.empty.show()

    def flush(self) -> None:
        """Save a typed score whose field has not been left yet (before showing another subject)."""
        if self.form is None or self.form.locked:
            return
        for code, row in self.rows.items():
            if not row.spin.isReadOnly() and row.spin.points() != row.saved and not row.error.text():
                self.commit(code, row.spin.points())

    def load(self, assessment_id: int) -> None:
        """Read and show the form of ``assessment_id`` (NotFound: say so)."""
        self.flush()
        try:
            form = scoring.score_form(self.ctx.db, assessment_id)
        except NotFound:
            self.show_nothing(_("Không tìm thấy đánh giá này; có thể đã bị xóa."))
            return
        self.form, self.cs = form, criteria_sets.get_set(self.ctx.db, form.criteria_set.id)[1]
        self.empty.hide()
        self.header.show()
        self.scroll.show()
        self._fill_header()
        self._build_body()
        self.refresh_result()

    def reload(self) -> None:
        if self.form is not None:
            focus = self.scroll.verticalScrollBar().value()
            self.load(self.form.assessment_id)
            self.scroll.verticalScrollBar().setValue(focus)

    def _fill_header(self) -> None:
        f = self.form
        s = f.subject
        where = f" · {s.village_name}" if s.village_name and f.subject.kind != "village" else ""
        name = f" — {s.name}" if s.kind == "household" and s.name else ""
        display = s.name if s.kind == "clan" and s.name.lower().startswith("dòng họ") else s.display
        self.subject.setText(f"{display}{name}{where}")
        steps = [f"{st.name} {format_date(st.on)}" + (f" ({st.by})" if st.by else "") for st in f.steps if st.on]
        self.steps.setText(_("{title} năm {year} · ").format(title=title_name(f.title_code), year=f.year)
                           + (" · ".join(steps) or _("chưa ghi bước nào")))
        self.lock_icon.setVisible(f.locked)
        self.reopen_button.setVisible(f.locked)
        self.lock_text.setVisible(f.locked or bool(f.reopen_reason))
        if f.locked:
            self.lock_text.setText(coloured(_("Đã có quyết định công nhận số {number}: phiếu chỉ xem, không sửa được.")
                                            .format(number=f.decision_number), theme.GREEN, bold=True))
        elif f.reopen_reason:
            self.lock_text.setText(coloured(_("Đã mở lại để sửa. Lý do: {reason}").format(reason=f.reopen_reason),
                                            theme.AMBER))

    def _build_body(self) -> None:
        f = self.form
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 8, 8)
        self.rows, self.criterion_boxes = {}, {}
        for c in f.criteria:
            box = QGroupBox()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(10, 12, 10, 6)
            for view in c.indicators:
                row = IndicatorRow(self.ctx, f.assessment_id, view, f.locked)
                row.edited.connect(lambda _c, _p: self.refresh_result())
                row.committed.connect(self.commit)
                row.override_requested.connect(self.override)
                row.override_cleared.connect(self.clear_override)
                row.evidence_changed.connect(self.reload)
                self.rows[view.code] = row
                box_layout.addWidget(row)
            self.criterion_boxes[c.code] = box
            col.addWidget(box)
        col.addWidget(self._preconditions())
        col.addWidget(self._extras())
        col.addStretch(1)
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(body)
        chain = [r.spin for r in self.rows.values() if r.spin.focusPolicy() != Qt.FocusPolicy.ClickFocus]
        chain += list(self.pre_boxes.values())
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _preconditions(self) -> QWidget:
        f = self.form
        box = QGroupBox(_("Điều kiện"))
        lay = QVBoxLayout(box)
        self.pre_boxes: dict[str, QCheckBox] = {}
        for p in f.preconditions:
            check = QCheckBox(p.title_vi)
            check.setChecked(bool(p.met))
            check.setEnabled(not f.locked)
            check.toggled.connect(lambda on, code=p.code: self.set_precondition(code, on))
            self.pre_boxes[p.code] = check
            lay.addWidget(check)
        if not f.preconditions:
            lay.addWidget(hint(_("Bộ tiêu chí này không có điều kiện riêng.")))
        box.setVisible(bool(f.preconditions))
        return box

    def _extras(self) -> QWidget:
        f = self.form
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        override = QGroupBox(_("Kết quả"))
        ol = QHBoxLayout(override)
        words = {"pass": _("Đạt"), "fail": _("Không đạt")}
        text = (_("Người chấm quyết định: {result}. Lý do: {reason}").format(
            result=words[f.result_override], reason=f.override_reason) if f.result_override
            else _("Theo điểm và quy tắc đạt của bộ tiêu chí."))
        label = QLabel(text)
        label.setWordWrap(True)
        ol.addWidget(label, 1)
        button = QPushButton(_("Kết quả khác với điểm…"))
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        button.setEnabled(not f.locked)
        button.clicked.connect(self.override_result)
        ol.addWidget(button)
        lay.addWidget(override)
        general = QGroupBox(_("Minh chứng chung"))
        gl = QVBoxLayout(general)
        strip = EvidenceStrip(self.ctx, f.assessment_id, "", f.general_evidence, f.locked)
        strip.changed.connect(self.reload)
        gl.addWidget(strip, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(general)
        history = QGroupBox(_("Các năm"))
        hl = QVBoxLayout(history)
        for h in f.history:
            state = _("Đạt") if h.passed else _("Chưa đạt")
            line = _("{year} · {title} · {total} điểm · {state}").format(
                year=h.year, title=title_name(h.title_code), state=state,
                total="—" if h.total is None else points_text(h.total))
            if h.decision_number:
                line += " · " + _("QĐ {number} ngày {day}").format(number=h.decision_number, day=format_date(h.decided_on))
            hl.addWidget(QLabel(coloured(line, theme.GREEN if h.decision_number else theme.TEXT)))
        if not f.history:
            hl.addWidget(hint(_("Chưa có đánh giá năm nào khác.")))
        lay.addWidget(history)
        return w

    # -- the live result
    def current_points(self) -> dict[str, float | None]:
        """Indicator code → points in the fields (a value the service would refuse counts as none)."""
        out = {}
        for code, row in self.rows.items():
            p = row.spin.points()
            out[code] = None if check_points(self.cs.indicator(code), p) else p
        return out

    def refresh_result(self) -> None:
        f = self.form
        if f is None:
            return
        pre = {code: box.isChecked() for code, box in getattr(self, "pre_boxes", {}).items()}
        points = self.current_points()
        e = evaluate(self.cs, points, pre)
        passed = {"pass": True, "fail": False}.get(f.result_override, e.passed)
        self.total.setText(_("Tổng: {t} / {m} điểm").format(t=points_text(e.total), m=points_text(e.max_total))
                           + (f" · {e.grade}" if e.grade else ""))
        if passed:
            text, colour, name = _("Đạt"), theme.GREEN, "ok"
        elif not e.complete and not f.result_override:
            text, colour, name = _("Chưa đạt — chưa chấm đủ"), theme.AMBER, "warning"
        else:
            text, colour, name = _("Chưa đạt"), theme.RED, "error"
        self.result.setText(text)
        self.result.setStyleSheet(f"font-size:12pt; font-weight:bold; color:{colour}")
        self.result_icon.setPixmap(icon(name, colour).pixmap(20, 20))
        reasons = list(e.reasons)
        if f.result_override:
            reasons.insert(0, _("Kết quả do người chấm quyết định (lý do: {reason}).").format(reason=f.override_reason))
        self.reasons.setText("<br>".join(coloured(r, colour if not passed else theme.MUTED) for r in reasons[:6]))
        self.reasons.setVisible(bool(reasons))
        for c in self.cs.criteria:
            got = sum(points.get(i.code) or 0 for i in c.indicators)
            self.criterion_boxes[c.code].setTitle(_("{code}. {title} — {got} / {max} điểm").format(
                code=c.code, title=c.title_vi, got=points_text(got), max=points_text(c.max_points)))
        self._last = (e, passed)

    # -- writing
    def commit(self, code: str, points: float | None) -> None:
        row = self.rows[code]
        if points == row.saved and not row.error.text():
            return
        try:
            res = scoring.set_score(self.ctx.db, self.form.assessment_id, code, points, by=who())
        except (ValidationFailed, NotFound) as exc:
            row.show_error(problems_text(exc))
            self.refresh_result()
            return
        row.saved = points
        row.show_error("")
        self.refresh_result()
        self.ctx.status.emit(_("Đã lưu {code}: {p} ({who}).").format(
            code=code, p="—" if points is None else points_text(points), who=self.form.subject.display))
        self.saved.emit(self.form.assessment_id, res.evaluation.total, res.passed, res.evaluation.complete)

    def set_precondition(self, code: str, met: bool) -> None:
        try:
            res = scoring.set_precondition(self.ctx.db, self.form.assessment_id, code, met, by=who())
        except (ValidationFailed, NotFound) as exc:
            refuse(self, _("Không lưu được điều kiện"), exc)
            return
        self.refresh_result()
        self.saved.emit(self.form.assessment_id, res.evaluation.total, res.passed, res.evaluation.complete)

    def _after_reload_write(self, res) -> None:
        self.reload()
        self.saved.emit(self.form.assessment_id, res.evaluation.total, res.passed, res.evaluation.complete)

    def override(self, code: str) -> None:
        ind = self.cs.indicator(code)
        res = ask_override(self, self.ctx, self.form.assessment_id, ind)
        if res is not None:
            self.ctx.status.emit(_("Đã ghi đè điểm {code}.").format(code=code))
            self._after_reload_write(res)

    def clear_override(self, code: str) -> None:
        try:
            res = scoring.set_score(self.ctx.db, self.form.assessment_id, code, None, by=who())
        except (ValidationFailed, NotFound) as exc:
            refuse(self, _("Không bỏ được ghi đè"), exc)
            return
        self._after_reload_write(res)

    def override_result(self) -> None:
        res = ask_result_override(self, self.ctx, self.form)
        if res is not None:
            self._after_reload_write(res)
            self.changed.emit()

    def reopen(self) -> None:
        from app.ui.assessment.common import ReasonDialog

        f = self.form

        def run(reason: str) -> str:
            try:
                decisions.reopen(self.ctx.db, f.assessment_id, reason, who())
            except (ValidationFailed, NotFound) as exc:
                return problems_text(exc)
            return ""

        dialog = ReasonDialog(self, _("Mở lại để sửa"), _(
            "{what} đã được công nhận trong quyết định {number}. Mở lại là một bước được ghi lại; sau khi sửa, "
            "cần ra quyết định mới (sửa đổi quyết định cũ).").format(what=f.subject.display, number=f.decision_number),
            run)
        if dialog.exec():
            self.ctx.changed("assessment", _("Đã mở lại {what} để sửa.").format(what=f.subject.display))
            self.reload()
            self.changed.emit()

    def focus_first(self) -> None:
        for row in self.rows.values():
            if row.spin.focusPolicy() != Qt.FocusPolicy.ClickFocus:
                row.spin.setFocus(Qt.FocusReason.TabFocusReason)
                return
