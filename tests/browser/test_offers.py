"""/faste-tilbud/ on a phone in Chromium: a resident opens it from the menu, filters by keyboard
alone (language and time of day) to the Tigrinya evening language café, and axe-core finds no WCAG
2.0/2.1 A or AA violation before or after, nor on the listing and the calendar that show the offer,
nor on the editor's form for a new offer."""

import datetime

import pytest
from playwright.sync_api import expect

from organisations.models import Kind
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation
from tests.offers.factories import offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_filters_the_offers_by_keyboard_on_a_phone(phone_page, frozen_today, editor):
    eritrean = make_organisation("Eritreisk forening", published_on=datetime.date(2026, 1, 1))
    eritrean.editors.add(editor)
    library = make_organisation("Sandnes bibliotek", kind=Kind.MUNICIPAL_SERVICE)
    offer(eritrean, title="Tigrinsk språkkafé", pauses=[("2027-06-21", "2027-08-08")],
          description="<p>Kaffe og <strong>prat</strong>.</p>")
    offer(library, title="Morgentrim på tigrinja", kind="sports", weekdays="6", start="10:00", end="11:00")
    offer(library, title="Arabisk lesekveld", kind="course", languages=("ar",), start="19:00", end="21:00")
    page = phone_page

    page.goto("/")
    page.get_by_role("button", name="Vis meny").click()
    page.get_by_role("link", name="Faste tilbud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Faste tilbud")
    expect(page.get_by_role("status")).to_have_text("3 tilbud")
    assert axe_violations(page) == []

    page.get_by_label("Språk", exact=True).focus()
    page.keyboard.type("tigrinja")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Kveld")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 tilbud")
    expect(page.get_by_role("heading", level=2)).to_have_text(["Tigrinsk språkkafé"])
    expect(page.get_by_label("Tid på dagen")).to_have_value("evening")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Eritreisk forening").click()
    expect(page.get_by_role("heading", name="Faste tilbud")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/kalender/")
    expect(page.locator("[data-offer]")).to_have_count(3)
    assert axe_violations(page) == []

    sign_in(page, "redaktor", "pw-redaktor")
    page.goto(f"/mine-organisasjoner/{eritrean.slug}/faste-tilbud/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt fast tilbud")
    assert axe_violations(page) == []
