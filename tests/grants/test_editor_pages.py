"""The organisation's own grant pages: apply (a draft to come back to, then send), see the
decision, report back. An editor never reaches another organisation's applications."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from grants.models import ApplicationStatus, GrantApplication, Part, UseReport
from tests.conftest import make_organisation
from tests.grants import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(db):
    today = datetime.date.today()
    return factories.grant_round(today.year, 321702, deadline=today + datetime.timedelta(days=20))


def apply_url(organisation, grant_round):
    return reverse("grants:editor_apply", args=[organisation.slug, grant_round.pk])


FORM = {"part": "activity", "project": "Sommerfest", "description": "For alle i bydelen", "applied_amount": "12000", "participants": "80"}


def test_an_editor_saves_a_draft_and_comes_back_to_send_it(client, editor, org_a, open_round, run_jobs):
    client.force_login(editor)
    response = client.post(apply_url(org_a, open_round), {**FORM, "draft": ""})
    draft = GrantApplication.objects.get()
    assert response.status_code == 302 and draft.status == ApplicationStatus.DRAFT and draft.submitted_at is None
    assert mail.outbox == []

    page = client.get(reverse("grants:editor_application", args=[org_a.slug, draft.pk]))
    assert "Sommerfest" in page.content.decode() and "Utkast, sist lagret" in page.content.decode()

    with run_jobs():
        client.post(reverse("grants:editor_application", args=[org_a.slug, draft.pk]), {**FORM, "applied_amount": "15000", "send": ""})
    draft.refresh_from_db()
    assert (draft.status, draft.applied_amount, draft.submitted_by) == (ApplicationStatus.RECEIVED, 15000, editor)
    (acknowledgement,) = mail.outbox
    assert acknowledgement.to == [editor.email]
    assert "Vi har mottatt søknaden fra Organisasjon A" in acknowledgement.body
    assert "15\u00a0000 kr" in acknowledgement.body


def test_a_sent_application_can_no_longer_be_changed(client, editor, org_a, open_round):
    application = factories.application(open_round, org_a, participants=10)
    client.force_login(editor)
    client.post(reverse("grants:editor_application", args=[org_a.slug, application.pk]), {**FORM, "send": ""})
    application.refresh_from_db()
    assert application.applied_amount == 10000


def test_activity_support_asks_for_expected_participants(client, editor, org_a, open_round):
    client.force_login(editor)
    response = client.post(apply_url(org_a, open_round), {**FORM, "participants": "", "send": ""})
    assert response.status_code == 400
    assert "Oppgi forventet antall deltakere" in response.content.decode()
    assert not GrantApplication.objects.exists()


def test_a_closed_round_takes_no_application(client, editor, org_a):
    closed = factories.grant_round(2020, 1000, deadline=datetime.date(2020, 3, 1))
    client.force_login(editor)
    response = client.post(apply_url(org_a, closed), {**FORM, "send": ""})
    assert response.status_code == 302 and not GrantApplication.objects.exists()


def test_the_organisations_page_lists_its_own_applications_and_decisions_only(client, editor, org_a, org_b, open_round):
    factories.application(open_round, org_a, project="Vårt eget tiltak", status=ApplicationStatus.GRANTED, granted=7000)
    factories.application(open_round, org_b, project="Naboens hemmelige tiltak", status=ApplicationStatus.GRANTED, granted=9000)
    client.force_login(editor)
    page = client.get(reverse("grants:editor_applications", args=[org_a.slug])).content.decode()
    assert "Vårt eget tiltak" in page and "7\u00a0000" in page
    assert "Naboens hemmelige tiltak" not in page and "9\u00a0000" not in page


def test_an_editor_cannot_read_another_organisations_application_by_its_number(client, editor, org_a, org_b, open_round):
    theirs = factories.application(open_round, org_b, project="Naboens hemmelige tiltak", status=ApplicationStatus.GRANTED, granted=9000)
    UseReport.objects.create(application=theirs, due_on=datetime.date.today())
    client.force_login(editor)
    for name in ("grants:editor_application", "grants:editor_decision_pdf", "grants:editor_use_report"):
        for slug in (org_a.slug, org_b.slug):
            response = client.get(reverse(name, args=[slug, theirs.pk]))
            assert response.status_code == 404, (name, slug)
            assert b"Naboens" not in response.content


def test_the_editor_reports_on_the_use_of_the_grant(client, editor, org_a, open_round):
    application = factories.granted(open_round, org_a, part=Part.ACTIVITY, applied=12000, amount=10000, heads=80)
    report = UseReport.objects.create(application=application, due_on=datetime.date.today() + datetime.timedelta(days=30))
    client.force_login(editor)
    url = reverse("grants:editor_use_report", args=[org_a.slug, application.pk])
    bad = client.post(url, {"what_was_done": "Fest", "participants": "95", "amount_used": "9000", "unused_amount": "500"})
    assert bad.status_code == 400 and "til sammen bli det innvilgede beløpet" in bad.content.decode()
    client.post(url, {"what_was_done": "Sommerfest i parken", "participants": "95", "amount_used": "9000", "unused_amount": "1000"})
    report.refresh_from_db()
    assert report.is_submitted and (report.participants, report.unused_amount, report.submitted_by) == (95, 1000, editor)
    # a delivered report is not written again
    assert client.get(url).status_code == 302


def test_a_stranger_sees_nothing_of_it(client, outsider, org_a, open_round):
    application = factories.application(open_round, org_a)
    client.force_login(outsider)
    assert client.get(reverse("grants:editor_applications", args=[org_a.slug])).status_code == 404
    assert client.get(reverse("grants:editor_application", args=[org_a.slug, application.pk])).status_code == 404
    assert client.get(reverse("grants:application_detail", args=[application.pk])).status_code == 403


def test_a_draft_is_not_in_the_audit_trail_coordinators_read(client, editor, coordinator, org_a, open_round, run_jobs):
    """The draft is the organisation's own: the trail at /koordinator/logg/ shows the application
    from when it was sent, never the draft's text."""
    client.force_login(editor)
    client.post(apply_url(org_a, open_round), {**FORM, "description": "Hemmelig utkast om styret", "draft": ""})
    draft = GrantApplication.objects.get()
    client.post(reverse("grants:editor_application", args=[org_a.slug, draft.pk]),
                {**FORM, "description": "Enda et hemmelig utkast", "draft": ""})
    client.force_login(coordinator)
    trail = client.get("/koordinator/logg/", {"model": "grants.grantapplication"}).content.decode()
    assert "hemmelig" not in trail.lower()
    client.force_login(editor)
    with run_jobs():
        client.post(reverse("grants:editor_application", args=[org_a.slug, draft.pk]), {**FORM, "send": ""})
    client.force_login(coordinator)
    trail = client.get("/koordinator/logg/", {"model": "grants.grantapplication"}).content.decode()
    assert "Sommerfest" in trail or "For alle i bydelen" in trail  # the sent application is audited
    assert "hemmelig" not in trail.lower()
