"""Invitations never take over accounts.

The attack of the audit: an editor invitation sent to the address of a deactivated coordinator
reactivated that account with its coordinator role, reset its password, and showed its username
to whoever held the link. Now the link alone never touches an existing account: its owner signs
in to accept, and a deactivated account is refused (the coordinator is told when inviting).
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from organisations import services
from organisations.models import EditorInvitation
from portal.privacy import roles

pytestmark = pytest.mark.django_db

PASSWORD = "Tyttebaer-Kajakk-91"
OLD_PASSWORD = "Gammelt-Passord-Som-Virker-7"


def path_from(mail):
    return re.search(r"https?://[^/\s]+(/invitasjon/\S+)", mail.body).group(1)


@pytest.fixture
def former_coordinator(django_user_model):
    user = django_user_model.objects.create_user(
        username="tidligere.koordinator.k7", email="tidligere@example.org", password=OLD_PASSWORD
    )
    user.groups.add(Group.objects.get(name=roles.COORDINATOR))
    user.is_active = False
    user.save()
    return user


@pytest.fixture
def active_account(django_user_model):
    return django_user_model.objects.create_user(username="kari.brukernavn.x9", email="kari@example.org", password=OLD_PASSWORD)


def test_inviting_a_deactivated_accounts_address_is_refused_with_a_message_to_the_coordinator(
    client, coordinator, org_a, former_coordinator, mailoutbox
):
    client.force_login(coordinator)
    response = client.post(reverse("organisations:staff_editors", args=[org_a.pk]), {"email": "TIDLIGERE@example.org"})
    assert response.status_code == 200
    assert "deaktivert konto" in response.content.decode()
    assert not EditorInvitation.objects.exists() and mailoutbox == []


def test_an_invitation_never_reactivates_a_deactivated_account(client, org_a, former_coordinator, mailoutbox):
    # Invited while the account was still active, deactivated afterwards.
    former_coordinator.is_active = True
    former_coordinator.save()
    services.editor_invite(organisation=org_a, email=former_coordinator.email, invited_by=None)
    former_coordinator.is_active = False
    former_coordinator.save()
    path = path_from(mailoutbox[0])

    page = client.get(path)
    assert page.status_code == 403
    assert former_coordinator.username not in page.content.decode()
    assert client.post(path, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 403

    former_coordinator.refresh_from_db()
    assert not former_coordinator.is_active
    assert former_coordinator.check_password(OLD_PASSWORD) and not former_coordinator.check_password(PASSWORD)
    assert not former_coordinator.edited_organisations.exists()
    assert not former_coordinator.groups.filter(name=roles.ORGANISATION_EDITOR).exists()
    assert EditorInvitation.objects.get().used_at is None


def test_the_link_alone_never_resets_an_existing_password_nor_shows_the_username(client, org_a, active_account, mailoutbox):
    services.editor_invite(organisation=org_a, email="Kari@example.org", invited_by=None)
    path = path_from(mailoutbox[0])
    assert active_account.username not in mailoutbox[0].body

    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert active_account.username not in body
    assert "Logg inn" in body and 'name="password1"' not in body
    assert client.post(path, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 403

    active_account.refresh_from_db()
    assert active_account.check_password(OLD_PASSWORD)
    assert not active_account.edited_organisations.exists()
    assert not active_account.groups.exists()


def test_an_existing_user_signs_in_to_accept_and_keeps_their_password(client, org_a, org_b, editor, mailoutbox):
    editor.set_password(OLD_PASSWORD)
    editor.save()
    services.editor_invite(organisation=org_b, email=editor.email, invited_by=None)
    path = path_from(mailoutbox[0])
    client.force_login(editor)
    assert "Ta imot invitasjonen" in client.get(path).content.decode()
    response = client.post(path)
    assert response.status_code == 302
    editor.refresh_from_db()
    assert set(editor.edited_organisations.all()) == {org_a, org_b}
    assert editor.check_password(OLD_PASSWORD)
    assert EditorInvitation.objects.get().accepted_by == editor


def test_someone_signed_in_as_another_account_cannot_accept(client, org_a, active_account, editor, mailoutbox):
    services.editor_invite(organisation=org_a, email=active_account.email, invited_by=None)
    path = path_from(mailoutbox[0])
    client.force_login(editor)
    assert client.post(path).status_code == 403
    assert not active_account.edited_organisations.exists()
    assert EditorInvitation.objects.get().used_at is None


def test_a_new_address_still_gets_a_new_account(client, org_a, mailoutbox, django_user_model):
    services.editor_invite(organisation=org_a, email="ny.person@example.org", invited_by=None)
    response = client.post(path_from(mailoutbox[0]), {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user = django_user_model.objects.get(email="ny.person@example.org")
    assert user.check_password(PASSWORD) and list(user.edited_organisations.all()) == [org_a]
    assert not user.groups.filter(name=roles.COORDINATOR).exists()
