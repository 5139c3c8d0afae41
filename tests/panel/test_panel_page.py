"""The panel's public page: what it is, who takes part in the year (published listings only), the
year's meeting plan, and minutes the coordinator publishes (the participants are told) or sends to
a list (recorded as sent)."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from mailings.models import OrganisationPreference
from organisations.models import Kind
from panel.models import Invitation, Meeting
from tests.conftest import today
from tests.panel.factories import attend, meeting, organisation, series, series_meeting

pytestmark = pytest.mark.django_db

MINUTES = "<p>Vi snakket om tolk på kveldsmøter.</p>"


@pytest.fixture
def year_of_meetings(published):
    this_year = today().year
    spring = meeting(datetime.date(this_year, 3, 1), title="Vårmøtet", status="held")
    autumn = meeting(datetime.date(this_year, 12, 31), title="Julemøtet", status="planned")
    cancelled = meeting(datetime.date(this_year, 6, 1), title="Sommermøtet", status="cancelled")
    last_year = meeting(datetime.date(this_year - 1, 3, 1), title="Fjorårets møte", status="held")
    group = series_meeting(series("Arbeidsgruppa"), datetime.date(this_year, 4, 1), title="Gruppemøte")
    eritrean = published("Eritreisk Forening", email="post@eritreisk.example.org")
    polish = published("Polsk Forening")
    unlisted = organisation("Uoppført Forening", email="post@uoppfort.example.org")
    old = published("Fjorårets Forening")
    grouped = published("Gruppeforeningen")
    attend(spring, eritrean, 3)
    attend(spring, unlisted, 1)
    attend(last_year, old, 2)
    attend(group, grouped, 2)
    Invitation.objects.create(meeting=autumn, organisation=polish, status="accepted")
    return {"spring": spring, "autumn": autumn, "cancelled": cancelled, "eritrean": eritrean}


def test_the_public_page_shows_the_years_plan_and_who_takes_part_with_published_listings_only(year_of_meetings):
    page = Client().get("/erfaringspanelet/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vårmøtet" in text and "Julemøtet" in text and "Sommermøtet" in text and "Avlyst" in text
    assert text.index("Vårmøtet") < text.index("Sommermøtet") < text.index("Julemøtet")  # the plan in date order
    assert "Eritreisk Forening" in text and "Polsk Forening" in text  # present, or said yes
    assert "Uoppført Forening" not in text  # no published listing
    assert "Fjorårets" not in text and "Gruppemøte" not in text and "Gruppeforeningen" not in text
    last_year = Client().get(f"/erfaringspanelet/?aar={today().year - 1}").content.decode()
    assert "Fjorårets møte" in last_year and "Fjorårets Forening" in last_year and "Vårmøtet" not in last_year
    assert Client().get("/erfaringspanelet/?aar=abc").status_code == 200


def test_published_minutes_are_on_the_public_page_and_the_participants_are_told_in_their_language(
    client, coordinator, year_of_meetings, run_jobs
):
    spring = year_of_meetings["spring"]
    OrganisationPreference.objects.create(organisation=year_of_meetings["eritrean"], language="en")
    Meeting.objects.filter(pk=spring.pk).update(minutes=MINUTES)
    public = f"/erfaringspanelet/{spring.pk}/"
    assert "tolk på kveldsmøter" not in Client().get(public).content.decode()  # written, not published

    client.force_login(coordinator)
    with run_jobs():
        assert client.post(f"/koordinator/panel/{spring.pk}/referat/publiser/").status_code == 302

    assert "Vi snakket om tolk på kveldsmøter." in Client().get(public).content.decode()
    (notice,) = [message for message in mail.outbox if message.to == ["post@eritreisk.example.org"]]
    assert notice.subject.startswith("The minutes are ready") and f"/erfaringspanelet/{spring.pk}/" in notice.body
    assert {tuple(message.to) for message in mail.outbox} == {("post@eritreisk.example.org",), ("post@uoppfort.example.org",)}
    # Publishing again tells nobody twice.
    with run_jobs():
        client.post(f"/koordinator/panel/{spring.pk}/referat/publiser/")
    assert len(mail.outbox) == 2


def test_minutes_sent_to_a_list_are_recorded_as_sent_and_bad_addresses_are_refused(client, coordinator, year_of_meetings, run_jobs):
    spring = year_of_meetings["spring"]
    Meeting.objects.filter(pk=spring.pk).update(minutes=MINUTES)
    client.force_login(coordinator)
    url = f"/koordinator/panel/{spring.pk}/referat/send/"

    refused = client.post(url, {"recipients": "Integreringsutvalget", "addresses": "politiker@example.org, ikke-en-adresse"})
    assert refused.status_code == 200 and "Ikke gyldige e-postadresser: ikke-en-adresse" in refused.content.decode()
    assert not mail.outbox

    with run_jobs():
        assert client.post(url, {"recipients": "Integreringsutvalget", "addresses": "a@example.org\nb@example.org"}).status_code == 302
    spring.refresh_from_db()
    assert (spring.minutes_sent_to, spring.minutes_sent_on) == ("Integreringsutvalget", today())
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "Vi snakket om tolk på kveldsmøter." in mail.outbox[0].body and "<p>" not in mail.outbox[0].body
    assert "Referatet er sendt til Integreringsutvalget" in client.get(f"/koordinator/panel/{spring.pk}/").content.decode()


def test_only_coordinators_publish_or_send_minutes(client, council_staff, editor, year_of_meetings):
    spring = year_of_meetings["spring"]
    Meeting.objects.filter(pk=spring.pk).update(minutes=MINUTES)
    for user in (council_staff, editor, None):
        client.logout()
        if user:
            client.force_login(user)
        assert client.post(f"/koordinator/panel/{spring.pk}/referat/publiser/").status_code in (302, 403)
        assert client.post(f"/koordinator/panel/{spring.pk}/referat/send/", {"recipients": "X", "addresses": "x@example.org"}).status_code in (302, 403)
    spring.refresh_from_db()
    assert spring.minutes_published_on is None and spring.minutes_sent_on is None and not mail.outbox


def test_the_public_page_reads_the_same_queries_for_3_and_30_organisations(client, published, django_assert_num_queries):
    spring = meeting(datetime.date(today().year, 3, 1), title="Vårmøtet")

    def build(n, prefix):
        for i in range(n):
            attend(spring, published(f"{prefix} {i:02d}"), 2)

    # 1 the years with panel meetings, 2 the year's meetings, 3 the organisations taking part
    # (a visitor without a session: no session, user or role query)
    build(3, "Liten")
    with django_assert_num_queries(3):
        assert client.get("/erfaringspanelet/").status_code == 200
    build(27, "Stor")
    with django_assert_num_queries(3):
        response = client.get("/erfaringspanelet/")
    assert response.content.decode().count("Stor ") == 27
