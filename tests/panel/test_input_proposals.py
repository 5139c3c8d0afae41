"""Organisations bring input themselves: an editor sends input or proposes an agenda topic for a
coming meeting; the coordinator accepts it onto a meeting (input becomes an item like any other,
a topic goes on the agenda) or answers why not (the editors are told)."""

import datetime

import pytest
from django.core import mail

from panel.models import InputItem, InputProposal, Meeting
from tests.conftest import today
from tests.panel.factories import meeting, series, series_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def coming():
    return meeting(today() + datetime.timedelta(days=20), title="Høstmøtet", status="planned")


def propose(client, editor, org, **fields):
    client.force_login(editor)
    data = {"kind": "input", "meeting": "", "theme": "", "text": "Leksehjelp på arabisk."}
    data.update(fields)
    return client.post(f"/mine-organisasjoner/{org.slug}/innspill/nytt/", data)


def test_an_editor_sends_input_for_a_coming_meeting_and_sees_it_waiting(client, editor, org_a, coming):
    past = meeting(today() - datetime.timedelta(days=3), title="Forrige møte")
    hidden = series_meeting(series("Intern gruppe", public=False), today() + datetime.timedelta(days=5))
    client.force_login(editor)
    form = client.get(f"/mine-organisasjoner/{org_a.slug}/innspill/nytt/").content.decode()
    assert "Høstmøtet" in form and "Forrige møte" not in form and hidden.title not in form

    response = propose(client, editor, org_a, meeting=coming.pk, theme="Skole")

    assert response.status_code == 302
    proposal = InputProposal.objects.get()
    assert (proposal.organisation, proposal.meeting, proposal.submitted_by, proposal.status) == (org_a, coming, editor, "pending")
    page = client.get(f"/mine-organisasjoner/{org_a.slug}/innspill/").content.decode()
    assert "Leksehjelp på arabisk." in page and "Venter på koordinatoren" in page


def test_an_empty_proposal_is_refused_with_a_message(client, editor, org_a, coming):
    response = propose(client, editor, org_a, text="")

    assert response.status_code == 200
    assert "Dette feltet er påkrevd" in response.content.decode() or "required" in response.content.decode()
    assert not InputProposal.objects.exists()


def test_an_editor_cannot_send_for_another_organisation(client, editor, org_b, coming):
    assert propose(client, editor, org_b).status_code == 404
    assert not InputProposal.objects.exists()


def test_the_coordinator_accepts_input_onto_a_meeting_and_it_is_an_item_like_any_other(client, coordinator, editor, org_a, coming):
    propose(client, editor, org_a, theme="Skole")
    proposal = InputProposal.objects.get()
    client.force_login(coordinator)
    assert "Leksehjelp på arabisk." in client.get("/koordinator/innspill/forslag/").content.decode()

    response = client.post(f"/koordinator/innspill/forslag/{proposal.pk}/ta-med/", {"meeting": coming.pk})

    item = InputItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/koordinator/innspill/{item.pk}/"
    assert (item.meeting, item.raised_by, item.theme, item.text, item.status, item.raised_on) == (
        coming, org_a, "Skole", "Leksehjelp på arabisk.", "new", today(),
    )  # raised the day it was sent, not the meeting's later date: an answer before the meeting
    # is then never an answer before the item was raised (nor a negative number of days to answer)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.input_item, proposal.decided_by) == ("accepted", item, coordinator)
    assert "Leksehjelp på arabisk." in client.get("/koordinator/innspill/").content.decode()
    assert "Leksehjelp på arabisk." not in client.get("/koordinator/innspill/forslag/").content.decode()
    # Accepting twice makes no second item.
    client.post(f"/koordinator/innspill/forslag/{proposal.pk}/ta-med/", {"meeting": coming.pk})
    assert InputItem.objects.count() == 1


def test_an_accepted_agenda_topic_goes_on_the_meetings_agenda(client, coordinator, editor, org_a, coming):
    coming.agenda = "- Velkommen"
    coming.save()
    propose(client, editor, org_a, kind="agenda", text="Tolk på helsestasjonen")
    proposal = InputProposal.objects.get()
    client.force_login(coordinator)

    client.post(f"/koordinator/innspill/forslag/{proposal.pk}/ta-med/", {"meeting": coming.pk})

    assert Meeting.objects.get(pk=coming.pk).agenda == "- Velkommen\n- Tolk på helsestasjonen (Organisasjon A)"
    assert not InputItem.objects.exists()


def test_the_coordinator_answers_why_not_and_the_editors_are_told(client, coordinator, editor, org_a, coming, run_jobs):
    propose(client, editor, org_a)
    proposal = InputProposal.objects.get()
    client.force_login(coordinator)
    empty = client.post(f"/koordinator/innspill/forslag/{proposal.pk}/svar/", {"message": ""})
    assert "Skriv hvorfor forslaget ikke tas med." in empty.content.decode()

    with run_jobs():
        response = client.post(f"/koordinator/innspill/forslag/{proposal.pk}/svar/", {"message": "Dette tar skolen opp i foreldremøtene."})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_message) == ("declined", "Dette tar skolen opp i foreldremøtene.")
    (message,) = [m for m in mail.outbox if "Leksehjelp" in m.subject]
    assert message.to == [editor.email] and "Dette tar skolen opp i foreldremøtene." in message.body
    client.force_login(editor)
    page = client.get(f"/mine-organisasjoner/{org_a.slug}/innspill/").content.decode()
    assert "Ikke tatt med" in page and "Dette tar skolen opp i foreldremøtene." in page
    assert not InputItem.objects.exists()
