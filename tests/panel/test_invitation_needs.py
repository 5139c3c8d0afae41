"""Invitations that ask what the meeting needs: the reply link takes the people coming, an
interpreter and its language, diets, access needs and a message; the coordinator sees the sums on
the invitations page and at the door; documents marked "send with the invitation" go out as links
only the invitation's signed token opens; the mails go in the organisation's language and name the
meeting's own series, and ical.js reads their calendar."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from mailings.models import OrganisationPreference
from organisations.models import Language
from panel.models import Invitation, MeetingAttachment
from tests.panel.factories import meeting, organisation, series, series_meeting
from tests.panel.test_invitation_answers import invite_and_send, links

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def soon(days=10):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def autumn(client, coordinator, mailoutbox):
    m = meeting(soon(), status="planned", title="Høstmøtet", start_time=datetime.time(17, 30), location="Rådhuset")
    eritrean = organisation("Eritreisk Forening", email="post@eritreisk.example.org")
    polish = organisation("Polsk Forening", email="post@polsk.example.org")
    silent = organisation("Somalisk Forening", email="post@somalisk.example.org")
    client.force_login(coordinator)
    invite_and_send(client, m, [eritrean, polish, silent])
    client.logout()
    return m


def mail_to(mailoutbox, address):
    return next(mail for mail in mailoutbox if mail.to == [address])


def reply(path, **data):
    return Client().post(path, data)


def test_a_reply_with_3_people_a_tigrinya_interpreter_and_one_vegetarian_shows_in_the_sums_and_at_the_door(
    client, coordinator, council_staff, autumn, mailoutbox
):
    tigrinya = Language.objects.get(code="ti")
    accept = links(mail_to(mailoutbox, "post@eritreisk.example.org"))["ja"]
    form = Client().get(accept).content.decode()
    assert "Hvor mange kommer?" in form and "Trenger dere tolk?" in form and "Vegetar" in form

    done = reply(accept, people_coming="3", interpreter_language=str(tigrinya.pk), diet_vegetarian="1",
                 access_needs="Rullestolplass", reply_message="Vi gleder oss!")

    assert done.status_code == 200 and "Vi har registrert at dere kommer" in done.content.decode()
    # A "no" with people typed into the address by hand counts nothing; the silent one neither.
    reply(links(mail_to(mailoutbox, "post@polsk.example.org"))["nei"], people_coming="9", diet_vegetarian="4",
          reply_message="Vi har årsmøte den dagen.")
    invitation = Invitation.objects.get(organisation__name="Eritreisk Forening")
    assert (invitation.status, invitation.people_coming, invitation.interpreter_language, invitation.diets) == (
        "accepted", 3, tigrinya, {"vegetarian": 1}
    )
    client.force_login(coordinator)
    for page in (f"/koordinator/panel/{autumn.pk}/invitasjoner/", f"/koordinator/panel/{autumn.pk}/oppmote/"):
        text = " ".join(re.sub(r"<[^>]+>", " ", client.get(page).content.decode()).split())
        assert "3 personer fra 1 organisasjon" in text, page
        assert "Tigrinja: 1 (Eritreisk Forening)" in text and "Vegetar: 1" in text
        assert "Rullestolplass" in text and "Vi gleder oss!" in text and "Vi har årsmøte den dagen." in text
        assert "Vegetar: 5" not in text and "12 personer" not in text
    # Council staff and visitors see none of it.
    client.force_login(council_staff)
    assert client.get(f"/koordinator/panel/{autumn.pk}/invitasjoner/").status_code == 403
    assert "Rullestolplass" not in Client().get(f"/erfaringspanelet/{autumn.pk}/").content.decode()


def test_a_bad_reply_is_refused_with_a_message_and_records_nothing(autumn, mailoutbox):
    accept = links(mail_to(mailoutbox, "post@eritreisk.example.org"))["ja"]

    too_many_diets = reply(accept, people_coming="2", diet_vegetarian="3")
    nobody = reply(accept, people_coming="0")
    nonsense = reply(accept, people_coming="mange", interpreter_language="999999")

    assert "flere i kostholdsfeltene (3) enn som kommer (2)" in too_many_diets.content.decode()
    assert "Bekreft: vi kommer" in nobody.content.decode() and nonsense.status_code == 200
    assert Invitation.objects.get(organisation__name="Eritreisk Forening").status == "invited"


def test_saying_no_after_yes_takes_the_needs_out_of_the_sums(client, coordinator, autumn, mailoutbox):
    answer_links = links(mail_to(mailoutbox, "post@eritreisk.example.org"))
    reply(answer_links["ja"], people_coming="3", diet_halal="2")
    reply(answer_links["nei"], reply_message="Beklager, styret er bortreist.")

    invitation = Invitation.objects.get(organisation__name="Eritreisk Forening")
    assert (invitation.status, invitation.people_coming, invitation.diets) == ("declined", None, {})
    client.force_login(coordinator)
    assert "Ingen har takket ja ennå." in client.get(f"/koordinator/panel/{autumn.pk}/oppmote/").content.decode()


def test_documents_marked_for_the_invitation_go_out_as_links_only_the_invitation_opens(client, coordinator, mailoutbox):
    m = meeting(soon(), status="planned", title="Høstmøtet")
    client.force_login(coordinator)
    upload = client.post(f"/koordinator/panel/{m.pk}/vedlegg/", {
        "title": "Spørsmål på forhånd", "file": SimpleUploadedFile("sporsmal.pdf", PDF), "send_with_invitation": "on",
    })
    assert upload.status_code == 302
    questions = MeetingAttachment.objects.get(title="Spørsmål på forhånd")
    assert questions.send_with_invitation
    internal = MeetingAttachment.objects.create(meeting=m, title="Internt notat")
    internal.file.save("internt.pdf", ContentFile(PDF))
    other = meeting(soon(20), status="planned", title="Vintermøtet")
    foreign = MeetingAttachment.objects.create(meeting=other, title="Annet møte", send_with_invitation=True)
    foreign.file.save("annet.pdf", ContentFile(PDF))
    invite_and_send(client, m, [organisation("Eritreisk Forening", email="post@eritreisk.example.org")])

    body = mailoutbox[-1].body
    (document_url,) = re.findall(r"https?://\S+/dokumenter/\d+/", body)
    assert "Spørsmål på forhånd" in body and "Internt notat" not in body
    assert "/media/" not in body and "sporsmal" not in body  # no file address, public or private

    visitor = Client()  # not signed in: the signed link is the key
    download = visitor.get(urlsplit(document_url).path)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    token_path = urlsplit(document_url).path.rsplit("/", 2)[0]
    assert visitor.get(f"{token_path}/{internal.pk}/").status_code == 404
    assert visitor.get(f"{token_path}/{foreign.pk}/").status_code == 404
    assert visitor.get(f"/invitasjon/forfalsket/dokumenter/{questions.pk}/").status_code == 404
    assert visitor.get(f"/koordinator/panel/vedlegg/{questions.pk}/").status_code in (302, 403)


def test_an_english_speaking_organisation_gets_the_invitation_in_english_naming_the_series(client, coordinator, mailoutbox):
    from tests.interop import read_with_icaljs

    group = series("Inkluderingsteamet")
    m = series_meeting(group, soon(), status="planned", title="Oppstart", start_time=datetime.time(17, 30), location="Rådhuset")
    english = organisation("Sandnes International Club", email="board@international.example.org")
    OrganisationPreference.objects.create(organisation=english, language="en")
    norwegian = organisation("Eritreisk Forening", email="post@eritreisk.example.org")
    client.force_login(coordinator)
    invite_and_send(client, m, [english, norwegian])

    message = mail_to(mailoutbox, "board@international.example.org")
    assert message.subject.startswith("Invitation: Oppstart")
    assert "You are invited to Inkluderingsteamet: Oppstart." in message.body
    assert "We are coming" in message.body and "Dere er invitert" not in message.body
    assert "Dere er invitert til Inkluderingsteamet: Oppstart." in mail_to(mailoutbox, "post@eritreisk.example.org").body
    # The link opens the reply form in English too (unless the visitor chose a language).
    reply_page = Client().get(links(message)["ja"]).content.decode()
    assert "How many are coming?" in reply_page and 'lang="en"' in reply_page
    (part,) = [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]
    calendar = read_with_icaljs(part.get_payload(decode=True))
    (event,) = calendar["events"]
    assert calendar["method"] == "REQUEST" and "Inkluderingsteamet" in event["summary"]
    assert event["occurrences"][0]["start"]["local"].startswith(f"{m.date:%Y-%m-%d}T17:30")
    assert any("board@international.example.org" in attendee for attendee in event["attendees"])
