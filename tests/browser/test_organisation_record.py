"""An editor keeps the organisation's own record on a phone: a contact person with her own yes to
mailings, and a need for premises; every page of it passes axe."""

import datetime

import pytest

from organisations.models import ContactPerson, PremisesNeed
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_keeps_contact_persons_and_needs_on_a_phone(phone_page, editor, org_a):
    page = phone_page
    sign_in(page, "redaktor", "pw-redaktor")
    page.goto(f"/mine-organisasjoner/{org_a.slug}/")
    page.get_by_role("link", name="Kontaktpersoner og behov", exact=True).click()
    page.wait_for_url("**/opplysninger/")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Legg til kontaktperson").click()
    page.wait_for_url("**/kontaktpersoner/ny/")
    assert axe_violations(page) == []
    page.locator("#id_name").fill("Amina Hassan")
    page.locator("#id_email").fill("amina@example.org")
    page.get_by_label("Personen har selv sagt ja").check()
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/opplysninger/")
    assert page.get_by_role("link", name="Endre Amina Hassan").is_visible()
    assert page.get_by_text("Kan få utsendelser").is_visible()

    page.get_by_role("link", name="Legg til behov for lokaler").click()
    page.wait_for_url("**/lokalbehov/ny/")
    assert axe_violations(page) == []
    page.locator("#id_weekday").select_option(label="tirsdag")
    page.locator("#id_starts_at").fill("17:30")
    page.locator("#id_ends_at").fill("20:00")
    page.get_by_label("Antall personer").fill("25")
    page.get_by_label("Annenhver uke").check()
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/opplysninger/")
    assert page.get_by_text("Tirsdag 17:30–20:00", exact=True).is_visible()
    page.get_by_label("Antall medlemmer").fill("140")
    page.get_by_label("Lagerplass").check()
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/opplysninger/")
    assert axe_violations(page) == []
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    amina = ContactPerson.objects.get(organisation=org_a)
    assert amina.mailing_preference.receives_mailings
    need = PremisesNeed.objects.get(organisation=org_a)
    assert (need.weekday, need.starts_at, need.people, need.frequency) == (1, datetime.time(17, 30), 25, "fortnightly")
    org_a.refresh_from_db()
    assert (org_a.member_count, org_a.other_needs) == (140, ["storage"])
