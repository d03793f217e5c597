"""Read a form definition file, check it, and build a :class:`FormDefinition`.

Every problem is collected and raised together as one
:class:`~blankett.errors.FormDefinitionError` with ``(file, json_pointer, message)`` triples, so a
form author fixes a file in one round.

The data schema may be any JSON Schema dialect that ``jsonschema`` knows (draft-04 to
2020-12); ``$schema`` picks the validator class (2020-12 when it is missing). The validator
is compiled once here, with the platform's formats and an exact ``multipleOf`` (decimal
arithmetic, so 0.3 is a multiple of 0.1).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.protocols import Validator
from referencing import Registry, Resource

from blankett.errors import FormDefinitionError

from . import metaschema, pointers, schemas
from .building import Builder
from .conditions import Condition, ConditionBuilder
from .definition import FormDefinition, Page
from .formats import format_checker
from .layout import build_pages
from .problems import Problems
from .texts import text_problems

FORMAT_MAJOR = "1"
REQUIRED_KEYS = ("formatVersion", "id", "version", "title", "schema")
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_DIALECTS = {
    str(cls.META_SCHEMA.get("$id") or cls.META_SCHEMA.get("id")).rstrip("#"): cls
    for cls in (
        validators.Draft4Validator,
        validators.Draft6Validator,
        validators.Draft7Validator,
        validators.Draft201909Validator,
        validators.Draft202012Validator,
    )
}


def load_definition(path: Path | str) -> FormDefinition:
    """Load and check ``forms/<id>.json``.

    >>> load_definition(Path("forms/synpunkt.json")).first_page.id
    'vad'
    """
    source = str(path)
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise FormDefinitionError([(source, "", f"cannot read the file: {exc.strerror}")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormDefinitionError([(source, "", f"not valid UTF-8 JSON: {exc}")]) from None
    return build_definition(raw, source)


def build_definition(raw: Any, source: str = "<definition>") -> FormDefinition:
    """Check an already parsed definition; ``source`` names it in problems."""
    raw = copy.deepcopy(raw)  # the definition must not change when the caller's dict does
    problems = metaschema.checked(raw, source)  # meta-schema problems first, merged
    if not isinstance(raw, dict):
        problems.add("", "a form definition must be a JSON object")
        problems.raise_if_any()
    _check_top(raw, problems)
    schema = _check_schema(raw.get("schema"), problems)
    validator = compile_validator(schema) if schema is not None else None
    pages: tuple[Page, ...] = ()
    conditions: Mapping[str, Condition] = {}
    if schema is not None and validator is not None:
        built = ConditionBuilder(raw.get("conditions"), schema, validator, problems)
        builder = Builder(schema, built, problems)
        try:
            pages = build_pages(raw.get("pages"), builder, raw.get("title") or {})
        except schemas.SchemaLookupError as exc:
            problems.add("/schema", str(exc))
        conditions = built.named
    problems.raise_if_any()
    assert schema is not None  # problems were raised otherwise
    assert validator is not None
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return FormDefinition(
        id=raw["id"],
        version=raw["version"],
        title=raw["title"],
        summary=raw.get("summary"),
        start=raw.get("start") or {},
        schema=schema,
        pages=pages,
        hash=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        raw=raw,
        source=source,
        validator=validator,
        conditions=conditions,
    )


def _multiple_of(
    validator: Validator, divisor: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """``multipleOf`` in decimal arithmetic: binary floats make 0.3 / 0.1 = 2.9999999999999996."""
    if not validator.is_type(instance, "number"):
        return
    try:
        quotient = Decimal(repr(instance)) / Decimal(repr(divisor))
        failed = quotient != quotient.to_integral_value()
    except (InvalidOperation, ArithmeticError):
        failed = True
    if failed:
        yield ValidationError(f"{instance!r} is not a multiple of {divisor}")


@cache
def _extended(base: type[Validator]) -> type[Validator]:
    extended: type[Validator] = validators.extend(base, {"multipleOf": _multiple_of})  # type: ignore[no-untyped-call]
    extended.__name__ = extended.__qualname__ = base.__name__  # not registered: validator_for is unchanged
    return extended


def validator_class(schema: Mapping[str, Any]) -> type[Validator]:
    """The validator class for the schema's ``$schema`` (2020-12 when missing)."""
    base = validators.validator_for(schema, default=Draft202012Validator)
    return _extended(base)


