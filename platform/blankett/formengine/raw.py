"""Raw input: what a person typed that could not become a value, kept to show it again.

It lives in the answers under :data:`RAW_KEY`, keyed by control pointer::

    {"description": "...", "_raw": {"/happenedOn": {"day": "31", "month": "2", "year": "2026"}}}

Containers keep small notes there too: a repeatable section of plain values its blank rows
(``{"blank": "1"}``), a variant chooser without a discriminating property its choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RAW_KEY = "_raw"


def raw_input(answers: Mapping[str, Any], pointer: str) -> Mapping[str, str] | None:
    """The kept raw input for a control, if any."""
    store = answers.get(RAW_KEY)
    found = store.get(pointer) if isinstance(store, Mapping) else None
    return found if isinstance(found, Mapping) else None


def shift_items(store: dict[str, Any], array: str, removed: int) -> None:
    """Raw input after item ``removed`` of the list at ``array`` moves up one place; the
    removed item's own input goes."""
    prefix = array + "/"
    for key in sorted((k for k in store if k.startswith(prefix)), key=_index_of(prefix)):
        head, _, rest = key[len(prefix) :].partition("/")
        if not head.isdecimal() or int(head) < removed:
            continue
        value = store.pop(key)
        if int(head) > removed:
            store[f"{prefix}{int(head) - 1}" + (f"/{rest}" if rest else "")] = value


def _index_of(prefix: str) -> Any:
    def key(pointer: str) -> int:
        head = pointer[len(prefix) :].partition("/")[0]
        return int(head) if head.isdecimal() else -1

    return key
