"""The shipped fonts load into Qt and cover every Vietnamese letter."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo, QFontMetrics, QRawFont

from app.ui.fonts import DOCUMENT_FONT_FAMILY, UI_FONT_FAMILY, document_font, font_files, load_fonts, ui_font

pytestmark = pytest.mark.ui

VIETNAMESE = (
    "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
    "ĂăÂâĐđÊêÔôƠơƯư"
    "ÀÁÃÈÉÌÍÒÓÕÙÚÝàáãèéìíòóõùúýĨĩŨũ"
)


def test_eight_font_files_are_shipped():
    names = {p.name for p in font_files()}
    assert names == {
        f"{family}-{style}.ttf"
        for family in ("NotoSans", "Tinos")
        for style in ("Regular", "Bold", "Italic", "BoldItalic")
    }


def test_load_fonts_registers_noto_sans_and_tinos(qapp):
    families = load_fonts()
    assert UI_FONT_FAMILY in families
    assert DOCUMENT_FONT_FAMILY in families
    assert load_fonts() == families  # a second call registers nothing new


def test_ui_font_is_noto_sans_and_covers_vietnamese(qapp):
    font = ui_font(11)
    assert font.pointSize() == 11
    assert QFontInfo(font).family() == UI_FONT_FAMILY
    metrics = QFontMetrics(font)
    missing = [ch for ch in VIETNAMESE if not metrics.inFontUcs4(ord(ch))]
    assert missing == []


def test_document_font_is_tinos(qapp):
    assert QFontInfo(document_font()).family() == DOCUMENT_FONT_FAMILY


@pytest.mark.parametrize("path", font_files(), ids=lambda p: p.name)
def test_every_file_covers_vietnamese(qapp, path):
    raw = QRawFont(str(path), 12)
    assert raw.isValid()
    missing = [ch for ch in VIETNAMESE if not raw.supportsCharacter(ord(ch))]
    assert missing == []
