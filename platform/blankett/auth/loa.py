"""Levels of assurance (LoA) as one ordered scale.

Providers name a level with a URI in the ``acr`` claim; the platform compares them by rank.
The table is the single place that knows the URIs: add a row for a new framework and
everything that compares levels follows. Within one rank, the first row is the URI the
platform asks for (Svensk e-legitimation); the others are accepted at the same rank.

eIDAS levels (a foreign eID through Sweden Connect, or the EU's own URIs) sit on the same
scale: low beside loa2, substantial beside loa3, high beside loa4. That is how Digg's trust
framework lines them up; it is a policy choice, so it lives here and nowhere else.
"""

from __future__ import annotations

_SE = "http://id.elegnamnden.se/loa/1.0/"
_EU = "http://eidas.europa.eu/LoA/"

# Svensk e-legitimation (Digg's trust framework).
LOA2 = _SE + "loa2"
LOA3 = _SE + "loa3"
LOA4 = _SE + "loa4"
# eIDAS as Sweden Connect names it: any foreign eID, and one from a notified scheme ("nf").
EIDAS_LOW = _SE + "eidas-low"
EIDAS_SUBSTANTIAL = _SE + "eidas-sub"
EIDAS_HIGH = _SE + "eidas-high"
EIDAS_NF_LOW = _SE + "eidas-nf-low"
EIDAS_NF_SUBSTANTIAL = _SE + "eidas-nf-sub"
EIDAS_NF_HIGH = _SE + "eidas-nf-high"
# eIDAS as the EU names it.
EU_LOW = _EU + "low"
EU_SUBSTANTIAL = _EU + "substantial"
EU_HIGH = _EU + "high"

# Lowest rank first; within a rank, the URI to request first.
LOA_TABLE: tuple[tuple[str, int], ...] = (
    (LOA2, 2),
    (EIDAS_LOW, 2),
    (EIDAS_NF_LOW, 2),
    (EU_LOW, 2),
    (LOA3, 3),
    (EIDAS_SUBSTANTIAL, 3),
    (EIDAS_NF_SUBSTANTIAL, 3),
    (EU_SUBSTANTIAL, 3),
    (LOA4, 4),
    (EIDAS_HIGH, 4),
    (EIDAS_NF_HIGH, 4),
    (EU_HIGH, 4),
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
    """The URIs the platform requests, one per rank, lowest first (what a provider should offer)."""
    return [loa_uri(rank) for rank in sorted(set(_RANKS.values()))]


def all_loa_uris() -> list[str]:
    """Every URI the platform understands, lowest rank first."""
    return [uri for uri, _ in LOA_TABLE]


def loa_uris_at_least(rank: int) -> list[str]:
    """Every URI of ``rank`` or higher, in table order: the levels that satisfy ``rank``."""
    return [uri for uri, value in LOA_TABLE if value >= rank]
