"""Comparing an :class:`ImportPlan` with the registry: what would be new, updated or unchanged.

Rules (the same in the preview and, again, inside the commit's transaction):

* villages match by folded name, with or without their kind word ("Nà Sản" is "Bản Nà Sản");
  unknown ones are listed in ``new_villages`` and created by the commit;
* a household matches on its code, else on its head's folded name + birth year + village;
* a person matches on the ID number, else on folded name + birth year (or the name alone when the
  file gives no year and it is unique) within the matched household. An ID number already held by
  someone in another household refuses the row;
* a matched record is "update" when a field the file fills differs (shown old → new); an empty
  cell never erases. Imports never delete or move people out of a household.

:class:`ImportPreview` is what the wizard shows; :meth:`ImportPreview.fix` and
:meth:`ImportPreview.skip` change a row and recompute, without reading the file or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.db.engine import Database
from app.domain.text import fold
from app.exchange.import_index import PersonSnap, RegistryIndex, load_index, village_key
from app.exchange.import_model import (
    ERROR,
    WARNING,
    ImportPlan,
    ImportProblem,
    PlannedHousehold,
    PlannedPerson,
)
from app.exchange.import_read import refresh
from app.i18n import _

NEW, UPDATE, UNCHANGED, REFUSED = "new", "update", "unchanged", "refused"

# Fields compared on a matched person, when the file fills them.
PERSON_FIELDS = ("full_name", "sex", "birth_date", "birth_year", "relation", "ethnic_code", "education_level",
                 "occupation", "id_number", "phone", "notes")


@dataclass(frozen=True)
class FieldChange:
    """One field that an import would change: ``field`` is the stored field's name."""

    field: str
    old: Any
    new: Any


@dataclass
class PersonPreview:
    planned: PlannedPerson
    status: str
    person_id: int | None = None
    changes: list[FieldChange] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


@dataclass
class HouseholdPreview:
    """A household as it would be written. ``code`` is "" for a new household without one in the
    file (the commit gives the next free code); ``village_id`` is None for a new village."""

    planned: PlannedHousehold
    status: str
    household_id: int | None = None
    code: str = ""
    village_id: int | None = None
    village_name: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    members: list[PersonPreview] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


