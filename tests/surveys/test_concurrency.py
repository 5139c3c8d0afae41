"""Submissions arriving at once are each stored exactly once.

On PostgreSQL (CI runs the suite there too) 50 threads post at the same moment: 25 forms, each
sent twice at once (a double click), plus two tabs racing for one personal link. SQLite locks
the whole database per write, so there the same double submissions run one after the other.
The full 200-submission run against a real server is scripts/bench_survey_submissions.py.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from surveys.models import Answer, PersonalLink, Response, SubmissionKey
from tests.surveys.factories import answer_data, make_conditional_questions, make_survey, submit_url

pytestmark = pytest.mark.django_db(transaction=True)

FORMS = 25


def prepared_forms(survey, url, count, **extra):
    score, attended, _meetings, _why_not = survey.questions.order_by("position")
    client = Client()
    return [
        answer_data(client, url, anonymous="yes", group=str(survey.groups.first().pk),
                    **{f"q{score.pk}": str(1 + n % 5), f"q{attended.pk}": "no"}, **extra)
        for n in range(count)
    ]


def post_all_at_once(url_and_data):
    barrier = threading.Barrier(len(url_and_data))
    statuses, errors = [], []

    def post(url, data):
        try:
            barrier.wait()
            statuses.append(Client().post(url, data).status_code)
        except Exception as error:  # surfaced in the assertion below, not lost in the thread
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=item) for item in url_and_data]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, errors


def test_double_submissions_are_stored_once():
    survey = make_survey()
    make_conditional_questions(survey)
    url = survey.get_public_url()
    forms = prepared_forms(survey, url, FORMS)
    link = PersonalLink.objects.create(survey=survey)
    tabs = prepared_forms(survey, link.get_absolute_url(), 2)
    posts = [(url, data) for data in forms for _twice in range(2)] + [(submit_url(link), data) for data in tabs]

    if connection.vendor == "postgresql":
        statuses, errors = post_all_at_once(posts)
        assert errors == []
        assert len(statuses) == len(posts)
    else:
        statuses = [Client().post(target, data).status_code for target, data in posts]

    # Every double click ends on the thank-you page; one of the two tabs is told the link is used.
    assert statuses.count(302) == len(posts) - 1
    assert statuses.count(200) == 1
    assert Response.objects.count() == FORMS + 1
    assert SubmissionKey.objects.count() == FORMS + 1
    assert Answer.objects.count() == 2 * (FORMS + 1)
    link.refresh_from_db()
    assert link.used_on is not None
