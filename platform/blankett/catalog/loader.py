"""Read forms/*.json and config/services/*.toml into the published catalogue.

A service is published only when both files exist and pass every check. A broken service is
refused and logged with file, JSON pointer and reason; the other services keep working.
"""

from __future__ import annotations

import dataclasses
import logging
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import FormDefinitionError
from ..formengine import FormDefinition, load_definition
from ..formengine.conditions import Condition, ConditionBuilder
from ..formengine.problems import Problems
from ..security.classification import Level, check_classification, check_personal_data, parse_level
from ..security.policy import LOGIN_LEVELS, LOWEST_LOGIN, Controls, Policy, load_policy
from . import versions
from .applicant import read_applicant
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
    ratings: dict[str, Level] = {}
    for aspect in ASPECTS:
        level = parse_level(data.get(aspect))
        if level is None:
            problems.append((file, f"/classification/{aspect}", "must be a rating from 0 to 4 (KLASSA)"))
        else:
            ratings[aspect] = level
    for key in ("classified_by", "record", "information_owner"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append((file, f"/classification/{key}", "is required"))
    classified_on = data.get("classified_on")
    if not isinstance(classified_on, date):
        problems.append((file, "/classification/classified_on", "must be a date such as 2026-10-15"))
        classified_on = None
    if len(ratings) < len(ASPECTS) or any(p[0] == file and p[1].startswith("/classification") for p in problems):
        return None
    return Classification(
        classified_by=data["classified_by"], classified_on=classified_on, record=data["record"],
        information_owner=data["information_owner"], **ratings,
    )


def _login(data: Any, controls: Controls, file: str, problems: list[Problem]) -> tuple[bool, int]:
    """Whether a login is required, and the lowest level of assurance (0: anonymous filing)."""
    data = data if isinstance(data, dict) else {}
    required = data.get("required", True)
    if not isinstance(required, bool):
        problems.append((file, "/login/required", "must be true or false"))
        required = True
    if not required and not controls.anonymous_allowed:
        problems.append((
            file, "/login/required",
            "the security policy does not allow anonymous filing at this classification "
            "(only at confidentiality 0 by default); set required = true",
        ))
    logins = {name: rank for name, rank in LOGIN_LEVELS.items() if rank}
    floor = max(controls.minimum_loa, LOWEST_LOGIN)
    level = data.get("minimum_level")
    if level is not None and level not in logins:
        problems.append((file, "/login/minimum_level", "must be " + " or ".join(f'"{n}"' for n in logins)))
        level = None
    # The policy gives the floor; the service file may raise it, never lower it.
    return required, (max(floor, logins[level] if level else 0) if required else 0)


def _protection(
    data: dict[str, Any], classification: Classification | None, policy: Policy, file: str,
    problems: list[Problem],
) -> tuple[dict[str, Any], Controls | None]:
    """The personal-data facts and the controls the policy derives; refusals go to ``problems``."""
    personal_data, found = check_personal_data(data.get("personal_data"))
    if classification is not None:
        found += check_classification(classification, personal_data)
    problems.extend((file, pointer, reason) for pointer, reason in found)
    return personal_data, policy.controls_for(classification) if classification is not None else None


def _signing(data: Any, controls: Controls, file: str, problems: list[Problem]) -> Controls:
    """The controls with ``[signing] required`` applied: it may add signing, never remove it."""
    data = data if isinstance(data, dict) else {}
    required = data.get("required", controls.signing_required)
    unknown = set(data) - {"required"}
    if unknown:
        listed = ", ".join(sorted(unknown))
        problems.append((file, "/signing", f"unknown keys {listed} (the table has required)"))
    if not isinstance(required, bool):
        problems.append((file, "/signing/required", "must be true or false"))
    elif controls.signing_required and not required:
        problems.append((
            file, "/signing/required",
            "the security policy requires signing at this classification (integrity 3 and up by default); "
            "remove the line or set required = true",
        ))
    elif required:
        return dataclasses.replace(controls, signing_required=True)
    return controls


def _route_condition(
    route: Any, index: int, definition: FormDefinition | None, file: str, problems: list[Problem]
) -> Condition | None:
    """A route's condition: a named condition of the form, or one written inline, as in forms."""
    if not isinstance(route, dict) or "condition" not in route or definition is None:
        return None
    found = Problems(file)
    builder = ConditionBuilder(definition.raw.get("conditions"), definition.schema, definition.validator, found)
    condition = builder.parse(route["condition"], f"/routes/{index}/condition")
    problems.extend(found.items)
    return condition


def load_service(
    form_path: Path, settings_path: Path, connector_names: Iterable[str] | None, policy: Policy | None = None
) -> Service:
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
    personal_data, controls = _protection(data, classification, policy or load_policy(), file, problems)
    login_required, minimum_loa = (
        _login(data.get("login"), controls, file, problems) if controls is not None else (True, 0)
    )
    if controls is not None:
        controls = _signing(data.get("signing"), controls, file, problems)
        if controls.signing_required and not login_required:
            problems.append((file, "/signing", "signing needs a login: set [login] required = true"))
    routes = data.get("routes", [])
    names = set(connector_names) if connector_names is not None else None
    if not isinstance(routes, list) or not routes:
        problems.append((file, "/routes", "route the service to at least one connector"))
        routes = []
    conditions: list[Condition | None] = []
    for i, route in enumerate(routes):
        connector = route.get("connector") if isinstance(route, dict) else None
        if not isinstance(connector, str):
            problems.append((file, f"/routes/{i}/connector", "is required"))
        elif names is not None and connector not in names:
            problems.append((file, f"/routes/{i}/connector", f"names {connector!r}, which is not a configured connector"))
        unknown = set(route) - {"connector", "condition", "otherwise"} if isinstance(route, dict) else set()
        if unknown:
            problems.append((file, f"/routes/{i}", f"unknown keys {', '.join(sorted(unknown))} (a route has connector, condition, otherwise)"))
        if isinstance(route, dict) and "condition" in route and route.get("otherwise"):
            problems.append((file, f"/routes/{i}/otherwise", "a route has a condition or is the 'otherwise' route, not both"))
        conditions.append(_route_condition(route, i, definition, file, problems))
    if routes and any("condition" in r for r in routes if isinstance(r, dict)) and not any(
        isinstance(r, dict) and "condition" not in r for r in routes
    ):
        problems.append((
            file, "/routes", "every route has a condition: add a route without one (or with otherwise = true), "
            "so that a case no condition fits still reaches case handling",
        ))
    applicant = read_applicant(data.get("applicant"), definition, login_required, file, problems)
    handling = data.get("handling_time_days", 0)
    if not isinstance(handling, int) or handling < 0:
        problems.append((file, "/handling_time_days", "must be a whole number of days"))
    if definition is not None and definition.id != settings_path.stem:
        problems.append((str(form_path), "/id", f"must equal the file name {settings_path.stem!r}"))
    if problems or definition is None or classification is None or controls is None:
        raise FormDefinitionError(problems)
    return Service(
        id=definition.id,
        form=definition,
        classification=classification,
        personal_data=personal_data,
        routes=tuple(
            Route(r["connector"], c, otherwise=bool(r.get("otherwise"))) for r, c in zip(routes, conditions, strict=True)
        ),
        handling_time_days=handling,
        login_required=login_required,
        minimum_loa=minimum_loa,
        form_path=form_path,
        settings_path=settings_path,
        controls=controls,
        applicant=applicant,
    )


def load_catalog(
    forms_dir: Path, services_dir: Path, connector_names: Iterable[str] | None = None,
    policy: Policy | None = None,
) -> Catalog:
    """Load every service; refuse (and log) the broken ones, keep the rest.

    ``policy`` derives each service's controls (default: the shipped policy, config/policy.toml).
    """
    catalog = Catalog()
    policy = policy or load_policy()
    names = list(connector_names) if connector_names is not None else None
    forms = {p.stem: p for p in sorted(forms_dir.glob("*.json")) if p.name != versions.LOCK_NAME}
    settings = {p.stem: p for p in sorted(services_dir.glob("*.toml"))}
    lock = versions.read_lock(versions.lock_path(forms_dir))
    for service_id in sorted(set(forms) | set(settings)):
        if service_id not in settings:
            catalog.problems.append((str(forms[service_id]), "", f"no service settings: add {services_dir}/{service_id}.toml with its classification"))
            continue
        if service_id not in forms:
            catalog.problems.append((str(settings[service_id]), "", f"no form definition {forms_dir}/{service_id}.json"))
            continue
        try:
            service = load_service(forms[service_id], settings[service_id], names, policy)
            refused = versions.version_problem(service.form, lock)
        except FormDefinitionError as exc:
            catalog.problems.extend(exc.problems)
            continue
        if refused:
            catalog.problems.append((str(forms[service_id]), "/version", refused))
        else:
            catalog.services[service_id] = service
    for file, pointer, message in catalog.problems:
        logger.error("Service not published: %s:%s: %s", file, pointer or "/", message)
    return catalog
