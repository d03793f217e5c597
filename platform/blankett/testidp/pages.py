"""The provider's HTML: the login page and plain message pages. No JavaScript.

Swedish first, English below, as everywhere on the platform. Every value that comes from a
request is escaped.
"""

from __future__ import annotations

from html import escape

from ..auth.loa import LOA2, LOA3, LOA4
from .persons import TestPerson

LEVELS: tuple[tuple[str, str, str], ...] = (
    (LOA2, "2: låg", "low"),
    (LOA3, "3: väsentlig", "substantial"),
    (LOA4, "4: hög", "high"),
)

_STYLE = """
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;padding:1rem;color:#1b1b1b;background:#fff}
main{max-width:36rem;margin:0 auto}
.banner{background:#fff3c4;border:2px solid #8a6d00;padding:.5rem .75rem;font-weight:bold}
.en{color:#444}
.sign{border-left:4px solid #1b4f9c;padding:.25rem 1rem;margin:1rem 0;background:#f3f6fb}
fieldset{border:1px solid #767676;margin:1rem 0;padding:.5rem 1rem}
legend{font-weight:bold;padding:0 .25rem}
.person{display:block;padding:.5rem 0}
.person input{width:1.25rem;height:1.25rem;vertical-align:middle;margin-right:.5rem}
label,select,button{font-size:1rem}
select{display:block;margin:.25rem 0 1rem;padding:.4rem;width:100%;max-width:20rem}
button{padding:.6rem 1.2rem;margin:0 .5rem .5rem 0;border:2px solid #1b1b1b;border-radius:4px;background:#fff}
button.primary{background:#1b4f9c;border-color:#1b4f9c;color:#fff}
button:focus,input:focus,select:focus{outline:3px solid #ffbf47;outline-offset:2px}
"""


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _banner() -> str:
    return '<p class="banner">Endast för test <span lang="en" class="en">(for testing only)</span></p>'


def login_page(
    action: str, request_blob: str, persons: tuple[TestPerson, ...], default_acr: str, tbs_text: str | None = None
) -> str:
    person_rows = "\n".join(
        f'<label class="person"><input type="radio" name="person" value="{escape(p.id)}"'
        f"{' checked' if i == 0 else ''}> {escape(p.name)}, {escape(p.display_number)}"
        f' <span class="en">({escape(p.description[0])} / <span lang="en">{escape(p.description[1])}</span>)'
        "</span></label>"
        for i, p in enumerate(persons)
    )
    options = "\n".join(
        f'<option value="{escape(uri)}"{" selected" if uri == default_acr else ""}>'
        f"{escape(sv)} / {escape(en)}</option>"
        for uri, sv, en in LEVELS
    )
    heading = "Testinloggning" if tbs_text is None else "Testunderskrift"
    signing = "" if tbs_text is None else (
        f'<div class="sign"><p><strong>Du skriver under:</strong> {escape(tbs_text)}</p>'
        '<p lang="en" class="en">You are signing the text above.</p></div>'
    )
    button = "Logga in" if tbs_text is None else "Skriv under"
    body = f"""{_banner()}
<h1>{heading}</h1>
{signing}
<p>Det här är plattformens inbyggda testinloggning. Välj vilken påhittad testperson du vill
logga in som och vilken tillitsnivå inloggningen ska ha. Ingen riktig e-legitimation används
och personnumren tillhör inga verkliga personer.</p>
<p lang="en" class="en">This is the platform's built-in test login. Choose which made-up test
person to log in as and the level of assurance of the login. No real eID is used and the
personal identity numbers belong to no real people.</p>
<form method="post" action="{escape(action)}">
<input type="hidden" name="request" value="{escape(request_blob)}">
<fieldset>
<legend>Testperson <span lang="en" class="en">/ Test person</span></legend>
{person_rows}
</fieldset>
<label for="loa">Tillitsnivå <span lang="en" class="en">/ Level of assurance</span></label>
<select id="loa" name="loa">
{options}
</select>
<button type="submit" name="action" value="login" class="primary">{button}</button>
<button type="submit" name="action" value="cancel">Avbryt</button>
</form>"""
    return _document(f"{heading} - Blankett", body)


def message_page(title: tuple[str, str], message: tuple[str, str]) -> str:
    body = (
        f"{_banner()}\n<h1>{escape(title[0])}</h1>\n<p>{escape(message[0])}</p>\n"
        f'<h2 lang="en" class="en">{escape(title[1])}</h2>\n<p lang="en" class="en">{escape(message[1])}</p>'
    )
    return _document(f"{title[0]} - Testinloggning", body)
