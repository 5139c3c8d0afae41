"""An editor proposes a relationship for their own organisation with an organisation of the public
directory; it shows nowhere until a coordinator approves it, once; a rejection carries a message
the editor reads. Editors of other organisations, council staff and visitors cannot."""

import pytest
from django.urls import reverse

from networks.models import Relationship, RelationshipProposal
from tests.conftest import make_organisation
from tests.networks.factories import relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(org_a, editor, published):
    """Organisation A (the editor's) and B published; an unpublished one the editor must not see."""
    from organisations.services import consent_record, organisation_set_published

    consent_record(organisation=org_a, given_by="Styreleder")
    organisation_set_published(organisation=org_a, on=org_a.created_at.date())
    return org_a, published("Sandnes Inkluderingsråd"), make_organisation(name="Skjult forening")


def propose(client, organisation, **data):
    return client.post(reverse("networks:editor_relationship_propose", args=[organisation.slug]), data)


def test_an_approved_proposal_shows_on_both_listings_and_not_before(client, editor, coordinator, setting):
    a, raad, _hidden = setting
    client.force_login(editor)

    response = propose(client, a, kind="member_of", other=raad.pk, starts_on="2025-05-01", message="Vi ble med i mai.")

    assert response.status_code == 302
    proposal = RelationshipProposal.objects.get()
    assert (proposal.status, proposal.submitted_by) == ("pending", editor)
    client.logout()
    assert "Sandnes Inkluderingsråd" not in client.get(a.get_absolute_url()).content.decode()

    client.force_login(coordinator)
    queue = client.get(reverse("networks:relationship_list")).content.decode()
    assert "Vi ble med i mai." in queue and "Organisasjon A" in queue
    assert client.post(reverse("networks:relationship_proposal_approve", args=[proposal.pk])).status_code == 302

    link = Relationship.objects.get()
    assert (link.organisation, link.kind, link.other, str(link.starts_on)) == (a, "member", raad, "2025-05-01")
    client.logout()
    assert "Medlem av" in client.get(a.get_absolute_url()).content.decode()
    assert "Paraply for" in client.get(raad.get_absolute_url()).content.decode()
    # A second approval (a double click, a second coordinator) makes nothing more.
    client.force_login(coordinator)
    client.post(reverse("networks:relationship_proposal_approve", args=[proposal.pk]))
    assert Relationship.objects.count() == 1


def test_we_are_the_umbrella_reads_the_other_way_round(client, editor, coordinator, setting):
    a, raad, _hidden = setting
    client.force_login(editor)
    propose(client, a, kind="umbrella_for", other=raad.pk)
    client.force_login(coordinator)

    client.post(reverse("networks:relationship_proposal_approve", args=[RelationshipProposal.objects.get().pk]))

    link = Relationship.objects.get()
    assert (link.organisation, link.kind, link.other) == (raad, "member", a)


def test_a_rejection_tells_the_editor_why(client, editor, coordinator, setting, run_jobs, mailoutbox):
    a, raad, _hidden = setting
    client.force_login(editor)
    propose(client, a, kind="partner_of", other=raad.pk)
    proposal = RelationshipProposal.objects.get()
    client.force_login(coordinator)

    assert client.post(reverse("networks:relationship_proposal_reject", args=[proposal.pk]), {"message": ""}).status_code == 302
    assert RelationshipProposal.objects.get().status == "pending"  # no message, no rejection
    with run_jobs():
        client.post(reverse("networks:relationship_proposal_reject", args=[proposal.pk]), {"message": "Rådet kjenner ikke til samarbeidet."})

    assert RelationshipProposal.objects.get().status == "rejected" and not Relationship.objects.exists()
    client.force_login(editor)
    page = client.get(reverse("networks:editor_networks", args=[a.slug])).content.decode()
    assert "Rådet kjenner ikke til samarbeidet." in page and "Avvist" in page
    [message] = mailoutbox
    assert message.to == [editor.email] and message.subject == "Forslaget om en forbindelse er ikke godkjent"
    assert "Rådet kjenner ikke til samarbeidet." in message.body and f"/mine-organisasjoner/{a.slug}/nettverk/" in message.body


def test_approving_what_is_already_recorded_says_so_and_records_nothing(client, editor, coordinator, setting):
    a, raad, _hidden = setting
    relationship(raad, a, kind="partner")
    client.force_login(editor)
    propose(client, a, kind="partner_of", other=raad.pk)
    client.force_login(coordinator)

    response = client.post(reverse("networks:relationship_proposal_approve", args=[RelationshipProposal.objects.get().pk]), follow=True)

    assert "Denne forbindelsen er allerede registrert." in response.content.decode()
    assert Relationship.objects.count() == 1 and RelationshipProposal.objects.get().status == "pending"


def test_an_editor_names_only_published_organisations_and_only_for_their_own(client, editor, setting, org_b):
    a, raad, hidden = setting
    client.force_login(editor)

    form_page = client.get(reverse("networks:editor_relationship_propose", args=[a.slug])).content.decode()
    assert "Sandnes Inkluderingsråd" in form_page and "Skjult forening" not in form_page
    refused = propose(client, a, kind="member_of", other=hidden.pk)
    assert refused.status_code == 200 and "other" in refused.context["form"].errors
    assert propose(client, org_b, kind="member_of", other=raad.pk).status_code == 404  # not their organisation
    assert client.get(reverse("networks:editor_networks", args=[org_b.slug])).status_code == 404
    assert not RelationshipProposal.objects.exists()


def test_the_same_proposal_waits_only_once(client, editor, setting):
    a, raad, _hidden = setting
    client.force_login(editor)
    propose(client, a, kind="member_of", other=raad.pk)

    again = propose(client, a, kind="member_of", other=raad.pk)

    assert "Dette forslaget venter allerede på godkjenning." in str(again.context["form"].errors)
    assert RelationshipProposal.objects.count() == 1


def test_council_staff_cannot_decide_and_the_overview_counts_what_waits(client, editor, coordinator, council_staff, setting):
    a, raad, _hidden = setting
    client.force_login(editor)
    propose(client, a, kind="member_of", other=raad.pk)
    proposal = RelationshipProposal.objects.get()

    client.force_login(council_staff)
    assert client.post(reverse("networks:relationship_proposal_approve", args=[proposal.pk])).status_code == 403
    assert "Forslag fra organisasjonene" not in client.get(reverse("networks:relationship_list")).content.decode()
    client.force_login(coordinator)
    assert client.get(reverse("dashboard")).context["overview"]["agreements"]["proposals"] == 1
    assert "1 forslag til forbindelse venter på godkjenning" in client.get(reverse("dashboard")).content.decode()
