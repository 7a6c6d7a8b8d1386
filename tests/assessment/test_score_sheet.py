"""The scoring sheet in-process: preconditions as "có"/"không", decided rows refused."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from app.services import decisions, rounds
from app.services.errors import ValidationFailed
from app.services.score_grid import export_sheet, import_sheet, village_grid
from tests.assessment.assessment_helpers import YEAR, confirm_samples, score_all


@pytest.fixture
def households(db, town, when):
    confirm_samples(db)
    r = rounds.open_round(db, YEAR, "GDHT")
    rounds.register_village(db, r.id, town.villages["Bản Nà Sản"], when, "Chi hội")
    return r


def _fill(path, row, values):
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for col, value in values.items():
        ws.cell(row, col).value = value
    wb.save(path)


def test_typed_scores_and_preconditions_come_back(db, town, households, tmp_path):
    path = tmp_path / "gdht.xlsx"
    assert export_sheet(db, households.id, path, town.villages["Bản Nà Sản"]) == 2
    ws = load_workbook(path).worksheets[0]
    heads = [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    assert heads[5] == "TC1.1\n(tối đa 10, tự tính)" and heads[-2] == "GDVH\n(có / không)" and heads[-1] == "Tổng"
    typed = {c: 9 for c, h in enumerate(heads, start=1) if h and "(tối đa 10)" in h}
    _fill(path, 5, {**typed, len(heads) - 1: "có"})
    result = import_sheet(db, path, by="Cán bộ xã")
    assert (result.rows, result.changes) == (2, len(typed) + 1)
    row = village_grid(db, households.id, town.villages["Bản Nà Sản"]).rows[1]
    assert row.preconditions == (True,) and row.evaluation.complete


def test_a_decided_row_cannot_be_changed_from_a_sheet(db, town, households, tmp_path):
    grid = village_grid(db, households.id, town.villages["Bản Nà Sản"])
    first = grid.rows[0].assessment_id
    from app.services.scoring import set_precondition, set_score

    score_all(db, first, 10)
    set_precondition(db, first, "GDVH", True)
    set_score(db, first, "TC1.1", 10, "Cháu Em khuyết tật")
    decisions.decide(db, households.id, "12/QĐ-UBND", date(YEAR, 12, 20), "Cầm Văn Ún", assessment_ids=[first])
    path = tmp_path / "gdht.xlsx"
    export_sheet(db, households.id, path, town.villages["Bản Nà Sản"])
    _fill(path, 4, {7: 3})
    with pytest.raises(ValidationFailed) as exc:
        import_sheet(db, path)
    assert [p.message for p in exc.value.problems] == [
        "Dòng 4: đã có quyết định công nhận; mở lại (có lý do) trong chương trình trước khi sửa."]
