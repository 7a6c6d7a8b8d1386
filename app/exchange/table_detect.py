"""Finding the table on a sheet: its header row(s), what each column holds, and the layout.

Commune lists put title rows above the table and often a two-row header with merged cells
("Năm sinh" over "Nam" | "Nữ", "Giới tính" over "Nam" | "Nữ"), sometimes followed by a row of
column numbers "(1) (2) (3)". :func:`find_table` scans the first :data:`SCAN_ROWS` rows for the row
whose cells match the most known header words (folded: case and accents ignored, see
:data:`HEADER_PHRASES`), reads a sub-header row under it, and returns a :class:`TableGuess`: the
first data row, a :class:`ColumnMapping` (field → column) and the layout, one row per person or
one row per household. The mapping is a guess the user may correct; the importer re-reads the
sheet with whatever mapping it is given. Pure functions, any thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.domain.dates import parse_birth
from app.domain.text import fold, nfc
from app.exchange.workbook import Sheet, is_blank
from app.i18n import N_, _

__all__ = [
    "FIELDS",
    "PER_PERSON",
    "PER_HOUSEHOLD",
    "ColumnMapping",
    "TableGuess",
    "find_table",
    "guess_layout",
    "village_in_text",
    "match_header",
    "title_village",
    "column_letter",
    "field_label",
]

PER_PERSON = "person"
PER_HOUSEHOLD = "household"
SCAN_ROWS = 30

#: The fields a column can hold, with the label the wizard shows, in display order.
FIELDS: dict[str, str] = {
    "stt": N_("Số thứ tự (STT)"),
    "household_code": N_("Mã hộ"),
    "full_name": N_("Họ và tên"),
    "birth": N_("Năm sinh / ngày sinh"),
    "birth_male": N_("Năm sinh của nam (cột Nam)"),
    "birth_female": N_("Năm sinh của nữ (cột Nữ)"),
    "sex": N_("Giới tính"),
    "sex_male": N_("Giới tính: cột Nam (đánh dấu)"),
    "sex_female": N_("Giới tính: cột Nữ (đánh dấu)"),
    "relation": N_("Quan hệ với chủ hộ"),
    "ethnicity": N_("Dân tộc"),
    "education": N_("Trình độ học vấn"),
    "occupation": N_("Nghề nghiệp"),
    "id_number": N_("Số định danh (CCCD)"),
    "phone": N_("Điện thoại"),
    "village": N_("Thôn, bản"),
    "address": N_("Địa chỉ"),
    "member_count": N_("Số nhân khẩu"),
    "notes": N_("Ghi chú"),
}

# Folded header texts → field. Multi-word phrases also match inside a longer header (the longest
# wins: "ho va ten chu ho" → full_name, "quan he voi chu ho" → relation); one-word phrases only
# match a whole header.
HEADER_PHRASES: dict[str, str] = {
    **dict.fromkeys(["stt", "tt", "so tt", "so thu tu", "thu tu"], "stt"),
    **dict.fromkeys(["ho va ten", "ho ten", "ho va ten chu ho", "ho ten chu ho", "ten chu ho", "chu ho",
                     "ho va ten thanh vien", "ho va ten nhan khau", "ten", "ho ten day du"], "full_name"),
    **dict.fromkeys(["nam sinh", "ngay sinh", "ngay thang nam sinh", "ngay thang sinh", "sinh nam",
                     "ns"], "birth"),
    **dict.fromkeys(["nam sinh nam", "ns nam"], "birth_male"),
    **dict.fromkeys(["nam sinh nu", "ns nu"], "birth_female"),
    **dict.fromkeys(["gioi tinh", "gioi", "gt", "phai"], "sex"),
    **dict.fromkeys(["quan he voi chu ho", "quan he", "quan he chu ho", "qh voi chu ho", "qh voi ch", "qhch",
                     "quan he voi ch", "moi quan he"], "relation"),
    **dict.fromkeys(["dan toc"], "ethnicity"),
    **dict.fromkeys(["trinh do hoc van", "trinh do van hoa", "trinh do", "hoc van", "van hoa", "trinh do hv",
                     "tdhv", "trinh do vh", "tdvh"], "education"),
    **dict.fromkeys(["nghe nghiep", "nghe", "cong viec", "viec lam", "nghe nghiep viec lam"], "occupation"),
    **dict.fromkeys(["so cccd", "cccd", "so dinh danh", "so dinh danh ca nhan", "cmnd", "so cmnd",
                     "cmnd cccd", "so cmnd cccd", "cccd cmnd", "so cccd cmnd", "can cuoc", "so can cuoc",
                     "ma dinh danh", "can cuoc cong dan", "so can cuoc cong dan"], "id_number"),
    **dict.fromkeys(["dien thoai", "so dien thoai", "sdt", "so dt", "dt lien he"], "phone"),
    **dict.fromkeys(["thon", "ban", "thon ban", "ban thon", "to dan pho", "ap", "khu pho", "xom", "tieu khu",
                     "ten thon", "ten ban", "thon xom", "thon to", "thon to dan pho", "thon ban to dan pho"],
                    "village"),
    **dict.fromkeys(["dia chi", "noi o", "noi o hien nay", "cho o hien nay", "dia chi thuong tru",
                     "noi thuong tru"], "address"),
    **dict.fromkeys(["ma ho", "so ho khau", "ma ho gia dinh", "ma hgd", "so hk", "ma so ho", "so ho"],
                    "household_code"),
    **dict.fromkeys(["so khau", "so nhan khau", "so thanh vien", "so nguoi", "nhan khau", "tong so nhan khau",
                     "so nk", "tong so khau"], "member_count"),
    **dict.fromkeys(["ghi chu"], "notes"),
}
_PHRASES_BY_LENGTH = sorted((p for p in HEADER_PHRASES if " " in p), key=len, reverse=True)
_PUNCT = re.compile(r"[^\w]+")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$|^\(?[a-z]\)?$")


def _norm(value) -> str:
    """Folded header text with punctuation as spaces: "Số CCCD/CMND" → "so cccd cmnd"."""
    return " ".join(_PUNCT.sub(" ", fold(str(value))).replace("_", " ").split())


def match_header(text) -> str | None:
    """The field a header text names, or None: "Họ và tên" → full_name, "QUAN HỆ VỚI CHỦ HỘ" →
    relation, "Số CMND/CCCD" → id_number, "Thôn/bản" → village."""
    key = _norm(text)
    if not key:
        return None
    if key in HEADER_PHRASES:
        return HEADER_PHRASES[key]
    padded = f" {key} "
    for phrase in _PHRASES_BY_LENGTH:
        if f" {phrase} " in padded:
            return HEADER_PHRASES[phrase]
    return None


def column_letter(col: int) -> str:
    """Excel's letter of a 0-based column: 0 → "A", 27 → "AB"."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def field_label(name: str) -> str:
    """The translated label of a field for the wizard."""
    return _(FIELDS[name]) if name in FIELDS else name


