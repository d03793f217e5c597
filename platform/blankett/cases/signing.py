"""What a signature binds, and checking that a case still matches it.

The signed data is the SHA-256 of the case's answers in one canonical form: JSON with sorted
keys, no spaces, non-ASCII characters as themselves, encoded as UTF-8. The same answers give
the same bytes on every platform and in every later year, so ``blankett cases verify`` (and a
receiver holding the envelope) can recompute it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..auth.identity import Identity
from ..auth.signing import METHOD_REAUTHENTICATION, METHOD_SIGN

if TYPE_CHECKING:
    from ..security import CaseContents


# Where a sealed case keeps the provider's signature value: in its sealed submitter snapshot.
SIGNATURE_VALUE_KEY = "_signatureValue"


def canonical_answers(answers: dict[str, Any]) -> bytes:
    return json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def answers_digest(answers: dict[str, Any]) -> bytes:
    """The SHA-256 of the canonical answers: what the person signs."""
    return hashlib.sha256(canonical_answers(answers)).digest()


def signature_record(
    identity: Identity, person_id: str, signed_data: bytes, signed_at: datetime
) -> dict[str, Any]:
    """The record stored on the case and sent in its envelope (``$defs/signature``)."""
    record: dict[str, Any] = {
        "method": METHOD_SIGN if identity.user_signature else METHOD_REAUTHENTICATION,
        "signedAt": signed_at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "signedData": signed_data.hex(),
        "loa": identity.loa,
        "personId": person_id,
    }
    if identity.user_signature:
        record["value"] = identity.user_signature
    return record


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str


def verify_answers(signature: dict[str, Any] | None, answers: dict[str, Any]) -> Verdict:
    """Whether ``answers`` are still what ``signature`` bound."""
    if not signature:
        return Verdict(False, "the case is not signed")
    expected = str(signature.get("signedData") or "")
    actual = answers_digest(answers).hex()
    if expected != actual:
        return Verdict(False, f"the answers do not match the signature: signed {expected}, stored {actual}")
    how = f"{signature.get('method')}, {signature.get('signedAt')}"
    return Verdict(True, f"the answers match the signature ({how})")


def check_signature(signature: dict[str, Any] | None, contents: CaseContents) -> Verdict:
    """The verdict ``blankett cases verify`` prints and the handler's case page shows."""
    if contents.purged:
        return Verdict(False, "the answers were removed under the retention rule; nothing left to verify")
    return verify_answers(signature, contents.payload)
