"""Collects everything wrong with a definition so that authors see all problems at once."""

from __future__ import annotations

from collections.abc import Iterable

from blankett.errors import FormDefinitionError


class Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[str, str, str]] = []

    def add(self, pointer: str, message: str) -> None:
        self.items.append((self.source, pointer, message))

    def extend(self, base: str, relative: Iterable[tuple[str, str]]) -> None:
        """Add ``(pointer relative to base, message)`` pairs."""
        for pointer, message in relative:
            self.add(base + pointer, message)

    def raise_if_any(self) -> None:
        if self.items:
            raise FormDefinitionError(self.items)
