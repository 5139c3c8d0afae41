"""Send it: a published report goes to a mailing segment and to named recipients (the leadership
group, the political committee), each with the public link; the sending is recorded and shown on
the report's page."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from mailings.models import Mailing
from reports import services
from reports.models import ReportSending
from tests.conftest import client_for, make_organisation
from tests.mailings.factories import person, segment

pytestmark = pytest.mark.django_db

NAMED = "Kommunedirektørens ledergruppe <ledergruppen@example.org>\n\nUtvalg for helse <helse@example.org>"


@pytest.fixture
def published():
    report = services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=datetime.date(2026, 3, 11))
    return services.report_publish(report=report, published_on=datetime.date(2026, 3, 20))


def test_a_published_report_goes_to_a_segment_and_named_recipients_with_its_link(client, coordinator, published, run_jobs):
    organisation = make_organisation(name="Adle")
    person(organisation, "Amina Demo", "amina@example.org")
    person(make_organisation(name="Utenfor utvalget", kind="voluntary_organisation"), "Ola Demo", "ola@example.org")
    chosen = segment("Innvandrerorganisasjoner", kinds=["immigrant_organisation"])
    with run_jobs():
        response = client_for(client, coordinator).post(
            reverse("reports:report_send", args=[published.pk]), {"segment": chosen.pk, "named": NAMED}
        )
    assert response.status_code == 302
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == sorted([
        "Kommunedirektørens ledergruppe <ledergruppen@example.org>", "Utvalg for helse <helse@example.org>", "amina@example.org",
    ])
    for message in mail.outbox:
        text = message.body
        assert "http://127.0.0.1:8000/rapporter/2025/" in text and "Årsrapport 2025 er godkjent av Erfaringspanelet 11. mars 2026" in text

    sending = ReportSending.objects.get(report=published)
    assert sending.mailing == Mailing.objects.get() and sending.segment_name == "Innvandrerorganisasjoner"
    assert [r["name"] for r in sending.named_recipients] == ["Kommunedirektørens ledergruppe", "Utvalg for helse"]
    page = client.get(reverse("reports:report_edit", args=[published.pk])).content.decode()
    assert "Innvandrerorganisasjoner" in page and "Kommunedirektørens ledergruppe, Utvalg for helse" in page


def test_council_staff_see_that_it_was_sent_but_not_to_whom_by_name(client, coordinator, council_staff, published):
    services.report_send(report=published, named=[("Ledergruppen", "ledergruppen@example.org")], user=coordinator)
    page = client_for(client, council_staff).get(reverse("reports:report_edit", args=[published.pk])).content.decode()
    assert "1 navngitt mottaker" in page and "Ledergruppen" not in page
    assert client.post(reverse("reports:report_send", args=[published.pk]), {"named": NAMED}).status_code == 403
    assert len(mail.outbox) == 1


def test_a_report_that_is_not_published_is_not_sent_and_bad_addresses_are_named(client, coordinator, published):
    draft = services.report_create(year=2024)
    client = client_for(client, coordinator)
    page = client.post(reverse("reports:report_send", args=[draft.pk]), {"named": NAMED}, follow=True).content.decode()
    assert "Publiser rapporten før den sendes" in page
    page = client.post(
        reverse("reports:report_send", args=[published.pk]), {"named": "Ledergruppen <ledergruppen@example.org>\nBare et navn"},
        follow=True,
    ).content.decode()
    assert "Linje 2 har ingen gyldig e-postadresse." in page
    page = client.post(reverse("reports:report_send", args=[published.pk]), {"named": ""}, follow=True).content.decode()
    assert "Velg et utvalg eller skriv inn minst én mottaker." in page
    assert mail.outbox == [] and not ReportSending.objects.exists()
