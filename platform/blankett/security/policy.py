"""The security policy: which controls each classification level turns on.

The shipped table is ``config/policy.toml``: one table per aspect and level
(``[confidentiality.2]``), each naming controls. A value applies from its level upwards, and a
service gets, for each control, the strictest value any of its ratings gives. A municipality
may point the setting ``policy_file`` at its own table of the same shape; every value there must
be at least as strict as the shipped one, and a weaker value is refused at start, naming the key.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..auth.loa import LOA_TABLE, loa_uri
from ..errors import ConfigurationError
from .classification import ASPECTS, Classification, Level, ratings_of

if TYPE_CHECKING:
    from ..settings import Settings

# platform/blankett/security/policy.py -> the repository root
SHIPPED_POLICY = Path(__file__).resolve().parents[3] / "config" / "policy.toml"

# Login levels by name ("loa3": the last part of the URI the platform requests for that rank),
# as policy and service files write them; 0 means anonymous filing is allowed.
_RANKS = sorted({rank for _, rank in LOA_TABLE})
LOGIN_LEVELS: dict[str, int] = {"anonymous": 0, **{loa_uri(rank).rsplit("/", 1)[-1]: rank for rank in _RANKS}}
LOWEST_LOGIN = _RANKS[0]


@dataclass(frozen=True)
class _Control:
    kind: type  # bool, int, or str for a login level name
    stricter: str  # "higher" or "lower": which way is stricter
    minimum: int = 0


_CONTROLS: dict[str, _Control] = {
    "minimum_loa": _Control(str, "higher"),
    "session_idle_minutes": _Control(int, "lower", 1),
    "session_absolute_hours": _Control(int, "lower", 1),
    "encrypt_at_rest": _Control(bool, "higher"),
    "drafts_allowed": _Control(bool, "lower"),
    "draft_lifetime_days": _Control(int, "lower", 1),
    "retention_days": _Control(int, "lower"),
    "notification_content": _Control(bool, "lower"),
    "audit_reads": _Control(bool, "higher"),
    "signing_required": _Control(bool, "higher"),
}


@dataclass(frozen=True)
class Controls:
    """What the platform enforces for one service, derived from its classification."""

    minimum_loa: int  # rank 2 to 4 of Svensk e-legitimation; 0: anonymous filing allowed
    session_idle_minutes: int
    session_absolute_hours: int
    encrypt_at_rest: bool  # answers, submitter and drafts stored as AES-256-GCM ciphertext
    drafts_allowed: bool  # False: a draft lives only as long as an idle session would
    draft_lifetime_days: int
    retention_days: int  # days a delivered and closed case keeps its answers in the platform
    notification_content: bool  # may a notification carry case content
    audit_reads: bool  # every read of a case's data is an audit event
    signing_required: bool

    @property
    def anonymous_allowed(self) -> bool:
        return self.minimum_loa == 0


Rows = dict[str, dict[Level, dict[str, int]]]  # aspect -> level -> control -> value (as int)


def _stricter(key: str, a: int, b: int) -> int:
    return max(a, b) if _CONTROLS[key].stricter == "higher" else min(a, b)


def _weaker(key: str, value: int, than: int) -> bool:
    return _stricter(key, value, than) != value


def _shown(key: str, value: int) -> str:
    """A value as the policy file writes it, for messages."""
    control = _CONTROLS[key]
    if control.kind is str:
        return next(f'"{name}"' for name, rank in LOGIN_LEVELS.items() if rank == value)
    return str(bool(value)).lower() if control.kind is bool else str(value)


class Policy:
    """The level → controls table. ``controls_for(classification)`` is all most code needs."""

    def __init__(self, rows: Rows, source: str) -> None:
        self.rows = rows
        self.source = source

    def value(self, aspect: str, level: Level, key: str) -> int | None:
        """The strictest value of ``key`` that ``aspect`` gives at ``level``; None if it gives none."""
        found = [row[key] for at, row in self.rows.get(aspect, {}).items() if at <= level and key in row]
        return functools.reduce(functools.partial(_stricter, key), found) if found else None

    def controls_for(self, classification: Classification | Mapping[str, Any]) -> Controls:
        """The controls for ``classification`` (or a case's snapshot of its ratings)."""
        ratings = ratings_of(classification)
        values: dict[str, int] = {}
        for aspect, level in ratings.items():
            for key in _CONTROLS:
                value = self.value(aspect, level, key)
                if value is not None:
                    values[key] = value if key not in values else _stricter(key, values[key], value)
        typed: dict[str, Any] = {
            key: bool(value) if _CONTROLS[key].kind is bool else value for key, value in values.items()
        }
        return Controls(**typed)


def _parse_value(key: str, raw: Any) -> int:
    control = _CONTROLS[key]
    if control.kind is str:
        if raw not in LOGIN_LEVELS:
            raise ValueError("must be one of " + ", ".join(f'"{name}"' for name in LOGIN_LEVELS))
        return LOGIN_LEVELS[raw]
    if control.kind is bool:
        if not isinstance(raw, bool):
            raise ValueError("must be true or false")
        return int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < control.minimum:
        raise ValueError(f"must be a whole number, at least {control.minimum}")
    return raw


def _parse(data: Mapping[str, Any], source: str) -> Rows:
    problems: list[str] = []
    rows: Rows = {}
    for aspect, levels in data.items():
        if aspect not in ASPECTS or not isinstance(levels, dict):
            problems.append(f"{aspect}: unknown aspect; use {', '.join(ASPECTS)}")
            continue
        for level_key, row in levels.items():
            try:
                level = Level(int(level_key))
            except ValueError:
                problems.append(f"{aspect}.{level_key}: not a level; use 0 to 4")
                continue
            if not isinstance(row, dict):
                problems.append(f"{aspect}.{level_key}: must be a table of controls")
                continue
            parsed: dict[str, int] = {}
            for key, raw in row.items():
                where = f"{aspect}.{level_key}.{key}"
                if key not in _CONTROLS:
                    problems.append(f"{where}: unknown control; known: {', '.join(_CONTROLS)}")
                    continue
                try:
                    parsed[key] = _parse_value(key, raw)
                except ValueError as exc:
                    problems.append(f"{where} {exc}")
            rows.setdefault(aspect, {})[level] = parsed
    if problems:
        raise ConfigurationError(f"Security policy {source} is invalid:\n  " + "\n  ".join(problems))
    return rows


def _read(path: Path, shipped: bool = False) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        fix = "install Blankett with its config/ folder" if shipped else "check the setting policy_file"
        raise ConfigurationError(f"Security policy {path} does not exist; {fix}.") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"Security policy {path} cannot be read: {exc}") from exc


