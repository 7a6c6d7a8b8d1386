"""Reading a workbook into an :class:`ImportPlan`: households and their members, with problems.

No database is touched. Each sheet is converted from legacy encodings, its table found
(:func:`~app.exchange.table_detect.find_table`) and its rows grouped into households:

* one row per person: a household starts at a row whose household code is new, else at a row
  whose relation is "Chủ hộ"/"CH", else at a row with an STT when the STT numbers households (not
  persons), or, without a relation column, at each STT; other rows are members of the household
  above. A first row with no relation is the head.
* one row per household: each row is a household of its head, with the member count kept.

The village is the village column (carried down while blank), else a section row
("THÔN NÀ SẢN") above, else the sheet's village: the user's choice, a title row
("DANH SÁCH HỘ GIA ĐÌNH BẢN NÀ SẢN"), or the sheet name. Subtotal rows ("Cộng thôn …: 45 hộ") are
ignored; the table ends at a signature block, a note or a date line ("Người lập biểu", "XÁC
NHẬN", "TM. UBND", "Ghi chú:", "…, ngày … tháng …"). None of these is reported as an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.text import fold, nfc
from app.exchange.errors import WorkbookError
from app.exchange.import_cells import count_of, name_of, person_from_raw, relation_code, text_of
from app.exchange.import_model import (
    ERROR,
    WARNING,
    ImportPlan,
    ImportProblem,
    PlannedHousehold,
    PlannedPerson,
    SheetOptions,
    SheetPlan,
)
from app.exchange.legacy import LegacyReport, decode_sheet
from app.exchange.table_detect import (
    PER_HOUSEHOLD,
    ColumnMapping,
    TableGuess,
    find_table,
    guess_layout,
    title_village,
    village_in_text,
)
from app.exchange.workbook import CellValue, Sheet, is_blank, read_workbook
from app.i18n import _

# Texts that end the table (signature block, notes, date line) or mark a subtotal row, matched
# with their accents (lower case), so that names do not match: "Tô Trường Giang" is not "Tổ trưởng",
# "Tòng" is not "Tổng". Without accents only long, unambiguous phrases count.
_STOP = re.compile(r"^(?:người lập|lập biểu|xác nhận|tm\.|kt\.|trưởng (?:thôn|bản|khu|ấp)|tổ trưởng|chủ tịch|"
                   r"ghi chú|lưu ý|người kiểm tra|người duyệt|thủ trưởng|\*)(?!\w)|ngày\W*[\d.…]*\W*tháng(?!\w)")
_STOP_FOLDED = re.compile(r"^(?:nguoi lap bieu|xac nhan cua|ghi chu:|tm\. ?ubnd|tm ubnd)|ngay\W*[\d.…]+\W*thang\W")
_SUBTOTAL = re.compile(r"^(?:cộng|tổng)(?!\w)|^(?:tong cong|tong so|cong thon|cong ban|cong to|cong xom|cong ap)\b|"
                       r"^(?:cong|tong)\s*[:.\d]", re.IGNORECASE)
_DEFAULT_SHEET_NAME = re.compile(r"^(?:sheet|trang tinh|trang|bang tinh|tong hop|ds|danh sach|data|du lieu)\s*\d*$")
_DATA_FIELDS = ("birth", "relation", "id_number", "sex")


def read_households(
    path: str | Path,
    sheets: list[str] | None = None,
    mapping_overrides: dict[str, ColumnMapping] | None = None,
    *,
    options: dict[str, SheetOptions] | None = None,
    today: date | None = None,
    report: Callable[[int, int], None] = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportPlan:
    """Read the households of the workbook at ``path`` (the ``sheets`` named, else all).

    ``mapping_overrides`` (sheet → mapping) and ``options`` (sheet → :class:`SheetOptions`)
    replace the guesses. Raises WorkbookError when the file is refused or no sheet holds a
    table, Cancelled when ``cancelled()`` turns true. Any thread; no database."""
    raw_sheets = read_workbook(path, sheets, cancelled)
    plan = ImportPlan(Path(path))
    options = dict(options or {})
    for name, mapping in (mapping_overrides or {}).items():
        options[name] = SheetOptions(mapping=mapping, **{k: getattr(options.get(name, SheetOptions()), k)
                                                        for k in ("layout", "village", "data_row")})
    today = today or date.today()
    for i, sheet in enumerate(raw_sheets):
        decoded, legacy = decode_sheet(sheet)
        plan.sheets_raw[sheet.name] = decoded
        plan.options[sheet.name] = options.get(sheet.name, SheetOptions())
        built = build_sheet_plan(decoded, legacy, plan, today)
        if built is None:
            plan.skipped_sheets.append((sheet.name, _("Không thấy dòng tiêu đề có cột “Họ và tên”.")))
        else:
            plan.sheets.append(built)
        report(i + 1, len(raw_sheets))
    if not plan.sheets:
        raise WorkbookError(_("Không tìm thấy danh sách hộ trong tệp: cần một dòng tiêu đề có cột “Họ và tên” "
                              "(và Năm sinh, Quan hệ với chủ hộ …) ở một trong 30 dòng đầu của trang."))
    return plan


def remap(plan: ImportPlan, sheet: str, options: SheetOptions, today: date | None = None) -> SheetPlan:
    """Read ``sheet`` again with the user's ``options`` (mapping, layout, village, first data row),
    from the cells kept in the plan; replaces and returns its :class:`SheetPlan`."""
    plan.options[sheet] = options
    return refresh(plan, sheet, today)


def refresh(plan: ImportPlan, sheet: str, today: date | None = None) -> SheetPlan:
    """Read ``sheet`` again (after fixes, skips or new options); replaces and returns its plan."""
    index = next(i for i, s in enumerate(plan.sheets) if s.name == sheet)
    built = build_sheet_plan(plan.sheets_raw[sheet], plan.sheets[index].legacy, plan, today or date.today())
    if built is None:  # cannot happen: the sheet had a table before
        raise KeyError(sheet)
    plan.sheets[index] = built
    return built


def build_sheet_plan(sheet: Sheet, legacy: LegacyReport, plan: ImportPlan, today: date) -> SheetPlan | None:
    """The plan of one converted sheet with the plan's options, fixes and skips for it; None when
    no table is found and the options do not say where it is."""
    opts = plan.options.get(sheet.name, SheetOptions())
    guess = find_table(sheet)
    if guess is None:
        if not (opts.mapping and opts.data_row):
            return None
        guess = TableGuess(opts.data_row - 1, opts.data_row, opts.mapping, guess_layout(opts.mapping), ())
    mapping = opts.mapping or guess.mapping
    layout = opts.layout or (guess.layout if mapping == guess.mapping else guess_layout(mapping, guess.headers))
    village, source = _sheet_village(sheet, guess, opts)
    result = SheetPlan(sheet.name, guess, mapping, layout, opts.data_row or guess.data_row, village, source, legacy)
    if "full_name" not in mapping:
        result.problems.append(ImportProblem(sheet.name, 0, "full_name", _("Chưa chọn cột “Họ và tên”."), ERROR))
        return result
    _SheetReader(sheet, result, plan, today).run()
    return result


def _sheet_village(sheet: Sheet, guess: TableGuess, opts: SheetOptions) -> tuple[str, str]:
    if opts.village:
        return opts.village, "chosen"
    found = title_village(sheet, guess.header_row)
    if found:
        return found, "title"
    name = name_of(sheet.name)
    if name and not _DEFAULT_SHEET_NAME.match(fold(name)):
        return name, "sheet"
    return "", ""


class _SheetReader:
    """Walks the data rows of one sheet and groups them into households (see the module text)."""

    def __init__(self, sheet: Sheet, result: SheetPlan, plan: ImportPlan, today: date):
        self.sheet, self.result, self.today = sheet, result, today
        self.mapping = result.mapping
        self.fixes: dict[int, dict[str, Any]] = {}
        for (name, r, f), v in plan.fixes.items():
            if name == sheet.name:
                self.fixes.setdefault(r, {})[f] = v
        self.skips = {r for s, r in plan.skips if s == sheet.name}
        self.has_relation = "relation" in self.mapping
        self.current: PlannedHousehold | None = None
        self.skipping = False  # inside a household whose first row the user skipped
        self.village, self.village_source = result.village, result.village_source
        self.by_code: dict[str, PlannedHousehold] = {}
        self.stt_per_household = True

    def problem(self, row: int, field: str, message: str, level: str = ERROR) -> None:
        self.result.problems.append(ImportProblem(self.sheet.name, row, field, message, level))

    def raw(self, cells: list[CellValue], row: int) -> dict[str, Any]:
        """Field → value of a row, Nam/Nữ year columns folded into ``birth`` + ``birth_sex``."""
        raw: dict[str, Any] = {}
        for name, col in self.mapping.columns.items():
            value = cells[col].value if col < len(cells) else None
            if not is_blank(value):
                raw[name] = value
        male, female = raw.pop("birth_male", None), raw.pop("birth_female", None)
        if male is not None and female is not None:
            raw["birth_conflict"] = True
        elif male is not None or female is not None:
            raw["birth"], raw["birth_sex"] = (male, "M") if male is not None else (female, "F")
        for name, value in self.fixes.get(row, {}).items():
            if name == "birth":
                raw.pop("birth_conflict", None)
            if is_blank(value):
                raw.pop(name, None)
            else:
                raw[name] = value
        return raw

    def run(self) -> None:
        rows = self.sheet.rows
        start = self.result.data_row - 1
        self.stt_per_household = self._stt_numbers_households(start)
        for r in range(start, len(rows)):
            if not rows[r]:
                continue
            row = r + 1
            raw = self.raw(rows[r], row)
            kind = self._classify(rows[r], raw)
            if kind == "stop":
                self._note_rows_after(r)
                break
            self.result.last_row = row
            if kind == "section":
                self.village, self.village_source = _section_village(_first_text(rows[r])), "section"
            if kind != "data":
                self.result.ignored_rows.append(row)
            elif row in self.skips:
                self._skip(row, raw)
            else:
                self._person(row, raw)
        for household in self.result.households:
            _settle_household(household, self.today)

    def _classify(self, cells: list[CellValue], raw: dict[str, Any]) -> str:
        """"data", "stop" (signature block, notes, date line), "ignore" (subtotal, stray cells) or
        "section" (a row naming the village of the rows below). Only a row without a person's
        name (or whose name cell holds the label) can be a subtotal or the end of the table; a
        subtotal may carry counts in the Nam/Nữ columns, a signature block carries no data."""
        name = text_of(raw.get("full_name"))
        if not name or _is_label(name):
            texts = [nfc(c.value).lower() for c in cells if isinstance(c.value, str) and c.value.strip()]
            if any(_SUBTOTAL.search(t) or _SUBTOTAL.search(fold(t)) for t in texts):
                return "ignore"
            has_data = any(f in raw for f in _DATA_FIELDS) or raw.get("birth_conflict")
            if not has_data and any(_is_stop(t) for t in texts):
                return "stop"
        if any(f in raw for f in _DATA_FIELDS) or raw.get("birth_conflict"):
            return "data"
        filled = [c for c in cells if not is_blank(c.value)]
        if len(filled) <= 2 and _section_village(_first_text(cells)):
            return "section"
        return "data" if name else "ignore"

    def _stt_numbers_households(self, start: int) -> bool:
        """False when the STT column numbers persons: many numbered rows are not heads."""
        stt, relation = self.mapping.get("stt"), self.mapping.get("relation")
        if stt is None or relation is None:
            return True
        numbered = members = 0
        for cells in self.sheet.rows[start:]:
            if stt < len(cells) and not is_blank(cells[stt].value):
                numbered += 1
                code = relation_code(text_of(cells[relation].value)) if relation < len(cells) else None
                members += code is not None and code != "head"
        return members <= 0.3 * numbered

    def _starts(self, raw: dict[str, Any]) -> str:
        """"new", "same" (household code of the current one), "join:<code>" or "member"."""
        code = text_of(raw.get("household_code")).upper()
        if code:
            if self.current is not None and code == self.current.code:
                return "same"
            return f"join:{code}" if code in self.by_code else "new"
        if self.result.layout == PER_HOUSEHOLD:
            return "new"
        if self.has_relation and relation_code(text_of(raw.get("relation"))) == "head":
            return "new"
        if not is_blank(raw.get("stt")) and (not self.has_relation or self.stt_per_household):
            return "new"
        return "member"

    def _skip(self, row: int, raw: dict[str, Any]) -> None:
        self.result.skipped_rows.append(row)
        if self._starts(raw) == "new":
            self.current, self.skipping = None, True

    def _person(self, row: int, raw: dict[str, Any]) -> None:
        start = self._starts(raw)
        if start == "member" and self.skipping:
            self.result.skipped_rows.append(row)
            return
        self.skipping = False
        if start == "new":
            self._new_household(row, raw)
        elif start.startswith("join:"):
            self.current = self.by_code[start[5:]]
        elif self.current is None:
            self.problem(row, "relation", _("Dòng này không thuộc hộ nào: chưa có dòng chủ hộ ở trên."))
            return
        first = not self.current.members
        person, issues = person_from_raw(raw, "head" if first else "other", self.today, self.has_relation)
        problems = [ImportProblem(self.sheet.name, row, f, m, lvl) for f, m, lvl in issues]
        self.current.members.append(PlannedPerson(self.sheet.name, row, person, raw, problems))

    def _new_household(self, row: int, raw: dict[str, Any]) -> None:
        village, source = self.village, self.village_source
        if "village" in self.fixes.get(row, {}) and "village" in raw:
            village, source = name_of(raw["village"]), "chosen"  # a fix applies to this household only
        elif "village" in raw:
            village = self.village = name_of(raw["village"])
            source = self.village_source = "column"
        code = text_of(raw.get("household_code")).upper()
        household = PlannedHousehold(
            self.sheet.name, row, code, village, source if village else "",
            text_of(raw.get("address")), declared_members=count_of(raw.get("member_count")),
        )
        self.result.households.append(household)
        self.current = household
        if code:
            self.by_code[code] = household

    def _note_rows_after(self, r: int) -> None:
        """Warn when rows with a birth value follow the signature block: they are not read."""
        later = 0
        for cells in self.sheet.rows[r + 1:]:
            raw = self.raw(cells, 0) if cells else {}
            later += "birth" in raw and "full_name" in raw
        if later:
            self.problem(r + 1, "", _("Bảng dừng ở dòng này (chữ ký, ghi chú); {n} dòng có năm sinh ở dưới không "
                                      "được đọc.").format(n=later), WARNING)


_ENUMERATOR = re.compile(r"^\s*(?:[IVXLC]{1,4}|\d{1,2}|[A-Za-z])\s*[.)\-–:]\s*")
_SECTION_WORDS = ("thon", "ban", "to dan pho", "to", "ap", "khu pho", "tieu khu", "xom", "lang")


def _section_village(text: str) -> str | None:
    """The village of a section row that starts with a village word, after an optional
    enumerator: "II. THÔN ĐÔNG" → "Thôn Đông"; a person's name gives None."""
    rest = _ENUMERATOR.sub("", text or "", count=1)
    if not fold(rest).startswith(_SECTION_WORDS):
        return None
    return village_in_text(rest)


