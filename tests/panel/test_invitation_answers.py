"""Invitations people can answer: signed accept/decline links in every e-mail
(GET confirms, POST records), reminders to those who have not answered, an updated calendar
event when the meeting changes and a cancellation when it is cancelled, organisations of any
kind chosen one by one, answers set in bulk."""

import datetime
import re
from urllib.parse import urlsplit

import icalendar
import pytest
import vobject
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from organisations.models import Kind
from panel.models import Invitation
from panel.services import invitation_token
from portal.background import jobs
from tests.panel.factories import meeting, organisation

pytestmark = pytest.mark.django_db


def soon(days=2):
    return timezone.localdate() + datetime.timedelta(days=days)


def links(mail):
    """The accept and decline paths in an e-mail's text (absolute URLs, PORTAL_BASE_URL)."""
    found = re.findall(r"https?://\S+/invitasjon/\S+/(?:ja|nei)/", mail.body)
    return {url.rsplit("/", 2)[-2]: urlsplit(url).path for url in found}


def the_calendar(mail):
    """The text/calendar part of the message as it goes over SMTP."""
    (part,) = [part for part in mail.message().walk() if part.get_content_type() == "text/calendar"]
    return part.get_payload(decode=True).decode("utf-8")


def invite_and_send(client, m, organisations):
    response = client.post(
        f"/koordinator/panel/{m.pk}/invitasjoner/", {"who": "chosen", "organisations": [o.pk for o in organisations], "send_email": "on"}
    )
    assert response.status_code == 302
    jobs.run_pending()


