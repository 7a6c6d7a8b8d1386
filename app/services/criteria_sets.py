"""Criteria sets in the database: shipped sets installed on first use, import, export, editing,
copying to a new period and confirming a sample.

A set file is a JSON document in the format of ``resources/criteria/schema.json`` (see
``docs/criteria-format.md``). Every way in (:func:`import_set`, :func:`save_set`,
:func:`copy_set`) validates the document — the schema, then :func:`app.domain.criteria.check_set`
(points add up, codes unique, derivations known) — and refuses a bad one with
:class:`~app.services.errors.ValidationFailed` carrying Vietnamese messages; nothing is written then.
"""

from __future__ import annotations

import copy
import hashlib
import json
import weakref
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import jsonschema
from jsonschema.exceptions import best_match
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.criteria import (
    SAMPLE_LABEL,
    STATUSES,
    CriteriaSet,
    check_set,
    parse_document,
    target_group_name,
    title_name,
)
from app.i18n import _
from app.models import Assessment, AssessmentRound
from app.models import CriteriaSet as CriteriaSetRow
from app.models.base import utcnow
from app.paths import resources_dir
from app.services import audit, derivations
from app.services.errors import NotFound, Problem, ValidationFailed


@dataclass(frozen=True)
class SetInfo:
    """A criteria set as lists show it. ``needs_confirmation``: a sample nobody has confirmed yet,
    so no round using it can be decided; ``label`` is the warning to show beside its name."""

    id: int
    uuid: str
    code: str
    version: int
    title_code: str
    title_name: str
    target_group: str
    target_group_name: str
    name_vi: str
    status: str
    issuing_document: str
    issuing_date: date | None
    valid_from: date | None
    valid_to: date | None
    province: str
    origin: str
    confirmed_by: str
    confirmed_at: datetime | None
    total_points: float

    @property
    def needs_confirmation(self) -> bool:
        return self.status == "sample" and not self.confirmed_by

    @property
    def label(self) -> str:
        if self.status == "sample":
            return _(SAMPLE_LABEL) if self.needs_confirmation else _("Bộ tiêu chí mẫu đã được {by} xác nhận").format(
                by=self.confirmed_by)
        return _(STATUSES[self.status]) if self.status == "partial" else ""


@dataclass(frozen=True)
class CriterionCheck:
    code: str
    max_points: float
    indicators_sum: float

    @property
    def ok(self) -> bool:
        return abs(self.max_points - self.indicators_sum) < 1e-9


@dataclass(frozen=True)
class PointsCheck:
    """Whether the points of a document being edited add up, criterion by criterion."""

    criteria: tuple[CriterionCheck, ...]
    total_points: float
    criteria_sum: float

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.criteria) and abs(self.total_points - self.criteria_sum) < 1e-9


def set_info(r: CriteriaSetRow) -> SetInfo:
    """The list row of a stored set."""
    return SetInfo(r.id, r.uuid, r.code, r.version, r.title_code, title_name(r.title_code), r.target_group,
                   target_group_name(r.target_group), r.name_vi, r.status, r.issuing_document, r.issuing_date,
                   r.valid_from, r.valid_to, r.province, r.origin, r.confirmed_by, r.confirmed_at,
                   parse_document(r.document).total_points)


