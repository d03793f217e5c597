"""The widget registry: name → the one instance that handles that widget type."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..schemas import Schema
from .base import Widget

_WIDGETS: dict[str, Widget] = {}

W = TypeVar("W", bound=type[Widget])


def widget(name: str) -> Callable[[W], W]:
    """Class decorator registering a widget type under ``name``."""

    def register(cls: W) -> W:
        if name in _WIDGETS:
            raise ValueError(f"widget {name!r} is already registered")
        cls.name = name
        _WIDGETS[name] = cls()
        return cls

    return register


def get(name: str) -> Widget:
    """The widget called ``name``; ``KeyError`` if there is none."""
    return _WIDGETS[name]


def names() -> list[str]:
    return sorted(_WIDGETS)


def infer(schema: Schema, root: Schema) -> str | None:
    """The widget to use for ``schema`` (in the document ``root``) when the element names none."""
    ranked = sorted(
        (w for w in _WIDGETS.values() if w.inference_rank is not None),
        key=lambda w: w.inference_rank or 0,
    )
    return next((w.name for w in ranked if w.accepts(schema, root)), None)
