"""Căn lề máy in: choose a printer, print (or save) the test page, type where its top-left cross
really landed, and remember the correction for that printer (``<data>/printers.json``). Every
certificate later sent to that printer with In… is moved by it."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_number
from app.printing.calibration import (
    MARK_MM,
    build_test_page,
    corrected_offsets,
    load_printer_offsets,
    printer_offsets,
    save_printer_offsets,
)
from app.ui.assessment.common import hint, message_label, show_message
from app.ui.certificates.common import ask_pdf_path, mm_box, printers_file
from app.ui.icons import icon
from app.ui.widgets.detail_panel import detail_table, fill_table
from app.ui.widgets.save_file import open_file, write_file


def _mm(value: float) -> str:
    return format_number(value) + " mm"


class CalibrationView(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.printer = QComboBox()
        self.printer.setEditable(True)
        self.printer.setMinimumWidth(280)
        self.printer.currentTextChanged.connect(lambda _t: self._show_printer())
        self.paper = QComboBox()
        self.paper.addItem(_("A4 ngang"), "A4")
        self.paper.addItem(_("A5 ngang"), "A5")
        self.print_button = QPushButton(icon("print"), _("In trang thử"))
        self.print_button.clicked.connect(self.print_test_page)
        self.save_button = QPushButton(icon("save"), _("Lưu trang thử PDF…"))
        self.save_button.clicked.connect(lambda: self.save_test_page())
        self.current_label = QLabel()
        self.left = mm_box(0, 60, MARK_MM)
        self.top = mm_box(0, 60, MARK_MM)
        self.compute_button = QPushButton(_("Tính độ lệch từ số đo"))
        self.compute_button.clicked.connect(self.compute)
        self.dx = mm_box(-30, 30)
        self.dy = mm_box(-30, 30)
        self.store_button = QPushButton(icon("save", "#ffffff"), _("Lưu độ lệch cho máy in này"))
        self.store_button.setObjectName("primary")
        self.store_button.clicked.connect(self.store)
        self.error = message_label()
        self.saved = detail_table((_("Máy in"), _("Sang phải"), _("Xuống dưới")))
        self.saved.setColumnWidth(0, 300)
        self.saved.cellClicked.connect(lambda r, _c: self.printer.setCurrentText(self.saved.item(r, 0).text()))

        step1 = QGroupBox(_("1. In trang thử"))
        f1 = QFormLayout(step1)
        f1.addRow(_("Máy in:"), self.printer)
        f1.addRow(_("Khổ giấy:"), self.paper)
        b1 = QHBoxLayout()
        b1.addWidget(self.print_button)
        b1.addWidget(self.save_button)
        b1.addStretch(1)
        f1.addRow(b1)
        f1.addRow(self.current_label)
        step2 = QGroupBox(_("2. Đo trên tờ giấy đã in"))
        f2 = QFormLayout(step2)
        f2.addRow(hint(_("Đo bằng thước từ mép giấy đến tâm dấu thập góc trên bên trái (đúng ra là {mm} mm).").format(
            mm=format_number(MARK_MM))))
        f2.addRow(_("Từ mép trái:"), self.left)
        f2.addRow(_("Từ mép trên:"), self.top)
        f2.addRow(self.compute_button)
        step3 = QGroupBox(_("3. Độ lệch của máy in"))
        f3 = QFormLayout(step3)
        f3.addRow(_("Dịch sang phải:"), self.dx)
        f3.addRow(_("Dịch xuống dưới:"), self.dy)
        f3.addRow(hint(_("Số âm: dịch sang trái, lên trên.")))
        f3.addRow(self.store_button)
        f3.addRow(self.error)
        steps = QHBoxLayout()
        for box in (step1, step2, step3):
            steps.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(steps)
        layout.addWidget(QLabel(_("<b>Độ lệch đã lưu</b>")))
        layout.addWidget(self.saved, 1)
        layout.addWidget(hint(_("Khi in giấy công nhận bằng nút In…, chương trình dịch nội dung theo độ lệch của máy "
                                "in được chọn, để chữ nằm đúng chỗ trên phôi giấy in sẵn.")))

    def store_path(self):
        return printers_file(self.ctx.paths)

    def reload(self) -> None:
        current = self.printer.currentText()
        stored = load_printer_offsets(self.store_path())
        names = list(dict.fromkeys(QPrinterInfo.availablePrinterNames() + sorted(stored)))
        self.printer.blockSignals(True)
        self.printer.clear()
        self.printer.addItems(names)
        default = current or QPrinterInfo.defaultPrinterName() or (names[0] if names else "")
        self.printer.setCurrentText(default)
        self.printer.blockSignals(False)
        fill_table(self.saved, [(n, _mm(v[0]), _mm(v[1])) for n, v in sorted(stored.items())])
        self._show_printer()

    def printer_name(self) -> str:
        return self.printer.currentText().strip()

    def _show_printer(self) -> None:
        name = self.printer_name()
        dx, dy = printer_offsets(self.store_path(), name) if name else (0.0, 0.0)
        self.dx.setValue(dx)
        self.dy.setValue(dy)
        self.current_label.setText(_("Độ lệch đang dùng: sang phải {dx}, xuống dưới {dy}.").format(
            dx=_mm(dx), dy=_mm(dy)) if name else _("Chọn hoặc gõ tên máy in."))
        show_message(self.error, "")

    def test_page(self) -> bytes:
        """The test page drawn with the printer's current offsets (labelled on the page)."""
        name = self.printer_name()
        return build_test_page(self.paper.currentData(), printer_offsets(self.store_path(), name), name)

    def save_test_page(self, path=None) -> None:
        path = path or ask_pdf_path(self, _("Lưu trang thử"), _("Trang in thu can le"))
        if path is not None and write_file(self, path, self.test_page()):
            self.ctx.status.emit(_("Đã lưu {file}.").format(file=path))
            open_file(path)

    def print_test_page(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        from app.ui.certificates.printer import paint_pdf, prepare_printer

        pdf = self.test_page()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_name():
            printer.setPrinterName(self.printer_name())
        prepare_printer(printer, pdf)
        dialog = QPrintDialog(printer, self)
        if not dialog.exec():
            return
        prepare_printer(printer, pdf)
        try:
            paint_pdf(printer, pdf, (0.0, 0.0))  # the page already carries the offsets
        except OSError as exc:
            QMessageBox.warning(self, _("Không in được"), str(exc))
            return
        if printer.printerName() != self.printer_name():
            self.printer.setCurrentText(printer.printerName())
        self.ctx.status.emit(_("Đã in trang thử trên máy in {name}.").format(name=printer.printerName()))

    def compute(self) -> None:
        current = printer_offsets(self.store_path(), self.printer_name())
        dx, dy = corrected_offsets(current, self.left.value(), self.top.value())
        self.dx.setValue(dx)
        self.dy.setValue(dy)

    def store(self) -> bool:
        name = self.printer_name()
        if not name:
            show_message(self.error, _("Chọn hoặc gõ tên máy in."))
            return False
        try:
            save_printer_offsets(self.store_path(), name, (self.dx.value(), self.dy.value()))
        except (ValueError, OSError) as exc:
            show_message(self.error, str(exc))
            return False
        self.left.setValue(MARK_MM)
        self.top.setValue(MARK_MM)
        self.reload()
        self.ctx.status.emit(_("Đã lưu độ lệch của máy in {name}: sang phải {dx}, xuống dưới {dy}.").format(
            name=name, dx=_mm(self.dx.value()), dy=_mm(self.dy.value())))
        return True
