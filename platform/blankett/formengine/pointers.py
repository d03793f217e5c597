"""JSON Pointers (RFC 6901) and the HTML names and ids derived from them.

A control bound to ``/contact/email`` posts its value as ``contact.email`` and its input has the
id ``f-contact-email``. The name is only ever computed from the pointer, never parsed back, so it
just has to be unique and stable.

Controls inside a repeatable section are built once as templates whose segments hold
:data:`ITEM` where the item index goes (``("members", ITEM, "name")``); :func:`bind` puts the
real index in when the section is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_BAD_ESCAPE = re.compile(r"~(?![01])")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_NAME_UNSAFE = re.compile(r"[%.\[\]\s]")

ITEM = "\x00"
"""The placeholder for an array index in a template's segments (never a real property name)."""

_ABSENT: Any = object()


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


def display(segments: Iterable[str]) -> str:
    """A pointer for messages to authors: template indices read ``*``."""
    return join("*" if s == ITEM else s for s in segments)


def field_name(segments: Iterable[str]) -> str:
    """The form field name: ``("contact", "email")`` → ``"contact.email"``."""
    return ".".join(_NAME_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", s) for s in segments)


def field_id(segments: Iterable[str]) -> str:
    """The HTML id: ``("contact", "email")`` → ``"f-contact-email"``."""
    return "f-" + "-".join(_ID_UNSAFE.sub(lambda m: f"_{ord(m.group()):x}_", s) for s in segments)


def bind(template: tuple[str, ...], at: tuple[str, ...]) -> tuple[str, ...]:
    """Put the indices of ``at`` into the :data:`ITEM` places of ``template``.

    >>> bind(("members", ITEM, "age"), ("members", "2", "name"))
    ('members', '2', 'age')
    """
    if ITEM not in template:
        return template
    return tuple(at[i] if s == ITEM and i < len(at) else s for i, s in enumerate(template))


def _step(data: Any, segment: str) -> Any:
    if isinstance(data, Mapping):
        return data.get(segment, _ABSENT)
    if isinstance(data, list) and segment.isdecimal() and int(segment) < len(data):
        return data[int(segment)]
    return _ABSENT


def get(data: Any, segments: Iterable[str]) -> Any:
    """The value at ``segments`` in nested dicts and lists, or ``None`` when any step is missing."""
    value = lookup(data, segments)
    return None if value is _ABSENT else value


def lookup(data: Any, segments: Iterable[str]) -> Any:
    """Like :func:`get`, but a missing value is :data:`ABSENT` (so ``null`` is a value)."""
    for segment in segments:
        data = _step(data, segment)
        if data is _ABSENT:
            break
    return data


ABSENT = _ABSENT


def has(data: Any, segments: Iterable[str]) -> bool:
    return lookup(data, segments) is not _ABSENT


def put(data: dict[str, Any], segments: tuple[str, ...], value: Any) -> None:
    """Set a value, creating (or replacing non-container) intermediate objects.

    Lists are stepped into by index (a repeatable section creates its list first); a position
    past the end pads the list with ``None``.
    """
    container: Any = data
    for index, segment in enumerate(segments[:-1]):
        child = _step(container, segment)
        if not _fits(child, segments[index + 1]):
            child = {}
            _set(container, segment, child)
        container = child
    _set(container, segments[-1], value)


def _fits(container: Any, segment: str) -> bool:
    return isinstance(container, dict) or (isinstance(container, list) and segment.isdecimal())


def _set(container: Any, segment: str, value: Any) -> None:
    if isinstance(container, list):
        index = int(segment)
        container.extend([None] * (index + 1 - len(container)))
        container[index] = value
    else:
        container[segment] = value


def remove(data: dict[str, Any], segments: tuple[str, ...]) -> None:
    """Remove a value if it is there; a list position becomes ``None`` so that later
    positions keep their index (a repeatable section compacts its list afterwards)."""
    parent = lookup(data, segments[:-1])
    last = segments[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and last.isdecimal() and int(last) < len(parent):
        parent[int(last)] = None
