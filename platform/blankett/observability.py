"""Logging: one configuration, and one filter that keeps personal data out of every log line.

The filter redacts Swedish personal identity and coordination numbers, organisation-like
10/12-digit numbers, e-mail addresses and phone numbers from the formatted message, whatever
logger produced it (ours, uvicorn's access log, libraries'), so no call site has to remember.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .settings import Settings

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+"), "[e-post]"),
    # 19900101-1234, 199001011234, 900101-1234, 9001011234 (also coordination numbers)
    (re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)"), "[personnummer]"),
    # +46 70 123 45 67, 070-123 45 67, 0701234567
    (re.compile(r"(?<![\w])(?:\+46|0046|0)[\s-]?7\d(?:[\s-]?\d){7}(?!\d)"), "[telefon]"),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _clean(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return redact(value if isinstance(value, str) else str(value))


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with personal data redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Redact the template and each argument rather than the joined message: formatters
        # such as uvicorn's access log read the arguments themselves.
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(arg) for arg in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {key: _clean(value) for key, value in record.args.items()}
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            # Exception texts can carry input values too. Formatters print a record's cached
            # exc_text instead of formatting exc_info again, so a redacted one is what gets out,
            # while exc_info stays for handlers that inspect the exception itself.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


# Database drivers log statements with their parameters at DEBUG/INFO: answers and names that
# no pattern can recognise. They are held at WARNING whatever the root level is.
DRIVER_LOGGERS = ("aiosqlite", "sqlalchemy.engine", "sqlalchemy.pool", "psycopg")


def install_redaction(logger: logging.Logger | None = None) -> None:
    """Attach the filter to every handler of the root logger (and uvicorn's own)."""
    for name in DRIVER_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    targets = [logger] if logger else [logging.getLogger(), *(logging.getLogger(n) for n in ("uvicorn", "uvicorn.access", "uvicorn.error"))]
    for target in targets:
        for handler in target.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("blankett").setLevel(settings.log_level)
    install_redaction()
