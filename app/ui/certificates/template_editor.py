"""Mẫu giấy: per title, edit the certificate's wording lines, which parts show, the fixed parts'
font sizes, the border and the paper, with a live preview (a sample certificate of the commune
rendered exactly as it will print, redrawn 300 ms after the last change). Lưu mẫu writes the
commune's copy to ``<data>/templates/`` (used by every later print); Khôi phục mẫu gốc removes it.
A template that cannot be used shows why, in Vietnamese, and is not saved."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.printing.batch import certificate_from_entry
from app.printing.certificates import preview_pdf, sample_certificate
from app.printing.register import RegisterEntry
from app.printing.templates import (
    FONT_SIZE_KEYS,
    SHOW_FIELDS,
    CertificateTemplate,
    TemplateError,
    default_template,
    load_template,
    save_template,
    template_file_name,
    template_problems,
)
from app.printing.titles import title_label
from app.services.setup import get_profile
from app.ui import theme
from app.ui.assessment.common import hint
from app.ui.certificates.common import PreviewLabel, number_locale, page_image, templates_dir
from app.ui.certificates.selection import TITLE_ORDER
from app.ui.certificates.template_lines import LinesEditor
from app.ui.icons import icon

SHOW_LABELS = {"national_header": N_("Quốc hiệu, tiêu ngữ"), "issuing_body": N_("Cơ quan cấp"),
               "address": N_("Địa chỉ"), "decision": N_("Số, ngày quyết định"), "register_no": N_("Số vào sổ"),
               "qr": N_("Mã QR"), "signature": N_("Chữ ký, họ tên người ký"), "date_line": N_("Địa danh, ngày tháng")}
SIZE_LABELS = {"national": N_("Quốc hiệu"), "motto": N_("Tiêu ngữ"), "issuing_body": N_("Cơ quan cấp"),
               "date_line": N_("Dòng ngày tháng"), "signature": N_("Chữ ký")}
#: A well-formed QR text (its signature is not real) so that the preview shows the code's size.
SAMPLE_QR = "TTHTCD1|00000|2000|GDHT|1|Nguyễn Văn An|0000000000000000|" + "A" * 86


class TemplateEditor(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded: CertificateTemplate | None = None
        self.preview_pdf: bytes = b""
        self._filling = False
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.refresh_preview)
        self.title = QComboBox()
        for code in TITLE_ORDER:
            self.title.addItem(title_label(code), code)
        self.title.currentIndexChanged.connect(self._on_title_changed)
        self._title_index = 0
        self.source_label = QLabel()
        self.source_label.setObjectName("hint")
        self.page_size = QComboBox()
        self.page_size.addItem(_("A4 ngang"), "A4")
        self.page_size.addItem(_("A5 ngang"), "A5")
        self.border = QCheckBox(_("In viền trang trí"))
        self.show_boxes = {k: QCheckBox(_(SHOW_LABELS[k])) for k in SHOW_FIELDS}
        self.size_boxes: dict[str, QDoubleSpinBox] = {}
        for key in FONT_SIZE_KEYS:
            box = QDoubleSpinBox()
            box.setLocale(number_locale())
            box.setRange(6, 30)
            box.setDecimals(1)
            box.setSuffix(" pt")
            self.size_boxes[key] = box
        self.body = LinesEditor(_("Nội dung giữa trang"))
        self.footer = LinesEditor(_("Góc dưới bên trái (trên mã QR)"))
        self.preview = PreviewLabel()
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color:{theme.RED}")
        self.problems.hide()
        self.save_button = QPushButton(icon("save", "#ffffff"), _("Lưu mẫu"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton(icon("cancel"), _("Bỏ thay đổi"))
        self.discard_button.clicked.connect(lambda: self.load(self.title_code()))
        self.restore_button = QPushButton(icon("refresh"), _("Khôi phục mẫu gốc"))
        self.restore_button.clicked.connect(self.restore_default)
        for w in (self.page_size,):
            w.currentIndexChanged.connect(self._on_edited)
        self.border.toggled.connect(self._on_edited)
        for b in self.show_boxes.values():
            b.toggled.connect(self._on_edited)
        for b in self.size_boxes.values():
            b.valueChanged.connect(self._on_edited)
        self.body.edited.connect(self._on_edited)
        self.footer.edited.connect(self._on_edited)
        self._layout()

    def _layout(self) -> None:
        page = QGroupBox(_("Trang"))
        pl = QHBoxLayout(page)
        pl.addWidget(QLabel(_("Khổ giấy:")))
        pl.addWidget(self.page_size)
        pl.addSpacing(12)
        pl.addWidget(self.border)
        pl.addStretch(1)
        parts = QGroupBox(_("Phần in trên giấy"))
        grid = QGridLayout(parts)
        for n, key in enumerate(SHOW_FIELDS):
            grid.addWidget(self.show_boxes[key], n // 2, n % 2)
        sizes = QGroupBox(_("Cỡ chữ phần cố định"))
        sg = QGridLayout(sizes)
        for n, (key, box) in enumerate(self.size_boxes.items()):
            sg.addWidget(QLabel(_(SIZE_LABELS[key]) + ":"), n // 2, (n % 2) * 2)
            sg.addWidget(box, n // 2, (n % 2) * 2 + 1)
        form = QWidget()
        fl = QVBoxLayout(form)
        fl.setContentsMargins(0, 0, 6, 0)
        fl.addWidget(page)
        fl.addWidget(self.body)
        self.body.setMinimumHeight(200)
        fl.addWidget(self.footer)
        self.footer.setMinimumHeight(170)
        fl.addWidget(parts)
        fl.addWidget(sizes)
        fl.addWidget(hint(_("Trường trong ngoặc nhọn, ví dụ {recipient}, được thay bằng dữ liệu của từng giấy. Dòng có "
                            "trường trống (không có địa chỉ, chưa cấp lại) thì không in.")))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form.setMinimumWidth(470)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        rl.addWidget(QLabel(_("<b>Xem trước</b> (giấy mẫu, đúng như khi in)")))
        rl.addWidget(self.preview, 1)
        rl.addWidget(self.problems)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        split.setSizes([560, 480])
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Danh hiệu:")))
        top.addWidget(self.title)
        top.addWidget(self.source_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    # -- loading
    def title_code(self) -> str:
        return self.title.currentData()

    def user_path(self, code: str | None = None):
        return templates_dir(self.ctx.paths) / template_file_name(code or self.title_code())

    def reload(self) -> None:
        if self.loaded is None or not self.is_dirty():
            self.load(self.title_code())

    def load(self, code: str) -> None:
        try:
            t = load_template(code, templates_dir(self.ctx.paths))
            own = self.user_path(code).is_file()
        except TemplateError as exc:
            t, own = default_template(code), False
            QMessageBox.warning(self, _("Mẫu của xã bị lỗi"), _("Mẫu đã sửa của xã không dùng được, đang mở mẫu gốc:")
                                + "\n" + "\n".join(exc.problems))
        self.loaded = t
        self._fill(t)
        self.source_label.setText(_("Đang dùng mẫu của xã (đã sửa).") if own else _("Đang dùng mẫu gốc."))
        self.restore_button.setEnabled(own)
        self.refresh_preview()

    def _fill(self, t: CertificateTemplate) -> None:
        self._filling = True
        self.page_size.setCurrentIndex(max(self.page_size.findData(t.page_size), 0))
        self.border.setChecked(t.border)
        for key, box in self.show_boxes.items():
            box.setChecked(t.shows(key))
        for key, box in self.size_boxes.items():
            box.setValue(t.size(key))
        self.body.set_lines(t.lines)
        self.footer.set_lines(t.footer_lines)
        self._filling = False

    def current_template(self, code: str | None = None) -> CertificateTemplate:
        """The template as the widgets say now (maybe with problems: see ``template_problems``)."""
        code = code or (self.loaded.title_code if self.loaded else None) or self.title_code()
        base = self.loaded or default_template(code)
        return replace(base, title_code=code, page_size=self.page_size.currentData(),
                       border=self.border.isChecked(),
                       show=frozenset(k for k, b in self.show_boxes.items() if b.isChecked()),
                       font_sizes={k: b.value() for k, b in self.size_boxes.items()},
                       lines=self.body.lines(), footer_lines=self.footer.lines())

    def is_dirty(self) -> bool:
        return self.loaded is not None and self.current_template() != self.loaded

    def _on_edited(self, *_args) -> None:
        if not self._filling:
            self._debounce.start()

    def _on_title_changed(self, index: int) -> None:
        if index == self._title_index:
            return
        if self.is_dirty():
            answer = QMessageBox.question(
                self, _("Mẫu chưa lưu"), _("Mẫu “{title}” đã sửa mà chưa lưu. Lưu trước khi chuyển?").format(
                    title=title_label(self.loaded.title_code or "GDHT")),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel or (
                    answer == QMessageBox.StandardButton.Save and not self._save_as(self.loaded.title_code)):
                self.title.blockSignals(True)
                self.title.setCurrentIndex(self._title_index)
                self.title.blockSignals(False)
                return
        self._title_index = index
        self.load(self.title_code())

    # -- preview
    def sample(self, t: CertificateTemplate):
        """A certificate of this commune for the preview (made-up recipient, real header and signer)."""
        from app.services.certificate_subjects import bare_commune_name, issuer_for

        code, year = t.title_code or "GDHT", self.ctx.year
        item = sample_certificate(code, year)
        profile = get_profile(self.ctx.db)
        if profile is not None and profile.commune_name:
            issuer = issuer_for(profile)
            address = ", ".join(x for x in (item.village, _("xã {name}").format(name=bare_commune_name(profile)),
                                            _("tỉnh {name}").format(name=profile.province_name)
                                            if profile.province_name else "") if x)
            entry = RegisterEntry(year, 1, "preview", item.recipient, code, item.village, item.decision_number,
                                  item.decision_date, item.decision_date)
            item = certificate_from_entry(entry, issuer, None, address)
        return replace(item, qr_text=SAMPLE_QR.replace("|2000|GDHT|", f"|{year}|{code}|"))

    def refresh_preview(self) -> None:
        t = self.current_template()
        problems = template_problems(t)
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.save_button.setEnabled(not problems)
        if problems:
            return
        self.preview_pdf = preview_pdf(t, self.sample(t))
        self.preview.set_image(page_image(self.preview_pdf, 110 if t.page_size == "A4" else 150))

    # -- saving
    def save(self) -> bool:
        return self._save_as(self.title_code())

    def _save_as(self, code: str) -> bool:
        t = self.current_template(code)
        try:
            save_template(t, self.user_path(code))
        except TemplateError as exc:
            self.problems.setText("\n".join(exc.problems))
            self.problems.show()
            return False
        except OSError as exc:
            QMessageBox.warning(self, _("Không lưu được mẫu"), str(exc))
            return False
        self.loaded = t
        self.source_label.setText(_("Đang dùng mẫu của xã (đã sửa)."))
        self.restore_button.setEnabled(True)
        self.ctx.changed("certificate_template", _("Đã lưu mẫu giấy công nhận “{title}”; lần in sau dùng mẫu này.")
                         .format(title=title_label(code)))
        return True

    def restore_default(self) -> None:
        code = self.title_code()
        if QMessageBox.question(self, _("Khôi phục mẫu gốc"), _(
                "Bỏ mẫu đã sửa của xã cho “{title}” và dùng lại mẫu gốc của chương trình?").format(
                title=title_label(code))) != QMessageBox.StandardButton.Yes:
            return
        try:
            self.user_path(code).unlink(missing_ok=True)
        except OSError as exc:
            QMessageBox.warning(self, _("Không khôi phục được"), str(exc))
            return
        self.load(code)
        self.ctx.changed("certificate_template", _("Đã khôi phục mẫu gốc “{title}”.").format(title=title_label(code)))
