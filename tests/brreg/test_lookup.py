"""Lookup by number: creating or editing an organisation offers the unit from the register's API."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from brreg import selectors
from brreg.models import RegistryRecord
from tests.brreg.factories import unit, valid_numbers
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

LOOKUP = "/koordinator/enhetsregisteret/oppslag/"


def test_it_shows_the_unit_and_offers_a_new_organisation_with_its_values(client, coordinator, register_server):
    number = valid_numbers(1)[0]
    register_server.units[number] = unit(
        number, "SANDNES AFGHANSKE FORENING", adresse=["Storgata 3", "2. etasje"], postnummer="4307",
        hjemmeside="www.afghansk.example.org", frivillig=True)
    client.force_login(coordinator)
    response = client.get(LOOKUP, {"orgnr": number})
    assert response.status_code == 200
    assert register_server.requests == [f"/enhetsregisteret/api/enheter/{number}"]
    page = BeautifulSoup(response.content, "html.parser")
    assert "SANDNES AFGHANSKE FORENING" in page.get_text()
    link = page.find("a", string=lambda s: s and "Registrer ny organisasjon" in s)
    query = parse_qs(urlparse(link["href"]).query)
    assert query == {
        "name": ["SANDNES AFGHANSKE FORENING"], "org_number": [number], "municipality": ["Sandnes"],
        "address": ["Storgata 3, 2. etasje, 4307 Sandnes"], "website": ["https://www.afghansk.example.org"],
    }
    form_page = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    assert form_page.find("input", {"name": "org_number"})["value"] == number
    assert form_page.find("input", {"name": "address"})["value"] == "Storgata 3, 2. etasje, 4307 Sandnes"


def test_the_organisation_form_offers_the_lookup(client, coordinator, org_a):
    org_a.org_number = valid_numbers(1)[0]
    org_a.save()
    client.force_login(coordinator)
    page = BeautifulSoup(client.get(f"/koordinator/organisasjoner/{org_a.pk}/rediger/").content, "html.parser")
    offer = page.find("form", {"action": LOOKUP})
    assert offer.find("input", {"name": "orgnr"})["value"] == org_a.org_number
    assert offer.find("input", {"name": "organisation"})["value"] == str(org_a.pk)
    new_page = BeautifulSoup(client.get("/koordinator/organisasjoner/ny/").content, "html.parser")
    assert new_page.find("form", {"action": LOOKUP}) is not None


def test_saving_a_lookup_records_the_check_and_shows_the_differences(client, coordinator, register_server):
    number = valid_numbers(1)[0]
    organisation = make_organisation(name="Gammelt navn", org_number=number, municipality="Sandnes")
    register_server.units[number] = unit(number, "NYTT NAVN", konkurs=True, konkursdato="2026-02-03", frivillig=False)
    client.force_login(coordinator)
    response = client.post(f"/koordinator/organisasjoner/{organisation.pk}/enhetsregisteret/", follow=True)
    record = RegistryRecord.objects.get(organisation=organisation)
    assert (record.source, record.name, record.bankrupt, record.bankrupt_on, record.checked_on) == (
        "api", "NYTT NAVN", True, datetime.date(2026, 2, 3), datetime.date.today())
    assert selectors.in_frivillighetsregisteret(organisation) is False
    page = BeautifulSoup(response.content, "html.parser")
    section = page.find("section", {"aria-labelledby": "enhetsregisteret"})
    assert "Sist kontrollert mot Enhetsregisteret" in section.get_text()
    assert {badge["data-flag"] for badge in section.select("[data-flag]")} == {"bankrupt", "not_in_frivillighetsregisteret"}
    assert "NYTT NAVN" in section.get_text()


@pytest.mark.parametrize("removed", [False, True], ids=["404", "410"])
def test_an_unknown_or_removed_number_is_said_plainly(client, coordinator, register_server, removed):
    number = valid_numbers(1)[0]
    if removed:
        register_server.removed.add(number)
    client.force_login(coordinator)
    response = client.get(LOOKUP, {"orgnr": number})
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert ("slettet fra Enhetsregisteret" if removed else "ingen enhet med nummer") in text
    organisation = make_organisation(name="Ukjent", org_number=number)
    client.post(f"/koordinator/organisasjoner/{organisation.pk}/enhetsregisteret/")
    assert RegistryRecord.objects.get(organisation=organisation).registered is False


def test_without_the_register_the_pages_answer_with_a_clear_message(client, coordinator, register_offline):
    number = valid_numbers(1)[0]
    organisation = make_organisation(name="Frakoblet", org_number=number)
    client.force_login(coordinator)
    response = client.get(LOOKUP, {"orgnr": number, "organisation": organisation.pk})
    assert response.status_code == 200
    assert "Fikk ikke kontakt med Enhetsregisteret" in BeautifulSoup(response.content, "html.parser").get_text()
    response = client.post(f"/koordinator/organisasjoner/{organisation.pk}/enhetsregisteret/", follow=True)
    assert response.status_code == 200
    assert "Fikk ikke kontakt med Enhetsregisteret" in response.content.decode()
    assert not RegistryRecord.objects.exists()  # no answer is not "not found"


def test_a_bad_number_is_refused_before_asking(client, coordinator, register_server):
    client.force_login(coordinator)
    response = client.get(LOOKUP, {"orgnr": "123456789"})
    assert response.status_code == 400
    assert "Kontrollsifferet stemmer ikke" in response.content.decode()
    assert register_server.requests == []


@pytest.mark.parametrize("user", ["council_staff", "editor", "outsider"])
def test_only_coordinators_may_ask(client, request, register_server, user):
    client.force_login(request.getfixturevalue(user))
    number = valid_numbers(1)[0]
    assert client.get(LOOKUP, {"orgnr": number}).status_code == 403
    assert register_server.requests == []


def test_tests_never_reach_the_real_register(settings):
    from django.conf import settings as live

    assert live.BRREG_API_URL.startswith("http://127.0.0.1:")

