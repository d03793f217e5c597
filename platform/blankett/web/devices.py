"""A rough description of a browser from its User-Agent ("Firefox, Linux"), for "My sessions".

Only the browser family and the system are kept: enough for a person to tell their phone from
their computer, too little to follow anyone by (no versions, no address).
"""

from __future__ import annotations

import re

# First match wins: Edge and Opera also say Chrome, Chrome also says Safari.
_BROWSERS = (
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
)
_SYSTEMS = (
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Android", r"Android"),
    ("Windows", r"Windows"),
    ("ChromeOS", r"CrOS"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("Linux", r"Linux|X11"),
)


def describe_device(user_agent: str | None) -> str:
    """A rough description of the browser and system, or "" when the User-Agent says neither."""
    agent = user_agent or ""
    found = (
        next((name for name, rule in table if re.search(rule, agent)), "") for table in (_BROWSERS, _SYSTEMS)
    )
    return ", ".join(name for name in found if name)
