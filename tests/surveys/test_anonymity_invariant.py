"""Nothing derived from an open survey's answers is persisted outside the answer tables, and a
personal link's use is recorded without a time and never audited (docs/operations.md "Anonymity: the threat
model"). Each test is one door an audit opened: the draft report PDF cached twice around an
answer (with its job row), the audit trail of personal links, and the results page."""

import datetime
import io
from pathlib import Path

import pypdf
import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.utils import timezone

from portal.background.jobs import Job
from reports import services as report_services
from surveys import services
from surveys.models import PersonalLink, Question, QuestionKind
from tests.conftest import client_for
from tests.dumps import database_dump
from tests.surveys.factories import make_survey

SECRET = "Hemmelig svar 7391"
# The shared database cache, as in production: it is where the cached drafts were found.
pytestmark = pytest.mark.usefixtures("database_cache")


def build_open_survey(report_year=2025):
    survey = make_survey(groups=("Innvandrerorganisasjon",), report_year=report_year, min_group_size=1)
    score = Question.objects.create(survey=survey, position=1, kind=QuestionKind.SCORE, text="Nytte?", required=True)
    text = Question.objects.create(survey=survey, position=2, kind=QuestionKind.TEXT, text="Hva mer?")
    return survey, score, text


def answer_through(link, score, text, *, value):
    """A respondent with a browser of their own: opens the link and sends the form as the page says."""
    client = Client()
    page = client.get(link.get_absolute_url())
    form = page.context["form"]
    data = {"key": form["key"].value(), "lenke": link.token, f"q{score.pk}": "4", f"q{text.pk}": value, "anonymous": "yes"}
    response = client.post(page.context["form_action"], data)
    assert response.status_code == 302, response.content.decode()[:500]


def pdf_text(data):
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def everything_kept_outside_the_answer_tables():
    """Every cache row (decoded), every job row and every file in the media folders, as text."""
    from django.core.cache import cache

    kept = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM portal_cache")
        keys = [row[0] for row in cursor.fetchall()]
    for key in keys:
        value = cache.get(key.split(":", 2)[-1])  # the backend's key is "<prefix>:<version>:<key>"
        kept.append(repr(key))
        kept.append(pdf_text(value) if isinstance(value, bytes) and value.startswith(b"%PDF") else repr(value))
    kept.extend(repr(row) for row in Job.objects.values())
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for path in Path(root).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                kept.append(pdf_text(data) if data.startswith(b"%PDF") else data.decode("utf-8", "replace"))
    return "\n".join(kept)


@pytest.mark.django_db
def test_two_draft_downloads_around_an_answer_store_nothing_of_it(client, council_staff):
    survey, score, text = build_open_survey()
    links = services.personal_links_create(survey=survey, count=2, label="Sendt til Kari")
    answer_through(links[0], score, text, value="Første svar")
    report_services.report_create(year=2025)
    client_for(client, council_staff)

    before = client.get("/rapporter/2025.pdf")
    answer_through(links[1], score, text, value=SECRET)
    after = client.get("/rapporter/2025.pdf")

    # Both downloads are the PDF itself, rendered in the request: the results are in them …
    for response in (before, after):
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
    assert SECRET not in pdf_text(before.getvalue()) and SECRET in pdf_text(after.getvalue())
    page = client.get("/rapporter/2025/")  # the draft's page: computed now, kept by no cache either
    assert SECRET in page.content.decode() and page["Cache-Control"] == "private, no-store"
    # … and kept nowhere: no cached PDF, no job row, no file, nothing with an answer in it.
    kept = everything_kept_outside_the_answer_tables()
    assert "reports:pdf" not in kept and "Første svar" not in kept and SECRET not in kept
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_closed_surveys_draft_is_still_rendered_once_by_the_worker_and_cached(client, council_staff, run_jobs):
    survey, score, text = build_open_survey()
    answer_through(services.personal_links_create(survey=survey, count=1)[0], score, text, value=SECRET)
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.save(update_fields=["closes_on"])
    report_services.report_create(year=2025)
    client_for(client, council_staff)

    with run_jobs():
        waiting = client.get("/rapporter/2025.pdf")

    assert waiting["Content-Type"].startswith("text/html") and Job.objects.get().kind == "reports.draft_pdf"
    ready = client.get("/rapporter/2025.pdf")
    assert ready["Content-Type"] == "application/pdf" and SECRET in pdf_text(ready.getvalue())
    assert SECRET in everything_kept_outside_the_answer_tables()  # closed: no answer can follow it


