"""What a signature binds: the SHA-256 of the canonical answers, and checking a case against it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from blankett.auth import LOA3, Identity
from blankett.cases.signing import answers_digest, canonical_answers, signature_record, verify_answers

ANSWERS = {"ö": "Åsa", "a": {"z": 1, "b": [True, None]}}


def identity(signature: str | None = None) -> Identity:
    return Identity(
        issuer="https://idp",
        subject="s",
        personal_number=None,
        given_name=None,
        family_name=None,
        birthdate=None,
        loa=LOA3,
        user_signature=signature,
    )


def test_the_canonical_form_is_sorted_compact_utf8() -> None:
    assert canonical_answers(ANSWERS) == '{"a":{"b":[true,null],"z":1},"ö":"Åsa"}'.encode()
    assert answers_digest(ANSWERS) == hashlib.sha256(canonical_answers(ANSWERS)).digest()
    assert answers_digest(dict(reversed(list(ANSWERS.items())))) == answers_digest(ANSWERS)


def test_the_record_names_the_method_by_whether_the_provider_signed() -> None:
    at = datetime(2026, 12, 3, 10, 0, 5, tzinfo=UTC)
    plain = signature_record(identity(), "p1", answers_digest(ANSWERS), at)
    assert plain == {
        "method": "oidc-reauthentication",
        "signedAt": "2026-12-03T10:00:05Z",
        "signedData": answers_digest(ANSWERS).hex(),
        "loa": LOA3,
        "personId": "p1",
    }
    signed = signature_record(identity("c2ln"), "p1", answers_digest(ANSWERS), at)
    assert (signed["method"], signed["value"]) == ("oidc-sweden-sign", "c2ln")


def test_verify_says_what_differs() -> None:
    record = signature_record(identity(), "p1", answers_digest(ANSWERS), datetime.now(UTC))
    assert verify_answers(record, ANSWERS).ok
    changed = verify_answers(record, {**ANSWERS, "ö": "Åke"})
    assert not changed.ok
    assert "do not match" in changed.reason
    assert verify_answers(None, ANSWERS).reason == "the case is not signed"
