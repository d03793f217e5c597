"""A small HTML reader for asserting on rendered controls."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Tag:
    name: str
    attrs: dict[str, str | None]
    text: str = ""


@dataclass
class Document(HTMLParser):
    tags: list[Tag] = field(default_factory=list)
    _open: list[Tag] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Tag(tag, dict(attrs))
        self.tags.append(element)
        if tag not in {"input", "br", "meta", "link"}:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop().name == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def find(self, tag: str, **attrs: str) -> list[Tag]:
        return [t for t in self.tags if t.name == tag and all(t.attrs.get(k) == v for k, v in attrs.items())]

    def by_id(self, element_id: str) -> Tag:
        (found,) = [t for t in self.tags if t.attrs.get("id") == element_id]
        return found

    def controls(self) -> list[Tag]:
        return [t for t in self.tags if t.name in {"input", "textarea", "select"}]


def parse(markup: str) -> Document:
    document = Document()
    document.feed(markup)
    document.close()
    return document


def posted(
    markup: str, typed: dict[str, str] | None = None, press: tuple[str, str] | None = None
) -> list[tuple[str, str]]:
    """What a browser posts for ``markup``: every input's value (``typed`` replaces values by
    name; ``"name=value"`` ticks a radio or checkbox), the selected options, and ``press``,
    the name and value of the submit button pressed."""
    typed = typed or {}
    found: list[tuple[str, str]] = []
    select = ""
    for tag in parse(markup).tags:
        name, kind = tag.attrs.get("name") or "", tag.attrs.get("type")
        value = tag.attrs.get("value") or ""
        if tag.name == "input" and kind in {"radio", "checkbox"}:
            ticked = (
                f"{name}={value}" in typed
                if any(k.startswith(name + "=") for k in typed)
                else "checked" in tag.attrs
            )
            if ticked:
                found.append((name, value))
        elif tag.name == "input":
            found.append((name, typed.get(name, value)))
        elif tag.name == "textarea":
            shown = tag.text[1:] if tag.text.startswith("\n") else tag.text
            found.append((name, typed.get(name, shown)))
        elif tag.name == "select":
            select = name
            if name in typed:
                found.append((name, typed[name]))
        elif tag.name == "option" and "selected" in tag.attrs and select not in typed:
            found.append((select, value))
    if press:
        found.append(press)
    return found
