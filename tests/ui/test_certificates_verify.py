"""Kiểm tra giấy công nhận and Căn lề máy in: a scanned QR text is authentic or said why not; a
printer's measured offsets are remembered and applied when painting on it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from tests.ui.certificates_fixtures import PASSPHRASE
from tests.ui.certificates_fixtures import commune_key as commune_key  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import decided as decided  # noqa: F401 - the fixture
from tests.ui.certificates_fixtures import page as page  # noqa: F401 - the fixture

pytestmark = pytest.mark.ui


@pytest.fixture
def entries(db, paths, decided, commune_key):
    from app.services.certificates import print_certificates

    return print_certificates(db, paths, PASSPHRASE, decided.decision_id).entries


def _scan(qtbot, keyboard, view, text: str) -> None:
    """A USB scanner types the text into the focused field and presses Enter."""
    view.text.clear()
    view.text.setFocus()
    keyboard.type(text, view.text)
    qtbot.keyClick(view.text, Qt.Key.Key_Return)


def test_a_real_certificate_is_authentic_and_a_changed_name_is_not(qtbot, keyboard, entries, page):
    page.tabs.setCurrentWidget(page.verify)
    view = page.verify
    e = entries[0]
    _scan(qtbot, keyboard, view, e.qr_text)
    assert view.last.authentic and view.headline.text() == "GIẤY THẬT"
    said = view.verdict_text()
    assert e.recipient in said and "Gia đình học tập" in said and "14113" in said and f"number: {e.number}" in said
    _scan(qtbot, keyboard, view, e.qr_text.replace(e.recipient, "Nguyễn Văn Giả"))
    assert not view.last.authentic and view.headline.text() == "KHÔNG PHẢI GIẤY THẬT"
    assert "đã bị sửa" in view.reason.text() and "Nguyễn Văn Giả" in view.verdict_text()
    _scan(qtbot, keyboard, view, "https://example.com/abc")
    assert view.headline.text() == "KHÔNG ĐỌC ĐƯỢC MÃ QR" and "TTHTCD1" in view.reason.text()


def test_another_communes_certificate_needs_its_public_key(qtbot, keyboard, decided, page, tmp_path):
    from app.crypto import keys
    from app.crypto.certificate_qr import sign_certificate

    other = keys.create_key(tmp_path / "other", "mật khẩu xã bên cạnh", "Xã Mường Sại")
    secret = keys.load_secret(tmp_path / "other", "mật khẩu xã bên cạnh")
    text = sign_certificate(secret, "14116", 2025, "CDHT_CONG_DAN", 17, "Lò Thị Hương")
    page.tabs.setCurrentWidget(page.verify)
    view = page.verify
    _scan(qtbot, keyboard, view, text)
    assert view.headline.text() == "CHƯA XÁC MINH ĐƯỢC" and "Hãy nạp tệp khóa công khai" in view.reason.text()
    assert view.load_public_key(other.public_path)
    assert view.last.authentic and "Lò Thị Hương" in view.verdict_text() and other.key_id in view.keys_label.text()


def test_calibration_remembers_a_printers_offsets(qtbot, keyboard, decided, page, paths):
    from app.printing.calibration import printer_offsets
    from tests.ui.helpers import table_texts

    page.tabs.setCurrentWidget(page.calibration)
    view = page.calibration
    view.printer.setFocus()
    view.printer.lineEdit().clear()
    keyboard.type("HP LaserJet P1102 tầng 2", view.printer.lineEdit())
    # the test page's top-left cross was measured 21,5 mm from the left edge and 18 mm from the top
    view.left.setValue(21.5)
    view.top.setValue(18.0)
    qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    assert (view.dx.value(), view.dy.value()) == (-1.5, 2.0)
    qtbot.mouseClick(view.store_button, Qt.MouseButton.LeftButton)
    assert printer_offsets(paths.root / "printers.json", "HP LaserJet P1102 tầng 2") == (-1.5, 2.0)
    assert table_texts(view.saved) == [["HP LaserJet P1102 tầng 2", "-1,5 mm", "2 mm"]]
    assert view.saved.item(0, 0).text() == "HP LaserJet P1102 tầng 2" and view.saved.item(0, 1).text() == "-1,5 mm"
    assert "sang phải -1,5 mm, xuống dưới 2 mm" in view.current_label.text()
    # a test page drawn for it says so
    from tests.printing.conftest import pdf_pages_text

    assert "HP LaserJet P1102 tầng 2" in pdf_pages_text(view.test_page())[0]


def test_a_pdf_is_painted_on_the_printer_page_by_page_at_its_paper_size(qtbot, tmp_path):
    import io

    import pypdf
    from PySide6.QtPrintSupport import QPrinter

    from app.printing.certificates import build_certificates, sample_certificate
    from app.printing.templates import default_template
    from app.ui.certificates.printer import paint_pdf, prepare_printer

    source = build_certificates([sample_certificate("GDHT", 2025)] * 2, replace(default_template("GDHT"), page_size="A5"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    prepare_printer(printer, source)
    assert paint_pdf(printer, source, (2.0, -1.0)) == 2
    printed = pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages
    box = printed[0].mediabox
    assert len(printed) == 2 and (round(float(box.width)), round(float(box.height))) == (595, 420)
