"""The security classification of a service (informationssäkerhetsklassning, KLASSA scale).

This module and the policy table (``config/policy.toml``) are the only places that know what
the level numbers mean (style G10). Everything else compares ``Level`` values or asks the
policy for ``Controls``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any


class Level(IntEnum):
    """Consequence level for one aspect (KLASSA/MSB scale, lowest first)."""

    NEGLIGIBLE = 0
    MODERATE = 1
    SUBSTANTIAL = 2
    SERIOUS = 3
    EXCEPTIONALLY_SERIOUS = 4


LEVEL_NAMES: dict[int, tuple[str, str]] = {
    Level.NEGLIGIBLE: ("Ingen/försumbar", "None/negligible"),
    Level.MODERATE: ("Måttlig", "Moderate"),
    Level.SUBSTANTIAL: ("Betydande", "Substantial"),
    Level.SERIOUS: ("Allvarlig", "Serious"),
    Level.EXCEPTIONALLY_SERIOUS: ("Synnerligen allvarlig", "Exceptionally serious"),
}
ASPECTS = ("confidentiality", "integrity", "availability", "traceability")

# The highest confidentiality a public e-service platform may carry; above it the service is refused.
HIGHEST_CONFIDENTIALITY = Level.SERIOUS
# Special categories (GDPR art. 9), criminal data (art. 10) and data under a secrecy provision
# (OSL) need at least this confidentiality.
SENSITIVE_DATA_FLOOR = Level.SUBSTANTIAL

Problem = tuple[str, str]  # (JSON pointer in the service file, reason)


@dataclass(frozen=True)
class Classification:
    """KLASSA ratings per aspect, with who classified it and where it is recorded."""

    confidentiality: Level
    integrity: Level
    availability: Level
    traceability: Level
    classified_by: str
    classified_on: date | None
    record: str
    information_owner: str

    def ratings(self) -> dict[str, int]:
        return {aspect: int(getattr(self, aspect)) for aspect in ASPECTS}

    @property
    def code(self) -> str:
        """The ratings written K-R-T-S, for example "2-2-1-2"."""
        return "-".join(str(int(getattr(self, aspect))) for aspect in ASPECTS)


def parse_level(value: Any) -> Level | None:
    """A rating from a service file: a whole number 0 to 4, else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return Level(value)
    except ValueError:
        return None


def ratings_of(source: Classification | Mapping[str, Any]) -> dict[str, Level]:
    """Ratings per aspect from a classification or a case's snapshot; a missing one counts as 0."""
    raw = source.ratings() if isinstance(source, Classification) else source
    return {aspect: parse_level(raw.get(aspect)) or Level.NEGLIGIBLE for aspect in ASPECTS}


def check_personal_data(data: Any) -> tuple[dict[str, Any], list[Problem]]:
    """The ``[personal_data]`` facts, checked for type. Every flag must be stated explicitly."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return {}, [
            (
                "/personal_data",
                "state the personal-data facts: special_categories, criminal_data, "
                "children (true or false) and secrecy_provision (empty when none)",
            )
        ]
    for key in ("special_categories", "criminal_data", "children"):
        if not isinstance(data.get(key), bool):
            problems.append((f"/personal_data/{key}", "must be true or false"))
    if not isinstance(data.get("secrecy_provision", ""), str):
        problems.append(("/personal_data/secrecy_provision", 'must be text naming the OSL provision, or ""'))
    return dict(data), problems


def check_classification(classification: Classification, personal_data: Mapping[str, Any]) -> list[Problem]:
    """Why this classification may not be published; empty when it may."""
    problems: list[Problem] = []
    confidentiality = classification.confidentiality
    if confidentiality > HIGHEST_CONFIDENTIALITY:
        problems.append(
            (
                "/classification/confidentiality",
                f"level {int(confidentiality)} ({LEVEL_NAMES[confidentiality][0].lower()}) is outside what "
                "a public e-service platform may carry; such information needs a separately accredited one",
            )
        )
    if confidentiality < SENSITIVE_DATA_FLOOR:
        floor = f"{int(SENSITIVE_DATA_FLOOR)} ({LEVEL_NAMES[SENSITIVE_DATA_FLOOR][0].lower()})"
        reasons = {
            "special_categories": "special categories of personal data (GDPR art. 9)",
            "criminal_data": "personal data on offences (GDPR art. 10)",
        }
        for key, what in reasons.items():
            if personal_data.get(key) is True:
                problems.append(
                    (
                        "/classification/confidentiality",
                        f"the service handles {what}; raise confidentiality to at least {floor}",
                    )
                )
        provision = personal_data.get("secrecy_provision")
        if isinstance(provision, str) and provision.strip():
            problems.append(
                (
                    "/classification/confidentiality",
                    f"the data falls under a secrecy provision ({provision.strip()}); "
                    f"raise confidentiality to at least {floor}",
                )
            )
    return problems
