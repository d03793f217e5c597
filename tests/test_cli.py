"""`blankett serve` with embedded defaults, as the README's quick start runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import ROOT
from tests.support.server import free_port


def blankett(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "blankett", *args], cwd=ROOT, env={**os.environ, **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs,  # type: ignore[call-overload]
    )


def test_serve_starts_with_embedded_defaults(tmp_path: Path) -> None:
    port = free_port()
    env = {"BLANKETT_VAR_DIR": str(tmp_path / "var"), "BLANKETT_PORT": str(port),
           "BLANKETT_BASE_URL": f"http://127.0.0.1:{port}"}
    process = blankett("serve", env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "serve did not come up"
                time.sleep(0.2)
        assert health.json()["services"] >= 1
        assert "Lämna en synpunkt" in httpx.get(f"http://127.0.0.1:{port}/").text
        discovery = httpx.get(f"http://127.0.0.1:{port}/test-idp/.well-known/openid-configuration").json()
        assert discovery["issuer"] == f"http://127.0.0.1:{port}/test-idp"
        assert (tmp_path / "var" / "blankett.db").exists()
        assert (tmp_path / "var" / "secret_key").exists()
    finally:
        process.terminate()
        process.communicate(timeout=15)  # also closes the pipe


def test_production_refuses_to_start_and_says_why(tmp_path: Path) -> None:
    env = {"BLANKETT_VAR_DIR": str(tmp_path), "BLANKETT_ENVIRONMENT": "production"}
    process = blankett("serve", env=env)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "test identity provider" in out


def test_db_upgrade(tmp_path: Path) -> None:
    process = blankett("db", "upgrade", env={"BLANKETT_VAR_DIR": str(tmp_path)})
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0, out
    assert (tmp_path / "blankett.db").exists()
