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

__all__ = ["ASPECTS", "LEVEL_NAMES", "Classification", "Route", "Service", "routes_for"]


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
