"""File an example service in a real browser (Playwright) as a person would: the start page,
every page on the path the answers take, filled through the UI, check your answers, send.

The controls are found by the ``name`` attributes the journeys use (walk.py sends the same
names over HTTP): text inputs and date parts are filled, radios chosen by name and value,
checkboxes set, options selected, files chosen with ``set_input_files`` and uploaded, and repeat
items added with the page's own buttons. ``check`` runs on every state the person sees (axe-core,
or the horizontal-scroll check at 320 px)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from tests.services.walk import REFERENCE, Journey

Check = Callable[[Any], None]

# What the person reads on the buttons and headings, per language.
TEXTS = {
    "sv": {
        "start": "Starta e-tjänsten", "continue": "Fortsätt", "send": "Skicka in", "error": "Fel:",
        "sign": "Signera och skicka in",
        "check": "Kontrollera dina svar innan du skickar", "receipt": "Ditt ärende är inskickat",
    },
    "en": {
        "start": "Start the e-service", "continue": "Continue", "send": "Send", "error": "Error:",
        "sign": "Sign and send",
        "check": "Check your answers before sending", "receipt": "Your case has been sent",
    },
}
OTHER = {"sv": "en", "en": "sv"}

# The controls a page's form holds: name, tag, type and value of each, hidden inputs and
# buttons left out (one round trip instead of one per control).
_CONTROLS = """form => [...form.querySelectorAll('input[name], select[name], textarea[name]')]
  .filter(e => e.type !== 'hidden')
  .map(e => ({name: e.name, tag: e.tagName.toLowerCase(), type: (e.type || '').toLowerCase(),
              value: e.value}))"""


def path_of(page: Any) -> str:
    return urlsplit(str(page.url)).path


def with_lang(url: str, lang: str) -> str:
    url = url.split("#")[0]
    return f"{url}{'&' if '?' in url else '?'}lang={lang}"


def assert_lang(page: Any, lang: str) -> None:
    actual = page.locator("html").get_attribute("lang")
    assert actual == lang, f"{page.url} is in {actual!r}, expected {lang!r}"


def is_error(page: Any, lang: str) -> bool:
    return page.title().startswith(TEXTS[lang]["error"])  # type: ignore[no-any-return]


def controls(page: Any) -> list[dict[str, str]]:
    return page.locator("main form").first.evaluate(_CONTROLS)  # type: ignore[no-any-return]


def fill(page: Any, journey: Journey, page_id: str, done: set[str]) -> None:
    """Answer every control on the page not answered yet (``done``), through the UI."""
    answer(page, journey.pages[page_id], journey.files.get(page_id, {}), page_id, done)


def answer(page: Any, values: Any, files: Any, page_id: str, done: set[str]) -> None:
    """Set ``values`` (by control name) on the page's form; ``files`` name its file inputs."""
    shown = controls(page)
    names = {c["name"] for c in shown}
    missing = {c["name"] for c in shown if c["type"] != "file"} - set(values)
    assert not missing, f"{page_id}: no answer in the journey for {sorted(missing)}"
    unchosen = {c["name"] for c in shown if c["type"] == "file"} - set(files)
    assert not unchosen, f"{page_id}: no files in the journey for {sorted(unchosen)}"
    form = page.locator("main form").first
    for name in sorted(names & set(values) - done):
        value = values[name]
        wanted = value if isinstance(value, list) else [value]
        kinds = [c for c in shown if c["name"] == name]
        control = form.locator(f'[name="{name}"]:not([type="hidden"])')
        kind = kinds[0]
        if kind["type"] == "radio":
            assert len(wanted) == 1, (name, value)
            if wanted[0]:
                choice = form.locator(f'input[type="radio"][name="{name}"][value="{wanted[0]}"]')
                assert choice.count() == 1, f"{page_id}: no radio {name}={wanted[0]!r}"
                choice.check()
        elif kind["type"] == "checkbox":
            offered = {c["value"] for c in kinds}
            assert set(wanted) - {"", "false"} <= offered, f"{page_id}: {name} offers {offered}, not {wanted}"
            for box in kinds:
                form.locator(f'input[type="checkbox"][name="{name}"][value="{box["value"]}"]').set_checked(
                    box["value"] in wanted
                )
        elif kind["tag"] == "select":
            assert len(kinds) == 1, name
            assert len(wanted) == 1, (name, value)
            control.select_option(wanted[0])
        else:
            assert len(kinds) == 1, name
            assert len(wanted) == 1, (name, value)
            control.fill(wanted[0])
        done.add(name)


def upload(page: Any, journey: Journey, page_id: str, check: Check) -> None:
    """Choose the journey's files and press the upload button: the list of files is checked too."""
    for name, files in journey.files.get(page_id, {}).items():
        if not files:
            continue
        page.set_input_files(
            f'input[type="file"][name="{name}"]',
            files=[{"name": n, "mimeType": t, "buffer": content} for n, content, t in files],
        )
        page.locator(f'input[type="file"][name="{name}"] ~ button[name="_upload"]').click()
        for file_name, _, _ in files:
            assert page.get_by_role("link", name=file_name).is_visible(), page.content()[:3000]
        check(page)


