"""Writing a previewed import: all or nothing, in one transaction, fast enough for 20,000 persons.

:func:`commit` copies the database to a backup first, then, in one session, matches the plan again
against the registry as it is now (:class:`~app.exchange.errors.PreviewOutdated` if that gives a
different outcome than the preview the user saw), writes new villages, households and persons
with Core ``insert()`` executemany and the changed fields with one ``update()`` executemany per
table, records one audit row, and commits. Cancellation or any error rolls everything back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.db.backup import backup_database
from app.db.engine import Database
from app.domain.names import split_full_name
from app.domain.text import fold, person_sort_key, search_key, sort_key
from app.exchange.errors import Cancelled, PreviewOutdated
from app.exchange.import_index import load_index, village_key
from app.exchange.import_match import NEW, UPDATE, HouseholdPreview, ImportPreview, PersonPreview
from app.i18n import _
from app.models import Household, Person, Village
from app.models.base import utcnow
from app.services import audit
from app.services.households import CODE_PREFIX, next_code
from app.services.people import PersonInput
from app.services.setup import guess_village_kind

CHUNK = 500  # households between progress reports and cancellation checks

_PERSON_COLUMNS = ("full_name", "family_name", "middle_name", "given_name", "sex", "birth_date", "birth_year",
                   "relation", "ethnic_code", "education_level", "occupation", "id_number", "phone", "notes")


@dataclass(frozen=True)
class ImportResult:
    """What a commit wrote; ``backup`` is the copy taken before it (None for a new database)."""

    villages_created: int
    households_created: int
    households_updated: int
    persons_created: int
    persons_updated: int
    rows_refused: int
    backup: Path | None


def commit(
    db: Database,
    preview: ImportPreview,
    report: Callable[[int, int], None] = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    backup_dir: Path | None = None,
) -> ImportResult:
    """Write ``preview`` to ``db`` in one transaction; rows with errors are left out.

    For a worker thread: ``report(done, total)`` after each chunk of households, ``cancelled()``
    polled between chunks. Raises Cancelled (nothing written), PreviewOutdated (the registry
    changed since the preview; nothing written) or the database's error (rolled back). Takes a
    backup into ``backup_dir`` (default: ``backups`` beside the database) and runs
    ``Database.optimize`` afterwards."""
    if cancelled():
        raise Cancelled()
    backup = backup_database(db.path, backup_dir or db.path.parent / "backups", "import")
    with db.session() as s:
        current = ImportPreview(preview.plan, load_index(s), preview.today)
        if current.signature() != preview.signature():
            raise PreviewOutdated()
        writer = _Writer(s, current, report, cancelled)
        counts = writer.run()
        audit.record(s, "import", "household", "", _summary(preview, counts), {
            "file": str(preview.plan.path), "sheets": [sh.name for sh in preview.plan.chosen_sheets], **counts,
            "rows_refused": len(preview.refused_rows()), "backup": str(backup or "")})
    db.optimize()
    return ImportResult(counts["villages"], counts["households_new"], counts["households_update"],
                        counts["persons_new"], counts["persons_update"], len(preview.refused_rows()), backup)


def _summary(preview: ImportPreview, c: dict[str, int]) -> str:
    return _("Nhập từ Excel {file}: {hn} hộ mới, {hu} hộ cập nhật, {pn} nhân khẩu mới, {pu} nhân khẩu cập nhật.").format(
        file=preview.plan.path.name, hn=c["households_new"], hu=c["households_update"], pn=c["persons_new"],
        pu=c["persons_update"])


class _Writer:
    def __init__(self, s: Session, preview: ImportPreview, report, cancelled):
        self.s, self.preview, self.report, self.cancelled = s, preview, report, cancelled
        self.conn = s.connection()
        self.now = utcnow()
        self.counts = dict.fromkeys(["villages", "households_new", "households_update", "persons_new",
                                     "persons_update"], 0)
        self.village_ids: dict[str, int] = {}
        self.next_household_id = (s.scalar(select(func.max(Household.id))) or 0) + 1
        self.index = preview.index
        self.snaps = {p.id: p for members in self.index.members.values() for p in members}

    def stamps(self) -> dict[str, Any]:
        return {"uuid": str(uuid.uuid4()), "created_at": self.now, "updated_at": self.now}

    def run(self) -> dict[str, int]:
        self._villages()
        codes = self._codes()
        work = [h for h in self.preview.households if h.status in (NEW, UPDATE)]
        for start in range(0, len(work), CHUNK):
            if self.cancelled():
                raise Cancelled()
            households, persons, h_updates, p_updates = [], [], [], []
            for h in work[start:start + CHUNK]:
                if h.status == NEW:
                    households.append(self._new_household(h, codes, persons))
                else:
                    self._update_household(h, h_updates, persons, p_updates)
            self._write(households, persons, h_updates, p_updates)
            self.report(min(start + CHUNK, len(work)), len(work))
        if self.cancelled():
            raise Cancelled()
        return self.counts

    def _villages(self) -> None:
        names = self.preview.new_villages
        if not names:
            return
        first = (self.s.scalar(select(func.max(Village.id))) or 0) + 1
        rows = []
        for i, name in enumerate(names):
            self.village_ids[village_key(name)] = first + i
            rows.append({"id": first + i, **self.stamps(), "code": "", "name": name, "kind": guess_village_kind(name),
                         "old_code": "", "old_name": "", "active": True, "sort_key": sort_key(name),
                         "search_key": search_key(name)})
        self.conn.execute(insert(Village.__table__), rows)
        self.counts["villages"] = len(rows)

    def _village_id(self, h: HouseholdPreview) -> int:
        return h.village_id if h.village_id is not None else self.village_ids[village_key(h.village_name)]

    def _codes(self) -> Iterator[str]:
        """Free ``HGD-`` codes after the highest used, skipping codes the file gives."""
        taken = {h.code for h in self.preview.households if h.code}
        first = next_code(self.s)
        number, width = int(first[len(CODE_PREFIX):]), len(first) - len(CODE_PREFIX)
        while True:
            code = f"{CODE_PREFIX}{number:0{width}d}"
            number += 1
            if code not in taken:
                yield code

    def _new_household(self, h: HouseholdPreview, codes: Iterator[str], persons: list[dict]) -> dict:
        hid = self.next_household_id
        self.next_household_id += 1
        self.counts["households_new"] += 1
        for order, m in enumerate(x for x in h.members if x.status == NEW):
            persons.append(self._person_row(m.planned.data, hid, order))
        return {"id": hid, **self.stamps(), "code": h.code or next(codes), "village_id": self._village_id(h),
                "address": h.planned.address, "notes": "", "status": "active", "status_date": None}

    def _update_household(self, h: HouseholdPreview, h_updates: list, persons: list, p_updates: list) -> None:
        hid = h.household_id
        snap = self.index.households[hid]
        self.counts["households_update"] += 1
        if h.changes:
            h_updates.append({"b_id": hid, "b_code": h.code or snap.code, "b_village_id": self._village_id(h),
                              "b_address": h.planned.address or snap.address, "b_updated_at": self.now})
        order = max((p.member_order for p in self.index.members.get(hid, [])), default=-1) + 1
        for m in h.members:
            if m.status == NEW:
                persons.append(self._person_row(m.planned.data, hid, order))
                order += 1
            elif m.status == UPDATE:
                p_updates.append(self._person_update(m))

    def _person_row(self, p: PersonInput, household_id: int, order: int) -> dict:
        self.counts["persons_new"] += 1
        return {**self.stamps(), "household_id": household_id, "member_order": order,
                **{c: getattr(p, c) for c in _PERSON_COLUMNS}, "in_school": p.in_school, "status": p.status,
                "status_date": p.status_date, "name_fold": fold(p.full_name),
                "sort_key": person_sort_key(p.given_name, p.middle_name, p.family_name)}

    def _person_update(self, m: PersonPreview) -> dict:
        self.counts["persons_update"] += 1
        snap = self.snaps[m.person_id]
        values = {c: getattr(snap, c) for c in _PERSON_COLUMNS}
        for change in m.changes:
            values[change.field] = change.new
        if any(c.field == "full_name" for c in m.changes):
            values["family_name"], values["middle_name"], values["given_name"] = split_full_name(values["full_name"])
        values["name_fold"] = fold(values["full_name"])
        values["sort_key"] = person_sort_key(values["given_name"], values["middle_name"], values["family_name"])
        return {"b_id": m.person_id, "b_updated_at": self.now, **{f"b_{k}": v for k, v in values.items()}}

    def _write(self, households: list, persons: list, h_updates: list, p_updates: list) -> None:
        if households:
            self.conn.execute(insert(Household.__table__), households)
        if persons:
            self.conn.execute(insert(Person.__table__), persons)
        if h_updates:
            t = Household.__table__
            self.conn.execute(update(t).where(t.c.id == bindparam("b_id")).values(
                code=bindparam("b_code"), village_id=bindparam("b_village_id"), address=bindparam("b_address"),
                updated_at=bindparam("b_updated_at")), h_updates)
        if p_updates:
            t = Person.__table__
            columns = [*_PERSON_COLUMNS, "name_fold", "sort_key", "updated_at"]
            self.conn.execute(update(t).where(t.c.id == bindparam("b_id")).values(
                {c: bindparam(f"b_{c}") for c in columns}), p_updates)
