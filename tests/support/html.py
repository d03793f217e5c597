"""Read forms out of HTML the way a browser would, for tests that drive the app over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # hidden and prefilled inputs
    names: set[str] = field(default_factory=set)  # every control name in the form


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._current: Form | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._current)
        elif self._current is not None and tag in {"input", "select", "textarea", "button"} and a.get("name"):
            name = a["name"]
            self._current.names.add(name)
            kind = a.get("type", "text")
            if tag == "input" and kind not in {"radio", "checkbox", "submit"} and "value" in a:
                self._current.fields[name] = a["value"]
            elif tag == "input" and kind in {"radio", "checkbox"} and "checked" in a:
                self._current.fields[name] = a.get("value", "on")
            if tag == "textarea":
                self._textarea = name
                self._current.fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea and self._current is not None:
            self._current.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "textarea":
            self._textarea = None


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def main_form(html: str) -> Form:
    """The page's form with the most controls (the header's logout form is smaller)."""
    found = forms(html)
    assert found, "no form on the page"
    return max(found, key=lambda f: len(f.names))
