"""The path through a form: which pages the answers lead to, and what comes next.

A page with ``showIf`` is on the path only while its condition holds; an exit page that is on
the path ends it ("you cannot use this service because …"). The web layer walks these
functions, so the page steps, the back links and check-your-answers follow the path taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .definition import FormDefinition, Page
from .expansion import visible_pages


def _shows(page: Page, answers: Mapping[str, Any]) -> bool:
    return page.condition is None or page.condition.holds(answers, ())


def following_page(definition: FormDefinition, page_id: str, answers: Mapping[str, Any]) -> Page | None:
    """The next page on the path after ``page_id``; ``None`` after the last (go to the check
    page) and after an exit page (there is no way on)."""
    current = definition.page(page_id)
    if current.is_exit:
        return None
    for page in definition.pages[definition.index_of(current) + 1 :]:
        if _shows(page, answers):
            return page
    return None


def preceding_page(definition: FormDefinition, page_id: str, answers: Mapping[str, Any]) -> Page | None:
    """The page on the path before ``page_id``, or ``None`` at the start."""
    index = definition.index_of(page_id)
    for page in reversed(definition.pages[:index]):
        if _shows(page, answers):
            return page
    return None


def exit_page(definition: FormDefinition, answers: Mapping[str, Any]) -> Page | None:
    """The exit page that ends the path these answers take, if any."""
    path = visible_pages(definition, answers)
    return path[-1] if path and path[-1].is_exit else None


__all__ = ["exit_page", "following_page", "preceding_page", "visible_pages"]
