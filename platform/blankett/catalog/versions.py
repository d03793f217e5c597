"""Published versions are immutable: ``forms/published.lock.json`` pins each one's hash.

The lock records, per service id, every published version and the
:attr:`~blankett.formengine.FormDefinition.hash` of its definition. Cases record service id,
version and hash; a definition that changes while keeping its version would make old cases
mean something else, so such a definition is refused (`blankett forms check` fails, the
catalogue does not publish it). ``blankett forms check --update-lock`` records new versions;
it never rewrites a recorded one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import FormDefinitionError
from ..formengine import FormDefinition

LOCK_NAME = "published.lock.json"
_COMMENT = (
    "Published form versions and their definition hashes. Written by `blankett forms check "
    "--update-lock`; do not edit by hand. A recorded version must never change: raise 'version'."
)

Lock = dict[str, dict[str, str]]
"""Service id → version → definition hash."""


def lock_path(forms_dir: Path) -> Path:
    return forms_dir / LOCK_NAME


def read_lock(path: Path) -> Lock:
    """The lock at ``path`` (empty when there is none); a broken lock is an error."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormDefinitionError([(str(path), "", f"the version lock cannot be read: {exc}")]) from None
    services = data.get("services") if isinstance(data, dict) else None
    valid = isinstance(services, dict) and all(
        isinstance(versions, dict) and all(isinstance(h, str) for h in versions.values())
        for versions in services.values()
    )
    if not valid:
        raise FormDefinitionError(
            [(str(path), "/services", "must map ids to {version: hash}; restore it from version control")]
        )
    assert isinstance(services, dict)
    return {service: dict(versions) for service, versions in services.items()}


def version_problem(definition: FormDefinition, lock: Lock) -> str | None:
    """Why ``definition`` may not be published under its version, or ``None``."""
    recorded = lock.get(definition.id, {}).get(definition.version)
    if recorded is None or recorded == definition.hash:
        return None
    return (
        f"version {definition.version} is published with other content; changed without a new "
        f"version number: raise 'version', then run `blankett forms check --update-lock`"
    )


def record(path: Path, definitions: Iterable[FormDefinition]) -> list[str]:
    """Add the definitions' versions to the lock at ``path``; returns ``id version`` for each
    one added. Recorded versions are left as they are (a changed one is a problem, not news)."""
    lock = read_lock(path)
    added = []
    for definition in definitions:
        versions = lock.setdefault(definition.id, {})
        if definition.version not in versions:
            versions[definition.version] = definition.hash
            added.append(f"{definition.id} {definition.version}")
    if added:
        ordered = {s: dict(sorted(v.items())) for s, v in sorted(lock.items())}
        text = json.dumps({"$comment": _COMMENT, "services": ordered}, indent=2, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")
    return added