# ---------------------------------------------------------------- validation


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((resources_dir() / "criteria" / "schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


_TYPES = {"number": "một số", "integer": "một số nguyên", "string": "một chuỗi chữ", "array": "một danh sách",
          "object": "một đối tượng", "boolean": "true hoặc false", "null": "null"}


def _where(doc, path) -> str:
    """A JSON path with list items named by their code: ``criteria/TC1/indicators/TC1.2/max_points``."""
    parts, node = [], doc
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        code = node.get("code") if isinstance(key, int) and isinstance(node, dict) else None
        parts.append(str(code) if isinstance(code, str) else str(key + 1) if isinstance(key, int) else str(key))
    return "/".join(parts) or _("(gốc)")


def _schema_message(doc, e: jsonschema.ValidationError) -> str:
    while e.context:
        e = best_match(e.context)
    v, val = e.validator, e.validator_value
    if v == "required":
        missing = [f for f in val if isinstance(e.instance, dict) and f not in e.instance]
        what = _("thiếu trường “{f}”").format(f=", ".join(missing))
    elif v == "type":
        types = val if isinstance(val, list) else [val]
        what = _("phải là {t}").format(t=_(" hoặc ").join(_TYPES.get(t, t) for t in types))
    elif v in ("enum", "const"):
        choices = val if v == "enum" else [val]
        what = _("giá trị “{x}” không hợp lệ; chọn: {c}").format(x=e.instance, c=", ".join(map(str, choices)))
    elif v in ("minimum", "exclusiveMinimum", "maximum"):
        what = _("giá trị {x} ngoài giới hạn ({rule} {lim})").format(x=e.instance, rule=v, lim=val)
    elif v == "additionalProperties":
        what = _("có trường không thuộc định dạng: {f}").format(f=", ".join(sorted(set(e.instance) - set(
            e.schema.get("properties", {})))))
    elif v in ("minItems", "minLength", "minProperties"):
        what = _("không được để trống")
    elif v == "pattern":
        what = _("“{x}” không đúng dạng").format(x=e.instance)
    else:
        what = e.message
    return _("{where}: {what}.").format(where=_where(doc, e.absolute_path), what=what)


def validate_document(doc) -> list[str]:
    """Vietnamese messages for everything wrong with ``doc`` (empty: it can be saved)."""
    if not isinstance(doc, dict):
        return [_("Tệp bộ tiêu chí phải là một đối tượng JSON.")]
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        return [_schema_message(doc, e) for e in errors[:10]]
    return check_set(doc, derivations.kinds())


def points_check(doc: dict) -> PointsCheck:
    """Sums of a (possibly incomplete) document being edited, for a live check in the editor."""
    crits = []
    for c in doc.get("criteria", ()):
        s = sum(float(i.get("max_points") or 0) for i in c.get("indicators", ()))
        crits.append(CriterionCheck(str(c.get("code", "")), float(c.get("max_points") or 0), s))
    return PointsCheck(tuple(crits), float(doc.get("total_points") or 0), sum(c.max_points for c in crits))


def _refuse(messages: list[str], field: str = "document") -> ValidationFailed:
    return ValidationFailed([Problem(field, m) for m in messages])


def content_hash(doc: dict) -> str:
    """SHA-256 of the document's canonical JSON (key order and spacing do not count)."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- storing


def _store(s: Session, doc: dict, origin: str, row: CriteriaSetRow | None = None) -> CriteriaSetRow:
    text = json.dumps(doc, ensure_ascii=False)
    cs = parse_document(text)
    row = row or CriteriaSetRow()
    row.code, row.version, row.title_code, row.target_group = cs.code, cs.version, cs.title_code, cs.target_group
    row.name_vi, row.issuing_document, row.issuing_date = cs.name_vi, cs.issuing_document, cs.issuing_date
    row.valid_from, row.valid_to, row.province, row.status = cs.valid_from, cs.valid_to, cs.province, cs.status
    row.origin, row.document, row.content_hash = origin, text, content_hash(doc)
    s.add(row)
    s.flush()
    return row


def _existing(s: Session, code: str, version: int) -> CriteriaSetRow | None:
    return s.scalar(select(CriteriaSetRow).where(CriteriaSetRow.code == code, CriteriaSetRow.version == version))


_installed: weakref.WeakSet = weakref.WeakSet()


def shipped_documents() -> list[tuple[Path, dict]]:
    folder = resources_dir() / "criteria"
    return [(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.json"))
            if p.name != "schema.json"]


def install_shipped(db: Database) -> int:
    """Add the shipped sets missing from the database (by code and version); never overwrites a set
    already there. Done once per Database object; returns how many were added."""
    if db in _installed:
        return 0
    added = 0
    with db.session() as s:
        for path, doc in shipped_documents():
            problems = validate_document(doc)
            if problems:
                raise RuntimeError(f"{path.name}: {problems}")
            if _existing(s, doc["code"], doc["version"]) is None:
                row = _store(s, doc, "shipped")
                audit.record(s, "install", "criteria_set", row.uuid, row.name_vi)
                added += 1
    _installed.add(db)
    return added


def list_sets(db: Database, title_code: str | None = None) -> list[SetInfo]:
    """Every set (of one title), by title, target group, validity (newest first) and version."""
    install_shipped(db)
    with db.session() as s:
        q = select(CriteriaSetRow)
        if title_code:
            q = q.where(CriteriaSetRow.title_code == title_code)
        rows = s.scalars(q).all()
        rows.sort(key=lambda r: (r.title_code, r.target_group, -(r.valid_from or date.min).toordinal(), -r.version))
        return [set_info(r) for r in rows]


def get_set(db: Database, set_id: int) -> tuple[SetInfo, CriteriaSet]:
    """The set's list row and its parsed content. Raises NotFound."""
    with db.session() as s:
        r = s.get(CriteriaSetRow, set_id)
        if r is None:
            raise NotFound(set_id)
        return set_info(r), parse_document(r.document)


def get_document(db: Database, set_id: int) -> dict:
    """A fresh copy of the set's JSON document, for the editor or an export."""
    with db.session() as s:
        r = s.get(CriteriaSetRow, set_id)
        if r is None:
            raise NotFound(set_id)
        return copy.deepcopy(json.loads(r.document))


def set_for(s: Session, year: int, title_code: str, target_group: str = "") -> CriteriaSetRow | None:
    """The set for a round: same title and target group, valid on 31 December of ``year``;
    confirmed or non-sample sets first, then the latest valid_from and version."""
    day = date(year, 12, 31)
    rows = s.scalars(select(CriteriaSetRow).where(CriteriaSetRow.title_code == title_code,
                                                  CriteriaSetRow.target_group == (target_group or ""))).all()
    rows = [r for r in rows if (r.valid_from or date.min) <= day <= (r.valid_to or date.max)]
    rows.sort(key=lambda r: (r.status != "sample" or bool(r.confirmed_by), r.valid_from or date.min, r.version))
    return rows[-1] if rows else None


def import_set(db: Database, path: Path, by: str = "") -> SetInfo:
    """Load a set file (JSON, UTF-8). Raises ValidationFailed, naming the problem, when the file is
    unreadable, invalid or a different set with the same code and version exists; re-importing
    the identical set returns it unchanged."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise _refuse([_("Không đọc được tệp {name}: {err}.").format(name=Path(path).name, err=exc)]) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refuse([_("Tệp {name} không phải JSON hợp lệ ({err}).").format(name=Path(path).name, err=exc)]) from exc
    problems = validate_document(doc)
    if problems:
        raise _refuse(problems)
    install_shipped(db)
    with db.session() as s:
        old = _existing(s, doc["code"], doc["version"])
        if old is not None:
            if old.content_hash == content_hash(doc):
                return set_info(old)
            raise _refuse([_("Đã có bộ tiêu chí {code} phiên bản {v} khác nội dung; đổi số phiên bản (version) "
                             "trước khi nhập.").format(code=doc["code"], v=doc["version"])])
        row = _store(s, doc, "imported")
        audit.record(s, "import", "criteria_set", row.uuid, _("Nhập bộ tiêu chí {name} ({by}).").format(
            name=row.name_vi, by=by or audit.current_user()), {"file": str(path)})
        return set_info(row)


def export_set(db: Database, set_id: int, path: Path) -> Path:
    """Write the set as an indented UTF-8 JSON file another commune can import; returns ``path``."""
    doc = get_document(db, set_id)
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Path(path)


def _decided_rounds(s: Session, set_id: int) -> int:
    return s.scalar(select(func.count(Assessment.id)).join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
                    .where(AssessmentRound.criteria_set_id == set_id, Assessment.decision_id.is_not(None))) or 0


def save_set(db: Database, doc: dict, set_id: int | None = None, by: str = "") -> SetInfo:
    """Save a document from the editor: a new set, or set ``set_id`` edited in place. Editing clears
    a confirmation and recomputes the rounds using the set. Raises ValidationFailed when the document
    is invalid, its code and version belong to another set, or a decision already used the set."""
    problems = validate_document(doc)
    if problems:
        raise _refuse(problems)
    with db.session() as s:
        row = s.get(CriteriaSetRow, set_id) if set_id else None
        if set_id and row is None:
            raise NotFound(set_id)
        other = _existing(s, doc["code"], doc["version"])
        if other is not None and other is not row:
            raise _refuse([_("Đã có bộ tiêu chí {code} phiên bản {v}.").format(code=doc["code"], v=doc["version"])])
        if row is not None and _decided_rounds(s, row.id):
            raise _refuse([_("Bộ tiêu chí đã được dùng trong quyết định công nhận; hãy sao chép thành phiên bản "
                             "mới rồi sửa.")])
        old_hash = row.content_hash if row else ""
        row = _store(s, doc, "edited", row)
        if row.content_hash != old_hash:
            row.confirmed_by, row.confirmed_at = "", None
        audit.record(s, "save", "criteria_set", row.uuid, _("Lưu bộ tiêu chí {name}.").format(name=row.name_vi),
                     {"by": by, "old_hash": old_hash, "new_hash": row.content_hash})
        years = s.scalars(select(AssessmentRound.year).where(AssessmentRound.criteria_set_id == row.id)).all()
        for year in sorted(set(years)):
            derivations.recompute_in(s, year)
        return set_info(row)


def copy_set(db: Database, set_id: int, valid_from: date, valid_to: date | None = None, by: str = "") -> SetInfo:
    """A copy of the set as the next free version, valid from ``valid_from`` (the previous year's set
    carried into a new year). A sample stays a sample and needs its own confirmation."""
    doc = get_document(db, set_id)
    with db.session() as s:
        doc["version"] = (s.scalar(select(func.max(CriteriaSetRow.version)).where(
            CriteriaSetRow.code == doc["code"])) or 0) + 1
    doc["valid_from"] = valid_from.isoformat()
    doc["valid_to"] = valid_to.isoformat() if valid_to else None
    info = save_set(db, doc, by=by)
    with db.session() as s:
        s.get(CriteriaSetRow, info.id).origin = "copied"
    return get_set(db, info.id)[0]


def confirm_set(db: Database, set_id: int, by: str) -> SetInfo:
    """Record that ``by`` checked the set against the province's guidance (required before a round
    on a sample set can be decided). Raises ValidationFailed when ``by`` is empty."""
    if not by.strip():
        raise _refuse([_("Nhập tên người xác nhận bộ tiêu chí.")], "by")
    with db.session() as s:
        r = s.get(CriteriaSetRow, set_id)
        if r is None:
            raise NotFound(set_id)
        old = r.confirmed_by
        r.confirmed_by, r.confirmed_at = by.strip(), utcnow()
        audit.record(s, "confirm", "criteria_set", r.uuid, _("{by} xác nhận bộ tiêu chí {name}.").format(
            by=r.confirmed_by, name=r.name_vi), {"confirmed_by": [old, r.confirmed_by]})
        return set_info(r)