def continue_button(page: Any, lang: str) -> Any:
    return page.get_by_role("button", name=TEXTS[lang]["continue"], exact=True)


def start(page: Any, base: str, journey: Journey, lang: str, check: Check) -> None:
    page.goto(with_lang(f"{base}/e-tjanst/{journey.service}", lang))
    assert_lang(page, lang)
    check(page)
    name = TEXTS[lang]["start"]
    page.get_by_role("button", name=name).or_(page.get_by_role("link", name=name)).click()
    if not journey.anonymous:
        assert "/test-idp/authorize" in page.url, page.url
        if journey.person:
            page.locator(f'input[name="person"][value="{journey.person}"]').check()
        page.locator('button[name="action"][value="login"]').click()
    if journey.applicant:
        choose(page, journey, lang, check)
    assert "/sida/" in page.url, page.url


def choose(page: Any, journey: Journey, lang: str, check: Check) -> None:
    """"Vem ansöker du för?": sent empty first (its error state is checked), then answered."""
    assert path_of(page) == f"/e-tjanst/{journey.service}/sokande", page.url
    assert_lang(page, lang)
    check(page)
    continue_button(page, lang).click()
    assert is_error(page, lang), page.url
    assert page.locator(".error-summary").is_visible()
    check(page)
    answer(page, journey.applicant, {}, "sokande", set())
    continue_button(page, lang).click()


def file_in_browser(
    page: Any, base: str, journey: Journey, lang: str, check: Check, every_error: bool = False
) -> str:
    """File ``journey`` in ``lang``; return the receipt's reference.

    Each page is first sent empty: its error state (if it has required answers) must show the
    error summary; ``check`` runs on the first error state of the service, or on every one with
    ``every_error`` (axe is slow and the error markup is the same on every page). Check your
    answers and the receipt are checked in the other language too."""
    texts = TEXTS[lang]
    start(page, base, journey, lang, check)
    error_checked = False
    for page_id in journey.pages:
        url = f"{base}/e-tjanst/{journey.service}/sida/{page_id}"
        assert path_of(page) == urlsplit(url).path, f"expected {page_id}, got {page.url}"
        assert_lang(page, lang)
        check(page)
        continue_button(page, lang).click()
        if is_error(page, lang):
            assert page.locator(".error-summary").is_visible()
            if every_error or not error_checked:
                check(page)
            error_checked = True
        else:  # nothing required: the empty page was accepted, go back to it
            page.goto(url)
        done: set[str] = set()
        fill(page, journey, page_id, done)
        for name, value in journey.presses.get(page_id, []):
            page.locator(f'main form button[name="{name}"][value="{value}"]').click()
            assert path_of(page).endswith(f"/sida/{page_id}"), page.url
            assert not is_error(page, lang), page.locator(".error-summary").inner_text()
            check(page)
            fill(page, journey, page_id, done)
        upload(page, journey, page_id, check)
        fill(page, journey, page_id, done)  # the upload may have revealed questions too
        for _ in range(3):
            continue_button(page, lang).click()
            if not path_of(page).endswith(f"/sida/{page_id}"):
                break
            # Still here: an error, or an answer revealed more questions.
            assert not is_error(page, lang), f"{page_id}: {page.locator('.error-summary').inner_text()}"
            check(page)
            fill(page, journey, page_id, done)
        else:
            raise AssertionError(f"{page_id}: the page never let the person continue")
    assert error_checked, "no page of the service showed an error state"

    # Check your answers, in this language and the other; send in this one.
    assert path_of(page) == f"/e-tjanst/{journey.service}/granska", page.url
    check_url = page.url.split("#")[0].split("?")[0]
    for shown_lang in (lang, OTHER[lang]):
        if shown_lang != lang:
            page.goto(with_lang(check_url, shown_lang))
        assert_lang(page, shown_lang)
        assert page.get_by_role("heading", level=1).inner_text() == TEXTS[shown_lang]["check"]
        check(page)
        if shown_lang == "sv":
            content = page.locator("main").inner_text()
            for text in journey.shown:
                assert text in content, f"check-your-answers does not show {text!r}"
    page.goto(with_lang(check_url, lang))
    sign = page.get_by_role("button", name=texts["sign"], exact=True)
    if sign.count():  # the service requires signing: the test provider's signing page first
        sign.click()
        assert "/test-idp/authorize" in page.url, page.url
        assert "Du skriver under:" in page.locator("main").inner_text()
        check(page)
        page.locator('button[name="action"][value="login"]').click()
    else:
        page.get_by_role("button", name=texts["send"], exact=True).click()

    # The receipt, in both languages.
    assert "kvitto=1" in page.url, page.url
    receipt_url = page.url.split("#")[0]
    reference = REFERENCE.search(page.locator("main").inner_text())
    assert reference, page.content()[:2000]
    for shown_lang in (lang, OTHER[lang]):
        if shown_lang != lang:
            page.goto(with_lang(receipt_url, shown_lang))
        assert_lang(page, shown_lang)
        assert page.get_by_role("heading", level=1).inner_text() == TEXTS[shown_lang]["receipt"]
        assert reference.group(0) in page.locator(".reference").inner_text()
        check(page)
    return reference.group(0)
