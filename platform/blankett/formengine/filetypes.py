"""File types the platform accepts, told apart by their content, and safe file names.

A file's type is read from its first bytes (its "magic"), never from its name or the
Content-Type the browser sent: a text file named ``intyg.pdf`` is not a PDF. Office documents
are ZIP archives; only their table of contents is read (never decompressed beyond the short
``mimetype`` entry of an OpenDocument file), so a ZIP bomb costs nothing.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from .texts import Text, pair

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
NAME_LIMIT = 120  # characters; long enough for real names, short enough for every file system
FALLBACK_NAME = "fil"


@dataclass(frozen=True)
class FileType:
    label: str  # how people name it: "PDF", "JPG"
    extensions: tuple[str, ...]  # the first is added to a name that lacks a fitting one


FILE_TYPES: dict[str, FileType] = {
    "application/pdf": FileType("PDF", (".pdf",)),
    "image/jpeg": FileType("JPG", (".jpg", ".jpeg")),
    "image/png": FileType("PNG", (".png",)),
    "image/gif": FileType("GIF", (".gif",)),
    "image/webp": FileType("WebP", (".webp",)),
    "image/heic": FileType("HEIC", (".heic", ".heif")),
    DOCX: FileType("Word (DOCX)", (".docx",)),
    ODT: FileType("OpenDocument (ODT)", (".odt",)),
}
FAMILIES: dict[str, tuple[str, ...]] = {
    "image/*": tuple(t for t in FILE_TYPES if t.startswith("image/")),
}
DEFAULT_ACCEPT = ("application/pdf", "image/jpeg", "image/png")
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_OR: Text = pair("eller", "or")


def media_types(accept: Iterable[str]) -> tuple[str, ...]:
    """``accept`` with families (``image/*``) spelt out, in order, without repeats."""
    found: list[str] = []
    for entry in accept:
        found.extend(FAMILIES.get(entry, (entry,)))
    return tuple(dict.fromkeys(found))


def labels(accept: Iterable[str], lang: str) -> str:
    """"PDF, JPG eller PNG"."""
    names = list(dict.fromkeys(FILE_TYPES[t].label for t in media_types(accept) if t in FILE_TYPES))
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {_OR[lang] if lang in _OR else _OR['sv']} {names[-1]}"


def accept_attribute(accept: Iterable[str]) -> str:
    """The ``accept`` of ``<input type="file">``: media types and extensions (pickers use both)."""
    parts: list[str] = []
    for media_type in media_types(accept):
        parts.append(media_type)
        parts.extend(FILE_TYPES[media_type].extensions if media_type in FILE_TYPES else ())
    return ",".join(parts)


def sniff(content: bytes) -> str | None:
    """The media type the content shows, or ``None`` when it is none of :data:`FILE_TYPES`."""
    head = content[:16]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if head.startswith(b"PK\x03\x04"):
        return _office(content)
    return None


def _office(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    declared = entry.read(100).strip()
                return ODT if declared == ODT.encode() else None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError):
        return None
    return None


_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')


def sanitise_name(name: str, media_type: str | None = None) -> str:
    """A file name safe to store, show and offer for download.

    No folders (the last part of a Windows or Unix path), no control or invisible formatting
    characters (a right-to-left override could make ``gpj.exe`` read as ``exe.jpg``), none of
    the characters Windows forbids, at most :data:`NAME_LIMIT` characters with the extension
    kept, composed Unicode (macOS sends "å" as "a" plus a ring), and an extension that fits the
    content. Letters such as å, ä and ö stay as they are.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = _FORBIDDEN.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem, extension = name, ""
    extension = f".{extension}" if extension else ""
    known = FILE_TYPES.get(media_type or "")
    if known is not None and extension.lower() not in known.extensions:
        stem, extension = name, known.extensions[0]
    stem = stem[: NAME_LIMIT - len(extension)].rstrip(" .") if len(extension) < NAME_LIMIT else ""
    return (stem or FALLBACK_NAME) + extension[:NAME_LIMIT]
