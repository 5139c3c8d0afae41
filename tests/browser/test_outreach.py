import datetime

import pytest
from django.utils import timezone

from outreach.models import Contact
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation, make_user
from tests.outreach.factories import attend, contact, d, guidance, invitation, meeting, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_coordinator(page, django_user_model):
    from portal.privacy import roles

    make_user(django_user_model, "koord", roles.COORDINATOR)
    sign_in(page, "koord", "pw-koord")
    return page


def _outreach(year):
    org = make_organisation("Eritreisk Forening i Rogaland")
    other = make_organisation("Polsk-Norsk Forening")
    make_organisation("Sudansk forening i Rogaland")
    kari = person(org, "Kari Demo")
    contact(org, d(year, 2, 1), "met", persons=[kari], head_count=1, note="Møte om lokaler",
            follow_up_on=timezone.localdate())
    contact(other, d(year, 3, 1), "no_response")
    attend(meeting(d(year, 4, 1), title="Erfaringspanel april"), org)
    guidance(d(year, 3, 3), org, "premises", minutes=60, outcome="Satt i kontakt med bydelshuset")
    invitation(org, d(year, 5, 5), "attended", "Medlemsmøte")
    invitation(other, d(year, 6, 6), "declined", "Høstfest (lørdag)")
    return org


def test_search_as_you_type_then_log_a_contact(signed_in_coordinator):
    page = signed_in_coordinator
    make_organisation("Eritreisk Forening i Rogaland")
    make_organisation("Polsk-Norsk Forening")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/koordinator/kontakt/ny/")
    page.get_by_label("Søk etter organisasjon").press_sequentially("eritr")
    # Results appear without pressing Enter: the script fetched them.
    link = page.get_by_role("link", name="Eritreisk Forening i Rogaland")
    link.wait_for()
    assert page.url.endswith("/koordinator/kontakt/ny/")
    assert page.get_by_role("link", name="Polsk-Norsk Forening").count() == 0
    link.click()
    page.get_by_label("Telefon").check()
    page.get_by_label("Svar", exact=True).check()
    page.get_by_label("Notat").fill("Ringte styreleder")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert "er logget" in page.content()
    saved = Contact.objects.get()
    assert (saved.channel, saved.outcome, saved.note) == ("phone", "responded", "Ringte styreleder")
    assert errors == []


def test_outreach_pages_have_no_wcag_violations(signed_in_coordinator):
    page = signed_in_coordinator
    year = timezone.localdate().year
    org = _outreach(year)
    for path in [
        f"/koordinator/kontakt/?aar={year}",
        f"/koordinator/kontakt/logg/?aar={year}",
        "/koordinator/kontakt/ny/?q=forening",
        f"/koordinator/kontakt/ny/?organisasjon={org.pk}",
        f"/koordinator/veiledning/?aar={year}",
        "/koordinator/veiledning/ny/",
        f"/koordinator/invitasjoner/?aar={year}",
        "/koordinator/kontakt/ikke-kontaktet/",
        f"/koordinator/organisasjoner/{org.pk}/",
        f"/koordinator/kontaktpersoner/{org.contact_persons.get().pk}/personvern/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path


def test_quick_entry_on_the_organisation_page_adds_to_its_timeline(signed_in_coordinator):
    page = signed_in_coordinator
    org = _outreach(2025)
    page.goto(f"/koordinator/organisasjoner/{org.pk}/")
    timeline = page.locator("#tidslinje").locator("..")
    assert "Erfaringspanel april" in timeline.inner_text()
    quick = page.locator("form[action='/koordinator/kontakt/ny/']")
    quick.locator("input[name=date]").fill((datetime.date.today()).isoformat())
    quick.get_by_label("Kanal").select_option("sms")
    quick.get_by_label("Notat").fill("Sendte invitasjon til neste panelmøte")
    quick.get_by_role("button", name="Lagre kontakten").click()
    page.wait_for_url(f"**/koordinator/organisasjoner/{org.pk}/")
    assert "Sendte invitasjon til neste panelmøte" in page.locator("#tidslinje").locator("..").inner_text()
    assert Contact.objects.filter(organisation=org, channel="sms", note="Sendte invitasjon til neste panelmøte").exists()
