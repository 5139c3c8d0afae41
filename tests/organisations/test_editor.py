import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_editor_edits_own_listing(client, editor, org_a):
    client.force_login(editor)
    response = client.post(
        reverse("organisations:editor_edit", args=[org_a.slug]),
        {"description": "Ny beskrivelse", "email": "post@a.example.org"},
    )
    org_a.refresh_from_db()
    assert response.status_code == 302
    assert org_a.description == "Ny beskrivelse"


def test_editor_cannot_open_or_change_another_organisation(client, editor, org_b):
    client.force_login(editor)
    url = reverse("organisations:editor_edit", args=[org_b.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"description": "Overtatt"}).status_code == 404
    org_b.refresh_from_db()
    assert org_b.description == ""


def test_editor_cannot_use_coordinator_screens(client, editor, org_a, org_b):
    client.force_login(editor)
    assert client.get(reverse("organisations:edit", args=[org_b.pk])).status_code == 403
    assert client.get(reverse("organisations:edit", args=[org_a.pk])).status_code == 403
    assert client.get(reverse("organisations:staff_list")).status_code == 403


def test_editor_form_cannot_change_private_or_moderated_fields(client, editor, org_a):
    client.force_login(editor)
    client.post(
        reverse("organisations:editor_edit", args=[org_a.slug]),
        {"description": "x", "notes": "hacked", "published_on": "2020-01-01", "name": "Nytt navn"},
    )
    org_a.refresh_from_db()
    assert org_a.notes == "" and org_a.published_on is None and org_a.name == "Organisasjon A"


def test_editor_home_lists_only_own_organisations(client, editor, org_a, org_b):
    client.force_login(editor)
    html = client.get(reverse("organisations:editor_home")).content.decode()
    assert "Organisasjon A" in html and "Organisasjon B" not in html
