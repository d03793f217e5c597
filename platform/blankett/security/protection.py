"""Storing and reading the personal data of cases and drafts as their controls demand.

Every write of a case's answers and submitter goes through ``store_case``, and every read
through ``read_case`` (or ``open_case`` where no audit is due, such as the purge), so encryption
at rest and the audit of reads cannot be forgotten by a caller. A person's personal identity
number is written by ``seal_number`` and read by ``read_number`` alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from .. import audit
from ..errors import ConfigurationError
from .classification import ASPECTS, ratings_of
from .crypto import Sealed, seal, unseal
from .keyring import Keyring
from .policy import Controls, Policy

if TYPE_CHECKING:
    from ..catalog import Service
    from ..db import Case, Draft, Person


@dataclass(frozen=True)
class CaseContents:
    """A case's personal data, opened. Both are empty after the retention purge."""

    payload: dict[str, Any]
    submitter: dict[str, Any] | None
    purged: bool = False


def case_binding(reference: str) -> str:
    """What a case's ciphertext is bound to (associated data): its reference."""
    return f"case:{reference}"


def draft_binding(draft_id: str) -> str:
    return f"draft:{draft_id}"


def upload_binding(upload_id: str) -> str:
    return f"upload:{upload_id}"


def profile_binding(person_id: str) -> str:
    """What the sealed contact details of a person's profile are bound to (blankett.notify.profile)."""
    return f"person:{person_id}"


def number_binding(person_id: str) -> str:
    """What a person's sealed personal identity (or coordination) number is bound to."""
    return f"person-number:{person_id}"


def _sealed_of(row: Case | Draft) -> Sealed | None:
    if row.sealed is None:
        return None
    if row.key_id is None or row.wrapped_key is None:
        raise ConfigurationError(f"Row {row.id} has sealed data but no wrapped data key.")
    return Sealed(row.key_id, row.wrapped_key, row.sealed)


def _set_sealed(row: Case | Draft, sealed: Sealed | None) -> None:
    row.sealed = sealed.sealed if sealed else None
    row.key_id = sealed.key_id if sealed else None
    row.wrapped_key = sealed.wrapped_key if sealed else None


def _need(keyring: Keyring | None, what: str) -> Keyring:
    if keyring is None:
        raise ConfigurationError(f"{what} is encrypted at rest but no master keys are configured here.")
    return keyring


def store_case(
    case: Case,
    payload: dict[str, Any],
    submitter: dict[str, Any] | None,
    controls: Controls,
    keyring: Keyring | None,
) -> None:
    """Put the answers and the submitter on ``case`` (its reference set): sealed when the controls say so."""
    if controls.encrypt_at_rest:
        data = {"payload": payload, "submitter": submitter}
        sealed = seal(_need(keyring, "This service"), data, case_binding(case.reference))
        case.payload, case.submitter = {}, None
        _set_sealed(case, sealed)
    else:
        case.payload, case.submitter = payload, submitter
        _set_sealed(case, None)


def open_case(case: Case, keyring: Keyring | None) -> CaseContents:
    """The case's answers and submitter, decrypted when sealed. No audit event: see ``read_case``."""
    if case.purged_at is not None:
        return CaseContents({}, None, purged=True)
    sealed = _sealed_of(case)
    if sealed is None:
        return CaseContents(
            dict(case.payload or {}), dict(case.submitter) if case.submitter is not None else None
        )
    data = unseal(_need(keyring, f"Case {case.reference}"), sealed, case_binding(case.reference))
    return CaseContents(dict(data.get("payload") or {}), data.get("submitter"))


async def read_case(
    session: AsyncSession,
    case: Case,
    *,
    keyring: Keyring | None,
    controls: Controls,
    actor: str,
    **detail: Any,
) -> CaseContents:
    """Open the case for ``actor``; where the controls say so, record the read in the audit trail."""
    contents = open_case(case, keyring)
    if controls.audit_reads and not contents.purged:
        await audit.record(session, actor, "case.read", case_id=case.id, **detail)
    return contents


def case_controls(case: Case, policy: Policy, service: Service | None = None) -> Controls:
    """Controls for a filed case: its snapshot ratings, raised to the service's current ones."""
    ratings = ratings_of((case.meta or {}).get("classification") or {})
    if service is not None:
        current = ratings_of(service.classification)
        ratings = {aspect: max(ratings[aspect], current[aspect]) for aspect in ASPECTS}
    return policy.controls_for(ratings)


def store_draft(draft: Draft, answers: dict[str, Any], controls: Controls, keyring: Keyring | None) -> None:
    """Put the answers on ``draft`` (its id set), sealed under a fresh data key when the controls say so."""
    if controls.encrypt_at_rest:
        _set_sealed(
            draft, seal(_need(keyring, "This service"), {"answers": answers}, draft_binding(draft.id))
        )
        draft.answers = {}
    else:
        draft.answers = answers
        _set_sealed(draft, None)


def open_draft(draft: Draft, keyring: Keyring | None) -> dict[str, Any]:
    sealed = _sealed_of(draft)
    if sealed is None:
        return dict(draft.answers or {})
    return dict(unseal(_need(keyring, "This draft"), sealed, draft_binding(draft.id)).get("answers") or {})


def purge_case_contents(case: Case, when: Any) -> None:
    """Remove the answers and the submitter (and their key); the case's metadata stays. A child
    the case was filed for goes with the submitter, and so does its blind index; an
    organisation's stays, so its representatives still find the case."""
    case.payload, case.submitter = {}, None
    _set_sealed(case, None)
    if (case.representation or {}).get("kind") == "child":
        case.represented_key = None
    case.purged_at = when


def seal_number(person: Person, number: str, keyring: Keyring | None) -> None:
    """Keep ``number`` on ``person`` (its id set) sealed under a fresh data key; the legacy plain
    column is emptied. A person belongs to no one service, so the number is sealed whatever
    the services' classification."""
    binding = number_binding(person.id)
    sealed = seal(_need(keyring, "A personal identity number"), {"number": number}, binding)
    person.number_sealed, person.number_key_id = sealed.sealed, sealed.key_id
    person.number_wrapped_key = sealed.wrapped_key
    person.personal_number = None


def read_number(person: Person, keyring: Keyring | None) -> str | None:
    """The person's personal identity (or coordination) number, or None (a foreign eID).

    Every read of the number goes through here. A legacy plain value not sealed yet (the
    start-up step seals them, blankett.cases.people) is returned as it is.
    """
    if person.number_sealed is None or person.number_key_id is None or person.number_wrapped_key is None:
        return person.personal_number
    sealed = Sealed(person.number_key_id, person.number_wrapped_key, person.number_sealed)
    data = unseal(_need(keyring, "A personal identity number"), sealed, number_binding(person.id))
    return str(data["number"]) if data.get("number") else None
