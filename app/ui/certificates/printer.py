"""Sending a PDF to a printer: Qt's print dialog, then each page rendered (pypdfium2) at the printer's
resolution and painted on the paper at full size, shifted by the printer's calibrated offsets
(:mod:`app.printing.calibration`). UI thread only; a progress dialog with Cancel between pages.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from app.i18n import _, format_number
from app.printing.calibration import printer_offsets
from app.ui.certificates.common import printers_file, render_pages

#: Rendering above this adds nothing a laser printer shows and costs memory and time.
MAX_DPI = 300


def pdf_page_size_pt(pdf: bytes) -> tuple[float, float]:
    """(width, height) in points of the PDF's first page."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return tuple(doc[0].get_size()) if len(doc) else (842.0, 595.0)
    finally:
        doc.close()


def prepare_printer(printer: QPrinter, pdf: bytes) -> None:
    """Paper of the PDF's size (landscape when wider than high), no margins: we place every point."""
    w, h = pdf_page_size_pt(pdf)
    size = QPageSize(QSizeF(min(w, h), max(w, h)), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)


def paint_pdf(printer: QPrinter, pdf: bytes, offsets_mm: tuple[float, float] = (0.0, 0.0),
              progress=None) -> int:
    """Paint every page of ``pdf`` on ``printer`` (set up with :func:`prepare_printer`), each moved
    ``offsets_mm`` (right, down). ``progress(done, total)`` returns False to stop. Returns the pages
    sent."""
    from app.ui.certificates.common import pdf_page_count

    total = pdf_page_count(pdf)
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("Máy in không nhận lệnh in."))
    done = 0
    try:
        scale = printer.resolution() / 72.0
        dx, dy = offsets_mm[0] / 25.4 * printer.resolution(), offsets_mm[1] / 25.4 * printer.resolution()
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for i, image in render_pages(pdf, dpi):
            if progress is not None and progress(done, total) is False:
                break
            if i:
                printer.newPage()
            w_pt, h_pt = image.width() * 72.0 / dpi, image.height() * 72.0 / dpi
            target = QRectF(paper.left() + dx, paper.top() + dy, w_pt * scale, h_pt * scale)
            painter.drawImage(target, image)
            done += 1
    finally:
        painter.end()
    return done


def print_pdf(parent: QWidget, ctx, pdf: bytes, what: str, offsets_mm: tuple[float, float] | None = None) -> int:
    """Ask for a printer (Qt's dialog) and print ``pdf``; ``offsets_mm`` None uses the chosen
    printer's calibrated offsets. Returns the pages printed (0 when cancelled)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, pdf)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("In {what}").format(what=what))
    if not dialog.exec():
        return 0
    prepare_printer(printer, pdf)  # the dialog may have changed the paper; certificates are fixed-size
    name = printer.printerName()
    offsets = offsets_mm if offsets_mm is not None else printer_offsets(printers_file(ctx.paths), name)
    box = QProgressDialog(_("Đang gửi {what} tới máy in {printer}…").format(what=what, printer=name), _("Hủy"), 0, 0,
                          parent)
    box.setWindowTitle(_("In"))
    box.setMinimumDuration(500)

    def progress(done: int, total: int) -> bool:
        box.setMaximum(total)
        box.setValue(done)
        QApplication.processEvents()
        return not box.wasCanceled()

    try:
        sent = paint_pdf(printer, pdf, offsets, progress)
    except OSError as exc:
        box.close()
        QMessageBox.warning(parent, _("Không in được"), str(exc))
        return 0
    box.close()
    ctx.status.emit(_("Đã gửi {n} trang tới máy in {printer} (lệch {dx} mm, {dy} mm).").format(
        n=format_number(sent), printer=name, dx=format_number(offsets[0]), dy=format_number(offsets[1])))
    return sent
