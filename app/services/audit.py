"""The audit trail: one row per recorded change, written in the caller's transaction."""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.models import AuditEntry, Deletion


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some Windows set-ups
        return ""


def record(s: Session, action: str, entity: str, uuid: str, summary: str, details: dict | None = None) -> None:
    """Add an audit row to the session ``s`` (committed with the caller's change)."""
    s.add(
        AuditEntry(
            user_name=current_user(),
            action=action,
            entity=entity,
            entity_uuid=uuid,
            summary=summary,
            details=json.dumps(details or {}, ensure_ascii=False, default=str),
        )
    )


def tombstone(s: Session, table: str, uuid: str) -> None:
    s.add(Deletion(table_name=table, uuid=uuid))


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    user_name: str
    action: str
    entity: str
    entity_uuid: str
    summary: str


def recent(db: Database, limit: int = 200, entity_uuid: str | None = None) -> list[AuditRow]:
    with db.session() as s:
        q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if entity_uuid:
            q = q.where(AuditEntry.entity_uuid == entity_uuid)
        return [
            AuditRow(a.at, a.user_name, a.action, a.entity, a.entity_uuid, a.summary) for a in s.scalars(q)
        ]
