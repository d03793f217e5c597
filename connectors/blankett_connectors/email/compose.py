"""The message a handler receives: the whole case at confidentiality 0, otherwise only a pointer."""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    _LOCAL: tzinfo = ZoneInfo("Europe/Stockholm")
except (ImportError, ZoneInfoNotFoundError):  # pragma: no cover - a system without time zone data
    _LOCAL = UTC

# A key that fits a Message-ID as it is (the platform's are URL-safe tokens) stays readable, so an
# operator can find the message by the delivery's key; any other key is hashed.
_DASH = "\N{EN DASH}"
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


@dataclass(frozen=True)
class Addressing:
    """Who the message is from and to, and how it is labelled."""

    sender: str
    recipient: str
    subject_prefix: str = ""
    link_base_url: str | None = None


def message_id(idempotency_key: str, sender: str) -> str:
    """``<blankett.KEY@sender-domain>``: the same for every attempt at one delivery."""
    token = (
        idempotency_key
        if _SAFE_KEY.match(idempotency_key)
        else hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()
    )
    domain = sender.rpartition("@")[2].lower() or "blankett.invalid"
    return f"<blankett.{token}@{domain}>"


def case_link(link_base_url: str | None, reference: str) -> str | None:
    return None if not link_base_url else link_base_url + quote(reference, safe="")


