"""Ra quyết định…: the decision's number, date and signer (the commune's chairperson, TM., or a
vice-chairperson, KT.), the round, the scope (every subject that passed, or one village) and the
list of subjects that passed or were decided to pass, all checked by default. The service's
refusals (an unconfirmed sample set, a number already used, a subject that did not pass) are
shown plainly in the dialog; deciding thousands runs with a progress dialog."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
)

from app.domain.criteria import SUBJECT_KINDS, target_group_name
from app.i18n import _, format_number
from app.services import decisions, villages
from app.services import score_grid as sg
from app.services.errors import NotFound, ValidationFailed
from app.services.setup import get_profile
from app.tasks import run_with_progress
from app.ui.assessment.common import (
    date_edit,
    message_label,
    problems_text,
    pydate,
    show_message,
    who,
    working_day,
)
from app.ui.assessment.subjects import CheckRowsModel, grid_subject
from app.ui.itemmodels.rows import Column
from app.ui.widgets.form_helpers import required_label

AUTHORITY = {"chair": "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "vice_chair": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"}


def round_name(r) -> str:
    return r.title_name + (f" — {target_group_name(r.target_group)}" if r.target_group else "")


class DecideDialog(QDialog):
    """``result`` holds the :class:`~app.services.decisions.DecisionResult` once accepted."""

    def __init__(self, ctx, rounds_of_year, current=None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.result: decisions.DecisionResult | None = None
        self.setWindowTitle(_("Ra quyết định công nhận"))
        self.round_box = QComboBox()
        for r in rounds_of_year:
            self.round_box.addItem(round_name(r), r)
        if current is not None:
            self.round_box.setCurrentIndex(max(0, next((n for n, r in enumerate(rounds_of_year) if r.id == current.id), 0)))
        self.round_box.currentIndexChanged.connect(lambda _i: self._on_scope_changed())
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("ví dụ 125/QĐ-UBND"))
        self.when = date_edit(working_day(ctx.year))
        self.signer = QComboBox()
        profile = get_profile(ctx.db)
        for s in (profile.signers if profile else ()):
            if s.role in AUTHORITY:
                self.signer.addItem(f"{AUTHORITY[s.role]} — {s.full_name}", (s.full_name, AUTHORITY[s.role]))
        if not self.signer.count():
            self.signer.setEditable(True)
            self.signer.setToolTip(_("Chưa có Chủ tịch, Phó Chủ tịch trong Cài đặt: gõ tên người ký."))
        self.scope_all = QRadioButton(_("Mọi đối tượng đạt của đợt"))
        self.scope_village = QRadioButton(_("Một thôn:"))
        self.scope_all.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.scope_all)
        group.addButton(self.scope_village)
        self.village = QComboBox()
        for v in villages.list_villages(ctx.db):
            self.village.addItem(v.name, v.id)
        self.scope_village.toggled.connect(lambda _on: self._on_scope_changed())  # one signal per switch
        self.village.activated.connect(lambda _i: self._on_scope_changed())
        scope = QHBoxLayout()
        scope.addWidget(self.scope_all)
        scope.addWidget(self.scope_village)
        scope.addWidget(self.village, 1)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("khi quyết định này sửa đổi một quyết định trước"))
        form = QFormLayout()
        form.addRow(_("Danh hiệu:"), self.round_box)
        form.addRow(required_label(_("Số quyết định:")), self.number)
        form.addRow(required_label(_("Ngày ký:")), self.when)
        form.addRow(required_label(_("Người ký:")), self.signer)
        form.addRow(_("Phạm vi:"), scope)
        form.addRow(_("Lý do (nếu có):"), self.reason)
        self.model = CheckRowsModel([
            Column(_("Mã"), lambda s: s.code, width=90), Column(_("Tên"), lambda s: s.name, width=200),
            Column(_("Thôn, bản"), lambda s: s.village_name, width=120),
            Column(_("Tổng"), lambda s: "" if s.total is None else format_number(round(s.total, 2)), align_right=True,
                   width=60),
            Column(_("Ghi chú"), lambda s: _("đạt do người chấm quyết định") if s.status == "override" else ""),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for n, c in enumerate(self.model.columns):
            self.table.setColumnWidth(n, c.width or 100)
        self.model.dataChanged.connect(lambda *_a: self._count())
        self.count_label = QLabel()
        self.error = message_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Ra quyết định"))
        buttons.accepted.connect(self.decide)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Đối tượng được công nhận (bỏ dấu để không đưa vào quyết định này):")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self._on_scope_changed()
        self.number.setFocus()

    def current_round(self):
        return self.round_box.currentData()

    def _on_scope_changed(self) -> None:
        r = self.current_round()
        has_villages = r is not None and SUBJECT_KINDS[r.title_code] != "clan"
        self.scope_village.setEnabled(has_villages)
        self.village.setEnabled(has_villages and self.scope_village.isChecked())
        rows = []
        if r is not None:
            vid = self.village.currentData() if self.scope_village.isChecked() else None
            grid = sg.village_grid(self.ctx.db, r.id, vid)
            for g in grid.rows:
                if g.passed and not g.locked:
                    s = grid_subject(g)
                    rows.append(s if g.evaluation.passed else replace(s, status="override"))
        self.model.set_rows(rows)
        self.model.checked = {s.sid for s in rows}
        self._count()

    def _count(self) -> None:
        n, k = len(self.model.rows), len(self.model.checked)
        self.count_label.setText(_("Chọn {k} / {n} đối tượng đạt chưa có quyết định.").format(
            k=format_number(k), n=format_number(n)) if n else
            _("Không có đối tượng đạt nào chưa có quyết định ở phạm vi này."))
        self.ok_button.setEnabled(k > 0)

    def decide(self) -> None:
        r = self.current_round()
        number = self.number.text().strip()
        if not number:
            show_message(self.error, _("Nhập số quyết định, ví dụ 125/QĐ-UBND."))
            self.number.setFocus()
            return
        data = self.signer.currentData()
        name, position = data if data else (self.signer.currentText().strip(), "")
        ids = [s.assessment_id for s in self.model.rows if s.sid in self.model.checked]
        vid = self.village.currentData() if self.scope_village.isChecked() else None

        def work(_report, _cancelled):
            return decisions.decide(self.ctx.db, r.id, number, pydate(self.when.date()), name, position,
                                    assessment_ids=ids, village_id=vid, reason=self.reason.text(), by=who())

        try:
            self.result = run_with_progress(self, _("Ra quyết định"), _("Đang tính lại điểm năm {year} và ghi quyết "
                                                                        "định…").format(year=r.year), work)
        except (ValidationFailed, NotFound) as exc:
            show_message(self.error, problems_text(exc))
            return
        self.accept()

