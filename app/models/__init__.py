"""SQLAlchemy models: persistence only. Import this package to register every table."""

from app.models.base import Base
from app.models.registry import (
    AuditEntry,
    Clan,
    ClanHousehold,
    CommuneProfile,
    Deletion,
    Household,
    Person,
    Setting,
    Signer,
    Unit,
    UnitMember,
    Village,
)

__all__ = [
    "AuditEntry", "Base", "Clan", "ClanHousehold", "CommuneProfile", "Deletion", "Household",
    "Person", "Setting", "Signer", "Unit", "UnitMember", "Village",
]
