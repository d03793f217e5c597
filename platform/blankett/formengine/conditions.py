"""Named conditions: "the value at a JSON Pointer validates against a JSON Schema".

In a definition::

    "conditions": {
      "isCompany": {"path": "/applicantType", "schema": {"const": "company"}},
      "manyStoves": {"path": "/stoves", "schema": {"minItems": 3}},
      "companyWithMany": {"all": ["isCompany", "manyStoves"]}
    }

``all``/``any`` take lists, ``not`` one condition; each may be a name or an inline condition.
A page or element names one in ``showIf`` (or writes it inline). A missing value fails a test
(JSON Forms' ``failWhenUndefined``), so ``{"not": ...}`` of a test on a missing value holds.
Inside a repeatable section an inline condition's ``path`` is relative to the item.

The schemas are compiled once, with the form's own validator class and ``$defs``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from jsonschema.protocols import Validator

from . import pointers, schemas
from .problems import Problems


class Condition(Protocol):
    def holds(self, answers: Mapping[str, Any], at: tuple[str, ...]) -> bool:
        """Whether the condition holds; ``at`` is the bound place it is asked from, whose
        item indices fill the condition's own."""


@dataclass(frozen=True)
class Test:
    """The value at ``segments`` exists and (when ``validator`` is set) is valid."""

    segments: tuple[str, ...]
    validator: Validator | None = None

    def holds(self, answers: Mapping[str, Any], at: tuple[str, ...]) -> bool:
        segments = pointers.bind(self.segments, at)
        if segments:
            value = pointers.lookup(answers, segments)
            if value is pointers.ABSENT:
                return False
        else:
            value = {k: v for k, v in answers.items() if not k.startswith("_")}
        return self.validator is None or bool(self.validator.is_valid(value))


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, Any], at: tuple[str, ...]) -> bool:
        return all(c.holds(answers, at) for c in self.items)


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, Any], at: tuple[str, ...]) -> bool:
        return any(c.holds(answers, at) for c in self.items)


@dataclass(frozen=True)
class Not:
    item: Condition

    def holds(self, answers: Mapping[str, Any], at: tuple[str, ...]) -> bool:
        return not self.item.holds(answers, at)


def both(first: Condition | None, second: Condition | None) -> Condition | None:
    if first is None or second is None:
        return first or second
    return All((first, second))


class ConditionBuilder:
    """Builds named and inline conditions, reporting every problem."""

    def __init__(self, raw: Any, root: schemas.Schema, validator: Validator, problems: Problems) -> None:
        self.raw: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        self.root = root
        self.validator = validator
        self.problems = problems
        self.named: dict[str, Condition] = {}
        self._resolving: set[str] = set()
        self._meta = type(validator)(type(validator).META_SCHEMA)
        if raw is not None and not isinstance(raw, Mapping):
            problems.add("/conditions", "conditions must be an object of named conditions")
        for name in self.raw:
            self._by_name(name, "/conditions")

    def compile(self, schema: Any) -> Validator:
        """A validator for a subschema that can still ``$ref`` the form's ``$defs``."""
        return self.validator.evolve(schema=schema)

    def _by_name(self, name: str, at: str) -> Condition | None:
        if name in self.named:
            return self.named[name]
        if name not in self.raw:
            self.problems.add(at, f"there is no condition named {name!r} under 'conditions'")
            return None
        if name in self._resolving:
            self.problems.add(at, f"the condition {name!r} refers to itself")
            return None
        self._resolving.add(name)
        built = self.parse(self.raw[name], "/conditions" + pointers.join([name]))
        self._resolving.discard(name)
        if built is not None:
            self.named[name] = built
        return built

    def parse(self, value: Any, at: str, base: tuple[str, ...] = ()) -> Condition | None:
        """A condition from a name or an inline object; ``base`` prefixes relative paths."""
        if isinstance(value, str):
            return self._by_name(value, at)
        if not isinstance(value, Mapping):
            self.problems.add(at, "a condition is a name or an object with 'path' and 'schema'")
            return None
        if "path" in value:
            return self._test(value, at, base)
        for key, kind in (("all", All), ("any", AnyOf)):
            if key in value:
                return self._list(value[key], f"{at}/{key}", base, kind)
        if "not" in value:
            inner = self.parse(value["not"], at + "/not", base)
            return Not(inner) if inner is not None else None
        self.problems.add(at, "a condition needs 'path' and 'schema', or 'all', 'any' or 'not'")
        return None

    def _list(
        self, value: Any, at: str, base: tuple[str, ...], kind: type[All] | type[AnyOf]
    ) -> Condition | None:
        if not isinstance(value, list) or not value:
            self.problems.add(at, "must be a non-empty list of conditions")
            return None
        items = [self.parse(item, f"{at}/{index}", base) for index, item in enumerate(value)]
        found = tuple(i for i in items if i is not None)
        return kind(found) if len(found) == len(items) else None

    def _test(self, value: Mapping[str, Any], at: str, base: tuple[str, ...]) -> Condition | None:
        try:
            segments = base + pointers.split(value["path"]) if isinstance(value["path"], str) else None
        except pointers.PointerError as exc:
            self.problems.add(at + "/path", f"{value['path']!r} is not a JSON Pointer: {exc}")
            return None
        if segments is None or (segments and schemas.resolve(self.root, segments) is None):
            self.problems.add(at + "/path", f"the condition's path {value['path']!r} is not in the schema")
            return None
        schema = value.get("schema", True)
        if not isinstance(schema, Mapping | bool):
            self.problems.add(at + "/schema", "must be a JSON Schema (an object)")
            return None
        errors = [e.message for e in self._meta.iter_errors(schema)]
        if errors:
            self.problems.add(at + "/schema", f"not a valid JSON Schema: {errors[0]}")
            return None
        return Test(segments, self.compile(schema))
