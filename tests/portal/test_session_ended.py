"""A form sent after the session ended: the sign-in page says nothing was saved, and sends the
user back to the form's page (where static/js/portal.js puts the typed text back, tested in
tests/journeys/test_coordinator.py)."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from panel.models import Meeting
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return Meeting.objects.create(kind="panel", date=datetime.date(2026, 3, 10), title="Panelmøte", status="held")


def test_a_form_sent_without_a_session_goes_to_sign_in_with_a_message_and_back_to_the_form(client, meeting):
    form_page = reverse("panel:meeting_minutes", args=[meeting.pk])
    response = client.post(form_page, {"minutes": "<p>Skrevet</p>"}, HTTP_REFERER=f"http://testserver{form_page}")
    assert response.status_code == 302
    assert response["Location"] == "/konto/logg-inn/?utlopt=1&" + urlencode({"next": form_page}, safe="/")
    page = client.get(response["Location"]).content.decode()
    assert "Du var blitt logget ut, så det du sendte er ikke lagret." in page
    assert "data-session-ended" in page
    meeting.refresh_from_db()
    assert meeting.minutes == ""


def test_a_form_posted_elsewhere_returns_to_the_page_it_was_on(client, meeting):
    # guest_add takes POST only: the way back is the meeting page the form was on.
    detail = reverse("panel:meeting_detail", args=[meeting.pk])
    response = client.post(reverse("panel:guest_add", args=[meeting.pk]), {"name": "Gjest"}, HTTP_REFERER=f"http://testserver{detail}?fane=1")
    assert response["Location"] == "/konto/logg-inn/?utlopt=1&" + urlencode({"next": f"{detail}?fane=1"}, safe="/")


def test_a_foreign_referer_is_not_followed(client, meeting):
    form_page = reverse("panel:meeting_minutes", args=[meeting.pk])
    response = client.post(form_page, {"minutes": "x"}, HTTP_REFERER="https://evil.example/phish")
    assert response["Location"] == "/konto/logg-inn/?utlopt=1&" + urlencode({"next": form_page}, safe="/")


def test_opening_a_page_signed_out_says_nothing_about_a_lost_form(client, meeting):
    form_page = reverse("panel:meeting_minutes", args=[meeting.pk])
    response = client.get(form_page)
    assert response["Location"] == "/konto/logg-inn/?" + urlencode({"next": form_page}, safe="/")
    assert "Du var blitt logget ut" not in client.get(response["Location"]).content.decode()


def test_a_signed_in_user_without_the_role_is_still_refused(client, meeting, outsider):
    form_page = reverse("panel:meeting_minutes", args=[meeting.pk])
    assert client_for(client, outsider).post(form_page, {"minutes": "x"}).status_code == 403


def test_a_form_the_csrf_check_refuses_gets_the_portals_page_saying_nothing_was_saved(coordinator, meeting):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(reverse("panel:meeting_minutes", args=[meeting.pk]), {"minutes": "<p>Skrevet</p>"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Skjemaet ble ikke tatt imot" in page and "ingenting er lagret" in page
    assert "data-form-not-taken" in page and "CSRF verification failed" not in page
    meeting.refresh_from_db()
    assert meeting.minutes == ""
