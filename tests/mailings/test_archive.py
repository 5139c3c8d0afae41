"""The archive: every mailing kept with its recipients; coordinators read the persons and
addresses, council staff read the mailing and the organisations but no person and no address."""

import pytest
from django.core import mail

from mailings.models import Recipient
from tests.conftest import make_organisation
from tests.mailings import factories as f
from tests.mailings.jobqueue import run_queued_jobs

pytestmark = pytest.mark.django_db

MARKER_NAME = "Markørperson Qxv"
MARKER_ADDRESS = "markor-qxv@example.org"


@pytest.fixture
def sent_mailing(client, coordinator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_MAILING_RATE_PER_MINUTE = 0
    organisation = make_organisation("Markørforeningen")
    f.person(organisation, MARKER_NAME, MARKER_ADDRESS)
    mailing_ = f.mailing(f.segment("Alle"), subject="Våronn i foreningene")
    client.force_login(coordinator)
    client.post(f"/koordinator/utsendelser/{mailing_.pk}/send/")
    run_queued_jobs()
    client.logout()
    assert [m.to for m in mail.outbox] == [[MARKER_ADDRESS]]
    return mailing_


def test_coordinators_read_the_recipients_and_their_delivery(client, coordinator, sent_mailing):
    client.force_login(coordinator)
    archive = client.get("/koordinator/utsendelser/").content.decode()
    assert "Våronn i foreningene" in archive and "1 / 1" in archive
    page = client.get(f"/koordinator/utsendelser/{sent_mailing.pk}/").content.decode()
    assert MARKER_NAME in page and MARKER_ADDRESS in page and "Levert" in page


def test_council_staff_read_the_archive_without_persons_or_addresses(client, council_staff, sent_mailing):
    client.force_login(council_staff)
    archive = client.get("/koordinator/utsendelser/")
    page = client.get(f"/koordinator/utsendelser/{sent_mailing.pk}/")
    progress = client.get(f"/koordinator/utsendelser/{sent_mailing.pk}/fremdrift/")
    assert archive.status_code == page.status_code == progress.status_code == 200
    text = archive.content.decode() + page.content.decode() + progress.content.decode()
    assert "Våronn i foreningene" in text and "Markørforeningen" in text
    assert MARKER_NAME not in text and MARKER_ADDRESS not in text and "markor-qxv" not in text
    # Nor may they record replies or bounces.
    recipient = Recipient.objects.get()
    assert client.post(f"/koordinator/utsendelser/mottakere/{recipient.pk}/svar/").status_code == 403


@pytest.mark.parametrize("user_fixture", ["editor", "outsider"])
def test_editors_and_outsiders_read_nothing(client, request, user_fixture, sent_mailing):
    client.force_login(request.getfixturevalue(user_fixture))
    for url in ("/koordinator/utsendelser/", f"/koordinator/utsendelser/{sent_mailing.pk}/"):
        response = client.get(url)
        assert response.status_code == 403
        assert MARKER_ADDRESS not in response.content.decode()


def test_an_erased_person_leaves_the_archive_without_their_name_or_address(client, coordinator, sent_mailing):
    from portal.privacy import erasure

    erasure.erase(Recipient.objects.get().person)
    client.force_login(coordinator)
    page = client.get(f"/koordinator/utsendelser/{sent_mailing.pk}/").content.decode()
    assert MARKER_NAME not in page and MARKER_ADDRESS not in page
    assert "slettet person" in page and "Markørforeningen" in page


def test_the_archive_list_takes_a_fixed_number_of_queries(client, coordinator, sent_mailing, django_assert_num_queries):
    f.mailing(f.segment("Andre"), subject="Nummer to")
    client.force_login(coordinator)
    client.get("/koordinator/utsendelser/")  # warm the session
    # 1 session, 2 user, 3 the user's groups (roles), 4 whether the user edits an organisation
    # (base.html's menu), 5 the mailings with their counts and author
    with django_assert_num_queries(5):
        client.get("/koordinator/utsendelser/")
