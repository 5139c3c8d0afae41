import pytest
from django.urls import reverse

from organisations import selectors
from organisations.models import Language, ListingRevision, ModerationStatus
from tests.conftest import make_organisation
from portal.background import jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(client, editor, org_a):
    org_a.description = "Før"
    org_a.phone = "400 00 000"
    org_a.save()
    org_a.languages.set(Language.objects.filter(code="ar"))
    client.force_login(editor)
    client.post(
        reverse("organisations:editor_edit", args=[org_a.slug]),
        {"description": "Etter", "phone": "400 00 000", "languages": list(Language.objects.filter(code__in=["ar", "so"]).values_list("pk", flat=True))},
    )
    client.logout()
    return ListingRevision.objects.get(organisation=org_a)


def test_the_diff_marks_exactly_the_changed_fields(proposal):
    rows = {row["field"]: row for row in selectors.listing_diff(proposal)}
    assert rows["description"]["old"] == "Før" and rows["description"]["new"] == "<p>Etter</p>" and rows["description"]["changed"]
    assert not rows["phone"]["changed"]
    assert rows["languages"]["changed"] and rows["languages"]["new"] == "arabisk, somali"
    assert {name for name, row in rows.items() if row["changed"]} == {"description", "languages"}


def test_a_rejection_needs_a_message_and_changes_nothing(client, coordinator, proposal, org_a, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    url = reverse("organisations:moderation_revision", args=[proposal.pk])
    response = client.post(url, {"decision": "reject", "message": ""})
    assert response.status_code == 200 and "Skriv hvorfor" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "reject", "message": "Beskrivelsen mangler tider."})
    jobs.run_pending()  # the decision e-mail is a background job
    proposal.refresh_from_db()
    org_a.refresh_from_db()
    assert proposal.status == ModerationStatus.REJECTED and proposal.reviewed_by == coordinator
    assert org_a.description == "Før"
    assert len(mailoutbox) == 1 and "ikke godkjent" in mailoutbox[0].subject
    assert "Beskrivelsen mangler tider." in mailoutbox[0].body and mailoutbox[0].to == ["redaktor@example.org"]


def test_a_decided_change_cannot_be_decided_again(client, coordinator, proposal, org_a):
    client.force_login(coordinator)
    url = reverse("organisations:moderation_revision", args=[proposal.pk])
    client.post(url, {"decision": "reject", "message": "Nei"})
    client.post(url, {"decision": "approve", "message": ""})
    proposal.refresh_from_db()
    org_a.refresh_from_db()
    assert proposal.status == ModerationStatus.REJECTED and org_a.description == "Før"


def test_every_version_is_kept(client, coordinator, editor, org_a, proposal):
    client.force_login(coordinator)
    client.post(reverse("organisations:moderation_revision", args=[proposal.pk]), {"decision": "approve"})
    client.force_login(editor)
    client.post(reverse("organisations:editor_edit", args=[org_a.slug]), {"description": "Tredje"})
    second = ListingRevision.objects.get(status=ModerationStatus.PENDING)
    client.force_login(coordinator)
    client.post(reverse("organisations:moderation_revision", args=[second.pk]), {"decision": "approve"})

    history = selectors.listing_history(org_a)
    assert [r.data["description"] for r in history] == ["<p>Tredje</p>", "<p>Etter</p>"]
    assert history[-1].previous["description"] == "Før"  # the very first version too
    html = client.get(reverse("organisations:staff_history", args=[org_a.pk])).content.decode()
    assert html.count("Godkjent") >= 2
    # The diff of a decided change compares with the listing as it was then, not now.
    rows = {row["field"]: row for row in selectors.listing_diff(history[-1])}
    assert rows["description"]["old"] == "Før" and rows["description"]["new"] == "<p>Etter</p>"


def test_approval_counts_as_confirming_the_listing(client, coordinator, proposal, org_a):
    client.force_login(coordinator)
    client.post(reverse("organisations:moderation_revision", args=[proposal.pk]), {"decision": "approve"})
    org_a.refresh_from_db()
    assert org_a.last_confirmed_on is not None
    assert org_a.search_text and "etter" in org_a.search_text


def test_the_queue_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)

    def add(count):
        for _ in range(count):
            ListingRevision.objects.create(organisation=make_organisation(), data={"description": "x"})

    add(2)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("organisations:moderation_queue")).status_code == 200
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(reverse("organisations:moderation_queue")).content.decode()
    assert html.count("Se endringene") == 17


def test_the_coordinator_previews_the_proposal(client, coordinator, proposal):
    client.force_login(coordinator)
    url = reverse("organisations:moderation_revision", args=[proposal.pk])
    assert f"{url}?forhandsvisning=1" in client.get(url).content.decode()
    html = client.get(url, {"forhandsvisning": "1"}).content.decode()
    assert "Forhåndsvisning" in html and "Etter" in html and "<h1>Organisasjon A</h1>" in html
    assert reverse("organisations:editor_edit", args=[proposal.organisation.slug]) not in html
