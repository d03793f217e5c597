"""Small helpers for writing the package's XML with the standard library's ElementTree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
ERMS = "https://DILCIS.eu/XML/ERMS"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# The prefixes the E-ARK profiles use in their examples; archivists read these files.
for _prefix, _uri in {"mets": METS, "xlink": XLINK, "csip": CSIP, "sip": SIP, "xsi": XSI}.items():
    ET.register_namespace(_prefix, _uri)


def q(namespace: str, name: str) -> str:
    """ElementTree's ``{namespace}name``; a plain ``name`` for the namespace ``""``."""
    return f"{{{namespace}}}{name}" if namespace else name


def sub(
    parent: ET.Element, namespace: str, tag: str, text: str | None = None, /, **attributes: str
) -> ET.Element:
    """Append ``<tag>`` with ``text`` and attributes (keys may be ``{ns}name``) to ``parent``."""
    element = ET.SubElement(parent, q(namespace, tag), attributes)
    if text is not None:
        element.text = text
    return element


def serialize(root: ET.Element) -> bytes:
    """UTF-8 bytes with an XML declaration, indented so people can read the file."""
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def timestamp(moment: datetime) -> str:
    """``xs:dateTime`` in UTC with a ``Z``, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