@pytest.mark.django_db
def test_a_personal_links_use_writes_nothing_to_the_audit_trail(client, coordinator):
    survey, score, text = build_open_survey()
    links = services.personal_links_create(survey=survey, count=3, label="Sendt til Kari Nordmann")
    entries_before = LogEntry.objects.count()

    for link in links:
        answer_through(link, score, text, value="Et svar")

    assert LogEntry.objects.count() == entries_before
    link_type = ContentType.objects.get_for_model(PersonalLink)
    assert not LogEntry.objects.filter(content_type=link_type).exists()
    assert PersonalLink.objects.filter(used_on=timezone.localdate()).count() == 3
    # The trail page offers no personal links, and shows none when asked for them.
    client_for(client, coordinator)
    page = client.get("/koordinator/logg/", {"model": "surveys.personallink"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kari Nordmann" not in html and 'value="surveys.personallink"' not in html


@pytest.mark.django_db
def test_the_upgrade_deletes_the_link_entries_written_before(coordinator):
    import importlib

    from django.apps import apps

    survey, _score, _text = build_open_survey()
    link = services.personal_links_create(survey=survey, count=1, label="Sendt til Kari")[0]
    link_type = ContentType.objects.get_for_model(PersonalLink)
    LogEntry.objects.create(content_type=link_type, object_pk=str(link.pk), object_repr="Sendt til Kari", action=1, changes={"used_on": ["None", "2025-05-02"]})
    kept = LogEntry.objects.create(content_type=ContentType.objects.get_for_model(type(survey)), object_pk=str(survey.pk), object_repr="Evaluering", action=0)

    migration = importlib.import_module("surveys.migrations.0006_personal_links_leave_the_audit_trail")
    migration.forget_link_entries(apps, None)

    assert list(LogEntry.objects.filter(content_type=link_type)) == []
    assert LogEntry.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_the_results_page_is_computed_per_request_and_kept_by_no_cache(client, coordinator):
    survey, score, text = build_open_survey()
    client_for(client, coordinator)
    first = client.get(f"/koordinator/undersokelser/{survey.pk}/resultater/")
    answer_through(services.personal_links_create(survey=survey, count=1)[0], score, text, value=SECRET)
    second = client.get(f"/koordinator/undersokelser/{survey.pk}/resultater/")

    assert first["Cache-Control"] == second["Cache-Control"] == "private, no-store"
    assert SECRET not in first.content.decode() and SECRET in second.content.decode()


@pytest.mark.django_db
def test_a_report_is_not_frozen_while_a_survey_of_its_year_is_open(client, coordinator):
    survey, score, text = build_open_survey()
    answer_through(services.personal_links_create(survey=survey, count=1)[0], score, text, value=SECRET)
    report = report_services.report_create(year=2025)
    client_for(client, coordinator)

    response = client.post(
        f"/koordinator/rapporter/{report.pk}/godkjenn/",
        {"approved_by_body": "Erfaringspanelet", "approved_on": "2026-03-11", "confirmed": "1"},
        follow=True,
    )

    report.refresh_from_db()
    assert report.is_draft and not report.snapshot
    assert "fortsatt åpen" in response.content.decode()
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.save(update_fields=["closes_on"])
    report_services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=datetime.date(2026, 3, 11))
    report.refresh_from_db()
    assert not report.is_draft and SECRET in str(report.snapshot)


@pytest.mark.django_db
def test_public_answering_is_rate_limited_per_visitor_and_the_answer_is_kept_on_the_page(client, monkeypatch):
    from django.core.cache import cache

    from surveys import views
    from surveys.models import Response

    monkeypatch.setitem(views.ANSWER_RATE, "limit", 2)
    survey, score, text = build_open_survey()
    cache.clear()

    def send(visitor, value):
        browser = Client(REMOTE_ADDR=visitor)
        page = browser.get(survey.get_public_url())
        data = {"key": page.context["form"]["key"].value(), f"q{score.pk}": "4", f"q{text.pk}": value, "anonymous": "yes"}
        return browser.post(survey.get_public_url(), data)

    assert [send("203.0.113.7", f"Svar {n}").status_code for n in range(2)] == [302, 302]
    refused = send("203.0.113.7", "Tredje svar")
    other = send("198.51.100.4", "Fra en annen")

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert "Vent 10 minutter og send svaret igjen" in html and "Tredje svar" in html  # kept on the page, not lost
    assert other.status_code == 302
    assert Response.objects.count() == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM portal_cache")
        keys = " ".join(row[0] for row in cursor.fetchall())
    assert "survey-answer" in keys and "203.0.113.7" not in keys and "198.51.100.4" not in keys


@pytest.mark.django_db
def test_the_upgrade_deletes_draft_pdfs_earlier_versions_cached(settings):
    import importlib

    from django.apps import apps
    from django.core.cache import cache

    cache.set("reports:pdf:" + "0" * 64, b"%PDF- a draft with answers", 3600)
    cache.set("ratelimit:other:x", 1, 3600)
    migration = importlib.import_module("surveys.migrations.0006_personal_links_leave_the_audit_trail")

    migration.forget_cached_drafts(apps, connection.schema_editor())

    assert cache.get("reports:pdf:" + "0" * 64) is None and cache.get("ratelimit:other:x") == 1


@pytest.mark.django_db(transaction=True)
def test_a_dump_after_links_mailed_from_the_register_and_a_reminder_holds_no_token_outside_the_links(run_jobs, mailoutbox, tmp_path):
    """Sent from the register, a link knows its person (so the reminder skips who has answered).
    The attack: a dump after the sending job, an anonymous answer and the reminder job. No token
    stands anywhere but in the links (the jobs carry the survey's id and render in the worker),
    no answer holds the person, and the person's link carries days, not times."""
    from surveys import tasks
    from tests.conftest import make_organisation
    from tests.mailings.factories import person

    survey, score, text = build_open_survey()
    organisation = make_organisation(name="Eritreisk Forening")
    persons = [person(organisation, name, f"{name.lower()}@example.org") for name in ("Kari", "Amina", "Per")]
    services.survey_send_to_persons(survey=survey, persons=persons)
    with run_jobs():
        tasks.survey_links_start(survey=survey, user=None)
    links = {link.person.name: link for link in PersonalLink.objects.select_related("person")}
    answer_through(links["Amina"], score, text, value=SECRET)
    with run_jobs():
        tasks.survey_reminders_start(survey=survey, user=None)

    assert sorted(message.to[0] for message in mailoutbox) == [
        "amina@example.org", "kari@example.org", "kari@example.org", "per@example.org", "per@example.org",
    ]
    dump = database_dump(tmp_path)
    for link in links.values():
        assert dump.tables_holding(link.token) == {"surveys_personallink"}
    assert dump.tables_holding(SECRET) == {"surveys_answer"}
    assert not dump.tables_holding("amina@example.org") & {"surveys_response", "surveys_answer", "surveys_personallink"}
    timed = ("DateTimeField", "TimeField")
    assert [f.name for f in PersonalLink._meta.concrete_fields if f.get_internal_type() in timed] == ["created_at"]
