"""``file``: files attached to an answer, stored by the platform and referenced from the data.

The data schema holds references, never the files: ``{"$ref":
"https://blankett.se/schemas/file-reference/v1.json"}`` for one file, or an array of them for
several (``minItems``/``maxItems`` count files). The element declares what is accepted:
``accept`` (media types, ``image/*`` for every image type) and ``maxSize`` (bytes per file).

The engine never reads a file. The web layer checks and stores the posted files first and
hands the control an :class:`Uploaded` in place of what was posted; anything else posted
under the control's name is ignored, so a client can never make up a reference. Two buttons
work without JavaScript, like a repeat's: :data:`UPLOAD` ("Ladda upp", stay on the page) and
:data:`REMOVE_FILE` (its value is the file's id). A refused file is kept as raw input, so its
message shows until the person sends the page again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import pointers, schemas
from ..definition import Control
from ..filetypes import DEFAULT_ACCEPT, FAMILIES, FILE_TYPES, accept_attribute, labels, media_types
from ..numbers import format_number
from ..schemas import Schema, main_type
from ..texts import pair, text
from .base import MISSING, FieldView, FormSource, Parsed, RawProblem, Widget, form_string, store
from .registry import widget

if TYPE_CHECKING:
    from ..building import Builder

UPLOAD = "_upload"
REMOVE_FILE = "_remove_file"
DEFAULT_MAX_SIZE = 10_000_000  # bytes per file
MAX_SIZE = 50_000_000  # the most a definition may allow per file
MAX_FILES = 20  # files per field when the schema sets no maxItems
REFERENCE_KEYS = frozenset({"id", "name", "mediaType", "size", "sha256"})
UPLOAD_LABEL = pair("Ladda upp", "Upload")
REMOVE_LABEL = pair("Ta bort", "Remove")
UPLOADED = pair("Uppladdade filer", "Uploaded files")
LIMITS = {
    "sv": ("{types}, högst {size} per fil", ", högst {count} filer"),
    "en": ("{types}, at most {size} per file", ", at most {count} files"),
}


@dataclass(frozen=True)
class FileLimits:
    accept: tuple[str, ...]  # media types, families spelt out
    max_size: int
    max_files: int
    multiple: bool  # an array of references, not one


@dataclass(frozen=True)
class Refusal:
    """A posted file the platform did not store: ``keyword`` is the message key."""

    keyword: str  # file:tooLarge, file:wrongType, file:maxItems, file:empty
    filename: str


@dataclass(frozen=True)
class Uploaded:
    """What the web layer made of the files posted for one control."""

    references: tuple[Mapping[str, Any], ...] = ()
    refused: Refusal | None = None


def is_reference(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == REFERENCE_KEYS


def is_reference_schema(root: Schema, schema: Any) -> bool:
    """The shipped file-reference schema, however it is reached (``$ref``, ``$defs``)."""
    if not isinstance(schema, Mapping):
        return False
    try:
        found = schemas.deref(root, schema)
    except schemas.SchemaLookupError:
        return False
    return found.get("$id") == schemas.FILE_REFERENCE_ID


def references(value: Any) -> list[Mapping[str, Any]]:
    """The references in an answer: one, a list of them, or none."""
    if is_reference(value):
        return [value]
    return [v for v in value if is_reference(v)] if isinstance(value, list) else []


def all_references(answers: Any) -> list[Mapping[str, Any]]:
    """Every file reference anywhere in the answers (inside sections too)."""
    if is_reference(answers):
        return [answers]
    if isinstance(answers, Mapping):
        return [r for v in answers.values() for r in all_references(v)]
    if isinstance(answers, list):
        return [r for v in answers for r in all_references(v)]
    return []


def file_limits(control: Control) -> FileLimits:
    settings = control.settings
    multiple = main_type(control.schema) == "array"
    most = control.schema.get("maxItems") if multiple else 1
    return FileLimits(
        accept=media_types(settings.get("accept") or DEFAULT_ACCEPT),
        max_size=int(settings.get("maxSize") or DEFAULT_MAX_SIZE),
        max_files=min(most, MAX_FILES) if isinstance(most, int) else MAX_FILES,
        multiple=multiple,
    )


def size_label(size: int, lang: str) -> str:
    """Sizes as people read them: "820 kB", "4,5 MB" (decimal units, as file managers show)."""
    if size < 1_000_000:
        return f"{format_number(max(1, round(size / 1000)), lang)} kB"
    megabytes = round(size / 1_000_000, 1)
    return f"{format_number(int(megabytes) if megabytes.is_integer() else megabytes, lang)} MB"


@widget("file")
class FileUpload(Widget):
    """``<input type="file">`` with the files already uploaded listed above it."""

    template = "file.html"
    inference_rank = 5  # before fieldset and repeat: a reference is an object, a list an array

    def accepts(self, schema: Schema, root: Schema) -> bool:
        if main_type(schema) == "array":
            return is_reference_schema(root, schema.get("items"))
        return schema.get("$id") == schemas.FILE_REFERENCE_ID

    def build(self, control: Control, raw: Mapping[str, Any], builder: Builder, at: str) -> Control:
        settings: dict[str, Any] = {key: raw[key] for key in ("accept", "maxSize") if key in raw}
        if main_type(control.schema) == "array":  # the root is needed to follow the items' $ref
            settings["items_ok"] = is_reference_schema(builder.root, control.schema.get("items"))
        return control.but(settings={**control.settings, **settings})

    def check(self, control: Control) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        schema = control.schema
        fits = schema.get("$id") == schemas.FILE_REFERENCE_ID or (
            main_type(schema) == "array" and control.settings.get("items_ok")
        )
        if not fits:
            found.append((
                "/path",
                f"the 'file' widget needs a property that is {{\"$ref\": \"{schemas.FILE_REFERENCE_ID}\"}} "
                "or an array of them",
            ))
        accept = control.settings.get("accept")
        if accept is not None:
            known = [*FILE_TYPES, *FAMILIES]
            for index, entry in enumerate(accept if isinstance(accept, list) else []):
                if entry not in known:
                    found.append((f"/accept/{index}", f"{entry!r} is not a file type the platform can recognise; use one of {', '.join(known)}"))
            if not accept:
                found.append(("/accept", "list at least one media type"))
        size = control.settings.get("maxSize")
        if size is not None and not (isinstance(size, int) and 1 <= size <= MAX_SIZE):
            found.append(("/maxSize", f"must be a number of bytes from 1 to {MAX_SIZE}"))
        most = schema.get("maxItems")
        if isinstance(most, int) and most > MAX_FILES:
            found.append(("/path", f"at most {MAX_FILES} files per field: lower the schema's maxItems"))
        return found

    def parse_into(
        self, control: Control, form: FormSource, answers: dict[str, Any], raw_store: dict[str, Any]
    ) -> None:
        current = references(pointers.get(answers, control.segments))
        removed = form_string(form, REMOVE_FILE)
        if removed:
            current = [r for r in current if r.get("id") != removed]
        posted = form.get(control.name)
        refused = None
        if isinstance(posted, Uploaded):  # only the platform puts these into the form
            current += [dict(r) for r in posted.references]
            refused = posted.refused
        raw = {"refused": refused.keyword, "file": refused.filename} if refused else None
        if not current:
            store(control, Parsed(MISSING, raw), answers, raw_store)
            return
        value: Any = current if file_limits(control).multiple else current[-1]
        store(control, Parsed(value, raw), answers, raw_store)

    def parse(self, control: Control, form: FormSource) -> Parsed:  # pragma: no cover
        raise TypeError("files are read by parse_into")

    def raw_problem(self, control: Control, raw: Mapping[str, str]) -> RawProblem | None:
        keyword = raw.get("refused")
        if not keyword:
            return None
        limits = file_limits(control)
        params = {
            "file": raw.get("file", ""),
            "limit": str(limits.max_files) if keyword == "file:maxItems" else "",
            "size": {lang: size_label(limits.max_size, lang) for lang in ("sv", "en")},
            "types": {lang: labels(limits.accept, lang) for lang in ("sv", "en")},
        }
        return RawProblem(keyword, params)

    def variables(self, view: FieldView) -> dict[str, Any]:
        limits = file_limits(view.control)
        lang = view.lang
        files = [
            {"id": r["id"], "name": r["name"], "size": size_label(int(r["size"]), lang)}
            for r in references(view.value)
        ]
        first, count = LIMITS.get(lang, LIMITS["sv"])
        described = first.format(types=labels(limits.accept, lang), size=size_label(limits.max_size, lang))
        if limits.multiple:
            described += count.format(count=limits.max_files)
        ids = [view.hint_id] + ([view.error_id] if view.error else [])
        return {
            "files": files,
            "limits": described,
            "accept": accept_attribute(limits.accept),
            "multiple": limits.multiple,
            "can_add": limits.multiple is False or len(files) < limits.max_files,
            "upload_name": UPLOAD,
            "upload_label": text(UPLOAD_LABEL, lang),
            "remove_name": REMOVE_FILE,
            "remove_label": text(REMOVE_LABEL, lang),
            "uploaded_label": text(UPLOADED, lang),
            "described": " ".join(ids),
        }

    def format(self, control: Control, value: Any, lang: str) -> str:
        return ", ".join(f"{r['name']} ({size_label(int(r['size']), lang)})" for r in references(value))

    def files(self, control: Control, value: Any) -> tuple[Mapping[str, Any], ...]:
        return tuple(references(value))
