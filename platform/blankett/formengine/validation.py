"""Validate answers with the definition's compiled validator and name each error's field.

The full schema validates the answers (hidden values cleared). Each error is then given to
the control that asks for its value:

* jsonschema reports a missing property on the parent object (``'email' is a required
  property`` at ``/contact``); the citizen needs it on the e-mail field. :func:`_explode`
  moves such errors to the missing property (also for ``dependentRequired`` and draft-07
  ``dependencies``), and a missing object to its required fields.
* A failed ``oneOf``/``anyOf`` of variants is replaced by the errors of the variant the
  person chose (or the closest one), so they land on that variant's fields.
* An error that belongs to a control not shown (hidden, or on another page) is dropped; one
  that no control asks for is reported last by :func:`validate_answers`.

Each control then shows its most useful error, one per field, as GOV.UK's error summary
expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import ValidationError

from . import messages, pointers, schemas, widgets
from .answers import clean_answers, raw_input
from .definition import Control, FormDefinition, Page
from .expansion import Shown, expand, expand_form

# Lower is shown first when a field has several errors: say "Ange ..." before "too long".
_PRIORITY = {"required": 0, "type": 1, "format": 2, "minLength": 3, "maxLength": 3, "pattern": 4}
_CHOICE_MISMATCH = ("const", "enum", "type")
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


@dataclass(frozen=True)
class _Context:
    definition: FormDefinition
    index: Mapping[str, Control]  # the visible controls by pointer
    chosen: Mapping[str, int]  # variants pointer → index of the chosen variant


def validate_page(
    definition: FormDefinition, page: Page | str, answers: Mapping[str, Any], lang: str
) -> list[FieldError]:
    """Errors for the controls shown on ``page`` only, in page order."""
    page = definition.resolve_page(page)
    return _validate(definition, expand(page.elements, answers), answers, lang, strays=False)


def validate_answers(definition: FormDefinition, answers: Mapping[str, Any], lang: str) -> list[FieldError]:
    """Every error in the answers (for the final submit), in page order, for the pages on the
    path the answers take.

    Errors at pointers no control asks for (a definition gap) come last, with an empty
    ``field_id``.
    """
    return _validate(definition, expand_form(definition, answers), answers, lang, strays=True)


def _validate(
    definition: FormDefinition, shown: Shown, answers: Mapping[str, Any], lang: str, *, strays: bool
) -> list[FieldError]:
    controls = list(shown.controls())
    context = _Context(definition, _owners(controls), _chosen(controls))
    by_control: dict[str, list[_Found]] = {}
    unmapped: list[_Found] = []
    seen: set[tuple[_Segments, str]] = set()
    for error in definition.validator.iter_errors(clean_answers(definition, answers)):
        for found in _explode(context, error):
            if (found.segments, found.keyword) in seen:
                continue
            seen.add((found.segments, found.keyword))
            owner = _owner(context, found.segments)
            if owner is not None:
                by_control.setdefault(owner.pointer, []).append(found)
            elif definition.asked_depth(found.segments) == 0:
                unmapped.append(found)
    owners = context.index
    errors = [
        e for c in controls if owners[c.pointer] is c and (e := _error_for(c, by_control, answers, lang))
    ]
    for found in unmapped if strays else ():
        name = found.segments[-1] if found.segments else ""
        text = messages.message(None, (found.keyword,), lang, found.params, fallback_name=name)
        errors.append(FieldError(pointers.join(found.segments), "", text, found.keyword))
    return errors


def _owners(controls: Iterable[Control]) -> dict[str, Control]:
    """The control that answers for each pointer: a question rather than a container that
    shares its pointer (the item around a plain value, the variant inside a chooser)."""
    found: dict[str, Control] = {}
    for control in controls:
        current = found.get(control.pointer)
        if current is None or (_container(current) and not _container(control)):
            found[control.pointer] = control
    return found


def _container(control: Control) -> bool:
    kind = widgets.get(control.widget)
    return not (kind.parses or kind.chooses)


def _chosen(controls: Iterable[Control]) -> dict[str, int]:
    found = {}
    for control in controls:
        if control.widget == "variants":
            for child in control.children:
                if child.widget == "variant":
                    found[control.pointer] = int(child.settings["index"])
    return found


def _explode(context: _Context, error: ValidationError) -> Iterator[_Found]:
    segments = tuple(str(p) for p in error.absolute_path)
    keyword = str(error.validator)
    present = error.instance if isinstance(error.instance, Mapping) else {}
    if keyword == "required":
        listed = error.validator_value if isinstance(error.validator_value, list) else []
        for name in listed:
            if name not in present:
                yield from _required(context, (*segments, name))
        return
    if keyword in ("dependentRequired", "dependencies") and isinstance(error.validator_value, Mapping):
        for key, names in error.validator_value.items():
            if key in present and isinstance(names, list):
                for name in names:
                    if name not in present:
                        yield from _required(context, (*segments, name))
        return
    if keyword in ("oneOf", "anyOf") and error.context:
        group = _variant_errors(error, context.chosen.get(pointers.join(segments)))
        if group is not None:
            for sub in group:
                yield from _explode(context, sub)
            return
    if keyword == "type" and error.instance is None:
        keyword = "required"  # an empty position of a fixed-length list
    if keyword == "format":
        keyword = f"format:{error.validator_value}"
    yield _Found(segments, keyword, {"limit": error.validator_value})


def _variant_errors(error: ValidationError, chosen: int | None) -> list[ValidationError] | None:
    """The errors of the chosen variant, else of the closest one: the fewest errors and no
    wrong discriminator or type. ``None`` when it is a plain choice between values."""
    groups: dict[Any, list[ValidationError]] = {}
    for sub in error.context or ():
        groups.setdefault(sub.relative_schema_path[0], []).append(sub)
    if chosen is not None:
        return groups.get(chosen)
    depth = len(error.absolute_path)
    candidates = [
        group
        for group in groups.values()
        if not any(s.validator in _CHOICE_MISMATCH and len(s.absolute_path) <= depth + 1 for s in group)
    ]
    return min(candidates, key=len) if candidates else None


def _required(context: _Context, segments: _Segments) -> Iterator[_Found]:
    """A missing value; a missing object stands for its required fields."""
    control = context.index.get(pointers.join(segments))
    if control is not None and widgets.get(control.widget).chooses:
        yield _Found(segments, "required", {})  # "choose a variant", as well as its fields
    if control is None or not widgets.get(control.widget).parses:
        root = context.definition.schema
        schema = context.definition.schema_at(segments)
        if schema is not None and schemas.main_type(schema) == "object":
            required = schemas.required_names(root, schema)
            names = [n for n in schemas.property_names(root, schema) if n in required]
            for name in names:
                yield from _required(context, (*segments, name))
            if names:
                return
    yield _Found(segments, "required", {})


def _owner(context: _Context, segments: _Segments) -> Control | None:
    """The visible control at ``segments`` or the nearest one above it, unless a control
    further down (on another page, or hidden) asks for the value."""
    for depth in range(len(segments), 0, -1):
        control = context.index.get(pointers.join(segments[:depth]))
        if control is not None:
            return control if context.definition.asked_depth(segments) <= depth else None
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
