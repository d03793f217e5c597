"""``blankett forms check``: every problem with the services' files, beyond what loading finds.

Loading a service already runs the meta-schema, the engine's checks (broken references, a
condition on a path missing from the schema, missing English texts) and the service settings'
checks (classification, routes). This module adds lint that needs the whole built form:

* a page or element whose ``showIf`` can never hold (kept simple and honest: a test for a
  value the schema's ``enum``/``const`` does not allow, a ``false`` schema, ``not`` of a test on
  the whole document that always holds, and what ``all``/``any``/``not`` make of those);
* a ``required`` field that no page asks for (the person could never file the form);
* a published version whose definition changed without a new version number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import load_service
from ..catalog import versions as lock
from ..errors import FormDefinitionError
from . import pointers, schemas
from .definition import Control, FormDefinition
from .loader import load_definition

Problem = tuple[str, str, str]


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    recorded: list[str] = field(default_factory=list)
    definitions: dict[str, FormDefinition] = field(default_factory=dict)  # service id -> the loaded form


def check_services(
    paths: Iterable[Path], forms_dir: Path, services_dir: Path, *, update_lock: bool = False
) -> Report:
    """Check the definitions and service settings found in ``paths`` (files or folders);
    a form's settings come from the paths, else from ``services_dir`` (and the other way
    round). With ``update_lock``, versions of faultless forms are recorded as published."""
    forms, settings = _collect(paths)
    report = Report()
    publishable: dict[Path, list[FormDefinition]] = {}
    for service_id in sorted(set(forms) | set(settings)):
        form = forms.get(service_id, forms_dir / f"{service_id}.json")
        setting = settings.get(service_id, services_dir / f"{service_id}.toml")
        before = len(report.problems)
        definition = _check_one(form, setting, report.problems)
        report.checked.append(service_id)
        if definition is not None:
            report.definitions[service_id] = definition
        if definition is not None and len(report.problems) == before:
            publishable.setdefault(lock.lock_path(form.parent), []).append(definition)
    if update_lock:
        for path, definitions in publishable.items():
            report.recorded += lock.record(path, definitions)
    return report


def _collect(paths: Iterable[Path]) -> tuple[dict[str, Path], dict[str, Path]]:
    forms: dict[str, Path] = {}
    settings: dict[str, Path] = {}
    for path in paths:
        found = sorted(path.glob("*.json")) + sorted(path.glob("*.toml")) if path.is_dir() else [path]
        for file in found:
            if file.suffix == ".toml":
                settings[file.stem] = file
            elif file.name != lock.LOCK_NAME:
                forms[file.stem] = file
    return forms, settings


def _check_one(form: Path, setting: Path, problems: list[Problem]) -> FormDefinition | None:
    if not form.exists():
        problems.append((str(setting), "", f"there is no form definition {form}; add it or remove this file"))
        return None
    try:
        if setting.exists():
            load_service(form, setting, None)  # reports the definition's problems too
        else:
            missing = f"there are no service settings: add {setting} with its classification"
            problems.append((str(form), "", missing))
    except FormDefinitionError as exc:
        problems.extend(exc.problems)
    try:
        definition = load_definition(form)
    except FormDefinitionError as exc:
        problems.extend(() if setting.exists() else exc.problems)
        return None
    problems.extend(lint(definition))
    try:
        refused = lock.version_problem(definition, lock.read_lock(lock.lock_path(form.parent)))
    except FormDefinitionError as exc:
        problems.extend(exc.problems)
        return None
    if refused:
        problems.append((str(form), "/version", refused))
    return definition


def lint(definition: FormDefinition) -> list[Problem]:
    """Problems a loadable definition may still have; see the module docstring."""
    source = definition.source
    found = [(source, at, message) for at, message in _unreachable(definition)]
    found += [(source, at, message) for at, message in _unasked(definition)]
    return found


# -- conditions that can never hold ------------------------------------------------------


def _unreachable(definition: FormDefinition) -> Iterator[tuple[str, str]]:
    raw = definition.raw
    named: Mapping[str, Any] = raw["conditions"] if isinstance(raw.get("conditions"), Mapping) else {}
    pages: list[Any] = raw["pages"] if isinstance(raw.get("pages"), list) else []
    for index, page in enumerate(pages):
        at = f"/pages/{index}"
        if not isinstance(page, Mapping):
            continue
        if "showIf" in page and (why := _never(page["showIf"], named, definition.schema)):
            yield at + "/showIf", f"this page can never be shown: {why}"
        elements = page.get("elements")
        for number, element in enumerate(elements if isinstance(elements, list) else []):
            shown_if = element.get("showIf") if isinstance(element, Mapping) else None
            if shown_if is not None and (why := _never(shown_if, named, definition.schema)):
                yield f"{at}/elements/{number}/showIf", f"this element can never be shown: {why}"


def _named(value: Any, named: Mapping[str, Any]) -> Any:
    return named.get(value) if isinstance(value, str) else value


def _never(value: Any, named: Mapping[str, Any], root: Mapping[str, Any], depth: int = 0) -> str | None:
    """Why the condition can never hold, or ``None`` when it may (or we cannot tell)."""
    condition = _named(value, named)
    if not isinstance(condition, Mapping) or depth > 20:
        return None
    if "path" in condition:
        return _impossible_test(condition, root)
    if isinstance(condition.get("all"), list):
        found = (_never(c, named, root, depth + 1) for c in condition["all"])
        return next((r for r in found if r), None)
    if isinstance(condition.get("any"), list):
        reasons = [_never(c, named, root, depth + 1) for c in condition["any"]]
        return "; ".join(r for r in reasons if r) if reasons and all(reasons) else None
    if "not" in condition and _always(condition["not"], named, root, depth + 1):
        return "it is 'not' of a condition that always holds"
    return None


def _always(value: Any, named: Mapping[str, Any], root: Mapping[str, Any], depth: int) -> bool:
    condition = _named(value, named)
    if not isinstance(condition, Mapping) or depth > 20:
        return False
    if "path" in condition:
        # Only the whole document always exists; a missing value fails any other test.
        return condition["path"] == "" and condition.get("schema", True) in (True, {})
    if isinstance(condition.get("all"), list):
        return all(_always(c, named, root, depth + 1) for c in condition["all"])
    if isinstance(condition.get("any"), list):
        return any(_always(c, named, root, depth + 1) for c in condition["any"])
    return "not" in condition and _never(condition["not"], named, root, depth + 1) is not None


def _impossible_test(condition: Mapping[str, Any], root: Mapping[str, Any]) -> str | None:
    schema = condition.get("schema", True)
    path = condition.get("path")
    if schema is False:
        return f"its schema for {path!r} is false"
    if not isinstance(schema, Mapping) or not isinstance(path, str) or not root:
        return None
    wanted = [schema["const"]] if "const" in schema else schema.get("enum")
    try:
        target = schemas.resolve(root, pointers.split(path))
    except (pointers.PointerError, schemas.SchemaLookupError):
        return None
    if not isinstance(wanted, list) or not isinstance(target, Mapping):
        return None
    allowed = [target["const"]] if "const" in target else target.get("enum")
    if not isinstance(allowed, list):
        return None
    keys = {json.dumps(v, sort_keys=True) for v in allowed}
    if any(json.dumps(v, sort_keys=True) in keys for v in wanted):
        return None
    shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in wanted)
    choices = ", ".join(json.dumps(v, ensure_ascii=False) for v in allowed)
    return f"it tests {path!r} for {shown}, but the schema allows only {choices}"


# -- required fields that no page asks ---------------------------------------------------


def _unasked(definition: FormDefinition) -> Iterator[tuple[str, str]]:
    asked = {
        control.segments
        for page in definition.pages
        for element in page.elements
        if isinstance(element, Control)
        for control in element.walk()
    }
    for at, segments in _required(definition.schema, "/schema", ()):
        if not any(s[: len(segments)] == segments for s in asked):
            shown = pointers.display(segments)
            yield at, f"{shown!r} is required but no page asks for it; ask it or drop it from 'required'"


def _required(node: Any, at: str, base: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Required data paths written inline in the schema (``$ref``s and arrays not followed)."""
    if not isinstance(node, Mapping) or not isinstance(node.get("required"), list):
        return
    properties: Mapping[str, Any] = node["properties"] if isinstance(node.get("properties"), Mapping) else {}
    for index, name in enumerate(node["required"]):
        if not isinstance(name, str):
            continue
        yield f"{at}/required/{index}", (*base, name)
        child = properties.get(name)
        yield from _required(child, f"{at}/properties{pointers.join([name])}", (*base, name))
