"""Anonymity that survives a database dump and the logs (docs/operations.md "Anonymity").

Someone with database access, a backup or the server logs must not be able to join an answer to
the personal link it came through. Each test plays one attack of the audit:

- shared transaction id (`xmin`): the link's claim and the answer were one transaction;
- physical / insertion order: used links and answers lay in the heap in the order of use;
- row-id sequence: answer ids numbered the answers in the order they came;
- timestamps: anything finer than the day beside a used link or an answer;
- a token in a logged URL: the submission was `POST /undersokelser/lenke/<token>/`;
- all of them at once on a dump of the whole database (`pg_dump`; on SQLite the file and its
  write-ahead log, whose old page versions once held every state of the day's batch in order),
  with two draft report downloads between the answers.

The first three need PostgreSQL's system columns and run in real transactions there; on SQLite
they skip with the reason (CI runs the suite on both).
"""

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys import services
from surveys.models import RANDOM_ID_FLOOR, Answer, PersonalLink, Response, SubmissionKey
from tests.dumps import database_dump
from tests.surveys.factories import make_survey

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="xmin and ctid are PostgreSQL system columns (CI runs PostgreSQL too)"
)


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def build_survey():
    from surveys.models import Question, QuestionKind

    survey = make_survey(groups=("Innvandrerorganisasjon",))
    question = Question.objects.create(survey=survey, position=1, kind=QuestionKind.SCORE, text="Nytte?", required=True)
    return survey, question


def answer_through(link, question, *, anonymous, name=""):
    """A respondent with a browser of their own: opens the link, sends the form as the page says."""
    client = Client()
    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    form = page.context["form"]
    data = {"key": form["key"].value(), "lenke": link.token, f"q{question.pk}": "4", "anonymous": "yes" if anonymous else "no"}
    if name:
        data["name"] = name
    response = client.post(page.context["form_action"], data)
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def three_links_used_in_order(monkeypatch):
    """Kari (named), then an anonymous respondent, then Per (named), through three links.

    The links' random tokens and the answers' random ids are chosen *against* the order of use
    (descending), so an order that follows them is provably not the order of use."""
    survey, question = build_survey()
    links = [
        PersonalLink.objects.create(survey=survey, token=f"{letter}" * 43, label=label)
        for letter, label in (("c", "Kari"), ("b", "Anonym respondent"), ("a", "Per"))
    ]
    descending = itertools.count(RANDOM_ID_FLOOR + 9_000_000_000_000, -1_000)
    monkeypatch.setattr(services, "random_id", lambda: next(descending))
    answer_through(links[0], question, anonymous=False, name="Kari Nordmann")
    answer_through(links[1], question, anonymous=True)
    answer_through(links[2], question, anonymous=False, name="Per Hansen")
    return survey, links


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_no_answer_shares_a_transaction_id_with_a_link(three_links_used_in_order):
    survey, links = three_links_used_in_order
    response_xmins = {row[0] for row in sql("SELECT xmin::text FROM surveys_response")}
    answer_xmins = {row[0] for row in sql("SELECT xmin::text FROM surveys_answer")}
    link_xmins = {row[0] for row in sql("SELECT xmin::text FROM surveys_personallink")}
    # The day's answers were written again together: one transaction id for all three, so
    # the id says nothing about which answer came when...
    assert len(response_xmins) == 1 and answer_xmins == response_xmins
    # ...and no link was claimed in the transaction that wrote an answer.
    assert not response_xmins & link_xmins
    # The used links were written again together too: their ids do not tell the order of use.
    assert len(link_xmins) == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_physical_order_of_answers_and_links_is_not_the_order_of_use(three_links_used_in_order):
    survey, links = three_links_used_in_order
    # The attack: rank used links and answers by their place in the table and pair them off.
    links_by_place = [row[0] for row in sql("SELECT label FROM surveys_personallink ORDER BY ctid")]
    answers_by_place = [
        row[0] or "anonym" for row in sql("SELECT respondent_name FROM surveys_response ORDER BY ctid")
    ]
    order_of_use = ["Kari", "Anonym respondent", "Per"]
    assert links_by_place != order_of_use
    assert answers_by_place != ["Kari Nordmann", "anonym", "Per Hansen"]
    # The order they lie in is the order of their random keys, nothing else.
    assert links_by_place == [row[0] for row in sql("SELECT label FROM surveys_personallink ORDER BY token")]
    assert answers_by_place == [
        row[0] or "anonym" for row in sql("SELECT respondent_name FROM surveys_response ORDER BY id")
    ]
    answer_owner_by_place = [row[0] for row in sql(
        "SELECT r.respondent_name FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id ORDER BY a.ctid"
    )]
    assert answer_owner_by_place == [row[0] for row in sql(
        "SELECT r.respondent_name FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id ORDER BY a.id"
    )]


