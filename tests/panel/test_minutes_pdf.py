"""The minutes PDF is made by the job worker, never inside a request, and the minutes form refuses
text too long to be minutes (a 2 MB paste made a 554-page PDF that timed out as a bare 500)."""

import datetime

import pytest
from django.urls import reverse

from panel.forms import MINUTES_MAX_CHARACTERS
from panel.models import Meeting
from portal.background.jobs import Job
from tests.conftest import client_for
from tests.pdfua import pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return Meeting.objects.create(
        kind="panel", date=datetime.date(2026, 3, 5), title="Marsmøtet", status="held",
        minutes="<p>Vi avtalte tolk og lokaler.</p>",
    )


def test_the_pdf_is_rendered_by_a_job_and_served_when_ready(client, coordinator, meeting, run_jobs):
    client.force_login(coordinator)
    url = reverse("panel:minutes_pdf", args=[meeting.pk])
    with run_jobs():
        waiting = client.get(url)
        assert waiting["Content-Type"].startswith("text/html") and waiting["Cache-Control"] == "private, no-store"
        page = waiting.content.decode()
        assert "Referatet lages som PDF i bakgrunnen." in page and "<progress" in page and "Last ned PDF" in page
        assert client.get(url).status_code == 200  # a reload while it waits starts no second job
        assert Job.objects.filter(kind="panel.minutes_pdf").count() == 1
    job = Job.objects.get()
    assert job.state == "succeeded" and job.owner == coordinator

    ready = client.get(url)
    assert ready["Content-Type"] == "application/pdf"
    assert ready["Content-Disposition"] == 'inline; filename="referat-2026-03-05.pdf"'
    assert "Vi avtalte tolk og lokaler." in pdftotext(ready.getvalue())


def test_changed_minutes_are_never_served_from_the_old_pdf(client, coordinator, meeting, run_jobs):
    client.force_login(coordinator)
    url = reverse("panel:minutes_pdf", args=[meeting.pk])
    with run_jobs():
        client.get(url)
    assert client.get(url)["Content-Type"] == "application/pdf"
    meeting.minutes = "<p>Rettet: vi avtalte bare tolk.</p>"
    meeting.save()
    with run_jobs():
        assert client.get(url)["Content-Type"].startswith("text/html")
    assert "Rettet: vi avtalte bare tolk." in pdftotext(client.get(url).getvalue())


def test_minutes_above_the_limit_get_a_clear_error_and_the_text_stays_in_the_form(client, coordinator, meeting):
    client.force_login(coordinator)
    too_long = "<p>" + "a" * (MINUTES_MAX_CHARACTERS + 1) + "</p>"
    response = client.post(reverse("panel:meeting_minutes", args=[meeting.pk]), {"minutes": too_long})
    assert response.status_code == 200
    assert "Referatet er for langt: 100\u00a0001 tegn, høyst 100\u00a0000 er lov." in response.content.decode()
    assert response.context["form"]["minutes"].value() == too_long  # nothing typed is lost
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>Vi avtalte tolk og lokaler.</p>"
    # Markup does not count: exactly the limit in text, inside a list, is saved.
    at_limit = "<ul><li><p>" + "a" * MINUTES_MAX_CHARACTERS + "</p></li></ul>"
    assert client.post(reverse("panel:meeting_minutes", args=[meeting.pk]), {"minutes": at_limit}).status_code == 302


def test_only_coordinators_get_the_minutes_pdf(client, council_staff, editor, meeting):
    url = reverse("panel:minutes_pdf", args=[meeting.pk])
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    assert client_for(client, council_staff).get(url).status_code == 403
    assert client_for(client, editor).get(url).status_code == 403
    assert not Job.objects.exists()
