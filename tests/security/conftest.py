from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from blankett.cli import main

Cli = Callable[..., tuple[int, str]]


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> Cli:
    """Run ``blankett <args>`` in this process against the test's database; returns (exit code, stdout)."""
    database_url = (
        request.getfixturevalue("database_url")
        if "database_url" in request.fixturenames
        else (request.getfixturevalue("sqlite_url"))
    )
    base = {
        "BLANKETT_CONFIG": str(tmp_path / "no-such-config.toml"),
        "BLANKETT_VAR_DIR": str(tmp_path / "var"),
        "BLANKETT_DATABASE_URL": database_url,
        "BLANKETT_SECRET_KEY": "test-secret-key-" + "x" * 40,
    }

    def run(*args: str, **environ: str) -> tuple[int, str]:
        for name, value in {**base, **environ}.items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        code = main(list(args))
        return code, capsys.readouterr().out

    return run
