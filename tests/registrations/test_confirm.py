"""The link in the confirmation e-mail: the account is made here, never before."""

import pytest
from django.contrib.auth import get_user_model

from portal.privacy import roles
from registrations.models import Registration, Status
from tests.conftest import make_user
from tests.registrations.factories import expire, submitted

pytestmark = pytest.mark.django_db

PASSWORD = {"password1": "Sikkert-passord-42", "password2": "Sikkert-passord-42"}


def url(token):
    return f"/registrer-organisasjon/bekreft/{token}/"


def test_choosing_a_password_makes_the_account_and_puts_the_registration_in_the_queue(client):
    registration, token = submitted()
    assert not get_user_model().objects.filter(email="kavitha@example.org").exists()
    page = client.get(url(token))
    assert page.status_code == 200 and "kavitha@example.org" in page.content.decode()
    response = client.post(url(token), PASSWORD, follow=True)
    assert response.redirect_chain == [("/registrer-organisasjon/sendt/?bekreftet=1", 302)]
    assert "E-postadressen er bekreftet" in response.content.decode()
    assert "Åpne lenken innen 48 timer" not in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.WAITING and registration.token_hash is None
    user = registration.user
    assert user.email == "kavitha@example.org" and user.check_password("Sikkert-passord-42")
    # No role and no organisation before a coordinator approves.
    assert not user.groups.exists() and not user.edited_organisations.exists()
    assert user.get_username() == "kavitha@example.org"


def test_the_link_works_once(client):
    _registration, token = submitted()
    assert client.post(url(token), PASSWORD).status_code == 302
    client.logout()
    assert client.get(url(token)).status_code == 404
    assert client.post(url(token), PASSWORD).status_code == 404


def test_an_expired_link_makes_nothing(client):
    registration, token = submitted()
    expire(registration)
    response = client.post(url(token), PASSWORD)
    assert response.status_code == 410
    assert not get_user_model().objects.filter(email="kavitha@example.org").exists()
    assert Registration.objects.get().status == Status.UNCONFIRMED


def test_a_weak_password_is_refused_with_the_reason(client):
    _registration, token = submitted()
    response = client.post(url(token), {"password1": "123", "password2": "123"})
    assert response.status_code == 400
    assert Registration.objects.get().status == Status.UNCONFIRMED


def test_an_address_with_an_account_signs_in_and_its_password_is_never_touched(client, django_user_model):
    owner = make_user(django_user_model, "kavitha", roles.ORGANISATION_EDITOR)
    registration, token = submitted(email=owner.email)
    response = client.post(url(token), PASSWORD)
    assert response.status_code == 403
    assert "Logg inn" in response.content.decode() and "kavitha</" not in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password("pw-kavitha")
    client.force_login(owner)
    assert client.post(url(token)).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.WAITING and registration.user == owner and not registration.account_created


def test_someone_signed_in_with_another_account_cannot_confirm(client, coordinator):
    _registration, token = submitted()
    client.force_login(coordinator)
    assert client.post(url(token), PASSWORD).status_code == 403
    assert Registration.objects.get().status == Status.UNCONFIRMED


def test_guessing_links_is_rate_limited(client):
    for n in range(20):
        assert client.get(url(f"gjetning-{n}")).status_code == 404
    assert client.get(url("gjetning-21")).status_code == 429


def test_signing_in_while_the_registration_waits_shows_where_it_stands_and_no_one_else_s(client, django_user_model):
    from tests.registrations.factories import waiting

    mine = waiting(name="Min Forening")
    waiting(name="Andres Forening", email="andre@example.org")
    response = client.post("/konto/logg-inn/", {"username": "kavitha@example.org", "password": "Sikkert-passord-42"})
    assert response.status_code == 302 and response["Location"] == "/registrer-organisasjon/mine/"
    page = client.get(response["Location"]).content.decode()
    assert "Min Forening" in page and "Venter på koordinator" in page
    assert "Andres Forening" not in page
    assert mine.user.get_username() == "kavitha@example.org"
