"""Settings for connector and delivery tests, isolated from config/blankett.toml and the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from blankett.settings import Settings, load_settings

SECRET_KEY = "test-secret-key-" + "x" * 32


def make_settings(
    tmp_path: Path, connectors: dict[str, dict[str, Any]] | None = None, **values: Any
) -> Settings:
    config = tmp_path / "blankett-test.toml"
    config.touch()
    base = {"var_dir": str(tmp_path / "var"), "secret_key": SECRET_KEY}
    return load_settings(config, environ={}, values={**base, **values}, connectors=connectors or {})
