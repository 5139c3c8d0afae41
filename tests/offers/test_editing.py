"""Editors propose offers for their own organisation, coordinators decide (moderated like events)
and publish their own (a municipal service's) at once; nobody else may touch them."""

import datetime

import pytest
from django.urls import reverse

from offers.models import Offer
from organisations.models import Kind, ModerationStatus
from portal.background import jobs
from portal.web import pagecache
from tests.conftest import make_organisation
from tests.offers.factories import offer

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "title": "Tigrinsk språkkafé", "kind": "language_cafe", "audience": "everyone", "languages": [],
        "place": "Sandnes bibliotek", "description": "<p>Kaffe og <strong>prat</strong>.</p>",
        "weekdays": ["2", "4"], "start_time": "18:00", "end_time": "20:00",
        "valid_from": "2027-01-04", "valid_until": "2027-12-16",
        "pauses": "22.06.2027–08.08.2027\n24.12.2027\n", **overrides,
    }


@pytest.fixture
def listed(org_a, editor, frozen_today):
    from organisations.services import consent_record, organisation_set_published

    consent_record(organisation=org_a, given_by="Styreleder", given_on=datetime.date(2026, 1, 1))
    organisation_set_published(organisation=org_a, on=datetime.date(2026, 1, 1))
    return org_a


