"""Benchmark: server time to render a 50-field page and to validate a 200-field submission.

Not a test (pytest does not collect it): run it and read the figures.

    .venv/bin/python -m tests.benchmarks.bench_formengine

Validators are compiled once per service version, so the figures are steady-state costs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from blankett.formengine import build_definition, render_page, validate_answers, validate_page


def _definition(fields: int, per_page: int) -> Any:
    properties: dict[str, Any] = {}
    for n in range(fields):
        kind = n % 4
        if kind == 0:
            properties[f"f{n}"] = {"type": "string", "minLength": 2, "maxLength": 100}
        elif kind == 1:
            properties[f"f{n}"] = {"type": "string", "format": "email"}
        elif kind == 2:
            properties[f"f{n}"] = {"type": "string", "format": "date"}
        else:
            properties[f"f{n}"] = {"type": "string", "enum": ["a", "b", "c"]}
    names = list(properties)
    pages = [
        {
            "id": f"p{start}",
            "title": {"sv": f"Sida {start}", "en": f"Page {start}"},
            "elements": [
                {"type": "control", "path": f"/{name}", "label": {"sv": f"Fält {name}", "en": f"Field {name}"}}
                for name in names[start : start + per_page]
            ],
        }
        for start in range(0, fields, per_page)
    ]
    raw = {
        "formatVersion": "1.0", "id": "bench", "version": "1.0.0",
        "title": {"sv": "Prestanda", "en": "Performance"},
        "schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                   "properties": properties, "required": names},
        "pages": pages,
    }
    values = {0: "hello", 1: "anna@example.se", 2: "2026-03-27", 3: "b"}
    answers = {name: values[n % 4] for n, name in enumerate(names)}
    return build_definition(raw), answers


def _median_ms(fn: Callable[[], object], rounds: int = 200) -> float:
    fn()  # warm caches (templates, validators)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    page_def, page_answers = _definition(50, 50)
    errors = validate_page(page_def, "p0", {}, "sv")
    render_ms = _median_ms(lambda: render_page(page_def, "p0", page_answers, [], "sv"))
    render_err_ms = _median_ms(lambda: render_page(page_def, "p0", {}, errors, "sv"))
    big_def, big_answers = _definition(200, 20)
    assert validate_answers(big_def, big_answers, "sv") == []
    validate_ms = _median_ms(lambda: validate_answers(big_def, big_answers, "sv"))
    print(f"render 50-field page (filled):      {render_ms:6.2f} ms (median)")
    print(f"render 50-field page (50 errors):   {render_err_ms:6.2f} ms (median)")
    print(f"validate 200-field submission:      {validate_ms:6.2f} ms (median)")


if __name__ == "__main__":
    main()
