"""Vietnamese text: normal form, matching keys, search and alphabetical sort keys.

Three kinds of derived strings are used across the program:

* :func:`nfc` is what is *stored and displayed*: NFC, trimmed, single spaces.
* :func:`fold` / :func:`search_key` are for *matching* (search, duplicates): no marks at all, đ → d,
  lower case. Both tone placements (hòa/hoà, thủy/thuỷ) and NFC/NFD input fold equal.
* :func:`sort_key` / :func:`person_sort_key` are for *ordering* in Vietnamese alphabet order with
  plain binary comparison, so they can be stored in a column and sorted by SQLite's BINARY collation.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = [
    "nfc",
    "fold",
    "search_key",
    "search_tokens",
    "matches",
    "sort_key",
    "person_sort_key",
    "title_case_name",
]

# Characters removed outright: zero-width space/joiners and the BOM that Excel exports carry.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))

# fold(): every combining mark is dropped; đ and the look-alike eth (Ð, used for Đ in some legacy
# data) become d.
_FOLD_TABLE: dict[int, int | str | None] = {
    **dict.fromkeys(range(0x0300, 0x0370)),
    **dict.fromkeys(range(0x1AB0, 0x1B00)),
    **dict.fromkeys(range(0x1DC0, 0x1E00)),
    **dict.fromkeys(range(0x20D0, 0x2100)),
    **dict.fromkeys(range(0xFE20, 0xFE30)),
    **_INVISIBLE,
    ord("đ"): "d",
    ord("Đ"): "d",
    ord("ð"): "d",
    ord("Ð"): "d",
}

# search_key(): characters that also separate words, so "Bru-Vân Kiều" matches "van".
_SEARCH_SEPARATORS = str.maketrans({c: " " for c in "-/(),;"})


def nfc(s: str | None) -> str:
    """The stored form of a text: NFC, no zero-width characters, trimmed, every run of whitespace
    (including NBSP, tabs and line breaks) collapsed to one space. ``None`` gives ``""``."""
    if not s:
        return ""
    return " ".join(unicodedata.normalize("NFC", s).translate(_INVISIBLE).split())


def fold(s: str | None) -> str:
    """The matching form: no diacritics at all, ``đ`` → ``d``, lower case, single spaces.

    ``fold("Nguyễn Thị Hòa") == fold("nguyễn thị hoà") == "nguyen thi hoa"``; ``fold("Đào") == "dao"``.
    """
    if not s:
        return ""
    return " ".join(unicodedata.normalize("NFD", s).translate(_FOLD_TABLE).lower().split())


def search_key(*parts: str | None) -> str:
    """The stored search column for a row: the folded parts joined by spaces, with ``- / ( ) , ;``
    also turned into word breaks. Empty parts are skipped."""
    text = " ".join(p for p in parts if p)
    return " ".join(fold(text).translate(_SEARCH_SEPARATORS).split())


def search_tokens(query: str | None) -> list[str]:
    """The folded words of a search query, split the same way as :func:`search_key`."""
    return search_key(query).split()


def matches(folded_text: str, tokens: list[str]) -> bool:
    """True when every token begins some word of ``folded_text`` (a :func:`search_key` value).

    ``matches(search_key("Nguyễn Thị Hương"), ["ng", "th", "h"])`` is True;
    ``matches(search_key("Thương"), ["huong"])`` is False. No tokens match everything.
    Plain substring search, no regex: this runs on every row for every keystroke.
    """
    text = " " + folded_text
    for token in tokens:
        if text.find(" " + token) < 0:
            return False
    return True


# --- Sorting ---------------------------------------------------------------------------------------

# Separator between a field or level of a key: lower than any primary character.
_SEP = "!"
_SPACE = "#"  # a space: sorts before everything else, so "An" < "An Bình" < "Anh"
_PUNCT = "$"  # any other punctuation or symbol
# Digits keep their own characters "0".."9"; letters start at "A" (all above "9").
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER = {letter: chr(ord("A") + i) for i, letter in enumerate(_ALPHABET)}
_LETTER["ð"] = _LETTER["đ"]  # eth typed for Đ in legacy data
_LETTER.update({d: d for d in "0123456789"})

# Marks that make a separate Vietnamese letter from a base letter.
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tones, secondary level: none 0, huyền 1, hỏi 2, ngã 3, sắc 4, nặng 5; any other mark 6.
_TONE = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_OTHER_MARK = 6


@lru_cache(maxsize=65536)
def _levels(s: str) -> tuple[str, str]:
    """(primary, tones) of a text: one primary character per letter, digit, space or symbol, and
    one tone digit per word (a word is a run of letters and digits). A Vietnamese syllable carries
    at most one tone, so where the mark sits (hòa/hoà) does not matter."""
    primary: list[str] = []
    tones: list[str] = []
    base = ""  # the last letter, while marks may still modify it
    tone = -1  # tone of the current word, -1 outside a word
    for ch in " ".join(unicodedata.normalize("NFD", s).translate(_INVISIBLE).lower().split()):
        if unicodedata.combining(ch):
            if tone < 0:
                continue  # a stray mark after a space or symbol
            letter = _MODIFIED.get((base, ch))
            if letter:
                primary[-1], base = _LETTER[letter], letter
            elif tone == 0:
                tone = _TONE.get(ch, _OTHER_MARK)
            continue
        code = _LETTER.get(ch) or (ch if ch.isalnum() else None)
        if code:
            primary.append(code)
            base = ch
            tone = max(tone, 0)
            continue
        if tone >= 0:
            tones.append(str(tone))
        primary.append(_SPACE if ch == " " else _PUNCT)
        base, tone = "", -1
    if tone >= 0:
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def sort_key(s: str | None) -> str:
    """A key whose binary order (Python ``<``, SQLite BINARY) is Vietnamese alphabetical order.

    Letters first (a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z, case ignored,
    digits before letters, a space before any letter), then tones as a second level in the order
    none, huyền, hỏi, ngã, sắc, nặng: ``Hà < Hai < Hải < Hào``. NFD input and both tone placements
    give the same key. Letters outside the alphabet sort after z by code point.
    """
    primary, tones = _levels(s or "")
    return primary + _SEP + tones


def person_sort_key(given: str | None, middle: str | None, family: str | None) -> str:
    """The order of Vietnamese lists of people: by given name, then middle names, then family
    name, comparing the letters of all three before any tone."""
    parts = [_levels(p or "") for p in (given, middle, family)]
    return _SEP.join([p for p, _ in parts] + [t for _, t in parts])


# --- Names -----------------------------------------------------------------------------------------


def _capitalise_word(word: str) -> str:
    """One word capitalised: "nguyễn" → "Nguyễn", "h'hen" → "H'Hen", "bru-vân" → "Bru-Vân"."""
    chars = list(word.lower())
    for i, ch in enumerate(chars):
        if i == 0 or chars[i - 1] == "-" or (i == 2 and chars[1] in "'’"):
            chars[i] = ch.upper()
    return "".join(chars)


def title_case_name(s: str | None) -> str:
    """A name with each word capitalised and the rest lower case, in NFC:
    ``"nguyễn THỊ hương"`` → ``"Nguyễn Thị Hương"``. A letter after a hyphen, or after an apostrophe
    in second place (Ê Đê ``H'Hen``), is capitalised too."""
    return " ".join(_capitalise_word(w) for w in nfc(s).split(" ") if w)