class ImportPreview:
    """The outcome of matching a plan; recomputed by :meth:`fix`, :meth:`skip` and :meth:`rematch`.
    Not thread-safe: use it from one thread at a time (the UI thread, or the commit's worker)."""

    def __init__(self, plan: ImportPlan, index: RegistryIndex, today: date):
        self.plan, self.index, self.today = plan, index, today
        self.households: list[HouseholdPreview] = []
        self.new_villages: list[str] = []
        self.rematch()

    def rematch(self) -> None:
        matcher = _Matcher(self.index)
        self.households = [matcher.household(h) for h in self.plan.households]
        self.new_villages = list(matcher.new_villages.values())

    def fix(self, sheet: str, row: int, field_name: str, value: Any) -> None:
        """Use ``value`` for the cell of ``field_name`` (a mapping field: "birth", "full_name", …)
        on Excel row ``row`` of ``sheet``, then read the sheet again and re-match. An empty value
        clears the cell."""
        self.plan.fixes[(sheet, row, field_name)] = value
        refresh(self.plan, sheet, self.today)
        self.rematch()

    def skip(self, sheet: str, row: int, skipped: bool = True) -> None:
        """Leave row ``row`` of ``sheet`` out (or take it back). Skipping a household's first row
        leaves out the whole household."""
        (self.plan.skips.add if skipped else self.plan.skips.discard)((sheet, row))
        refresh(self.plan, sheet, self.today)
        self.rematch()

    def choose_sheet(self, sheet: str, chosen: bool = True) -> None:
        """Take a sheet into the import or leave it out, without reading the file again."""
        (self.plan.excluded.discard if chosen else self.plan.excluded.add)(sheet)
        self.rematch()

    def problems(self) -> list[ImportProblem]:
        """Every problem of the file and of the matching, by sheet order then row."""
        order = {s.name: i for i, s in enumerate(self.plan.sheets)}
        found = self.plan.problems() + [p for h in self.households for p in h.problems] + [
            p for h in self.households for m in h.members for p in m.problems]
        return sorted(found, key=lambda p: (order.get(p.sheet, 0), p.row, p.level != ERROR))

    def refused_rows(self) -> list[tuple[str, int]]:
        """(sheet, row) of every row that will not be imported because of an error."""
        return sorted({(p.sheet, p.row) for p in self.problems() if p.level == ERROR and p.row})

    def counts(self) -> dict[str, int]:
        """Totals: households and persons new / update / unchanged, rows refused and skipped."""
        out = dict.fromkeys(["households_new", "households_update", "households_unchanged", "persons_new",
                             "persons_update", "persons_unchanged"], 0)
        for h in self.households:
            if h.status != REFUSED:
                out[f"households_{h.status}"] += 1
            for m in h.members:
                if m.status != REFUSED:
                    out[f"persons_{m.status}"] += 1
        out["villages_new"] = len(self.new_villages)
        out["rows_refused"] = len(self.refused_rows())
        out["rows_skipped"] = sum(len(s.skipped_rows) for s in self.plan.chosen_sheets)
        return out

    def summary(self, by: str = "village") -> dict[str, dict[str, int]]:
        """Counts per village name (``by="village"``) or per sheet (``by="sheet"``)."""
        out: dict[str, dict[str, int]] = {}
        for h in self.households:
            key = h.village_name if by == "village" else h.planned.sheet
            c = out.setdefault(key or "?", dict.fromkeys(
                ["households_new", "households_update", "households_unchanged", "persons_new", "persons_update",
                 "persons_unchanged", "persons_refused"], 0))
            if h.status != REFUSED:
                c[f"households_{h.status}"] += 1
            for m in h.members:
                c[f"persons_{m.status}"] += 1
        return out

    def signature(self) -> tuple:
        """What the commit must find again in its own transaction (statuses and matched ids)."""
        return (tuple(self.new_villages), tuple(
            (h.status, h.household_id, tuple((m.status, m.person_id) for m in h.members)) for h in self.households))


def match_plan(db: Database, plan: ImportPlan, today: date | None = None) -> ImportPreview:
    """The preview of importing ``plan`` into ``db`` (reads the registry once; writes nothing)."""
    with db.session() as s:
        index = load_index(s)
    return ImportPreview(plan, index, today or date.today())


