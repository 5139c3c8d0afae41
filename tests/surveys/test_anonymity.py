"""docs/domain.md "Privacy": an anonymous answer is stored with nothing that leads back to the
respondent — no name, e-mail, account, link, token or IP — and its time only to the day.
The test reads the stored rows, every column, rather than trusting the code that wrote them."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from surveys.models import Answer, PersonalLink, Response, SubmissionKey
from tests.surveys.factories import answer_data, make_conditional_questions, make_survey, submit_url

pytestmark = pytest.mark.django_db


def raw_rows(model):
    """Every column of every row, read with plain SQL."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def test_an_anonymous_answer_by_personal_link_stores_nothing_that_leads_back(client, coordinator):
    survey = make_survey()
    score, attended, meetings, why_not = make_conditional_questions(survey)
    link = PersonalLink.objects.create(survey=survey, label="Sendt til Kari Nordmann")
    link_before = raw_rows(PersonalLink)[0]
    # A signed-in user answering from a known address: neither may end up beside the answer.
    client.force_login(coordinator)
    url = link.get_absolute_url()
    data = answer_data(
        client, url, group=str(survey.groups.get(name="Kommunen").pk), anonymous="yes",
        name="Kari Nordmann", email="kari@example.org",
        **{f"q{score.pk}": "4", f"q{attended.pk}": "no", f"q{why_not.pk}": "Et annet tidspunkt"},
    )
    response = client.post(submit_url(link), data, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Testleser/1.0")
    assert response.status_code == 302

    (stored,) = raw_rows(Response)
    assert set(stored) == {
        "id", "survey_id", "group_id", "anonymous", "respondent_name", "respondent_email", "submitted_on",
    }
    assert stored["anonymous"] in (True, 1)
    assert stored["respondent_name"] == "" and stored["respondent_email"] == ""
    assert stored["survey_id"] == survey.pk
    assert stored["group_id"] == survey.groups.get(name="Kommunen").pk
    # A date, not a time: the column holds the day only.
    assert str(stored["submitted_on"]) == timezone.localdate().isoformat()
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"

    answers = raw_rows(Answer)
    assert {column for row in answers for column in row} == {"id", "response_id", "question_id", "value"}
    assert sorted(row["value"] for row in answers) == ["4", "Et annet tidspunkt", "no"]
    assert {row["response_id"] for row in answers} == {stored["id"]}

    # Nothing anywhere in the two tables holds the link, the token, the user, the address or the browser.
    secrets = [link.token, data["key"], "Kari", "kari@example.org", "203.0.113.77", "Testleser", coordinator.username]
    for row in [stored, *answers]:
        for value in row.values():
            for secret in secrets:
                assert secret not in str(value)

    # The link is only marked opened and used — no pointer to the answer, and dates, not times.
    (link_after,) = raw_rows(PersonalLink)
    changed = {column for column in link_after if link_after[column] != link_before[column]}
    assert changed == {"opened_on", "used_on"}
    assert str(link_after["used_on"]) == str(link_after["opened_on"]) == timezone.localdate().isoformat()
    assert PersonalLink._meta.get_field("opened_on").get_internal_type() == "DateField"
    assert not any(field.related_model is Response for field in PersonalLink._meta.get_fields())

    # The double-submit key is kept apart: no foreign key to or from the response.
    (key_row,) = raw_rows(SubmissionKey)
    assert set(key_row) == {"key", "survey_id", "used_on"}
    assert not any(field.related_model is SubmissionKey for field in Response._meta.get_fields())


def test_a_named_answer_keeps_the_name_but_no_time_of_day(client):
    survey = make_survey(groups=("Alle",))
    score, attended, meetings, why_not = make_conditional_questions(survey)
    url = survey.get_public_url()
    data = answer_data(client, url, anonymous="no", name="Per Hansen", **{f"q{score.pk}": "4", f"q{attended.pk}": "no"})
    assert client.post(url, data).status_code == 302
    (stored,) = raw_rows(Response)
    assert stored["respondent_name"] == "Per Hansen"
    assert isinstance(Response.objects.get().submitted_on, datetime.date)
    assert not isinstance(Response.objects.get().submitted_on, datetime.datetime)


def test_the_database_refuses_a_name_on_an_anonymous_response():
    from django.db import IntegrityError, transaction

    survey = make_survey()
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            survey=survey, group=survey.groups.first(), anonymous=True, respondent_name="Kari", submitted_on=timezone.localdate()
        )
