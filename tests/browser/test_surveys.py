import pytest

from surveys.models import Answer, Response
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_user
from portal import roles
from tests.surveys.factories import make_conditional_questions, make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_respondent_answers_and_the_conditional_question_appears(page):
    survey = make_survey()
    score, attended, meetings, why_not = make_conditional_questions(survey)
    errors = []
    # Script and CSP errors; the browser's own favicon request (no favicon here) is not one.
    page.on(
        "console",
        lambda message: errors.append((message.text, message.location.get("url")))
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
        else None,
    )
    page.goto(survey.get_public_url())
    assert axe_violations(page) == []

    follow_up = page.get_by_role("group", name="3. Har møtene vært nyttige?")
    assert follow_up.count() == 0 or not follow_up.is_visible()  # hidden until the triggering answer
    page.get_by_role("group", name="Hvem svarer du som?").get_by_label("Kommunen").check()
    page.get_by_role("group", name="1. Har kontakten vært nyttig?").get_by_label("4", exact=True).check()
    page.get_by_role("group", name="2. Har du deltatt på møter?").get_by_label("Ja").check()
    follow_up = page.get_by_role("group", name="3. Har møtene vært nyttige?")
    follow_up.wait_for(state="visible")
    assert not page.get_by_label("4. Hva skal til for at du vil delta?").is_visible()
    assert axe_violations(page) == []
    follow_up.get_by_label("5", exact=True).check()
    page.get_by_label("Jeg svarer anonymt").check()
    assert not page.get_by_label("Navn", exact=True).is_visible()
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_url("**/undersokelser/takk/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Takk for svaret!"
    assert errors == []

    stored = Response.objects.get()
    assert stored.anonymous and stored.group.name == "Kommunen"
    assert sorted(Answer.objects.values_list("question__position", "value")) == [(1, "4"), (2, "yes"), (3, "5")]


def test_missing_answers_are_summarised_and_the_summary_gets_focus(phone_page):
    survey = make_survey()
    make_conditional_questions(survey)
    phone_page.goto(survey.get_public_url())
    phone_page.get_by_role("button", name="Send svaret").click()
    phone_page.wait_for_load_state()
    summary = phone_page.get_by_role("alert")
    assert "Svar på dette spørsmålet." in summary.inner_text()
    assert phone_page.evaluate("document.activeElement.id") == "feilsammendrag"
    summary.get_by_role("link").first.click()
    assert phone_page.evaluate("document.activeElement.name") == "group"
    assert axe_violations(phone_page) == []
    assert Response.objects.count() == 0


def test_the_results_page_has_no_wcag_violations(page, django_user_model):
    survey = make_survey()
    score, attended, meetings, why_not = make_conditional_questions(survey)
    group = survey.groups.get(name="Kommunen")
    for value in ["3", "5", "5", "4"]:
        response = Response.objects.create(survey=survey, group=group, anonymous=True, submitted_on="2026-01-15")
        Answer.objects.create(response=response, question=score, value=value)
        Answer.objects.create(response=response, question=attended, value="no")
        Answer.objects.create(response=response, question=why_not, value="Et annet tidspunkt")
    make_user(django_user_model, "koord", roles.COORDINATOR)
    sign_in(page, "koord", "pw-koord")
    page.goto(f"/koordinator/undersokelser/{survey.pk}/resultater/")
    assert "snitt 4,3" in page.content()
    assert page.get_by_role("img", name="Kommunen: fordeling av score på spørsmål 1").is_visible()
    assert axe_violations(page) == []
    page.goto(f"/koordinator/undersokelser/{survey.pk}/")
    assert axe_violations(page) == []


def test_without_javascript_every_question_shows_with_its_condition_and_the_server_decides(browser, live_server):
    survey = make_survey(groups=("Alle",))
    score, attended, meetings, why_not = make_conditional_questions(survey)
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(survey.get_public_url())
        assert page.get_by_text("Svar bare hvis du svarte «Ja» på spørsmål 2.").is_visible()
        page.get_by_role("group", name="1. Har kontakten vært nyttig?").get_by_label("2", exact=True).check()
        page.get_by_role("group", name="2. Har du deltatt på møter?").get_by_label("Nei").check()
        # Answered although it does not apply: the server drops it.
        page.get_by_role("group", name="3. Har møtene vært nyttige?").get_by_label("5", exact=True).check()
        page.get_by_label("4. Hva skal til for at du vil delta?").fill("Møter på kveldstid")
        page.get_by_label("Jeg oppgir navn").check()
        page.get_by_label("Navn", exact=True).fill("Aisha")
        page.get_by_role("button", name="Send svaret").click()
        page.wait_for_url("**/undersokelser/takk/**")
    finally:
        context.close()
    assert sorted(Answer.objects.values_list("question__position", "value")) == [(1, "2"), (2, "no"), (4, "Møter på kveldstid")]
    assert Response.objects.get().respondent_name == "Aisha"