@dataclass(frozen=True)
class ColumnMapping:
    """Which 0-based column holds each field. At most one field per column. Immutable: the
    ``with_field``/``without`` methods return a new mapping, so a guess can be kept beside it."""

    columns: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> int | None:
        return self.columns.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def field_at(self, col: int) -> str | None:
        return next((f for f, c in self.columns.items() if c == col), None)

    def with_field(self, name: str, col: int | None) -> ColumnMapping:
        """A mapping where ``name`` is read from ``col`` (None: not read); a field that was on
        ``col`` before is dropped. Raises KeyError for an unknown field."""
        if name not in FIELDS:
            raise KeyError(name)
        columns = {f: c for f, c in self.columns.items() if f != name and c != col}
        if col is not None:
            columns[name] = col
        return ColumnMapping(columns)

    def without(self, name: str) -> ColumnMapping:
        return self.with_field(name, None)

    def describe(self) -> dict[str, str]:
        """Field → column letter, for messages and the ``--json`` output."""
        return {f: column_letter(c) for f, c in sorted(self.columns.items(), key=lambda fc: fc[1])}


@dataclass(frozen=True)
class TableGuess:
    """Where the table is: ``header_row`` and ``data_row`` are 1-based Excel rows, ``headers`` the
    header text of each column (sub-header joined to its group: "Năm sinh / Nam")."""

    header_row: int
    data_row: int
    mapping: ColumnMapping
    layout: str
    headers: tuple[str, ...]


