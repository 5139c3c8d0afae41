import pytest
from playwright.sync_api import expect

from surveys.models import Answer, Response
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_user
from portal.privacy import roles
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
    assert "Sendt: 0 · åpnet: 0 · svart: 0" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Send til en målgruppe eller kontaktpersoner").click()
    page.wait_for_url(f"**/koordinator/undersokelser/{survey.pk}/send/")
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


def test_a_survey_given_in_english_is_answered_in_english_and_counted_under_the_norwegian_choice(page, live_server, django_user_model):
    """opened in English, the survey's own texts are English; switched to
    Norwegian mid-survey every answer stays (a choice and the question it shows too); the answer
    is counted under the Norwegian choice."""
    import os

    from django.conf import settings

    from surveys.models import Question, QuestionKind

    shots = os.environ.get("S23_SHOTS", "")
    survey = make_survey(min_group_size=1, introduction="Hjelp oss å bli bedre.",
                         translations={"en": {"title": "Evaluation", "introduction": "Help us do better."}})
    score = Question.objects.create(
        survey=survey, position=1, kind=QuestionKind.SCORE, text="Har kontakten vært nyttig?", help_text="Tenk på året.",
        low_label="i liten grad", high_label="i stor grad",
        translations={"en": {"text": "Has the contact been useful?", "help_text": "Think of the year.",
                             "low_label": "not much", "high_label": "very much"}},
    )
    how_often = Question.objects.create(
        survey=survey, position=2, kind=QuestionKind.CHOICE, text="Hvor ofte møter du oss?", choices="Ofte\nSjelden",
        translations={"en": {"text": "How often do you meet us?", "choices": "Often\nRarely"}},
    )
    Question.objects.create(
        survey=survey, position=3, kind=QuestionKind.TEXT, text="Hvorfor sjelden?", shown_if_question=how_often,
        shown_if_value="Sjelden", translations={"en": {"text": "Why rarely?"}},
    )
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(survey.get_public_url())
    main = page.locator("main")
    assert page.get_by_role("heading", level=1).inner_text() == "Evaluation"
    assert "Help us do better." in main.inner_text()
    scale = page.get_by_role("group", name="1. Has the contact been useful?")
    assert "1 = not much, 5 = very much. Think of the year." in scale.inner_text()
    choice = page.get_by_role("group", name="2. How often do you meet us?")
    assert choice.locator("label").all_inner_texts() == ["Often", "Rarely"]
    page.get_by_role("group", name="Who are you answering as?").get_by_label("Kommunen").check()
    scale.get_by_label("4", exact=True).check()
    choice.get_by_label("Rarely").check()
    page.get_by_label("3. Why rarely?").fill("Lang vei")  # shown by the choice
    page.locator("input[name=anonymous][value=yes]").check()
    assert axe_violations(page) == []
    if shots:
        page.screenshot(path=os.path.join(shots, "survey-texts-english.png"), full_page=True)

    page.locator("[data-survey-language] button[value=nb]").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb", timeout=30_000)  # no string evaluated in the page: the CSP forbids eval
    assert page.get_by_role("heading", level=1).inner_text() == "Evaluering"
    assert "Hjelp oss å bli bedre." in main.inner_text()
    scale = page.get_by_role("group", name="1. Har kontakten vært nyttig?")
    assert "1 = i liten grad, 5 = i stor grad. Tenk på året." in scale.inner_text()
    assert scale.get_by_label("4", exact=True).is_checked()
    choice = page.get_by_role("group", name="2. Hvor ofte møter du oss?")
    assert choice.get_by_label("Sjelden").is_checked()
    assert page.get_by_label("3. Hvorfor sjelden?").input_value() == "Lang vei"
    assert not Response.objects.exists()  # a switch stores nothing
    assert axe_violations(page) == []
    if shots:
        page.screenshot(path=os.path.join(shots, "survey-texts-norwegian.png"), full_page=True)
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_url("**/undersokelser/takk/**")
    assert sorted(Answer.objects.values_list("question__position", "value")) == [(1, "4"), (2, "Sjelden"), (3, "Lang vei")]

    make_user(django_user_model, "koord", roles.COORDINATOR)
    sign_in(page, "koord", "pw-koord")
    page.goto(f"/koordinator/undersokelser/{survey.pk}/resultater/")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Sjelden", exact=True))
    assert row.locator("td").inner_text() == "1"
    assert page.get_by_role("rowheader", name="Ofte", exact=True).locator("xpath=..").locator("td").inner_text() == "0"

    # The editor: the English beside the Norwegian, one set of fields per language.
    page.goto(f"/koordinator/undersokelser/{survey.pk}/sporsmal/{how_often.pk}/")
    english = page.locator("fieldset[data-translation-set=en]")
    assert english.locator("textarea[name=choices_en]").input_value() == "Often\nRarely"
    assert axe_violations(page) == []
    if shots:
        page.screenshot(path=os.path.join(shots, "survey-question-editor.png"), full_page=True)
