"""Shrink to a floor, then wrap, then shrink further: text never leaves its width."""

from __future__ import annotations

import unicodedata

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.printing.fitting import ABSOLUTE_MIN_SIZE, fit_text
from app.printing.fonts import face, register_fonts


def setup_module():
    register_fonts()


def test_short_text_keeps_its_size():
    f = fit_text("Lò Văn Pọm", face(bold=True), 26, 600, 18)
    assert f.size == 26 and f.lines == ("Lò Văn Pọm",)


def test_shrinks_before_wrapping():
    text = "Nguyễn Thị Phương Thảo Hoàng Lan"
    full = stringWidth(text, face(bold=True), 26)
    f = fit_text(text, face(bold=True), 26, full * 0.9, 18)
    assert 18 <= f.size < 26 and len(f.lines) == 1 and f.width <= full * 0.9


def test_wraps_into_two_balanced_lines_at_the_floor():
    text = "Tổ dân phố số 12, đường Nguyễn Thị Minh Khai kéo dài, khu tái định cư Bắc Sông Mã, xã Chiềng Mung"
    f = fit_text(text, face(), 15, 300, 12)
    assert len(f.lines) == 2 and f.size >= 12 and not f.below_floor
    widths = [stringWidth(line, face(), f.size) for line in f.lines]
    assert max(widths) <= 300 and abs(widths[0] - widths[1]) < 120


def test_goes_below_the_floor_rather_than_overflow():
    f = fit_text("W" * 200, face(), 14, 300, 12)
    assert f.below_floor and f.size >= 0 and stringWidth(f.lines[0], face(), f.size) <= 300.01
    g = fit_text(("Nguyễn " * 30).strip(), face(), 14, 300, 12, max_lines=2)
    assert g.below_floor and g.size >= ABSOLUTE_MIN_SIZE and len(g.lines) == 2
    h = fit_text(("Nguyễn " * 200).strip(), face(), 14, 300, 12, max_lines=2)
    assert len(h.lines) == 2 and max(stringWidth(x, face(), h.size) for x in h.lines) <= 300


def test_measures_the_nfc_form():
    f = fit_text(unicodedata.normalize("NFD", "Nguyễn Thị Hương"), face(), 14, 500)
    assert f.lines == ("Nguyễn Thị Hương",)
