"""SQLAlchemy models: persistence only. Import this package to register every table."""

from app.models.assessment import (
    Assessment,
    AssessmentEvidence,
    AssessmentRound,
    CriteriaSet,
    Decision,
    DecisionSubject,
)
from app.models.base import Base
from app.models.certificates import CertificateEntry, CertificateReprint
from app.models.classes import Attendance, Class, ClassSession, Enrolment, Instructor, Topic
from app.models.packages import PackageRecipient, SentPackage
from app.models.receiver import (
    ReceivedPackage,
    ReceivedRecognition,
    ReceivedRecord,
    ReceivedSummary,
    ReceiverCommune,
    ReceiverCommuneKey,
    ReceiverImportEvent,
)
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
from app.models.targets import ReportText, Target

__all__ = [
    "Assessment", "AssessmentEvidence", "AssessmentRound", "CriteriaSet", "Decision", "DecisionSubject",
    "AuditEntry", "Base", "Clan", "ClanHousehold", "CommuneProfile", "Deletion", "Household",
    "Person", "Setting", "Signer", "Unit", "UnitMember", "Village",
    "Attendance", "Class", "ClassSession", "Enrolment", "Instructor", "Topic",
    "CertificateEntry", "CertificateReprint",
    "ReportText", "Target",
    "PackageRecipient", "SentPackage",
    "ReceivedPackage", "ReceivedRecognition", "ReceivedRecord", "ReceivedSummary", "ReceiverCommune",
    "ReceiverCommuneKey", "ReceiverImportEvent",
]
