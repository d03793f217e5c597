"""The provider's RSA signing key: generated once into var_dir, reused afterwards."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from joserfc.jwk import RSAKey

KEY_FILE = "test-idp-key.pem"


def load_signing_key(var_dir: Path) -> RSAKey:
    """The key from ``var_dir/test-idp-key.pem``, creating it (mode 0600) on first use.

    Several processes may start at once (tests, a server and a CLI). The key is written to a
    private temporary file opened with O_EXCL and then hard-linked into place: the link fails
    if another process won, and a reader never sees a half-written file.
    """
    path = var_dir / KEY_FILE
    if not path.exists():
        _create(path)
    pem = path.read_bytes()
    thumbprint = RSAKey.import_key(pem).thumbprint()
    return RSAKey.import_key(pem, parameters={"kid": thumbprint, "use": "sig", "alg": "RS256"})


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = RSAKey.generate_key(2048).as_pem(private=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
