"""Interface texts in Swedish and English. Form texts come from each form definition instead."""

from __future__ import annotations

LANGUAGES = ("sv", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "site_name": ("Exempelkommunens e-tjänster", "Example Municipality e-services"),
    "skip_to_content": ("Hoppa till innehållet", "Skip to main content"),
    "other_language": ("In English", "På svenska"),
    "other_language_code": ("en", "sv"),
    "login": ("Logga in", "Log in"),
    "logout": ("Logga ut", "Log out"),
    "logged_in_as": ("Inloggad som", "Logged in as"),
    "my_cases": ("Mina sidor", "My pages"),
    "catalogue_heading": ("E-tjänster", "E-services"),
    "catalogue_intro": (
        "Här kan du ansöka, anmäla och lämna synpunkter till kommunen. Du loggar in en gång med e-legitimation.",
        "Here you can apply, report and give feedback to the municipality. You log in once with an e-ID.",
    ),
    "no_services": ("Det finns inga e-tjänster just nu.", "There are no e-services at the moment."),
    "start_now": ("Starta e-tjänsten", "Start the e-service"),
    "what_you_need": ("Det här behöver du", "What you need"),
    "handling_time": ("Handläggningstid", "Handling time"),
    "handling_days": ("Vi handlägger normalt ärendet inom {days} dagar.", "We normally handle the case within {days} days."),
    "what_happens_next": ("Vad händer sedan?", "What happens next?"),
    "login_level": ("Inloggning", "Login"),
    "login_needed": (
        "Du loggar in med e-legitimation (tillitsnivå {level}), till exempel BankID eller Freja+.",
        "You log in with an e-ID (level of assurance {level}), for example BankID or Freja+.",
    ),
    "login_anonymous": ("Du kan använda tjänsten utan att logga in.", "You can use the service without logging in."),
    "continue": ("Fortsätt", "Continue"),
    "back": ("Tillbaka", "Back"),
    "step_of": ("Steg {n} av {total}", "Step {n} of {total}"),
    "error_prefix": ("Fel", "Error"),
    "error_summary": ("Det finns ett problem", "There is a problem"),
    "check_heading": ("Kontrollera dina svar innan du skickar", "Check your answers before sending"),
    "change": ("Ändra", "Change"),
    "send": ("Skicka in", "Send"),
    "send_declaration": (
        "Genom att skicka in intygar du att uppgifterna är riktiga.",
        "By sending you confirm that the information is correct.",
    ),
    "receipt_heading": ("Ditt ärende är inskickat", "Your case has been sent"),
    "receipt_reference": ("Ditt ärendenummer är", "Your case reference is"),
    "receipt_next": (
        "Spara ärendenumret. Du kan följa ärendet under Mina ärenden.",
        "Keep the case reference. You can follow the case under My cases.",
    ),
    "cases_heading": ("Mina ärenden", "My cases"),
    "my_pages": ("Mina sidor", "My pages"),
    "drafts_heading": ("Påbörjade e-tjänster", "E-services you have started"),
    "draft_saved": ("Sparad {saved}. Sparas till och med {expires}.", "Saved {saved}. Kept until {expires}."),
    "draft_delete": ("Radera", "Delete"),
    "cases_empty": ("Du har inga ärenden ännu.", "You have no cases yet."),
    "case_reference": ("Ärendenummer", "Case reference"),
    "case_service": ("E-tjänst", "E-service"),
    "case_submitted": ("Inskickat", "Sent"),
    "case_status": ("Status", "Status"),
    "case_timeline": ("Händelser", "Timeline"),
    "case_answers": ("Dina svar", "Your answers"),
    "case_expected": ("Beslut kan väntas senast", "A decision can be expected by"),
    "status_received": ("Inkommen", "Received"),
    "status_registered": ("Registrerad", "Registered"),
    "status_in_progress": ("Under handläggning", "In progress"),
    "status_waiting": ("Komplettering begärd", "Waiting for you"),
    "status_decided": ("Beslut fattat", "Decided"),
    "status_closed": ("Avslutad", "Closed"),
    "status_withdrawn": ("Återkallad", "Withdrawn"),
    "event_received": ("Ärendet kom in", "The case was received"),
    "event_delivered": ("Ärendet lämnades över till handläggningen", "The case was handed over for handling"),
    "event_delivered_ref": ("Mottagarens ärendenummer: {ref}", "The receiver's reference: {ref}"),
    "delivery_pending": ("Ärendet väntar på att lämnas över till handläggningen.", "The case is waiting to be handed over for handling."),
    "delivery_done": ("Lämnat till handläggning", "Handed over for handling"),
    "error_heading": ("Något gick fel", "Something went wrong"),
    "error_reference": ("Felreferens", "Error reference"),
    "to_start": ("Till startsidan", "To the home page"),
    "footer_text": (
        "Blankett – öppen e-tjänsteplattform. Blanketter finns också på papper: kontakta kommunens kundcenter.",
        "Blankett – open e-service platform. Forms are also available on paper: contact the municipality's service centre.",
    ),
    "optional": ("valfritt", "optional"),
    "print_form": ("Blankett att skriva ut", "Form to print"),
    "print_link": ("Skriv ut blanketten för att fylla i på papper", "Print the form to fill in on paper"),
    "print_pdf": ("Hämta blanketten som PDF", "Download the form as PDF"),
    "print_intro": (
        "Fyll i blanketten med tydlig handstil och lämna eller skicka den till kommunens kundcenter.",
        "Fill in the form in clear handwriting and hand it in or send it to the municipality's service centre.",
    ),
    "print_place_date": ("Ort och datum", "Place and date"),
    "print_signature": ("Underskrift", "Signature"),
    "case_copy_pdf": ("Hämta en kopia av ärendet som PDF", "Download a copy of the case as PDF"),
}


def translate(key: str, lang: str, **values: object) -> str:
    sv, en = TEXTS[key]
    text = en if lang == "en" else sv
    return text.format(**values) if values else text
