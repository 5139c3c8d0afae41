"""The organisation editor's journey on the production stack: update the listing and add an event,
a coordinator approves both, and the public page shows them (the event at the time typed, in
Oslo time)."""

import datetime

import pytest
from django.utils import timezone

from organisations.models import Event
from tests.browser.conftest import axe_violations, sign_in
from tests.journeys.conftest import new_context, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_updates_the_listing_and_adds_an_event_that_a_coordinator_approves(
    browser, desktop, journey, editor, coordinator, published
):
    organisation = published("Eritreisk Forening", description="Gammel tekst.")
    organisation.editors.add(editor)
    other = published("Polsk-Norsk Forening", description="Ikke din.")
    day = timezone.localdate() + datetime.timedelta(days=12)
    page = desktop.new_page()
    sign_in(page, "redaktor", "pw-redaktor")

    page.goto("/mine-organisasjoner/")
    assert page.get_by_role("link", name="Polsk-Norsk Forening").count() == 0  # not theirs
    page.get_by_role("link", name="Eritreisk Forening", exact=True).click()
    page.get_by_role("link", name="Rediger oppføringen").click()
    page.wait_for_url("**/rediger/")
    page.get_by_role("textbox", name="Beskrivelse", exact=True).fill("Kulturkveld hver fredag, alle er velkomne.")
    page.get_by_role("button", name="Send til godkjenning").click()
    page.wait_for_url("**/endringer/*/")
    assert page.get_by_text("Kulturkveld hver fredag, alle er velkomne.").is_visible()
    shot(page, "editor-listing-preview")

    page.goto(f"/mine-organisasjoner/{organisation.slug}/arrangementer/ny/")
    page.get_by_label("Tittel").fill("Eritreisk kaffeseremoni")
    page.get_by_label("Starter").fill(f"{day:%Y-%m-%d}T18:00")
    page.get_by_label("Slutter").fill(f"{day:%Y-%m-%d}T20:30")
    page.locator("#id_location").fill("Sandnes kulturhus")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send til godkjenning").click()
    page.wait_for_url(f"**/mine-organisasjoner/{organisation.slug}/")
    event = Event.objects.get()
    assert event.status == "pending" and timezone.localtime(event.starts_at).hour == 18

    # The public page (to a visitor: served through the page cache) is unchanged until a
    # coordinator approves.
    visitor = new_context(browser, journey, viewport={"width": 1280, "height": 900})
    public = visitor.new_page()
    public.goto(organisation.get_absolute_url())
    assert "Gammel tekst." in public.locator("main").inner_text()
    assert "kaffeseremoni" not in public.locator("main").inner_text()

    staff = new_context(browser, journey, viewport={"width": 1280, "height": 900})
    try:
        moderator = staff.new_page()
        sign_in(moderator, "koordinator", "pw-koordinator")
        moderator.goto("/koordinator/moderering/")
        moderator.get_by_role("link", name="Se endringene Eritreisk Forening").click()
        moderator.get_by_label("Godkjenn").check()
        moderator.get_by_role("button", name="Lagre beslutningen").click()
        moderator.wait_for_url("**/koordinator/moderering/")
        moderator.get_by_role("link", name="Behandle Eritreisk kaffeseremoni").click()
        assert "18:00" in moderator.locator("main dl").inner_text()  # the coordinator sees Oslo time too
        moderator.get_by_label("Godkjenn").check()
        moderator.get_by_role("button", name="Lagre beslutningen").click()
        moderator.wait_for_url("**/koordinator/moderering/")
    finally:
        staff.close()

    public.goto(organisation.get_absolute_url())
    main = public.locator("main").inner_text()
    assert "Kulturkveld hver fredag, alle er velkomne." in main and "Gammel tekst." not in main
    assert "Eritreisk kaffeseremoni" in main and "kl. 18:00–20:30" in main
    assert axe_violations(public) == []
    shot(public, "editor-listing-public-after-approval")
    public.goto(other.get_absolute_url())
    assert "Ikke din." in public.locator("main").inner_text()
    visitor.close()
