"""JSON Pointers (RFC 6901) and the HTML names and ids derived from them.

A control bound to ``/contact/email`` posts its value as ``contact.email`` and its input has the
id ``f-contact-email``. The name is only ever computed from the pointer, never parsed back, so it
just has to be unique and stable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_BAD_ESCAPE = re.compile(r"~(?![01])")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_NAME_UNSAFE = re.compile(r"[%.\[\]\s]")


class PointerError(ValueError):
    """The text is not a JSON Pointer."""


def split(pointer: str) -> tuple[str, ...]:
    """``"/contact/email"`` → ``("contact", "email")``; ``""`` is the whole document."""
    if pointer == "":
        return ()
    if not pointer.startswith("/"):
        raise PointerError("a JSON Pointer starts with '/'")
    if _BAD_ESCAPE.search(pointer):
        raise PointerError("'~' must be followed by 0 or 1")
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/"))


def join(segments: Iterable[str]) -> str:
    """The inverse of :func:`split`."""
    return "".join("/" + s.replace("~", "~0").replace("/", "~1") for s in segments)


def field_name(segments: Iterable[str]) -> str:
    """The form field name: ``("contact", "email")`` → ``"contact.email"``."""
    return ".".join(_NAME_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", s) for s in segments)


def field_id(segments: Iterable[str]) -> str:
    """The HTML id: ``("contact", "email")`` → ``"f-contact-email"``."""
    return "f-" + "-".join(_ID_UNSAFE.sub(lambda m: f"_{ord(m.group()):x}_", s) for s in segments)


def get(data: Any, segments: Iterable[str]) -> Any:
    """The value at ``segments`` in nested dicts, or ``None`` when any step is missing."""
    for segment in segments:
        if not isinstance(data, Mapping):
            return None
        data = data.get(segment)
    return data


def put(data: dict[str, Any], segments: tuple[str, ...], value: Any) -> None:
    """Set a value, creating (or replacing non-object) intermediate objects."""
    for segment in segments[:-1]:
        child = data.get(segment)
        if not isinstance(child, dict):
            child = data[segment] = {}
        data = child
    data[segments[-1]] = value


def remove(data: dict[str, Any], segments: tuple[str, ...]) -> None:
    """Remove a value if it is there; intermediate objects are left in place."""
    parent = get(data, segments[:-1]) if len(segments) > 1 else data
    if isinstance(parent, dict):
        parent.pop(segments[-1], None)
