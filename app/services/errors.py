"""Typed errors and problems the services report; the UI turns them into messages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """A problem with one field of one record: ``level`` is ``error`` (refused) or ``warning``.

    ``row`` is the member's position in a household form (0-based) or a spreadsheet row, when it
    applies; ``link`` names a related record (for example a possible duplicate) as ``person:<id>``.
    """

    field: str
    message: str
    level: str = "error"
    row: int | None = None
    link: str | None = None


@dataclass
class ValidationFailed(Exception):
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(p.message for p in self.problems if p.level == "error")


class NotFound(LookupError):
    pass


class InUse(Exception):
    """A record cannot be removed because others refer to it; ``reasons`` say which."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def errors_of(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]
