import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations import services
from organisations.models import EditorInvitation
from organisations.views import INVITATION_RATE
from portal.privacy import roles

pytestmark = pytest.mark.django_db

PASSWORD = "Tyttebaer-Kajakk-91"


def invite(org, email="ny@example.org", by=None):
    services.editor_invite(organisation=org, email=email, invited_by=by)


def path_from(mail):
    return re.search(r"https?://[^/\s]+(/invitasjon/\S+)", mail.body).group(1)


def test_only_a_hash_of_the_token_is_stored(org_a, mailoutbox):
    invite(org_a)
    path = path_from(mailoutbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = EditorInvitation.objects.get()
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert services.invitation_by_token(token) == invitation


def test_an_expired_link_does_not_work(client, org_a, mailoutbox, django_user_model):
    invite(org_a)
    EditorInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    path = path_from(mailoutbox[0])
    assert client.get(path).status_code == 410
    assert client.post(path, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 410
    assert not django_user_model.objects.filter(email="ny@example.org").exists()


def test_a_new_invitation_cancels_the_previous_link(client, org_a, mailoutbox):
    invite(org_a)
    invite(org_a)
    first, second = path_from(mailoutbox[0]), path_from(mailoutbox[1])
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_a_cancelled_invitation_does_not_work(client, coordinator, org_a, mailoutbox):
    invite(org_a)
    client.force_login(coordinator)
    invitation = EditorInvitation.objects.get()
    client.post(reverse("organisations:staff_invitation_cancel", args=[org_a.pk, invitation.pk]))
    client.logout()
    assert client.get(path_from(mailoutbox[0])).status_code == 410


def test_an_unknown_token_is_404(client):
    assert client.get("/invitasjon/finnes-ikke/").status_code == 404


def test_an_existing_account_is_reused_for_a_second_organisation(client, editor, org_a, org_b, mailoutbox):
    invite(org_b, email=editor.email)
    path = path_from(mailoutbox[0])
    client.force_login(editor)  # an existing account signs in to accept (test_invitation_takeover)
    assert client.post(path).status_code == 302
    editor.refresh_from_db()
    assert set(editor.edited_organisations.all()) == {org_a, org_b}
    assert editor.check_password("pw-redaktor")


def test_accepting_makes_the_user_an_editor(client, org_a, mailoutbox, django_user_model):
    invite(org_a, email="kari@example.org")
    client.post(path_from(mailoutbox[0]), {"password1": PASSWORD, "password2": PASSWORD})
    user = django_user_model.objects.get(email="kari@example.org")
    assert user.username == "kari@example.org"
    assert list(user.edited_organisations.all()) == [org_a]
    assert roles.is_organisation_editor(user)
    invitation = EditorInvitation.objects.get()
    assert invitation.used_at is not None and invitation.accepted_by == user


def test_mismatched_passwords_are_refused(client, org_a, mailoutbox, django_user_model):
    invite(org_a)
    response = client.post(path_from(mailoutbox[0]), {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert response.status_code == 200 and "ikke like" in response.content.decode()
    assert not django_user_model.objects.filter(email="ny@example.org").exists()


def test_the_invitation_page_is_rate_limited_per_address(client, org_a, mailoutbox):
    invite(org_a)
    good = path_from(mailoutbox[0])
    for n in range(INVITATION_RATE["limit"]):
        client.get(f"/invitasjon/gjetning-{n}/")
    response = client.get(good)
    assert response.status_code == 429 and response["Retry-After"]
    # Another address is not affected.
    assert client.get(good, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_coordinator_invites_from_the_editors_page(client, coordinator, org_a, mailoutbox):
    client.force_login(coordinator)
    url = reverse("organisations:staff_editors", args=[org_a.pk])
    assert client.post(url, {"email": "ikke-en-adresse"}).status_code == 200
    assert mailoutbox == []
    client.post(url, {"email": "ny@example.org"})
    assert "ny@example.org" in client.get(url).content.decode()
    assert mailoutbox[0].subject.startswith("Invitasjon")


def test_council_staff_cannot_invite(client, council_staff, org_a, mailoutbox):
    client.force_login(council_staff)
    assert client.post(reverse("organisations:staff_editors", args=[org_a.pk]), {"email": "x@example.org"}).status_code == 403
    assert mailoutbox == []