def _text(value) -> str:
    return nfc(str(value)) if not is_blank(value) else ""


def _row_fields(sheet: Sheet, r: int) -> dict[int, str]:
    found = {}
    for c, cell in enumerate(sheet.rows[r] if r < len(sheet.rows) else []):
        if isinstance(cell.value, str):
            name = match_header(cell.value)
            if name:
                found[c] = name
    return found


def _header_row(sheet: Sheet) -> int | None:
    """0-based row with the most distinct header fields (at least two, one a name), or None."""
    best, best_score = None, 1
    for r in range(min(SCAN_ROWS, len(sheet.rows))):
        fields = set(_row_fields(sheet, r).values())
        if "full_name" in fields and len(fields) > best_score:
            best, best_score = r, len(fields)
    return best


def _group_label(sheet: Sheet, r: int, c: int) -> str:
    """The header over column ``c`` in row ``r``: the cell itself, or the nearest text to its left
    (a merged group cell), looking at most 3 columns back."""
    for k in range(c, max(-1, c - 4), -1):
        text = _text(sheet.cell(r, k).value)
        if text:
            return text
    return ""


def _is_numbering_row(sheet: Sheet, r: int, name_col: int) -> bool:
    """A row of column numbers "(1) (2) (3)" or "A B 1 2" right under the header."""
    values = [cell.value for cell in (sheet.rows[r] if r < len(sheet.rows) else []) if not is_blank(cell.value)]
    if len(values) < 3:
        return False
    return all(isinstance(v, (int, float)) or _COLUMN_NUMBER.match(_norm(v)) for v in values) and (
        not isinstance(sheet.cell(r, name_col).value, str) or _COLUMN_NUMBER.match(_norm(sheet.cell(r, name_col).value))
    )


def _nam_nu_kind(sheet: Sheet, first_data: int, col: int) -> str:
    """``"birth"`` when the values under a "Nam"/"Nữ" column read as years or dates, else ``"sex"``
    (the column is ticked with "x")."""
    births = marks = 0
    for r in range(first_data, min(first_data + 40, len(sheet.rows))):
        value = sheet.cell(r, col).value
        if is_blank(value):
            continue
        parsed = parse_birth(value)
        if parsed.year and not parsed.error:
            births += 1
        else:
            marks += 1
    return "birth" if births >= marks else "sex"


def _sub_field(group: str, sub: str) -> str | None:
    """The field of a sub-header cell ``sub`` under the group header ``group``."""
    key, group_key = _norm(sub), _norm(group)
    if key in ("nam", "nu"):
        if match_header(group) == "sex" or "gioi" in group_key:
            return "sex_male" if key == "nam" else "sex_female"
        if "sinh" in group_key:
            return "birth_male" if key == "nam" else "birth_female"
        return None
    return match_header(sub)


def find_table(sheet: Sheet) -> TableGuess | None:
    """The table on ``sheet`` (already converted from legacy encodings), or None when no row in
    the first :data:`SCAN_ROWS` looks like a header with a name column."""
    top = _header_row(sheet)
    if top is None:
        return None
    fields = _row_fields(sheet, top)
    name_col = min(c for c, f in fields.items() if f == "full_name")
    width = max(len(sheet.rows[r]) for r in range(top, min(top + 2, len(sheet.rows))))
    headers = [_text(sheet.cell(top, c).value) for c in range(width)]
    header_rows, data = [top], top + 1
    if _is_sub_header(sheet, data, name_col):
        for c, cell in enumerate(sheet.rows[data]):
            text = _text(cell.value)
            if text:
                group = _group_label(sheet, top, c)
                headers[c] = f"{group} / {text}" if group and group != text else text
                sub = _sub_field(group, text)
                if sub:
                    fields[c] = sub
        header_rows.append(data)
        data += 1
    if _is_numbering_row(sheet, data, name_col):
        data += 1
    for r in header_rows:
        _settle_nam_nu(sheet, r, fields, data)
    mapping = _first_column_per_field(fields)
    return TableGuess(top + 1, data + 1, mapping, guess_layout(mapping, headers), tuple(headers))


