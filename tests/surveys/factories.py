"""Small builders for survey tests."""

import datetime

from django.utils import timezone

from surveys.models import Question, QuestionKind, Survey


def make_survey(title="Evaluering", groups=("Innvandrerorganisasjon", "Kommunen"), **fields):
    today = timezone.localdate()
    fields.setdefault("report_year", 2025)
    fields.setdefault("opens_on", today - datetime.timedelta(days=1))
    fields.setdefault("closes_on", today + datetime.timedelta(days=1))
    survey = Survey.objects.create(title=title, **fields)
    for position, name in enumerate(groups):
        survey.groups.create(name=name, position=position)
    return survey


def make_conditional_questions(survey):
    """1 score (required), 2 yes/no (required), 3 score shown if 2=yes (required), 4 text shown if 2=no."""
    score = Question.objects.create(
        survey=survey, position=1, kind=QuestionKind.SCORE, text="Har kontakten vært nyttig?", required=True,
        low_label="i liten grad", high_label="i stor grad",
    )
    attended = Question.objects.create(survey=survey, position=2, kind=QuestionKind.YES_NO, text="Har du deltatt på møter?", required=True)
    meetings = Question.objects.create(
        survey=survey, position=3, kind=QuestionKind.SCORE, text="Har møtene vært nyttige?", required=True,
        shown_if_question=attended, shown_if_value="yes",
    )
    why_not = Question.objects.create(
        survey=survey, position=4, kind=QuestionKind.TEXT, text="Hva skal til for at du vil delta?",
        shown_if_question=attended, shown_if_value="no",
    )
    return score, attended, meetings, why_not


def submit_url(link):
    """Where a personal link's form posts: the survey's address without the personal token."""
    from django.urls import reverse

    return reverse("surveys:answer_personal_submit", args=[link.survey.public_token])


def answer_data(client, url, **answers):
    """A fresh form's key plus the given fields (q<pk>=value, group=…, anonymous=…)."""
    page = client.get(url)
    assert page.status_code == 200
    data = {"key": page.context["form"]["key"].value()}
    if page.context.get("link") is not None:
        data["lenke"] = page.context["link"].token  # a personal link's token travels in the body
    data.update({k: v for k, v in answers.items() if v is not None})
    return data
