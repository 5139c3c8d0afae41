import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_start_page_is_norwegian_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb">' in html
    assert "Hopp til hovedinnholdet" in html


def test_language_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def test_accessibility_statement(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "WCAG" in response.content.decode()


def test_no_third_party_assets(client, published):
    published(name="Forening")
    for url in ("/", "/organisasjoner/", "/tilgjengelighet/", reverse("login")):
        html = client.get(url).content.decode()
        for marker in ("cdn.", "googleapis", "jsdelivr", "unpkg", "<script>", "style="):
            assert marker not in html, (url, marker)


def test_content_security_policy_forbids_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_dashboard_for_staff_only(client, coordinator, outsider):
    assert client.get(reverse("dashboard")).status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("dashboard")).status_code == 403
    client.force_login(coordinator)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("organisations:staff_list") in html


def test_sign_in_and_out(client, coordinator):
    response = client.post(reverse("login"), {"username": "koordinator", "password": "pw-koordinator"})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_keeps_the_username_and_says_why(client, coordinator):
    html = client.post(reverse("login"), {"username": "koordinator", "password": "feil"}).content.decode()
    assert 'value="koordinator"' in html
    assert "brukernavn" in html.lower()


def test_norwegian_even_when_the_browser_asks_for_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nb">' in html


def test_the_language_switch_names_each_language_in_itself(client):
    assert ">English</button>" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert ">Norsk (bokmål)</button>" in client.get("/").content.decode()
