"""The ``[applicant]`` table of a service file: whom a person may file for, and what minors may do.

Every mistake is reported as ``(file, JSON pointer, reason)``, like the rest of the service
file, and refuses the service.
"""

from __future__ import annotations

from typing import Any

from ..formengine import FormDefinition
from ..formengine.pointers import PointerError, split
from .models import EVIDENCE, FILE_FOR, MINOR_RULES, Applicant

Problem = tuple[str, str, str]

_AT = "/applicant"
_KEYS = (
    "may_file_for", "organisation_evidence", "minors", "minor_from_age",
    "organisation_fields", "child_fields",
)
# The formats a form's answer must have to hold the number the choice fills in.
_NUMBER_FORMATS = {"organisation": ("se-orgnr",), "child": ("personnummer", "samordningsnummer")}


def _choices(
    value: Any, allowed: tuple[str, ...], pointer: str, file: str, problems: list[Problem]
) -> tuple[str, ...]:
    """A non-empty list of distinct values from ``allowed``; () after a problem."""
    listed = " ".join(f'"{a}"' for a in allowed)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problems.append((file, pointer, f"must be a non-empty list of {listed}"))
        return ()
    for index, item in enumerate(value):
        if item not in allowed:
            problems.append((file, f"{pointer}/{index}", f"must be one of {listed}"))
        elif item in value[:index]:
            problems.append((file, f"{pointer}/{index}", f"{item!r} is listed twice"))
    return tuple(value)


def _minors(
    data: dict[str, Any], applicant: Applicant, file: str, problems: list[Problem]
) -> tuple[str, int | None]:
    rule = data.get("minors", "alone")
    age = data.get("minor_from_age")
    if rule not in MINOR_RULES:
        problems.append((file, f"{_AT}/minors", "must be " + ", ".join(f'"{r}"' for r in MINOR_RULES)))
        return "alone", None
    if rule == "from_age" and not (isinstance(age, int) and not isinstance(age, bool) and 1 <= age <= 17):
        reason = 'minors = "from_age" needs the age a minor may file alone from, 1 to 17'
        problems.append((file, f"{_AT}/minor_from_age", reason))
    if rule != "from_age" and age is not None:
        problems.append((file, f"{_AT}/minor_from_age", 'applies only with minors = "from_age"'))
    if rule == "guardian" and "child" not in applicant.may_file_for:
        problems.append((
            file, f"{_AT}/minors",
            "a minor files only through a guardian here, so a guardian must be able to file for a child: "
            'add "child" to may_file_for',
        ))
    return rule, age if rule == "from_age" else None


def _schema_at(definition: FormDefinition, pointer: str) -> Any:
    """The schema of the answer a control of the form asks at ``pointer``, or None."""
    try:
        segments = split(pointer)
    except PointerError:
        return None
    return definition.schema_at(segments) if segments and definition.control(pointer) is not None else None


def _check_fields(
    value: dict[str, Any], kind: str, definition: FormDefinition, pointer: str, file: str,
    problems: list[Problem],
) -> None:
    for key, target in value.items():
        schema = _schema_at(definition, target) if isinstance(target, str) else None
        if not isinstance(schema, dict) or schema.get("type") != "string":
            reason = 'must name a text question of the form, e.g. "/company/orgnr"'
            problems.append((file, f"{pointer}/{key}", reason))
        elif key == "number" and schema.get("format") not in _NUMBER_FORMATS[kind]:
            formats = " or ".join(_NUMBER_FORMATS[kind])
            problems.append((file, f"{pointer}/{key}", f"must name an answer with format {formats}"))


def _fields(
    data: dict[str, Any], kind: str, applicant: Applicant, definition: FormDefinition | None, file: str,
    problems: list[Problem],
) -> dict[str, str]:
    """``{number = "/pointer", name = "/pointer"}``: answers of the form the choice fills in."""
    pointer, value = f"{_AT}/{kind}_fields", data.get(f"{kind}_fields")
    if value is None:
        return {}
    if kind not in applicant.may_file_for:
        problems.append((file, pointer, f'applies only when may_file_for lists "{kind}"'))
        return {}
    if not isinstance(value, dict) or set(value) - {"number", "name"} or "number" not in value:
        problems.append((file, pointer, "must be a table of number (and name): pointers to form answers"))
        return {}
    if definition is not None:
        _check_fields(value, kind, definition, pointer, file, problems)
    return {k: v for k, v in value.items() if isinstance(v, str)}


def _evidence(
    data: dict[str, Any], may_file_for: tuple[str, ...], file: str, problems: list[Problem]
) -> tuple[str, ...]:
    pointer = f"{_AT}/organisation_evidence"
    if "organisation" in may_file_for:
        listed = data.get("organisation_evidence", ["idp", "mandate"])
        return _choices(listed, EVIDENCE, pointer, file, problems)
    if "organisation_evidence" in data:
        problems.append((file, pointer, 'applies only when may_file_for lists "organisation"'))
    return ()


def read_applicant(
    data: Any, definition: FormDefinition | None, login_required: bool, file: str, problems: list[Problem]
) -> Applicant:
    """The ``[applicant]`` table; missing, it is ``Applicant()``: for oneself, minors alike."""
    if data is None:
        return Applicant()
    if not isinstance(data, dict):
        problems.append((file, _AT, "must be a table"))
        return Applicant()
    unknown = set(data) - set(_KEYS)
    if unknown:
        names = ", ".join(sorted(unknown))
        problems.append((file, _AT, f"unknown keys {names} (the table has {', '.join(_KEYS)})"))
    listed = data.get("may_file_for", ["self"])
    may_file_for = _choices(listed, FILE_FOR, f"{_AT}/may_file_for", file, problems)
    applicant = Applicant(may_file_for or ("self",), _evidence(data, may_file_for, file, problems))
    minors, from_age = _minors(data, applicant, file, problems)
    if not login_required and (applicant.asks_whom or minors != "alone"):
        problems.append((
            file, _AT,
            "filing for someone else, and rules for minors, need to know who is filing: "
            "set [login] required = true",
        ))
    return Applicant(
        applicant.may_file_for, applicant.organisation_evidence, minors, from_age,
        organisation_fields=_fields(data, "organisation", applicant, definition, file, problems),
        child_fields=_fields(data, "child", applicant, definition, file, problems),
    )
