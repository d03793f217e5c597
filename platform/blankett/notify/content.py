"""What a notification says, by the case's classification and the person's language.

The policy control ``notification_content`` (true only at confidentiality 0 in the shipped
policy) decides: with it an e-mail may quote the message, completion request or decision and
name the new status; without it every e-mail says only that there is news in the case and where
to log in to read it. An SMS never carries content, whatever the level: it is the pointer.
Texts are in the person's preferred language first, then in the other one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The status names a citizen sees on the case page (web/texts.py "status_*").
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "received": ("Inkommen", "Received"),
    "registered": ("Registrerad", "Registered"),
    "in_progress": ("Under handläggning", "In progress"),
    "waiting": ("Komplettering begärd", "Waiting for you"),
    "decided": ("Beslut fattat", "Decided"),
    "closed": ("Avslutad", "Closed"),
    "withdrawn": ("Återkallad", "Withdrawn"),
}
_OTHER_LANGUAGE = ("-- In English --", "-- På svenska --")


@dataclass(frozen=True)
class CaseNews:
    """What happened, as far as the notification may need it; ``text`` None when it may not quote."""

    kind: str  # status, message, completion_request, decision
    reference: str
    link: str  # <base_url>/arenden/<public_id>
    status: str
    text: str | None = None
    due: date | None = None


@dataclass(frozen=True)
class Written:
    subject: str
    body: str


def _pointer(news: CaseNews, lang: int) -> list[str]:
    if lang == 0:
        return [
            f"Du har fått ett nytt meddelande i ärende {news.reference}. "
            f"Logga in på {news.link} för att läsa det."
        ]
    return [f"You have a new message in case {news.reference}. Log in at {news.link} to read it."]


def _quoted(news: CaseNews, lang: int) -> list[str]:
    ref, status = news.reference, STATUS_NAMES.get(news.status, (news.status, news.status))[lang]
    heading = {
        "message": (
            "Du har fått ett nytt meddelande i ärende {ref}:",
            "You have a new message in case {ref}:",
        ),
        "completion_request": (
            "Handläggaren ber dig komplettera ärende {ref}:",
            "The case officer asks you to complete case {ref}:",
        ),
        "decision": ("Det har fattats ett beslut i ärende {ref}:", "A decision has been made in case {ref}:"),
    }.get(news.kind)
    if heading is None or news.text is None:
        lines = [
            (f"Ärende {ref} har nu status: {status}.", f"Case {ref} now has the status: {status}.")[lang]
        ]
    else:
        lines = [heading[lang].format(ref=ref), "", news.text.strip(), ""]
        if news.due is not None:
            lines.append(
                (f"Svara senast {news.due.isoformat()}.", f"Please answer by {news.due.isoformat()}.")[lang]
            )
    lines.append((f"Se hela ärendet på {news.link}", f"See the whole case at {news.link}")[lang])
    return lines


def case_email(news: CaseNews, language: str, quote: bool) -> Written:
    """The e-mail about ``news``; ``quote``: the case's controls allow notification content."""
    first = 1 if language == "en" else 0
    write = _quoted if quote else _pointer
    subject = (f"Nytt i ärende {news.reference}", f"News in case {news.reference}")[first]
    return Written(subject, _both(write(news, first), write(news, 1 - first), first))


def case_sms(news: CaseNews, language: str) -> str:
    """An SMS: the pointer only, in the preferred language."""
    return _pointer(news, 1 if language == "en" else 0)[0]


def verification_email(link: str, hours: int, language: str) -> Written:
    first = 1 if language == "en" else 0
    texts = (
        [
            "Du har angett den här e-postadressen för aviseringar om dina ärenden.",
            f"Bekräfta adressen genom att öppna länken inom {hours} timmar:",
            "",
            link,
            "",
            "Har du inte angett adressen själv kan du bortse från det här meddelandet.",
        ],
        [
            "You gave this e-mail address for notifications about your cases.",
            f"Confirm the address by opening the link within {hours} hours:",
            "",
            link,
            "",
            "If you did not give the address yourself, you can ignore this message.",
        ],
    )
    subject = ("Bekräfta din e-postadress", "Confirm your e-mail address")[first]
    return Written(subject, _both(texts[first], texts[1 - first], first))


def _both(first: list[str], second: list[str], first_lang: int) -> str:
    return "\n".join([*first, "", _OTHER_LANGUAGE[first_lang], "", *second]) + "\n"
