"""The shipped TrueType fonts registered with ReportLab, once per process (idempotent, thread-safe).

Tinos (metric-compatible with Times New Roman, the font NĐ 30/2020 prescribes) for documents,
Noto Sans for labels that want a sans face. Both cover every Vietnamese letter; ReportLab embeds
the used glyphs as a subset. Use the names below with ``setFont`` or in paragraph styles; ``<b>``
and ``<i>`` in platypus paragraphs map to the bold and italic faces through the registered family.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resources_dir

__all__ = ["SERIF", "SERIF_BOLD", "SERIF_ITALIC", "SERIF_BOLD_ITALIC", "SANS", "SANS_BOLD", "register_fonts",
           "face", "binary_streams"]

SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC = "Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-BoldItalic"
SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC = "NotoSans", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic"

_FAMILIES = {
    "Tinos": (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
    "NotoSans": (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC),
}
_lock = threading.Lock()
_done = False


def register_fonts() -> None:
    """Register Tinos and Noto Sans (four faces each) and their bold/italic mapping. Cheap after
    the first call. Raises ``OSError`` if a font file is missing from ``resources/fonts``."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        folder = resources_dir() / "fonts"
        for faces in _FAMILIES.values():
            for name in faces:
                file_name = f"{name}-Regular.ttf" if "-" not in name else f"{name}.ttf"
                pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
            regular, bold, italic, bold_italic = faces
            pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic)
        _done = True


def face(bold: bool = False, italic: bool = False, family: str = "Tinos") -> str:
    """The registered font name of a face: ``face(bold=True)`` → ``"Tinos-Bold"``."""
    regular, bold_name, italic_name, bold_italic = _FAMILIES[family]
    if bold and italic:
        return bold_italic
    return bold_name if bold else italic_name if italic else regular


@contextmanager
def binary_streams() -> Iterator[None]:
    """Write compressed streams without ASCII85 armour while building: ReportLab's pure-Python
    ASCII85 encoder costs ≈ 1 ms a page (3 s for 3,000 certificates) and makes files 25 % larger.
    ``rl_config.useA85`` is process-wide; a concurrent build only gets the other valid encoding."""
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old
