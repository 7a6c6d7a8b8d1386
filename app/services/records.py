"""Deleting a named registry record the same way everywhere: refuse it if anything refers to it,
otherwise record the deletion (audit trail and tombstone) and delete it, in one transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.db.engine import Database
from app.services import audit, references
from app.services.errors import InUse, NotFound


def get_or_fail(s: Session, model, record_id: int):
    record = s.get(model, record_id)
    if record is None:
        raise NotFound(record_id)
    return record


def delete_named_record(db: Database, model, entity: str, record_id: int) -> None:
    """Delete the ``model`` row ``record_id`` (an ``entity`` such as "clan" or "unit" with a
    ``name``); raises NotFound, or InUse with the reasons when other records refer to it."""
    with db.session() as s:
        record = get_or_fail(s, model, record_id)
        reasons = references.referring(s, entity, [record_id])
        if reasons:
            raise InUse(reasons)
        audit.record(s, "delete", entity, record.uuid, record.name)
        audit.tombstone(s, entity, record.uuid)
        s.delete(record)
