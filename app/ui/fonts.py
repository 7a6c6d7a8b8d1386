"""The shipped fonts: Noto Sans for the interface, Tinos (metric-compatible with Times New Roman)
for documents. Both cover every Vietnamese letter, so the program never depends on what fonts
the computer has. Call :func:`load_fonts` once after the QApplication is created.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

from app.domain.reference import resources_dir

__all__ = ["DOCUMENT_FONT_FAMILY", "UI_FONT_FAMILY", "document_font", "font_files", "load_fonts", "ui_font"]

UI_FONT_FAMILY = "Noto Sans"
DOCUMENT_FONT_FAMILY = "Tinos"

# Font file path -> families QFontDatabase registered for it, for this process.
_loaded: dict[Path, list[str]] = {}


def font_files() -> list[Path]:
    """Every ``.ttf`` in ``resources/fonts``, sorted."""
    return sorted((resources_dir() / "fonts").glob("*.ttf"))


def load_fonts() -> list[str]:
    """Register every shipped TTF with QFontDatabase (once per process) and return the sorted
    family names, e.g. ``["Noto Sans", "Tinos"]``. Files Qt cannot read are skipped."""
    for path in font_files():
        if path in _loaded:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id != -1:
            _loaded[path] = list(QFontDatabase.applicationFontFamilies(font_id))
    return sorted({family for families in _loaded.values() for family in families})


def ui_font(point_size: int = 10) -> QFont:
    """Noto Sans at ``point_size`` points, for ``QApplication.setFont``."""
    load_fonts()
    font = QFont(UI_FONT_FAMILY, point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def document_font(point_size: int = 13) -> QFont:
    """Tinos at ``point_size`` points, for previews of printed documents."""
    load_fonts()
    font = QFont(DOCUMENT_FONT_FAMILY, point_size)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font