@cache
def _shipped() -> Registry[Any]:
    """The schemas a definition may ``$ref`` by their ``$id`` (never fetched)."""
    return Registry().with_resources(
        (schema_id, Resource.from_contents(schemas.shipped_schema(schema_id))) for schema_id in schemas.SHIPPED
    )


def compile_validator(schema: Mapping[str, Any]) -> Validator:
    dialect = validators.validator_for(schema, default=Draft202012Validator)
    cls: Any = validator_class(schema)
    return cls(schema, format_checker=format_checker(dialect), registry=_shipped())  # type: ignore[no-any-return]


def _check_top(raw: Mapping[str, Any], problems: Problems) -> None:
    for key in REQUIRED_KEYS:
        if key not in raw:
            problems.add("", f"the key {key!r} is required")
    version = raw.get("formatVersion")
    if "formatVersion" in raw and not (isinstance(version, str) and version.split(".")[0] == FORMAT_MAJOR):
        problems.add("/formatVersion", f"unsupported format version {version!r}; this engine reads 1.x")
    form_id = raw.get("id")
    if "id" in raw and not (isinstance(form_id, str) and _SLUG.fullmatch(form_id)):
        problems.add("/id", "the id must be a slug: lower-case letters, digits and '-'")
    if "version" in raw and not (isinstance(raw["version"], str) and raw["version"].strip()):
        problems.add("/version", "the version must be a non-empty string such as '1.0.0'")
    if "title" in raw:
        problems.extend("/title", text_problems(raw["title"]))
    problems.extend("/summary", text_problems(raw.get("summary"), required=False))
    start = raw.get("start")
    if start is not None and not isinstance(start, Mapping):
        problems.add("/start", "must be an object of texts")
    for name, value in (start or {}).items() if isinstance(start, Mapping) else ():
        problems.extend("/start" + pointers.join([name]), text_problems(value))


def _check_schema(schema: Any, problems: Problems) -> Mapping[str, Any] | None:
    """Dialect, meta-schema and shape checks; returns the schema when paths can be resolved
    in it (every local ``$ref`` resolves)."""
    if schema is None:
        return None
    if not isinstance(schema, Mapping):
        problems.add("/schema", "the schema must be a JSON Schema object")
        return None
    declared = schema.get("$schema", DRAFT_2020_12)
    if not (isinstance(declared, str) and declared.rstrip("#") in _DIALECTS):
        known = ", ".join(sorted(_DIALECTS))
        problems.add("/schema/$schema", f"unknown JSON Schema dialect {declared!r}; use one of {known}")
        return None
    cls = _DIALECTS[declared.rstrip("#")]
    meta = cls(cls.META_SCHEMA, format_checker=cls.FORMAT_CHECKER)
    for error in meta.iter_errors(schema):
        problems.add("/schema" + pointers.join(str(p) for p in error.absolute_path), error.message)
    if schema.get("type", "object") != "object" or not isinstance(schema.get("properties", {}), Mapping):
        problems.add("/schema/type", 'the root schema must have "type": "object"')
    properties = schema.get("properties")
    for name in properties if isinstance(properties, Mapping) else ():
        if name.startswith("_"):
            problems.add("/schema/properties" + pointers.join([name]), "names starting with '_' are reserved")
    broken = False
    for where, ref in _refs(schema, "/schema"):
        try:
            schemas.deref(schema, {"$ref": ref})
        except schemas.SchemaLookupError as exc:
            problems.add(where, str(exc))
            broken = True
    return None if broken else schema


def _refs(node: Any, at: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield at + "/$ref", value
            else:
                yield from _refs(value, at + pointers.join([str(key)]))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{at}/{index}")