class _Matcher:
    """Matches planned households in file order, remembering what earlier ones took."""

    def __init__(self, index: RegistryIndex):
        self.index = index
        self.new_villages: dict[str, str] = {}  # village key → name to create
        self.taken: dict[int, PlannedHousehold] = {}  # household id → the planned household matched to it
        self.new_keys: dict[tuple, PlannedHousehold] = {}
        self.ids_seen: dict[str, PlannedPerson] = {}
        self.new_codes: dict[str, PlannedHousehold] = {}

    def household(self, h: PlannedHousehold) -> HouseholdPreview:
        out = HouseholdPreview(h, REFUSED, code=h.code, village_name=h.village)
        if not h.accepted:
            out.members = [PersonPreview(m, REFUSED) for m in h.members]
            return out
        hid = self._find(h, out)
        if hid is None and not self._new_household_ok(h, out):
            out.members = [PersonPreview(m, REFUSED) for m in h.members]
            return out
        self._village(h, out, hid)
        if _has_error(out.problems):
            out.members = [PersonPreview(m, REFUSED) for m in h.members]
            return out
        out.household_id = hid
        if hid is not None:
            self.taken[hid] = h
            out.code = self.index.households[hid].code
            out.changes = self._household_changes(h, out, hid)
        out.members = self._members(h, hid)
        head = next((m for m in out.members if m.planned.data.relation == "head"), None)
        if hid is None and (head is None or head.status == REFUSED):
            self._refuse_members(out, head)
            return out
        self._settle_status(out)
        return out

    @staticmethod
    def _refuse_members(out: HouseholdPreview, head: PersonPreview | None) -> None:
        """A new household without an acceptable head cannot be created: refuse its other rows."""
        for m in out.members:
            if m.status != REFUSED:
                m.status = REFUSED
                m.problems.append(ImportProblem(m.planned.sheet, m.planned.row, "", _(
                    "Không nhập được vì dòng chủ hộ {row} có lỗi.").format(row=head.planned.row if head else "?")))

    def _error(self, out: HouseholdPreview, message: str) -> None:
        h = out.planned
        out.problems.append(ImportProblem(h.sheet, h.row, "", message))

    def _find(self, h: PlannedHousehold, out: HouseholdPreview) -> int | None:
        hid = self.index.by_code.get(h.code) if h.code else None
        if hid is None and h.head is not None:
            village = self.index.village_id(h.village)
            found = self.index.by_head.get((village, fold(h.head.data.full_name), h.head.data.birth_year), [])
            hid = found[0] if found else None
            if len(found) > 1:
                out.problems.append(ImportProblem(h.sheet, h.row, "full_name", _(
                    "Có {n} hộ cùng tên và năm sinh chủ hộ trong thôn; đã ghép với hộ {code}.").format(
                    n=len(found), code=self.index.households[found[0]].code), WARNING))
        if hid is not None and hid in self.taken:
            self._error(out, _("Hộ này trùng với hộ ở dòng {row} (trang “{sheet}”).").format(
                row=self.taken[hid].row, sheet=self.taken[hid].sheet))
        return hid

    def _new_household_ok(self, h: PlannedHousehold, out: HouseholdPreview) -> bool:
        if h.head_missing:
            self._error(out, _("Hộ không có chủ hộ: ghi “Chủ hộ” ở cột Quan hệ với chủ hộ của một người."))
        elif h.head is not None:
            key = (village_key(h.village), fold(h.head.data.full_name), h.head.data.birth_year)
            if key in self.new_keys:
                self._error(out, _("Hộ này trùng với hộ ở dòng {row} (cùng chủ hộ, năm sinh và thôn).").format(
                    row=self.new_keys[key].row))
            else:
                self.new_keys[key] = h
        if h.code and h.code in self.index.by_code:
            self._error(out, _("Mã hộ {code} đã được dùng cho hộ khác.").format(code=h.code))
        elif h.code and h.code in self.new_codes:
            self._error(out, _("Mã hộ {code} trùng với hộ ở dòng {row} (trang “{sheet}”).").format(
                code=h.code, row=self.new_codes[h.code].row, sheet=self.new_codes[h.code].sheet))
        elif h.code:
            self.new_codes[h.code] = h
        return not _has_error(out.problems)

    def _village(self, h: PlannedHousehold, out: HouseholdPreview, hid: int | None) -> None:
        if _has_error(out.problems):
            return
        village = self.index.village_id(h.village)
        if village is None and not h.village:
            if hid is None:
                self._error(out, _("Không rõ thôn, bản của hộ: thêm cột Thôn, bản hoặc chọn thôn cho trang."))
                return
            village = self.index.households[hid].village_id
        out.village_id = village
        if village is not None:
            out.village_name = self.index.village_names[village]
        else:
            out.village_name = self.new_villages.setdefault(village_key(h.village), h.village)

    def _household_changes(self, h: PlannedHousehold, out: HouseholdPreview, hid: int) -> list[FieldChange]:
        snap = self.index.households[hid]
        changes = []
        if h.code and h.code != snap.code and h.code not in self.index.by_code:
            changes.append(FieldChange("code", snap.code, h.code))
            out.code = h.code
        if h.village and out.village_id != snap.village_id:
            changes.append(FieldChange("village", self.index.village_names.get(snap.village_id, ""), out.village_name))
        if h.address and h.address != snap.address:
            changes.append(FieldChange("address", snap.address, h.address))
        return changes

    def _members(self, h: PlannedHousehold, hid: int | None) -> list[PersonPreview]:
        existing = list(self.index.members.get(hid, [])) if hid is not None else []
        db_head = self.index.head_of(hid) if hid is not None else None
        out = []
        for m in h.members:
            if m.refused:
                out.append(PersonPreview(m, REFUSED))
                continue
            preview = self._member(m, hid, existing, db_head)
            out.append(preview)
        return out

    def _member(self, m: PlannedPerson, hid: int | None, existing: list[PersonSnap],
                db_head: PersonSnap | None) -> PersonPreview:
        preview = PersonPreview(m, NEW)
        number = m.data.id_number
        if number and number in self.ids_seen:
            first = self.ids_seen[number]
            preview.problems.append(ImportProblem(m.sheet, m.row, "id_number", _(
                "Số định danh {number} trùng với dòng {row} (trang “{sheet}”).").format(
                number=number, row=first.row, sheet=first.sheet)))
        elif number:
            self.ids_seen[number] = m
        snap = _match_person(m, existing, self.index.by_id_number.get(number) if number else None)
        other = self.index.by_id_number.get(number) if number else None
        if other is not None and (snap is None or other.id != snap.id):
            holder = self.index.households.get(other.household_id)
            preview.problems.append(ImportProblem(m.sheet, m.row, "id_number", _(
                "Số định danh {number} đã có ở {name} (hộ {code}).").format(
                number=number, name=other.full_name, code=holder.code if holder else "—")))
        if snap is None and m.data.relation == "head" and db_head is not None:
            preview.problems.append(ImportProblem(m.sheet, m.row, "relation", _(
                "Hộ đã có chủ hộ {name}; sửa quan hệ hoặc bỏ dòng này.").format(name=db_head.full_name)))
        if _has_error(preview.problems):
            preview.status = REFUSED
            return preview
        if snap is not None:
            existing.remove(snap)
            preview.person_id = snap.id
            preview.changes = person_changes(m, snap)
            preview.status = UPDATE if preview.changes else UNCHANGED
        return preview

    @staticmethod
    def _settle_status(out: HouseholdPreview) -> None:
        if out.household_id is None:
            out.status = NEW
        elif out.changes or any(m.status in (NEW, UPDATE) for m in out.members):
            out.status = UPDATE
        else:
            out.status = UNCHANGED


