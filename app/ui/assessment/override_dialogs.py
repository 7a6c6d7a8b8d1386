"""The two overrides of the score form, each with a required reason that is kept: the points of a
derived indicator, and the subject's result against its points."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget

from app.domain.criteria import Indicator, points_text
from app.i18n import _
from app.services import scoring
from app.services.errors import NotFound, ValidationFailed
from app.ui.assessment.common import ReasonDialog, problems_text, who
from app.ui.assessment.score_fields import ScoreSpin


def ask_override(parent, ctx, assessment_id: int, ind: Indicator) -> scoring.ScoreResult | None:
    """Ask the points and the reason to override derived indicator ``ind``; store them. Returns
    the new result, None when cancelled."""
    spin = ScoreSpin(ind.max_points)
    spin.setObjectName("overridePoints")
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel(_("Điểm:")))
    row.addWidget(spin)
    row.addWidget(QLabel(_("/ {max}").format(max=points_text(ind.max_points))))
    row.addStretch(1)
    result: list[scoring.ScoreResult] = []

    def run(reason: str) -> str:
        if spin.points() is None:
            return _("Nhập số điểm ghi đè.")
        try:
            result.append(scoring.set_score(ctx.db, assessment_id, ind.code, spin.points(), reason, by=who()))
        except (ValidationFailed, NotFound) as exc:
            return problems_text(exc)
        return ""

    dialog = ReasonDialog(parent, _("Ghi đè điểm {code}").format(code=ind.code), _(
        "Chỉ số {code} ({title}) được tính từ dữ liệu. Ghi đè khi dữ liệu chưa phản ánh đúng thực tế; "
        "lý do được lưu và hiện cùng điểm.").format(code=ind.code, title=ind.title_vi), run, extra=box)
    spin.setFocus()
    return result[0] if dialog.exec() and result else None


def ask_result_override(parent, ctx, form: scoring.ScoreForm) -> scoring.ScoreResult | None:
    """Ask whether the subject passes regardless of its points (or goes back to the points) and
    why; store it. Returns the new result, None when cancelled."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(box)
    choices = {}
    for key, text in (("pass", _("Đạt")), ("fail", _("Không đạt")), ("", _("Theo điểm"))):
        radio = QRadioButton(text)
        radio.setChecked(key == form.result_override)
        group.addButton(radio)
        row.addWidget(radio)
        choices[key] = radio
    row.addStretch(1)
    result: list[scoring.ScoreResult] = []

    def run(reason: str) -> str:
        key = next(k for k, r in choices.items() if r.isChecked())
        try:
            result.append(scoring.override_result(ctx.db, form.assessment_id, key, reason, by=who()))
        except (ValidationFailed, NotFound) as exc:
            return problems_text(exc)
        return ""

    dialog = ReasonDialog(parent, _("Kết quả khác với điểm"), _(
        "Quyết định kết quả của {what} khác với kết quả tính theo điểm. Lý do được lưu và ghi vào nhật ký.")
        .format(what=form.subject.display), run, extra=box)
    return result[0] if dialog.exec() and result else None
