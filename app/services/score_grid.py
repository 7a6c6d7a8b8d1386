"""The village grid (rows = subjects, columns = indicators) on screen and as a spreadsheet.

:func:`village_grid` gives a screen everything in one call; :func:`row_result` recomputes one row
as a score is typed, without the database. :func:`export_sheet` writes the same grid as an .xlsx
scoring sheet (indicator columns with their maximum in the header, the assessments' UUIDs in a
hidden column, the round and set in a hidden sheet) to be filled on paper or in Excel;
:func:`import_sheet` reads it back, checks every cell and writes all changes or none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from app.db.engine import Database
from app.domain.criteria import (
    SAMPLE_LABEL,
    CriteriaSet,
    Precondition,
    parse_document,
    points_text,
    title_name,
)
from app.domain.scoring import Evaluation, effective_points, evaluate_row
from app.i18n import N_, _
from app.models import Assessment, AssessmentRound
from app.models import CriteriaSet as CriteriaSetRow
from app.services import scoring
from app.services.errors import NotFound, Problem, ValidationFailed
from app.services.subjects import SubjectLabel, labels, subject_villages

SHEET_FORMAT = "tthtcd-score-sheet"
META_SHEET = "_tthtcd"
HEADER_ROW = 3
FIRST_ROW = 4
FIXED = ("uuid", N_("STT"), N_("Mã"), N_("Tên"), N_("Thôn, bản"))

@dataclass(frozen=True)
class GridColumn:
    code: str
    title_vi: str
    max_points: float
    derived: bool
    mandatory: bool
    floor: float | None


@dataclass(frozen=True)
class GridRow:
    assessment_id: int
    subject: SubjectLabel
    status: str
    locked: bool
    points: tuple[float | None, ...]
    overridden: tuple[bool, ...]
    preconditions: tuple[bool | None, ...]
    evaluation: Evaluation
    passed: bool


@dataclass(frozen=True)
class Grid:
    """A round's subjects in one village as rows, its indicators as columns (in set order)."""

    round_id: int
    year: int
    title_code: str
    criteria_set: CriteriaSet
    columns: tuple[GridColumn, ...]
    precondition_columns: tuple[Precondition, ...]
    rows: tuple[GridRow, ...]


def village_grid(db: Database, round_id: int, village_id: int | None) -> Grid:
    """The grid of a round for one village (every subject when ``village_id`` is None), one query
    for the assessments and one for the names. Raises NotFound for an unknown round."""
    with db.session() as s:
        r = s.get(AssessmentRound, round_id)
        if r is None:
            raise NotFound(round_id)
        cs = parse_document(s.get(CriteriaSetRow, r.criteria_set_id).document)
        kind = cs.subject_kind
        col = Assessment.subject_column(kind)
        q = select(Assessment.id, col, Assessment.status, Assessment.locked, Assessment.scores, Assessment.preconditions,
                   Assessment.passed).where(Assessment.round_id == r.id)
        if village_id is not None:
            inside = [sid for sid, vid in subject_villages(s, kind, existing_only=False) if vid == village_id]
            q = q.where(col.in_(inside)) if len(inside) <= 30000 else q
        rows = s.execute(q).all()
        names = labels(s, kind, [row[1] for row in rows])
        codes = [i.code for i in cs.indicators]
        grid_rows = [_grid_row(cs, codes, row, names[row[1]]) for row in rows if row[1] in names]
        grid_rows.sort(key=lambda g: g.subject.order)
        columns = tuple(GridColumn(i.code, i.title_vi, i.max_points, i.derivation is not None, i.mandatory, i.floor)
                        for i in cs.indicators)
        return Grid(r.id, r.year, r.title_code, cs, columns, cs.preconditions, tuple(grid_rows))


def _grid_row(cs: CriteriaSet, codes: list[str], row, label: SubjectLabel) -> GridRow:
    aid, _sid, status, locked, scores_text, pre_text, passed = row
    scores, pre = json.loads(scores_text), json.loads(pre_text)
    points = tuple(effective_points(scores.get(c)) for c in codes)
    pres = tuple(pre.get(p.code) for p in cs.preconditions)
    return GridRow(aid, label, status, locked, points, tuple("r" in (scores.get(c) or {}) for c in codes), pres,
                   row_result(cs, points, pres), passed)


def row_result(cs: CriteriaSet, points: Sequence[float | None], preconditions: Sequence[bool | None] = ()) -> Evaluation:
    """Total and pass state of a grid row (points in column order, preconditions in set order);
    pure and fast (microseconds), for updating a row as a score is typed."""
    met = {p.code: v for p, v in zip(cs.preconditions, preconditions, strict=False)}
    return evaluate_row(cs, [i.code for i in cs.indicators], points, met)


# ---------------------------------------------------------------- the spreadsheet


@dataclass(frozen=True)
class SheetImport:
    """What an import found: rows read, values changed (or that would change with a dry run)."""

    rows: int
    changes: int
    dry_run: bool


