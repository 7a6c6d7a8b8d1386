"""Công dân: every person of the commune in one list, with filters and the person's card.

Persons are added, edited and deleted in their household's form; this page finds them, shows
their card and records that someone moved away or died (or reverts that). The list is the
tuples of :func:`app.services.persons.person_rows`, filtered in Python by
:func:`filter_person_rows` (about 10 ms a keystroke for 80,000 persons).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.reference import EDUCATION_LEVELS, RELATIONS, ethnic_groups
from app.domain.text import sort_key
from app.i18n import N_, _, format_date, format_number
from app.services.errors import NotFound, ValidationFailed
from app.services.persons import (
    AGE_BANDS,
    P_BIRTH_YEAR,
    P_EDUCATION,
    P_ETHNIC,
    P_HOUSEHOLD,
    P_HOUSEHOLD_ID,
    P_ID,
    P_NAME,
    P_RELATION,
    P_SEX,
    P_SORT,
    P_STATUS,
    P_VILLAGE,
    P_VILLAGE_ID,
    PersonCard,
    PersonFilter,
    filter_person_rows,
    index_person_rows,
    mask_id_number,
    person_card,
    person_rows,
    set_person_status,
)
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column
from app.ui.theme import GREY, MUTED
from app.ui.widgets.export_action import connect_export
from app.ui.widgets.list_page import ListPage

SEXES = (("M", N_("Nam")), ("F", N_("Nữ")))
STATUSES = (("alive", N_("Đang sinh sống")), ("moved", N_("Đã chuyển đi")), ("deceased", N_("Đã mất")))
AGE_BAND_LABELS = {
    "0-5": N_("Dưới 6 tuổi"), "6-14": N_("6–14 tuổi"), "15-17": N_("15–17 tuổi"), "18-35": N_("18–35 tuổi"),
    "36-60": N_("36–60 tuổi"), "60+": N_("Trên 60 tuổi"),
}
# Short education labels for the table (the card shows the full ones).
EDUCATION_SHORT = {"thcs": N_("THCS"), "thpt": N_("THPT")}
# Narrowest useful width of each column's content when the table is too narrow for the preferred
# widths (125 %/150 % scaling); a column is also kept as wide as its title, except the long
# "Quan hệ với chủ hộ" (RELATION_COLUMN), whose title is elided instead.
MIN_WIDTHS = (130, 50, 50, 36, 96, 78, 96, 60, 76, 114)
RELATION_COLUMN = 6
_INACTIVE = QColor(GREY)


def _fit(preferred: list[int], least: list[int], room: int) -> list[int]:
    """Column widths that fit ``room``: the preferred widths if they fit, else scaled down
    together, none below its ``least`` (all at least when even that is too wide)."""
    if sum(preferred) <= room:
        return list(preferred)
    pinned: set[int] = set()
    while True:
        free = room - sum(least[i] for i in pinned)
        flexible = sum(w for i, w in enumerate(preferred) if i not in pinned)
        scale = free / flexible if flexible else 0
        newly = {i for i, w in enumerate(preferred) if i not in pinned and w * scale < least[i]}
        if not newly:
            return [least[i] if i in pinned else int(w * scale) for i, w in enumerate(preferred)]
        pinned |= newly


def _labels(choices) -> dict[str, str]:
    return {code: _(label) for code, label in choices}


def _order(choices) -> dict[str, int]:
    return {code: i for i, (code, _label) in enumerate(choices)}


class StatusDateDialog(QDialog):
    """Asks the date someone moved away or died ("Không rõ ngày" gives None)."""

    def __init__(self, status: str, name: str, parent=None):
        super().__init__(parent)
        moved = status == "moved"
        self.setWindowTitle(_("Đánh dấu đã chuyển đi") if moved else _("Đánh dấu đã mất"))
        text = (_("{name} đã chuyển đi khỏi xã. Người này sẽ không còn trong danh sách đang sinh sống.")
                if moved else
                _("{name} đã mất. Người này sẽ không còn trong danh sách đang sinh sống."))
        message = QLabel(text.format(name=name))
        message.setWordWrap(True)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.date_edit.setMinimumDate(QDate(1900, 1, 1))
        self.unknown = QCheckBox(_("Không rõ ngày"))
        self.unknown.toggled.connect(lambda on: self.date_edit.setEnabled(not on))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Ngày chuyển đi:") if moved else _("Ngày mất:")))
        row.addWidget(self.date_edit)
        row.addWidget(self.unknown)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def value(self) -> date | None:
        return None if self.unknown.isChecked() else self.date_edit.date().toPython()


class PersonCardView(QFrame):
    """The selected person's card: identity, household (with "Mở hộ") and the status buttons."""

    FIELDS = (
        ("sex", N_("Giới tính")), ("birth", N_("Ngày sinh")), ("id_number", N_("Số định danh")),
        ("ethnic", N_("Dân tộc")), ("education", N_("Trình độ")), ("occupation", N_("Nghề nghiệp")),
        ("phone", N_("Điện thoại")), ("relation", N_("Quan hệ với chủ hộ")), ("status", N_("Tình trạng")),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("personCard")
        self.setStyleSheet("QFrame#personCard { background: white; border: 1px solid #cfd8dc; border-radius: 4px; }"
                           "QFrame#personCard QLabel { border: none; }")
        self.hint = QLabel(_("Chọn một người trong danh sách để xem thông tin."))
        self.hint.setObjectName("hint")
        self.name_label = QLabel()
        self.name_label.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.household_label = QLabel()
        self.open_household_button = QPushButton(icon("households"), _("Mở hộ"))
        self.open_household_button.setToolTip(_("Mở hộ gia đình của người này để xem hoặc sửa"))
        self.moved_button = QPushButton(_("Đánh dấu đã chuyển đi"))
        self.deceased_button = QPushButton(_("Đánh dấu đã mất"))
        self.alive_button = QPushButton(icon("refresh"), _("Đánh dấu đang sinh sống"))
        self.alive_button.setToolTip(_("Trả lại tình trạng đang sinh sống (khi đã đánh dấu nhầm)"))

        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        per_column = 3
        for n, (key, title) in enumerate(self.FIELDS):
            caption = QLabel(_(title) + ":")
            caption.setStyleSheet(f"color: {MUTED};")
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.captions[key] = caption
            row, col = n % per_column, (n // per_column) * 2
            grid.addWidget(caption, row, col)
            grid.addWidget(value, row, col + 1)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        self.values["id_number"].setToolTip(_("Số định danh là dữ liệu cá nhân: chỉ hiện 4 chữ số cuối."))

        head = QHBoxLayout()
        head.addWidget(self.name_label)
        head.addStretch(1)
        head.addWidget(self.alive_button)
        head.addWidget(self.moved_button)
        head.addWidget(self.deceased_button)
        household_row = QHBoxLayout()
        household_row.addWidget(QLabel(_("Hộ gia đình:")))
        household_row.addWidget(self.household_label)
        household_row.addWidget(self.open_household_button)
        household_row.addStretch(1)
        self.classes_label = QLabel()  # "Lớp đã học": filled by show_classes
        self.classes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(head)
        body.addLayout(grid)
        body.addLayout(household_row)
        body.addWidget(self.classes_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.hint)
        layout.addWidget(self.body)
        self.show_card(None, None)

    def show_classes(self, classes: list) -> None:
        """"Lớp đã học: …" — the classes a person took (PersonClass rows, newest first), with
        sessions attended and completion; the first three on the line, all in the tooltip."""
        def one(c) -> str:
            done = c.completion
            word = _("hoàn thành") if done.completed else _("chưa hoàn thành")
            return _("{title} ({year}, dự {a}/{n} buổi, {word})").format(
                title=c.title, year=c.year or "", a=done.attended, n=done.sessions, word=word)

        items = [one(c) for c in classes]
        shown = "; ".join(items[:3]) + (_("; và {n} lớp khác").format(n=len(items) - 3) if len(items) > 3 else "")
        self.classes_label.setText(_("Lớp đã học:") + " " + (shown or _("chưa có")))
        self.classes_label.setToolTip("\n".join(items))

    def full_height(self) -> int:
        """The height the card needs when it shows a person (whatever it shows now)."""
        shown = self.body.isVisibleTo(self)
        texts = {label: label.text() for label in (self.name_label, self.household_label, self.classes_label,
                                                   *self.values.values())}
        for label in texts:
            label.setText(label.text() or "—")
        self.hint.hide()
        self.body.show()
        height = self.sizeHint().height()
        for label, text in texts.items():
            label.setText(text)
        self.body.setVisible(shown)
        self.hint.setVisible(not shown)
        return height

    def show_card(self, card: PersonCard | None, year: int | None) -> None:
        self.hint.setVisible(card is None)
        self.body.setVisible(card is not None)
        if card is None:
            return
        self.name_label.setText(card.full_name)
        v = self.values
        v["sex"].setText(_labels(SEXES).get(card.sex, ""))
        self.captions["birth"].setText((_("Ngày sinh") if card.birth_date else _("Năm sinh")) + ":")
        if card.birth_date:
            birth = format_date(card.birth_date)
        else:
            birth = str(card.birth_year) if card.birth_year else _("chưa rõ")
        if card.birth_year and year and year >= card.birth_year:
            birth += " " + _("({age} tuổi)").format(age=year - card.birth_year)
        v["birth"].setText(birth)
        v["id_number"].setText(mask_id_number(card.id_number) or "—")
        v["ethnic"].setText(_ethnic_names().get(card.ethnic_code, card.ethnic_code) or "—")
        education = _labels(EDUCATION_LEVELS).get(card.education_level, "") or "—"
        if card.in_school:
            education += " " + _("(đang đi học)")
        v["education"].setText(education)
        v["occupation"].setText(card.occupation or "—")
        v["phone"].setText(card.phone or "—")
        v["relation"].setText(_labels(RELATIONS).get(card.relation, "") or "—")
        status = _labels(STATUSES).get(card.status, card.status)
        if card.status != "alive" and card.status_date:
            status += " " + _("(ngày {date})").format(date=format_date(card.status_date))
        v["status"].setText(status)
        v["status"].setStyleSheet("" if card.status == "alive" else f"color: {GREY};")
        if card.household_id:
            self.household_label.setText(" · ".join(p for p in (card.household_code, card.village_name) if p))
        else:
            self.household_label.setText(_("chưa thuộc hộ nào"))
        self.open_household_button.setEnabled(card.household_id is not None)
        self.alive_button.setVisible(card.status != "alive")
        self.moved_button.setVisible(card.status != "moved")
        self.deceased_button.setVisible(card.status != "deceased")


_ethnic_cache: dict[str, str] = {}


def _ethnic_names() -> dict[str, str]:
    if not _ethnic_cache:
        _ethnic_cache.update({g.code: g.name for g in ethnic_groups()})
    return _ethnic_cache


class PersonsPage(ListPage):
    """The "Công dân" area. ``select_record(person_id)`` shows a person (used by navigation)."""

    reload_on = ("household", "person", "village")

    def __init__(self, ctx: UiContext, parent=None):
        self._status_counts: Counter[str] = Counter()
        self._pinned: int | None = None  # row index kept visible after its status changed
        self._own_change = False
        self._card: PersonCard | None = None
        super().__init__(ctx, _("Công dân"), parent)
        self._build_filters()
        self._build_card()
        for action in (self.delete_action, self.import_action):
            # Persons are deleted and imported with their household.
            self.toolbar.removeAction(action)
            self.removeAction(action)
        self.add_action.setToolTip(_("Người mới được thêm vào một hộ gia đình: mở trang Hộ gia đình (Ctrl+N)"))
        self.edit_action.setToolTip(_("Sửa thông tin trong hộ gia đình của người này (Enter)"))
        self.add_action.triggered.connect(lambda: self.ctx.navigate.emit("households", None))
        self.edit_action.triggered.connect(self._on_edit_action_triggered)
        self.search.setPlaceholderText(_("Tìm theo tên hoặc số định danh (không cần dấu)…"))
        self.search.textChanged.connect(self._unpin)
        ctx.year_changed.connect(self._on_ctx_year_changed)
        connect_export(self, "persons", filters=self.current_filter)
        self.certificate_action = self._action("certificates", _("In giấy công nhận"), None)
        self.certificate_action.setToolTip(_("In giấy công nhận “Công dân học tập” của người đang chọn (năm làm việc)"))
        self.certificate_action.setEnabled(False)
        self.certificate_action.triggered.connect(self._on_certificate_action_triggered)
        self.selection_changed.connect(lambda row: self.certificate_action.setEnabled(row is not None))

    # -- ListPage
    def columns(self) -> list[Column]:
        sexes, relations = _labels(SEXES), _labels(RELATIONS)
        education = {**_labels(EDUCATION_LEVELS), **_labels(tuple(EDUCATION_SHORT.items()))}
        statuses, ethnic = _labels(STATUSES), _ethnic_names()
        relation_order, education_order, status_order = _order(RELATIONS), _order(EDUCATION_LEVELS), _order(STATUSES)
        village_keys: dict[str, str] = {}
        ethnic_keys = {code: sort_key(name) for code, name in ethnic.items()}

        def village_key(r):
            name = r[P_VILLAGE] or ""
            if name not in village_keys:
                village_keys[name] = sort_key(name)
            return village_keys[name]

        def age(r):
            year = self.ctx.year
            b = r[P_BIRTH_YEAR]
            return year - b if b is not None and year >= b else None

        def grey(r):
            return _INACTIVE if r[P_STATUS] != "alive" else None

        def col(title, display, sort=None, **kw):
            return Column(_(title), display, sort, foreground=grey, **kw)

        return [
            col(N_("Họ và tên"), lambda r: r[P_NAME], lambda r: r[P_SORT], width=210),
            col(N_("Giới tính"), lambda r: sexes.get(r[P_SEX], ""), width=72),
            col(N_("Năm sinh"), lambda r: r[P_BIRTH_YEAR], lambda r: r[P_BIRTH_YEAR], align_right=True, width=78),
            col(N_("Tuổi"), age, age, align_right=True, width=52),
            col(N_("Thôn"), lambda r: r[P_VILLAGE], village_key, width=150),
            col(N_("Mã hộ"), lambda r: r[P_HOUSEHOLD], width=92),
            col(N_("Quan hệ với chủ hộ"), lambda r: relations.get(r[P_RELATION], ""),
                lambda r: relation_order.get(r[P_RELATION], 99), width=135),
            col(N_("Dân tộc"), lambda r: ethnic.get(r[P_ETHNIC], r[P_ETHNIC]),
                lambda r: ethnic_keys.get(r[P_ETHNIC], "~"), width=80),
            col(N_("Trình độ"), lambda r: education.get(r[P_EDUCATION], ""),
                lambda r: education_order.get(r[P_EDUCATION], 99), width=110),
            col(N_("Tình trạng"), lambda r: statuses.get(r[P_STATUS], r[P_STATUS]),
                lambda r: status_order.get(r[P_STATUS], 9), width=120),
        ]

    def load_rows(self) -> list[tuple]:
        rows = person_rows(self.ctx.db)
        index_person_rows(rows)
        self._status_counts = Counter(r[P_STATUS] for r in rows)
        self._pinned = None
        self._refill_filter_choices(rows)
        return rows

    def current_filter(self, query: str | None = None) -> PersonFilter:
        """The filter the search box and the filter bar describe."""
        return PersonFilter(
            query=self.search.text() if query is None else query,
            village_id=self.village_box.currentData() or None,
            sex=self.sex_box.currentData() or "",
            age_band=self.age_box.currentData() or "",
            ethnic_code=self.ethnic_box.currentData() or "",
            status=self.status_box.currentData() or "",
        )

    def filter_rows(self, rows: list[tuple], query: str) -> list[int]:
        visible = filter_person_rows(rows, self.current_filter(query), self.ctx.year)
        if self._pinned is not None and self._pinned < len(rows) and self._pinned not in visible:
            visible = sorted([*visible, self._pinned])
        return visible

    def count_text(self, shown: int, total: int) -> str:
        status = self.status_box.currentData() if hasattr(self, "status_box") else ""
        base = self._status_counts.get(status, 0) if status else total
        if shown == base:
            return _("{n} người").format(n=format_number(shown))
        return _("hiển thị {shown} / {total} người").format(shown=format_number(shown), total=format_number(base))

    def empty_text(self) -> str:
        return _("Chưa có công dân nào. Công dân được nhập cùng hộ gia đình: bấm Thêm để mở trang Hộ gia đình, "
                 "hoặc nhập danh sách hộ từ Excel ở đó.")

    def show_detail(self, row: tuple | None) -> None:
        card = None
        if row is not None:
            try:
                card = person_card(self.ctx.db, row[P_ID])
            except NotFound:
                card = None
        self._card = card
        self.card_view.show_card(card, self.ctx.year)
        if card is not None:
            from app.services.class_enrolment import person_classes

            self.card_view.show_classes(person_classes(self.ctx.db, row[P_ID]))

    # -- navigation
    def select_record(self, person_id: int | None) -> None:
        """Select the person ``person_id``, clearing the search and filters if they hide it."""
        if person_id is None:
            return
        if self._stale or not self.model.rows:
            self.reload()
        index = self._index_of(person_id)
        if index is None:
            self.reload()
            index = self._index_of(person_id)
            if index is None:
                return
        if index not in self.model.visible:
            self._reset_filters(self.model.rows[index][P_STATUS])
        row = self.model.view_row_of(lambda r: r[P_ID] == person_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            self.table.setFocus()

    def _index_of(self, person_id: int) -> int | None:
        return next((i for i, r in enumerate(self.model.rows) if r[P_ID] == person_id), None)

    def _reset_filters(self, status: str) -> None:
        boxes = (self.village_box, self.sex_box, self.age_box, self.ethnic_box, self.status_box)
        for w in (self.search, *boxes):
            w.blockSignals(True)
        self.search.clear()
        for box in boxes[:-1]:
            box.setCurrentIndex(0)
        if self.status_box.currentData() not in ("", status):
            self.status_box.setCurrentIndex(self.status_box.findData(status))
        for w in (self.search, *boxes):
            w.blockSignals(False)
        self._debounce.stop()
        self.apply_filter()

    # -- filters
    def _combo(self, tooltip: str, first: str, first_data) -> QComboBox:
        """A filter box in the filter bar, as narrow as its first item ("Mọi …") allows, so that
        the defaults read in full and the row still fits at 125 % scaling."""
        box = QComboBox()
        box.setToolTip(tooltip)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(1)
        box.addItem(first, first_data)
        box.setMinimumWidth(box.fontMetrics().horizontalAdvance(first) + 40)
        self.filter_bar.addWidget(box)
        return box

    def _build_filters(self) -> None:
        self.search.setMinimumWidth(180)
        self.village_box = self._combo(_("Thôn, bản"), _("Mọi thôn, bản"), None)
        self.sex_box = self._combo(_("Giới tính"), _("Nam và nữ"), "")
        for code, label in SEXES:
            self.sex_box.addItem(_(label), code)
        self.age_box = self._combo(_("Độ tuổi, tính theo năm làm việc"), _("Mọi độ tuổi"), "")
        for code in AGE_BANDS:
            self.age_box.addItem(_(AGE_BAND_LABELS.get(code, code)), code)
        self.ethnic_box = self._combo(_("Dân tộc"), _("Mọi dân tộc"), "")
        self.status_box = self._combo(_("Tình trạng"), _(STATUSES[0][1]), STATUSES[0][0])
        for code, label in STATUSES[1:]:
            self.status_box.addItem(_(label), code)
        self.status_box.addItem(_("Tất cả"), "")
        self.status_box.setCurrentIndex(0)
        for box in (self.village_box, self.sex_box, self.age_box, self.ethnic_box, self.status_box):
            box.currentIndexChanged.connect(self._on_filter_changed)

    def _refill_filter_choices(self, rows: list[tuple]) -> None:
        """Villages and ethnic groups offered are those of the persons in the list."""
        villages = {r[P_VILLAGE_ID]: r[P_VILLAGE] for r in rows if r[P_VILLAGE_ID] is not None}
        names = _ethnic_names()
        ethnic = {r[P_ETHNIC] for r in rows if r[P_ETHNIC]}
        self._refill(self.village_box, sorted(villages.items(), key=lambda kv: sort_key(kv[1])))
        self._refill(self.ethnic_box, sorted(((c, names.get(c, c)) for c in ethnic), key=lambda kv: sort_key(kv[1])))

    @staticmethod
    def _refill(box: QComboBox, items: list[tuple]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for code, label in items:
            box.addItem(label, code)
        i = box.findData(current)
        box.setCurrentIndex(i if i >= 0 else 0)
        box.blockSignals(False)

    def _on_filter_changed(self, _index: int) -> None:
        self._unpin()
        self.apply_filter()

    def _unpin(self) -> None:
        self._pinned = None

    def _on_ctx_year_changed(self, _year: int) -> None:
        if self.model.rows:
            self.apply_filter()

    def _on_ctx_data_changed(self, kind: str) -> None:
        if not self._own_change:
            super()._on_ctx_data_changed(kind)

    # -- card and actions
    def _on_certificate_action_triggered(self) -> None:
        person_id = self.selected_id()
        if person_id is not None:
            self.ctx.navigate.emit("certificates", {"kind": "person", "id": person_id})

    def _build_card(self) -> None:
        self.card_view = PersonCardView()
        self.detail_layout.setContentsMargins(0, 6, 0, 0)
        self.detail_layout.addWidget(self.card_view)
        # The card goes under the table, which takes all the height the card does not need:
        # ten columns need the full width at 1366×768.
        self.detail.setMaximumHeight(self.card_view.full_height() + 8)
        self.splitter.setOrientation(Qt.Orientation.Vertical)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self._fitting = False
        self._user_sized = False
        self._splitter_placed = False
        self.table.viewport().installEventFilter(self)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # "Quan hệ với c…"
        self.table.horizontalHeader().sectionResized.connect(self._on_header_section_resized)
        self.card_view.open_household_button.clicked.connect(self._on_open_household_clicked)
        self.card_view.moved_button.clicked.connect(lambda: self.mark_status("moved"))
        self.card_view.deceased_button.clicked.connect(lambda: self.mark_status("deceased"))
        self.card_view.alive_button.clicked.connect(lambda: self.mark_status("alive"))
        # the card's "Lớp đã học" line follows the class screens without reloading the list
        self.ctx.data_changed.connect(lambda kind: kind.startswith("class") and self.show_detail(self.selected_row()))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._splitter_placed:
            # QSplitter shares the first layout by size hints; give the table all the card leaves.
            self._splitter_placed = True
            card = self.detail.maximumHeight()
            self.splitter.setSizes([max(1, self.splitter.height() - card), card])

    def _fit_columns(self) -> None:
        """Shrink the columns towards MIN_WIDTHS when the table is narrower than their preferred
        widths (125 %/150 % scaling), until the user sizes a column by hand."""
        if self._user_sized:
            return
        columns = self.model.columns
        preferred = [c.width or 80 for c in columns]
        bold = QFont(self.table.horizontalHeader().font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        least = [m if i == RELATION_COLUMN else max(m, metrics.horizontalAdvance(c.title) + 16)
                 for i, (c, m) in enumerate(zip(columns, MIN_WIDTHS, strict=True))]
        self._fitting = True
        try:
            for i, width in enumerate(_fit(preferred, least, self.table.viewport().width())):
                self.table.setColumnWidth(i, width)
        finally:
            self._fitting = False

    def _on_header_section_resized(self, *_args) -> None:
        # A drag on the header is the user's choice; the last column's stretching is not.
        if not self._fitting and QApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            self._user_sized = True

    def _on_open_household_clicked(self) -> None:
        if self._card and self._card.household_id:
            self.ctx.navigate.emit("households", self._card.household_id)

    def _on_edit_action_triggered(self) -> None:
        row = self.selected_row()
        if row is not None and row[P_HOUSEHOLD_ID]:
            self.ctx.navigate.emit("households", row[P_HOUSEHOLD_ID])

    def ask_status_date(self, status: str, name: str) -> tuple[bool, date | None]:
        """Ask the date of moving away or death: (accepted, date or None if unknown)."""
        dialog = StatusDateDialog(status, name, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return accepted, dialog.value()

    def mark_status(self, status: str) -> None:
        """Record that the selected person moved away, died, or (``alive``) lives here again.

        The row stays visible under the current filter until the search or a filter changes,
        so the officer sees the change; other pages are told through ``ctx.changed("person")``.
        """
        row = self.selected_row()
        if row is None:
            return
        when = None
        if status != "alive":
            accepted, when = self.ask_status_date(status, row[P_NAME])
            if not accepted:
                return
        try:
            set_person_status(self.ctx.db, row[P_ID], status, when)
        except (NotFound, ValidationFailed):
            QMessageBox.warning(self, _("Không lưu được"),
                                _("Không tìm thấy người này nữa; danh sách sẽ được tải lại."))
            self.reload()
            return
        index = self._index_of(row[P_ID])
        if index is not None:
            rows = self.model.rows
            old = rows[index][P_STATUS]
            rows[index] = rows[index][:P_STATUS] + (status,) + rows[index][P_STATUS + 1:]
            self._status_counts[old] -= 1
            self._status_counts[status] += 1
            self._pinned = index
        self._own_change = True
        try:
            self.ctx.changed("person", self._status_message(row[P_NAME], status, when))
        finally:
            self._own_change = False
        self.apply_filter()

    @staticmethod
    def _status_message(name: str, status: str, when: date | None) -> str:
        if status == "alive":
            return _("Đã đánh dấu {name} đang sinh sống.").format(name=name)
        text = (_("Đã đánh dấu {name} đã chuyển đi") if status == "moved" else _("Đã đánh dấu {name} đã mất"))
        text = text.format(name=name)
        return text + (" " + _("(ngày {date}).").format(date=format_date(when)) if when else ".")
