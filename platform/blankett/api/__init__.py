"""The case API for case systems: ``/api/v1/`` (JSON), OAuth 2.0 client credentials at
``/api/oauth/token``, the OpenAPI document at ``/api/openapi.json``.

* ``app``        the sub-app (``create_api``), mounted at /api by blankett.app
* ``clients``    ``[api_clients.<id>]`` settings → ``ApiClient`` (services, scopes, status_map)
* ``tokens``     authlib's authorization server issuing and checking JWT access tokens
* ``cases``, ``actions``  the read and write endpoints; ``documents`` stored files and downloads
* ``schemas``, ``openapi``  the body schemas (also used to check input) and the document
* ``errors``     the one JSON error shape
"""

from .app import create_api
from .clients import READ, SCOPES, WRITE, ApiClient, load_clients, parse_client
from .documents import citizen_document
from .errors import error_body
from .openapi import OPERATIONS, openapi_document
from .tokens import TOKEN_PATH, signing_key

__all__ = [
    "OPERATIONS",
    "READ",
    "SCOPES",
    "TOKEN_PATH",
    "WRITE",
    "ApiClient",
    "citizen_document",
    "create_api",
    "error_body",
    "load_clients",
    "openapi_document",
    "parse_client",
    "signing_key",
]