def _check_complete(rows: Rows, source: str) -> None:
    """Every control needs a value at level 0 of some aspect, so every classification gets one."""
    missing = [
        key for key in _CONTROLS if not any(key in levels.get(Level(0), {}) for levels in rows.values())
    ]
    if missing:
        raise ConfigurationError(
            f"Security policy {source} gives no level-0 value for {', '.join(missing)}; "
            "add them to [confidentiality.0]."
        )


def _merge_upwards(base: Policy, override: Rows, source: str) -> Rows:
    """The shipped rows with the municipality's on top; refuse any value weaker than the shipped one."""
    refused: list[str] = []
    merged: Rows = {
        aspect: {level: dict(row) for level, row in levels.items()} for aspect, levels in base.rows.items()
    }
    for aspect, levels in override.items():
        for level, row in levels.items():
            for key, value in row.items():
                shipped = base.value(aspect, level, key)
                if shipped is not None and _weaker(key, value, shipped):
                    refused.append(
                        f"{aspect}.{int(level)}.{key} = {_shown(key, value)} is weaker than the shipped "
                        f"{_shown(key, shipped)}"
                    )
                merged.setdefault(aspect, {}).setdefault(level, {})[key] = value
    if refused:
        raise ConfigurationError(
            f"Refusing to start: security policy {source} may only make the shipped policy stricter:\n  "
            + "\n  ".join(refused)
            + "\nRemove these keys or make them at least as strict as config/policy.toml."
        )
    return merged


@functools.lru_cache(maxsize=16)
def _load(shipped: str, override: str | None, _stamp: tuple[int, ...]) -> Policy:
    rows = _parse(_read(Path(shipped), shipped=True), shipped)
    _check_complete(rows, shipped)
    policy = Policy(rows, shipped)
    if override is None:
        return policy
    return Policy(_merge_upwards(policy, _parse(_read(Path(override)), override), override), override)


def _stamp(*paths: Path | None) -> tuple[int, ...]:
    """File versions, so an edited policy file is read again (the cache is per process)."""
    return tuple(p.stat().st_mtime_ns if p is not None and p.exists() else 0 for p in paths)


def load_policy(policy_file: Path | str | None = None, *, shipped: Path = SHIPPED_POLICY) -> Policy:
    """The shipped policy, tightened by ``policy_file`` when one is given."""
    override = Path(policy_file) if policy_file else None
    return _load(str(shipped), str(override) if override else None, _stamp(shipped, override))


def policy_for(settings: Settings) -> Policy:
    return load_policy(settings.policy_file or None)


def controls_for(
    classification: Classification | Mapping[str, Any], policy: Policy | None = None
) -> Controls:
    """Controls under ``policy`` (default: the shipped one) for a classification or ratings snapshot."""
    return (policy or load_policy()).controls_for(classification)
