from __future__ import annotations

import logging

import pytest

from blankett.observability import RedactingFilter, redact


@pytest.mark.parametrize(
    ("secret", "label"),
    [
        ("199001012384", "[personnummer]"),
        ("19900101-2384", "[personnummer]"),
        ("900101-2384", "[personnummer]"),
        ("anna.andersson@example.se", "[e-post]"),
        ("anna%40example.se", "[e-post]"),
        ("+46 70 123 45 67", "[telefon]"),
        ("070-1234567", "[telefon]"),
    ],
)
def test_personal_data_is_redacted(secret: str, label: str) -> None:
    assert redact(f"value {secret} seen") == f"value {label} seen"


def test_case_references_and_ids_survive() -> None:
    text = "case BLK-2026-000123 outbox=42 took 12.5 ms"
    assert redact(text) == text


def test_filter_rewrites_args_and_exceptions() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "user %s", ("19900101-2384",), None)
    try:
        raise ValueError("bad e-mail anna@example.se")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    RedactingFilter().filter(record)
    assert record.getMessage() == "user [personnummer]"
    formatted = logging.Formatter().format(record)
    assert "anna@example.se" not in formatted
    assert "ValueError: bad e-mail [e-post]" in formatted
    assert record.exc_info is not None  # still there for handlers that look at the exception


def test_uvicorn_access_log_lines_keep_their_arguments() -> None:
    import uvicorn.logging

    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/sok?epost=anna@example.se", "1.1", 200), None,
    )
    RedactingFilter().filter(record)
    line = uvicorn.logging.AccessFormatter("%(message)s", use_colors=False).format(record)
    assert "anna@example.se" not in line
    assert "200" in line and "/sok?epost=[e-post]" in line
