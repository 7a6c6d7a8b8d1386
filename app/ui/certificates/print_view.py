"""In giấy công nhận: pick a decision of the working year (or a whole title), see the subjects it
recognises in printing order (village, then name the Vietnamese way), tick some or all, choose the
paper, border and offsets, and make one PDF off the UI thread (numbers given in the register, QR
codes signed with the commune's key); then Mở tệp PDF or In…. Beside the list, a preview of the
current row's certificate with the chosen paper, border and the commune's template (nothing numbered
or signed: no register number yet shows "…", no QR code), redrawn 300 ms after the last change;
click it to see it large."""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.crypto.keys import KeyProblem
from app.i18n import _, format_date, format_number, ngettext
from app.printing.certificates import Cancelled
from app.printing.templates import TemplateError, load_template
from app.printing.titles import title_label
from app.services.certificate_preview import certificate_preview
from app.services.certificate_print import pdf_with_secret, refreshed
from app.services.certificates import issue_certificates
from app.services.errors import NotFound, ValidationFailed
from app.tasks import run_with_progress
from app.ui import theme
from app.ui.assessment.common import empty_state, hint, problems_text, who
from app.ui.certificates.common import (
    PreviewLabel,
    ask_pdf_path,
    mm_box,
    page_image,
    templates_dir,
    unlock_key,
)
from app.ui.certificates.selection import CheckModel, Source, SourceModel, Subject, sources, subjects_of
from app.ui.icons import icon
from app.ui.itemmodels.rows import Column, rows_table
from app.ui.reports.background import BackgroundLoader
from app.ui.widgets.save_file import open_file, write_file


@dataclass(frozen=True)
class Made:
    """A PDF made by the print tab: its bytes, the entries printed, how many got new numbers."""

    pdf: bytes
    entries: tuple
    new: int
    name: str


def make_certificates(report, cancelled, db, paths, assessment_ids, secret, page_size, border, offsets, by):
    """The task: number the awards (once), then print them. Runs off the UI thread."""
    issued = issue_certificates(db, assessment_ids=assessment_ids, by=by)
    pdf = pdf_with_secret(db, paths, [e.id for e in issued.entries], secret, page_size=page_size, border=border,
                          offsets_mm=offsets, report=report, cancelled=cancelled, by=by)
    return pdf, refreshed(db, issued.entries), issued.new


#: A preview that took longer than this (ms) to build is built off the UI thread from then on.
SLOW_PREVIEW_MS = 50


def _preview_dpi(page_size: str, large: bool) -> float:
    return (110 if page_size == "A4" else 150) if large else (40 if page_size == "A4" else 56)


def _state_colour(s: Subject):
    from PySide6.QtGui import QColor

    if s.entry is None:
        return QColor(theme.GREY)
    return QColor(theme.GREEN if s.printed else theme.AMBER)


