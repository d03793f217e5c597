"""Content elements: headings, and paragraphs, insets, details and warnings in limited Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from blankett.errors import FormDefinitionError
from blankett.formengine import load_definition, render_page
from tests.formengine.forms import control, label, raw_form, write
from tests.formengine.html import parse


def rendered(*elements: dict[str, Any], lang: str = "sv") -> str:
    from tests.formengine.forms import form

    definition = form({"name": {"type": "string"}}, [*elements, control("/name", "Namn", "Name")])
    return str(render_page(definition, "p1", {}, [], lang))


def content(kind: str, sv: str, **extra: Any) -> dict[str, Any]:
    return {"type": "content", "kind": kind, "text": label(sv, sv), **extra}


def test_every_kind() -> None:
    markup = rendered(
        content("heading", "Om dig"),
        content("paragraph", "Läs *noga*."),
        content("inset", "Det tar fem minuter."),
        content("details", "Ring 0498-26 90 00.", summary=label("Behöver du hjälp?", "Need help?")),
        content("warning", "Du kan få böter."),
    )
    document = parse(markup)
    assert document.find("h2")[0].text == "Om dig"
    assert "<p>Läs <em>noga</em>.</p>" in markup
    assert document.find("summary")[0].text == "Behöver du hjälp?"
    (warning,) = [t for t in document.tags if t.attrs.get("class") == "warning-text"]
    assert "Varning: Du kan få böter." in " ".join(warning.text.split())


def test_markdown_is_limited_and_safe() -> None:
    source = (
        "Se [villkoren](https://kommun.se/villkor) och <script>alert(1)</script>\n\n"
        "- ett\n- två\n\n"
        "[klicka](javascript:alert(2)) ![bild](https://x.se/a.png)\n\n# Inte en rubrik"
    )
    markup = rendered(content("paragraph", source))
    assert '<a href="https://kommun.se/villkor">villkoren</a>' in markup
    assert "<ul>\n<li>ett</li>" in markup
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "javascript:" not in parse(markup).find("a")[0].attrs["href"]  # type: ignore[operator]
    assert 'href="javascript' not in markup
    assert "<img" not in markup
    assert "<h1" not in markup


def test_headings_are_plain_text() -> None:
    markup = rendered(content("heading", "Om *dig* <b>"))
    assert '<h2 class="heading">Om *dig* &lt;b&gt;</h2>' in markup


@pytest.mark.parametrize(
    ("element", "pointer", "reason"),
    [
        (content("details", "Text"), "/pages/0/elements/0/summary", "Swedish and English"),
        (content("video", "Text"), "/pages/0/elements/0/kind", "unknown content kind 'video'"),
        (
            {"type": "content", "kind": "paragraph", "text": {"sv": "Bara svenska"}},
            "/pages/0/elements/0/text/en",
            "English",
        ),
    ],
)
def test_content_problems(tmp_path: Path, element: dict[str, Any], pointer: str, reason: str) -> None:
    raw = raw_form({"name": {"type": "string"}}, [element, control("/name", "Namn", "Name")])
    with pytest.raises(FormDefinitionError) as caught:
        load_definition(write(tmp_path, raw))
    found = {p: m for _, p, m in caught.value.problems}
    assert reason in found[pointer]
