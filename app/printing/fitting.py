"""Making a line of text fit a width: shrink the font to a floor, then wrap, then shrink further.

Everything measured here is NFC (:func:`app.domain.text.nfc`), the form that is drawn: NFD text
puts ReportLab's accents in the wrong place. Widths are in points, sizes in points.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain.text import nfc

__all__ = ["Fitted", "fit_text", "wrap_words", "ABSOLUTE_MIN_SIZE"]

#: Below the template's floor, text still shrinks down to this size rather than leave the page.
ABSOLUTE_MIN_SIZE = 5.0
_STEP = 0.5


@dataclass(frozen=True)
class Fitted:
    """How a text is drawn: ``size`` in points, the ``lines`` (1 or more) and the widest line's width.
    ``below_floor`` is True when even the floor size with the allowed lines did not fit."""

    text: str
    font: str
    size: float
    lines: tuple[str, ...]
    width: float
    below_floor: bool = False


def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def wrap_words(text: str, font: str, size: float, max_width: float, max_lines: int) -> tuple[str, ...] | None:
    """Split ``text`` at spaces into at most ``max_lines`` lines no wider than ``max_width``, or
    ``None``. Two lines are balanced (the split that makes the wider line narrowest); more lines
    are filled greedily."""
    words = text.split(" ")
    if max_lines <= 1 or len(words) == 1:
        return (text,) if _width(text, font, size) <= max_width else None
    if max_lines == 2:
        best: tuple[float, tuple[str, str]] | None = None
        for i in range(1, len(words)):
            first, second = " ".join(words[:i]), " ".join(words[i:])
            widest = max(_width(first, font, size), _width(second, font, size))
            if widest <= max_width and (best is None or widest < best[0]):
                best = (widest, (first, second))
        return best[1] if best else None
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if _width(candidate, font, size) <= max_width:
            current = candidate
            continue
        if not current or _width(word, font, size) > max_width:
            return None
        lines.append(current)
        current = word
    lines.append(current)
    return tuple(lines) if len(lines) <= max_lines else None


def fit_text(text: str, font: str, size: float, max_width: float, min_size: float | None = None,
             max_lines: int = 2) -> Fitted:
    """The largest way to draw ``text`` within ``max_width``:

    1. one line at ``size``, shrinking in 0.5 pt steps down to ``min_size`` (default: ``size``);
    2. else the largest size from ``size`` down to ``min_size`` at which it wraps into at most
       ``max_lines`` lines;
    3. else, so nothing leaves the frame, ``max_lines`` lines (or one unbreakable line) shrunk
       below the floor down to :data:`ABSOLUTE_MIN_SIZE`, and past it as a last resort
       (``below_floor`` is then True).
    """
    text = nfc(text)
    floor = min(size, min_size if min_size is not None else size)
    s = size
    while s >= floor - 1e-9:
        w = _width(text, font, s)
        if w <= max_width:
            return Fitted(text, font, s, (text,), w)
        s -= _STEP
    s = size
    while s >= floor - 1e-9 and max_lines > 1:
        lines = wrap_words(text, font, s, max_width, max_lines)
        if lines:
            return Fitted(text, font, s, lines, max(_width(line, font, s) for line in lines))
        s -= _STEP
    s = floor
    while s > ABSOLUTE_MIN_SIZE:
        s = max(ABSOLUTE_MIN_SIZE, s - _STEP)
        lines = wrap_words(text, font, s, max_width, max_lines) if max_lines > 1 else None
        if lines is None and _width(text, font, s) <= max_width:
            lines = (text,)
        if lines:
            return Fitted(text, font, s, lines, max(_width(line, font, s) for line in lines), True)
    # Pathological (too much text even at 5 pt): split into ``max_lines`` lines of about equal
    # length and scale the size down until the widest fits.
    words = text.split(" ")
    count = max(1, min(max_lines, len(words)))
    per = -(-len(words) // count)
    lines = tuple(" ".join(words[i:i + per]) for i in range(0, len(words), per))
    widest = max(_width(line, font, ABSOLUTE_MIN_SIZE) for line in lines) or 1.0
    s = ABSOLUTE_MIN_SIZE * min(1.0, max_width / widest) * 0.999
    return Fitted(text, font, s, lines, max(_width(line, font, s) for line in lines), True)
