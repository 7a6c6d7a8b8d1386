"""Text typed in the legacy Vietnamese encodings TCVN3 (ABC) and VNI-Windows, back to Unicode.

Old Excel files keep such text as the Windows-1252 characters of its bytes: TCVN3 with ``.VnTime``
fonts shows "Céng hoµ x· héi", VNI with ``VNI-Times`` fonts shows "Coäng hoøa xaõ hoäi". The
conversion tables are ``resources/reference/encodings/*.csv`` (copies of the project's researched
tables). Everything here is a pure function of strings, safe on any thread.

Deciding whether a cell is legacy text:

1. by its font (:func:`font_encoding`): ``.Vn…`` is TCVN3 and a name ending in ``H`` (``.VnTimeH``)
   is the upper-case variant, whose text is upper-cased after conversion; ``VNI-…`` is VNI;
2. else by the characters (:func:`guess_encoding`): each candidate conversion is scored by how many
   of its words are well-formed Vietnamese syllables, and a conversion is only taken when it reads
   clearly better than the text as it is. A sheet-level vote (:func:`sheet_encoding`) settles the
   short cells that read equally well both ways ("Hoà" is Unicode "Hoà" or VNI "Hồ").

Text holding a character that no legacy byte can show (ư, ơ, ă, đ, ễ …) is Unicode and is never
converted, whatever its font says. TCVN3 "ư" is byte 0xAD, the soft hyphen, which many tools drop:
convert from the file, not from pasted text.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from app.exchange.workbook import CellValue, Sheet
from app.paths import resources_dir

__all__ = [
    "TCVN3",
    "VNI",
    "font_encoding",
    "tcvn3_to_unicode",
    "vni_to_unicode",
    "convert",
    "guess_encoding",
    "sheet_encoding",
    "decode_text",
    "is_legacy_candidate",
    "LegacyReport",
    "decode_sheet",
]

TCVN3 = "tcvn3"
VNI = "vni"
_UPPER = "tcvn3_upper"  # internal: TCVN3 typed with an upper-case (…H) font

_FOLDER = "reference/encodings"


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (resources_dir() / _FOLDER / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _byte_chars(byte: int) -> set[str]:
    """The characters a legacy byte can appear as in a workbook: its Windows-1252 character and,
    for bytes Windows-1252 leaves undefined or that old files stored raw, its Latin-1 character."""
    chars = {chr(byte)}
    try:
        chars.add(bytes([byte]).decode("cp1252"))
    except UnicodeDecodeError:
        pass
    return chars


@cache
def _tcvn3_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for row in _csv_rows("tcvn3_to_unicode.csv"):
        byte = int(row["tcvn3_byte"], 16)
        target = "".join(chr(int(cp[2:], 16)) for cp in row["nfc_codepoints"].split())
        for ch in _byte_chars(byte):
            table[ord(ch)] = target
    return table


@cache
def _vni_table() -> tuple[re.Pattern[str], dict[str, str]]:
    mapping: dict[str, str] = {}
    for row in _csv_rows("vni_windows_to_unicode.csv"):
        raw = bytes(int(b, 16) for b in row["vni_bytes_hex"].split())
        target = row["unicode_nfc"]
        for text in {raw.decode("latin-1"), raw.decode("cp1252", errors="replace")}:
            if "\ufffd" not in text:
                mapping[text] = target
    keys = sorted(mapping, key=len, reverse=True)  # longest match first: "ôù" before "ô"
    return re.compile("|".join(map(re.escape, keys))), mapping


@cache
def _not_legacy() -> re.Pattern[str]:
    """Matches any character no legacy byte is shown as (outside Latin-1 and Windows-1252)."""
    chars: set[str] = set()
    for byte in range(256):
        chars |= _byte_chars(byte)
    return re.compile("[^" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def is_legacy_candidate(text: str) -> bool:
    """True when ``text`` has a non-ASCII character and every character could be a legacy byte:
    the only texts worth converting. Vietnamese Unicode nearly always fails (ư, ơ, ă, đ, ễ …)."""
    return not text.isascii() and _not_legacy().search(text) is None


@lru_cache(maxsize=1024)
def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font implies: ``"tcvn3"`` for ``.VnTime``, ``.VnArial``… (and the
    upper-case ``.VnTimeH``: see :func:`font_is_upper`), ``"vni"`` for ``VNI-Times``, ``VNI-Helve``…;
    ``None`` for any other font."""
    name = (font_name or "").strip()
    if name[:3].lower() == ".vn":
        return TCVN3
    if name[:4].upper() == "VNI-":
        return VNI
    return None


@lru_cache(maxsize=1024)
def font_is_upper(font_name: str | None) -> bool:
    """True for a TCVN3 upper-case font (``.VnTimeH``, ``.VnArialH``, ``.VnArial NarrowH``)."""
    name = (font_name or "").strip()
    return font_encoding(name) == TCVN3 and name.endswith("H")


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    """TCVN3 text shown as Windows-1252 characters → Unicode NFC. ``upper`` for text in an
    upper-case font (``.VnTimeH``), whose lower-case bytes are drawn as capitals.

    ``tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"``.
    """
    result = unicodedata.normalize("NFC", text.translate(_tcvn3_table()))
    return result.upper() if upper else result


def vni_to_unicode(text: str) -> str:
    """VNI-Windows text shown as Windows-1252 characters → Unicode NFC (longest match first).

    ``vni_to_unicode("Nguyeãn Thò Höông") == "Nguyễn Thị Hương"``.
    """
    pattern, mapping = _vni_table()
    return unicodedata.normalize("NFC", pattern.sub(lambda m: mapping[m.group(0)], text))


