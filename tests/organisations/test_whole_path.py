"""The issue's whole path, through the pages: a coordinator invites, the editor follows the link
in the e-mail and sets a password, signs in, edits; the public page changes only when the
coordinator approves."""

import re

import pytest
from django.urls import reverse

from organisations.models import ListingRevision
from portal.privacy import roles
from portal.background import jobs

pytestmark = pytest.mark.django_db

PASSWORD = "Blaabaer-Sykkel-2026"


def link_path(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_invite_set_password_edit_approve_publish(
    client, coordinator, published, mailoutbox, django_user_model, django_capture_on_commit_callbacks
):
    organisation = published("Somalisk kvinneforening", description="Gammel tekst om foreningen.")

    # The coordinator invites the editor.
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:staff_editors", args=[organisation.pk]), {"email": "Leder@Kvinneforening.example.org"}
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["Leder@Kvinneforening.example.org"]
    invitation_path = link_path(mailoutbox[0])
    client.logout()

    # The editor follows the link, sets a password (Django's validators apply), signs in.
    assert client.get(invitation_path).status_code == 200
    weak = client.post(invitation_path, {"password1": "123", "password2": "123"})
    assert weak.status_code == 200 and not django_user_model.objects.filter(email__iexact="leder@kvinneforening.example.org").exists()
    response = client.post(invitation_path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(
        response["Location"], {"username": "leder@kvinneforening.example.org", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("organisations:editor_home")
    user = response.context["user"]
    assert user.is_authenticated and roles.is_organisation_editor(user)
    assert client.get(invitation_path).status_code == 410  # single use

    # The editor edits; the public page does not change.
    home = client.get(reverse("organisations:editor_home")).content.decode()
    assert "Somalisk kvinneforening" in home
    response = client.post(
        reverse("organisations:editor_edit", args=[organisation.slug]),
        {"description": "Ny tekst: leksehjelp hver onsdag.", "meeting_place": "Sandnes bibliotek"},
        follow=True,
    )
    assert "Ny tekst: leksehjelp hver onsdag." in response.content.decode()  # the preview
    public = client.get(organisation.get_absolute_url()).content.decode()
    assert "Gammel tekst om foreningen." in public and "leksehjelp" not in public

    # The coordinator sees the change in the queue, with the field-by-field diff, and approves.
    client.force_login(coordinator)
    queue = client.get(reverse("organisations:moderation_queue")).content.decode()
    revision = ListingRevision.objects.get(organisation=organisation)
    review_url = reverse("organisations:moderation_revision", args=[revision.pk])
    assert review_url in queue
    diff = client.get(review_url).content.decode()
    assert "Gammel tekst om foreningen." in diff and "Ny tekst: leksehjelp hver onsdag." in diff
    mailoutbox.clear()
    with_message = {"decision": "approve", "message": "Flott, takk!"}
    # The decision e-mail is sent once the approval is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url, with_message)
    assert response.status_code == 302
    jobs.run_pending()  # the decision e-mail is a background job

    # The public page shows the change; the editor was told by e-mail.
    client.logout()
    public = client.get(organisation.get_absolute_url()).content.decode()
    assert "Ny tekst: leksehjelp hver onsdag." in public and "Sandnes bibliotek" in public
    assert "Gammel tekst om foreningen." not in public
    assert [[a.lower() for a in m.to] for m in mailoutbox] == [["leder@kvinneforening.example.org"]]
    assert "godkjent" in mailoutbox[0].subject and "Flott, takk!" in mailoutbox[0].body
