"""Per-group figures of report_surveys / survey_figures beyond the reference appendix."""

import pytest

from surveys import selectors
from surveys.models import Answer, Question, QuestionKind, Response
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


def respond(survey, group_name, answers, anonymous=True):
    response = Response.objects.create(
        survey=survey, group=survey.groups.get(name=group_name), anonymous=anonymous, submitted_on="2025-06-01",
        respondent_name="" if anonymous else "Navn",
    )
    for question, values in answers.items():
        for value in values if isinstance(values, list) else [values]:
            Answer.objects.create(response=response, question=question, value=value)


@pytest.mark.parametrize(
    ("scores", "mean"),
    [([3, 5, 5, 4], "4.3"), ([4, 4, 5, 5, 5, 5, 5, 4], "4.6"), ([1, 2], "1.5"), ([2, 2, 3], "2.3"), ([], None)],
)
def test_score_mean_rounds_half_up_to_one_decimal(scores, mean):
    assert selectors.score_mean(scores) == mean


def test_choices_multiple_choices_and_empty_questions_per_group():
    survey = make_survey(min_group_size=1, report_year=2025)
    theme = Question.objects.create(survey=survey, position=1, kind=QuestionKind.CHOICE, text="Tema", choices="Tilskudd\nLokaler")
    many = Question.objects.create(
        survey=survey, position=2, kind=QuestionKind.MULTIPLE_CHOICE, text="Flere", choices="A\nB\nC"
    )
    score = Question.objects.create(survey=survey, position=3, kind=QuestionKind.SCORE, text="Score")
    respond(survey, "Kommunen", {theme: "Lokaler", many: ["A", "C"]})
    respond(survey, "Kommunen", {theme: "Lokaler", many: ["A"]}, anonymous=False)
    respond(survey, "Innvandrerorganisasjon", {theme: "Tilskudd", score: "5"})
    # Another survey of the same year: its answers never leak into this one's figures.
    other = make_survey(title="Annen", report_year=2025)
    other_theme = Question.objects.create(survey=other, position=1, kind=QuestionKind.CHOICE, text="Tema", choices="Tilskudd\nLokaler")
    respond(other, "Kommunen", {other_theme: "Tilskudd"})

    figures = {s["title"]: s for s in selectors.report_surveys(2025)}["Evaluering"]
    groups = {group["name"]: group for group in figures["groups"]}
    kommunen = {q["position"]: q for q in groups["Kommunen"]["questions"]}
    assert (groups["Kommunen"]["responses"], groups["Kommunen"]["anonymous"], groups["Kommunen"]["named"]) == (2, 1, 1)
    assert kommunen[1]["choices"] == [{"value": "Tilskudd", "count": 0}, {"value": "Lokaler", "count": 2}]
    assert kommunen[2]["answers"] == 2  # respondents, not ticked boxes
    assert kommunen[2]["choices"] == [{"value": "A", "count": 2}, {"value": "B", "count": 0}, {"value": "C", "count": 1}]
    assert kommunen[3] == {
        "position": 3, "kind": "score", "text": "Score", "answers": 0, "scores": [], "mean": None,
        "low_label": "", "high_label": "",
    }
    assert figures["responses"] == 3


def test_a_group_below_the_minimum_size_has_no_breakdown():
    survey = make_survey(min_group_size=3)
    score = Question.objects.create(survey=survey, position=1, kind=QuestionKind.SCORE, text="Score")
    for value in "345":
        respond(survey, "Innvandrerorganisasjon", {score: value})
    respond(survey, "Kommunen", {score: "1"})
    respond(survey, "Kommunen", {score: "2"}, anonymous=False)
    innvandrer, kommunen = selectors.survey_figures(survey)["groups"]
    assert "hidden" not in innvandrer and innvandrer["questions"][0]["scores"] == [3, 4, 5]
    assert kommunen == {"name": "Kommunen", "responses": 2, "anonymous": 1, "named": 1, "hidden": True}
