"""Validate answers with the definition's compiled validator and name each error's field.

jsonschema reports a missing property on the parent object (``'email' is a required property``
at ``/contact``); the citizen needs it on the e-mail field. :func:`_explode` moves each such error
to the missing property, and a missing object to its required fields. Each control then shows
its most useful error, one per field, as GOV.UK's error summary expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import ValidationError

from . import messages, pointers, schemas, widgets
from .answers import clean_answers, raw_input
from .definition import Control, FormDefinition, Page

# Lower is shown first when a field has several errors: say "Ange ..." before "too long".
_PRIORITY = {"required": 0, "type": 1, "format": 2, "minLength": 3, "maxLength": 3, "pattern": 4}
_Segments = tuple[str, ...]


@dataclass(frozen=True)
class FieldError:
    """One message for one field. ``field_id`` is the id of the input an error-summary link
    should focus; ``pointer`` is the control's JSON Pointer."""

    pointer: str
    field_id: str
    message: str
    keyword: str = ""


@dataclass(frozen=True)
class _Found:
    segments: _Segments
    keyword: str
    params: Mapping[str, Any]


def validate_page(
    definition: FormDefinition, page: Page | str, answers: Mapping[str, Any], lang: str
) -> list[FieldError]:
    """Errors for the controls on ``page`` only, in page order."""
    page = definition.resolve_page(page)
    by_control, _ = _collect(definition, answers)
    return [e for c in page.controls if (e := _error_for(c, by_control, answers, lang))]


def validate_answers(definition: FormDefinition, answers: Mapping[str, Any], lang: str) -> list[FieldError]:
    """Every error in the answers (for the final submit), in page order.

    Errors at pointers no control asks for (a definition gap) come last, with an empty
    ``field_id``.
    """
    by_control, unmapped = _collect(definition, answers)
    errors = [e for c in definition.controls if (e := _error_for(c, by_control, answers, lang))]
    for found in unmapped:
        name = found.segments[-1] if found.segments else ""
        text = messages.message(None, (found.keyword,), lang, found.params, fallback_name=name)
        errors.append(FieldError(pointers.join(found.segments), "", text, found.keyword))
    return errors


def _collect(
    definition: FormDefinition, answers: Mapping[str, Any]
) -> tuple[dict[str, list[_Found]], list[_Found]]:
    """Schema errors grouped by the control they belong to, and those without one."""
    by_control: dict[str, list[_Found]] = {}
    unmapped: list[_Found] = []
    seen: set[tuple[_Segments, str]] = set()
    instance = clean_answers(definition, answers)
    for error in definition.validator.iter_errors(instance):
        for found in _explode(definition, error):
            if (found.segments, found.keyword) in seen:
                continue
            seen.add((found.segments, found.keyword))
            control = _owner(definition, found.segments)
            if control is None:
                unmapped.append(found)
            else:
                by_control.setdefault(control.pointer, []).append(found)
    return by_control, unmapped


def _explode(definition: FormDefinition, error: ValidationError) -> Iterator[_Found]:
    segments = tuple(str(p) for p in error.absolute_path)
    keyword = str(error.validator)
    if keyword == "required":
        present = error.instance if isinstance(error.instance, Mapping) else {}
        required = error.validator_value if isinstance(error.validator_value, list) else []
        for name in required:
            if name not in present:
                yield from _required(definition, (*segments, name))
        return
    if keyword == "format":
        keyword = f"format:{error.validator_value}"
    yield _Found(segments, keyword, {"limit": error.validator_value})


def _required(definition: FormDefinition, segments: _Segments) -> Iterator[_Found]:
    """A missing value; a missing object stands for its required fields."""
    control = definition.control(pointers.join(segments))
    if control is None or not widgets.get(control.widget).parses:
        schema = schemas.resolve(definition.schema, segments)
        if schema is not None and schemas.main_type(schema) == "object":
            required = schemas.required_names(definition.schema, schema)
            names = [n for n in schemas.property_names(definition.schema, schema) if n in required]
            for name in names:
                yield from _required(definition, (*segments, name))
            if names:
                return
    yield _Found(segments, "required", {})


def _owner(definition: FormDefinition, segments: _Segments) -> Control | None:
    """The control at ``segments`` or the nearest one above it."""
    for depth in range(len(segments), 0, -1):
        control = definition.control(pointers.join(segments[:depth]))
        if control is not None:
            return control
    return None


def _best(found: Iterable[_Found]) -> _Found | None:
    return min(found, key=lambda f: _PRIORITY.get(f.keyword.split(":")[0], 9), default=None)


def _error_for(
    control: Control, by_control: Mapping[str, list[_Found]], answers: Mapping[str, Any], lang: str
) -> FieldError | None:
    widget = widgets.get(control.widget)
    raw = raw_input(answers, control.pointer)
    problem = widget.raw_problem(control, raw) if raw is not None else None
    if problem is not None:
        found: _Found | None = _Found(control.segments, problem.keyword, problem.params)
    else:
        found = _best(by_control.get(control.pointer, ()))
    if found is None:
        return None
    text = messages.message(control, widget.message_keys(found.keyword), lang, found.params)
    return FieldError(control.pointer, widget.anchor(control), text, found.keyword)
