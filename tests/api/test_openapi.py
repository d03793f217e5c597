"""The OpenAPI document is valid OpenAPI 3.1 and describes exactly the API's routes."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from openapi_spec_validator import validate
from starlette.routing import Mount, Route

from blankett.api.schemas import REQUESTS
from tests.support.platform import running_platform


def test_the_document_is_valid_and_complete(sqlite_url: str, tmp_path: Path) -> None:
    with running_platform(sqlite_url, tmp_path) as platform, httpx.Client(base_url=platform.url) as http:
        response = http.get("/api/openapi.json")
        assert response.status_code == 200
        document = response.json()
        api = next(r.app for r in platform.app.routes if isinstance(r, Mount) and r.path == "/api")

    validate(document)  # OpenAPI 3.1 (schema objects are JSON Schema 2020-12)
    assert document["openapi"] == "3.1.0"
    flows = document["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows["clientCredentials"]["tokenUrl"] == f"{platform.url}/api/oauth/token"

    routes = {
        ("/api" + route.path, method.lower())
        for route in api.routes if isinstance(route, Route)
        for method in (route.methods or ()) if method != "HEAD"
    }
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert documented == routes

    used = set(re.findall(r'"#/components/schemas/(\w+)"', response.text))
    assert used <= set(document["components"]["schemas"])
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if path.startswith("/api/v1/"):
                assert operation["security"] == [{"oauth2": [operation["security"][0]["oauth2"][0]]}]
                assert "401" in operation["responses"] and "404" in operation["responses"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                assert body["$ref"].rsplit("/", 1)[1] in REQUESTS  # the same schema checks the input
