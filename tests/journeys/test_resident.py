"""The resident's journey on a phone, on the production stack: from the start page's search to an
organisation's listing, an event's time in Oslo time, and the calendar subscription."""

import datetime
import zoneinfo

import icalendar
import pytest

from organisations.models import Event
from tests.browser.conftest import axe_violations
from tests.journeys.conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def test_a_resident_finds_an_organisation_its_event_time_and_subscribes_to_the_calendar(phone, journey, published):
    from django.utils import timezone

    organisation = published(name="Kulturforeningen Sandnes", description="Musikk, dans og leksehjelp.")
    published(name="Sjakklubben")  # not what the resident looks for
    day = timezone.localdate() + datetime.timedelta(days=10)
    starts_at = datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=OSLO)
    event = Event.objects.create(
        organisation=organisation, title="Kulturkveld", starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2),
        location="Kulturhuset", status="approved",
    )
    Event.objects.create(organisation=organisation, title="Venter på godkjenning", starts_at=starts_at,
                         location="Kulturhuset", status="pending")
    page = phone.new_page()

    page.goto("/")
    page.get_by_label("Søk etter organisasjon, språk eller aktivitet").fill("kultur")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.wait_for_url("**/organisasjoner/?q=kultur*")
    results = page.locator(".org-card h2")
    assert results.all_inner_texts() == ["Kulturforeningen Sandnes"]
    results.get_by_role("link").click()
    page.wait_for_url(f"**/organisasjoner/{organisation.slug}/")
    main = page.locator("main").inner_text()
    # Oslo time, as the organisation entered it (the listing said 17:00 in winter, 16:00 in summer).
    assert "kl. 18:00" in main and "Kulturkveld" in main and "Venter på godkjenning" not in main
    assert axe_violations(page) == []
    shot(page, "resident-listing-event-phone")

    page.get_by_role("button", name="Vis meny").click()
    page.get_by_role("link", name="Kalender").click()
    page.wait_for_url("**/kalender/")
    item = page.locator("main li, main article").filter(has_text="Kulturkveld").first
    assert "kl. 18:00" in item.inner_text()
    subscribe = page.get_by_role("link", name="Abonner på kalenderen")
    href = subscribe.get_attribute("href")
    assert href == journey.url.replace("https://", "webcal://") + "/kalender.ics"
    assert axe_violations(page) == []
    shot(page, "resident-calendar-phone")

    # What a calendar application gets at that address.
    feed = page.request.get(href.replace("webcal://", "https://"))
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.body())
    (vevent,) = [c for c in calendar.walk("VEVENT") if str(c["SUMMARY"]).startswith("Kulturkveld")]
    assert vevent.decoded("DTSTART") == starts_at
    assert vevent.decoded("DTSTART").astimezone(OSLO).hour == 18
    assert event.get_absolute_url() in str(vevent.get("URL", ""))
