"""Coordinator screens: building a survey, reordering, personal links, results, export; roles."""

import io

import openpyxl
import pytest

from surveys.models import Answer, PersonalLink, Question, Response, Survey
from tests.surveys.factories import make_conditional_questions, make_survey

pytestmark = pytest.mark.django_db


def add_responses(survey, group_name, scores, anonymous=True):
    group = survey.groups.get(name=group_name)
    question = survey.questions.get(position=1)
    for score in scores:
        response = Response.objects.create(survey=survey, group=group, anonymous=anonymous, submitted_on="2026-01-15")
        Answer.objects.create(response=response, question=question, value=str(score))


@pytest.mark.parametrize(
    "path", ["/koordinator/undersokelser/", "/koordinator/undersokelser/ny/", "/koordinator/undersokelser/{pk}/resultater/"]
)
def test_anonymous_visitors_are_sent_to_sign_in_and_outsiders_refused(client, outsider, path):
    survey = make_survey()
    path = path.format(pk=survey.pk)
    response = client.get(path)
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]
    client.force_login(outsider)
    assert client.get(path).status_code == 403


def test_council_staff_read_results_but_cannot_build_or_export(client, council_staff):
    survey = make_survey()
    client.force_login(council_staff)
    assert client.get(f"/koordinator/undersokelser/{survey.pk}/resultater/").status_code == 200
    assert client.get("/koordinator/undersokelser/ny/").status_code == 403
    assert client.get(f"/koordinator/undersokelser/{survey.pk}/svar.csv").status_code == 403
    assert client.post(f"/koordinator/undersokelser/{survey.pk}/lenker/", {"count": 2}).status_code == 403


