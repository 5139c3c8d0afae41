"""An organisation registers itself on the production stack: its number is looked up in a
stand-in for Enhetsregisteret on 127.0.0.1, the visitor (on a phone) confirms the address from the
e-mail the portal wrote, a coordinator approves, and only then is the listing public; a second
registration with the same number is caught as a duplicate."""

import re
import time

import pytest

from tests.browser.conftest import axe_violations, sign_in
from tests.journeys.conftest import new_context, shot
from tests.registrations.conftest import NUMBER, unit

pytestmark = pytest.mark.django_db(transaction=True)


def mail_to(stack, address, subject_part, timeout=20):
    """The newest e-mail to `address` whose subject holds `subject_part` (queued ones come from the
    job worker, so they are waited for)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in stack.sent_mail() if address in m["To"] and subject_part in m["Subject"]]
        if found or time.monotonic() > deadline:
            assert found, [m["Subject"] for m in stack.sent_mail()]
            return found[-1]
        time.sleep(0.2)


def test_an_organisation_registers_confirms_and_is_public_only_after_approval(browser, phone, journey, coordinator):
    journey.register.units[NUMBER] = unit()
    try:
        page = phone.new_page()
        page.goto("/organisasjoner/")
        page.get_by_role("main").get_by_role("link", name="Registrer organisasjonen").click()
        page.get_by_label("Organisasjonsnummer").fill("974 760 673")
        page.get_by_role("button", name="Hent fra Enhetsregisteret").click()
        assert page.locator("#registry-name").inner_text() == "Tamilsk Kulturforening Sandnes"
        assert "Forening/lag/innretning" in page.locator("main").inner_text()
        page.get_by_label("Innvandrerorganisasjon").check()
        page.get_by_label("Hva gjør organisasjonen?").fill("Tamilskkurs for barn og kulturkvelder for alle.")
        page.get_by_label("Språk dere bruker med deltakerne").select_option(label="tamil")
        page.get_by_label("1.1 Kunst og kultur").check()
        page.get_by_label("Ditt navn").fill("Kavitha Raj")
        page.get_by_label("Din e-postadresse").fill("kavitha@example.org")
        page.locator("#id_consent_given").check()
        assert axe_violations(page) == []
        shot(page, "registration-form-phone")
        page.get_by_role("button", name="Send registreringen").click()
        page.wait_for_url("**/registrer-organisasjon/sendt/")

        # The e-mail the stack wrote holds the link; choosing a password makes the account.
        link = re.search(r"https://\S+/registrer-organisasjon/bekreft/\S+/", mail_to(journey, "kavitha@example.org", "Bekreft").get_content())
        page.goto(link.group(0))
        assert axe_violations(page) == []
        page.get_by_label("Velg passord").fill("Tamilsk-kultur-2026!")
        page.get_by_label("Gjenta passordet").fill("Tamilsk-kultur-2026!")
        page.get_by_role("button", name="Bekreft og sett passord").click()
        page.wait_for_url("**/registrer-organisasjon/sendt/?bekreftet=1")
        assert "venter nå på mangfoldskoordinatorene" in page.locator("main").inner_text()

        # Confirmed, but not approved: nowhere public.
        page.goto("/organisasjoner/?q=tamilsk")
        assert "Tamilsk Kulturforening" not in page.locator("main").inner_text()
        assert page.goto("/organisasjoner/tamilsk-kulturforening-sandnes/").status == 404

        staff = new_context(browser, journey, viewport={"width": 1280, "height": 900})
        try:
            desk = staff.new_page()
            sign_in(desk, "koordinator", "pw-koordinator")
            desk.goto("/koordinator/")
            desk.get_by_role("link", name=re.compile("registrert seg")).click()
            desk.get_by_role("link", name="Behandle Tamilsk Kulturforening Sandnes").click()
            assert "kavitha@example.org" in desk.locator("main").inner_text()
            assert axe_violations(desk) == []
            shot(desk, "registration-coordinator-decides")
            desk.get_by_role("button", name="Godkjenn").click()
            desk.wait_for_url("**/koordinator/organisasjoner/*/")
            assert "vises i katalogen" in desk.locator("main").inner_text()
        finally:
            staff.close()

        assert "godkjent" in mail_to(journey, "kavitha@example.org", "godkjent")["Subject"]
        page.goto("/organisasjoner/?q=tamilsk")
        page.get_by_role("link", name="Tamilsk Kulturforening Sandnes").click()
        main = page.locator("main").inner_text()
        assert "Tamilskkurs for barn" in main and "Kavitha" not in main and "kavitha@example.org" not in main
        shot(page, "registration-listing-public-phone")
        records = page.request.get("/organisasjoner.json").json()["organisations"]
        assert [r["org_number"] for r in records if r["name"] == "Tamilsk Kulturforening Sandnes"] == [NUMBER]

        # Someone registers the same number again: told it is there, nothing more.
        page.goto("/registrer-organisasjon/")
        page.get_by_label("Organisasjonsnummer").fill(NUMBER)
        page.get_by_role("button", name="Hent fra Enhetsregisteret").click()
        assert "Tamilsk Kulturforening Sandnes er allerede i katalogen" in page.locator("main").inner_text()
        assert page.locator("main form[method=post]").count() == 0  # no registration form to send
        assert page.get_by_role("link", name="Se oppføringen til Tamilsk Kulturforening Sandnes").is_visible()
        shot(page, "registration-duplicate-phone")
    finally:
        journey.register.units.clear()