_GREY = PatternFill("solid", fgColor="DDDDDD")
_LOCKED = PatternFill("solid", fgColor="EEEEFF")


def export_sheet(db: Database, round_id: int, path: Path, village_id: int | None = None) -> int:
    """Write the round's scoring sheet (one village, or all subjects) to ``path``; returns the rows
    written. Derived columns are grey (changed in the program, with a reason); decided rows blue."""
    grid = village_grid(db, round_id, village_id)
    with db.session() as s:
        r = s.get(AssessmentRound, round_id)
        set_row = s.get(CriteriaSetRow, r.criteria_set_id)
        uuids = dict(s.execute(select(Assessment.id, Assessment.uuid).where(Assessment.round_id == r.id)).all())
        round_uuid, set_code, set_version, status = r.uuid, set_row.code, set_row.version, set_row.status
    wb = Workbook()
    ws = wb.active
    ws.title = _("Chấm điểm")
    ws["A1"] = _("PHIẾU CHẤM ĐIỂM {title} NĂM {year}").format(title=title_name(grid.title_code).upper(), year=grid.year)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = grid.criteria_set.name_vi + (f" — {_(SAMPLE_LABEL)}" if status == "sample" else "")
    heads = [FIXED[0], *(_(h) for h in FIXED[1:])] + [f"{c.code}\n" + (_("(tối đa {max}, tự tính)") if c.derived else _("(tối đa {max})")).format(
        max=points_text(c.max_points)) for c in grid.columns]
    heads += [f"{p.code}\n" + _("(có / không)") for p in grid.precondition_columns] + [_("Tổng")]
    for k, text in enumerate(heads, start=1):
        cell = ws.cell(HEADER_ROW, k, text)
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for n, row in enumerate(grid.rows, start=1):
        _write_row(ws, FIRST_ROW + n - 1, n, uuids[row.assessment_id], row, grid)
    ws.column_dimensions["A"].hidden = True
    for k, width in ((2, 5), (3, 12), (4, 28), (5, 18)):
        ws.column_dimensions[get_column_letter(k)].width = width
    ws.freeze_panes = ws.cell(FIRST_ROW, len(FIXED) + 1)
    meta = wb.create_sheet(META_SHEET)
    meta.append([SHEET_FORMAT, 1])
    meta.append(["round", round_uuid])
    meta.append(["set", set_code, set_version])
    meta.append(["indicators", *[c.code for c in grid.columns]])
    meta.append(["preconditions", *[p.code for p in grid.precondition_columns]])
    meta.sheet_state = "hidden"
    wb.save(path)
    return len(grid.rows)


def _write_row(ws, excel_row: int, n: int, uuid: str, row: GridRow, grid: Grid) -> None:
    values = [uuid, n, row.subject.code, row.subject.name, row.subject.village_name, *row.points]
    values += [None if v is None else (_("có") if v else _("không")) for v in row.preconditions]
    for k, v in enumerate(values, start=1):
        ws.cell(excel_row, k, v)
    first, last = len(FIXED) + 1, len(FIXED) + len(grid.columns)
    ws.cell(excel_row, len(values) + 1, f"=SUM({get_column_letter(first)}{excel_row}:{get_column_letter(last)}{excel_row})")
    for k, col in enumerate(grid.columns, start=first):
        if row.locked or col.derived:
            ws.cell(excel_row, k).fill = _LOCKED if row.locked else _GREY


def _meta(wb) -> dict[str, list]:
    if META_SHEET not in wb.sheetnames:
        raise ValidationFailed([Problem("file", _("Tệp không phải phiếu chấm điểm do chương trình xuất."))])
    rows = {r[0]: list(r[1:]) for r in wb[META_SHEET].iter_rows(values_only=True) if r and r[0]}
    if SHEET_FORMAT not in rows:
        raise ValidationFailed([Problem("file", _("Tệp không phải phiếu chấm điểm do chương trình xuất."))])
    return rows


