"""Importing households from the Excel lists communes already keep: the API the wizard builds on.

Three steps, each a plain function that may run off the UI thread (``report(done, total)`` and
``cancelled()`` as in :mod:`app.tasks`):

1. :func:`read_households` (path → :class:`ImportPlan`): opens the file safely, converts TCVN3/VNI
   text, finds the table on each sheet, guesses the columns and groups rows into households. No
   database. :func:`sheet_names` lists the sheets first if the wizard wants to ask. For each
   ``plan.sheets[i]`` (:class:`SheetPlan`) the wizard shows ``guess.header_row``/``data_row``,
   ``guess.headers`` (the header text of each column), ``mapping`` (field → column; labels from
   :data:`FIELDS` / :func:`field_label`), ``layout`` (:data:`PER_PERSON` / :data:`PER_HOUSEHOLD`),
   ``village`` and ``village_source``, ``legacy`` (what was converted, with before/after samples),
   and may show the converted cells from ``plan.sheets_raw[name].rows``. :func:`remap` re-reads one
   sheet with the user's :class:`SheetOptions` (mapping, layout, village, first data row) from
   memory; ``plan.skipped_sheets`` says which sheets had no table and why.
2. :func:`match_plan` (db, plan → :class:`ImportPreview`): per household (:class:`HouseholdPreview`)
   and person (:class:`PersonPreview`) the status :data:`NEW` / :data:`UPDATE` (with
   :class:`FieldChange` old → new) / :data:`UNCHANGED` / :data:`REFUSED`, the villages to create,
   counts per village and per sheet, and every problem by sheet, row and field
   (:attr:`ImportProblem.text`: "Dòng 57: năm sinh “19855” không hợp lệ."). ``preview.fix(sheet,
   row, field, value)``, ``preview.skip(sheet, row)`` and ``preview.choose_sheet(sheet, chosen)``
   correct it in place without reading the file or the database again.
3. :func:`commit` (db, preview, report, cancelled → :class:`ImportResult`): one transaction after
   a backup; rows with errors are left out; raises Cancelled / PreviewOutdated with nothing written.

Refused files raise :class:`WorkbookError` with a message for the user. :func:`preview_file`
chains 1 and 2 for the command line and tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.db.engine import Database
from app.exchange.errors import Cancelled, PreviewOutdated, WorkbookError
from app.exchange.import_commit import ImportResult, commit
from app.exchange.import_match import (
    NEW,
    REFUSED,
    UNCHANGED,
    UPDATE,
    FieldChange,
    HouseholdPreview,
    ImportPreview,
    PersonPreview,
    match_plan,
)
from app.exchange.import_model import (
    ImportPlan,
    ImportProblem,
    PlannedHousehold,
    PlannedPerson,
    SheetOptions,
    SheetPlan,
)
from app.exchange.import_read import read_households, refresh, remap
from app.exchange.table_detect import (
    FIELDS,
    PER_HOUSEHOLD,
    PER_PERSON,
    ColumnMapping,
    TableGuess,
    field_label,
)
from app.exchange.workbook import sheet_names

__all__ = [
    "FIELDS", "PER_PERSON", "PER_HOUSEHOLD", "NEW", "UPDATE", "UNCHANGED", "REFUSED",
    "ColumnMapping", "TableGuess", "SheetOptions", "SheetPlan", "ImportPlan", "ImportProblem",
    "PlannedHousehold", "PlannedPerson", "ImportPreview", "HouseholdPreview", "PersonPreview", "FieldChange",
    "ImportResult", "WorkbookError", "Cancelled", "PreviewOutdated",
    "sheet_names", "read_households", "remap", "refresh", "match_plan", "commit", "preview_file", "field_label",
]


def preview_file(
    db: Database,
    path: str | Path,
    sheets: list[str] | None = None,
    *,
    today: date | None = None,
    report: Callable[[int, int], None] = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportPreview:
    """Read ``path`` with the guessed mappings and match it against ``db``.
    Raises WorkbookError (file refused), Cancelled."""
    plan = read_households(path, sheets, today=today, report=report, cancelled=cancelled)
    if cancelled():
        raise Cancelled()
    return match_plan(db, plan, today)