@pytest.mark.django_db(transaction=True)
def test_answer_ids_come_from_no_sequence():
    # The attack: ids 41 (Kari) < 42 (anonymous) < 43 (Per) bracket the anonymous answer.
    survey, question = build_survey()
    imported = Response.objects.create(survey=survey, group=survey.groups.get(), anonymous=True, submitted_on="2025-01-01")
    links = [PersonalLink.objects.create(survey=survey) for _n in range(6)]
    for link in links:
        answer_through(link, question, anonymous=True)
    after = Response.objects.create(survey=survey, group=survey.groups.get(), anonymous=True, submitted_on="2025-01-01")
    ids = sorted(Response.objects.exclude(pk__in=[imported.pk, after.pk]).values_list("id", flat=True))
    assert len(ids) == 6
    # Random ids far above the sequence: consecutive web answers are nowhere near consecutive
    # numbers, and they did not advance the sequence either (nothing counts them).
    assert min(ids) >= RANDOM_ID_FLOOR
    assert min(b - a for a, b in zip(ids, ids[1:])) > 1_000_000
    if connection.vendor == "postgresql":
        # PostgreSQL's sequence never saw them (SQLite numbers on from the largest id instead).
        assert after.pk == imported.pk + 1
    answer_ids = sorted(Answer.objects.values_list("id", flat=True))
    assert min(answer_ids) >= RANDOM_ID_FLOOR


@pytest.mark.django_db
def test_nothing_beside_a_used_link_or_an_answer_is_finer_than_the_day():
    survey, question = build_survey()
    link = PersonalLink.objects.create(survey=survey)
    created_at = PersonalLink.objects.values_list("created_at", flat=True).get()
    answer_through(link, question, anonymous=True)
    timed = ("DateTimeField", "TimeField")
    for model in (Response, Answer, SubmissionKey):
        assert [f.name for f in model._meta.concrete_fields if f.get_internal_type() in timed] == [], model
    # The link's one time column is its creation by the coordinator, untouched by the answer.
    assert [f.name for f in PersonalLink._meta.concrete_fields if f.get_internal_type() in timed] == ["created_at"]
    ((created_after, used_on),) = PersonalLink.objects.values_list("created_at", "used_on")
    assert created_after == created_at and type(used_on).__name__ == "date"


@pytest.mark.django_db
def test_no_url_of_the_submission_holds_the_personal_token(client, caplog):
    survey, question = build_survey()
    link = PersonalLink.objects.create(survey=survey)
    page = client.get(link.get_absolute_url())
    # The page with the token in its address never hands that address on as a Referer.
    assert page["Referrer-Policy"] == "strict-origin"
    assert page["Cache-Control"] == "private, no-store"
    action = page.context["form_action"]
    assert link.token not in action
    assert f'action="{action}"' in page.content.decode()
    # The old target (the token's address) takes no answers.
    assert client.post(link.get_absolute_url(), {"key": "x"}).status_code == 405
    caplog.clear()
    caplog.set_level("DEBUG")
    data = {"key": page.context["form"]["key"].value(), "lenke": link.token, f"q{question.pk}": "4", "anonymous": "yes"}
    response = client.post(action, data)
    assert response.status_code == 302 and link.token not in response["Location"]
    assert link.token not in caplog.text
    link.refresh_from_db()
    assert link.used_on is not None and Response.objects.count() == 1
    # Exactly once per link: the same link again, with a fresh form, is refused.
    page = client.get(link.get_absolute_url())
    assert "surveys/link_used.html" in [t.name for t in page.templates]
    second = client.post(action, {**data, "key": "another-fresh-key"})
    assert Response.objects.count() == 1
    assert "surveys/link_used.html" in [t.name for t in second.templates]


@pytest.mark.django_db
def test_a_link_token_of_another_survey_is_not_accepted(client):
    survey, question = build_survey()
    other = make_survey(title="Annen")
    link = PersonalLink.objects.create(survey=other)
    url = reverse("surveys:answer_personal_submit", args=[survey.public_token])
    assert client.post(url, {"lenke": link.token}).status_code == 404
    assert client.post(url, {"lenke": ""}).status_code == 404


TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d(?::?\d\d)?)?")


def times_in(line):
    """Every date and time of day in a dumped row (SQLite keeps them in UTC without an offset)."""
    moments = [datetime.datetime.fromisoformat(found.replace(" ", "T")) for found in TIMESTAMP.findall(line)]
    return [m if m.tzinfo else m.replace(tzinfo=datetime.timezone.utc) for m in moments]