def convert(text: str, encoding: str | None, upper: bool = False) -> str:
    """``text`` converted from ``encoding`` (``"tcvn3"``, ``"vni"`` or None for no conversion)."""
    if encoding == TCVN3:
        return tcvn3_to_unicode(text, upper)
    if encoding == VNI:
        return vni_to_unicode(text)
    return text


# --- Scoring how Vietnamese a text reads ------------------------------------------------------------

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    r"(?:iêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|yêu|uêu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê"
    r"|[aăâeêioôơuưy])"
    r"(?:ch|ng|nh|[cmnpt])?$"
)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=8192)
def _word_valid(word: str) -> bool:
    """True when ``word`` (lower case, NFC) is a well-formed Vietnamese syllable with at most one tone."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for ch in decomposed if ch in _TONES)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return bool(_SYLLABLE.match(base))


def _score(text: str) -> int:
    """Well-formed non-ASCII words count +1, malformed ones −2, stray symbols (µ · ¸ …) −1 each.
    ASCII words say nothing either way and count 0."""
    score = 0
    for word in _WORD.findall(text.lower()):
        if not word.isascii():
            score += 1 if _word_valid(word) else -2
    for ch in text:
        if not ch.isascii() and not ch.isalpha() and not unicodedata.combining(ch) and not ch.isspace():
            score -= 1
    return score


@lru_cache(maxsize=65536)
def _scores(text: str) -> tuple[int, int, int]:
    """(as it is, as TCVN3, as VNI) for a legacy candidate text."""
    return _score(text), _score(tcvn3_to_unicode(text)), _score(vni_to_unicode(text))


def guess_encoding(text: str, prefer: str | None = None) -> str | None:
    """The encoding ``text`` reads best in, judged by its characters alone: ``"tcvn3"``, ``"vni"``
    or None (leave as it is). A conversion must read strictly better than the text as it is,
    except for the ``prefer``-red encoding (the sheet's vote), which wins ties."""
    if not is_legacy_candidate(text):
        return None
    plain, tcvn3, vni = _scores(text)
    best, best_score = (TCVN3, tcvn3) if tcvn3 >= vni else (VNI, vni)
    if tcvn3 == vni and prefer in (TCVN3, VNI):
        best = prefer  # the sheet's vote; without one, TCVN3 (the more common of the two)
    if best_score > plain:
        return best
    if prefer == best and best_score == plain and best_score > 0:
        return best
    return None


def sheet_encoding(texts: Iterable[str], sample: int = 2000) -> str | None:
    """The legacy encoding most text cells of a sheet read better in, or None.

    Looks at up to ``sample`` legacy-candidate texts; an encoding wins when it reads better than
    the plain text in more cells than not and than the other encoding."""
    votes = {TCVN3: 0, VNI: 0, None: 0}
    seen = 0
    for text in texts:
        if not is_legacy_candidate(text):
            continue
        votes[guess_encoding(text)] += 1
        seen += 1
        if seen >= sample:
            break
    best = max((TCVN3, VNI), key=lambda k: votes[k])
    return best if votes[best] > votes[None] and votes[best] > 0 else None


@lru_cache(maxsize=65536)
def decode_text(text: str, font_name: str | None = None, sheet_guess: str | None = None) -> tuple[str, str | None]:
    """``(unicode text, encoding used or None)`` for one cell's text and font name.

    A legacy font decides (text holding characters no legacy byte shows stays as it is);
    otherwise the characters decide, with ``sheet_guess`` (from :func:`sheet_encoding`) breaking
    ties. The result is NFC; trimming and spacing are left to the caller.
    """
    encoding = font_encoding(font_name)
    upper = font_is_upper(font_name)
    if encoding is not None:
        if not (is_legacy_candidate(text) or (upper and text.isascii())):
            return text, None
    elif is_legacy_candidate(text):
        encoding = guess_encoding(text, sheet_guess)
    if encoding is None:
        return text, None
    converted = convert(text, encoding, upper)
    return converted, (encoding if converted != text else None)


# --- Whole sheets ------------------------------------------------------------------------------------

MAX_SAMPLES = 12


@dataclass
class LegacyReport:
    """What :func:`decode_sheet` converted: cells per encoding, and a few ``(row, column, before,
    after)`` samples (1-based row, 0-based column) for the wizard to show."""

    converted: dict[str, int] = field(default_factory=dict)
    samples: list[tuple[int, int, str, str]] = field(default_factory=list)

    @property
    def encoding(self) -> str | None:
        """The encoding most converted cells were in, or None when nothing was converted."""
        return max(self.converted, key=self.converted.get) if self.converted else None

    @property
    def cells(self) -> int:
        return sum(self.converted.values())


def decode_sheet(sheet: Sheet) -> tuple[Sheet, LegacyReport]:
    """A copy of ``sheet`` whose legacy-encoded texts are Unicode (NFC), with a report.

    Cells in a legacy font are converted by their font; other cells by their characters, with the
    sheet's vote (:func:`sheet_encoding` over those cells) breaking ties."""
    vote = sheet_encoding(
        cell.value for row in sheet.rows for cell in row
        if isinstance(cell.value, str) and font_encoding(cell.font) is None
    )
    report = LegacyReport()
    rows: list[list[CellValue]] = []
    for r, row in enumerate(sheet.rows):
        out = row
        for c, cell in enumerate(row):
            if not isinstance(cell.value, str):
                continue
            text, encoding = decode_text(cell.value, cell.font or None, vote)
            if encoding is None:
                continue
            if out is row:
                out = list(row)
            out[c] = CellValue(text, cell.font)
            report.converted[encoding] = report.converted.get(encoding, 0) + 1
            if len(report.samples) < MAX_SAMPLES:
                report.samples.append((r + 1, c, cell.value, text))
        rows.append(out)
    return Sheet(sheet.name, rows, sheet.hidden, sheet.stopped_at), report
