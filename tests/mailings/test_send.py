"""A mailing from the coordinator's send button to the inboxes, through the background task:
who receives it (consent, opt-out, suppression), its opt-out header and link, and the contact-log
entries and outreach figures that follow."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from mailings import services
from mailings.models import ContactPreference, MailingStatus, Recipient, RecipientStatus, Suppression
from organisations.models import Kind
from outreach import selectors as outreach_selectors
from outreach.models import Contact
from tests.conftest import make_organisation
from tests.mailings import factories as f
from tests.mailings.jobqueue import run_queued_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_MAILING_RATE_PER_MINUTE = 0
    settings.PORTAL_BASE_URL = "https://mangfold.example.org"


@pytest.fixture
def world(db):
    year = timezone.localdate().year
    eritrean = make_organisation("Eritreisk Forening", municipality="Sandnes")
    mosque = make_organisation("Sandnes Moské", kind=Kind.FAITH_COMMUNITY, municipality="Sandnes")
    choir = make_organisation("Sandnes Kor", kind=Kind.VOLUNTARY_ORGANISATION, municipality="Sandnes")
    elsewhere = make_organisation("Polsk Forening Stavanger", municipality="Stavanger")
    silent = make_organisation("Stille Forening", municipality="Sandnes")
    people = {
        "consenting": f.person(eritrean, "Kari Consent", "kari@example.org"),
        "no_consent": f.person(eritrean, "Per Uten Samtykke", "per@example.org", consent=False),
        "opted_out": f.person(mosque, "Ali Avmeldt", "ali@example.org", opted_out=True),
        "mosque": f.person(mosque, "Fatima Moské", "fatima@example.org"),
        "choir": f.person(choir, "Kor Leder", "kor@example.org"),
        "elsewhere": f.person(elsewhere, "Stavanger Person", "stavanger@example.org"),
        "no_address": f.person(silent, "Uten Adresse", "", consent=True),
    }
    segment = f.segment("Sandnes", municipalities=["Sandnes"])
    return {"year": year, "orgs": (eritrean, mosque, choir, elsewhere, silent), "people": people, "segment": segment}


def _send(client, coordinator, mailing_):
    client.force_login(coordinator)
    response = client.post(f"/koordinator/utsendelser/{mailing_.pk}/send/")
    assert response.status_code == 302
    run_queued_jobs()
    mailing_.refresh_from_db()


def test_it_mails_only_persons_who_may_receive_and_logs_one_contact_per_organisation(client, coordinator, world):
    eritrean, mosque, choir, _elsewhere, _silent = world["orgs"]
    contacted_before = outreach_selectors.organisations_contacted(world["year"])
    mailing_ = f.mailing(world["segment"])

    _send(client, coordinator, mailing_)

    assert mailing_.status == MailingStatus.SENT
    assert sorted(message.to[0] for message in mail.outbox) == ["fatima@example.org", "kari@example.org", "kor@example.org"]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["kari@example.org"].subject == "Invitasjon til Eritreisk Forening"
    html = by_address["fatima@example.org"].alternatives[0][0]
    assert "Hei, Sandnes Moské!" in html

    # One contact per organisation reached (channel e-mail, no response yet); none for the
    # organisation in another municipality or the one nobody there may receive.
    contacts = Contact.objects.order_by("organisation__name")
    assert [(c.organisation, c.channel, c.outcome, c.date) for c in contacts] == [
        (eritrean, "email", "no_response", timezone.localdate()),
        (choir, "email", "no_response", timezone.localdate()),
        (mosque, "email", "no_response", timezone.localdate()),
    ]
    assert contacts[0].created_by == coordinator
    # The choir is a voluntary organisation: logged, but not an immigrant organisation in the figure.
    assert outreach_selectors.organisations_contacted(world["year"]) == contacted_before + 2
    assert outreach_selectors.organisations_responded(world["year"]) == 0
    assert Recipient.objects.filter(mailing=mailing_, status=RecipientStatus.SENT).count() == 3


def test_every_message_carries_a_working_one_click_opt_out(client, coordinator, world):
    mailing_ = f.mailing(world["segment"])
    _send(client, coordinator, mailing_)
    message = next(m for m in mail.outbox if m.to == ["kari@example.org"])
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(https://mangfold\.example\.org/utsendelser/avmelding/[^>]+/)>", header).group(1)
    assert link in message.body and link in message.alternatives[0][0]
    path = link.removeprefix("https://mangfold.example.org")

    # The GET only asks (a link scanner must not opt anyone out) …
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "Meld meg av" in page.content.decode()
    assert ContactPreference.objects.get(person=world["people"]["consenting"]).opted_out_at is None
    # … the mail client's one-click POST, without session or CSRF token, takes effect at once.
    from django.test import Client

    answer = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    preference = ContactPreference.objects.get(person=world["people"]["consenting"])
    assert preference.opted_out_at is not None and preference.opted_out_source == "link"

    # Every later mailing respects it.
    mail.outbox.clear()
    _send(client, coordinator, f.mailing(world["segment"], subject="Neste"))
    assert "kari@example.org" not in [m.to[0] for m in mail.outbox]
    assert "fatima@example.org" in [m.to[0] for m in mail.outbox]


def test_an_opted_out_address_stays_suppressed_after_the_person_is_erased(client, coordinator, world):
    from portal.privacy import erasure

    person = world["people"]["mosque"]
    services.preference_opt_out(person=person, source="coordinator")
    erasure.erase(person)
    # Only a keyed hash is left: no address, no name.
    suppression = Suppression.objects.get()
    assert "fatima" not in suppression.address_hash and len(suppression.address_hash) == 64
    # The same address registered again, even with consent, is not mailed.
    f.person(world["orgs"][1], "Fatima Igjen", "Fatima@Example.org ")
    _send(client, coordinator, f.mailing(world["segment"]))
    assert "fatima@example.org" not in [m.to[0].strip().lower() for m in mail.outbox]
    assert len(mail.outbox) == 2


def test_a_recorded_reply_upgrades_the_contact_and_the_responded_figure(client, coordinator, world):
    mailing_ = f.mailing(world["segment"])
    _send(client, coordinator, mailing_)
    recipient = Recipient.objects.get(mailing=mailing_, person=world["people"]["mosque"])

    response = client.post(f"/koordinator/utsendelser/mottakere/{recipient.pk}/svar/")

    assert response.status_code == 302
    recipient.contact.refresh_from_db()
    assert recipient.contact.outcome == "responded"
    assert outreach_selectors.organisations_responded(world["year"]) == 1


def test_a_bounce_withdraws_the_contact_only_when_no_one_at_the_organisation_got_it(client, coordinator, world):
    eritrean, mosque = world["orgs"][:2]
    second = f.person(eritrean, "Andre Mottaker", "andre@example.org")
    mailing_ = f.mailing(world["segment"])
    _send(client, coordinator, mailing_)
    year = world["year"]
    contacted = outreach_selectors.organisations_contacted(year)

    fatima = Recipient.objects.get(mailing=mailing_, person=world["people"]["mosque"])
    client.post(f"/koordinator/utsendelser/mottakere/{fatima.pk}/retur/")
    assert not Contact.objects.filter(organisation=mosque).exists()
    assert outreach_selectors.organisations_contacted(year) == contacted - 1

    andre = Recipient.objects.get(mailing=mailing_, person=second)
    client.post(f"/koordinator/utsendelser/mottakere/{andre.pk}/retur/")
    assert Contact.objects.filter(organisation=eritrean).exists()  # Kari still got it
    assert Recipient.objects.get(pk=andre.pk).status == RecipientStatus.BOUNCED


def test_an_organisation_that_prefers_english_gets_the_english_text(client, coordinator, world):
    services.organisation_set_language(organisation=world["orgs"][1], language="en")
    mailing_ = f.mailing(world["segment"], subject_en="Invitation to {organisation}", body_en="<p>Hello {organisation}</p>")
    _send(client, coordinator, mailing_)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["fatima@example.org"].subject == "Invitation to Sandnes Moské"
    assert "Hello Sandnes Moské" in by_address["fatima@example.org"].alternatives[0][0]
    assert by_address["kari@example.org"].subject == "Invitasjon til Eritreisk Forening"


def test_a_second_send_and_a_rerun_of_the_task_send_nothing_twice(client, coordinator, world):
    mailing_ = f.mailing(world["segment"])
    _send(client, coordinator, mailing_)
    client.post(f"/koordinator/utsendelser/{mailing_.pk}/send/")
    run_queued_jobs()
    services.mailing_deliver(mailing_id=mailing_.pk)
    assert len(mail.outbox) == 3
    assert Contact.objects.count() == 3


def test_the_test_send_goes_only_to_the_coordinator(client, coordinator, world):
    mailing_ = f.mailing(world["segment"])
    client.force_login(coordinator)
    client.post(f"/koordinator/utsendelser/{mailing_.pk}/test/")
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].subject.startswith("[Test] Invitasjon til ")
    assert not Contact.objects.exists() and not Recipient.objects.exists()
    mailing_.refresh_from_db()
    assert mailing_.status == MailingStatus.DRAFT
    # Its opt-out link opts out no one.
    path = re.search(r"/utsendelser/avmelding/[^>]+/", mail.outbox[0].extra_headers["List-Unsubscribe"]).group(0)
    assert "ingen er meldt av" in client.post(path).content.decode()
    assert not ContactPreference.objects.filter(opted_out_at__isnull=False).exclude(person=world["people"]["opted_out"]).exists()


@pytest.mark.parametrize("user_fixture", ["council_staff", "editor", "outsider"])
def test_only_coordinators_send(client, request, user_fixture, world):
    mailing_ = f.mailing(world["segment"])
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.post(f"/koordinator/utsendelser/{mailing_.pk}/send/").status_code == 403
    assert client.post(f"/koordinator/utsendelser/{mailing_.pk}/test/").status_code == 403
    run_queued_jobs()
    assert not mail.outbox
    mailing_.refresh_from_db()
    assert mailing_.status == MailingStatus.DRAFT


def test_a_tampered_opt_out_link_is_refused(client, world):
    response = client.post("/utsendelser/avmelding/1:forfalsket/")
    assert response.status_code == 404
    assert not ContactPreference.objects.filter(opted_out_at__isnull=False).exclude(person=world["people"]["opted_out"]).exists()




def test_attachments_are_private_files_sent_to_every_recipient(client, coordinator, world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mailing_ = f.mailing(world["segment"])
    client.force_login(coordinator)
    refused = client.post(
        f"/koordinator/utsendelser/{mailing_.pk}/vedlegg/ny/",
        {"file": SimpleUploadedFile("program.pdf", b"<html><script>alert(1)</script>")},
    )
    assert refused.status_code == 400 and "stemmer ikke med filnavnet" in refused.content.decode()
    assert not mailing_.attachments.exists()
    client.post(
        f"/koordinator/utsendelser/{mailing_.pk}/vedlegg/ny/",
        {"file": SimpleUploadedFile("program.pdf", b"%PDF-1.4 program")},
    )
    attachment = mailing_.attachments.get()
    # Stored under the private root, not the public media root.
    assert str(settings.PRIVATE_MEDIA_ROOT) in attachment.file.path
    assert str(settings.MEDIA_ROOT) not in attachment.file.path
    _send(client, coordinator, mailing_)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert message.attachments == [("program.pdf", b"%PDF-1.4 program", "application/pdf")]
    client.logout()
    assert client.get(f"/koordinator/utsendelser/vedlegg/{attachment.pk}/").status_code == 302


def test_header_characters_in_a_name_or_subject_never_break_a_message(client, coordinator, world):
    """An organisation's name merged into the subject, or a typed subject, may hold CR/LF or a
    Unicode line separator: every header goes through portal.output.mail.header_safe, so the run sends
    and no header gains a line (no injected Bcc)."""
    eritrean = world["orgs"][0]
    from organisations.models import Organisation

    Organisation.objects.filter(pk=eritrean.pk).update(name="Eritreisk Forening\r\nBcc: x@evil.example")
    mailing_ = f.mailing(world["segment"], subject="Hei {organisasjon}\u2028Cc: y@evil.example")
    _send(client, coordinator, mailing_)
    sent = [message for message in mail.outbox if "kari@example.org" in message.to]
    assert len(sent) == 1
    headers = sent[0].message().as_bytes().decode().split("\n\n")[0].splitlines()
    assert not [line for line in headers if line.lower().startswith(("bcc:", "cc:"))]
    subject = sent[0].subject
    assert "\r" not in subject and "\n" not in subject and "\u2028" not in subject
    assert subject == "Hei Eritreisk Forening Bcc: x@evil.example Cc: y@evil.example"
    assert mailing_.status == MailingStatus.SENT


def test_a_body_written_past_the_form_is_cleaned_on_the_page_and_in_the_mail(client, coordinator, world):
    """The admin and `manage.py restore` write a mailing's body without MailingForm's cleaning."""
    payload = '<p>Hei, {organisasjon}!</p><script>alert(1)</script><img src=x onerror="alert(2)">'
    mailing_ = f.mailing(world["segment"], body=payload)
    client.force_login(coordinator)
    page = client.get(f"/koordinator/utsendelser/{mailing_.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "onerror" not in page
    assert "Hei, {organisasjon}!" in page

    _send(client, coordinator, mailing_)
    assert mail.outbox
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert "<script" not in html and "onerror" not in html
        assert "alert(1)" not in message.body
        assert "Hei, Eritreisk Forening!" in html or "Hei, Sandnes" in html


@pytest.mark.parametrize("name", ['javascript:alert(1)', '<a href="javascript:alert(2)">Klikk</a>'])
def test_an_organisation_name_merged_into_a_link_makes_no_script_link(client, coordinator, world, name):
    """The merge fields are filled first and the result cleaned after: a name put where the body
    has {organisasjon} as a link's address cannot become a javascript: link."""
    from bs4 import BeautifulSoup

    eritrean = world["orgs"][0]
    eritrean.name = name
    eritrean.save()
    mailing_ = f.mailing(world["segment"], body='<p>Les om <a href="{organisasjon}">{organisasjon}</a> her.</p>')
    _send(client, coordinator, mailing_)
    (message,) = [m for m in mail.outbox if m.to == ["kari@example.org"]]
    soup = BeautifulSoup(message.alternatives[0][0], "html.parser")
    hrefs = [a.get("href", "") for a in soup.find_all("a")]
    # A browser drops leading spaces and control characters before it reads the scheme.
    schemes = ["".join(ch for ch in href if ch > " ").lower().split(":")[0] for href in hrefs]
    assert hrefs and "javascript" not in schemes
    assert "Les om" in soup.get_text()
