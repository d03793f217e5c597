"""Read forms/*.json and config/services/*.toml into the published catalogue.

A service is published only when both files exist and pass every check. A broken service is
refused and logged with file, JSON pointer and reason; the other services keep working.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import FormDefinitionError
from ..formengine import load_definition
from .models import ASPECTS, Classification, Route, Service

logger = logging.getLogger(__name__)

Problem = tuple[str, str, str]


@dataclass
class Catalog:
    services: dict[str, Service] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, service_id: str) -> Service | None:
        return self.services.get(service_id)

    def __iter__(self) -> Any:
        return iter(sorted(self.services.values(), key=lambda s: s.form.title["sv"]))


def _classification(data: Any, file: str, problems: list[Problem]) -> Classification | None:
    if not isinstance(data, dict):
        problems.append((file, "/classification", "the service has no security classification; it cannot be published"))
        return None
    ratings: dict[str, int] = {}
    for aspect in ASPECTS:
        value = data.get(aspect)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 4:
            problems.append((file, f"/classification/{aspect}", "must be a rating from 0 to 4 (KLASSA)"))
        else:
            ratings[aspect] = value
    for key in ("classified_by", "record", "information_owner"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append((file, f"/classification/{key}", "is required"))
    classified_on = data.get("classified_on")
    if not isinstance(classified_on, date):
        problems.append((file, "/classification/classified_on", "must be a date such as 2026-10-15"))
        classified_on = None
    if ratings.get("confidentiality") == 4:
        problems.append((
            file, "/classification/confidentiality",
            "level 4 (synnerligen allvarlig) is outside what a public e-service platform may carry",
        ))
    if len(ratings) < len(ASPECTS) or any(p[0] == file and p[1].startswith("/classification") for p in problems):
        return None
    return Classification(
        classified_by=data["classified_by"], classified_on=classified_on, record=data["record"],
        information_owner=data["information_owner"], **ratings,
    )


def _login(data: Any, confidentiality: int, file: str, problems: list[Problem]) -> tuple[bool, int]:
    data = data if isinstance(data, dict) else {}
    required = data.get("required", True)
    if not isinstance(required, bool):
        problems.append((file, "/login/required", "must be true or false"))
        required = True
    if not required and confidentiality > 0:
        problems.append((file, "/login/required", "anonymous filing is allowed only at confidentiality 0"))
    floor = 3 if confidentiality >= 2 else 2
    level = data.get("minimum_level", f"loa{floor}")
    if level not in {"loa2", "loa3", "loa4"}:
        problems.append((file, "/login/minimum_level", 'must be "loa2", "loa3" or "loa4"'))
        level = f"loa{floor}"
    # The service file may raise the level the classification gives, never lower it.
    return required, (max(floor, int(level[-1])) if required else 0)


def load_service(form_path: Path, settings_path: Path, connector_names: Iterable[str] | None) -> Service:
    file = str(settings_path)
    problems: list[Problem] = []
    try:
        definition = load_definition(form_path)
    except FormDefinitionError as exc:
        problems.extend(exc.problems)
        definition = None
    try:
        with settings_path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FormDefinitionError([*problems, (file, "", f"cannot be read: {exc}")]) from exc

    classification = _classification(data.get("classification"), file, problems)
    confidentiality = classification.confidentiality if classification else 4
    login_required, minimum_loa = _login(data.get("login"), confidentiality, file, problems)
    routes = data.get("routes", [])
    names = set(connector_names) if connector_names is not None else None
    if not isinstance(routes, list) or not routes:
        problems.append((file, "/routes", "route the service to at least one connector"))
        routes = []
    for i, route in enumerate(routes):
        connector = route.get("connector") if isinstance(route, dict) else None
        if not isinstance(connector, str):
            problems.append((file, f"/routes/{i}/connector", "is required"))
        elif names is not None and connector not in names:
            problems.append((file, f"/routes/{i}/connector", f"names {connector!r}, which is not a configured connector"))
    handling = data.get("handling_time_days", 0)
    if not isinstance(handling, int) or handling < 0:
        problems.append((file, "/handling_time_days", "must be a whole number of days"))
    if definition is not None and definition.id != settings_path.stem:
        problems.append((str(form_path), "/id", f"must equal the file name {settings_path.stem!r}"))
    if problems or definition is None or classification is None:
        raise FormDefinitionError(problems)
    return Service(
        id=definition.id,
        form=definition,
        classification=classification,
        personal_data=dict(data.get("personal_data", {})),
        routes=tuple(Route(r["connector"]) for r in routes),
        handling_time_days=handling,
        login_required=login_required,
        minimum_loa=minimum_loa,
        form_path=form_path,
        settings_path=settings_path,
    )


def load_catalog(forms_dir: Path, services_dir: Path, connector_names: Iterable[str] | None = None) -> Catalog:
    """Load every service; refuse (and log) the broken ones, keep the rest."""
    catalog = Catalog()
    names = list(connector_names) if connector_names is not None else None
    forms = {p.stem: p for p in sorted(forms_dir.glob("*.json"))}
    settings = {p.stem: p for p in sorted(services_dir.glob("*.toml"))}
    for service_id in sorted(set(forms) | set(settings)):
        if service_id not in settings:
            catalog.problems.append((str(forms[service_id]), "", f"no service settings: add {services_dir}/{service_id}.toml with its classification"))
            continue
        if service_id not in forms:
            catalog.problems.append((str(settings[service_id]), "", f"no form definition {forms_dir}/{service_id}.json"))
            continue
        try:
            catalog.services[service_id] = load_service(forms[service_id], settings[service_id], names)
        except FormDefinitionError as exc:
            catalog.problems.extend(exc.problems)
    for file, pointer, message in catalog.problems:
        logger.error("Service not published: %s:%s: %s", file, pointer or "/", message)
    return catalog
