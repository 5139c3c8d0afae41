"""A survey in the respondent's language: the title, introduction, questions, help texts, scale
labels and choices given beside the Norwegian (English and any BCP 47 language), shown in that
language and falling back to Norwegian field by field; answers stored as the Norwegian value, so
results, the report's figures and survey_answers.csv do not depend on the language; switching
language mid-survey keeps every typed answer and stores nothing."""

import importlib
import re

import pytest
from django.conf import settings
from django.urls import reverse

from surveys import selectors
from surveys.models import Answer, Question, QuestionKind, Response, Survey
from tests.conftest import client_for
from tests.surveys.factories import answer_data, make_conditional_questions, make_survey

pytestmark = pytest.mark.django_db

ENGLISH_SURVEY = {"en": {"title": "Evaluation", "introduction": "Help us do better."}}


@pytest.fixture
def survey():
    return make_survey(translations=ENGLISH_SURVEY)


@pytest.fixture
def questions(survey):
    score, attended, meetings, why_not = make_conditional_questions(survey)
    score.help_text = "Tenk på det siste året."
    score.translations = {"en": {"text": "Has the contact been useful?", "help_text": "Think of the last year.",
                                 "low_label": "not much", "high_label": "very much"}}
    score.save()
    how_often = Question.objects.create(
        survey=survey, position=5, kind=QuestionKind.CHOICE, text="Hvor ofte møter du oss?",
        help_text="Velg det som passer best.", choices="Ofte\nSjelden",
        translations={"en": {"text": "How often do you meet us?", "choices": "Often\nRarely"}},
    )
    later = Question.objects.create(
        survey=survey, position=6, kind=QuestionKind.TEXT, text="Hvorfor sjelden?",
        shown_if_question=how_often, shown_if_value="Sjelden",
    )
    return score, attended, meetings, why_not, how_often, later


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def radio_values(html, name):
    """{label: value} of the radio buttons named name, as the page shows them."""
    pairs = re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"[^>]*id="([^"]+)"', html)
    labels = dict(re.findall(r'<label class="form-check-label" for="([^"]+)"[^>]*>([^<]*)</label>', html))
    return {labels[id_]: value for value, id_ in pairs}


def test_english_mode_shows_every_survey_text_in_english_falling_back_per_field(client, survey, questions):
    score, attended, meetings, why_not, how_often, later = questions
    link = survey.personal_links.create()
    assert "<h1>Evaluation</h1>" in english(client).get(link.get_absolute_url()).content.decode()
    thanks = client.get(reverse("surveys:thanks", args=[survey.public_token])).content.decode()
    assert "Evaluation" in thanks and "Evaluering" not in thanks
    html = client.get(survey.get_public_url()).content.decode()
    assert '<html lang="en"' in html
    assert "<h1>Evaluation</h1>" in html and "Help us do better." in html
    assert "Has the contact been useful?" in html and "Think of the last year." in html
    assert "1 = not much, 5 = very much." in html
    assert "How often do you meet us?" in html
    # The choices in English, each sent as the Norwegian choice it stands for.
    assert radio_values(html, f"q{how_often.pk}") == {"Often": "Ofte", "Rarely": "Sjelden"}
    assert f'data-show-if-value="Sjelden"' in html  # the condition compares the stored value
    # No English help text: the Norwegian one, marked as Norwegian on the English page.
    assert '<span lang="nb" dir="ltr">Velg det som passer best.</span>' in html
    assert '<span lang="nb" dir="ltr">Har du deltatt på møter?</span>' in html
    for norwegian in ("Har kontakten vært nyttig?", "Tenk på det siste året.", "i liten grad", ">Ofte<", ">Sjelden<"):
        assert norwegian not in html

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    html = client.get(survey.get_public_url()).content.decode()
    assert "<h1>Evaluering</h1>" in html and "Har kontakten vært nyttig?" in html and "1 = i liten grad, 5 = i stor grad." in html
    assert radio_values(html, f"q{how_often.pk}") == {"Ofte": "Ofte", "Sjelden": "Sjelden"}
    assert "Evaluation" not in html and "Often" not in html and 'lang="nb" dir' not in html


def test_a_language_the_site_does_not_speak_shows_the_survey_in_it_with_lang_and_dir(client, survey, questions):
    score, attended, meetings, why_not, how_often, later = questions
    survey.translations = {**ENGLISH_SURVEY, "ar": {"title": "تقييم"}}
    survey.save()
    how_often.translations = {**how_often.translations, "ar": {"choices": "غالبا\nنادرا"}}
    how_often.save()
    html = client.get(survey.get_public_url()).content.decode()
    assert 'name="sprak" value="ar" lang="ar" dir="rtl"' in html  # offered beside the site's languages

    html = client.get(survey.get_public_url() + "?sprak=ar").content.decode()
    assert '<html lang="nb"' in html  # the portal's own texts stay Norwegian
    assert '<h1 lang="ar" dir="rtl">تقييم</h1>' in html
    assert radio_values(html, f"q{how_often.pk}") == {"غالبا": "Ofte", "نادرا": "Sjelden"}
    assert 'name="tekstsprak" value="ar"' in html

    group = str(survey.groups.get(name="Kommunen").pk)
    data = answer_data(client, survey.get_public_url(), group=group, anonymous="yes", tekstsprak="ar",
                       **{f"q{score.pk}": "4", f"q{attended.pk}": "no", f"q{how_often.pk}": "Sjelden"})
    sent = client.post(survey.get_public_url(), data)
    # Stored as the Norwegian values; the thank-you address is the same in every language, so
    # no log line says which language the answer was given in.
    assert sent.status_code == 302 and sent["Location"] == reverse("surveys:thanks", args=[survey.public_token])
    assert sorted(Answer.objects.values_list("question__position", "value")) == [(1, "4"), (2, "no"), (5, "Sjelden")]


def test_the_same_answers_in_english_and_norwegian_give_the_same_figures_and_file(client, survey, questions):
    score, attended, meetings, why_not, how_often, later = questions
    other_year = make_survey(title="Fjorårets", report_year=2024, translations=ENGLISH_SURVEY)
    other_choice = Question.objects.create(
        survey=other_year, position=1, kind=QuestionKind.CHOICE, text="Hvor ofte møter du oss?", choices="Ofte\nSjelden",
        translations={"en": {"choices": "Often\nRarely"}},
    )
    survey.min_group_size = 1
    survey.save()
    url = survey.get_public_url()

    def answer_in(language):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(url).content.decode()
        rarely = radio_values(html, f"q{how_often.pk}")["Rarely" if language == "en" else "Sjelden"]
        for group, anonymous in (("Kommunen", "yes"), ("Innvandrerorganisasjon", "no")):
            data = answer_data(client, url, group=str(survey.groups.get(name=group).pk), anonymous=anonymous, name="Kari",
                               **{f"q{score.pk}": "4", f"q{attended.pk}": "no", f"q{how_often.pk}": rarely,
                                  f"q{later.pk}": "Lang vei"})
            assert client.post(url, data).status_code == 302
        figures = selectors.report_surveys(2025)
        csv = client.get(reverse("surveys:export_answers", args=[survey.pk, "csv"])).getvalue().decode()
        Response.objects.filter(survey=survey).delete()
        return figures, sorted(line.split(",", 2)[2] for line in csv.splitlines()[1:])  # without the response keys

    # The other year's survey, answered in English, counts in neither.
    other_page = english(client).get(other_year.get_public_url()).content.decode()
    other = answer_data(client, other_year.get_public_url(), group=str(other_year.groups.first().pk), anonymous="yes",
                        **{f"q{other_choice.pk}": radio_values(other_page, f"q{other_choice.pk}")["Rarely"]})
    assert client.post(other_year.get_public_url(), other).status_code == 302

    from tests.conftest import make_user
    from django.contrib.auth import get_user_model
    from portal.privacy import roles

    client_for(client, make_user(get_user_model(), "koord", roles.COORDINATOR))
    in_english, in_norwegian = answer_in("en"), answer_in("nb")
    assert in_english == in_norwegian
    figures, rows = in_english
    assert [s["title"] for s in figures] == ["Evaluering"]
    for group in figures[0]["groups"]:
        choice = next(q for q in group["questions"] if q["position"] == 5)
        assert choice["answers"] == 1
    assert "Kommunen,yes,5,Sjelden" in rows and not any("Rarely" in row for row in rows)
    assert Answer.objects.get(question=other_choice).value == "Sjelden"


def test_switching_language_mid_survey_keeps_a_choice_and_the_question_it_shows(client, survey, questions):
    score, attended, meetings, why_not, how_often, later = questions
    url = survey.get_public_url()
    english(client)
    group = str(survey.groups.get(name="Kommunen").pk)
    data = answer_data(client, url, group=group, anonymous="yes",
                       **{f"q{score.pk}": "4", f"q{attended.pk}": "no", f"q{how_often.pk}": "Sjelden", f"q{later.pk}": "Lang vei"})
    page = client.post(url, {**data, "sprak": "nb"})
    html = page.content.decode()
    assert '<html lang="nb"' in html and "Hvor ofte møter du oss?" in html
    assert re.search(rf'name="q{how_often.pk}" value="Sjelden"[^>]*checked', html)
    assert "Lang vei</textarea>" in html
    assert not Response.objects.exists()

    assert client.post(url, data).status_code == 302
    assert sorted(Answer.objects.values_list("question__position", "value")) == [(1, "4"), (2, "no"), (5, "Sjelden"), (6, "Lang vei")]


def test_coordinators_give_the_survey_in_english_and_another_language(client, coordinator, council_staff, survey):
    url = reverse("surveys:survey_edit", args=[survey.pk])
    assert client_for(client, council_staff).get(url).status_code == 403
    client_for(client, coordinator)
    form_page = client.get(url).content.decode()
    assert 'name="title_en"' in form_page and 'value="Evaluation"' in form_page and 'name="language_other1"' in form_page
    base = {"title": "Evaluering", "report_year": "2025", "min_group_size": "3", "groups_text": "Kommunen",
            "title_en": "Evaluation", "introduction_en": "Help us."}

    for tag, message in (("arabic!", "er ikke en språkkode"), ("nb", "kildespråket"), ("", "Skriv språkkoden")):
        refused = client.post(url, {**base, "language_other1": tag, "title_other1": "تقييم"})
        assert refused.status_code == 200 and message in refused.content.decode()
    survey.refresh_from_db()
    assert survey.translations == ENGLISH_SURVEY  # nothing saved from a refused form

    assert client.post(url, {**base, "language_other1": "ar", "title_other1": "تقييم"}).status_code == 302
    survey.refresh_from_db()
    assert survey.translations == {"en": {"title": "Evaluation", "introduction": "Help us."}, "ar": {"title": "تقييم"}}
    edit = client.get(url).content.decode()
    assert re.search(r'name="title_other1"[^>]*lang="ar" dir="rtl"|lang="ar" dir="rtl"[^>]*name="title_other1"', edit)
    assert 'name="language_other2"' in edit  # room for one more language

    # Clearing a language's texts removes it.
    assert client.post(url, {**base, "title_en": "", "introduction_en": "", "language_other1": "ar"}).status_code == 302
    survey.refresh_from_db()
    assert survey.translations == {}


def test_translated_choices_must_line_up_with_the_norwegian_ones(client, coordinator, survey):
    client_for(client, coordinator)
    url = reverse("surveys:question_create", args=[survey.pk])
    base = {"kind": "choice", "text": "Hvor ofte?", "choices": "Ofte\nSjelden\nAldri", "text_en": "How often?",
            "help_text_en": "Pick one.", "low_label_en": "", "high_label_en": ""}
    refused = client.post(url, {**base, "choices_en": "Often\nRarely"})
    assert refused.status_code == 200
    assert "Oversettelsen har 2 valg, men spørsmålet har 3 på norsk." in refused.content.decode()
    assert not Question.objects.exists()

    assert client.post(url, {**base, "choices_en": "Often\n\nRarely\nNever\n"}).status_code == 302
    question = Question.objects.get()
    assert question.translations == {"en": {"text": "How often?", "help_text": "Pick one.", "choices": "Often\n\nRarely\nNever"}}
    assert [(value, str(label)) for value, label in question.shown_choices("en")] == [("Ofte", "Often"), ("Sjelden", "Rarely"), ("Aldri", "Never")]


def test_the_migration_gives_old_question_translations_their_own_fields():
    migration = importlib.import_module("surveys.migrations.0005_survey_texts_in_other_languages")
    assert migration.to_fields({"en": "Will you come?", "ar": " "}) == {"en": {"text": "Will you come?"}}
    assert migration.to_fields({"en": {"text": "Kept", "choices": "A\nB"}}) == {"en": {"text": "Kept", "choices": "A\nB"}}


def test_the_coordinators_pages_keep_the_norwegian_texts_and_name_the_languages(client, coordinator, survey, questions):
    client_for(english(client), coordinator)
    html = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert "Hvor ofte møter du oss?" in html and "How often do you meet us?" not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    html = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert re.search(r"data-survey-translations>\s*engelsk<", html)  # which languages it is given in


def test_the_respondent_groups_are_given_in_english_and_answered_as_the_same_group(client, coordinator, survey):
    # "Who are you answering as?" offered the Norwegian group names on an English page.
    url = reverse("surveys:survey_edit", args=[survey.pk])
    client_for(client, coordinator)
    base = {"title": "Evaluering", "report_year": "2025", "min_group_size": "3",
            "groups_text": "Innvandrerorganisasjon\nKommunen", "title_en": "Evaluation",
            "public_access": "on", "allow_anonymous": "on"}
    refused = client.post(url, {**base, "groups_text_en": "Immigrant organisation"})
    assert refused.status_code == 200
    assert "Oversettelsen har 1 grupper, men undersøkelsen har 2 på norsk." in refused.content.decode()
    survey.refresh_from_db()
    assert survey.translations == ENGLISH_SURVEY

    assert client.post(url, {**base, "groups_text_en": "Immigrant organisation\nThe municipality"}).status_code == 302
    survey.refresh_from_db()
    assert survey.translations["en"]["groups_text"] == "Immigrant organisation\nThe municipality"
    client.logout()

    groups = {group.name: str(group.pk) for group in survey.groups.all()}
    html = english(client).get(survey.get_public_url()).content.decode()
    assert radio_values(html, "group") == {"Immigrant organisation": groups["Innvandrerorganisasjon"],
                                          "The municipality": groups["Kommunen"]}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    html = client.get(survey.get_public_url()).content.decode()
    assert radio_values(html, "group") == {"Innvandrerorganisasjon": groups["Innvandrerorganisasjon"], "Kommunen": groups["Kommunen"]}

    # A translation that no longer lines up (a group added in Norwegian since) falls back to Norwegian.
    survey.groups.create(name="Frivillig", position=3)
    html = english(client).get(survey.get_public_url()).content.decode()
    assert set(radio_values(html, "group")) == {"Innvandrerorganisasjon", "Kommunen", "Frivillig"}
