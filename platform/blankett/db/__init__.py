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
    OutboxRow,
    Person,
    ReferenceCounter,
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
    "OutboxRow",
    "Person",
    "ReferenceCounter",
    "WebSession",
    "upgrade",
    "utcnow",
]
