"""A survey in the visitor's language: questions given in English beside Norwegian, shown in
English mode (falling back to Norwegian), the report keeping the Norwegian text; switching the
language mid-survey keeps every typed answer and stores nothing."""

import pytest
from django.conf import settings
from django.urls import reverse

from surveys.models import Answer, Question, Response
from tests.conftest import client_for
from tests.surveys.factories import answer_data, make_conditional_questions, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


@pytest.fixture
def questions(survey):
    score, attended, meetings, why_not = make_conditional_questions(survey)
    score.translations = {"en": "Has the contact been useful?"}
    score.save()
    return score, attended, meetings, why_not


def test_english_mode_shows_the_english_question_and_falls_back_to_norwegian(client, survey, questions):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(survey.get_public_url()).content.decode()
    assert "Has the contact been useful?" in html
    assert "Har kontakten vært nyttig?" not in html
    assert "Har du deltatt på møter?" in html  # no English text: the Norwegian one

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    html = client.get(survey.get_public_url()).content.decode()
    assert "Har kontakten vært nyttig?" in html and "Has the contact been useful?" not in html


def test_switching_language_mid_survey_keeps_the_answers_and_stores_nothing(client, survey, questions):
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    group = str(survey.groups.get(name="Kommunen").pk)
    data = answer_data(client, url, group=group, anonymous="no", name="Kari Nordmann",
                       **{f"q{score.pk}": "4", f"q{attended.pk}": "no", f"q{why_not.pk}": "Et annet tidspunkt"})
    page = client.post(url, {**data, "sprak": "en"})

    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="en"' in html
    assert "Has the contact been useful?" in html
    form = page.context["form"]
    assert form[f"q{score.pk}"].value() == "4"
    assert form[f"q{attended.pk}"].value() == "no"
    assert form[f"q{why_not.pk}"].value() == "Et annet tidspunkt"
    assert form["name"].value() == "Kari Nordmann"
    assert form["key"].value() == data["key"]  # the same one-time key: still one answer
    assert "Et annet tidspunkt</textarea>" in html
    assert 'value="Kari Nordmann"' in html
    assert "feilsammendrag" not in html  # not checked yet: no errors for what is still to come
    assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert not Response.objects.exists()

    # Sent afterwards, in English, it is stored once with the answers typed before the switch.
    assert client.post(url, data).status_code == 302
    assert sorted(Answer.objects.values_list("question__position", "value")) == [(1, "4"), (2, "no"), (4, "Et annet tidspunkt")]


def test_coordinators_give_the_question_in_english_and_the_report_keeps_norwegian(client, coordinator, survey):
    client_for(client, coordinator)
    url = reverse("surveys:question_create", args=[survey.pk])
    form_page = client.get(url).content.decode()
    assert 'name="text_en"' in form_page
    response = client.post(url, {"kind": "yes_no", "text": "Vil du delta igjen?", "text_en": "Will you take part again?"})
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(survey=survey)
    assert question.translations == {"en": "Will you take part again?"}
    assert question.text == "Vil du delta igjen?"

    edit = client.get(reverse("surveys:question_edit", args=[survey.pk, question.pk])).content.decode()
    assert 'value="Will you take part again?"' in edit
    client.post(reverse("surveys:question_edit", args=[survey.pk, question.pk]), {"kind": "yes_no", "text": "Vil du delta igjen?", "text_en": ""})
    question.refresh_from_db()
    assert question.translations == {}

    question.translations = {"en": "Will you take part again?"}
    question.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    results = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert "Vil du delta igjen?" in results and "Will you take part again?" not in results
