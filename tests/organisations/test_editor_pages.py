"""Query counts of the editor's and the public pages that list events and changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import Event, ListingRevision, ModerationStatus

pytestmark = pytest.mark.django_db


def add_events(organisation, count, status=ModerationStatus.APPROVED):
    for n in range(count):
        Event.objects.create(
            organisation=organisation, title=f"Arrangement {n}", location="Huset", status=status,
            starts_at=timezone.now() + datetime.timedelta(days=n + 1),
        )


def test_the_editor_page_query_count_does_not_grow(client, editor, org_a, django_assert_max_num_queries):
    client.force_login(editor)
    url = reverse("organisations:editor_organisation", args=[org_a.slug])
    add_events(org_a, 2)
    ListingRevision.objects.create(organisation=org_a, data={}, status=ModerationStatus.REJECTED, reviewed_at=timezone.now())
    with django_assert_max_num_queries(15) as small:
        assert client.get(url).status_code == 200
    add_events(org_a, 12, status=ModerationStatus.PENDING)
    for _ in range(4):
        ListingRevision.objects.create(organisation=org_a, data={}, status=ModerationStatus.APPROVED, reviewed_at=timezone.now())
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("Endre<span") == 14


def test_the_public_page_query_count_does_not_grow_with_events(client, published, django_assert_max_num_queries):
    organisation = published("Forening")
    add_events(organisation, 1)
    with django_assert_max_num_queries(10) as small:
        client.get(organisation.get_absolute_url())
    add_events(organisation, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(organisation.get_absolute_url()).content.decode()
    assert html.count('id="arrangement-') == 16


def test_the_public_page_shows_only_approved_coming_events(client, published):
    organisation = published("Forening")
    add_events(organisation, 1)
    Event.objects.create(organisation=organisation, title="Venter", location="X", starts_at=timezone.now() + datetime.timedelta(days=2))
    Event.objects.create(
        organisation=organisation, title="Var i fjor", location="X", status=ModerationStatus.APPROVED,
        starts_at=timezone.now() - datetime.timedelta(days=300),
    )
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Arrangement 0" in html and "Venter" not in html and "Var i fjor" not in html


def test_the_start_page_lists_coming_events(client, published):
    organisation = published("Forening")
    add_events(organisation, 1)
    assert "Arrangement 0 (Forening)" in client.get("/").content.decode()
