"""400, not 500, for malformed requests a visitor can send.

Each case is sent to the full middleware stack with the test client, exceptions not raised into
the test, so what the visitor gets is what is asserted; the 400 page renders before
authentication has run (no session, no user needed).
"""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_a_version_that_is_not_a_number_is_never_a_500(visitor, coordinator):
    from reports import services

    services.report_create(year=2025)
    visitor.force_login(coordinator)
    for value in ("²", "١", "1e3", "-1", "99999999999999999999999", "x"):
        response = visitor.get("/rapporter/2025/", {"versjon": value})
        assert response.status_code in (200, 400, 404), (value, response.status_code)  # never 500: an unreadable version is ignored
        assert visitor.get("/rapporter/2025.pdf", {"versjon": value}).status_code in (200, 400, 404), value


def test_a_bad_host_header_is_a_400(visitor):
    response = visitor.get("/", HTTP_HOST="evil.example.net")
    assert response.status_code == 400
    assert response.get("Content-Type", "").startswith("text/html")


def test_too_many_fields_is_a_400(visitor, settings):
    data = "&".join(f"f{n}=x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10))
    response = visitor.post("/logg-inn/", data, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_too_big_a_body_is_a_400(visitor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = visitor.post("/logg-inn/", "username=" + "a" * 5000, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