def _is_stop(text: str) -> bool:
    """True for the first text of a signature block, a note or a date line (lower-case NFC)."""
    return bool(_STOP.search(text) or _STOP_FOLDED.search(fold(text)))


def _is_label(name: str) -> bool:
    """True when the name cell holds a subtotal or signature label rather than a person's name."""
    low = nfc(name).lower()
    return bool(_SUBTOTAL.search(low) or _SUBTOTAL.search(fold(low)) or _is_stop(low))


def _first_text(cells: list[CellValue]) -> str:
    return next((c.value for c in cells if isinstance(c.value, str) and c.value.strip()), "")


def _settle_household(h: PlannedHousehold, today: date) -> None:
    """Household rules on the grouped rows: one head; a refused head refuses the household's
    other rows; children older than the head and the like are warnings."""
    heads = [m for m in h.members if m.data.relation == "head"]
    for extra in heads[1:]:
        extra.problems.append(ImportProblem(h.sheet, extra.row, "relation", _(
            "Hộ đã có chủ hộ ở dòng {row}; sửa quan hệ hoặc tách thành hộ khác.").format(row=heads[0].row)))
    head = heads[0] if heads else None
    h.head_missing = head is None
    if head is not None and head.refused:
        for m in h.members:
            if m is not head and not m.refused:
                m.problems.append(ImportProblem(h.sheet, m.row, "", _(
                    "Không nhập được vì dòng chủ hộ {row} có lỗi.").format(row=head.row)))
    seen: dict[tuple[str, int | None], int] = {}
    for m in h.members:
        key = (fold(m.data.full_name), m.data.birth_year)
        if key in seen and m.data.full_name:
            m.problems.append(ImportProblem(h.sheet, m.row, "full_name", _(
                "Trùng tên và năm sinh với dòng {row} của cùng hộ.").format(row=seen[key]), WARNING))
        seen.setdefault(key, m.row)
        if head is not None and m is not head:
            _age_warning(h, head, m)


def _age_warning(h: PlannedHousehold, head: PlannedPerson, m: PlannedPerson) -> None:
    hy, my = head.data.birth_year, m.data.birth_year
    if not (hy and my):
        return
    if m.data.relation in ("child", "grandchild", "child_in_law") and my < hy:
        m.problems.append(ImportProblem(h.sheet, m.row, "birth", _(
            "Là con, cháu nhưng sinh trước chủ hộ (dòng {row}).").format(row=head.row), WARNING))
    if m.data.relation in ("father", "mother", "grandparent") and my > hy:
        m.problems.append(ImportProblem(h.sheet, m.row, "birth", _(
            "Là bố, mẹ, ông, bà nhưng sinh sau chủ hộ (dòng {row}).").format(row=head.row), WARNING))