@pytest.mark.slow(reason="two draft report PDFs rendered in the request, and a dump of the whole database")
@pytest.mark.django_db(transaction=True)
def test_a_dump_after_link_and_anonymous_answers_and_two_draft_downloads_pairs_no_answer_with_a_link(
    client, council_staff, database_cache, monkeypatch, tmp_path
):
    """The audit's attack on a dump (pg_dump; on SQLite the file and its -wal): answers sent in a
    known order through personal links and the public address, a draft report downloaded twice
    between them. Nothing in the dump pairs an answer with a link."""
    from reports import services as report_services
    from tests.conftest import client_for
    from tests.surveys.test_anonymity_invariant import build_open_survey

    survey, score, text = build_open_survey()
    # Created in one order, with tokens in another, and used in a third: neither the links' ids
    # nor their tokens can pass for the order of use.
    names = ["Kari Nordmann", "Per Hansen", "Aisha Khan", "Ola Ubrukt"]
    links = {
        name: PersonalLink.objects.create(survey=survey, token=letter * 43, label=f"Sendt til {name}")
        for name, letter in zip(names, "adbe")
    }
    descending = itertools.count(RANDOM_ID_FLOOR + 9_000_000_000_000, -1_000)  # ids against the order of arrival
    monkeypatch.setattr(services, "random_id", lambda: next(descending))
    report_services.report_create(year=2025)
    client_for(client, council_staff)

    def through_link(name, value):
        link = links[name]
        browser = Client()
        page = browser.get(link.get_absolute_url())
        data = {"key": page.context["form"]["key"].value(), "lenke": link.token, f"q{score.pk}": "4",
                f"q{text.pk}": value, "anonymous": "yes"}
        assert browser.post(page.context["form_action"], data).status_code == 302

    def anonymously(value):
        browser = Client(REMOTE_ADDR="203.0.113.7")
        page = browser.get(survey.get_public_url())
        data = {"key": page.context["form"]["key"].value(), f"q{score.pk}": "3", f"q{text.pk}": value, "anonymous": "yes"}
        assert browser.post(survey.get_public_url(), data).status_code == 302

    def draft_download():
        response = client.get("/rapporter/2025.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    started = timezone.now()
    order = [("Per Hansen", "Svar-lenke-1"), (None, "Svar-anonymt-1"), ("draft", None), ("Aisha Khan", "Svar-lenke-2"),
             ("draft", None), ("Kari Nordmann", "Svar-lenke-3"), (None, "Svar-anonymt-2")]
    for who, value in order:
        if who == "draft":
            draft_download()
        elif who is None:
            anonymously(value)
        else:
            through_link(who, value)
    answers_in_order = [value for who, value in order if value]
    links_in_order = [f"Sendt til {who}" for who, value in order if value and who]

    dump = database_dump(tmp_path)

    # No copy of an answer anywhere but its row: no cached draft PDF, no job, no old version of a
    # page in the log or the free space (each answer's text is in the files once).
    for value in answers_in_order:
        assert dump.tables_holding(value) == {"surveys_answer"}, value
        assert dump.raw.count(value) == 1, (value, dump.raw.count(value))
    assert "reports:pdf" not in dump.rows and "reports.draft_pdf" not in dump.rows
    # A link is named only by its own row, as often as a link never used (no old versions).
    unused = links["Ola Ubrukt"].token
    for name, link in links.items():
        assert dump.tables_holding(link.token) == {"surveys_personallink"}, name
        assert dump.tables_holding(link.label) == {"surveys_personallink"}, name
        assert dump.raw.count(link.token) == dump.raw.count(unused), name
    # No time of day beside a link after the coordinator made it, and nothing audited meanwhile.
    for line in dump.table_rows("surveys_personallink"):
        assert all(moment < started for moment in times_in(line)), line
    for line in dump.table_rows("auditlog_logentry"):
        assert all(moment < started for moment in times_in(line)), line
    # No order in the dump follows the order of use: used links lie in token order (PostgreSQL's
    # heap, written again in the claiming transaction) or in the order the coordinator made them
    # (SQLite's rowid), answers in the order of their random ids (chosen against the arrival).
    link_rows = [label for line in dump.table_rows("surveys_personallink") for label in links_in_order if label in line]
    by_label = {link.label: link for link in links.values()}
    key = (lambda label: by_label[label].token) if connection.vendor == "postgresql" else (lambda label: by_label[label].pk)
    assert link_rows == sorted(links_in_order, key=key) != links_in_order
    answer_rows = [value for line in dump.table_rows("surveys_answer") for value in answers_in_order if value in line]
    assert answer_rows == list(reversed(answers_in_order)) != answers_in_order
