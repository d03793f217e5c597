"""The e-services as the platform publishes them: a form definition plus its service settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The classification itself lives in blankett.security (the one place that knows the levels).
from ..security.classification import ASPECTS, LEVEL_NAMES, Classification
from ..security.policy import Controls

if TYPE_CHECKING:
    from ..formengine import FormDefinition

__all__ = ["ASPECTS", "LEVEL_NAMES", "Classification", "Route", "Service"]


@dataclass(frozen=True)
class Route:
    connector: str  # a connector instance name from the settings' [connectors.<name>]


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
            "routes": [r.connector for r in self.routes],
            "handlingTimeDays": self.handling_time_days,
        }
