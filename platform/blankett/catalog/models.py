"""The e-services as the platform publishes them: a form definition plus its service settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..formengine import FormDefinition

LEVEL_NAMES = {
    0: ("Ingen/försumbar", "None/negligible"),
    1: ("Måttlig", "Moderate"),
    2: ("Betydande", "Substantial"),
    3: ("Allvarlig", "Serious"),
    4: ("Synnerligen allvarlig", "Exceptionally serious"),
}
ASPECTS = ("confidentiality", "integrity", "availability", "traceability")


@dataclass(frozen=True)
class Classification:
    """KLASSA ratings 0–4 per aspect, with who classified it and where it is recorded."""

    confidentiality: int
    integrity: int
    availability: int
    traceability: int
    classified_by: str
    classified_on: date | None
    record: str
    information_owner: str

    def ratings(self) -> dict[str, int]:
        return {aspect: getattr(self, aspect) for aspect in ASPECTS}


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
