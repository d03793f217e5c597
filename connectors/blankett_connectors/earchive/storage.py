"""Put a package folder into the delivery directory whole, or not at all.

The files are written into a hidden temporary folder beside the final one (same file system),
each flushed to disk, and the folder is then renamed to ``<reference>``: a reader of the
directory sees either no package or a complete one. A package that is already there with the
same case in it is left alone; one with an older version of the case is swapped out (old folder
renamed away, new one renamed in, old one removed).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

_HIDDEN_SUFFIXES = (".tmp", ".old")


def package_is_current(final: Path, marker: str, expected: bytes) -> bool:
    """Whether ``final`` is a finished package whose ``marker`` file holds ``expected``."""
    try:
        return (final / "METS.xml").is_file() and (final / marker).read_bytes() == expected
    except (FileNotFoundError, NotADirectoryError):
        return False


def write_package(final: Path, files: Mapping[str, bytes], file_mode: int) -> None:
    """Write ``files`` (relative path -> bytes) as the folder ``final``, atomically."""
    directory = final.parent
    directory.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(directory, final.name)
    temporary = directory / f".{final.name}.{secrets.token_hex(6)}.tmp"
    folder_mode = _folder_mode(file_mode)
    try:
        _make_folder(temporary, folder_mode)
        for relative, content in files.items():
            _write_file(temporary, relative, content, file_mode, folder_mode)
        _sync_tree(temporary)
        _swap_in(temporary, final)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    _fsync(directory)


def _write_file(root: Path, relative: str, content: bytes, file_mode: int, folder_mode: int) -> None:
    path = root / relative
    for folder in reversed(path.relative_to(root).parents[:-1]):
        if not (root / folder).is_dir():
            _make_folder(root / folder, folder_mode)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fchmod(handle.fileno(), file_mode)  # the umask must not loosen or tighten it
        os.fsync(handle.fileno())


def _sync_tree(root: Path) -> None:
    # New folder entries live in their parents: flush every folder of the package, deepest first.
    for folder, _, _ in sorted(os.walk(root), key=lambda entry: -len(entry[0])):
        _fsync(Path(folder))


def _swap_in(temporary: Path, final: Path) -> None:
    if not final.exists():
        os.rename(temporary, final)
        return
    retired = final.parent / f".{final.name}.{secrets.token_hex(6)}.old"
    os.rename(final, retired)
    try:
        os.rename(temporary, final)
    except OSError:
        os.rename(retired, final)  # put the previous package back rather than leave none
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _remove_leftovers(directory: Path, name: str) -> None:
    # A worker that died mid-delivery leaves a hidden half-written (or retired) folder behind.
    for leftover in directory.glob(f".{name}.*"):
        if leftover.name.endswith(_HIDDEN_SUFFIXES) and leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


def _make_folder(path: Path, mode: int) -> None:
    path.mkdir()
    os.chmod(path, mode)  # mkdir's mode is filtered by the umask


def _folder_mode(file_mode: int) -> int:
    # Whoever may read a file may also list and enter its folder.
    return 0o700 | file_mode | ((file_mode & 0o044) >> 2)


def _fsync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
