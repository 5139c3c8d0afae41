"""Deleting a question closes the gap: the rest are numbered 1, 2, 3 … again."""

import datetime

import pytest
from django.urls import reverse

from surveys.models import Question, Survey

pytestmark = pytest.mark.django_db


def test_the_questions_after_a_deleted_one_move_up(client, coordinator):
    survey = Survey.objects.create(title="Brukerundersøkelse", report_year=datetime.date.today().year)
    other = Survey.objects.create(title="En annen", report_year=datetime.date.today().year)
    questions = [Question.objects.create(survey=survey, position=n, kind="text", text=f"Spørsmål {n}") for n in (1, 2, 3, 4)]
    Question.objects.create(survey=other, position=3, kind="text", text="Et annet skjemas")
    client.force_login(coordinator)

    response = client.post(reverse("surveys:question_delete", args=[survey.pk, questions[1].pk]))

    assert response.status_code == 302
    assert list(survey.questions.order_by("position").values_list("position", "text")) == [
        (1, "Spørsmål 1"), (2, "Spørsmål 3"), (3, "Spørsmål 4"),
    ]
    assert other.questions.get().position == 3  # another survey's numbers are left alone
    html = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert html.index("Spørsmål 3") < html.index("Spørsmål 4")
