"""Levels of assurance (LoA) as an ordered scale.

Providers name a level with a URI in the ``acr`` claim; the platform compares them by rank.
The table is the single place that knows the URIs: add a row for a new framework (eIDAS,
for instance) and everything that compares levels follows. Within one rank, the first row
is the URI the platform asks for.
"""

from __future__ import annotations

LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
LOA4 = "http://id.elegnamnden.se/loa/1.0/loa4"

# Svensk e-legitimation (Digg's trust framework), lowest first.
LOA_TABLE: tuple[tuple[str, int], ...] = (
    (LOA2, 2),
    (LOA3, 3),
    (LOA4, 4),
)

_RANKS: dict[str, int] = dict(LOA_TABLE)


def loa_rank(uri: str | None) -> int:
    """The rank of a level URI: 2, 3 or 4; 0 for an unknown or missing one."""
    return _RANKS.get(uri or "", 0)


def loa_uri(rank: int) -> str:
    """The URI to request for ``rank``. Raises ``ValueError`` for a rank the table lacks."""
    for uri, value in LOA_TABLE:
        if value == rank:
            return uri
    raise ValueError(f"no level of assurance with rank {rank}")


def known_loa_uris() -> list[str]:
    """Every URI in the table, lowest rank first."""
    return [uri for uri, _ in LOA_TABLE]
