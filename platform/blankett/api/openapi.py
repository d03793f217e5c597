"""The case API's OpenAPI 3.1 document, served at ``/api/openapi.json``.

Built from ``OPERATIONS`` (one row per endpoint) and the schemas the API checks bodies with;
a test holds the document to the sub-app's real routes, so an endpoint cannot go undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from .clients import READ, WRITE
from .schemas import COMPONENTS
from .tokens import TOKEN_PATH

_REFERENCE = {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"},
              "description": "The case reference, e.g. BLK-2026-000123."}
_DOCUMENT_ID = {"name": "document_id", "in": "path", "required": True, "schema": {"type": "string"}}
_ATTACHMENT_ID = {"name": "attachment_id", "in": "path", "required": True, "schema": {"type": "string"},
                  "description": "The id of an entry of the envelope's attachments."}
_LIST_PARAMETERS = [
    {"name": "changed_since", "in": "query", "schema": {"type": "string", "format": "date-time"},
     "description": "Only cases created or changed at or after this time (ISO 8601 with a zone)."},
    {"name": "status", "in": "query", "schema": {"type": "string"},
     "description": "Only cases in these statuses: comma separated, or the parameter repeated."},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
    {"name": "cursor", "in": "query", "schema": {"type": "string"}, "description": "nextCursor of the previous page."},
]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    scope: str | None  # None: no Bearer token
    response: str | None  # a schema name, or None for a file
    body: str | None = None
    parameters: list[dict[str, Any]] = field(default_factory=list)
    media_type: str = "application/json"


OPERATIONS = (
    Operation("get", "/api/v1/cases", "listCases", "List new and changed cases of the client's services, oldest change first",
              READ, "CaseList", parameters=_LIST_PARAMETERS),
    Operation("get", "/api/v1/cases/{reference}", "getCase", "Fetch a case with its envelope and documents",
              READ, "CaseDetail", parameters=[_REFERENCE]),
    Operation("get", "/api/v1/cases/{reference}/pdf", "getCasePdf", "The PDF copy of the case (?lang=en for English)",
              READ, None, parameters=[_REFERENCE], media_type="application/pdf"),
    Operation("get", "/api/v1/cases/{reference}/timeline", "getTimeline", "The case's timeline, oldest first",
              READ, "Timeline", parameters=[_REFERENCE]),
    Operation("get", "/api/v1/cases/{reference}/documents/{document_id}", "getDocument", "Download a document of the case",
              READ, None, parameters=[_REFERENCE, _DOCUMENT_ID], media_type="application/octet-stream"),
    Operation("get", "/api/v1/cases/{reference}/attachments/{attachment_id}", "getAttachment",
              "Download a file the citizen attached (its media type as found in its content)",
              READ, None, parameters=[_REFERENCE, _ATTACHMENT_ID], media_type="application/octet-stream"),
    Operation("post", "/api/v1/cases/{reference}/registration", "registerCase",
              "Acknowledge delivery with the case system's registration number (status registered)",
              WRITE, "ActionResult", body="Registration", parameters=[_REFERENCE]),
    Operation("post", "/api/v1/cases/{reference}/status", "changeStatus",
              "Change the status (the case system's name through its status_map, or Blankett's)",
              WRITE, "ActionResult", body="StatusChange", parameters=[_REFERENCE]),
    Operation("post", "/api/v1/cases/{reference}/messages", "postMessage", "Send a message to the citizen",
              WRITE, "ActionResult", body="Message", parameters=[_REFERENCE]),
    Operation("post", "/api/v1/cases/{reference}/completion-requests", "requestCompletion",
              "Ask the citizen to complete the case (status waiting)",
              WRITE, "ActionResult", body="CompletionRequest", parameters=[_REFERENCE]),
    Operation("post", "/api/v1/cases/{reference}/decision", "recordDecision",
              "Record the decision, with an optional decision document (status decided)",
              WRITE, "ActionResult", body="Decision", parameters=[_REFERENCE]),
)

_ERRORS = {
    "400": "The request is malformed.",
    "401": "No valid access token.",
    "403": "The token lacks the scope.",
    "404": "No such case for this client (cases of other services are not visible).",
    "409": "The case's status does not allow this (code invalid_transition).",
    "413": "The body is too large.",
    "422": "The input breaks the rules; errors lists each problem.",
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _operation(op: Operation) -> dict[str, Any]:
    if op.response is None:
        content: dict[str, Any] = {op.media_type: {"schema": {"type": "string", "contentMediaType": op.media_type}}}
    else:
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.response}"}}}
    codes = ["401", "403", "404"] + (["409", "413", "422"] if op.body else []) + (["422"] if op.parameters == _LIST_PARAMETERS else [])
    document: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": ["cases"],
        "parameters": op.parameters,
        "security": [{"oauth2": [op.scope]}],
        "responses": {"200": {"description": "OK", "content": content}, **{c: _error(_ERRORS[c]) for c in codes}},
    }
    if op.body:
        document["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{op.body}"}}}}
    return document


def _token_operation() -> dict[str, Any]:
    form = {"type": "object", "required": ["grant_type"], "properties": {
        "grant_type": {"const": "client_credentials"},
        "scope": {"type": "string", "description": "Space separated; omitted: all the client's scopes."}}}
    return {
        "operationId": "issueToken",
        "summary": "Issue an access token (OAuth 2.0 client credentials, HTTP Basic client authentication)",
        "tags": ["oauth"],
        "security": [{"clientSecretBasic": []}],
        "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": form}}},
        "responses": {
            "200": {"description": "A Bearer token", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Token"}}}},
            "400": _error("invalid_request, invalid_scope or unsupported_grant_type (RFC 6749 §5.2 fields included)."),
            "401": _error("invalid_client: unknown client or wrong secret."),
        },
    }


def openapi_document(base_url: str) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _operation(op)
    paths[TOKEN_PATH] = {"post": _token_operation()}
    paths["/api/openapi.json"] = {"get": {
        "operationId": "getOpenApi", "summary": "This document", "tags": ["meta"], "security": [],
        "responses": {"200": {"description": "The OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}},
    }}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Blankett case API",
            "version": __version__,
            "description": "For case systems: follow and handle the cases filed in Blankett, both ways. "
                           "Errors share one shape (Error). Status names: received, registered, in_progress, "
                           "waiting, decided, closed, withdrawn.",
        },
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {
            "schemas": COMPONENTS,
            "securitySchemes": {
                "oauth2": {"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": base_url + TOKEN_PATH,
                    "scopes": {READ: "List and read cases of the client's services", WRITE: "Handle those cases"},
                }}},
                "clientSecretBasic": {"type": "http", "scheme": "basic",
                                      "description": "Client id and secret, at the token endpoint only."},
            },
        },
    }