def _is_sub_header(sheet: Sheet, r: int, name_col: int) -> bool:
    """The row under the header is a sub-header when its name cell is empty (merged from above)
    and it holds some text."""
    if r >= len(sheet.rows) or not is_blank(sheet.cell(r, name_col).value):
        return False
    return any(isinstance(cell.value, str) and cell.value.strip() for cell in sheet.rows[r])


def _settle_nam_nu(sheet: Sheet, r: int, fields: dict[int, str], data: int) -> None:
    """Header cells "Nam" | "Nữ" not understood from a group: years below make them birth
    columns, marks ("x") make them sex columns."""
    for c, cell in enumerate(sheet.rows[r]):
        key = _norm(cell.value) if isinstance(cell.value, str) else ""
        if key in ("nam", "nu") and fields.get(c) not in _NAM_NU_FIELDS:
            kind = _nam_nu_kind(sheet, data, c)
            fields[c] = f"{kind}_{'male' if key == 'nam' else 'female'}"


_NAM_NU_FIELDS = frozenset({"birth_male", "birth_female", "sex_male", "sex_female"})


def _first_column_per_field(fields: dict[int, str]) -> ColumnMapping:
    columns: dict[str, int] = {}
    for c in sorted(fields):
        columns.setdefault(fields[c], c)
    if "birth_male" in columns and "birth_female" in columns:
        columns.pop("birth", None)
    return ColumnMapping(columns)


def guess_layout(mapping: ColumnMapping, headers: tuple[str, ...] | list[str] = ()) -> str:
    """Per household when there is no relation column and either a member count, a name column
    that says "chủ hộ", or nothing to group rows by (no STT, no household code); per person
    otherwise."""
    if "relation" in mapping:
        return PER_PERSON
    col = mapping.get("full_name")
    name_header = _norm(headers[col]) if col is not None and col < len(headers) else ""
    if "member_count" in mapping or "chu ho" in name_header:
        return PER_HOUSEHOLD
    if "stt" not in mapping and "household_code" not in mapping:
        return PER_HOUSEHOLD
    return PER_PERSON


# --- Village named in a title row -------------------------------------------------------------------

_VILLAGE_WORDS = ("tổ dân phố", "khu phố", "tiểu khu", "thôn", "bản", "ấp", "xóm", "làng", "tổ")
_VILLAGE_IN_TITLE = re.compile(
    r"(?:^|[\s:,.\-–])((?:" + "|".join(_VILLAGE_WORDS) + r")\b\s*[:.]?\s*(.+?))"
    r"\s*(?:[,;–]|-\s|\bxã\b|\bphường\b|\bnăm\s+\d{4}|\(|$)",
    re.IGNORECASE,
)


def village_in_text(text: str) -> str | None:
    """The village a title or section row names, in title case: "DANH SÁCH HỘ GIA ĐÌNH BẢN NÀ SẢN
    NĂM 2026" → "Bản Nà Sản"; "Thôn: Đông Hải" → "Thôn Đông Hải"; None if no village word."""
    from app.domain.text import title_case_name

    m = _VILLAGE_IN_TITLE.search(nfc(text))
    if not m or not m.group(2).strip():
        return None
    kind = m.group(1)[: len(m.group(1)) - len(m.group(2))].strip(" :.")
    name = m.group(2).strip(" :.")
    if not name or len(name) > 60:
        return None
    kind = kind.lower()
    return f"{kind[:1].upper()}{kind[1:]} {title_case_name(name)}"


def title_village(sheet: Sheet, header_row: int) -> str | None:
    """The village named in the rows above the 1-based ``header_row``, or None."""
    for r in range(min(header_row - 1, len(sheet.rows))):
        for cell in sheet.rows[r]:
            if isinstance(cell.value, str) and cell.value.strip():
                found = village_in_text(cell.value)
                if found:
                    return found
    return None
