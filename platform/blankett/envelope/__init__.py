"""The case envelope: the versioned JSON document every connector (and so every case system) receives.

Its JSON Schema ships beside this module as ``case-envelope-v1.schema.json`` (``$id``
``https://blankett.se/schemas/case-envelope/v1.json``); case systems code against it.
"""

from .build import CLASSIFICATION_ASPECTS, ENVELOPE_VERSION, build_envelope
from .schema import SCHEMA_ID, SCHEMA_PATH, envelope_schema, validate_envelope

__all__ = [
    "CLASSIFICATION_ASPECTS",
    "ENVELOPE_VERSION",
    "SCHEMA_ID",
    "SCHEMA_PATH",
    "build_envelope",
    "envelope_schema",
    "validate_envelope",
]
