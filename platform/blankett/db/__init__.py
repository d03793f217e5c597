"""Database access: models, the engine and migrations."""

from .engine import Database
from .migrate import upgrade
from .models import (
    AuditEvent,
    Base,
    Case,
    CaseEvent,
    Document,
    Draft,
    FormDefinitionRecord,
    Notification,
    OutboxRow,
    Person,
    ReferenceCounter,
    StaffRole,
    Upload,
    WebSession,
    utcnow,
)

__all__ = [
    "AuditEvent",
    "Base",
    "Case",
    "CaseEvent",
    "Database",
    "Document",
    "Draft",
    "FormDefinitionRecord",
    "Notification",
    "OutboxRow",
    "Person",
    "ReferenceCounter",
    "StaffRole",
    "Upload",
    "WebSession",
    "upgrade",
    "utcnow",
]
