"""Sign-in throttling (django-axes): five wrong passwords lock the username from that address."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _fail(client, username="koordinator", address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": "feil"}, REMOTE_ADDR=address)


def test_it_locks_the_sign_in_after_five_failures_with_a_norwegian_page(client, coordinator):
    for _attempt in range(4):
        assert _fail(client).status_code == 200  # the form again, with its error
    response = _fail(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert "For mange innloggingsforsøk" in html
    assert "15 minutter" in html
    assert '<html lang="nb">' in html


def test_it_refuses_even_the_right_password_while_locked(client, coordinator):
    for _attempt in range(5):
        _fail(client)
    response = client.post(
        reverse("login"), {"username": "koordinator", "password": "pw-koordinator"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert client.get(reverse("dashboard")).status_code == 302  # still signed out


def test_it_locks_only_that_username_from_that_address(client, coordinator):
    for _attempt in range(5):
        _fail(client)
    # The same coordinator from another address, and another name from this one, still sign in
    # or get the ordinary form: an attacker cannot lock a coordinator out of the whole office.
    response = client.post(
        reverse("login"), {"username": "koordinator", "password": "pw-koordinator"}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    assert _fail(client, username="noen-andre").status_code == 200


def test_a_successful_sign_in_resets_the_count(client, coordinator):
    for _attempt in range(4):
        _fail(client)
    ok = client.post(reverse("login"), {"username": "koordinator", "password": "pw-koordinator"}, REMOTE_ADDR="10.0.0.1")
    assert ok.status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        assert _fail(client).status_code == 200


def test_the_cool_off_ends_the_lock(client, coordinator, settings):
    import datetime

    from axes.models import AccessAttempt

    for _attempt in range(5):
        _fail(client)
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
    response = client.post(
        reverse("login"), {"username": "koordinator", "password": "pw-koordinator"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302


def test_force_login_and_the_test_client_login_keep_working(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("dashboard")).status_code == 200
    client.logout()
    # axes wants the request in authenticate(); the test client's login() must hand it one.
    from django.http import HttpRequest

    assert client.login(request=HttpRequest(), username="koordinator", password="pw-koordinator")
    assert client.get(reverse("dashboard")).status_code == 200


# --- behind the documented proxy ------------------------------------------


def _fail_via_proxy(client, visitor, forwarded=None):
    return client.post(
        reverse("login"),
        {"username": "koordinator", "password": "feil"},
        REMOTE_ADDR="127.0.0.1",  # every request reaches gunicorn from nginx
        HTTP_X_FORWARDED_FOR=forwarded or visitor,
    )


def test_behind_the_proxy_a_lockout_hits_only_the_real_address(client, coordinator, settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    for _attempt in range(5):
        _fail_via_proxy(client, "198.51.100.7")
    assert _fail_via_proxy(client, "198.51.100.7").status_code == 429
    # The coordinator at the office, through the same proxy, still signs in.
    response = client.post(
        reverse("login"),
        {"username": "koordinator", "password": "pw-koordinator"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.20",
    )
    assert response.status_code == 302


def test_a_forged_forwarded_for_does_not_move_the_lockout(client, coordinator, settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    # The attacker writes the office's address first; nginx appends the address it really saw.
    for _attempt in range(5):
        _fail_via_proxy(client, None, forwarded="203.0.113.20, 198.51.100.7")
    response = client.post(
        reverse("login"),
        {"username": "koordinator", "password": "pw-koordinator"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.20",
    )
    assert response.status_code == 302


def test_the_rate_limits_count_per_real_visitor(rf, settings):
    from portal.web.ratelimit import client_address

    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    first = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    second = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.20")
    assert client_address(first) == "198.51.100.7" and client_address(second) == "203.0.113.20"
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert client_address(second) == "127.0.0.1"  # no proxy configured: the header is not believed


def test_a_forwarded_for_header_with_no_proxy_configured_is_warned_about_once(client, coordinator, settings, caplog, monkeypatch):
    from portal.web import clientip

    monkeypatch.setattr(clientip, "_warned", False)
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    with caplog.at_level("WARNING", logger="portal.web.clientip"):
        _fail_via_proxy(client, "198.51.100.7")
        _fail_via_proxy(client, "198.51.100.8")
    warnings = [record for record in caplog.records if record.name == "portal.web.clientip"]
    assert len(warnings) == 1 and "PORTAL_TRUSTED_PROXY_COUNT" in warnings[0].getMessage()


def test_the_production_recipe_sets_the_proxy_count():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text(encoding="utf-8")
    recipe = readme.split("## Production on PostgreSQL behind gunicorn", 1)[1].split("```", 2)[1]
    assert "PORTAL_TRUSTED_PROXY_COUNT=1" in recipe