def compose(
    envelope: Mapping[str, Any], level: int, addressing: Addressing, idempotency_key: str
) -> EmailMessage:
    """The message for one case; ``level`` is its confidentiality (0 carries the whole case)."""
    case, service = envelope["case"], envelope["service"]
    reference = str(case["reference"])
    title = service.get("title") or {}
    message = _message(addressing, reference, str(title.get("sv") or service["id"]), idempotency_key)
    link = case_link(addressing.link_base_url, reference)
    if level == 0:
        message.set_content(_full_text(envelope, link), charset="utf-8")
        body = (json.dumps(envelope, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        message.add_attachment(body, maintype="application", subtype="json", filename=f"{reference}.json")
    else:
        message.set_content(_pointer_text(envelope, level, link), charset="utf-8")
    return message


def _message(addressing: Addressing, reference: str, what: str, idempotency_key: str) -> EmailMessage:
    """An empty message with the headers every mail to the handler mailbox has."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = f"{addressing.subject_prefix}{reference} {_DASH} {what}"
    message["From"] = addressing.sender
    message["To"] = addressing.recipient
    message["Date"] = email.utils.format_datetime(datetime.now(UTC))
    message["Message-ID"] = message_id(idempotency_key, addressing.sender)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to us
    message["Content-Language"] = "sv, en"
    message["X-Blankett-Reference"] = reference
    return message


def _heading(envelope: Mapping[str, Any], link: str | None) -> tuple[list[str], list[str]]:
    case, service = envelope["case"], envelope["service"]
    title = service.get("title") or {}
    received = _local_time(str(case["submittedAt"]))
    sv = [
        f"Ett nytt ärende har kommit in via e-tjänsten {title.get('sv') or service['id']}.",
        "",
        f"Referens: {case['reference']}",
        f"Inkom: {received}",
    ]
    en = [
        f"A new case has arrived through the e-service {title.get('en') or service['id']}.",
        "",
        f"Reference: {case['reference']}",
        f"Received: {received}",
    ]
    if link:
        sv.append(f"Länk: {link}")
        en.append(f"Link: {link}")
    return sv, en


def _full_text(envelope: Mapping[str, Any], link: str | None) -> str:
    sv, en = _heading(envelope, link)
    submitter = envelope.get("submitter")
    name = _name(submitter)
    sv.append(f"Inlämnat av: {name}" if name else "Inlämnat utan inloggning")
    en.append(f"Submitted by: {name}" if name else "Submitted without logging in")
    reference = envelope["case"]["reference"]
    sv += ["", "Svar / Answers", "--------------", answers_as_text(envelope.get("answers") or {}), ""]
    sv.append(f"Hela ärendet finns i den bifogade filen {reference}.json.")
    en += ["", f"The answers are listed above; the whole case is in the attached file {reference}.json."]
    return "\n".join([*sv, "", "-- English --", "", *en]) + "\n"


def _pointer_text(envelope: Mapping[str, Any], level: int, link: str | None) -> str:
    sv, en = _heading(envelope, link)
    where_sv = "via länken eller i ärendesystemet" if link else "i ärendesystemet"
    where_en = "through the link or in the case system" if link else "in the case system"
    sv += [
        "",
        f"Ärendet är klassat med konfidentialitet {level}, så innehållet skickas inte med e-post. "
        f"Öppna det {where_sv}.",
    ]
    en += [
        "",
        f"The case is rated confidentiality {level}, so its content is not sent by e-mail. "
        f"Open it {where_en}.",
    ]
    return "\n".join([*sv, "", "-- English --", "", *en]) + "\n"


def _name(submitter: Any) -> str:
    if not isinstance(submitter, Mapping):
        return ""
    parts = [submitter.get("givenName"), submitter.get("familyName")]
    return " ".join(str(part) for part in parts if part)


def _local_time(timestamp: str) -> str:
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return timestamp
    return moment.astimezone(_LOCAL).strftime("%Y-%m-%d %H:%M %Z")


def answers_as_text(answers: Mapping[str, Any]) -> str:
    """The answers as indented ``key: value`` lines, nested objects and lists included."""
    return "\n".join(_lines(answers, "")) or "(inga svar / no answers)"


def _lines(value: Mapping[str, Any], pad: str) -> list[str]:
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, Mapping):
            lines += [f"{pad}{key}:", *_lines(item, pad + "  ")]
        elif isinstance(item, list):
            lines.append(f"{pad}{key}:")
            for element in item:
                if isinstance(element, Mapping):
                    nested = _lines(element, pad + "    ")
                    lines += [f"{pad}  - {nested[0].lstrip()}", *nested[1:]] if nested else [f"{pad}  -"]
                else:
                    lines.append(f"{pad}  - {_scalar(element, pad + '    ')}")
        else:
            lines.append(f"{pad}{key}: {_scalar(item, pad + '  ')}")
    return lines


def _scalar(value: Any, pad: str) -> str:
    if value is None:
        return _DASH
    if isinstance(value, bool):
        return "ja / yes" if value else "nej / no"
    return str(value).replace("\r\n", "\n").replace("\n", "\n" + pad)


_RECORD_TITLES = {
    "citizen_message": ("Nytt meddelande från den sökande", "New message from the applicant"),
    "completion_answer": ("Komplettering från den sökande", "Completion from the applicant"),
    "withdrawal": ("Den sökande har återkallat ärendet", "The applicant has withdrawn the case"),
}


def compose_record(
    record: Mapping[str, Any], level: int, addressing: Addressing, idempotency_key: str
) -> EmailMessage:
    """The message for a later record of a case: its text only at confidentiality 0, and files
    never (they are fetched from the platform, where access is checked and audited)."""
    reference = str(record["case"]["reference"])
    added = record["record"]
    sv_title, en_title = _RECORD_TITLES.get(str(added["kind"]), ("Ny handling", "New record"))
    message = _message(addressing, reference, sv_title, idempotency_key)
    link = case_link(addressing.link_base_url, reference)
    sv = [f"{sv_title} i ärende {reference}, {_local_time(str(added['at']))}."]
    en = [f"{en_title} in case {reference}, {_local_time(str(added['at']))}."]
    if link:
        sv.append(f"Ärendet: {link}")
        en.append(f"The case: {link}")
    files = len(added.get("attachments") or [])
    if files:
        sv.append(f"Bifogade filer: {files} (hämtas i ärendesystemet).")
        en.append(f"Attached files: {files} (fetch them in the case system).")
    if level == 0 and added.get("text"):
        sv += ["", str(added["text"])]
    elif added.get("text"):
        sv += ["", f"Ärendet är klassat med konfidentialitet {level}, så texten skickas inte med e-post."]
        en += ["", f"The case is rated confidentiality {level}, so the text is not sent by e-mail."]
    message.set_content("\n".join([*sv, "", "-- English --", "", *en]) + "\n", charset="utf-8")
    return message
