"""Envelope encryption of personal data at rest (AES-256-GCM).

Each sealed row (a case, a draft, an upload not yet filed) gets its own random 256-bit data
key. The data is encrypted with it, and the data key is stored wrapped by the active master
key. A row keeps three columns:

  ``key_id``       id of the master key that wraps the data key
  ``wrapped_key``  base64url(nonce ‖ AES-GCM(master key, data key)),
                   associated data ``blankett/data-key/v1|<key id>|<binding>``
  ``sealed``       ``v1:`` + base64url(nonce ‖ AES-GCM(data key, JSON)),
                   associated data ``blankett/sealed/v1|<binding>``

A file's bytes are sealed the same way but stay bytes (``seal_bytes``: nonce ‖ ciphertext,
associated data ``blankett/sealed-bytes/v1|<binding>``).

The binding names the row (``case:<reference>``, ``draft:<id>``, ``upload:<id>``, a person's
contact details ``person:<id>`` and identity number ``person-number:<id>``), so ciphertext
copied onto another row does not open. Rotation re-wraps only the data key; the sealed data
stays as it is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import ProtectedDataError
from .keyring import KEY_BYTES, NONCE_BYTES, Keyring, b64decode, b64encode

FORMAT = "v1"


@dataclass(frozen=True)
class Sealed:
    key_id: str
    wrapped_key: str
    sealed: str


def _data_ad(binding: str) -> bytes:
    return f"blankett/sealed/{FORMAT}|{binding}".encode()


def seal(keyring: Keyring, data: dict[str, Any], binding: str) -> Sealed:
    """Encrypt ``data`` (JSON-able) under a fresh data key wrapped by the active master key."""
    data_key = secrets.token_bytes(KEY_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    plaintext = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    ciphertext = AESGCM(data_key).encrypt(nonce, plaintext, _data_ad(binding))
    key_id, wrapped = keyring.wrap(data_key, binding)
    return Sealed(key_id, wrapped, f"{FORMAT}:{b64encode(nonce + ciphertext)}")


def unseal(keyring: Keyring, sealed: Sealed, binding: str) -> dict[str, Any]:
    """The data ``seal`` was given. Raises ``ProtectedDataError`` when it cannot be opened."""
    version, _, body = sealed.sealed.partition(":")
    if version != FORMAT:
        raise ProtectedDataError(
            f"Sealed data of {binding} has format {version!r}; this version reads {FORMAT!r}."
        )
    data_key = keyring.unwrap(sealed.key_id, sealed.wrapped_key, binding)
    raw = b64decode(body)
    try:
        plaintext = AESGCM(data_key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _data_ad(binding))
    except InvalidTag as exc:
        raise ProtectedDataError(
            f"The sealed data of {binding} was altered or belongs to another row."
        ) from exc
    data = json.loads(plaintext)
    if not isinstance(data, dict):
        raise ProtectedDataError(f"The sealed data of {binding} is not an object.")
    return data


@dataclass(frozen=True)
class SealedBytes:
    key_id: str
    wrapped_key: str
    content: bytes  # nonce ‖ AES-GCM(data key, bytes)


def _bytes_ad(binding: str) -> bytes:
    return f"blankett/sealed-bytes/{FORMAT}|{binding}".encode()


def seal_bytes(keyring: Keyring, data: bytes, binding: str) -> SealedBytes:
    """Encrypt a file's bytes under a fresh data key wrapped by the active master key."""
    data_key = secrets.token_bytes(KEY_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(data_key).encrypt(nonce, data, _bytes_ad(binding))
    key_id, wrapped = keyring.wrap(data_key, binding)
    return SealedBytes(key_id, wrapped, nonce + ciphertext)


def unseal_bytes(keyring: Keyring, sealed: SealedBytes, binding: str) -> bytes:
    data_key = keyring.unwrap(sealed.key_id, sealed.wrapped_key, binding)
    try:
        return AESGCM(data_key).decrypt(sealed.content[:NONCE_BYTES], sealed.content[NONCE_BYTES:], _bytes_ad(binding))
    except InvalidTag as exc:
        raise ProtectedDataError(f"The sealed file of {binding} was altered or belongs to another row.") from exc


def rewrap(keyring: Keyring, key_id: str, wrapped_key: str, binding: str) -> tuple[str, str]:
    """The same data key, wrapped by the active master key instead: ``(key id, wrapped key)``."""
    return keyring.wrap(keyring.unwrap(key_id, wrapped_key, binding), binding)


def blind_index(secret: str, purpose: bytes, value: str) -> str:
    """Keyed hash (HMAC-SHA-256) of ``value`` under a key derived from ``secret`` for ``purpose``,
    so a personal value can be looked up without being stored, and one purpose's index says
    nothing about another's. Stored values depend on it: never change the derivation."""
    key = hmac.new(secret.encode(), purpose, hashlib.sha256).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
