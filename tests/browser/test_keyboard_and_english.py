"""As a person does them in Chromium: the directory by keyboard (a filter
moved with ArrowDown does not reload, the button applies, the focus ring is visible), names in
Norwegian order; English mode with English language names and dates, and a survey that keeps
its answers across a language switch and then shows its English questions."""

import os
import re

import pytest
from playwright.sync_api import expect

from organisations.models import Kind, Language
from surveys.models import Response
from tests.browser.conftest import axe_violations
from tests.panel.factories import meeting
from tests.surveys.factories import make_conditional_questions, make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("S23_SHOTS", "")  # a folder to keep the screenshots in (looked at by hand)


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css):
    return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


def focus_ring(page):
    """The focused element's outline (style, width in px, colour) and the page colour behind it."""
    return page.evaluate(
        """() => {
          const el = document.activeElement, style = getComputedStyle(el);
          let node = el.parentElement, background = 'rgb(255, 255, 255)';
          while (node) {
            const c = getComputedStyle(node).backgroundColor;
            if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { background = c; break; }
            node = node.parentElement;
          }
          return {id: el.id, tag: el.tagName, style: style.outlineStyle, width: parseFloat(style.outlineWidth),
                  color: style.outlineColor, background: background};
        }"""
    )


def assert_visible_focus(page):
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert contrast(rgb(ring["color"]), rgb(ring["background"])) >= 3, ring
    return ring


def tab_to(page, element_id, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_a_keyboard_user_filters_the_directory_without_being_thrown_back(page, published):
    for name, kind in [("Åpen Dør", Kind.IMMIGRANT_ORGANISATION), ("ASSOCIATION X", Kind.IMMIGRANT_ORGANISATION),
                       ("Ærlig Talt", Kind.FAITH_COMMUNITY), ("Aceh Forening", Kind.FAITH_COMMUNITY),
                       ("Zulu Forening", Kind.IMMIGRANT_ORGANISATION)]:
        published(name=name, kind=kind)
    page.goto("/organisasjoner/")
    cards = page.locator(".org-card .card-title")
    assert cards.all_inner_texts() == ["Aceh Forening", "ASSOCIATION X", "Zulu Forening", "Ærlig Talt", "Åpen Dør"]

    tab_to(page, "id_q")
    assert_visible_focus(page)
    tab_to(page, "id_kind")
    assert_visible_focus(page)
    shot(page, "directory-focus-on-filter")
    page.evaluate("window.notReloaded = true")
    page.keyboard.press("ArrowDown")  # to "Innvandrerorganisasjon"
    page.keyboard.press("ArrowDown")  # to "Trossamfunn"
    assert page.eval_on_selector("#id_kind", "el => el.value") == "faith_community"
    page.keyboard.press("Tab")  # on to the next control: still the same page, focus where the user is
    assert page.evaluate("window.notReloaded === true")
    assert page.evaluate("document.activeElement.id") == "id_language"
    assert "kind=" not in page.url
    assert cards.count() == 5

    tab_to(page, "id_municipality")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Søk"
    assert_visible_focus(page)
    shot(page, "directory-focus-on-button")
    page.keyboard.press("Enter")  # the button applies the filters
    page.wait_for_url("**kind=faith_community**")
    assert cards.all_inner_texts() == ["Aceh Forening", "Ærlig Talt"]
    assert axe_violations(page) == []
    shot(page, "directory-filtered")


def test_english_mode_speaks_english_and_a_survey_keeps_its_answers_across_the_switch(page, published):
    organisation = published(name="Eritreisk Forening", description="Kultur.")
    organisation.languages.add(Language.objects.get(code="ti"))
    held = meeting("2025-12-10", title="Desembermøte", status="held")
    survey = make_survey()
    score, attended, meetings, why_not = make_conditional_questions(survey)
    score.translations = {"en": {"text": "Has the contact been useful?"}}
    score.save()
    why_not.translations = {"en": {"text": "What would make you take part?"}}
    why_not.save()

    page.goto(survey.get_public_url())
    page.get_by_role("group", name="Hvem svarer du som?").get_by_label("Kommunen").check()
    page.get_by_role("group", name="1. Har kontakten vært nyttig?").get_by_label("4", exact=True).check()
    page.get_by_role("group", name="2. Har du deltatt på møter?").get_by_label("Nei").check()
    page.get_by_label("4. Hva skal til for at du vil delta?").fill("Møter på kvelden")
    shot(page, "survey-before-switch")

    page.locator("form[data-language-switch] button[name=language]").click()  # the header's "English"
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=30_000)  # no string evaluated in the page: the CSP forbids eval
    assert page.get_by_role("group", name="1. Has the contact been useful?").get_by_label("4", exact=True).is_checked()
    assert page.get_by_role("group", name="2. Har du deltatt på møter?").get_by_label("No", exact=True).is_checked()
    assert page.get_by_label("4. What would make you take part?").input_value() == "Møter på kvelden"
    assert page.get_by_role("group", name="Who are you answering as?").get_by_label("Kommunen").is_checked()
    assert not Response.objects.exists()  # a switch stores nothing
    assert axe_violations(page) == []
    shot(page, "survey-after-switch-english")

    page.goto(f"/erfaringspanelet/{held.pk}/")
    assert "Wednesday 10 December 2025" in page.locator("main").inner_text()
    assert "desember" not in page.locator("main").inner_text().replace("Desembermøte", "")
    assert axe_violations(page) == []
    shot(page, "meeting-english")

    page.goto(organisation.get_absolute_url())
    assert "Tigrinya" in page.locator("main").inner_text()
    shot(page, "listing-english")

    # Sent in English: one response with the answers typed in Norwegian mode.
    page.goto(survey.get_public_url())
    assert page.get_by_role("group", name="1. Has the contact been useful?").count() == 1
