"""Evidence (minh chứng) for an assessment: files copied into the data folder under their content
hash, and notes.

A file is read once, hashed (SHA-256) while it is copied to a temporary name beside its final
place, then renamed to ``<evidence>/<sha256[:2]>/<sha256>.<ext>``; the same content is stored once
however often it is attached, and deleting or changing the original afterwards loses nothing.
Removing an evidence row deletes the stored file only when no other row uses it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.i18n import _
from app.models import Assessment, AssessmentEvidence
from app.paths import Paths
from app.services import audit
from app.services.errors import NotFound, Problem, ValidationFailed

ALLOWED_EXTENSIONS = frozenset({
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".txt",
})
MAX_BYTES = 50 * 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class EvidenceRow:
    """A file (``kind`` "file": original name, extension, size, hash) or a note (``kind`` "note");
    ``indicator_code`` is empty for evidence about the whole assessment."""

    id: int
    uuid: str
    assessment_id: int
    indicator_code: str
    kind: str
    file_name: str
    extension: str
    size: int
    sha256: str
    note: str
    added_by: str
    added_at: datetime


def _row(e: AssessmentEvidence) -> EvidenceRow:
    return EvidenceRow(e.id, e.uuid, e.assessment_id, e.indicator_code, e.kind, e.file_name, e.extension, e.size,
                       e.sha256, e.note, e.added_by, e.created_at)


def stored_path(paths: Paths, sha256: str, extension: str) -> Path:
    """Where the content with this hash lives in the data folder."""
    return paths.evidence / sha256[:2] / f"{sha256}{extension}"


def evidence_file(paths: Paths, row: EvidenceRow) -> Path | None:
    """The stored file of a file evidence (None for a note)."""
    return stored_path(paths, row.sha256, row.extension) if row.kind == "file" else None


def _copy_hashed(source: Path, folder: Path) -> tuple[str, int, Path]:
    """Copy ``source`` into a temporary file in ``folder`` while hashing it: (sha256, size, temp path)."""
    folder.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size, Path(tmp)


def _check_assessment(s: Session, assessment_id: int, locked_ok: bool) -> Assessment:
    a = s.get(Assessment, assessment_id)
    if a is None:
        raise NotFound(assessment_id)
    if a.locked and not locked_ok:
        raise ValidationFailed([Problem("evidence", _("Đối tượng đã có quyết định công nhận; mở lại (có lý do) "
                                                      "trước khi bỏ minh chứng."))])
    return a


def add_evidence_file(db: Database, paths: Paths, assessment_id: int, indicator_code: str, source_path: Path,
                      by: str = "") -> EvidenceRow:
    """Attach a photo, scan, PDF or document. The content is stored under its SHA-256 (once, however
    often attached). Raises ValidationFailed for a missing, empty, too large or unsupported file."""
    source = Path(source_path)
    ext = source.suffix.lower()
    if not source.is_file():
        raise ValidationFailed([Problem("file", _("Không tìm thấy tệp {name}.").format(name=source.name))])
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationFailed([Problem("file", _("Không nhận loại tệp “{ext}”; hãy dùng ảnh, bản quét, PDF hoặc "
                                                  "văn bản.").format(ext=ext or source.name))])
    size = source.stat().st_size
    if size == 0 or size > MAX_BYTES:
        raise ValidationFailed([Problem("file", _("Tệp {name} rỗng hoặc lớn hơn 50 MB.").format(name=source.name))])
    with db.session() as s:
        _check_assessment(s, assessment_id, locked_ok=True)
    sha, size, tmp = _copy_hashed(source, paths.evidence / ".incoming")
    final = stored_path(paths, sha, ext)
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():
        tmp.unlink(missing_ok=True)
    else:
        os.replace(tmp, final)
    with db.session() as s:
        a = _check_assessment(s, assessment_id, locked_ok=True)
        e = AssessmentEvidence(assessment_id=a.id, indicator_code=indicator_code, kind="file", sha256=sha,
                               file_name=source.name, extension=ext, size=size, note="", added_by=by)
        s.add(e)
        s.flush()
        audit.record(s, "evidence_add", "assessment", a.uuid, _("Thêm minh chứng {code}: {name}").format(
            code=indicator_code or "—", name=source.name), {"sha256": sha, "indicator": indicator_code, "by": by})
        return _row(e)


def add_evidence_note(db: Database, assessment_id: int, indicator_code: str, note: str, by: str = "") -> EvidenceRow:
    """Attach a written note. Raises ValidationFailed for an empty note."""
    if not note.strip():
        raise ValidationFailed([Problem("note", _("Ghi chú minh chứng đang trống."))])
    with db.session() as s:
        a = _check_assessment(s, assessment_id, locked_ok=True)
        e = AssessmentEvidence(assessment_id=a.id, indicator_code=indicator_code, kind="note", note=note.strip(),
                               added_by=by)
        s.add(e)
        s.flush()
        audit.record(s, "evidence_add", "assessment", a.uuid, _("Thêm ghi chú minh chứng {code}").format(
            code=indicator_code or "—"), {"note": note.strip(), "indicator": indicator_code, "by": by})
        return _row(e)


def evidence_in(s: Session, assessment_id: int) -> list[EvidenceRow]:
    q = select(AssessmentEvidence).where(AssessmentEvidence.assessment_id == assessment_id).order_by(
        AssessmentEvidence.indicator_code, AssessmentEvidence.id)
    return [_row(e) for e in s.scalars(q)]


def list_evidence(db: Database, assessment_id: int) -> list[EvidenceRow]:
    """The evidence of an assessment, by indicator then in the order added."""
    with db.session() as s:
        return evidence_in(s, assessment_id)


def remove_evidence(db: Database, paths: Paths, evidence_id: int, by: str = "") -> None:
    """Remove one evidence row (refused while a decision locks the assessment); its stored file is
    deleted after the commit unless another evidence row uses the same content."""
    with db.session() as s:
        e = s.get(AssessmentEvidence, evidence_id)
        if e is None:
            raise NotFound(evidence_id)
        a = _check_assessment(s, e.assessment_id, locked_ok=False)
        sha, ext, kind = e.sha256, e.extension, e.kind
        audit.record(s, "evidence_remove", "assessment", a.uuid, _("Bỏ minh chứng {code}: {name}").format(
            code=e.indicator_code or "—", name=e.file_name or e.note[:60]), {"sha256": sha, "by": by})
        audit.tombstone(s, "assessment_evidence", e.uuid)
        s.delete(e)
        s.flush()
        others = s.scalar(select(func.count(AssessmentEvidence.id)).where(
            AssessmentEvidence.sha256 == sha, AssessmentEvidence.extension == ext)) if sha else 0
    if kind == "file" and not others:
        stored_path(paths, sha, ext).unlink(missing_ok=True)
