"""Localised texts: every text a person sees is a ``{"sv": ..., "en": ...}`` pair."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

Text = Mapping[str, str]
"""A localised text, e.g. ``{"sv": "Namn", "en": "Name"}``."""


def text(value: Text | str | None, lang: str) -> str:
    """Pick ``lang`` from a localised text, falling back to Swedish.

    >>> text({"sv": "Namn", "en": "Name"}, "en")
    'Name'
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get(DEFAULT_LANGUAGE) or ""


def text_problems(value: Any, *, required: bool = True) -> list[tuple[str, str]]:
    """Problems with a localised text as ``(relative pointer, message)`` pairs."""
    if value is None:
        return [("", "a text in Swedish and English is required")] if required else []
    if not isinstance(value, Mapping):
        return [("", 'must be an object with "sv" and "en" texts')]
    problems = []
    for lang in LANGUAGES:
        entry = value.get(lang)
        if not isinstance(entry, str) or not entry.strip():
            name = "Swedish" if lang == "sv" else "English"
            problems.append((f"/{lang}", f"the {name} text ({lang!r}) is missing or empty"))
    return problems


def pair(sv: str, en: str) -> Text:
    """A localised text from a Swedish and an English string."""
    return {"sv": sv, "en": en}
