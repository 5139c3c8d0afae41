"""Times are shown in the municipality's time (Europe/Oslo: UTC+1 in winter, UTC+2 in summer),
whatever the database stores (UTC): the date filters, the public listing and the editor's page."""

import datetime

import pytest
from django.utils import translation

from organisations.models import Event, ModerationStatus
from portal.templatetags.portal_format import brief_date, weekday_date, weekday_datetime

UTC = datetime.timezone.utc
WINTER = datetime.datetime(2027, 1, 15, 16, 0, tzinfo=UTC)  # 17:00 in Oslo
SUMMER = datetime.datetime(2027, 7, 15, 16, 0, tzinfo=UTC)  # 18:00 in Oslo
LATE_EVENING = datetime.datetime(2027, 1, 15, 23, 30, tzinfo=UTC)  # already Saturday in Oslo


def test_it_shows_winter_times_an_hour_after_utc():
    with translation.override("nb"):
        assert weekday_datetime(WINTER) == "fredag 15. januar 2027 kl. 17:00"
    with translation.override("en"):
        assert weekday_datetime(WINTER) == "Friday 15 January 2027, 17:00"


def test_it_shows_summer_times_two_hours_after_utc():
    with translation.override("nb"):
        assert weekday_datetime(SUMMER) == "torsdag 15. juli 2027 kl. 18:00"


def test_it_shows_the_local_date_of_a_time_near_midnight():
    with translation.override("nb"):
        assert weekday_date(LATE_EVENING) == "lørdag 16. januar 2027"
        assert brief_date(LATE_EVENING).startswith("16. ")
    # A plain date stays the date it is.
    with translation.override("nb"):
        assert weekday_date(datetime.date(2027, 1, 15)) == "fredag 15. januar 2027"


@pytest.mark.django_db
def test_the_public_listing_shows_oslo_times_in_winter_and_summer(client, published, org_a):
    organisation = published("Kulturforeningen")
    for title, starts_at in (("Vinterfest", WINTER), ("Sommerfest", SUMMER)):
        Event.objects.create(organisation=organisation, title=title, starts_at=starts_at,
                             ends_at=starts_at + datetime.timedelta(hours=2), location="Kulturhuset",
                             status=ModerationStatus.APPROVED)
    # An event of an unpublished organisation is on no listing.
    Event.objects.create(organisation=org_a, title="Skjult", starts_at=WINTER, location="Et sted",
                         status=ModerationStatus.APPROVED)
    listing = client.get(organisation.get_absolute_url()).content.decode()
    assert "fredag 15. januar 2027 kl. 17:00</time>–<time" in listing and ">19:00</time>" in listing
    assert "torsdag 15. juli 2027 kl. 18:00</time>–<time" in listing and ">20:00</time>" in listing
    assert "kl. 16:00" not in listing and "Skjult" not in listing
