"""The webhook connector against real receivers on loopback."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from blankett.connectors import (
    ConnectorRegistry,
    Delivered,
    Delivery,
    NeedsPerson,
    RetryLater,
    build_connectors,
)
from blankett.envelope import build_envelope
from blankett.errors import ConfigurationError
from blankett_connectors.webhook import WebhookConnector
from tests.connectors.helpers import make_settings
from tests.envelope.samples import sample_case
from tests.support.server import free_port, serve_in_thread
from tests.support.webhook_receiver import WebhookReceiver

KEY = "idem-" + "a" * 40


def _delivery(attempt: int = 1) -> Delivery:
    return Delivery(idempotency_key=KEY, attempt=attempt, case_reference="BLK-2026-000001")


def _deliver(tmp_path: Path, options: dict[str, Any], envelope: dict[str, Any] | None = None) -> Any:
    registry = ConnectorRegistry()
    registry.load_builtins()
    settings = make_settings(tmp_path, connectors={"hook": options})

    async def go() -> Any:
        connector = build_connectors(settings, registry)["hook"]
        try:
            return await connector.deliver(envelope or build_envelope(sample_case()), _delivery())
        finally:
            await connector.aclose()

    return asyncio.run(go())


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver().running() as running:
        yield running


def test_posts_the_envelope_signed_per_standard_webhooks(tmp_path: Path, receiver: WebhookReceiver) -> None:
    envelope = build_envelope(sample_case())
    result = _deliver(tmp_path, receiver.connector_options(), envelope)
    assert result == Delivered(external_id="ARENDE-1")
    # The standardwebhooks package verified the signature; the id is the delivery's key.
    assert receiver.invalid == 0
    assert receiver.accepted == {KEY: "ARENDE-1"}
    assert receiver.envelopes[KEY] == envelope


def test_a_wrong_secret_does_not_verify(tmp_path: Path, receiver: WebhookReceiver) -> None:
    other = WebhookReceiver()  # a different secret
    result = _deliver(tmp_path, {**receiver.connector_options(), "secret": other.secret})
    assert isinstance(result, NeedsPerson)
    assert "answered 401" in result.reason
    assert receiver.invalid == 1
    assert receiver.accepted == {}


def _answers(request: Request) -> Response:
    status = int(request.path_params["status"])
    kind = request.query_params.get("body", "")
    if kind == "id":
        return JSONResponse({"id": 4711, "status": "registrerad"}, status_code=status)
    if kind == "reference":
        return JSONResponse({"reference": "KS 2026/0099"}, status_code=status)
    if kind == "list":
        return JSONResponse(["x"], status_code=status)
    if kind == "redirect":
        return RedirectResponse("/elsewhere", status_code=status)
    return PlainTextResponse("ok", status_code=status) if status != 204 else Response(status_code=204)


@pytest.fixture(scope="module")
def answering() -> Iterator[str]:
    app = Starlette(routes=[Route("/answer/{status:int}", _answers, methods=["POST"])])
    with serve_in_thread(app) as base_url:
        yield base_url


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, "id", Delivered("4711")),
        (201, "reference", Delivered("KS 2026/0099")),
        (202, "list", Delivered(None)),
        (200, "", Delivered(None)),
        (204, "", Delivered(None)),
        (500, "", RetryLater),
        (502, "", RetryLater),
        (503, "", RetryLater),
        (408, "", RetryLater),
        (429, "", RetryLater),
        (400, "", NeedsPerson),
        (401, "", NeedsPerson),
        (404, "", NeedsPerson),
        (409, "", NeedsPerson),
        (422, "", NeedsPerson),
        (302, "redirect", NeedsPerson),
    ],
)
def test_answers_map_to_results(
    tmp_path: Path, answering: str, status: int, body: str, expected: Any
) -> None:
    options = {
        "type": "webhook",
        "url": f"{answering}/answer/{status}?body={body}",
        "secret": WebhookReceiver().secret,
    }
    result = _deliver(tmp_path, options)
    if isinstance(expected, type):
        assert type(result) is expected
        assert isinstance(result, RetryLater | NeedsPerson)
        assert f"answered {status}" in result.reason
    else:
        assert result == expected


def test_a_slow_receiver_is_retried_later(tmp_path: Path, receiver: WebhookReceiver) -> None:
    receiver.stall_next(1, seconds=1.0)
    result = _deliver(tmp_path, receiver.connector_options(timeout_seconds=0.2))
    assert isinstance(result, RetryLater)
    assert "did not answer within 0.2 s" in result.reason


def test_an_unreachable_receiver_is_retried_later(tmp_path: Path) -> None:
    options = {
        "type": "webhook",
        "url": f"http://127.0.0.1:{free_port()}/in",
        "secret": WebhookReceiver().secret,
    }
    result = _deliver(tmp_path, options)
    assert isinstance(result, RetryLater)
    assert result.reason.startswith("Could not reach 127.0.0.1: ConnectError")


def test_non_ascii_answers_travel_as_utf8(tmp_path: Path, receiver: WebhookReceiver) -> None:
    envelope = build_envelope(sample_case(payload={"description": "Åsa tycker att älgen är för stor 🦌"}))
    assert _deliver(tmp_path, receiver.connector_options(), envelope) == Delivered("ARENDE-1")
    assert receiver.envelopes[KEY]["answers"]["description"] == "Åsa tycker att älgen är för stor 🦌"


def test_production_refuses_plain_http_except_on_loopback(tmp_path: Path) -> None:
    secret = WebhookReceiver().secret
    production = {
        "environment": "production",
        "test_idp_enabled": False,
        "oidc_discovery_url": "https://idp.example.se/.well-known/openid-configuration",
    }
    registry = ConnectorRegistry()
    registry.load_builtins()
    remote = make_settings(
        tmp_path,
        {"hook": {"type": "webhook", "url": "http://arende.example.se/", "secret": secret}},
        **production,
    )
    with pytest.raises(ConfigurationError, match=r"connectors\.hook: url must use https in production"):
        build_connectors(remote, registry)
    local = make_settings(
        tmp_path, {"hook": {"type": "webhook", "url": "http://127.0.0.1:9/", "secret": secret}}, **production
    )
    connector = build_connectors(local, registry)["hook"]
    assert isinstance(connector, WebhookConnector)
    asyncio.run(connector.aclose())


def test_body_is_compact_json_of_the_envelope(tmp_path: Path, receiver: WebhookReceiver) -> None:
    envelope = build_envelope(sample_case())
    _deliver(tmp_path, receiver.connector_options(), envelope)
    assert json.dumps(receiver.envelopes[KEY], sort_keys=True) == json.dumps(envelope, sort_keys=True)
