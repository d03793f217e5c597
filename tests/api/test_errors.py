"""One JSON error shape for every error of the case API, whatever raised it."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from blankett.api.errors import CatchAllMiddleware
from tests.api.support import api_platform, assert_error, case_system, file_cases
from tests.support.server import serve_in_thread


def test_every_error_has_the_same_shape(sqlite_url: str, tmp_path: Path) -> None:
    with api_platform(sqlite_url, tmp_path, max_body_bytes=20_000) as platform:
        ref = file_cases(platform, "synpunkt")[0]
        with case_system(platform, "arende") as api:
            assert_error(api.get("/api/v1/nothing-here"), 404, "not_found")
            assert_error(api.delete(f"/api/v1/cases/{ref}"), 405, "method_not_allowed")
            assert_error(api.post(f"/api/v1/cases/{ref}/messages", content=b"{not json"), 422, "input_invalid")
            assert_error(api.post(f"/api/v1/cases/{ref}/messages", json={"text": "x" * 30_000}), 413, "body_too_large")
            body = assert_error(
                api.post(f"/api/v1/cases/{ref}/completion-requests", json={"txt": "Hej", "dueDate": "1 december"}),
                422, "input_invalid",
            )
            assert body["errors"] == [
                {"pointer": "/text", "message": "is required"},
                {"pointer": "/txt", "message": "is not a field of this request"},
                {"pointer": "/dueDate", "message": "must be a date (ISO 8601)"},
            ]
            not_a_pdf = base64.b64encode(b"<html><script>alert(1)</script>").decode()
            body = assert_error(api.post(f"/api/v1/cases/{ref}/decision", json={
                "text": "Beslut", "document": {"filename": "beslut.pdf", "mediaType": "application/pdf", "content": not_a_pdf},
            }), 422, "input_invalid")
            assert body["errors"] == [{"pointer": "/document/content", "message": "is not a application/pdf file"}]
            assert_error(api.post(f"/api/v1/cases/{ref}/status", json={"status": "Vilande"}), 422, "input_invalid")
            assert_error(api.post(f"/api/v1/cases/{ref}/status", json={"status": "registered"}), 422, "input_invalid")
            api.post(f"/api/v1/cases/{ref}/status", json={"status": "withdrawn"})
            body = assert_error(api.post(f"/api/v1/cases/{ref}/messages", json={"text": "Hej"}), 409, "invalid_transition")
            assert body["message"] == "Ärendet har status återkallad: det går inte längre att skicka meddelanden."
            # A refused decision stores no document.
            timeline = api.get(f"/api/v1/cases/{ref}/timeline").json()["events"]
            assert all("document" not in e for e in timeline)
        with httpx.Client(base_url=platform.url) as anonymous:
            assert_error(anonymous.get("/api/v1/cases"), 401, "invalid_token")


def test_an_unexpected_failure_is_a_json_500_with_a_reference() -> None:
    async def broken(request: Request) -> Response:
        raise RuntimeError("bug")

    app = Starlette(routes=[Route("/boom", broken)], middleware=[Middleware(CatchAllMiddleware)])
    with serve_in_thread(app) as url, httpx.Client(base_url=url) as http:
        response = http.get("/boom", headers={"accept-language": "en"})
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"ok", "code", "message", "errors", "reference"}
    assert body["code"] == "internal_error" and body["message"].startswith("Something went wrong")
    assert "bug" not in response.text