def import_sheet(db: Database, path: Path, dry_run: bool = False, by: str = "") -> SheetImport:
    """Read a filled scoring sheet back. Empty cells change nothing. Every cell is checked first
    (a number within 0..max; derived columns and decided rows unchanged; "có"/"không" for
    preconditions) and ValidationFailed lists the problems as "Dòng 12, cột 'TC1.2': …" with
    nothing written; otherwise all changes are written in one transaction (none with ``dry_run``)."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ValidationFailed([Problem("file", _("Không đọc được tệp {name}: {err}").format(
            name=Path(path).name, err=exc))]) from exc
    meta = _meta(wb)
    codes = [c for c in meta.get("indicators", []) if c]
    pre_codes = [c for c in meta.get("preconditions", []) if c]
    data = list(wb.worksheets[0].iter_rows(min_row=FIRST_ROW, values_only=True))
    wb.close()
    with db.session() as s:
        r = s.scalar(select(AssessmentRound).where(AssessmentRound.uuid == (meta.get("round") or [""])[0]))
        if r is None:
            raise ValidationFailed([Problem("file", _("Đợt đánh giá của phiếu không có trong cơ sở dữ liệu này."))])
        set_row = s.get(CriteriaSetRow, r.criteria_set_id)
        if [set_row.code, set_row.version] != (meta.get("set") or [])[:2]:
            raise ValidationFailed([Problem("file", _("Bộ tiêu chí của đợt đã đổi sau khi xuất phiếu; hãy xuất phiếu mới."))])
        cs = parse_document(set_row.document)
        current = {u: (i, json.loads(sc), json.loads(pre), locked) for i, u, sc, pre, locked in s.execute(
            select(Assessment.id, Assessment.uuid, Assessment.scores, Assessment.preconditions, Assessment.locked)
            .where(Assessment.round_id == r.id))}
    reader = _Reader(cs, codes, pre_codes, current)
    for k, values in enumerate(data, start=FIRST_ROW):
        reader.row(k, values)
    if reader.problems:
        raise ValidationFailed(reader.problems[:50])
    n = scoring.set_scores(db, reader.changes, by, dry_run, reader.preconditions)
    return SheetImport(reader.rows, n, dry_run)


class _Reader:
    """Turns sheet rows into score and precondition changes, collecting problems by row and column."""

    def __init__(self, cs: CriteriaSet, codes: list[str], pre_codes: list[str], current: dict):
        self.cs, self.codes, self.pre_codes, self.current = cs, codes, pre_codes, current
        self.changes: list[scoring.ScoreChange] = []
        self.preconditions: list[scoring.PreconditionChange] = []
        self.problems: list[Problem] = []
        self.rows = 0

    def problem(self, row: int, col: str, message: str) -> None:
        text = _("Dòng {row}, cột '{col}': {msg}").format(row=row, col=col, msg=message) if col else \
            _("Dòng {row}: {msg}").format(row=row, msg=message)
        self.problems.append(Problem(col or "row", text, row=row))

    def row(self, k: int, values: tuple) -> None:
        if not values or not values[0]:
            return
        if values[0] not in self.current:
            self.problem(k, "", _("không tìm thấy đối tượng của dòng này trong đợt đánh giá."))
            return
        self.rows += 1
        aid, scores, pre, locked = self.current[values[0]]
        cells = list(values[len(FIXED):]) + [None] * (len(self.codes) + len(self.pre_codes))
        before = len(self.changes) + len(self.preconditions)
        for code, cell in zip(self.codes, cells, strict=False):
            self.score(k, aid, scores, code, cell)
        for code, cell in zip(self.pre_codes, cells[len(self.codes):], strict=False):
            self.precondition(k, aid, pre, code, cell)
        if locked and len(self.changes) + len(self.preconditions) > before:
            self.problem(k, "", _("đã có quyết định công nhận; mở lại (có lý do) trong chương trình trước khi sửa."))

    def score(self, k: int, aid: int, scores: dict, code: str, cell) -> None:
        ind = self.cs.indicator(code)
        points, error = _number(cell)
        if error:
            self.problem(k, code, error)
        elif points is None or ind is None or points == effective_points(scores.get(code)):
            return
        elif points < 0:
            self.problem(k, code, _("điểm {p} không được âm").format(p=points_text(points)))
        elif points > ind.max_points:
            self.problem(k, code, _("điểm {p} vượt quá điểm tối đa {max}").format(
                p=points_text(points), max=points_text(ind.max_points)))
        elif ind.derivation is not None:
            self.problem(k, code, _("chỉ số tính từ dữ liệu; muốn ghi đè hãy sửa trong chương trình và ghi lý do"))
        else:
            self.changes.append(scoring.ScoreChange(aid, code, points, row=k))

    def precondition(self, k: int, aid: int, pre: dict, code: str, cell) -> None:
        if cell is None or str(cell).strip() == "":
            return
        text = str(cell).strip().lower()
        met = True if text in _YES else False if text in _NO else None
        if met is None:
            self.problem(k, code, _("ghi “có” hoặc “không”, không phải “{x}”").format(x=cell))
        elif met != pre.get(code):
            self.preconditions.append(scoring.PreconditionChange(aid, code, met, row=k))


_YES = {"có", "co", "x", "1", "true", "đạt", "dat", "yes"}
_NO = {"không", "khong", "0", "false", "chưa", "chua", "no"}


def _number(cell) -> tuple[float | None, str | None]:
    """(points, error): None for an empty cell; "7,5" and "7.5" both read as 7.5."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, None
    if isinstance(cell, bool):
        return None, _("“{x}” không phải là số").format(x=cell)
    if isinstance(cell, (int, float)):
        return float(cell), None
    try:
        return float(str(cell).strip().replace(",", ".")), None
    except ValueError:
        return None, _("“{x}” không phải là số").format(x=cell)