class PrintView(QWidget):
    """``made(Made)`` after a PDF was made (the register changed)."""

    made = Signal(object)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.all_sources: list[Source] = []
        self.result: Made | None = None
        self.sources = SourceModel([
            Column(_("Quyết định"), lambda s: s.label, width=128),
            Column(_("Ngày"), lambda s: format_date(s.decision.decided_on) if s.decision else "", width=84),
            Column(_("Danh hiệu"), lambda s: title_label(s.title_code), width=150),
            Column(_("Số lượng"), lambda s: format_number(s.count), align_right=True, width=74),
        ], self)
        self.source_table = rows_table(self.sources, 2)
        self.source_table.selectionModel().currentRowChanged.connect(lambda *_a: self._on_source_changed())
        self.subjects = CheckModel([
            Column(_("Tên"), lambda s: s.name, width=200),
            Column(_("Mã"), lambda s: s.code, width=80),
            Column(_("Thôn, bản"), lambda s: s.village, width=120),
            Column(_("Số vào sổ"), lambda s: str(s.entry.number) if s.entry else "", align_right=True, width=84),
            Column(_("Tình trạng"), lambda s: s.state(), foreground=_state_colour),
        ], key=lambda s: s.assessment_id, parent=self)
        self.subject_table = rows_table(self.subjects, 0)
        self.subject_table.activated.connect(lambda idx: self.subjects.toggle(idx.row()))
        self.subject_table.selectionModel().currentRowChanged.connect(lambda *_a: self._schedule_preview())
        self.subjects.checked_changed.connect(self._on_checked_changed)
        self.village = QComboBox()
        self.village.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.village.currentIndexChanged.connect(lambda _i: self._apply_village())
        self.all_button = QPushButton(_("Chọn tất cả"))
        self.all_button.clicked.connect(lambda: self.subjects.set_checked(
            self.subjects.key(r) for r in self.subjects.visible_rows()))
        self.none_button = QPushButton(_("Bỏ chọn"))
        self.none_button.clicked.connect(lambda: self.subjects.set_checked(()))
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("count")
        self.empty = empty_state()
        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(self.source_table)
        self.left_stack.addWidget(self.empty)

        self.page_size = QComboBox()
        self.page_size.addItem(_("A4 ngang"), "A4")
        self.page_size.addItem(_("A5 ngang"), "A5")
        self.border = QCheckBox(_("In viền trang trí"))
        self.border.setToolTip(_("Bỏ chọn khi in lên phôi giấy khen đã có sẵn viền"))
        self.dx, self.dy = mm_box(-30, 30), mm_box(-30, 30)
        self.make_button = QPushButton(icon("certificates", "#ffffff"), _("Tạo giấy công nhận"))
        self.make_button.setObjectName("primary")
        self.make_button.clicked.connect(self.make)
        for w in (self.page_size, self.border, self.dx, self.dy):
            (w.currentIndexChanged if isinstance(w, QComboBox) else
             w.toggled if isinstance(w, QCheckBox) else w.valueChanged).connect(lambda *_a: self._forget_result())

        self.preview_pdf: bytes = b""  # the last preview's one-page PDF
        self._preview_slow = False
        self._preview_problem = ""
        self._preview_loader = BackgroundLoader(self)
        self._preview_timer = QTimer(self, singleShot=True, interval=300)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.preview_caption = QLabel()
        self.preview_caption.setWordWrap(True)
        self.preview = PreviewLabel()
        self.preview.setMinimumSize(240, 150)
        self.preview.setCursor(Qt.CursorShape.PointingHandCursor)
        self.preview.setToolTip(_("Bấm để xem lớn"))
        self.preview.clicked.connect(self.show_large_preview)
        self.page_size.currentIndexChanged.connect(lambda _i: self._schedule_preview())
        self.border.toggled.connect(lambda _b: self._schedule_preview())

        self.result_frame = QFrame()
        self.result_frame.setObjectName("resultBar")
        self.result_frame.setStyleSheet(f"QFrame#resultBar {{ background:{theme.SURFACE}; border:1px solid "
                                        f"{theme.BORDER}; border-radius:4px; }}")
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.thumb = PreviewLabel()
        self.thumb.setMinimumSize(150, 106)
        self.thumb.setFixedSize(150, 106)
        self.open_button = QPushButton(icon("eye"), _("Mở tệp PDF"))
        self.open_button.clicked.connect(self.save_and_open)
        self.print_button = QPushButton(icon("print"), _("In…"))
        self.print_button.clicked.connect(self.send_to_printer)
        rb = QHBoxLayout(self.result_frame)
        rb.addWidget(self.thumb)
        rcol = QVBoxLayout()
        rcol.addWidget(self.result_label)
        rbuttons = QHBoxLayout()
        rbuttons.addWidget(self.open_button)
        rbuttons.addWidget(self.print_button)
        rbuttons.addStretch(1)
        rcol.addLayout(rbuttons)
        rb.addLayout(rcol, 1)
        self.result_frame.hide()
        self._layout()

    def _layout(self) -> None:
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 6, 0)
        ll.addWidget(QLabel(_("<b>1.</b> Chọn quyết định công nhận")))
        ll.addWidget(self.left_stack, 1)
        ll.addWidget(self.preview_caption)
        ll.addWidget(self.preview, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("<b>2.</b> Chọn người, hộ được in")))
        top.addStretch(1)
        top.addWidget(QLabel(_("Thôn, bản:")))
        top.addWidget(self.village)
        rl.addLayout(top)
        rl.addWidget(self.subject_table, 1)
        picks = QHBoxLayout()
        picks.addWidget(self.all_button)
        picks.addWidget(self.none_button)
        picks.addWidget(self.chosen_label, 1)
        rl.addLayout(picks)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        split.setSizes([430, 620])
        options = QHBoxLayout()
        options.addWidget(QLabel(_("<b>3.</b> Khổ giấy:")))
        options.addWidget(self.page_size)
        options.addSpacing(8)
        options.addWidget(self.border)
        options.addSpacing(8)
        options.addWidget(QLabel(_("Dịch nội dung: sang phải")))
        options.addWidget(self.dx)
        options.addWidget(QLabel(_("xuống dưới")))
        options.addWidget(self.dy)
        options.addStretch(1)
        options.addWidget(self.make_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(split, 1)
        layout.addLayout(options)
        layout.addWidget(hint(_("Khi bấm In…, độ lệch đã căn cho máy in (thẻ Căn lề máy in) được cộng thêm. Giấy in "
                                "lần đầu được vào sổ và ký mã QR bằng khóa của xã; in lại không cần mật khẩu.")))
        layout.addWidget(self.result_frame)

    # -- loading
    def reload(self) -> None:
        keep = self.selected_source()
        self.all_sources = sources(self.ctx.db, self.ctx.year)
        self.sources.set_rows(self.all_sources)
        self.empty.setText(_("Năm {year} chưa có quyết định công nhận nào. Ra quyết định ở màn hình Đánh giá → Quyết "
                             "định, rồi quay lại đây để in giấy công nhận.").format(year=self.ctx.year))
        self.left_stack.setCurrentWidget(self.source_table if self.all_sources else self.empty)
        row = self.sources.view_row_of(lambda s: s == keep) if keep else -1
        if self.all_sources:
            self.source_table.selectRow(max(row, 0))
        self._on_source_changed()

    def selected_source(self) -> Source | None:
        idx = self.source_table.currentIndex()
        return self.sources.row_at(idx.row()) if idx.isValid() else None

    def select_source(self, predicate) -> bool:
        row = self.sources.view_row_of(predicate)
        if row >= 0:
            self.source_table.selectRow(row)
        return row >= 0

    def _on_source_changed(self) -> None:
        src = self.selected_source()
        rows = subjects_of(self.ctx.db, self.ctx.year, src, self.all_sources) if src else []
        self.subjects.set_rows(rows)
        self.subjects.checked = {s.assessment_id for s in rows}
        villages = sorted({(s.order[0], s.village_id, s.village) for s in rows})
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(_("Tất cả ({n})").format(n=format_number(len(rows))), None)
        for _key, vid, name in villages:
            self.village.addItem(f"{name} ({format_number(sum(1 for s in rows if s.village_id == vid))})", vid)
        self.village.blockSignals(False)
        if src is not None:
            self._template_defaults(src.title_code)
        self._forget_result()
        self._on_checked_changed()
        self._schedule_preview()

    def _template_defaults(self, title_code: str) -> None:
        try:
            t = load_template(title_code, templates_dir(self.ctx.paths))
        except TemplateError:
            return
        self.page_size.setCurrentIndex(max(self.page_size.findData(t.page_size), 0))
        self.border.setChecked(t.border)

    def _apply_village(self) -> None:
        vid = self.village.currentData()
        rows = self.subjects.rows
        self.subjects.set_visible([i for i, s in enumerate(rows) if self.village.currentIndex() <= 0
                                   or s.village_id == vid])
        self.subjects.set_checked(self.subjects.key(r) for r in self.subjects.visible_rows())

    def _on_checked_changed(self) -> None:
        chosen = self.subjects.checked_rows()
        shown = len(self.subjects.visible)
        new = sum(1 for s in chosen if not s.printed)
        self.chosen_label.setText(_("Đã chọn {n}/{total}; {new} in lần đầu").format(
            n=format_number(len(chosen)), total=format_number(shown), new=format_number(new)))
        self.make_button.setEnabled(bool(chosen))
        self.make_button.setText(ngettext("Tạo {n} giấy công nhận", "Tạo {n} giấy công nhận", len(chosen)).format(
            n=format_number(len(chosen))))
        self._forget_result()

    def show_subject(self, kind: str, subject_id: int) -> bool:
        """Choose the first source that recognises this subject and tick only it."""
        for src in [s for s in self.all_sources if s.decision is None]:
            rows = subjects_of(self.ctx.db, self.ctx.year, src, self.all_sources)
            hit = [r for r in rows if r.kind == kind and r.subject_id == subject_id]
            if hit:
                self.select_source(lambda s, src=src: s == src)
                wanted = hit[0].assessment_id
                self.subjects.set_checked({wanted})
                row = self.subjects.view_row_of(lambda r, wanted=wanted: r.assessment_id == wanted)
                self.subject_table.selectRow(row)
                self.subject_table.scrollTo(self.subjects.index(row, 0))
                return True
        return False

    # -- the preview (nothing numbered, nothing signed)
    def _schedule_preview(self) -> None:
        self._preview_timer.start()

    def preview_subject(self) -> Subject | None:
        """The current row's subject, else the first one shown."""
        idx = self.subject_table.currentIndex()
        if idx.isValid():
            return self.subjects.row_at(idx.row())
        rows = self.subjects.visible_rows()
        return rows[0] if rows else None

    def refresh_preview(self) -> None:
        self._preview_timer.stop()
        src, s = self.selected_source(), self.preview_subject()
        if src is None or s is None:
            self._show_preview(b"", "")
            return
        caption = _("<b>Xem trước</b> giấy của {name}").format(name=s.name)
        if s.entry is None:
            caption += _(" (chưa vào sổ, chưa ký mã QR)")
        caption += " — " + _("bấm vào hình để xem lớn")
        args = (self.ctx.db, self.ctx.paths, s.assessment_id)
        options = {"page_size": self.page_size.currentData(), "border": self.border.isChecked()}
        if self._preview_slow:
            self._preview_loader.load(lambda: self._build_preview(*args, **options),
                                      lambda pdf: self._show_preview(pdf, caption if pdf else ""))
            return
        started = time.perf_counter()
        pdf = self._build_preview(*args, **options)
        self._preview_slow = (time.perf_counter() - started) * 1000 > SLOW_PREVIEW_MS
        self._show_preview(pdf, caption if pdf else self._preview_problem)

    def _build_preview(self, db, paths, assessment_id: int, **options) -> bytes:
        """The preview's PDF (b"" with :attr:`_preview_problem` set when it cannot be made)."""
        self._preview_problem = ""
        try:
            return certificate_preview(db, paths, assessment_id, **options)
        except TemplateError as exc:
            self._preview_problem = _("Mẫu giấy của xã không dùng được: {why}").format(why="; ".join(exc.problems))
        except (NotFound, ValidationFailed):
            pass
        return b""

    def _show_preview(self, pdf: bytes, caption: str) -> None:
        self.preview_pdf = pdf
        self.preview_caption.setText(caption)
        self.preview.set_image(page_image(pdf, _preview_dpi(self.page_size.currentData(), False)) if pdf else None)
        self.preview.setVisible(bool(pdf))
        self.preview_caption.setVisible(bool(caption))

    def show_large_preview(self) -> None:
        if not self.preview_pdf:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Xem trước giấy công nhận"))
        big = PreviewLabel()
        big.set_image(page_image(self.preview_pdf, _preview_dpi(self.page_size.currentData(), True)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(self.preview_caption.text()))
        layout.addWidget(big, 1)
        layout.addWidget(buttons)
        dialog.resize(960, 700)
        dialog.exec()

    # -- making the PDF
    def _forget_result(self) -> None:
        self.result = None
        self.result_frame.hide()

    def make(self) -> Made | None:
        chosen = self.subjects.checked_rows()
        src = self.selected_source()
        if not chosen or src is None:
            return None
        new = sum(1 for s in chosen if not s.printed)
        secret = None
        if new:
            secret = unlock_key(self, self.ctx, new)
            if secret is None:
                return None
        ids = [s.assessment_id for s in chosen]
        options = (self.page_size.currentData(), self.border.isChecked(), (self.dx.value(), self.dy.value()))
        try:
            pdf, entries, numbered = run_with_progress(
                self, _("In giấy công nhận"), _("Đang tạo {n} giấy công nhận…").format(n=format_number(len(ids))),
                make_certificates, self.ctx.db, self.ctx.paths, ids, secret, *options, who())
        except Cancelled:
            self.ctx.status.emit(_("Đã hủy tạo giấy công nhận."))
            self._after_change()
            return None
        except (ValidationFailed, NotFound, KeyProblem, TemplateError) as exc:
            from PySide6.QtWidgets import QMessageBox

            text = "\n".join(exc.problems) if isinstance(exc, TemplateError) else problems_text(exc)
            QMessageBox.warning(self, _("Không tạo được giấy công nhận"), text)
            self._after_change()
            return None
        name = _("Giay cong nhan {title} {year}").format(title=src.title_code, year=self.ctx.year)
        if src.decision is not None:
            name += " QD " + src.decision.number
        message = _("Đã tạo {n} giấy công nhận ({new} số mới vào sổ).").format(
            n=format_number(len(entries)), new=format_number(numbered))
        self._after_change(message)  # forgets the old result: set the new one after
        self.result = Made(pdf, entries, numbered, name)
        self._show_result(message)
        self.made.emit(self.result)
        return self.result

    def _after_change(self, message: str | None = None) -> None:
        """The register may have changed: re-read the ticks' states, keep the choice."""
        keep = set(self.subjects.checked)
        village = self.village.currentIndex()
        self._on_source_changed()
        self.village.setCurrentIndex(village)
        self.subjects.set_checked(keep & {s.assessment_id for s in self.subjects.visible_rows()})
        self.ctx.changed("certificate", message)

    def _show_result(self, message: str) -> None:
        numbers = sorted(e.number for e in self.result.entries)
        span = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
        self.result_label.setText(f"<b>{message}</b><br>" + _("Số vào sổ năm {year}: {span}. Mở tệp PDF để xem và "
                                                              "lưu, hoặc In… để gửi tới máy in.").format(
            year=self.ctx.year, span=span))
        self.thumb.set_image(page_image(self.result.pdf, 30))
        self.result_frame.show()

    def save_and_open(self, path=None) -> None:
        if self.result is None:
            return
        path = path or ask_pdf_path(self, _("Lưu giấy công nhận"), self.result.name)
        if path is None or not write_file(self, path, self.result.pdf):
            return
        self.ctx.status.emit(_("Đã lưu {file}.").format(file=path))
        open_file(path)

    def send_to_printer(self) -> None:
        from app.ui.certificates.printer import print_pdf

        if self.result is not None:
            print_pdf(self, self.ctx, self.result.pdf, _("giấy công nhận"))
