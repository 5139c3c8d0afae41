import pytest
from django.urls import reverse

from organisations.models import ListingRevision, ModerationStatus

pytestmark = pytest.mark.django_db


def test_editor_edit_becomes_a_pending_change_not_a_public_one(client, editor, published):
    organisation = published("Forening", description="Gammel beskrivelse")
    organisation.editors.add(editor)
    client.force_login(editor)
    response = client.post(
        reverse("organisations:editor_edit", args=[organisation.slug]),
        {"description": "Ny beskrivelse", "email": "post@a.example.org"},
    )
    organisation.refresh_from_db()
    revision = ListingRevision.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:editor_revision", args=[organisation.slug, revision.pk])
    assert organisation.description == "Gammel beskrivelse"
    assert revision.status == ModerationStatus.PENDING
    assert revision.data["description"] == "<p>Ny beskrivelse</p>" and revision.submitted_by == editor
    public = client.get(organisation.get_absolute_url()).content.decode()
    assert "Gammel beskrivelse" in public and "Ny beskrivelse" not in public


def test_a_second_edit_updates_the_one_pending_change(client, editor, org_a):
    client.force_login(editor)
    url = reverse("organisations:editor_edit", args=[org_a.slug])
    client.post(url, {"description": "Første forslag"})
    form_html = client.get(url).content.decode()
    assert "Første forslag" in form_html  # the form starts from the pending proposal
    client.post(url, {"description": "Andre forslag"})
    assert ListingRevision.objects.filter(organisation=org_a).count() == 1
    assert ListingRevision.objects.get().data["description"] == "<p>Andre forslag</p>"


def test_the_preview_shows_the_proposal_as_the_public_page_will(client, editor, org_a):
    client.force_login(editor)
    client.post(
        reverse("organisations:editor_edit", args=[org_a.slug]),
        {"description": "Vi møtes hver uke", "meeting_place": "Biblioteket", "meeting_times": "Tirsdager kl. 18", "tags_text": "sjakk"},
    )
    revision = ListingRevision.objects.get()
    html = client.get(reverse("organisations:editor_revision", args=[org_a.slug, revision.pk])).content.decode()
    assert "Forhåndsvisning" in html
    assert "Vi møtes hver uke" in html and "Biblioteket" in html and "Tirsdager kl. 18" in html and "sjakk" in html
    assert "<h1>Organisasjon A</h1>" in html


def test_editor_cannot_open_or_change_another_organisation(client, editor, org_b):
    client.force_login(editor)
    url = reverse("organisations:editor_edit", args=[org_b.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"description": "Overtatt"}).status_code == 404
    org_b.refresh_from_db()
    assert org_b.description == ""
    assert not ListingRevision.objects.exists()


def test_editor_cannot_use_coordinator_screens(client, editor, org_a, org_b):
    client.force_login(editor)
    assert client.get(reverse("organisations:edit", args=[org_b.pk])).status_code == 403
    assert client.get(reverse("organisations:edit", args=[org_a.pk])).status_code == 403
    assert client.get(reverse("organisations:staff_list")).status_code == 403
    assert client.get(reverse("organisations:moderation_queue")).status_code == 403


def test_editor_form_cannot_change_private_or_moderated_fields(client, editor, org_a):
    client.force_login(editor)
    client.post(
        reverse("organisations:editor_edit", args=[org_a.slug]),
        {"description": "x", "notes": "hacked", "published_on": "2020-01-01", "name": "Nytt navn"},
    )
    org_a.refresh_from_db()
    assert org_a.notes == "" and org_a.published_on is None and org_a.name == "Organisasjon A"
    data = ListingRevision.objects.get().data
    assert "notes" not in data and "published_on" not in data and "name" not in data


def test_editor_home_lists_only_own_organisations(client, editor, org_a, org_b):
    client.force_login(editor)
    html = client.get(reverse("organisations:editor_home")).content.decode()
    assert "Organisasjon A" in html and "Organisasjon B" not in html


def test_an_editor_of_several_organisations_sees_each(client, editor, org_a, org_b):
    org_b.editors.add(editor)
    client.force_login(editor)
    html = client.get(reverse("organisations:editor_home")).content.decode()
    assert "Organisasjon A" in html and "Organisasjon B" in html
    assert client.get(reverse("organisations:editor_organisation", args=[org_b.slug])).status_code == 200


def test_editor_confirms_the_listing(client, editor, org_a):
    client.force_login(editor)
    response = client.post(reverse("organisations:editor_confirm", args=[org_a.slug]))
    org_a.refresh_from_db()
    assert response.status_code == 302 and org_a.last_confirmed_on is not None


def test_editor_home_query_count_does_not_grow(client, editor, make_orgs, django_assert_max_num_queries):
    client.force_login(editor)
    make_orgs(editor, 2)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("organisations:editor_home"))
    make_orgs(editor, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("organisations:editor_home"))


@pytest.fixture
def make_orgs():
    from tests.conftest import make_organisation

    def build(user, count):
        for _ in range(count):
            organisation = make_organisation()
            organisation.editors.add(user)
            ListingRevision.objects.create(organisation=organisation, data={"description": "x"})

    return build
