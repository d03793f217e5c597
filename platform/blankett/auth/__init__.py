"""Login through OpenID Connect: the relying party, the person it yields, levels of assurance."""

from .identity import Identity
from .loa import LOA2, LOA3, LOA4, known_loa_uris, loa_rank, loa_uri
from .oidc import OidcClient

__all__ = ["LOA2", "LOA3", "LOA4", "Identity", "OidcClient", "known_loa_uris", "loa_rank", "loa_uri"]
