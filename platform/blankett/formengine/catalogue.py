"""The default error messages, in Swedish and English, per JSON Schema keyword and widget.

Keys are JSON Schema keywords (``required``, ``maxLength``), formats (``format:email``), widget
variants (``radios:required``) and widget-specific problems (``date:invalid``). Messages
follow GOV.UK style: they name the field and say what to do ("Ange e-postadress"), never
"Fältet är obligatoriskt". See :mod:`.messages` for the placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping

from .texts import Text, pair

_CHOOSE = pair("Välj {name}", "Select {name}")
_FORMAT = pair("Ange {name} i rätt format", "Enter {name} in the correct format")
_REAL_DATE = pair("{Name} måste vara ett riktigt datum", "{Name} must be a real date")

CATALOGUE: Mapping[str, Text] = {
    # presence and type
    "required": pair("Ange {name}", "Enter {name}"),
    "type": _FORMAT,
    "enum": pair("Välj ett av alternativen för {name}", "Select one of the options for {name}"),
    "const": pair("Ange rätt värde för {name}", "Enter the right value for {name}"),
    "oneOf": pair(
        "Kontrollera {name}: svaret passar inte något av alternativen",
        "Check {name}: the answer does not fit any of the options",
    ),
    "anyOf": pair(
        "Kontrollera {name}: svaret passar inte något av alternativen",
        "Check {name}: the answer does not fit any of the options",
    ),
    "not": pair(
        "Kontrollera {name}: det här svaret går inte att använda", "Check {name}: this answer cannot be used"
    ),
    # strings
    "minLength": pair("{Name} måste vara minst {limit} tecken", "{Name} must be {limit} characters or more"),
    "maxLength": pair("{Name} får vara högst {limit} tecken", "{Name} must be {limit} characters or fewer"),
    "pattern": _FORMAT,
    "format": _FORMAT,
    "format:email": pair(
        "Ange e-postadressen i rätt format, till exempel namn@exempel.se",
        "Enter an email address in the correct format, like name@example.com",
    ),
    "format:idn-email": pair(
        "Ange e-postadressen i rätt format, till exempel namn@exempel.se",
        "Enter an email address in the correct format, like name@example.com",
    ),
    "format:uri": pair(
        "Ange {name} som en fullständig webbadress, till exempel https://www.exempel.se",
        "Enter {name} as a full web address, like https://www.example.com",
    ),
    "format:date": _REAL_DATE,
    "format:date-time": pair(
        "{Name} måste vara ett riktigt datum och en tid", "{Name} must be a real date and time"
    ),
    "format:time": pair(
        "Ange {name} som timmar och minuter, till exempel 14:30",
        "Enter {name} as hours and minutes, like 14:30",
    ),
    "format:personnummer": pair(
        "Ange ett giltigt personnummer med 10 eller 12 siffror, till exempel 19900101-1234",
        "Enter a valid Swedish personal identity number with 10 or 12 digits, like 19900101-1234",
    ),
    "format:samordningsnummer": pair(
        "Ange ett giltigt samordningsnummer med 10 eller 12 siffror, till exempel 19900161-1234",
        "Enter a valid Swedish coordination number with 10 or 12 digits, like 19900161-1234",
    ),
    "format:se-orgnr": pair(
        "Ange ett giltigt organisationsnummer med 10 siffror, till exempel 556012-3456",
        "Enter a valid Swedish organisation number with 10 digits, like 556012-3456",
    ),
    "format:postnummer": pair(
        "Ange ett postnummer med 5 siffror, till exempel 123 45",
        "Enter a Swedish postcode with 5 digits, like 123 45",
    ),
    "format:phone-se": pair(
        "Ange ett svenskt telefonnummer, till exempel 070-123 45 67",
        "Enter a Swedish phone number, like 070-123 45 67",
    ),
    # numbers
    "minimum": pair("{Name} måste vara minst {limit}", "{Name} must be {limit} or more"),
    "maximum": pair("{Name} får vara högst {limit}", "{Name} must be {limit} or less"),
    "exclusiveMinimum": pair("{Name} måste vara mer än {limit}", "{Name} must be more than {limit}"),
    "exclusiveMaximum": pair("{Name} måste vara mindre än {limit}", "{Name} must be less than {limit}"),
    "multipleOf": pair("{Name} måste anges i steg om {limit}", "{Name} must be in steps of {limit}"),
    "number:invalid": pair(
        "{Name} måste vara ett tal, till exempel 12 eller 3,5", "{Name} must be a number, like 12 or 3.5"
    ),
    "number:integer": pair("{Name} måste vara ett heltal", "{Name} must be a whole number"),
    "number:type": pair("{Name} måste vara ett tal", "{Name} must be a number"),
    # arrays and objects
    "minItems": pair("Ange minst {limit} för {name}", "Give at least {limit} for {name}"),
    "maxItems": pair("Ange högst {limit} för {name}", "Give at most {limit} for {name}"),
    "uniqueItems": pair(
        "{Name} får inte innehålla samma svar två gånger", "{Name} must not repeat an answer"
    ),
    "contains": pair(
        "Kontrollera {name}: ett av svaren som krävs saknas",
        "Check {name}: an answer that is needed is missing",
    ),
    "minContains": pair(
        "Kontrollera {name}: ett av svaren som krävs saknas",
        "Check {name}: an answer that is needed is missing",
    ),
    "maxContains": pair(
        "Kontrollera {name}: ett av svaren förekommer för många gånger",
        "Check {name}: one of the answers occurs too many times",
    ),
    "minProperties": pair("Fyll i mer om {name}", "Give more details for {name}"),
    "maxProperties": pair("Fyll i mindre om {name}", "Give fewer details for {name}"),
    "additionalProperties": pair(
        "Kontrollera {name}: det finns uppgifter som inte hör hit",
        "Check {name}: there are details that do not belong here",
    ),
    "unevaluatedProperties": pair(
        "Kontrollera {name}: det finns uppgifter som inte hör hit",
        "Check {name}: there are details that do not belong here",
    ),
    "propertyNames": pair("Kontrollera {name}", "Check {name}"),
    # widgets
    "radios:required": _CHOOSE,
    "radios:enum": _CHOOSE,
    "select:required": _CHOOSE,
    "select:enum": _CHOOSE,
    "yesno:required": pair("Svara ja eller nej på ”{label}”", "Select yes or no for “{label}”"),
    "yesno:enum": pair("Svara ja eller nej på ”{label}”", "Select yes or no for “{label}”"),
    "checkbox:required": pair("Du måste kryssa i rutan ”{label}”", "You must tick the box “{label}”"),
    "checkbox:const": pair("Du måste kryssa i rutan ”{label}”", "You must tick the box “{label}”"),
    "checkboxes:required": pair(
        "Välj minst ett alternativ för {name}", "Select at least one option for {name}"
    ),
    "checkboxes:enum": pair("Välj bland alternativen för {name}", "Select from the options for {name}"),
    "checkboxes:minItems": pair(
        "Välj minst {limit} alternativ för {name}", "Select at least {limit} options for {name}"
    ),
    "checkboxes:maxItems": pair(
        "Välj högst {limit} alternativ för {name}", "Select at most {limit} options for {name}"
    ),
    "repeat:required": pair("Lägg till {name}", "Add {name}"),
    "repeat:minItems": pair("Lägg till minst {limit} för {name}", "Add at least {limit} for {name}"),
    "repeat:maxItems": pair(
        "Ta bort så att det är högst {limit} för {name}",
        "Remove some so that there are at most {limit} for {name}",
    ),
    "file:required": pair("Ladda upp {name}", "Upload {name}"),
    "file:minItems": pair(
        "Ladda upp minst {limit} filer för {name}", "Upload at least {limit} files for {name}"
    ),
    "file:maxItems": pair(
        "Du kan ladda upp högst {limit} filer för {name}", "You can upload at most {limit} files for {name}"
    ),
    "file:tooLarge": pair(
        "Filen {file} är för stor. Filer för {name} får vara högst {size}",
        "The file {file} is too large. Files for {name} must be {size} or smaller",
    ),
    "file:wrongType": pair(
        "Filen {file} har fel filtyp. {Name} måste vara {types}",
        "The file {file} is the wrong type. {Name} must be {types}",
    ),
    "file:empty": pair(
        "Filen {file} är tom. Välj en annan fil för {name}", "The file {file} is empty. Choose another file for {name}"
    ),
    "variants:required": _CHOOSE,
    "variants:enum": _CHOOSE,
    "date:incomplete": pair("{Name} måste innehålla {missing}", "{Name} must include {missing}"),
    "date:invalid": _REAL_DATE,
    "datetime:time": pair(
        "{Name} måste innehålla en tid, till exempel 14:30", "{Name} must include a time, like 14:30"
    ),
    "time:invalid": pair(
        "Ange {name} som timmar och minuter, till exempel 14:30",
        "Enter {name} as hours and minutes, like 14:30",
    ),
    "default": pair("Kontrollera {name}", "Check {name}"),
}

ERROR_PREFIX: Text = pair("Fel:", "Error:")
