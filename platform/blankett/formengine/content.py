"""Content elements as HTML: headings, and limited Markdown for the rest.

Markdown is read by markdown-it-py with raw HTML off and only these rules on: paragraphs,
line breaks, emphasis, links (``javascript:`` and other unsafe schemes are refused by
markdown-it's ``validateLink``), bullet and numbered lists and backslash escapes. Anything
else stays literal text, so an author cannot inject markup or scripts.
"""

from __future__ import annotations

from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_RULES = ["emphasis", "link", "list", "escape", "newline", "autolink", "entity"]


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(_RULES)


@lru_cache(maxsize=2048)
def markdown(source: str) -> Markup:
    """Safe HTML for a text written in limited Markdown (definitions are few; cached)."""
    # markdown-it escapes all text and refuses raw HTML, so its output is safe markup.
    return Markup(_parser().render(source))  # noqa: S704


def plain(source: str) -> Markup:
    return escape(source)
