"""What the receiving office's pages share: words for statuses and contents, colours for gaps,
the key id as printed on the slip, a page header, and opening a folder. UI thread only."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QFont, QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.i18n import N_, _, format_datetime, format_number
from app.ui import theme

CONTENT_NAMES = {"summary": N_("Số liệu tổng hợp"), "full": N_("Toàn bộ dữ liệu")}
STATUS_NAMES = {
    "would_import": N_("Sẽ nhập"),
    "imported": N_("Đã nhập"),
    "already_imported": N_("Đã nhận trước đây"),
    "refused": N_("Bị từ chối"),
}
STATUS_COLOURS = {"would_import": theme.GREEN, "imported": theme.GREEN, "already_imported": theme.GREY,
                  "refused": theme.RED}
KEY_STATUS_NAMES = {"active": N_("Đang dùng"), "replaced": N_("Đã thay"), "revoked": N_("Đã thu hồi")}
KEY_STATUS_COLOURS = {"active": theme.GREEN, "replaced": theme.GREY, "revoked": theme.RED}

#: within this many percentage points under the target: amber; further: red
NEAR_TARGET = 5.0

_KEY_LINE = re.compile(r"RW[A-Za-z0-9+/]{54}")


def content_name(content: str) -> str:
    return _(CONTENT_NAMES[content]) if content in CONTENT_NAMES else content


def status_name(status: str) -> str:
    return _(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def status_colour(status: str) -> QColor:
    return QColor(STATUS_COLOURS.get(status, theme.TEXT))


def gap_text(gap: float | None) -> str:
    """``+4,0`` / ``−5,2`` percentage points; ``—`` without a target."""
    if gap is None:
        return "—"
    sign = "+" if gap >= 0 else "−"
    return f"{sign}{format_number(abs(round(gap, 1)), 1)}"


def gap_colour(gap: float | None) -> QColor | None:
    """Green at or over the target, amber a little under, red far under; None without a target."""
    if gap is None:
        return None
    if gap >= 0:
        return QColor(theme.GREEN)
    return QColor(theme.AMBER if gap >= -NEAR_TARGET else theme.RED)


def spaced_key_id(key_id: str) -> str:
    """``A1B2 C3D4 E5F6 0718``: four groups, easier to compare with the paper slip."""
    return " ".join(key_id[i:i + 4] for i in range(0, len(key_id), 4))


def public_key_text(pasted: str) -> str:
    """The minisign public key in a pasted text: a ``.pub`` file's two lines, the base64 line
    alone, or the text copied from a key slip (the ``RW…`` line is picked out). Unchanged when no
    such line is found (the caller's parser then says what is wrong)."""
    found = _KEY_LINE.findall(pasted or "")
    return found[0] if len(set(found)) == 1 else (pasted or "")


def commune_code_in(text: str) -> str:
    """A 5-digit commune code in a key's comment or a slip's text (``Xa Chieng Mung 14113``), or ``""``."""
    codes = re.findall(r"(?<![0-9A-Za-z])(\d{5})(?![0-9A-Za-z])", text or "")
    return codes[-1] if codes else ""


def when(value: datetime | str | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return format_datetime(value)


def page_header(title: str) -> tuple[QHBoxLayout, QLabel, QLabel]:
    """A page's title row: the big title on the left, a muted note (a count) on the right."""
    row = QHBoxLayout()
    label = QLabel(title)
    label.setObjectName("pageTitle")
    note = QLabel()
    note.setObjectName("count")
    row.addWidget(label)
    row.addStretch(1)
    row.addWidget(note)
    return row, label, note


def mono_font(point_size: float | None = None, bold: bool = False) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if point_size:
        font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def banner(text: str = "", colour: str = theme.AMBER) -> QLabel:
    """A line of notice with a coloured left edge (status colour plus words, never colour alone)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    set_banner_colour(label, colour)
    return label


def set_banner_colour(label: QLabel, colour: str) -> None:
    label.setStyleSheet(f"QLabel {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER};"
                        f" border-left: 4px solid {colour}; padding: 6px 10px; }}")


def open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def spacer_widget() -> QWidget:
    w = QWidget()
    w.setFixedHeight(4)
    return w
