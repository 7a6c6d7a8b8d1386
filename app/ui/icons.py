"""The program's icons: Tabler outline SVGs in ``resources/icons``, recoloured and cached.

The SVGs draw with ``stroke="currentColor"``; :func:`icon` replaces that with the requested colour
(default :data:`DEFAULT_ICON_COLOR`) and renders the result at several sizes into one
:class:`QIcon`. Names are ours (``"households"``, ``"import-excel"``); ``resources/icons/README.md``
maps them to the Tabler originals. A QGuiApplication must exist before the first call.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.domain.reference import resources_dir

__all__ = ["DEFAULT_ICON_COLOR", "ICON_SIZES", "available_icons", "icon", "icon_path", "svg_data"]

DEFAULT_ICON_COLOR = "#37474f"
# Pixel sizes rendered into each QIcon: 16-48 for normal screens, 64 and 96 for 2x scaling.
ICON_SIZES = (16, 24, 32, 48, 64, 96)

_cache: dict[tuple[str, str], QIcon] = {}


def _icons_dir() -> Path:
    return resources_dir() / "icons"


def icon_path(name: str) -> Path:
    """``resources/icons/<name>.svg``; raises FileNotFoundError for an unknown name."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise FileNotFoundError(f"invalid icon name: {name!r}")
    path = _icons_dir() / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"no icon named {name!r} in {_icons_dir()}")
    return path


def available_icons() -> list[str]:
    """The names of every shipped icon, sorted."""
    return sorted(p.stem for p in _icons_dir().glob("*.svg"))


def _normalise_color(color: str | None) -> str:
    value = QColor(color or DEFAULT_ICON_COLOR)
    if not value.isValid():
        raise ValueError(f"invalid colour: {color!r}")
    return value.name()  # "#rrggbb"


def svg_data(name: str, color: str | None = None) -> bytes:
    """The SVG source of icon ``name`` with ``currentColor`` replaced by ``color``."""
    text = icon_path(name).read_text(encoding="utf-8")
    return text.replace("currentColor", _normalise_color(color)).encode("utf-8")


def _render(renderer: QSvgRenderer, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
    finally:
        painter.end()
    return pixmap


def icon(name: str, color: str | None = None) -> QIcon:
    """The icon ``name`` drawn in ``color`` (any QColor spelling, default ``#37474f``).

    Results are cached per (name, colour). Raises FileNotFoundError for an unknown name and
    ValueError for an invalid colour.
    """
    key = (name, _normalise_color(color))
    cached = _cache.get(key)
    if cached is not None:
        return cached
    renderer = QSvgRenderer(QByteArray(svg_data(name, key[1])))
    if not renderer.isValid():
        raise ValueError(f"icon {name!r} is not a valid SVG")
    result = QIcon()
    for size in ICON_SIZES:
        result.addPixmap(_render(renderer, size))
    _cache[key] = result
    return result
