"""Read a form definition file, check it, and build a :class:`FormDefinition`.

Every problem is collected and raised together as one
:class:`~blankett.errors.FormDefinitionError` with ``(file, json_pointer, message)`` triples, so a
form author fixes a file in one round.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from blankett.errors import FormDefinitionError

from . import pointers, schemas
from .definition import Control, Element, FormDefinition, Page
from .elements import build_element
from .formats import format_checker
from .problems import Problems
from .texts import text_problems

FORMAT_MAJOR = "1"
REQUIRED_KEYS = ("formatVersion", "id", "version", "title", "schema", "pages")
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


def load_definition(path: Path | str) -> FormDefinition:
    """Load and check ``forms/<id>.json``.

    >>> load_definition(Path("forms/synpunkt.json")).first_page.id
    'vad'
    """
    source = str(path)
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise FormDefinitionError([(source, "", f"cannot read the file: {exc.strerror}")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormDefinitionError([(source, "", f"not valid UTF-8 JSON: {exc}")]) from None
    return build_definition(raw, source)


def build_definition(raw: Any, source: str = "<definition>") -> FormDefinition:
    """Check an already parsed definition; ``source`` names it in problems."""
    raw = copy.deepcopy(raw)  # the definition must not change when the caller's dict does
    problems = Problems(source)
    if not isinstance(raw, dict):
        problems.add("", "a form definition must be a JSON object")
        problems.raise_if_any()
    _check_top(raw, problems)
    schema = _check_schema(raw.get("schema"), problems)
    pages = _build_pages(raw.get("pages"), schema, problems)
    problems.raise_if_any()
    assert schema is not None  # problems were raised otherwise
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return FormDefinition(
        id=raw["id"],
        version=raw["version"],
        title=raw["title"],
        summary=raw.get("summary"),
        start=raw.get("start") or {},
        schema=schema,
        pages=pages,
        hash=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        raw=raw,
        source=source,
        validator=Draft202012Validator(schema, format_checker=format_checker()),
    )


def _check_top(raw: Mapping[str, Any], problems: Problems) -> None:
    for key in REQUIRED_KEYS:
        if key not in raw:
            problems.add("", f"the key {key!r} is required")
    version = raw.get("formatVersion")
    if "formatVersion" in raw and not (isinstance(version, str) and version.split(".")[0] == FORMAT_MAJOR):
        problems.add("/formatVersion", f"unsupported format version {version!r}; this engine reads 1.x")
    form_id = raw.get("id")
    if "id" in raw and not (isinstance(form_id, str) and _SLUG.fullmatch(form_id)):
        problems.add("/id", "the id must be a slug: lower-case letters, digits and '-'")
    if "version" in raw and not (isinstance(raw["version"], str) and raw["version"].strip()):
        problems.add("/version", "the version must be a non-empty string such as '1.0.0'")
    if "title" in raw:
        problems.extend("/title", text_problems(raw["title"]))
    problems.extend("/summary", text_problems(raw.get("summary"), required=False))
    start = raw.get("start")
    if start is not None and not isinstance(start, Mapping):
        problems.add("/start", "must be an object of texts")
    for name, value in (start or {}).items() if isinstance(start, Mapping) else ():
        problems.extend("/start" + pointers.join([name]), text_problems(value))


def _check_schema(schema: Any, problems: Problems) -> Mapping[str, Any] | None:
    """Meta-schema and shape checks; returns the schema when paths can be resolved in it."""
    if schema is None:
        return None
    if not isinstance(schema, Mapping):
        problems.add("/schema", "the schema must be a JSON Schema object")
        return None
    declared = schema.get("$schema", DRAFT_2020_12)
    if not (isinstance(declared, str) and declared.rstrip("#") == DRAFT_2020_12):
        problems.add("/schema/$schema", f"only JSON Schema Draft 2020-12 ({DRAFT_2020_12}) is supported")
    meta = Draft202012Validator(
        Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    for error in meta.iter_errors(schema):
        problems.add("/schema" + pointers.join(str(p) for p in error.absolute_path), error.message)
    if schema.get("type") != "object":
        problems.add("/schema/type", 'the root schema must have "type": "object"')
    properties = schema.get("properties")
    for name in properties if isinstance(properties, Mapping) else ():
        if name.startswith("_"):
            problems.add("/schema/properties" + pointers.join([name]), "names starting with '_' are reserved")
    for where, ref in _refs(schema, "/schema"):
        try:
            schemas.deref(schema, {"$ref": ref})
        except schemas.SchemaLookupError as exc:
            problems.add(where, str(exc))
    return schema


def _refs(node: Any, at: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield at + "/$ref", value
            else:
                yield from _refs(value, at + pointers.join([str(key)]))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{at}/{index}")


def _build_pages(raw: Any, schema: Mapping[str, Any] | None, problems: Problems) -> tuple[Page, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        problems.add("/pages", "pages must be a non-empty list")
        return ()
    pages: list[Page] = []
    seen_pages: dict[str, str] = {}
    seen_paths: dict[str, str] = {}
    for index, entry in enumerate(raw):
        at = f"/pages/{index}"
        built = _build_page(entry, at, schema, problems)
        if built is None:
            continue
        page, located = built
        if page.id in seen_pages:
            problems.add(at + "/id", f"duplicate page id {page.id!r} (also at {seen_pages[page.id]})")
        seen_pages.setdefault(page.id, at)
        _check_unique_paths(located, seen_paths, problems)
        pages.append(page)
    return tuple(pages)


def _build_page(
    raw: Any, at: str, schema: Mapping[str, Any] | None, problems: Problems
) -> tuple[Page, list[tuple[str, Element]]] | None:
    """The page plus each element with its location in the file."""
    if not isinstance(raw, Mapping):
        problems.add(at, "a page must be an object")
        return None
    page_id = raw.get("id")
    if not (isinstance(page_id, str) and _SLUG.fullmatch(page_id)):
        problems.add(at + "/id", "a page needs an 'id': lower-case letters, digits and '-'")
    if raw.get("type", "question") != "question":
        problems.add(at + "/type", f"page type {raw.get('type')!r} is not supported yet")
    title_problems = text_problems(raw.get("title"))
    problems.extend(at + "/title", title_problems)
    listed = raw.get("elements")
    if not isinstance(listed, list):
        problems.add(at + "/elements", "a page needs a list of 'elements'")
        listed = []
    located: list[tuple[str, Element]] = []
    for index, entry in enumerate(listed):
        where = f"{at}/elements/{index}"
        element = build_element(entry, where, schema, problems)
        if element is not None:
            located.append((where, element))
    if not isinstance(page_id, str) or title_problems:
        return None
    return Page(page_id, raw["title"], tuple(e for _, e in located)), located


def _check_unique_paths(located: list[tuple[str, Element]], seen: dict[str, str], problems: Problems) -> None:
    """A value asked in two places would let one answer silently overwrite the other."""
    for where, element in located:
        if not isinstance(element, Control):
            continue
        for control in element.walk():
            if control.pointer in seen:
                problems.add(
                    where + "/path", f"{control.pointer!r} is already asked at {seen[control.pointer]}"
                )
            seen.setdefault(control.pointer, where)
