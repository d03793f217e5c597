"""The e-services as the platform publishes them: a form definition plus its service settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The classification itself lives in blankett.security (the one place that knows the levels).
from ..security.classification import ASPECTS, LEVEL_NAMES, Classification
from ..security.policy import Controls

if TYPE_CHECKING:
    from ..formengine import FormDefinition
    from ..formengine.conditions import Condition

__all__ = ["ASPECTS", "LEVEL_NAMES", "Applicant", "Classification", "Route", "Service", "routes_for"]

# Whom a person may file for (``[applicant] may_file_for``), on what evidence an organisation
# is represented (``organisation_evidence``), and what a logged-in minor may do (``minors``).
FILE_FOR = ("self", "organisation", "child")
EVIDENCE = ("idp", "mandate", "declared")
MINOR_RULES = ("alone", "from_age", "guardian", "never")


@dataclass(frozen=True)
class Route:
    """Where the service's cases go: a connector instance, for every case, only for the cases
    whose answers meet ``condition`` (for example by district or category), or, ``otherwise``,
    for the cases no conditional route took."""

    connector: str  # a connector instance name from the settings' [connectors.<name>]
    condition: Condition | None = field(default=None, compare=False)
    otherwise: bool = False


def routes_for(routes: tuple[Route, ...], answers: Mapping[str, Any]) -> list[Route]:
    """The routes a case with ``answers`` takes: those without a condition, those whose
    condition holds, and the ``otherwise`` routes when no conditional route held."""
    matched = [r.condition is not None and r.condition.holds(answers, ()) for r in routes]
    return [
        route for route, holds in zip(routes, matched, strict=True)
        if holds or (route.condition is None and (not route.otherwise or not any(matched)))
    ]


@dataclass(frozen=True)
class Applicant:
    """Who may file the service, from the ``[applicant]`` table of its service file.

    ``may_file_for``: for themselves, for an organisation they represent, for their child.
    ``organisation_evidence``: what shows that the person represents the organisation, in the
    order offered: the organisation claims of their login (``idp``), the mandate lookup
    (``mandate``), or their own word (``declared``, only where the service lists it).
    ``minors``: a logged-in person under 18 files like an adult (``alone``), only from
    ``minor_from_age`` (``from_age``), only through a guardian who files for them
    (``guardian``), or not at all (``never``). ``organisation_fields`` and ``child_fields``
    name the form's answers (``number``, ``name``: JSON pointers) that the choice fills in and
    that must still name the same organisation or child when the case is filed.
    """

    may_file_for: tuple[str, ...] = ("self",)
    organisation_evidence: tuple[str, ...] = ()
    minors: str = "alone"
    minor_from_age: int | None = None
    organisation_fields: Mapping[str, str] = field(default_factory=dict)
    child_fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def asks_whom(self) -> bool:
        """Whether the person says whom they file for before the form (anything but "self" only)."""
        return self.may_file_for != ("self",)


@dataclass(frozen=True)
class Service:
    id: str
    form: FormDefinition
    classification: Classification
    personal_data: dict[str, Any]
    routes: tuple[Route, ...]
    handling_time_days: int
    login_required: bool
    minimum_loa: int  # 2, 3 or 4 (Svensk e-legitimation); 0 when anonymous filing is allowed
    form_path: Path
    settings_path: Path
    controls: Controls  # what the security policy derives from the classification
    applicant: Applicant = field(default_factory=Applicant)  # whom a person may file for

    @property
    def version(self) -> str:
        return self.form.version

    def snapshot(self) -> dict[str, Any]:
        """What a case records about the service it was filed under."""
        return {
            "title": dict(self.form.title),
            "classification": self.classification.ratings(),
            "routes": [r.connector for r in self.routes],  # every possible route; the case's own are in its outbox
            "handlingTimeDays": self.handling_time_days,
        }
