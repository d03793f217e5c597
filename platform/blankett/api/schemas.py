"""JSON Schemas of the case API's bodies: published in the OpenAPI document and used to check
what clients send, so the document and the checks cannot drift apart (OpenAPI 3.1 schemas are
JSON Schema 2020-12)."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from ..cases.lifecycle import STATUSES
from ..errors import InputInvalid

_TEXT = {"type": "string", "minLength": 1, "maxLength": 10000, "description": "Plain text; line breaks are kept."}
_NAME = {"type": "string", "minLength": 1, "maxLength": 100, "pattern": r"^[^\u0000-\u001f]+$"}
_STAMP = {"type": "string", "format": "date-time"}
_BILINGUAL = {
    "type": "object",
    "properties": {"sv": {"type": "string"}, "en": {"type": "string"}},
    "required": ["sv", "en"],
}


def _obj(properties: dict[str, Any], required: list[str], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object", "properties": properties, "required": required, "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


DOCUMENT_UPLOAD = _obj(
    {
        "filename": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[^/\\\u0000-\u001f]+$"},
        "mediaType": {"type": "string", "enum": ["application/pdf", "image/png", "image/jpeg", "text/plain"]},
        "content": {"type": "string", "contentEncoding": "base64", "minLength": 1, "description": "The file, base64."},
    },
    ["filename", "mediaType", "content"],
    "A file for the citizen. Its bytes must match the media type.",
)

REQUESTS: dict[str, dict[str, Any]] = {
    "Registration": _obj(
        {"registrationNumber": {**_NAME, "description": "The case system's registration number (diarienummer)."}},
        ["registrationNumber"],
        "Acknowledge the delivered case: it becomes registered under this number.",
    ),
    "StatusChange": _obj(
        {"status": {**_NAME, "description": "Blankett's status name, or the case system's own name from the client's status_map."}},
        ["status"],
    ),
    "Message": _obj({"text": _TEXT}, ["text"], "A message to the citizen, shown on their case page."),
    "CompletionRequest": _obj(
        {"text": _TEXT, "dueDate": {"type": "string", "format": "date", "description": "Answer by this day."}},
        ["text"],
        "Ask the citizen to complete the case; its status becomes waiting.",
    ),
    "Decision": _obj(
        {"text": _TEXT, "document": {"$ref": "#/components/schemas/DocumentUpload"}},
        ["text"],
        "The decision, with the decision document if there is one; the status becomes decided.",
    ),
}

DOCUMENT_INFO = _obj(
    {
        "id": {"type": "string"}, "kind": {"type": "string"}, "filename": {"type": "string"},
        "mediaType": {"type": "string"}, "size": {"type": "integer"}, "sha256": {"type": "string"},
        "href": {"type": "string", "description": "Where the client fetches it."},
    },
    ["id", "kind", "filename", "mediaType", "size", "sha256", "href"],
)

CASE_SUMMARY = _obj(
    {
        "reference": {"type": "string", "examples": ["BLK-2026-000123"]},
        "service": {"type": "string"},
        "status": {"type": "string", "enum": list(STATUSES)},
        "statusLabel": _BILINGUAL,
        "registrationNumber": {"type": ["string", "null"]},
        "submittedAt": _STAMP,
        "updatedAt": _STAMP,
        "expectedDecisionBy": {"type": ["string", "null"], "format": "date"},
        "href": {"type": "string"},
    },
    ["reference", "service", "status", "statusLabel", "registrationNumber", "submittedAt", "updatedAt", "href"],
)

TIMELINE_EVENT = _obj(
    {
        "id": {"type": "integer"},
        "at": _STAMP,
        "kind": {
            "type": "string",
            "enum": ["status", "delivered", "message", "completion_request", "decision",
                     "citizen_message", "completion_answer"],
            "description": "citizen_message and completion_answer come from the citizen; the others from handling",
        },
        "status": {"type": ["string", "null"]},
        "actor": {"type": "string", "description": "citizen, client:<id>, connector:<name> or system:<part>"},
        "text": {"type": ["string", "null"]},
        "dueDate": {"type": "string", "format": "date"},
        "registrationNumber": {"type": "string"},
        "document": {"$ref": "#/components/schemas/DocumentInfo"},
        "documents": {
            "type": "array", "items": {"$ref": "#/components/schemas/DocumentInfo"},
            "description": "the files the citizen attached to a completion answer",
        },
    },
    ["id", "at", "kind", "status", "actor", "text"],
)

RESPONSES: dict[str, dict[str, Any]] = {
    "DocumentInfo": DOCUMENT_INFO,
    "CaseSummary": CASE_SUMMARY,
    "TimelineEvent": TIMELINE_EVENT,
    "CaseList": _obj(
        {
            "ok": {"const": True},
            "cases": {"type": "array", "items": {"$ref": "#/components/schemas/CaseSummary"}},
            "nextCursor": {"type": ["string", "null"], "description": "Pass as cursor for the next page; null on the last."},
        },
        ["ok", "cases", "nextCursor"],
    ),
    "CaseDetail": _obj(
        {
            "ok": {"const": True},
            "case": {"$ref": "#/components/schemas/CaseSummary"},
            "envelope": {"type": "object", "description": "The case envelope (JSON Schema https://blankett.se/schemas/case-envelope/v1.json)."},
            "documents": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentInfo"}},
        },
        ["ok", "case", "envelope", "documents"],
    ),
    "Timeline": _obj(
        {"ok": {"const": True}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/TimelineEvent"}}},
        ["ok", "events"],
    ),
    "ActionResult": _obj(
        {
            "ok": {"const": True},
            "case": {"$ref": "#/components/schemas/CaseSummary"},
            "event": {"oneOf": [{"$ref": "#/components/schemas/TimelineEvent"}, {"type": "null"}],
                      "description": "The event written; null when nothing changed (the case already had that status)."},
        },
        ["ok", "case", "event"],
    ),
    "Error": _obj(
        {
            "ok": {"const": False},
            "code": {"type": "string", "description": "Stable machine-readable code, e.g. invalid_transition."},
            "message": {"type": "string", "description": "A sentence for people (Accept-Language: en for English)."},
            "errors": {"type": "array", "items": _obj(
                {"pointer": {"type": "string"}, "message": {"type": "string"}}, ["pointer", "message"],
            )},
            "reference": {"type": "string", "description": "Log reference of an internal error."},
            "error": {"type": "string", "description": "Token endpoint only: the RFC 6749 error code."},
            "error_description": {"type": "string"},
        },
        ["ok", "code", "message", "errors"],
    ),
    "Token": _obj(
        {
            "access_token": {"type": "string"}, "token_type": {"const": "Bearer"},
            "expires_in": {"type": "integer"}, "scope": {"type": "string"},
        },
        ["access_token", "token_type", "expires_in", "scope"],
    ),
}

COMPONENTS: dict[str, dict[str, Any]] = {**REQUESTS, **RESPONSES, "DocumentUpload": DOCUMENT_UPLOAD}


def _validator(name: str) -> Draft202012Validator:
    # OpenAPI names the schemas "#/components/schemas/X"; in a plain JSON Schema they are $defs.
    return Draft202012Validator(_rebase({**COMPONENTS[name], "$defs": COMPONENTS}), format_checker=FormatChecker())


def _rebase(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (v.replace("#/components/schemas/", "#/$defs/") if k == "$ref" else _rebase(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rebase(v) for v in value]
    return value


_VALIDATORS = {name: _validator(name) for name in REQUESTS}


def _problem(error: ValidationError) -> tuple[str, str]:
    pointer = "".join(f"/{part}" for part in error.absolute_path)
    keyword, value = error.validator, error.validator_value
    if keyword == "required":
        missing = [p for p in value if isinstance(error.instance, dict) and p not in error.instance]
        return f"{pointer}/{missing[0] if missing else ''}", "is required"
    if keyword == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"{pointer}/{extra[0] if extra else ''}", "is not a field of this request"
    if keyword == "enum":
        return pointer, f"must be one of {', '.join(map(str, value))}"
    messages = {
        "type": f"must be of type {value}",
        "minLength": f"must be at least {value} characters",
        "maxLength": f"must be at most {value} characters",
        "format": f"must be a {value} (ISO 8601)",
        "pattern": "has characters that are not allowed here",
    }
    return pointer, messages.get(str(keyword), "is not valid")


def check_body(name: str, data: Any) -> dict[str, Any]:
    """``data`` if it follows the schema ``name``; else ``InputInvalid`` naming every problem."""
    errors = sorted(_VALIDATORS[name].iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise InputInvalid([_problem(e) for e in errors])
    assert isinstance(data, dict)
    return data
