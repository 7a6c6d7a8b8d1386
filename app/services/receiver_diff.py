"""What a package changes against what the office already holds from that commune (the preview).

:func:`plan` reads the stored summary, recognitions and records of the commune and returns a
:class:`Plan` (Vietnamese change lines, counts, the summary and recognitions to write). The
records of a ``full`` package (≈ 250,000 for 20,000 households) are streamed from the package
in chunks and compared with the stored ones chunk by chunk (SQL lookups by uuid, nothing held for
the whole package); given ``write_package_id``, :func:`plan` also writes them, chunk by chunk, in
the caller's transaction (:mod:`app.services.receiver_import`), so the preview and the import are
one pass and a refusal half-way rolls everything back.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.exchange.package_errors import PackageRefused
from app.exchange.package_read import OpenedPackage, iter_jsonl, iter_jsonl_lines
from app.i18n import N_, _
from app.models import ReceivedRecognition, ReceivedRecord, ReceivedSummary

SUMMARY = "data/summary.json"
RECOGNITIONS = "data/recognitions.jsonl"
DELETIONS = "data/deletions.jsonl"
_TABLE = re.compile(r"^data/([a-z][a-z0-9_]*)\.jsonl$")

TITLE_NAMES = {"GDHT": N_("Gia đình học tập"), "DHHT": N_("Dòng họ học tập"), "CDHT_THON": N_("Cộng đồng học tập"),
               "DVHT": N_("Đơn vị học tập"), "CDHT_CONG_DAN": N_("Công dân học tập")}
_FIGURES = (("exist", N_("hiện có")), ("registered", N_("đăng ký")), ("assessed", N_("đánh giá")),
            ("recognised", N_("công nhận")))
TABLE_NAMES = {"villages": N_("Thôn, bản"), "village": N_("Thôn, bản"), "households": N_("Hộ gia đình"),
               "household": N_("Hộ gia đình"), "persons": N_("Nhân khẩu"), "person": N_("Nhân khẩu"),
               "clans": N_("Dòng họ"), "clan": N_("Dòng họ"), "units": N_("Đơn vị"), "unit": N_("Đơn vị"),
               "classes": N_("Lớp học"), "class": N_("Lớp học"), "assessments": N_("Kết quả đánh giá"),
               "assessment": N_("Kết quả đánh giá"), "clan_households": N_("Hộ thuộc dòng họ"),
               "unit_members": N_("Thành viên đơn vị"), "class_topics": N_("Chủ đề lớp học"),
               "class_instructors": N_("Báo cáo viên, hướng dẫn viên"), "class_sessions": N_("Buổi học"),
               "class_enrolments": N_("Học viên của lớp"), "class_attendance": N_("Điểm danh"),
               "criteria_sets": N_("Bộ tiêu chí"), "assessment_rounds": N_("Đợt đánh giá"),
               "decisions": N_("Quyết định công nhận"), "decision_subjects": N_("Danh sách kèm quyết định"),
               "deletions": N_("Bản ghi đã xóa")}


def table_label(table: str) -> str:
    return _(TABLE_NAMES[table]) if table in TABLE_NAMES else table


@dataclass
class Plan:
    changes: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    first_package: bool = True
    summary: dict | None = None
    summary_text: str | None = None
    recognitions: list[tuple[str, str, int, str]] = field(default_factory=list)   # uuid, title, year, json


def _canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def plan(s: Session, commune_id: int | None, opened: OpenedPackage, write_package_id: str | None = None) -> Plan:
    """The preview (and, given ``write_package_id``, the records written with ``s``). Raises
    :class:`PackageRefused` for bad data lines."""
    out = Plan()
    year = opened.year
    if SUMMARY in opened.files:
        _plan_summary(s, commune_id, year, opened, out)
    if RECOGNITIONS in opened.files:
        _plan_recognitions(s, commune_id, year, opened, out)
    if opened.content == "full":
        _plan_records(s, commune_id, opened, out, write_package_id)
    if not out.changes:
        out.changes.append(_("Không có gì thay đổi so với gói trước của xã."))
    return out


def _plan_summary(s: Session, commune_id, year: int, opened: OpenedPackage, out: Plan) -> None:
    new = json.loads(opened.files[SUMMARY].decode("utf-8"))
    out.summary, out.summary_text = new, _canonical(new)
    old_row = None
    if commune_id is not None:
        old_row = s.scalar(select(ReceivedSummary.summary).where(ReceivedSummary.commune_id == commune_id,
                                                                 ReceivedSummary.year == year))
    if old_row is None:
        out.first_package = True
        out.changes.append(_("Lần đầu nhận số liệu năm {year} của xã.").format(year=year))
        out.counts["figures_changed"] = 0
        return
    out.first_package = False
    old = json.loads(old_row)
    lines = _title_changes(old.get("titles") or [], new.get("titles") or [])
    old_classes, new_classes = old.get("classes") or {}, new.get("classes") or {}
    for key, label in (("classes", _("lớp học")), ("learners", _("người học")), ("turnouts", _("lượt người học"))):
        if old_classes.get(key) != new_classes.get(key):
            lines.append(_("Lớp học: {label} {old} → {new}").format(label=label, old=old_classes.get(key),
                                                                  new=new_classes.get(key)))
    old_v = {v.get("uuid") or v.get("name") for v in old.get("villages") or []}
    new_v = {v.get("uuid") or v.get("name") for v in new.get("villages") or []}
    if old_v != new_v:
        lines.append(_("Danh sách thôn, bản: thêm {a}, bớt {r}").format(a=len(new_v - old_v), r=len(old_v - new_v)))
    out.counts["figures_changed"] = len(lines)
    if not lines and _canonical(old) != out.summary_text:
        lines.append(_("Số liệu tổng hợp có thay đổi nhỏ (theo thôn, bản hoặc tự đánh giá)."))
    out.changes.extend(lines)


def _title_changes(old_titles: list, new_titles: list) -> list[str]:
    old_by = {t.get("code"): t for t in old_titles if isinstance(t, dict)}
    lines = []
    for t in new_titles:
        if not isinstance(t, dict):
            continue
        before = old_by.get(t.get("code"), {})
        parts = [_("{label} {old} → {new}").format(label=_(label), old=before.get(k), new=t.get(k))
                 for k, label in _FIGURES if before.get(k) != t.get(k)]
        if parts:
            name = _(TITLE_NAMES[t["code"]]) if t.get("code") in TITLE_NAMES else t.get("name") or t.get("code")
            lines.append(f"{name}: " + "; ".join(parts))
    return lines


def _plan_recognitions(s: Session, commune_id, year: int, opened: OpenedPackage, out: Plan) -> None:
    new: dict[str, tuple[str, int, str]] = {}
    for rec in iter_jsonl(opened.files[RECOGNITIONS], RECOGNITIONS):
        uid = rec.get("uuid")
        if not isinstance(uid, str) or not uid:
            raise PackageRefused("bad_data", _("Tệp {path}: có dòng thiếu “uuid”.").format(path=RECOGNITIONS))
        if uid in new:
            raise PackageRefused("bad_data", _("Tệp {path}: công nhận {uuid} xuất hiện hai lần.").format(
                path=RECOGNITIONS, uuid=uid))
        new[uid] = (str(rec.get("title_code") or ""), year, _canonical(rec))
    old: dict[str, str] = {}
    if commune_id is not None:
        old = dict(s.execute(select(ReceivedRecognition.record_uuid, ReceivedRecognition.data)
                             .where(ReceivedRecognition.commune_id == commune_id, ReceivedRecognition.year == year)).all())
    added = [u for u in new if u not in old]
    removed = [u for u in old if u not in new]
    changed = [u for u in new if u in old and old[u] != new[u][2]]
    out.recognitions = [(u, t, y, text) for u, (t, y, text) in new.items()]
    out.counts["recognitions"] = {"total": len(new), "added": len(added), "removed": len(removed),
                                  "changed": len(changed)}
    if old or not out.first_package:
        if added or removed or changed:
            out.changes.append(_("Danh sách công nhận: thêm {a}, bỏ {r}, sửa {c} (tổng {n}).").format(
                a=len(added), r=len(removed), c=len(changed), n=len(new)))
            names = [json.loads(new[u][2]).get("display_name", "") for u in added[:5]]
            if names:
                out.changes.append(_("Công nhận mới: {names}").format(names=", ".join(n for n in names if n)
                                                                       + ("…" if len(added) > 5 else "")))
            removed_names = [json.loads(old[u]).get("display_name", "") for u in removed[:5]]
            if removed_names:
                out.changes.append(_("Công nhận bị bỏ: {names}").format(
                    names=", ".join(n for n in removed_names if n) + ("…" if len(removed) > 5 else "")))
    else:
        out.changes.append(_("Danh sách công nhận: {n} công nhận.").format(n=len(new)))


def _digest(line: bytes) -> str:
    return hashlib.blake2b(line, digest_size=16).hexdigest()


_CHUNK = 5000       # records compared (and written) at a time
_INSERT = (f"INSERT INTO {ReceivedRecord.__tablename__} (commune_id, table_name, record_uuid, updated_at, digest, data, "
           "deleted_at, package_id) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)")
_LOOKUP = 500       # uuids in one SQL lookup


def _stored(s: Session, commune_id: int, table: str, uids: list[str]) -> dict[str, tuple[int, str, str | None]]:
    """uuid → (id, digest, deleted_at) of the stored records of ``table`` among ``uids``."""
    found = {}
    for i in range(0, len(uids), _LOOKUP):
        found.update((uid, (rid, digest, deleted)) for rid, uid, digest, deleted in s.execute(
            select(ReceivedRecord.id, ReceivedRecord.record_uuid, ReceivedRecord.digest, ReceivedRecord.deleted_at)
            .where(ReceivedRecord.commune_id == commune_id, ReceivedRecord.table_name == table,
                   ReceivedRecord.record_uuid.in_(uids[i:i + _LOOKUP]))))
    return found


def _plan_records(s: Session, commune_id, opened: OpenedPackage, out: Plan, write_package_id: str | None) -> None:
    has_old = commune_id is not None and s.scalar(
        select(ReceivedRecord.id).where(ReceivedRecord.commune_id == commune_id).limit(1)) is not None
    tables = [(path, m.group(1)) for path in sorted(opened.files)
              if (m := _TABLE.match(path)) and path not in (RECOGNITIONS, DELETIONS)]
    counts: dict[str, dict[str, int]] = {table: {"total": 0, "new": 0, "changed": 0, "deleted": 0}
                                         for _path, table in tables}
    deletions = _plan_deletions(s, commune_id if has_old else None, opened, counts) if DELETIONS in opened.files else []
    for path, table in tables:
        c = counts[table]
        seen: set[str] = set()
        chunk: list[tuple[str, str, str, str]] = []
        for n, line in opened.files.lines(path):
            if not line.strip():
                continue
            text = _text(line, path, n)
            uid, updated = _record_keys(text, path, n)
            if uid in seen:
                raise PackageRefused("bad_data", _("Tệp {path}: bản ghi {uuid} xuất hiện hai lần.").format(path=path, uuid=uid))
            seen.add(uid)
            chunk.append((uid, updated, _digest(line), text))
            if len(chunk) >= _CHUNK:
                _compare(s, commune_id, table, chunk, c, has_old, write_package_id)
                chunk = []
        if chunk:
            _compare(s, commune_id, table, chunk, c, has_old, write_package_id)
    if write_package_id is not None and deletions:
        s.execute(update(ReceivedRecord), deletions)
    out.counts["records"] = counts
    for table, c in sorted(counts.items()):
        if c["new"] or c["changed"] or c["deleted"]:
            out.changes.append(_("{table}: {new} mới, {changed} thay đổi, {deleted} xóa (gói có {total}).").format(
                table=table_label(table), **c))


def _compare(s: Session, commune_id, table: str, chunk, c: dict, has_old: bool, write_package_id: str | None) -> None:
    """Count (and write) one chunk of records: new, changed (digest differs, or was deleted)."""
    old = _stored(s, commune_id, table, [row[0] for row in chunk]) if has_old else {}
    inserts, updates = [], []
    for uid, updated, digest, text in chunk:
        c["total"] += 1
        was = old.get(uid)
        if was is None:
            c["new"] += 1
            if write_package_id is not None:
                inserts.append((commune_id, table, uid, updated, digest, text, write_package_id))
        elif was[1] != digest or was[2] is not None:
            c["changed"] += 1
            if write_package_id is not None:
                updates.append({"id": was[0], "updated_at": updated, "digest": digest, "data": text, "deleted_at": None,
                                "package_id": write_package_id})
    if inserts:
        s.connection().exec_driver_sql(_INSERT, inserts)
    if updates:
        s.execute(update(ReceivedRecord), updates)


def _deletion_lines(opened: OpenedPackage):
    for _n, rec in iter_jsonl_lines(opened.files.lines(DELETIONS), DELETIONS):
        table, uid, at = rec.get("table"), rec.get("uuid"), rec.get("deleted_at")
        if not all(isinstance(v, str) and v for v in (table, uid, at)):
            raise PackageRefused("bad_data", _("Tệp {path}: dòng xóa thiếu “table”, “uuid” hoặc “deleted_at”.").format(
                path=DELETIONS))
        yield table, uid, at


def _plan_deletions(s: Session, commune_id: int | None, opened: OpenedPackage, counts: dict) -> list[dict]:
    """The stored, not yet deleted records the package's tombstones delete (as the commune held
    them before this package), as rows for a bulk update."""
    by_table: dict[str, list[tuple[str, str]]] = {}
    for table, uid, at in _deletion_lines(opened):
        by_table.setdefault(table, []).append((uid, at))
    out = []
    for table, lines in by_table.items() if commune_id is not None else ():
        old = _stored(s, commune_id, table, list(dict.fromkeys(uid for uid, _at in lines)))
        for uid, at in lines:
            was = old.get(uid)
            if was is not None and was[2] is None:
                out.append({"id": was[0], "deleted_at": at})
                counts.setdefault(table, {"total": 0, "new": 0, "changed": 0, "deleted": 0})["deleted"] += 1
    return out


def _text(line: bytes, path: str, n: int) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageRefused("bad_data", _("Tệp {path}, dòng {n}: không đọc được JSON.").format(path=path, n=n)) from exc


def _record_keys(line: str, path: str, n: int) -> tuple[str, str]:
    try:
        rec = json.loads(line)
    except ValueError as exc:
        raise PackageRefused("bad_data", _("Tệp {path}, dòng {n}: không đọc được JSON.").format(path=path, n=n)) from exc
    uid = rec.get("uuid") if isinstance(rec, dict) else None
    updated = rec.get("updated_at") if isinstance(rec, dict) else None
    if not isinstance(uid, str) or not uid or not isinstance(updated, str):
        raise PackageRefused("bad_data", _("Tệp {path}, dòng {n}: bản ghi thiếu “uuid” hoặc “updated_at”.").format(
            path=path, n=n))
    return uid, updated