def edit(client, m, **changes):
    data = {
        "series": "", "title": m.title, "date": m.date.isoformat(), "start_time": "17:30", "end_time": "",
        "location": m.location, "status": m.status, "agenda": "",
    }
    data.update(changes)
    response = client.post(f"/koordinator/panel/{m.pk}/rediger/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_links_in_the_mail_answer_for_that_organisation_only_after_the_button(client, coordinator, mailoutbox):
    m = meeting(soon(10), status="planned", title="Vårmøte", start_time=datetime.time(17, 30), location="Rådhuset")
    a = organisation("Eritreisk Forening", email="post@eritreisk.example.org")
    b = organisation("Polsk Forening", email="post@polsk.example.org")
    client.force_login(coordinator)
    invite_and_send(client, m, [a, b])
    mail_a = next(mail for mail in mailoutbox if mail.to == ["post@eritreisk.example.org"])
    mail_b = next(mail for mail in mailoutbox if mail.to == ["post@polsk.example.org"])
    assert "svare på denne e-posten" not in mail_a.body
    assert set(links(mail_a)) == {"ja", "nei"} and links(mail_a) != links(mail_b)

    resident = Client()  # no sign-in
    page = resident.get(links(mail_a)["ja"])
    # Opening the link (a person, or a mail scanner fetching every link) records nothing.
    assert page.status_code == 200 and "Bekreft: vi kommer" in page.content.decode()
    assert Invitation.objects.get(organisation=a).status == "invited"
    done = resident.post(links(mail_a)["ja"], {"people_coming": "1"})  # the form's default
    assert done.status_code == 200 and "Vi har registrert at dere kommer" in done.content.decode()
    resident.post(links(mail_b)["nei"])
    answers = dict(Invitation.objects.values_list("organisation__name", "status"))
    assert answers == {"Eritreisk Forening": "accepted", "Polsk Forening": "declined"}
    assert Invitation.objects.get(organisation=a).answered_at is not None
    # The coordinator sees the answers on the invitations page.
    page = client.get(f"/koordinator/panel/{m.pk}/invitasjoner/").content.decode()
    assert re.search(r'<option value="accepted" selected>', page) and re.search(r'<option value="declined" selected>', page)


def test_a_forged_or_moved_link_is_not_found_and_a_cancelled_meeting_takes_no_answers(client):
    m, other = meeting(soon(10), status="planned"), meeting(soon(20), status="planned")
    a = organisation("A")
    invitation = Invitation.objects.create(meeting=m, organisation=a)
    token = invitation_token(invitation)
    assert client.get(f"/invitasjon/{token}x/ja/").status_code == 404
    assert client.get("/invitasjon/gjettet/nei/").status_code == 404
    # The same invitation id moved to another meeting does not verify.
    other_invitation = Invitation.objects.create(meeting=other, organisation=organisation("B"))
    forged = invitation_token(Invitation(pk=other_invitation.pk, meeting_id=m.pk, organisation_id=a.pk))
    assert client.get(f"/invitasjon/{forged}/ja/").status_code == 404
    m.status = "cancelled"
    m.save()
    assert "Møtet er avlyst" in client.get(f"/invitasjon/{token}/ja/").content.decode()
    assert client.post(f"/invitasjon/{token}/ja/").status_code == 409
    assert Invitation.objects.get(pk=invitation.pk).status == "invited"


def test_reminders_go_once_to_those_who_have_not_answered_before_the_meeting(client, coordinator, mailoutbox):
    m = meeting(soon(2), status="planned", title="Snart")
    later = meeting(soon(12), status="planned", title="Senere")
    cancelled = meeting(soon(1), status="cancelled", title="Avlyst")
    silent = organisation("Har ikke svart", email="stille@example.org")
    answered = organisation("Har svart", email="svart@example.org")
    never_mailed = organisation("Fikk ingen e-post", email="ingen@example.org")
    sent = timezone.now() - datetime.timedelta(days=7)
    Invitation.objects.create(meeting=m, organisation=silent, sent_at=sent)
    Invitation.objects.create(meeting=m, organisation=answered, sent_at=sent, status="accepted")
    Invitation.objects.create(meeting=m, organisation=never_mailed)
    Invitation.objects.create(meeting=later, organisation=silent, sent_at=sent)
    Invitation.objects.create(meeting=cancelled, organisation=silent, sent_at=sent)

    call_command("send_invitation_reminders")
    assert mailoutbox == []  # the worker sends them
    assert jobs.run_pending() == 1
    (reminder,) = mailoutbox
    assert reminder.to == ["stille@example.org"] and "Snart" in reminder.subject
    assert set(links(reminder)) == {"ja", "nei"}
    assert icalendar.Calendar.from_ical(the_calendar(reminder))
    # Run again the next day: nobody is reminded twice.
    call_command("send_invitation_reminders")
    jobs.run_pending()
    assert len(mailoutbox) == 1
    # The page shows who was reminded.
    client.force_login(coordinator)
    assert "påminnet" in client.get(f"/koordinator/panel/{m.pk}/invitasjoner/").content.decode()


def test_a_changed_meeting_sends_the_same_event_with_a_higher_sequence_and_a_cancelled_one_a_cancel(
    client, coordinator, mailoutbox
):
    m = meeting(soon(10), status="planned", title="Vårmøte", start_time=datetime.time(17, 30), location="Rådhuset")
    a = organisation("A", email="a@example.org")
    organisation("Ikke invitert", email="ikke@example.org")
    client.force_login(coordinator)
    invite_and_send(client, m, [a])
    (invitation_mail,) = mailoutbox
    (first,) = icalendar.Calendar.from_ical(the_calendar(invitation_mail)).walk("VEVENT")

    # A new title alone changes nothing in anyone's calendar: no mail.
    edit(client, m, title="Vårmøtet")
    assert jobs.run_pending() == 0 and len(mailoutbox) == 1

    new_date = soon(11)
    response = edit(client, m, date=new_date.isoformat(), location="Biblioteket")
    assert "sendes med oppdatert kalenderfil til 1 inviterte" in client.get(response.url).content.decode()
    assert jobs.run_pending() == 1
    update = mailoutbox[1]
    assert update.to == ["a@example.org"] and "Endret" in update.subject and "Biblioteket" in update.body
    calendar = icalendar.Calendar.from_ical(the_calendar(update))
    (changed,) = calendar.walk("VEVENT")
    assert str(changed["uid"]) == str(first["uid"])
    assert int(changed.get("sequence", 0)) > int(first.get("sequence", 0))
    assert changed.decoded("dtstart").date() == new_date and str(changed["location"]) == "Biblioteket"
    # A second reader we do not use in the product agrees.
    event = vobject.readOne(the_calendar(update)).vevent
    assert event.uid.value == str(first["uid"]) and int(event.sequence.value) == int(changed["sequence"])

    edit(client, m, date=new_date.isoformat(), location="Biblioteket", status="cancelled")
    jobs.run_pending()
    cancel = mailoutbox[2]
    assert "Avlyst" in cancel.subject
    calendar = icalendar.Calendar.from_ical(the_calendar(cancel))
    assert str(calendar["method"]) == "CANCEL"
    (cancelled,) = calendar.walk("VEVENT")
    assert str(cancelled["uid"]) == str(first["uid"]) and str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) > int(changed["sequence"])
    assert str(cancelled["organizer"]).startswith("mailto:")
    assert [mail.to for mail in mailoutbox] == [["a@example.org"]] * 3  # never the one not invited