def _has_error(problems: list[ImportProblem]) -> bool:
    return any(p.level == ERROR for p in problems)


def _match_person(m: PlannedPerson, existing: list[PersonSnap], by_number: PersonSnap | None) -> PersonSnap | None:
    """The stored member of the household that row ``m`` is: by ID number, then by folded name +
    birth year, then by folded name alone when only one member of the household has that name (a
    corrected birth year is then an update, not a second person)."""
    if by_number is not None and by_number in existing:
        return by_number
    name = fold(m.data.full_name)
    same_name = [p for p in existing if fold(p.full_name) == name]
    year = m.data.birth_year
    exact = [p for p in same_name if p.birth_year == year]
    if exact:
        return exact[0]
    if len(same_name) == 1:
        return same_name[0]
    return None


def person_changes(m: PlannedPerson, snap: PersonSnap) -> list[FieldChange]:
    """The fields the file fills that differ from the stored person. The relation counts only when
    the row has a relation cell; a year alone does not overwrite a full date of the same year."""
    p = m.data
    changes = []
    for name in PERSON_FIELDS:
        new, old = getattr(p, name), getattr(snap, name)
        if new in ("", None) or new == old:
            continue
        if name == "relation" and "relation" not in m.raw:
            continue
        changes.append(FieldChange(name, old, new))
    if snap.birth_date and p.birth_date is None and any(c.field == "birth_year" for c in changes):
        changes.append(FieldChange("birth_date", snap.birth_date, None))  # a date of another year is wrong
    return changes
