"""Service files with the classification flipped, and raw looks at the database."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from blankett.catalog import Service, load_service
from blankett.db.engine import sync_url
from blankett.security import Policy
from tests.conftest import ROOT

SERVICE_FILE = ROOT / "config" / "services" / "synpunkt.toml"
FORM_FILE = ROOT / "forms" / "synpunkt.json"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def synpunkt_settings(**changes: Any) -> str:
    """synpunkt.toml with ``key = value`` lines replaced (confidentiality=2, required=False, ...)."""
    text_ = SERVICE_FILE.read_text()
    for key, value in changes.items():
        text_, found = re.subn(rf"^{key} = .*$", f"{key} = {_toml(value)}", text_, flags=re.MULTILINE)
        assert found == 1, f"no single {key} line in {SERVICE_FILE}"
    return text_


def catalogue(tmp_path: Path, services: dict[str, str]) -> tuple[Path, Path]:
    """Forms and services folders holding the synpunkt form under each id, with the given settings."""
    forms, settings = tmp_path / "forms", tmp_path / "services"
    forms.mkdir(parents=True, exist_ok=True)
    settings.mkdir(parents=True, exist_ok=True)
    for service_id, toml in services.items():
        form = FORM_FILE.read_text().replace('"id": "synpunkt"', f'"id": "{service_id}"', 1)
        (forms / f"{service_id}.json").write_text(form)
        (settings / f"{service_id}.toml").write_text(toml)
    return forms, settings


def synpunkt(tmp_path: Path, policy: Policy | None = None, **changes: Any) -> Service:
    """The synpunkt service, loaded with its classification changed."""
    folder = tmp_path / f"svc-{abs(hash(tuple(sorted(changes.items()))))}"
    folder.mkdir(exist_ok=True)
    shutil.copy(FORM_FILE, folder / "synpunkt.json")
    (folder / "synpunkt.toml").write_text(synpunkt_settings(**changes))
    return load_service(folder / "synpunkt.json", folder / "synpunkt.toml", None, policy)


def raw_rows(database_url: str, table: str) -> str:
    """Every row of ``table`` as text, straight from the database (no model, no decryption)."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            return "\n".join(repr(tuple(row)) for row in conn.execute(text(f"SELECT * FROM {table}")))
    finally:
        engine.dispose()


def execute(database_url: str, *statements: str) -> None:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()
