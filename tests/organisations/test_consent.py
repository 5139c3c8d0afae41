import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations import selectors
from organisations.models import Consent
from organisations.services import CONSENT_WORDING_VERSION

pytestmark = pytest.mark.django_db


def test_the_editor_gives_consent_with_who_when_and_wording(client, editor, org_a):
    client.force_login(editor)
    response = client.post(
        reverse("organisations:editor_consent", args=[org_a.slug]), {"action": "give", "given_by": "Amina, styreleder"}
    )
    assert response.status_code == 400  # the confirmation box was not ticked
    assert not Consent.objects.exists()
    client.post(
        reverse("organisations:editor_consent", args=[org_a.slug]),
        {"action": "give", "given_by": "Amina, styreleder", "confirm": "on"},
    )
    consent = Consent.objects.get()
    assert consent.given_by == "Amina, styreleder" and consent.given_by_user == editor
    assert consent.given_on == timezone.localdate() and consent.wording_version == CONSENT_WORDING_VERSION
    assert "samtykker" in consent.wording
    org_a.refresh_from_db()
    assert org_a.consent_given_by == "Amina, styreleder"


def test_publishing_needs_a_consent_on_record(client, coordinator, org_a):
    client.force_login(coordinator)
    url = reverse("organisations:staff_consent", args=[org_a.pk])
    client.post(url, {"action": "publish"})
    org_a.refresh_from_db()
    assert org_a.published_on is None
    client.post(url, {"action": "record", "given_by": "Styreleder Per", "given_on": "2026-01-10"})
    client.post(url, {"action": "publish"})
    org_a.refresh_from_db()
    assert org_a.published_on == timezone.localdate()
    assert client.get(org_a.get_absolute_url()).status_code == 200


def test_withdrawing_consent_unpublishes_at_once(client, coordinator, editor, published):
    organisation = published("Forening")
    organisation.editors.add(editor)
    Consent.objects.create(organisation=organisation, given_by="Leder", given_on=datetime.date(2026, 1, 2), wording_version="2026-1", wording="x")
    before = selectors.published_today()
    client.force_login(editor)
    client.post(reverse("organisations:editor_consent", args=[organisation.slug]), {"action": "withdraw"})
    organisation.refresh_from_db()
    assert organisation.published_on is None and not organisation.is_published
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert selectors.published_today() == before - 1
    consent = Consent.objects.get()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == editor  # the record stays
    # Publishing again needs a new consent.
    client.force_login(coordinator)
    client.post(reverse("organisations:staff_consent", args=[organisation.pk]), {"action": "publish"})
    organisation.refresh_from_db()
    assert organisation.published_on is None


def test_a_consent_typed_in_the_registry_form_is_kept_as_a_record(client, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("organisations:create"),
        {"name": "Forening", "kind": "immigrant_organisation",
         "published_on": "2026-01-05", "consent_given_by": "Styreleder", "consent_given_on": "2026-01-04"},
    )
    consent = Consent.objects.get()
    assert consent.given_by == "Styreleder" and consent.given_on == datetime.date(2026, 1, 4)
    assert consent.recorded_by == coordinator


def test_the_consent_page_lists_every_consent(client, coordinator, org_a):
    Consent.objects.create(organisation=org_a, given_by="Første leder", given_on=datetime.date(2025, 3, 1), wording_version="2026-1", wording="x", withdrawn_at=timezone.now())
    Consent.objects.create(organisation=org_a, given_by="Andre leder", given_on=datetime.date(2026, 2, 1), wording_version="2026-1", wording="x")
    client.force_login(coordinator)
    html = client.get(reverse("organisations:staff_consent", args=[org_a.pk])).content.decode()
    assert "Første leder" in html and "Andre leder" in html


def test_the_queue_lists_organisations_that_consented_but_are_not_published(client, coordinator, editor, org_a, org_b):
    client.force_login(editor)
    client.post(
        reverse("organisations:editor_consent", args=[org_a.slug]),
        {"action": "give", "given_by": "Amina, styreleder", "confirm": "on"},
    )
    client.force_login(coordinator)
    html = client.get(reverse("organisations:moderation_queue")).content.decode()
    assert reverse("organisations:staff_consent", args=[org_a.pk]) in html
    assert reverse("organisations:staff_consent", args=[org_b.pk]) not in html
