"""An editor of organisation A reads and changes nothing of organisation B: every editor URL,
with B's slug, and with A's slug but B's records, answers 404 and leaves B as it was."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import Consent, ContactPerson, Event, ListingRevision, ModerationStatus, PremisesNeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_b_with_records(published):
    org_b = published("Organisasjon B", description="B sin tekst")
    Consent.objects.create(organisation=org_b, given_by="Leder B", given_on=datetime.date(2026, 1, 2), wording_version="2026-1", wording="x")
    revision = ListingRevision.objects.create(organisation=org_b, data={"description": "B sitt forslag"})
    start = timezone.now() + datetime.timedelta(days=5)
    event = Event.objects.create(organisation=org_b, title="B sitt arrangement", starts_at=start, location="B-huset", status=ModerationStatus.APPROVED)
    # B's own record: a contact person and a premises need.
    ContactPerson.objects.create(organisation=org_b, name="Kontakt B", email="b@example.org")
    PremisesNeed.objects.create(organisation=org_b, weekday=3, starts_at=datetime.time(18), ends_at=datetime.time(20), people=10)
    return org_b, revision, event


def record_pks(org_b):
    return {"person_pk": org_b.contact_persons.get().pk, "need_pk": org_b.premises_needs.get().pk}


def state(org_b, revision, event):
    org_b.refresh_from_db()
    revision.refresh_from_db()
    return (
        org_b.description, org_b.published_on, org_b.last_confirmed_on, org_b.published_consent_id,
        list(org_b.consents.values_list("withdrawn_at", flat=True)),
        revision.data, revision.status, ListingRevision.objects.filter(organisation=org_b).count(),
        list(Event.objects.filter(organisation=org_b).values_list("pk", "title", "status")),
        org_b.member_count, org_b.other_needs,
        list(ContactPerson.objects.filter(organisation=org_b).values_list("pk", "name", "email")),
        list(PremisesNeed.objects.filter(organisation=org_b).values_list("pk", "weekday", "people", "withdrawn_on")),
    )


def editor_urls(slug, revision_pk, event_pk, person_pk=1, need_pk=1):
    """Every editor URL, with the given organisation and records."""
    return {
        "editor_record": reverse("organisations:editor_record", args=[slug]),
        "editor_contact_person_create": reverse("organisations:editor_contact_person_create", args=[slug]),
        "editor_contact_person_edit": reverse("organisations:editor_contact_person_edit", args=[slug, person_pk]),
        "editor_contact_person_remove": reverse("organisations:editor_contact_person_remove", args=[slug, person_pk]),
        "editor_premises_need_create": reverse("organisations:editor_premises_need_create", args=[slug]),
        "editor_premises_need_edit": reverse("organisations:editor_premises_need_edit", args=[slug, need_pk]),
        "editor_premises_need_withdraw": reverse("organisations:editor_premises_need_withdraw", args=[slug, need_pk]),
        "editor_organisation": reverse("organisations:editor_organisation", args=[slug]),
        "editor_edit": reverse("organisations:editor_edit", args=[slug]),
        "editor_revision": reverse("organisations:editor_revision", args=[slug, revision_pk]),
        "editor_history": reverse("organisations:editor_history", args=[slug]),
        "editor_consent": reverse("organisations:editor_consent", args=[slug]),
        "editor_confirm": reverse("organisations:editor_confirm", args=[slug]),
        "editor_event_create": reverse("organisations:editor_event_create", args=[slug]),
        "editor_event_edit": reverse("organisations:editor_event_edit", args=[slug, event_pk]),
        "editor_event_delete": reverse("organisations:editor_event_delete", args=[slug, event_pk]),
    }


POSTS = {
    "description": "Overtatt", "action": "withdraw", "confirm": "on", "given_by": "Inntrenger",
    "title": "Falskt", "starts_at": "2030-01-01T18:00", "location": "X", "audience": "open",
    "name": "Inntrenger", "email": "inntrenger@example.org", "member_count": "1", "other_needs": ["storage"],
    "weekday": "1", "ends_at": "20:00", "people": "99",
}


def test_every_editor_url_with_a_slug_is_covered_here():
    # A new editor page must be added to editor_urls() above, or this fails (the whole namespace:
    # organisations/urls.py and the pages hub/urls.py adds to it).
    from django.urls import get_resolver

    _prefix, namespace = get_resolver().namespace_dict["organisations"]
    names = {p.name for p in namespace.url_patterns if p.name.startswith("editor_") and "slug" in str(p.pattern)}
    assert names == set(editor_urls("x", 1, 1))


def test_another_organisations_slug_gives_404_and_changes_nothing(client, editor, org_b_with_records):
    org_b, revision, event = org_b_with_records
    before = state(org_b, revision, event)
    client.force_login(editor)
    for name, url in editor_urls(org_b.slug, revision.pk, event.pk, **record_pks(org_b)).items():
        assert client.get(url).status_code in (403, 404, 405), name
        assert client.post(url, POSTS).status_code in (403, 404), name
    assert state(org_b, revision, event) == before
    assert org_b.is_published


def test_own_slug_with_another_organisations_records_gives_404(client, editor, org_a, org_b_with_records):
    org_b, revision, event = org_b_with_records
    before = state(org_b, revision, event)
    client.force_login(editor)
    urls = editor_urls(org_a.slug, revision.pk, event.pk, **record_pks(org_b))
    for name in ("editor_revision", "editor_event_edit", "editor_event_delete", "editor_contact_person_edit",
                 "editor_contact_person_remove", "editor_premises_need_edit", "editor_premises_need_withdraw"):
        assert client.get(urls[name]).status_code in (404, 405), name
        assert client.post(urls[name], POSTS).status_code == 404, name
    assert state(org_b, revision, event) == before


def test_a_revoked_editor_loses_access_at_once(client, coordinator, editor, org_a):
    client.force_login(coordinator)
    client.post(reverse("organisations:staff_editor_revoke", args=[org_a.pk, editor.pk]))
    client.force_login(editor)
    assert client.get(reverse("organisations:editor_edit", args=[org_a.slug])).status_code == 404
    assert not editor.groups.filter(name="organisasjonsredaktør").exists()


def test_an_archived_organisation_is_closed_to_its_editors(client, editor, org_a):
    org_a.archived_at = timezone.now()
    org_a.save()
    client.force_login(editor)
    assert client.get(reverse("organisations:editor_organisation", args=[org_a.slug])).status_code == 404


@pytest.mark.parametrize(
    "name,args",
    [
        ("staff_editors", "pk"), ("staff_consent", "pk"), ("staff_history", "pk"),
        ("moderation_queue", None), ("moderation_revision", "revision"), ("moderation_event", "event"),
    ],
)
def test_editors_cannot_use_the_coordinator_screens(client, editor, org_b_with_records, name, args):
    org_b, revision, event = org_b_with_records
    before = state(org_b, revision, event)
    value = {"pk": [org_b.pk], "revision": [revision.pk], "event": [event.pk], None: []}[args]
    url = reverse(f"organisations:{name}", args=value)
    client.force_login(editor)
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "approve", "action": "withdraw", "email": "x@example.org"}).status_code == 403
    assert state(org_b, revision, event) == before


def test_anonymous_visitors_are_sent_to_sign_in(client, org_a):
    for url in editor_urls(org_a.slug, 1, 1).values():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
