"""Pages: the author's list, or a layout derived from the schema.

Without ``pages`` a definition still works: every top-level object (or list of objects) gets a
page of its own, titled by its ``title``, and the properties between them are gathered on
pages titled by the form. A page may also say ``"elements": "auto"``: it then asks every
top-level property that no other page asks for. Labels come from ``title`` (else the property
name), hints from ``description`` (else ``examples``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import pointers
from .building import Builder
from .definition import PAGE_KINDS, Control, Element, Page
from .problems import Problems
from .texts import Text, text_problems

SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_OWN_PAGE = ("fieldset", "address", "repeat", "variants", "tuple")


_Located = list[tuple[str, Element]]


def build_pages(raw: Any, builder: Builder, title: Text) -> tuple[Page, ...]:
    """The pages of a definition (``raw`` is its ``pages``, or ``None`` for the automatic
    layout), reporting every problem to the builder's problem list."""
    problems = builder.problems
    if raw is None:
        return auto_pages(builder, title, frozenset())
    if not isinstance(raw, list) or not raw:
        problems.add("/pages", "pages must be a non-empty list")
        return ()
    built: dict[int, tuple[Page, _Located] | None] = {}
    automatic = [i for i, e in enumerate(raw) if isinstance(e, Mapping) and e.get("elements") == "auto"]
    for index, entry in enumerate(raw):
        if index not in automatic:
            built[index] = _page(entry, f"/pages/{index}", builder, None)
    asked = frozenset(e.segments[0] for b in built.values() if b for _, e in b[1] if isinstance(e, Control))
    for index in automatic:  # built last, from what the other pages leave
        built[index] = _page(raw[index], f"/pages/{index}", builder, asked)
    found = [(f"/pages/{i}", built[i]) for i in sorted(built)]
    _check_unique([(at, b[0], b[1]) for at, b in found if b is not None], problems)
    return tuple(b[0] for _, b in found if b is not None)


def _page(raw: Any, at: str, builder: Builder, auto: frozenset[str] | None) -> tuple[Page, _Located] | None:
    problems = builder.problems
    if not isinstance(raw, Mapping):
        problems.add(at, "a page must be an object")
        return None
    page_id = raw.get("id")
    if not (isinstance(page_id, str) and SLUG.fullmatch(page_id)):
        problems.add(at + "/id", "a page needs an 'id': lower-case letters, digits and '-'")
    kind = raw.get("type", "question")
    if kind not in PAGE_KINDS:
        problems.add(at + "/type", f"unknown page type {kind!r}; use one of {', '.join(PAGE_KINDS)}")
    title_problems = text_problems(raw.get("title"))
    problems.extend(at + "/title", title_problems)
    exit_text = raw.get("text")
    if kind == "exit" or exit_text is not None:
        problems.extend(at + "/text", text_problems(exit_text))
    condition = builder.conditions.parse(raw["showIf"], at + "/showIf") if "showIf" in raw else None
    located = _elements(raw, at, builder, auto, kind)
    if not isinstance(page_id, str) or title_problems or kind not in PAGE_KINDS:
        return None
    page = Page(page_id, raw["title"], tuple(e for _, e in located), kind, condition, exit_text)
    return page, located


def _elements(
    raw: Mapping[str, Any], at: str, builder: Builder, auto: frozenset[str] | None, kind: str
) -> _Located:
    """Each element with where it is written (for problems)."""
    if auto is not None:
        where = at + "/elements"
        return [
            (where, c) for c in builder.object_children((), builder.root, where, required=True, skip=auto)
        ]
    listed = raw.get("elements", [] if kind == "exit" else None)
    if not isinstance(listed, list):
        builder.problems.add(at + "/elements", "a page needs a list of 'elements' (or \"auto\")")
        return []
    found = []
    for index, entry in enumerate(listed):
        where = f"{at}/elements/{index}"
        element = builder.page_element(entry, where)
        if element is not None:
            found.append((where, element))
    return found


def auto_pages(builder: Builder, title: Text, skip: frozenset[str]) -> tuple[Page, ...]:
    """One page per top-level object or list of objects; the rest gathered between them."""
    controls = builder.object_children((), builder.root, "/schema", required=True, skip=skip)
    pages: list[Page] = []
    pending: list[Control] = []
    used: set[str] = set()

    def flush() -> None:
        if pending:
            pages.append(Page(_unique("sida", used, len(pages) + 1), title, tuple(pending)))
            pending.clear()

    for control in controls:
        if control.widget in _OWN_PAGE:
            flush()
            pages.append(Page(_unique(control.segments[0], used, len(pages) + 1), control.label, (control,)))
        else:
            pending.append(control)
    flush()
    if not pages:
        builder.problems.add("/schema", "the schema has no properties to ask for, so no pages can be derived")
    return tuple(pages)


def _unique(name: str, used: set[str], number: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "sida"
    if slug in used:
        slug = f"{slug}-{number}"
    used.add(slug)
    return slug


def _check_unique(pages: list[tuple[str, Page, _Located]], problems: Problems) -> None:
    """Page ids are unique, and a value is asked in one place only (else one answer would
    silently overwrite the other). Alternatives inside one element (variants) may repeat."""
    seen_pages: dict[str, str] = {}
    seen_paths: dict[str, str] = {}
    for at, page, located in pages:
        if page.id in seen_pages:
            problems.add(at + "/id", f"duplicate page id {page.id!r} (also at {seen_pages[page.id]})")
        seen_pages.setdefault(page.id, at)
        for where, element in located:
            if not isinstance(element, Control):
                continue
            for pointer in dict.fromkeys(c.pointer for c in element.walk()):
                if pointer in seen_paths:
                    shown = pointers.display(pointers.split(pointer))
                    problems.add(where + "/path", f"{shown!r} is already asked at {seen_paths[pointer]}")
                seen_paths.setdefault(pointer, where)
