"""The published JSON Schema of the case envelope, and validation against it."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource

from ..errors import EnvelopeInvalid

SCHEMA_PATH = Path(__file__).with_name("case-envelope-v1.schema.json")
SCHEMA_ID = "https://blankett.se/schemas/case-envelope/v1.json"
RECORD_SCHEMA_PATH = Path(__file__).with_name("case-record-v1.schema.json")
RECORD_SCHEMA_ID = "https://blankett.se/schemas/case-record/v1.json"

# Messages of these validators name properties, never values, so they may be shown as they are.
_VALUE_FREE = {"required", "additionalProperties", "dependentRequired", "propertyNames"}


@functools.cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def _record_validator() -> Draft202012Validator:
    # The record refers to the envelope's definitions by its $id; resolved here, never fetched.
    record: dict[str, Any] = json.loads(RECORD_SCHEMA_PATH.read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resource(SCHEMA_ID, Resource.from_contents(_schema()))
    return Draft202012Validator(record, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate_record(document: Any) -> None:
    """Raise ``EnvelopeInvalid`` listing every problem when a case record does not fit its schema."""
    problems = [
        (_pointer(error), _describe(error))
        for error in sorted(_record_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        raise EnvelopeInvalid(problems)


def envelope_schema() -> dict[str, Any]:
    """A copy of the envelope's JSON Schema (2020-12), e.g. to publish it at its ``$id``."""
    return copy.deepcopy(_schema())


def validate_envelope(document: Any) -> None:
    """Raise ``EnvelopeInvalid`` listing every problem, by JSON pointer, when ``document`` does not fit.

    Messages never quote the offending values: an envelope is full of personal data, and this
    error ends up in logs.
    """
    problems = [
        (_pointer(error), _describe(error))
        for error in sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        raise EnvelopeInvalid(problems)


def _pointer(error: ValidationError) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in error.absolute_path)


def _describe(error: ValidationError) -> str:
    if error.validator in _VALUE_FREE:
        return str(error.message)
    expected = json.dumps(error.validator_value, ensure_ascii=False)
    if len(expected) > 80:
        expected = expected[:77] + "..."
    return f"fails {error.validator} {expected}"
