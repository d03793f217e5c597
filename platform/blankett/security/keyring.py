"""Master keys: several, each with an id, one active. They only wrap data keys (envelope encryption).

Where they come from, first match wins:
  * the setting ``master_keys`` (``BLANKETT_MASTER_KEYS=k1:<base64 32 bytes>,k2:...``);
  * the key file named by ``master_key_file`` (the same ``id:key`` entries, one a line);
  * in development only, ``var_dir/master_keys``, generated once.
``active_master_key`` picks the key new data keys are wrapped with; it may be left empty when
there is only one key. Rotation: add a new key, make it active, run ``blankett keys rotate``,
and drop the old key once ``blankett keys status`` shows no data under it.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import ConfigurationError, ProtectedDataError

if TYPE_CHECKING:
    from ..db import Database
    from ..settings import Settings

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
GENERATED_KEY_FILE = "master_keys"


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64decode(text: str) -> bytes:
    text = text.strip().replace("+", "-").replace("/", "_")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key_entry(key_id: str) -> str:
    """A fresh ``id:key`` entry for ``BLANKETT_MASTER_KEYS`` or a key file."""
    return f"{key_id}:{b64encode(secrets.token_bytes(KEY_BYTES))}"


def parse_keys(text: str, where: str) -> dict[str, bytes]:
    """``id:key`` entries separated by commas or lines; ``#`` starts a comment."""
    keys: dict[str, bytes] = {}
    lines = (line.split("#", 1)[0] for line in text.splitlines())
    for entry in (part.strip() for line in lines for part in line.split(",")):
        if not entry:
            continue
        key_id, _, encoded = entry.partition(":")
        key_id = key_id.strip()
        if not _KEY_ID.match(key_id) or not encoded:
            raise ConfigurationError(
                f"{where}: write each master key as id:<base64 of 32 bytes>, e.g. k1:..."
            )
        try:
            key = b64decode(encoded)
        except (binascii.Error, ValueError) as exc:
            raise ConfigurationError(f"{where}: master key {key_id!r} is not valid base64.") from exc
        if len(key) != KEY_BYTES:
            raise ConfigurationError(
                f"{where}: master key {key_id!r} must be {KEY_BYTES} bytes, not {len(key)}."
            )
        if key_id in keys:
            raise ConfigurationError(f"{where}: master key id {key_id!r} appears twice.")
        keys[key_id] = key
    return keys


@dataclass(frozen=True)
class Keyring:
    """The master keys and which one is active. ``repr`` never shows a key."""

    keys: dict[str, bytes]
    active: str

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise ConfigurationError(
                f"active_master_key {self.active!r} is not among the master keys ({', '.join(self.keys)})."
            )

    def __repr__(self) -> str:
        return f"Keyring(ids={sorted(self.keys)}, active={self.active!r})"

    @classmethod
    def generate(cls, key_id: str = "k1") -> Keyring:
        """A keyring with one fresh key (tests, first start in development)."""
        return cls({key_id: secrets.token_bytes(KEY_BYTES)}, key_id)

    def wrap(self, data_key: bytes, binding: str) -> tuple[str, str]:
        """Encrypt ``data_key`` under the active master key: ``(key id, wrapped key)``."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        wrapped = AESGCM(self.keys[self.active]).encrypt(nonce, data_key, _wrap_ad(self.active, binding))
        return self.active, b64encode(nonce + wrapped)

    def unwrap(self, key_id: str, wrapped: str, binding: str) -> bytes:
        if key_id not in self.keys:
            raise ProtectedDataError(
                f"Data is sealed under master key {key_id!r}, which is not configured. Add it back to "
                "master_keys (or the key file) until `blankett keys rotate` has re-wrapped everything."
            )
        raw = b64decode(wrapped)
        try:
            return AESGCM(self.keys[key_id]).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _wrap_ad(key_id, binding)
            )
        except InvalidTag as exc:
            raise ProtectedDataError(
                f"The data key of {binding} does not open with master key {key_id!r}: "
                "the row was altered or the key is not the one it was sealed with."
            ) from exc


def _wrap_ad(key_id: str, binding: str) -> bytes:
    # Binding the row to the wrapped key: a data key copied onto another row does not open.
    return f"blankett/data-key/v1|{key_id}|{binding}".encode()


def keyring_from_settings(settings: Settings) -> Keyring:
    """The keyring the settings describe; in development, generate one into var_dir on first use."""
    if settings.master_keys and settings.master_key_file:
        raise ConfigurationError("Set either master_keys or master_key_file, not both.")
    if settings.master_keys:
        keys = parse_keys(settings.master_keys, "BLANKETT_MASTER_KEYS")
    elif settings.master_key_file:
        keys = parse_keys(_read_key_file(Path(settings.master_key_file)), settings.master_key_file)
    elif settings.production:
        raise ConfigurationError(
            "Refusing to start: production needs master keys from the environment "
            "(BLANKETT_MASTER_KEYS and BLANKETT_ACTIVE_MASTER_KEY) or a key file (master_key_file), "
            "not ones generated into var_dir."
        )
    else:
        path = settings.var_dir / GENERATED_KEY_FILE
        keys = parse_keys(_generated_key_file(path), str(path))
    if not keys:
        raise ConfigurationError("No master keys given: set master_keys or master_key_file.")
    active = settings.active_master_key
    if not active:
        if len(keys) > 1:
            raise ConfigurationError(
                f"Several master keys ({', '.join(keys)}): "
                "set active_master_key to the one new data is sealed with."
            )
        active = next(iter(keys))
    return Keyring(keys, active)


def _read_key_file(path: Path) -> str:
    try:
        return path.read_text()
    except OSError as exc:
        raise ConfigurationError(f"Cannot read the master key file {path}: {exc.strerror}.") from exc


def _generated_key_file(path: Path) -> str:
    if path.exists():
        return path.read_text()
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = new_key_entry("k1") + "\n"
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text()
    with os.fdopen(fd, "w") as fh:
        fh.write(entry)
    return entry


# The keyring that protects the data in each database, set where the database is opened
# (create_app, the worker and key commands), so the code that stores and reads case data
# finds it through the Database it already has.
_BOUND: weakref.WeakKeyDictionary[Database, Keyring] = weakref.WeakKeyDictionary()


def bind_keyring(db: Database, keyring: Keyring) -> None:
    _BOUND[db] = keyring


def bound_keyring(db: Database) -> Keyring | None:
    """The keyring bound to ``db``, or None (fine as long as nothing sealed is read or written)."""
    return _BOUND.get(db)


def keyring_for(db: Database) -> Keyring:
    keyring = _BOUND.get(db)
    if keyring is None:
        raise ConfigurationError(
            "No master keys are bound to this database; call blankett.security.bind_keyring(db, keyring) "
            "where the database is opened."
        )
    return keyring
