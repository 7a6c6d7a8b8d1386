"""The plain data of a household import: problems, planned households and persons, sheet plans.

An :class:`ImportPlan` is what the file says, read and checked on its own (no database); the
matching step (:mod:`app.exchange.import_match`) turns it into a preview of what would change.
All rows are Excel's 1-based row numbers; fields are the mapping's field names
(:data:`app.exchange.table_detect.FIELDS`), so a problem points at the cell to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.exchange.legacy import LegacyReport
from app.exchange.table_detect import ColumnMapping, TableGuess
from app.exchange.workbook import Sheet
from app.i18n import _
from app.services.people import PersonInput

ERROR = "error"
WARNING = "warning"


def _lower_first(message: str) -> str:
    """"Năm sinh …" → "năm sinh …" to follow "Dòng 57: ". Messages never start with a name."""
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        return message[0].lower() + message[1:]
    return message


@dataclass(frozen=True)
class ImportProblem:
    """One problem of one cell or row: ``row`` is Excel's row (0 for the whole sheet), ``field`` a
    mapping field ("" for the row), ``message`` a sentence; ``error`` refuses the row."""

    sheet: str
    row: int
    field: str
    message: str
    level: str = ERROR

    @property
    def text(self) -> str:
        """"Dòng 57: năm sinh “19855” không hợp lệ." (the sheet is shown by the grouping)."""
        if not self.row:
            return self.message
        return _("Dòng {row}: {message}").format(row=self.row, message=_lower_first(self.message))

    @property
    def located(self) -> str:
        """The text with the sheet: "Trang “Nà Sản”, dòng 57: năm sinh …"."""
        if not self.row:
            return _("Trang “{sheet}”: {message}").format(sheet=self.sheet, message=_lower_first(self.message))
        return _("Trang “{sheet}”, dòng {row}: {message}").format(
            sheet=self.sheet, row=self.row, message=_lower_first(self.message))


@dataclass
class PlannedPerson:
    """A person row: the cleaned input, its problems and the raw values read (after fixes)."""

    sheet: str
    row: int
    data: PersonInput
    raw: dict[str, Any] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return any(p.level == ERROR for p in self.problems)


@dataclass
class PlannedHousehold:
    """A household as the file groups it. ``village`` is the name found for it ("" if none) and
    ``village_source`` where it came from: column, section, title, sheet or chosen (by the user).
    ``head_missing`` is settled by matching (an existing household keeps its head)."""

    sheet: str
    row: int
    code: str = ""
    village: str = ""
    village_source: str = ""
    address: str = ""
    members: list[PlannedPerson] = field(default_factory=list)
    declared_members: int | None = None
    head_missing: bool = False

    @property
    def head(self) -> PlannedPerson | None:
        return next((m for m in self.members if m.data.relation == "head" and not m.refused), None)

    @property
    def accepted(self) -> list[PlannedPerson]:
        return [m for m in self.members if not m.refused]

    @property
    def rows(self) -> list[int]:
        return [m.row for m in self.members]


@dataclass(frozen=True)
class SheetOptions:
    """The user's choices for one sheet; None keeps the guess."""

    mapping: ColumnMapping | None = None
    layout: str | None = None
    village: str | None = None
    data_row: int | None = None


@dataclass
class SheetPlan:
    """One sheet read with a mapping: its households, problems, and what was ignored (subtotal,
    signature and note rows, kept in ``ignored_rows`` without being reported as errors)."""

    name: str
    guess: TableGuess
    mapping: ColumnMapping
    layout: str
    data_row: int
    village: str
    village_source: str
    legacy: LegacyReport
    households: list[PlannedHousehold] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    ignored_rows: list[int] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    last_row: int = 0

    @property
    def persons(self) -> list[PlannedPerson]:
        return [m for h in self.households for m in h.members]

    def all_problems(self) -> list[ImportProblem]:
        found = list(self.problems) + [p for m in self.persons for p in m.problems]
        return sorted(found, key=lambda p: (p.row, p.level != ERROR))


@dataclass
class ImportPlan:
    """What a workbook says: one :class:`SheetPlan` per sheet with a table; ``skipped_sheets``
    lists ``(name, reason)`` of the others. ``sheets_raw`` keeps the converted cells so a sheet
    can be read again with another mapping (:func:`app.exchange.import_read.remap`) or with fixes."""

    path: Path
    sheets: list[SheetPlan] = field(default_factory=list)
    skipped_sheets: list[tuple[str, str]] = field(default_factory=list)
    sheets_raw: dict[str, Sheet] = field(default_factory=dict)
    options: dict[str, SheetOptions] = field(default_factory=dict)
    fixes: dict[tuple[str, int, str], Any] = field(default_factory=dict)
    skips: set[tuple[str, int]] = field(default_factory=set)
    excluded: set[str] = field(default_factory=set)

    def sheet(self, name: str) -> SheetPlan:
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def chosen_sheets(self) -> list[SheetPlan]:
        """The sheets with a table that the user has not left out (see ``excluded``)."""
        return [s for s in self.sheets if s.name not in self.excluded]

    @property
    def households(self) -> list[PlannedHousehold]:
        return [h for s in self.chosen_sheets for h in s.households]

    def problems(self) -> list[ImportProblem]:
        """Every problem of the chosen sheets, by sheet then row (errors before warnings on a row)."""
        return [p for s in self.chosen_sheets for p in s.all_problems()]
