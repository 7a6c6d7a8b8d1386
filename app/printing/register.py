"""The certificate register (sổ cấp giấy công nhận) as plain data and rules, without storage.

Every award (one subject recognised with one title in one decision, named by a stable
``award_key`` such as the decision-subject uuid) gets exactly one number in its year's register:
numbers run 1, 2, 3… per calendar year in the order the awards are issued. Issuing an award that is
already in the register returns its entry unchanged — never a second number. A reprint keeps the
number, adds a :class:`Reprint` with its date and a required reason, and the certificate is marked
"Cấp lại lần N". The database service stores the entries; these functions decide what to store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from app.domain.text import nfc
from app.i18n import _

__all__ = ["Award", "Reprint", "RegisterEntry", "RegisterError", "next_number", "issue", "record_reprint"]


class RegisterError(ValueError):
    """A register rule was broken; ``str()`` is a Vietnamese message."""


@dataclass(frozen=True)
class Award:
    """What the decision recognised, as the register records it."""

    award_key: str
    recipient: str
    title_code: str
    village: str
    decision_number: str
    decision_date: date


@dataclass(frozen=True)
class Reprint:
    count: int  # 1 for the first reprint
    on: date
    reason: str


@dataclass(frozen=True)
class RegisterEntry:
    year: int
    number: int
    award_key: str
    recipient: str
    title_code: str
    village: str
    decision_number: str
    decision_date: date
    issued_on: date
    reprints: tuple[Reprint, ...] = ()

    @property
    def reprint_count(self) -> int:
        return len(self.reprints)


def next_number(entries: Iterable[RegisterEntry], year: int) -> int:
    """The next free number of ``year``'s register (1 for an empty year)."""
    return max((e.number for e in entries if e.year == year), default=0) + 1


def issue(entries: Sequence[RegisterEntry], awards: Iterable[Award], year: int,
          issued_on: date) -> tuple[list[RegisterEntry], list[RegisterEntry]]:
    """Number the awards of a batch, in the given order: ``(new entries, entries already issued)``.

    An award whose ``award_key`` is already in any year's register is returned among the second
    list with its old number (print it as a reprint only through :func:`record_reprint`). The same
    key twice in ``awards`` is numbered once. Raises :class:`RegisterError` for an empty key."""
    by_key = {e.award_key: e for e in entries}
    number = next_number(entries, year)
    new: list[RegisterEntry] = []
    old: list[RegisterEntry] = []
    for award in awards:
        if not award.award_key:
            raise RegisterError(_("Thiếu mã của lượt công nhận “{name}”.").format(name=award.recipient))
        existing = by_key.get(award.award_key)
        if existing is not None:
            if existing not in old and existing not in new:
                old.append(existing)
            continue
        entry = RegisterEntry(year, number, award.award_key, nfc(award.recipient), award.title_code,
                              nfc(award.village), nfc(award.decision_number), award.decision_date, issued_on)
        by_key[award.award_key] = entry
        new.append(entry)
        number += 1
    return new, old


def record_reprint(entry: RegisterEntry, reason: str, on: date) -> RegisterEntry:
    """The entry with one more reprint (same number). Raises :class:`RegisterError` without a
    reason or with a date before the first issue."""
    reason = nfc(reason)
    if not reason:
        raise RegisterError(_("Phải ghi lý do cấp lại giấy công nhận số {number}.").format(number=entry.number))
    if on < entry.issued_on:
        raise RegisterError(_("Ngày cấp lại không được trước ngày cấp lần đầu."))
    return replace(entry, reprints=entry.reprints + (Reprint(entry.reprint_count + 1, on, reason),))
