"""The case envelope: the versioned JSON document every connector (and so every case system) receives.

Its JSON Schema ships beside this module as ``case-envelope-v1.schema.json`` (``$id``
``https://blankett.se/schemas/case-envelope/v1.json``); case systems code against it. What the
citizen adds later (a message, a completion answer, a withdrawal) follows as a case record
(``case-record-v1.schema.json``) to the receivers that take records.
"""

from .build import CLASSIFICATION_ASPECTS, ENVELOPE_VERSION, build_envelope
from .record import RECORD_VERSION, build_record, record_attachments
from .schema import (
    RECORD_SCHEMA_ID,
    SCHEMA_ID,
    SCHEMA_PATH,
    envelope_schema,
    validate_envelope,
    validate_record,
)

__all__ = [
    "CLASSIFICATION_ASPECTS",
    "ENVELOPE_VERSION",
    "RECORD_SCHEMA_ID",
    "RECORD_VERSION",
    "SCHEMA_ID",
    "SCHEMA_PATH",
    "build_envelope",
    "build_record",
    "envelope_schema",
    "record_attachments",
    "validate_envelope",
    "validate_record",
]
