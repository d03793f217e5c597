"""Whom a person files a service for, and whether they may file it at all.

The person's answer to "Vem ansöker du för?" is kept in the draft under a private key
(:data:`DRAFT_KEY`, dropped with the other private keys before anything is filed), so it is
sealed with the draft and lives as long as it. It is checked again when the case is filed:
the organisation must still be one the login shows (or one the service lets the person
declare), and the form's answers must still name the chosen organisation or child.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from ..catalog.models import Applicant
from ..formengine import pointers
from .people import ADULT_AGE, age_on, birth_date, child_number, legal_entity

DRAFT_KEY = "_for"


@dataclass(frozen=True)
class Choice:
    """``kind`` "self", "organisation" or "child"; for an organisation or child its number (ten
    or twelve digits) and name, and the ``evidence`` (``idp``, ``mandate``, ``declared``; for a
    child always ``declared``: no population register is connected) with the mandate's ``role``."""

    kind: str
    number: str = ""
    name: str = ""
    evidence: str = ""
    role: str = ""

    @property
    def verified(self) -> bool:
        return self.evidence in ("idp", "mandate")

    def to_draft(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_draft(cls, value: Any) -> Choice | None:
        if not isinstance(value, dict) or value.get("kind") not in ("self", "organisation", "child"):
            return None
        return cls(**{k: str(value.get(k) or "") for k in ("kind", "number", "name", "evidence", "role")})


def minor_refusal(applicant: Applicant, born: date | None, today: date) -> str | None:
    """Why the person may not file this service as a minor ("from_age", "guardian", "never", or
    "unknown_age" when no date of birth is known), or None when they may."""
    if applicant.minors == "alone":
        return None
    if born is None:
        return "unknown_age"
    age = age_on(born, today)
    alone_from = applicant.minor_from_age if applicant.minors == "from_age" else None
    if age >= min(alone_from or ADULT_AGE, ADULT_AGE):
        return None
    return applicant.minors


def offered_organisations(
    applicant: Applicant, organisations: Iterable[Mapping[str, Any]]
) -> list[dict[str, str]]:
    """The organisations of the session whose evidence the service accepts, in the session's order."""
    if "organisation" not in applicant.may_file_for:
        return []
    return [
        {k: str(v) for k, v in o.items()} for o in organisations
        if o.get("evidence") in applicant.organisation_evidence and legal_entity(str(o.get("number", "")))
    ]


def still_allowed(choice: Choice, applicant: Applicant, organisations: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a kept choice still holds for this service and this login."""
    if choice.kind not in applicant.may_file_for:
        return False
    if choice.kind == "organisation":
        if choice.evidence == "declared":
            return "declared" in applicant.organisation_evidence and legal_entity(choice.number) is not None
        return any(
            o["number"] == choice.number and o["evidence"] == choice.evidence
            for o in offered_organisations(applicant, organisations)
        )
    if choice.kind == "child":
        return choice.evidence == "declared" and bool(choice.number) and bool(choice.name)
    return True


def is_child(number: str, today: date) -> bool:
    """Whether the twelve-digit number is of someone under 18 today (a guardian's child)."""
    born = birth_date(number)
    return born is not None and born <= today and age_on(born, today) < ADULT_AGE


def _fields(choice: Choice, applicant: Applicant) -> Mapping[str, str]:
    if choice.kind == "organisation":
        return applicant.organisation_fields
    return applicant.child_fields if choice.kind == "child" else {}


def fill_answers(choice: Choice, applicant: Applicant, answers: dict[str, Any]) -> None:
    """Put the chosen organisation's or child's number and name into the form's answers the
    service names, in place, so the person does not type them again."""
    for key, pointer in _fields(choice, applicant).items():
        pointers.put(answers, pointers.split(pointer), choice.number if key == "number" else choice.name)


def as_answered(choice: Choice, applicant: Applicant, answers: Mapping[str, Any]) -> Choice:
    """The choice with the name the form's answers now give, where only the person's word
    stands behind it (a declared organisation, a child): a spelling corrected on the form is
    the one recorded. An organisation the login shows keeps the name its evidence gave."""
    pointer = _fields(choice, applicant).get("name") if choice.evidence == "declared" else None
    name = pointers.get(answers, pointers.split(pointer)) if pointer else None
    return replace(choice, name=name.strip()) if isinstance(name, str) and name.strip() else choice


def answers_differ(choice: Choice, applicant: Applicant, answers: Mapping[str, Any]) -> bool:
    """Whether the form's answers now name another organisation or child than the one chosen."""
    pointer = _fields(choice, applicant).get("number")
    if pointer is None:
        return False
    given = pointers.get(answers, pointers.split(pointer))
    if not isinstance(given, str) or not given:
        return False
    same = legal_entity(given) if choice.kind == "organisation" else child_number(given)
    return same != choice.number
