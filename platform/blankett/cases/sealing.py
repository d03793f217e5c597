"""Seal what is added to a case later (handler messages, decisions, documents) like its answers.

A case whose answers are sealed (blankett.security) has its own data key, wrapped by a master
key. The parts added later are encrypted under that same data key, so they share its fate:
``blankett keys rotate`` re-wraps the one key and they stay readable, and the retention purge,
which drops the key with the answers, leaves them unreadable too. A case that is not sealed
keeps its parts in plain form.

Format: ``v1:`` + base64url(nonce ‖ AES-GCM(data key, bytes)), associated data
``blankett/case-part/v1|case:<reference>|<part>``, where the part names the event text or
document, so a sealed part copied elsewhere does not open.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..db import Case
from ..errors import ConfigurationError, ProtectedDataError
from ..security import Keyring
from ..security.keyring import NONCE_BYTES, b64decode, b64encode
from ..security.protection import case_binding

FORMAT = "v1"


def is_sealed(case: Case) -> bool:
    """Whether parts added to ``case`` are to be sealed: exactly when its answers are."""
    return case.sealed is not None and case.key_id is not None and case.wrapped_key is not None


def _data_key(case: Case, keyring: Keyring | None) -> bytes:
    if keyring is None:
        raise ConfigurationError(f"Case {case.reference} is encrypted at rest but no master keys are configured here.")
    assert case.key_id is not None and case.wrapped_key is not None
    return keyring.unwrap(case.key_id, case.wrapped_key, case_binding(case.reference))


def _ad(case: Case, part: str) -> bytes:
    return f"blankett/case-part/{FORMAT}|{case_binding(case.reference)}|{part}".encode()


def seal_part(case: Case, keyring: Keyring | None, part: str, data: bytes) -> bytes:
    """``data`` encrypted under the case's data key; ``case`` must be sealed (``is_sealed``)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(_data_key(case, keyring)).encrypt(nonce, data, _ad(case, part))


def open_part(case: Case, keyring: Keyring | None, part: str, sealed: bytes) -> bytes:
    try:
        return AESGCM(_data_key(case, keyring)).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _ad(case, part))
    except InvalidTag as exc:
        raise ProtectedDataError(f"The sealed {part} of case {case.reference} was altered or moved.") from exc


def seal_text(case: Case, keyring: Keyring | None, text: str) -> dict[str, str]:
    """What a timeline event stores for ``text``: plain, or sealed when the case is."""
    if not is_sealed(case):
        return {"text": text}
    text_id = secrets.token_urlsafe(12)
    sealed = seal_part(case, keyring, f"text:{text_id}", text.encode())
    return {"text_id": text_id, "sealed_text": f"{FORMAT}:{b64encode(sealed)}"}


def open_text(case: Case, keyring: Keyring | None, data: dict[str, object]) -> str | None:
    """The text ``seal_text`` stored in ``data``; None when there is none or the case was purged."""
    if isinstance(data.get("text"), str):
        return str(data["text"])
    sealed, text_id = data.get("sealed_text"), data.get("text_id")
    if not isinstance(sealed, str) or not isinstance(text_id, str) or not is_sealed(case):
        return None
    version, _, body = sealed.partition(":")
    if version != FORMAT:
        raise ProtectedDataError(f"A sealed text of case {case.reference} has format {version!r}; this version reads {FORMAT!r}.")
    return open_part(case, keyring, f"text:{text_id}", b64decode(body)).decode()
