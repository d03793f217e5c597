"""Run server.mjs (the npm ``oidc-provider`` package) on loopback and drive its pages over HTTP.

Needs ``node`` on PATH and ``npm ci`` done in the repository root. Without them the tests
skip with the reason, and with CI=true they fail instead (``databases.require``).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.support.databases import require
from tests.support.html import forms, main_form
from tests.support.server import free_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SERVER = HERE / "server.mjs"
PERSONS: dict[str, dict[str, str]] = json.loads((HERE / "persons.json").read_text(encoding="utf-8"))
_START_SECONDS = 20.0
_REQUEST = re.compile(r'<script type="application/json" id="request">(.*?)</script>', re.S)


@dataclass(frozen=True)
class NodeProvider:
    """The running provider: its issuer, and a switch that spoils the next ID token it issues."""

    issuer: str

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def tamper(self, mode: str | None) -> None:
        """Rewrite and re-sign the next ID token: aud, iss, nonce, expired, future, stale,
        no_acr, old_auth_time, signature (other key, same kid) or rotated (new published key)."""
        response = httpx.post(f"{self.issuer}/__test__/tamper", json={"mode": mode}, timeout=5)
        assert response.status_code == 204, response.text


def missing_parts() -> str | None:
    """Why the provider cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "the independent OpenID provider needs Node.js: install node (20 or later)"
    if not (ROOT / "node_modules" / "oidc-provider" / "package.json").is_file():
        return (
            "the independent OpenID provider needs the npm package oidc-provider: "
            "run `npm ci` in the repository root"
        )
    return None


@contextlib.contextmanager
def running_provider(
    work_dir: Path,
    clients: list[dict[str, Any]],
    levels: list[str],
    renames: Mapping[str, Mapping[str, str]] | None = None,
) -> Iterator[NodeProvider]:
    """Start server.mjs with these clients and acr values; stop it when the block ends."""
    reason = missing_parts()
    require(reason is None, reason or "")
    port = free_port()
    config = work_dir / "oidc-provider.json"
    config.write_text(
        json.dumps({"port": port, "clients": clients, "levels": levels, "renames": renames or {}})
    )
    log = work_dir / "oidc-provider.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(shutil.which("node")), str(SERVER), str(config)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    provider = NodeProvider(f"http://127.0.0.1:{port}")
    try:
        _wait_until_ready(process, provider, log)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_until_ready(process: subprocess.Popen[bytes], provider: NodeProvider, log: Path) -> None:
    deadline = time.monotonic() + _START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"oidc-provider exited with {process.returncode}:\n{log.read_text(errors='replace')}"
            )
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(provider.discovery_url, timeout=1).status_code == 200:
                return
        time.sleep(0.05)
    raise RuntimeError(
        f"oidc-provider did not answer within {_START_SECONDS} s:\n{log.read_text(errors='replace')}"
    )


# Driving the provider's pages as a browser would.


def requested(page: httpx.Response) -> dict[str, Any]:
    """The authorization request as the provider understood it, from its login page."""
    assert page.status_code == 200, page.text
    found = _REQUEST.search(page.text)
    assert found, f"not the provider's login page: {page.url}"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def choose(
    client: httpx.Client,
    page: httpx.Response,
    person: str = "anna",
    loa: str | None = None,
    action: str = "login",
) -> httpx.Response:
    """Post the provider's login page, following the redirects back to the relying party."""
    requested(page)  # asserts that this is the login page
    form = main_form(page.text)
    data = {"person": person, "loa": loa or _preselected(page.text) or "", "action": action}
    return client.post(str(page.url.join(form.action)), data=data)


def _preselected(html: str) -> str | None:
    found = re.search(r'<option value="([^"]+)" selected>', html)
    return found.group(1) if found else None


def confirm_logout(client: httpx.Client, page: httpx.Response) -> httpx.Response:
    """Answer the provider's "log out?" page with yes, following the redirect onwards."""
    assert page.status_code == 200, page.text
    form = next(f for f in forms(page.text) if "xsrf" in f.fields)
    return client.post(str(page.url.join(form.action)), data={**form.fields, "logout": "yes"})