def test_a_coordinator_builds_a_survey_with_a_conditional_question(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/koordinator/undersokelser/ny/",
        {
            "title": "Evaluering 2026", "introduction": "Hei", "report_year": 2026, "opens_on": "2026-01-05",
            "closes_on": "2026-02-27", "allow_anonymous": "on", "public_access": "on", "min_group_size": 3,
            "groups_text": "Innvandrerorganisasjon\nKommunen\n",
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == f"/koordinator/undersokelser/{survey.pk}/"
    assert [g.name for g in survey.groups.all()] == ["Innvandrerorganisasjon", "Kommunen"]
    base = f"/koordinator/undersokelser/{survey.pk}/sporsmal/ny/"
    client.post(base, {"kind": "yes_no", "text": "Deltatt?", "required": "on"})
    attended = Question.objects.get(position=1)
    client.post(base, {"kind": "score", "text": "Nyttig?", "low_label": "lite", "high_label": "mye",
                       "shown_if_question": attended.pk, "shown_if_value": "Ja"})
    conditional = Question.objects.get(position=2)
    assert (conditional.shown_if_question, conditional.shown_if_value) == (attended, "yes")
    page = client.post(base, {"kind": "choice", "text": "Tema?", "choices": "Bare ett"})
    assert "Skriv inn minst to valg" in page.content.decode()
    page = client.post(base, {"kind": "text", "text": "Hvorfor?", "shown_if_question": attended.pk, "shown_if_value": "kanskje"})
    assert "er verken yes eller no" in page.content.decode()
    assert Question.objects.count() == 2
    detail = client.get(f"/koordinator/undersokelser/{survey.pk}/").content.decode()
    assert survey.public_token in detail
    assert "vises når spørsmål 1 er «Ja»" in detail


def test_reordering_swaps_neighbours_but_keeps_a_condition_after_its_source(client, coordinator):
    survey = make_survey()
    score, attended, meetings, why_not = make_conditional_questions(survey)
    client.force_login(coordinator)
    url = f"/koordinator/undersokelser/{survey.pk}/sporsmal/{{pk}}/flytt/"
    client.post(url.format(pk=attended.pk), {"direction": "up"})
    assert list(survey.questions.order_by("position").values_list("pk", flat=True)) == [attended.pk, score.pk, meetings.pk, why_not.pk]
    page = client.post(url.format(pk=meetings.pk), {"direction": "up"}, follow=True)
    assert list(survey.questions.order_by("position").values_list("pk", flat=True)) == [attended.pk, meetings.pk, score.pk, why_not.pk]
    page = client.post(url.format(pk=meetings.pk), {"direction": "up"}, follow=True)
    assert "må stå etter det" in page.content.decode()
    assert list(survey.questions.order_by("position").values_list("pk", flat=True)) == [attended.pk, meetings.pk, score.pk, why_not.pk]


def test_a_question_with_answers_or_dependants_is_not_deleted(client, coordinator):
    survey = make_survey()
    score, attended, meetings, why_not = make_conditional_questions(survey)
    add_responses(survey, "Kommunen", [4])
    client.force_login(coordinator)
    url = f"/koordinator/undersokelser/{survey.pk}/sporsmal/{{pk}}/slett/"
    client.post(url.format(pk=score.pk))
    client.post(url.format(pk=attended.pk))
    client.post(url.format(pk=why_not.pk))
    assert set(survey.questions.values_list("pk", flat=True)) == {score.pk, attended.pk, meetings.pk}


def test_personal_links_are_made_and_listed(client, coordinator):
    survey = make_survey()
    client.force_login(coordinator)
    group = survey.groups.get(name="Kommunen")
    client.post(f"/koordinator/undersokelser/{survey.pk}/lenker/", {"count": 3, "label": "NAV", "group": group.pk})
    links = list(PersonalLink.objects.all())
    assert len(links) == 3 and {link.group for link in links} == {group}
    assert len({link.token for link in links}) == 3
    detail = client.get(f"/koordinator/undersokelser/{survey.pk}/").content.decode()
    assert all(link.token in detail for link in links)


def test_results_show_norwegian_means_the_chart_and_hide_small_groups(client, coordinator):
    survey = make_survey()
    make_conditional_questions(survey)
    add_responses(survey, "Innvandrerorganisasjon", [3, 5, 5, 4])
    add_responses(survey, "Kommunen", [5, 5], anonymous=False)
    client.force_login(coordinator)
    html = client.get(f"/koordinator/undersokelser/{survey.pk}/resultater/").content.decode()
    assert "Score: 3-5-5-4 (snitt 4,3)" in html  # 4.25 rounded half up, Norwegian comma
    assert 'role="img"' in html and "<svg" in html
    assert "4 svar: 4 anonymt, 0 med navn." in html
    assert "Gruppen har færre enn 3 svar." in html
    assert "5-5" not in html.split("Kommunen")[-1]


@pytest.mark.parametrize("size", [2, 20])
def test_results_and_list_read_in_a_constant_number_of_queries(client, coordinator, django_assert_max_num_queries, size):
    for n in range(3):
        survey = make_survey(title=f"Undersøkelse {n}")
        make_conditional_questions(survey)
        add_responses(survey, "Kommunen", [1 + i % 5 for i in range(size)])
    client.force_login(coordinator)
    # session, user, roles, the base menu's editor check; surveys with counts
    with django_assert_max_num_queries(5):
        assert client.get("/koordinator/undersokelser/").status_code == 200
    # session, user, roles, menu; the survey, again with its groups and questions; tallies; answers
    with django_assert_max_num_queries(10):
        assert client.get(f"/koordinator/undersokelser/{survey.pk}/resultater/").status_code == 200
    # session, user, roles, menu; the survey with counts; groups; questions; links; the links
    # sent from the register (sent/opened/answered); the sending jobs
    with django_assert_max_num_queries(11):
        assert client.get(f"/koordinator/undersokelser/{survey.pk}/").status_code == 200


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_answers_export_in_the_import_format(client, coordinator, file_format):
    survey = make_survey()
    make_conditional_questions(survey)
    add_responses(survey, "Kommunen", [4, 2])
    other = make_survey(title="Annen")
    make_conditional_questions(other)
    add_responses(other, "Kommunen", [1])
    client.force_login(coordinator)
    response = client.get(f"/koordinator/undersokelser/{survey.pk}/svar.{file_format}")
    assert response.status_code == 200
    if file_format == "csv":
        rows = [line.split(",") for line in response.getvalue().decode().splitlines()]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
        rows = [[str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["survey", "response", "respondent_group", "anonymous", "position", "value"],
        ["Evaluering", "1", "Kommunen", "yes", "1", "4"],
        ["Evaluering", "2", "Kommunen", "yes", "1", "2"],
    ]
