"""The data model. Portable across SQLite and PostgreSQL; migrations live in ``migrations/``.

Tables, by who cares about them:
  people      persons, web_sessions, drafts, staff_roles
  cases       cases, case_events, reference_counters, documents, form_definitions
  files       uploads (files attached to answers; a case's once it is filed)
  delivery    outbox (one row per case and routed connector)
  notices     notifications (to a case's owner, by e-mail or SMS)
  oversight   audit_events (hash-chained, append-only)
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on the way in and out; SQLite itself stores naive values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Keyed hash (HMAC) of the identity: issuer + personal identity number, or issuer + subject.
    # Lookups go through it so the number itself need not be indexed.
    identity_key: Mapped[str] = mapped_column(String(64), unique=True)
    personal_number: Mapped[str | None] = mapped_column(String(12))
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    # The person's own settings (blankett.notify.profile): preferred language, notification
    # channel and whether the e-mail address is verified, readable without keys so a case event
    # can decide on a notification in its own transaction.
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # The contact details of the profile (e-mail, mobile number, postal address), sealed with
    # their own data key wrapped by master key ``key_id`` (blankett.security.crypto).
    sealed: Mapped[str | None] = mapped_column(Text)
    key_id: Mapped[str | None] = mapped_column(String(40), index=True)
    wrapped_key: Mapped[str | None] = mapped_column(String(120))
    # The personal identity (or coordination) number, sealed under its own data key wrapped by
    # master key ``number_key_id``; ``personal_number`` above is legacy plain text, emptied once
    # sealed here (blankett.cases.people).
    number_sealed: Mapped[str | None] = mapped_column(Text)
    number_key_id: Mapped[str | None] = mapped_column(String(40), index=True)
    number_wrapped_key: Mapped[str | None] = mapped_column(String(120))


class WebSession(Base):
    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class Draft(Base):
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("owner_key", "service_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # A logged-in person's id, or "session:<id>" for anonymous services.
    owner_key: Mapped[str] = mapped_column(String(80))
    service_id: Mapped[str] = mapped_column(String(100))
    service_version: Mapped[str] = mapped_column(String(40))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {} while sealed
    # Envelope encryption at confidentiality >= 1 (blankett.security.crypto): the answers as
    # ciphertext, and the row's data key wrapped by master key ``key_id``.
    sealed: Mapped[str | None] = mapped_column(Text)
    key_id: Mapped[str | None] = mapped_column(String(40), index=True)
    wrapped_key: Mapped[str | None] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ReferenceCounter(Base):
    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)  # BLK-2026-000123, for people
    public_id: Mapped[str] = mapped_column(String(43), unique=True)  # unguessable, for URLs
    service_id: Mapped[str] = mapped_column(String(100), index=True)
    service_version: Mapped[str] = mapped_column(String(40))
    definition_hash: Mapped[str] = mapped_column(String(64))
    owner_person_id: Mapped[str | None] = mapped_column(ForeignKey("persons.id"), index=True)
    language: Mapped[str] = mapped_column(String(5), default="sv")
    payload: Mapped[dict[str, Any]] = mapped_column()  # the answers, as validated
    # Snapshots taken at filing, so the case reads the same whatever changes later:
    submitter: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # identity, level of assurance
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)  # service title, classification, routes
    # Envelope encryption at confidentiality >= 1 (blankett.security.crypto): payload and
    # submitter as ciphertext (the plain columns then hold {} and NULL), and the case's data
    # key wrapped by master key ``key_id``.
    sealed: Mapped[str | None] = mapped_column(Text)
    key_id: Mapped[str | None] = mapped_column(String(40), index=True)
    wrapped_key: Mapped[str | None] = mapped_column(String(120))
    purged_at: Mapped[datetime | None]  # answers and submitter removed under the retention rule
    status: Mapped[str] = mapped_column(String(20), default="received")
    # The case system's own registration number (diarienummer), given through the case API.
    external_id: Mapped[str | None] = mapped_column(String(100))
    # The member of staff the case is assigned to in the built-in inbox (a person id).
    assigned_to: Mapped[str | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # the case API lists by it
    # The signature record when the case was signed (blankett.cases.signing): method, signedAt,
    # signedData (SHA-256 of the canonical answers), loa, personId, value. NULL: not signed.
    signature: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # On whose behalf the case was filed (blankett.cases.representation): kind (organisation,
    # child), evidence and whether it was verified; the represented person's identity is sealed
    # with the submitter, never here. NULL: the submitter filed for themselves.
    representation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Keyed blind index of the represented organisation: its representatives see the case.
    represented_key: Mapped[str | None] = mapped_column(String(64), index=True)


class CaseEvent(Base):
    """One line of a case's timeline, as the citizen and the handler see it."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))  # status, delivered, message, ...
    status: Mapped[str | None] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(100))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Document(Base):
    """A file that belongs to a case, such as a decision. ``id`` is random: it appears in URLs.

    When the case's answers are sealed, so is the file (``sealed``): ``content`` is then
    encrypted under the case's own data key (blankett.cases.sealing), so key rotation and the
    retention purge of the case cover it too.
    """

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # decision, ...
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Upload(Base):
    """A file a person attached to an answer. The answers hold only a reference to it
    (id, name, media type, size, SHA-256); ``id`` is random: it appears in URLs.

    Until the case is filed it belongs to ``owner_key`` (as drafts do) and, when the service
    seals its answers, is sealed under its own data key (``key_id``, ``wrapped_key``). Filing
    sets ``case_id``; a sealed case's uploads are then re-sealed under the case's data key
    (blankett.cases.sealing) and lose their own, so key rotation and the retention purge of the
    case cover them too.
    """

    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_key: Mapped[str] = mapped_column(String(80), index=True)
    service_id: Mapped[str] = mapped_column(String(100))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(200))  # the JSON Pointer of the answer it was given for
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    key_id: Mapped[str | None] = mapped_column(String(40), index=True)
    wrapped_key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxRow(Base):
    """One delivery of one case, or of one later record of it, to one connector instance. States:

    pending    due at ``next_attempt_at``
    delivering a worker holds it until ``locked_until`` (a crashed worker's lease runs out)
    delivered  done; ``external_id`` is the receiver's own id when it gave one
    parked     needs a person (rejected, or the attempt limit reached); re-queue by command
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    connector: Mapped[str] = mapped_column(String(100))  # connector instance name from the settings
    # Set for a later record of the case (the citizen's message, completion answer or
    # withdrawal), delivered to receivers that take records; None for the case as filed.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id", ondelete="CASCADE"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
    locked_by: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]


class Notification(Base):
    """A notice to a case's owner that their case changed, or a link that verifies their e-mail
    address. Written in the transaction of the event itself; the worker sends it. States:

    pending   due at ``next_attempt_at``
    sending   a worker holds it until ``locked_until`` (a crashed worker's lease runs out)
    sent      done, at ``sent_at``
    failed    refused for good, or the attempt limit reached (``last_error`` says which)
    skipped   nothing to send by the time it was due: notifications turned off, no verified
              address, or no SMTP server configured (``last_error`` says which)

    The row holds no address and no text: both are looked up when it is sent.
    """

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # status, message, completion_request, decision, email_verification
    channel: Mapped[str] = mapped_column(String(10))  # email, sms
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
    locked_by: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class FormDefinitionRecord(Base):
    """Every form definition a case was filed under, by its hash, so that an old case always
    reads with the form it was filed under after the service has moved on to a new version."""

    __tablename__ = "form_definitions"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    service_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(40))
    definition: Mapped[dict[str, Any]] = mapped_column()
    first_filed_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffRole(Base):
    """A role a member of staff held at their latest login (blankett.auth.roles), kept so that
    colleagues can be listed and cases assigned to them while they are logged out."""

    __tablename__ = "staff_roles"

    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(120), primary_key=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only. Each event carries the hash of the one before it. No answers in here."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))  # person:<id>, system:worker, client:<id>
    action: Mapped[str] = mapped_column(String(50))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
