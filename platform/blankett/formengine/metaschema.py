"""The meta-schema of the definition format (``schema/form-definition-v1.json``).

Each form file names it in ``"$schema"``, so an editor validates and completes while the
author types; the loader runs it before its own checks (:func:`checked`), so an unknown key
or a misspelt one is reported too. ``additionalProperties: false`` holds for the format's own
objects, never inside a data ``schema`` or a condition's ``schema``.

The widget names in the shipped file are for editors; here they are taken from the widget
registry, so a newly registered widget is accepted at once (a test keeps the file in step).
"""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from blankett.errors import FormDefinitionError

from . import pointers, widgets
from .problems import Problems

SCHEMA_ID = "https://blankett.se/schemas/form-definition/v1.json"
SCHEMA_FILE = "form-definition-v1.json"

# Readable messages for the patterns in the meta-schema, keyed by the $defs entry or top-level
# property that declares them (the raw regular expression helps nobody).
_PATTERNS = {
    "slug": "must be a slug: lower-case letters, digits and '-', such as 'bygglov'",
    "name": "a condition name may hold letters, digits, '_' and '-' and must not start with a digit",
    "pointer": "must be a JSON Pointer such as '/contact/email'",
    "version": "must be a semantic version such as '1.0.0'; raise it on every change once published",
    "formatVersion": "unsupported format version; this engine reads 1.x, such as '1.0'",
}


@dataclass(frozen=True)
class MetaProblem:
    pointer: str
    message: str
    about: frozenset[str]
    """Pointers an engine problem may be reported at for the same fault (then it wins)."""


def raw_schema() -> dict[str, Any]:
    """The meta-schema as shipped (for editors: ``blankett forms check`` uses :func:`schema`)."""
    text = resources.files("blankett.formengine").joinpath("schema", SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schema() -> dict[str, Any]:
    """The meta-schema with the widget names of the registry."""
    found = copy.deepcopy(raw_schema())
    found["$defs"]["widget"]["enum"] = widgets.names()
    return found


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def problems(raw: Any) -> list[MetaProblem]:
    """Everything the meta-schema finds wrong with a parsed definition, in document order."""
    found: dict[tuple[str, str], MetaProblem] = {}
    for error in _validator().iter_errors(raw):
        for problem in _explain(error):
            found.setdefault((problem.pointer, problem.message), problem)
    return sorted(found.values(), key=lambda p: p.pointer)


def checked(raw: Any, source: str) -> Problems:
    """A problem list that already holds the meta-schema's problems for ``raw``."""
    return MergedProblems(source, problems(raw))


class MergedProblems(Problems):
    """Problems that report the meta-schema's findings first, without repeating a fault the
    engine explains at the same place (its message knows more)."""

    def __init__(self, source: str, meta: Iterable[MetaProblem]) -> None:
        super().__init__(source)
        self.meta = list(meta)

    def merged(self) -> list[tuple[str, str, str]]:
        engine = {pointer for _, pointer, _ in self.items}
        kept = [(self.source, m.pointer, m.message) for m in self.meta if not (m.about & engine)]
        return [*kept, *self.items]

    def raise_if_any(self) -> None:
        found = self.merged()
        if found:
            raise FormDefinitionError(found)


def _pointer(path: Iterable[Any]) -> str:
    return pointers.join(str(p) for p in path)


def _explain(error: ValidationError) -> Iterator[MetaProblem]:
    at = _pointer(error.absolute_path)
    keyword = error.validator
    if keyword == "additionalProperties" and isinstance(error.instance, Mapping):
        known = sorted((error.schema.get("properties") or {}) if isinstance(error.schema, Mapping) else {})
        for key in error.instance:
            if key not in known:
                where = at + pointers.join([str(key)])
                yield MetaProblem(where, _unknown(str(key), known), frozenset({where}))
        return
    required = error.validator_value if keyword == "required" else None
    if isinstance(required, list) and isinstance(error.instance, Mapping):
        missing = [k for k in required if k not in error.instance]
        for key in missing:
            where = at + pointers.join([key])
            yield MetaProblem(where, f"the key {key!r} is required here", frozenset({where, at}))
        return
    yield MetaProblem(at, _message(error), frozenset({at}))


def _unknown(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f"unknown key {key!r} (did you mean {close[0]!r}?)"
    return f"unknown key {key!r}; allowed here: {', '.join(known)}"


def _message(error: ValidationError) -> str:
    keyword = error.validator
    value = error.validator_value
    if keyword == "pattern":
        return _pattern_messages().get(str(value), f"must match the pattern {value!r}")
    if keyword == "enum" and isinstance(value, list):
        close = difflib.get_close_matches(str(error.instance), [str(v) for v in value], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{error.instance!r} is not allowed here{hint}; use one of {', '.join(map(repr, value))}"
    if keyword == "const":
        return f"must be {json.dumps(value)}"
    if keyword == "type":
        names = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in names)
        return f"must be {wanted}"
    if keyword == "minLength":
        return "must not be empty"
    if keyword == "minItems":
        return "must be a non-empty list"
    if keyword == "minProperties":
        return "must not be an empty object"
    return error.message


@cache
def _pattern_messages() -> dict[str, str]:
    """Pattern → readable message, for the patterns named in :data:`_PATTERNS`."""
    meta = raw_schema()
    declared = {**meta["$defs"], **meta["properties"]}
    return {declared[name]["pattern"]: message for name, message in _PATTERNS.items()}


_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
}
