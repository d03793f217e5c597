"""A real webhook receiver for tests: verifies Standard Webhooks signatures, files each case once.

It checks every request with the ``standardwebhooks`` package (an implementation of the spec
independent of ours), drops repeats of a webhook-id it has already accepted (answering with the
same case id, as a well-behaved receiver does), and can be told to fail or to stall::

    with WebhookReceiver().running() as receiver:
        settings = ...(connectors={"hook": receiver.connector_options()})
        receiver.fail_next(2)              # answer 500 twice
        receiver.stall_next(1, seconds=3)  # then sleep 3 s before answering once
        ...
        assert receiver.accepted == {key: "ARENDE-1"}

Counters are safe to read from the test thread while the server runs in its own.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.server import serve_in_thread

PATH = "/hooks/cases"


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookReceiver:
    """Answers POST /hooks/cases; see the module docstring."""

    def __init__(self, secret: str | None = None) -> None:
        self.secret = secret or new_secret()
        self.url = ""
        self.accepted: dict[str, str] = {}  # webhook-id -> the case id it got, first time only
        self.envelopes: dict[str, Any] = {}  # webhook-id -> the body accepted
        self.calls: list[str] = []  # webhook-id of every verified request, in arrival order
        self.requests = 0  # every request, verified or not
        self.duplicates = 0  # verified requests for an id already accepted
        self.invalid = 0  # requests whose signature did not verify (answered 401)
        self._lock = threading.Lock()
        self._failures: list[int] = []  # statuses to answer, next first
        self._stalls: list[float] = []  # seconds to sleep before answering, next first
        self._verifier = Webhook(self.secret)
        self.app = Starlette(routes=[Route(PATH, self._receive, methods=["POST"])])

    # -- what the test tells it ---------------------------------------------------------------

    def fail_next(self, count: int, status: int = 500) -> None:
        """Answer ``status`` (without accepting) to the next ``count`` verified requests."""
        with self._lock:
            self._failures.extend([status] * count)

    def stall_next(self, count: int, seconds: float) -> None:
        """Sleep ``seconds`` before handling each of the next ``count`` verified requests."""
        with self._lock:
            self._stalls.extend([seconds] * count)

    @contextlib.contextmanager
    def running(self) -> Iterator[WebhookReceiver]:
        """Serve on a free loopback port until the block ends (stalled requests finish first)."""
        with serve_in_thread(self.app) as base_url:
            self.url = base_url + PATH
            yield self

    def connector_options(self, **extra: Any) -> dict[str, Any]:
        """A ``[connectors.<name>]`` table for a webhook connector pointed at this receiver."""
        return {"type": "webhook", "url": self.url, "secret": self.secret, **extra}

    def wait_until(self, condition: Callable[[WebhookReceiver], bool], timeout: float = 10.0) -> None:
        """Poll ``condition(self)`` until it holds; fail the test after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not condition(self):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"receiver condition not met within {timeout} s ({self.requests} requests)"
                )
            time.sleep(0.02)

    # -- the endpoint -------------------------------------------------------------------------

    async def _receive(self, request: Request) -> JSONResponse:
        with self._lock:
            self.requests += 1
        body = await request.body()
        try:
            self._verifier.verify(body, dict(request.headers))
        except WebhookVerificationError as exc:
            with self._lock:
                self.invalid += 1
            return JSONResponse({"error": str(exc)}, status_code=401)
        webhook_id = request.headers["webhook-id"]
        with self._lock:
            self.calls.append(webhook_id)
            status = self._failures.pop(0) if self._failures else None
            stall = self._stalls.pop(0) if self._stalls and status is None else None
        if status is not None:
            return JSONResponse({"error": "failing on purpose"}, status_code=status)
        if stall is not None:
            await asyncio.sleep(stall)
        return JSONResponse({"id": self._accept(webhook_id, body)})

    def _accept(self, webhook_id: str, body: bytes) -> str:
        with self._lock:
            if webhook_id in self.accepted:
                self.duplicates += 1
                return self.accepted[webhook_id]
            case_id = f"ARENDE-{len(self.accepted) + 1}"
            self.accepted[webhook_id] = case_id
            self.envelopes[webhook_id] = json.loads(body)
            return case_id
