"""The respondent's journey on the production stack: a personal link from the e-mail, and the
open link in Norwegian and in English, answered on a phone, ending on the thank-you page."""

import re

import pytest
from playwright.sync_api import expect

from surveys.models import Answer, PersonalLink, Response
from tests.journeys.conftest import shot
from tests.surveys.factories import make_conditional_questions, make_survey

pytestmark = pytest.mark.django_db(transaction=True)


def answer_the_questions(page, *, group="Kommunen", yes="Ja"):
    page.get_by_role("group", name=re.compile("Hvem svarer du som|Who are you answering as")).get_by_label(group).check()
    page.get_by_role("group", name=re.compile("^1\\. ")).get_by_label("4", exact=True).check()
    page.get_by_role("group", name=re.compile("^2\\. ")).get_by_label(yes, exact=True).check()
    page.get_by_role("group", name=re.compile("^3\\. ")).get_by_label("5", exact=True).check()


def test_the_stack_is_the_production_configuration(phone, journey):
    page = phone.new_page()
    response = page.goto("/")
    headers = response.all_headers()
    assert response.url == journey.url + "/" and response.status == 200
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    # Static files are the collected, hashed ones, served by WhiteNoise with a far-future expiry.
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    static = page.request.get(stylesheet)
    assert static.ok and "immutable" in static.headers["cache-control"]
    # DEBUG is off: an unknown address gets the portal's 404 page, not Django's debug page.
    missing = page.goto("/finnes-ikke/")
    assert missing.status == 404 and "URLconf" not in page.content()
    # Cookies the sign-in page sets are Secure (the session's too, see the coordinator journeys).
    page.goto("/konto/logg-inn/")
    csrf = [cookie for cookie in phone.cookies() if cookie["name"] == "csrftoken"]
    assert csrf and csrf[0]["secure"]


def test_a_respondent_answers_through_a_personal_link_on_a_phone(phone, journey):
    survey = make_survey(title="Evaluering av Erfaringspanelet")
    make_conditional_questions(survey)
    link = PersonalLink.objects.create(survey=survey)
    page = phone.new_page()
    referers = []
    page.on("request", lambda request: referers.append(request.headers.get("referer", "")))

    page.goto(link.get_absolute_url())  # opened from the e-mail: no Referer of its own
    answer_the_questions(page)
    page.get_by_label("Jeg svarer anonymt").check()
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_url("**/undersokelser/takk/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Takk for svaret!"
    shot(page, "respondent-personal-link-thanks-phone")

    stored = Response.objects.get()
    assert stored.anonymous and stored.group.name == "Kommunen"
    assert sorted(Answer.objects.values_list("question__position", "value")) == [(1, "4"), (2, "yes"), (3, "5")]
    link.refresh_from_db()
    assert link.used_on is not None
    # The personal token left the browser in no Referer: not to the stylesheets and scripts of
    # the link's page, not with the answer, not to the thank-you page.
    assert len(referers) > 3
    assert not [referer for referer in referers if link.token in referer]
    # And the server logged it once: the link's own address, when it was opened.
    assert [line for line in journey.logs().splitlines() if link.token in line] == [
        line for line in journey.logs().splitlines() if f"GET {link.get_absolute_url()} " in line
    ]
    assert len([line for line in journey.logs().splitlines() if link.token in line]) == 1


def test_a_resident_answers_the_open_link_in_norwegian_and_back_and_send_again_stores_once(phone, journey):
    survey = make_survey()
    make_conditional_questions(survey)
    page = phone.new_page()
    page.goto(survey.get_public_url())
    answer_the_questions(page, group="Innvandrerorganisasjon")
    page.get_by_label("Jeg svarer anonymt").check()
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_url("**/undersokelser/takk/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Takk for svaret!"
    assert Response.objects.get().group.name == "Innvandrerorganisasjon"

    # Back to the form (the page loads again, with a fresh one-time key) and send the same again:
    # the answer is recognised and kept once.
    page.go_back()
    page.wait_for_url(f"**{survey.get_public_url()}")
    answer_the_questions(page, group="Innvandrerorganisasjon")  # as Chromium restored them, or typed again
    page.get_by_label("Jeg svarer anonymt").check()
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_url("**/undersokelser/takk/**")
    assert "Det er lagret bare én gang." in page.locator("main").inner_text()
    assert Response.objects.count() == 1


def test_a_resident_answers_the_open_link_in_english(phone, journey):
    survey = make_survey()
    make_conditional_questions(survey)
    page = phone.new_page()
    page.goto(survey.get_public_url())
    page.get_by_role("button", name="Vis meny").click()  # on a phone the header's links are behind the menu
    # Opened, not still sliding open (a click while it slides may land on the page behind it), and
    # the click's post is waited for: the page after it is the one whose language is checked.
    expect(page.locator("#hovedmeny")).to_have_class(re.compile(r"\bshow\b"))
    with page.expect_navigation():
        page.locator("form[data-language-switch] button[name=language]").click()  # the header's "English"
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=30_000)  # no string evaluated in the page: the CSP forbids eval
    answer_the_questions(page, yes="Yes")
    page.get_by_label("I will answer anonymously").check()
    page.get_by_role("button", name="Send your response").click()
    page.wait_for_url("**/undersokelser/takk/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your response!"
    shot(page, "respondent-open-link-thanks-english-phone")
    assert Response.objects.get().group.name == "Kommunen"


def test_a_coordinator_makes_a_personal_link_a_respondent_answers_it_and_the_results_count_it(browser, desktop, journey, coordinator):
    from tests.browser.conftest import axe_violations, sign_in
    from tests.journeys.conftest import new_context

    survey = make_survey(title="Evaluering av Erfaringspanelet")
    make_conditional_questions(survey)
    office = desktop.new_page()
    sign_in(office, "koordinator", "pw-koordinator")
    office.goto(f"/koordinator/undersokelser/{survey.pk}/")
    office.get_by_label("Merknad").fill("Sendt til styreleder")
    office.get_by_role("button", name="Lag lenker").click()
    office.wait_for_url(f"**/koordinator/undersokelser/{survey.pk}/")
    links = office.locator("section[aria-labelledby=lenker] table code")
    assert links.count() == 1
    link = links.inner_text()
    assert link.startswith(journey.url + "/undersokelser/lenke/")  # the address as the respondent gets it

    phone = new_context(browser, journey, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        page.goto(link)
        answer_the_questions(page, group="Innvandrerorganisasjon")
        page.get_by_label("Jeg svarer anonymt").check()
        page.get_by_role("button", name="Send svaret").click()
        page.wait_for_url("**/undersokelser/takk/**")
        page.goto(link)  # once only
        assert "allerede" in page.locator("main").inner_text()
    finally:
        phone.close()

    office.goto(f"/koordinator/undersokelser/{survey.pk}/resultater/")
    results = office.locator("main").inner_text()
    assert "1 svar i alt." in results and "1 svar: 1 anonymt, 0 med navn." in results
    assert Response.objects.filter(group__name="Innvandrerorganisasjon", anonymous=True).count() == 1
    assert axe_violations(office) == []
    shot(office, "coordinator-survey-results")