def test_an_update_job_retried_after_a_failure_mails_only_those_it_had_not_reached(
    client, coordinator, mailoutbox, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    from panel import services

    m = meeting(soon(10), status="planned", start_time=datetime.time(17, 30), location="Rådhuset")
    invited = [organisation(name, email=f"{name.lower()}@example.org") for name in ("A", "B", "C")]
    client.force_login(coordinator)
    invite_and_send(client, m, invited)
    assert len(mailoutbox) == 3

    # The mail server goes away at the second organisation's update, once.
    send, calls = services.mail.send, []

    def flaky_send(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 2:
            raise ConnectionRefusedError("mail server away")
        return send(**kwargs)

    monkeypatch.setattr(services.mail, "send", flaky_send)
    edit(client, m, location="Biblioteket")
    jobs.run_pending()
    assert [mail.to for mail in mailoutbox[3:]] == [["a@example.org"]]
    # The retry is deferred; run it now.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    jobs.run_pending()
    updates = [mail.to[0] for mail in mailoutbox[3:]]
    assert sorted(updates) == ["a@example.org", "b@example.org", "c@example.org"]  # each once

    # The next change is a new calendar version: everyone gets it again.
    edit(client, m, location="Rådhuset")
    jobs.run_pending()
    assert len(mailoutbox) == 3 + 3 + 3


def test_a_correction_to_a_past_meeting_mails_nobody(client, coordinator, mailoutbox):
    m = meeting(timezone.localdate() - datetime.timedelta(days=30), status="held", location="Rådhuset")
    Invitation.objects.create(meeting=m, organisation=organisation("A", email="a@example.org"), sent_at=timezone.now())
    client.force_login(coordinator)
    edit(client, m, location="Biblioteket")
    assert jobs.run_pending() == 0 and mailoutbox == []


def test_organisations_of_any_kind_can_be_chosen_one_by_one(client, coordinator):
    m = meeting(soon(10), status="planned")
    chosen = [
        organisation("Næringsforeningen", kind=Kind.BUSINESS),
        organisation("Inkluderingsrådet", kind=Kind.VOLUNTARY_ORGANISATION),
        organisation("Nav Demo", kind=Kind.MUNICIPAL_SERVICE),
        organisation("Eritreisk Forening"),
    ]
    organisation("Ikke valgt")
    client.force_login(coordinator)
    page = client.get(f"/koordinator/panel/{m.pk}/invitasjoner/").content.decode()
    assert all(o.name in page for o in chosen)
    client.post(f"/koordinator/panel/{m.pk}/invitasjoner/", {"who": "chosen", "organisations": [o.pk for o in chosen]})
    assert set(Invitation.objects.values_list("organisation__name", flat=True)) == {o.name for o in chosen}
    refused = client.post(f"/koordinator/panel/{m.pk}/invitasjoner/", {"who": "chosen"})
    assert refused.status_code == 200 and "Velg minst én organisasjon." in refused.content.decode()


def test_answers_are_set_in_bulk_and_an_answer_that_came_by_link_meanwhile_stands(client, coordinator):
    m = meeting(soon(10), status="planned")
    a, b, c = (Invitation.objects.create(meeting=m, organisation=organisation(name)) for name in ("A", "B", "C"))
    client.force_login(coordinator)
    # C answers by the link while the coordinator has the page open.
    Client().post(f"/invitasjon/{invitation_token(c)}/nei/")
    data = {}
    for invitation, answer in ((a, "accepted"), (b, "declined"), (c, "accepted")):
        data[f"s-{invitation.pk}"], data[f"si-{invitation.pk}"] = answer, "invited"
    response = client.post(f"/koordinator/panel/{m.pk}/invitasjoner/svar/", data, follow=True)
    assert dict(Invitation.objects.values_list("organisation__name", "status")) == {"A": "accepted", "B": "declined", "C": "declined"}
    content = response.content.decode()
    assert "2 svar er lagret." in content and "svaret deres står: C" in content


def test_the_bulk_answers_refuse_other_meetings_and_unknown_values(client, coordinator):
    m, other = meeting(soon(10), status="planned"), meeting(soon(20), status="planned")
    foreign = Invitation.objects.create(meeting=other, organisation=organisation("X"))
    client.force_login(coordinator)
    data = {f"s-{foreign.pk}": "accepted", f"si-{foreign.pk}": "invited", "s-abc": "x", "s-9999": "<script>", "si-9999": "invited"}
    assert client.post(f"/koordinator/panel/{m.pk}/invitasjoner/svar/", data).status_code == 302
    assert Invitation.objects.get(pk=foreign.pk).status == "invited"
