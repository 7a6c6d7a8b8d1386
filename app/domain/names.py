"""Splitting and joining Vietnamese personal names: họ (family), chữ đệm (middle), tên (given).

Splitting is a guess the user corrects in the form: the first word is the family name, the last the
given name and the rest the middle names. Only a few two-word family names are recognised, those
that are clearly family names and not a family name followed by a common middle name (so
"Nguyễn Phúc", where Phúc is a frequent middle name, is not on the list). Minority naming systems
(for example Ê Đê "Y Ngông Niê Kdăm", clan name last) are not guessed at.
"""

from __future__ import annotations

from app.domain.text import nfc

__all__ = ["COMPOUND_FAMILY_NAMES", "split_full_name", "join_name"]

# Two-word family names, compared in lower-case NFC with their diacritics.
COMPOUND_FAMILY_NAMES: frozenset[str] = frozenset(
    {
        "tôn nữ",  # descendants of the Nguyễn royal family (women)
        "tôn thất",  # descendants of the Nguyễn royal family (men)
        "âu dương",  # Sino-Vietnamese compound
        "tư mã",  # Sino-Vietnamese compound
    }
)


def split_full_name(full: str | None) -> tuple[str, str, str]:
    """``(family, middle, given)`` guessed from a full name, each NFC.

    "Nguyễn Thị Hương" → ("Nguyễn", "Thị", "Hương"); "Hương" → ("", "", "Hương");
    "Tôn Nữ Thu Hà" → ("Tôn Nữ", "Thu", "Hà"). A compound family name is only taken when at
    least one word is left for the given name.
    """
    text = nfc(full)
    words = text.split(" ") if text else []
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    family_words = 1
    if len(words) >= 3 and " ".join(words[:2]).lower() in COMPOUND_FAMILY_NAMES:
        family_words = 2
    family = " ".join(words[:family_words])
    return family, " ".join(words[family_words:-1]), words[-1]


def join_name(family: str | None, middle: str | None, given: str | None) -> str:
    """The full name "family middle given" in NFC, skipping empty parts."""
    return " ".join(p for p in (nfc(family), nfc(middle), nfc(given)) if p)