def test_an_editors_offer_waits_and_is_public_only_after_approval(client, editor, coordinator, listed, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(editor)
    response = client.post(reverse("offers:editor_create", args=[listed.slug]), form_data())
    assert response.status_code == 302, response.content.decode()[-2000:]
    item = Offer.objects.get()
    assert item.status == ModerationStatus.PENDING and item.submitted_by == editor
    assert item.weekdays == "24" and [(p.starts_on, p.ends_on) for p in item.pauses.all()] == [
        (datetime.date(2027, 6, 22), datetime.date(2027, 8, 8)), (datetime.date(2027, 12, 24), datetime.date(2027, 12, 24))
    ]
    client.logout()
    assert "Tigrinsk språkkafé" not in client.get(reverse("offers:list")).content.decode()
    assert "Tigrinsk språkkafé" not in client.get(listed.get_absolute_url()).content.decode()
    assert "Tigrinsk språkkafé" not in client.get(reverse("calendar_ics")).content.decode()

    client.force_login(coordinator)
    assert "Tigrinsk språkkafé" in client.get(reverse("organisations:moderation_queue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("offers:staff_detail", args=[item.pk]), {"decision": "approve"})
    jobs.run_pending()
    assert len(mailoutbox) == 1 and "Det faste tilbudet «Tigrinsk språkkafé» er godkjent" in mailoutbox[0].subject
    client.logout()
    assert "Tigrinsk språkkafé" in client.get(reverse("offers:list")).content.decode()
    listing = client.get(listed.get_absolute_url()).content.decode()
    assert f'id="tilbud-{item.pk}"' in listing and "Hver tirsdag og torsdag kl. 18:00–20:00" in listing
    assert "<strong>prat</strong>" in listing


def test_a_changed_approved_offer_leaves_the_public_pages_until_approved_again(client, editor, listed):
    item = offer(listed, title="Leksehjelp", weekdays="3")
    client.force_login(editor)
    response = client.post(reverse("offers:editor_edit", args=[listed.slug, item.pk]), form_data(title="Leksehjelp", pauses=""))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ModerationStatus.PENDING and item.weekdays == "24" and not item.pauses.exists()
    client.logout()
    assert "Leksehjelp" not in client.get(reverse("offers:list")).content.decode()


def test_a_coordinators_offer_for_a_municipal_service_is_public_at_once(client, coordinator, frozen_today):
    library = make_organisation("Sandnes bibliotek", kind=Kind.MUNICIPAL_SERVICE)
    client.force_login(coordinator)
    response = client.post(reverse("offers:staff_create"), form_data(organisation=library.pk, title="Norsktrening"))
    assert response.status_code == 302
    item = Offer.objects.get()
    assert item.status == ModerationStatus.APPROVED and item.reviewed_by == coordinator
    client.logout()
    html = client.get(reverse("offers:list")).content.decode()
    assert "Norsktrening" in html and "Sandnes bibliotek" in html


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"pauses": "sommer"}, "pauses", "Linje 1 («sommer»)"),
        ({"pauses": "08.08.2027–22.06.2027"}, "pauses", "sluttdatoen er før startdatoen"),
        ({"end_time": "17:00"}, "end_time", "Slutten må være etter starten."),
        ({"valid_until": "2026-01-01"}, "valid_until", "Sluttdatoen kan ikke være før startdatoen."),
        ({"weekdays": []}, "weekdays", "Feltet er påkrevet."),
        ({"weekdays": ["8"]}, "weekdays", "Velg et gyldig valg."),
        ({"valid_until": "9999-12-31"}, "valid_until", "mellom år 2000 og 2100"),
        ({"pauses": "01.01.0001–31.12.9999"}, "pauses", "Linje 1: datoen må ligge mellom år 2000 og 2100."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, editor, listed, overrides, field, message):
    client.force_login(editor)
    response = client.post(reverse("offers:editor_create", args=[listed.slug]), form_data(**overrides))
    assert response.status_code == 200 and not Offer.objects.exists()
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert "Sandnes bibliotek" in response.content.decode()


def test_an_editor_of_another_organisation_cannot_see_or_touch_the_offers(client, editor, listed, org_b, django_user_model):
    other = offer(org_b, title="B sitt tilbud", status=ModerationStatus.PENDING)
    client.force_login(editor)
    assert client.get(reverse("offers:editor_list", args=[org_b.slug])).status_code == 404
    assert client.get(reverse("offers:editor_edit", args=[org_b.slug, other.pk])).status_code == 404
    # Through their own organisation's address, another organisation's offer is not found either.
    assert client.get(reverse("offers:editor_edit", args=[listed.slug, other.pk])).status_code == 404
    assert client.post(reverse("offers:editor_delete", args=[listed.slug, other.pk])).status_code == 404
    assert client.post(reverse("offers:staff_detail", args=[other.pk]), {"decision": "approve"}).status_code == 403
    other.refresh_from_db()
    assert other.status == ModerationStatus.PENDING
    own = client.get(reverse("offers:editor_list", args=[listed.slug])).content.decode()
    assert "B sitt tilbud" not in own


def test_council_staff_read_the_list_but_cannot_decide(client, council_staff, listed):
    item = offer(listed, title="Ventende", status=ModerationStatus.PENDING)
    client.force_login(council_staff)
    assert "Ventende" in client.get(reverse("offers:staff_list")).content.decode()
    assert client.post(reverse("offers:staff_detail", args=[item.pk]), {"decision": "approve"}).status_code == 403
    assert client.get(reverse("offers:staff_create")).status_code == 403


def test_the_editor_deletes_an_offer(client, editor, listed):
    item = offer(listed)
    client.force_login(editor)
    assert client.post(reverse("offers:editor_delete", args=[listed.slug, item.pk])).status_code == 302
    assert not Offer.objects.exists()


class TestThePageCache:
    @pytest.fixture(autouse=True)
    def _page_cache_on(self, settings):
        settings.PORTAL_PAGE_CACHE = True
        pagecache.LOCAL.clear()

    def hit(self, client, path):
        client.get(path)
        return client.get(path).get(pagecache.HIT_HEADER) == "hit"

    def test_an_approval_a_pause_and_an_unpublished_listing_refresh_the_cached_pages(self, client, listed, coordinator):
        from organisations.services import consent_withdraw

        item = offer(listed, title="Kveldskafé", status=ModerationStatus.PENDING)
        paths = [reverse("offers:list"), reverse("calendar_ics"), reverse("calendar"), listed.get_absolute_url()]
        for path in paths:
            assert self.hit(client, path), path
        Offer.objects.filter(pk=item.pk).update(status=ModerationStatus.APPROVED)  # (no signal: nothing changes)
        item.refresh_from_db()
        item.save()  # the approval as moderation_decide saves it
        for path in paths:
            assert "Kveldskafé" in client.get(path).content.decode(), path
        for path in paths[:3]:
            assert self.hit(client, path), path
        item.pauses.create(starts_on=datetime.date(2027, 1, 5), ends_on=datetime.date(2027, 1, 5))
        assert "20270105T180000" in client.get(reverse("calendar_ics")).content.decode()
        consent_withdraw(organisation=listed, user=None)
        for path in paths[:3]:
            assert "Kveldskafé" not in client.get(path).content.decode(), path


def test_the_audit_trail_and_the_record_of_processing_cover_the_offers(client, editor, coordinator, listed):
    from auditlog.models import LogEntry

    client.force_login(editor)
    client.post(reverse("offers:editor_create", args=[listed.slug]), form_data())
    item = Offer.objects.get()
    entries = LogEntry.objects.get_for_object(item)
    assert entries.count() == 1 and entries.get().actor == editor
    assert LogEntry.objects.filter(content_type__model="offerpause").count() == 2
    client.force_login(coordinator)
    record = client.get(reverse("processing_record")).content.decode()
    assert "Organisasjonenes faste tilbud" in record


def test_the_coordinators_dashboard_counts_the_offers_waiting(client, coordinator, listed, org_b):
    offer(listed, title="Venter 1", status=ModerationStatus.PENDING)
    offer(org_b, title="Venter 2", status=ModerationStatus.PENDING)
    offer(listed, title="Godkjent")
    offer(listed, title="Avvist", status=ModerationStatus.REJECTED)
    client.force_login(coordinator)
    tiles = client.get(reverse("dashboard")).context["overview"]["tiles"]
    assert next(t for t in tiles if t["key"] == "offers")["count"] == 2


def test_the_lists_of_offers_make_the_same_queries_whatever_their_number(client, editor, coordinator, listed, django_assert_num_queries):
    def many(n):
        for i in range(n):
            offer(listed, title=f"Tilbud {i}", languages=("ti", "ar"), pauses=[("2027-02-01", "2027-02-07")],
                  status=ModerationStatus.PENDING if i % 2 else ModerationStatus.APPROVED)

    many(2)
    client.force_login(editor)
    # session, user, the organisation, "is the user its editor", the offers with their
    # organisation, their languages, their pauses, the user's groups (the menu's roles), the
    # menu's "is an editor" check
    with django_assert_num_queries(9):
        client.get(reverse("offers:editor_list", args=[listed.slug]))
    many(6)
    with django_assert_num_queries(9):
        client.get(reverse("offers:editor_list", args=[listed.slug]))
    client.force_login(coordinator)
    # session, user, groups, the offers with their organisations, their languages, their pauses,
    # the menu's "is an editor" check
    with django_assert_num_queries(7):
        client.get(reverse("offers:staff_list"))
