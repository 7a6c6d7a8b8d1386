"""Printer calibration: the test page, the correction from a measurement, offsets per printer."""

from __future__ import annotations

import pytest

from app.printing.calibration import (
    build_test_page,
    corrected_offsets,
    load_printer_offsets,
    printer_offsets,
    save_printer_offsets,
)
from app.printing.templates import default_template
from tests.printing.conftest import pdf_page_sizes, pdf_pages_text


def test_test_page_in_the_templates_paper_size():
    pdf = build_test_page(default_template("GDHT"), (1.5, -2), "HP LaserJet P1102")
    [text] = pdf_pages_text(pdf)
    assert "TRANG IN THỬ CĂN LỀ MÁY IN" in text and "HP LaserJet P1102" in text
    assert "sang phải +1,5 mm, xuống dưới −2,0 mm" in text and "20 mm" in text
    assert pdf_page_sizes(pdf) == [(842, 595)]
    assert pdf_page_sizes(build_test_page("A5")) == [(595, 420)]


def test_correction_from_what_was_measured():
    # the mark printed 22 mm from the left and 18.5 mm from the top: move 2 mm left, 1.5 mm down
    assert corrected_offsets((0, 0), 22, 18.5) == (-2.0, 1.5)
    assert corrected_offsets((-2.0, 1.5), 20, 20) == (-2.0, 1.5)


def test_offsets_are_remembered_per_printer(tmp_path):
    store = tmp_path / "printers.json"
    assert printer_offsets(store, "Canon LBP2900") == (0.0, 0.0)
    save_printer_offsets(store, "Canon LBP2900", (1.5, -0.5))
    save_printer_offsets(store, "HP LaserJet P1102", (0, 2))
    assert load_printer_offsets(store) == {"Canon LBP2900": (1.5, -0.5), "HP LaserJet P1102": (0.0, 2.0)}
    with pytest.raises(ValueError):
        save_printer_offsets(store, "Canon LBP2900", (45, 0))
    store.write_text("{broken")
    assert load_printer_offsets(store) == {}
