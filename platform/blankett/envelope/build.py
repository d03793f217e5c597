"""Build the case envelope from a filed case: the one document every connector receives."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from ..db.models import Case
from ..security import CaseContents, open_case

ENVELOPE_VERSION = "1.1"  # 1.1: representation

# The KLASSA aspects, in the order the schema lists them.
CLASSIFICATION_ASPECTS = ("confidentiality", "integrity", "availability", "traceability")


def build_envelope(
    case: Case, contents: CaseContents | None = None, attachments: Iterable[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """Return the envelope of ``case``, built from the row alone (no other table, no catalogue).

    The case's snapshots (``meta``, ``submitter``, ``payload``) were taken when it was filed, so
    the envelope reads the same on every attempt, whatever changed in the catalogue since.
    ``contents`` are the case's answers and submitter as ``blankett.security.read_case`` opened
    them; without it the row must be stored unencrypted. ``attachments`` are the case's files
    as ``blankett.cases.uploads.envelope_attachments`` lists them (their rows never change)::

        envelope = build_envelope(case)
        validate_envelope(envelope)  # tests do; the worker trusts this function
    """
    contents = contents if contents is not None else open_case(case, None)
    submitter = dict(contents.submitter) if contents.submitter is not None else None
    # A sealed case keeps the provider's signature value in its sealed submitter (cases.intake).
    sealed_value = submitter.pop("_signatureValue", None) if submitter is not None else None
    # A case filed for a child keeps the child's identity sealed in the submitter (cases.representation).
    represented = submitter.pop("_represented", None) if submitter is not None else None
    signature = dict(case.signature) if case.signature else None
    if signature is not None and sealed_value is not None:
        signature["value"] = sealed_value
    meta = case.meta or {}
    title = meta.get("title") or {}
    classification = meta.get("classification") or {}
    return {
        "envelopeVersion": ENVELOPE_VERSION,
        "case": {
            "reference": case.reference,
            "publicId": case.public_id,
            "submittedAt": utc_timestamp(case.submitted_at),
            "language": case.language,
            "status": case.status,
        },
        "service": {
            "id": case.service_id,
            "version": case.service_version,
            "definitionHash": case.definition_hash,
            "title": {"sv": title.get("sv"), "en": title.get("en")},
        },
        "submitter": submitter,
        "answers": dict(contents.payload),
        "attachments": [dict(a) for a in attachments],
        # Only the four ratings: the rest of the classification record (who classified, when,
        # the record number) is the platform's business, not the receiver's.
        "classification": {aspect: classification.get(aspect) for aspect in CLASSIFICATION_ASPECTS},
        "signature": signature,
        "representation": _representation(case, represented),
    }


def _representation(case: Case, represented: Any) -> dict[str, Any] | None:
    """On whose behalf the case was filed: the case's record, with the child named when filed
    for one (None once the submitter is purged: the child goes with it)."""
    if not case.representation:
        return None
    shown = dict(case.representation)
    if shown.get("kind") == "child":
        shown["child"] = dict(represented) if isinstance(represented, dict) else None
    return shown


def utc_timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
