"""The public registration form (/registrer-organisasjon/): the register lookup, the form, abuse."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from organisations.models import Organisation
from registrations.models import Registration, Status
from tests.conftest import make_organisation
from tests.registrations.conftest import NUMBER

pytestmark = pytest.mark.django_db

URL = "/registrer-organisasjon/"


def form_data(**overrides):
    from organisations.models import ActivityCategory, Language

    data = {
        "orgnr": NUMBER,
        "kind": "immigrant_organisation",
        "description": "Tamilskkurs for barn og kulturkvelder.",
        "languages": [Language.objects.get(code="ta").pk] if Language.objects.filter(code="ta").exists() else [],
        "activities": [ActivityCategory.objects.order_by("pk").first().pk],
        "contact_name": "Kavitha Raj",
        "contact_email": "kavitha@example.org",
        "contact_phone": "+47 912 34 567",
        "consent_given": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def without_number(**overrides):
    return form_data(orgnr=None, **{"uten-nummer": "1", "name": "Kvinnegruppa på Lura", "municipality": "Sandnes",
                                    "address": "", **overrides})


def test_it_fills_in_the_register_s_facts_for_a_number_typed_with_spaces(client, register):
    response = client.get(URL, {"orgnr": "974 760 673"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tamilsk Kulturforening Sandnes" in page
    assert "Forening/lag/innretning" in page and "Langgata 12, 4306 Sandnes" in page
    assert "Frivillighetsregisteret" in page and "Registrert" in page
    assert register.requests == [f"/enhetsregisteret/api/enheter/{NUMBER}"]
    # The name comes from the register: not a field the visitor can change.
    assert 'name="name"' not in page


def test_it_refuses_a_number_with_a_wrong_check_digit_without_asking_the_register(client, register):
    response = client.get(URL, {"orgnr": "974 760 674"})
    assert response.status_code == 400
    assert "Kontrollsifferet stemmer ikke" in response.content.decode()
    assert register.requests == []


def test_a_number_the_register_does_not_know_is_said_so_with_the_way_without_a_number(client, register):
    response = client.get(URL, {"orgnr": "923609016"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "Enhetsregisteret har ingen enhet med nummer 923609016" in page
    assert "uten-nummer=1" in page


def test_when_the_register_cannot_be_reached_the_visitor_types_the_form_in(client, register_offline):
    response = client.get(URL, {"orgnr": NUMBER})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fikk ikke kontakt med Enhetsregisteret" in page
    assert 'name="name"' in page and 'name="uten-nummer"' in page


def test_submitting_keeps_an_unconfirmed_registration_mails_a_link_and_makes_no_account(client, register):
    users_before = get_user_model().objects.count()
    response = client.post(URL, form_data())
    assert response.status_code == 302 and response["Location"] == "/registrer-organisasjon/sendt/"
    registration = Registration.objects.get()
    assert registration.status == Status.UNCONFIRMED
    assert (registration.name, registration.org_number, registration.municipality) == (
        "Tamilsk Kulturforening Sandnes", NUMBER, "Sandnes")
    assert registration.registry_form == "Forening/lag/innretning" and registration.in_frivillighetsregisteret is True
    assert registration.consent_given and "Kontaktpersoner vises aldri offentlig" in registration.consent_wording
    assert get_user_model().objects.count() == users_before
    assert Organisation.objects.count() == 0
    (message,) = mail.outbox
    assert message.to == ["kavitha@example.org"]
    link = re.search(r"https?://\S+/registrer-organisasjon/bekreft/(\S+)/", message.body)
    assert link and link.group(1) not in (registration.token_hash or "")


def test_a_group_without_a_number_registers_with_the_name_it_types(client, register_server):
    response = client.post(URL, without_number())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.name, registration.org_number, registration.municipality) == ("Kvinnegruppa på Lura", "", "Sandnes")
    assert registration.in_frivillighetsregisteret is None
    assert register_server.requests == []


def test_missing_answers_are_said_and_what_was_typed_stays(client, register):
    response = client.post(URL, form_data(contact_email="", description=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kavitha Raj" in page and "+47 912 34 567" in page
    assert Registration.objects.count() == 0 and not mail.outbox


def test_the_honeypot_keeps_nothing_and_sends_nothing(client, register):
    response = client.post(URL, form_data(nettsted_2="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == "/registrer-organisasjon/sendt/"
    assert Registration.objects.count() == 0 and not mail.outbox


def test_a_number_in_the_registry_is_a_duplicate_and_the_record_s_private_data_stays_private(client, register):
    make_organisation(name="Hemmelig navn i registeret", org_number=NUMBER, notes="intern merknad")
    response = client.get(URL, {"orgnr": NUMBER})
    assert response.status_code == 409
    page = response.content.decode()
    assert "allerede registrert i portalen" in page
    assert "Hemmelig navn" not in page and "intern merknad" not in page
    assert register.requests == []  # no lookup for a number the portal already holds


def test_a_number_already_sent_in_and_waiting_is_a_duplicate_too(client, register):
    assert client.post(URL, form_data()).status_code == 302
    second = client.post(URL, form_data(contact_email="noen.andre@example.org"))
    assert second.status_code == 409
    assert "venter på behandling" in second.content.decode()
    assert Registration.objects.count() == 1 and len(mail.outbox) == 1


def test_a_published_listing_with_the_number_is_named_with_its_public_page(client, register, published):
    listing = published("Tamilsk Kulturforening", org_number=NUMBER)
    page = client.get(URL, {"orgnr": NUMBER}).content.decode()
    assert "Tamilsk Kulturforening er allerede i katalogen" in page and listing.get_absolute_url() in page


def test_a_similar_name_asks_for_a_confirmation_and_never_shows_an_unpublished_name(client, register_server):
    make_organisation(name="Kvinnegruppa paa Lura")  # in the registry, not published
    first = client.post(URL, without_number(name="kvinnegruppa på Lura "))
    assert first.status_code == 400
    page = first.content.decode()
    assert "lignende navn" in page and 'name="confirm_different"' in page
    assert "Kvinnegruppa paa Lura" not in page
    assert Registration.objects.count() == 0
    second = client.post(URL, without_number(name="kvinnegruppa på Lura ", confirm_different="on"))
    assert second.status_code == 302 and Registration.objects.count() == 1


def test_too_many_submissions_from_one_visitor_are_refused(client, register_server):
    for n in range(5):
        assert client.post(URL, without_number(name=f"Gruppe {n}", contact_email="")).status_code == 400
    response = client.post(URL, without_number(name="Gruppe 6"))
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert Registration.objects.count() == 0


def test_an_e_mail_that_cannot_be_sent_keeps_nothing_and_keeps_the_form(client, register, monkeypatch):
    from portal.output import mail as portal_mail

    def broken(**kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(portal_mail, "send", broken)
    response = client.post(URL, form_data())
    assert response.status_code == 400
    page = response.content.decode()
    assert "kunne ikke sendes" in page and "Kavitha Raj" in page
    assert Registration.objects.count() == 0


def test_an_unconfirmed_registration_whose_link_expired_is_forgotten_and_frees_its_number(client, register):
    import datetime

    from django.utils import timezone

    assert client.post(URL, form_data()).status_code == 302
    Registration.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.post(URL, form_data(contact_email="ny@example.org")).status_code == 302
    assert list(Registration.objects.values_list("contact_email", flat=True)) == ["ny@example.org"]


def test_the_page_is_linked_from_the_directory_and_the_footer_and_listed_in_the_sitemap(client):
    assert f'href="{URL}"' in client.get("/organisasjoner/").content.decode()
    assert f'href="{URL}"' in client.get("/").content.decode()
    sitemap = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    assert f"http://localhost{URL}</loc>" in sitemap
    assert "Disallow: /registrer-organisasjon/bekreft/" in client.get("/robots.txt").content.decode()


def test_too_many_lookups_from_one_visitor_are_refused(client, register):
    for _ in range(30):
        assert client.get(URL, {"orgnr": NUMBER}).status_code == 200
    assert client.get(URL, {"orgnr": NUMBER}).status_code == 429


def test_two_registrations_of_one_number_at_the_same_moment_keep_one(register_server):
    """The check before sending can pass for both; the database's constraint lets one through."""
    from registrations import services
    from tests.registrations.factories import submitted

    submitted(org_number=NUMBER)
    with pytest.raises(services.RegistrationRefused, match="allerede meldt inn"):
        submitted(org_number=NUMBER, email="andre@example.org")
    assert Registration.objects.count() == 1


# One field of each kind of input (text, choice, several choices, URL, e-mail, the number).
@pytest.mark.parametrize("field", ["name", "kind", "languages", "website", "contact_email", "orgnr"])
def test_hostile_values_in_any_field_are_never_a_500_and_a_refused_form_keeps_nothing(client, register_offline, field):
    from tests.portal.test_hostile_input import NASTY

    for value in NASTY[1:]:  # a NUL is refused before the view (tests/portal/test_hostile_input.py)
        data = form_data(orgnr=value) if field == "orgnr" else without_number(**{field: value})
        response = client.post(URL, data)
        assert response.status_code in (200, 302, 400, 404, 409, 429), (value, response.status_code)
        if response.status_code != 302:
            assert Registration.objects.count() == 0
        Registration.objects.all().delete()
        cache_clear()


def cache_clear():
    from django.core.cache import cache

    cache.clear()  # the submission limit would stop the loop, not the value


def test_the_form_speaks_english_to_a_visitor_who_chose_english(client, register, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(URL, {"orgnr": NUMBER}).content.decode()
    assert "Register your organisation" in page and "From the Central Coordinating Register" in page
    assert "Languages you use with participants" in page and "Registrer organisasjonen</h1>" not in page


def test_a_similar_name_waiting_in_another_registration_asks_for_a_confirmation_too(client, register_server):
    assert client.post(URL, without_number(name="Kvinnegruppa på Lura")).status_code == 302
    again = client.post(URL, without_number(name="Kvinnegruppa paa Lura", contact_email="annen@example.org"))
    assert again.status_code == 400 and "lignende navn" in again.content.decode()
    assert Registration.objects.count() == 1


def test_the_daily_command_forgets_expired_unconfirmed_registrations_only():
    import datetime
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from tests.registrations.factories import expire, submitted, waiting

    submitted(name="Fersk", email="fersk@example.org")
    confirmed = waiting(name="Bekreftet", email="bekreftet@example.org")
    expired, _token = submitted(name="Utløpt")
    expire(expired)
    Registration.objects.filter(pk=confirmed.pk).update(expires_at=timezone.now() - datetime.timedelta(days=3))
    out = io.StringIO()
    call_command("forget_expired_registrations", stdout=out)
    assert out.getvalue().strip() == "1 unconfirmed registrations deleted"
    assert set(Registration.objects.values_list("name", flat=True)) == {"Fersk", "Bekreftet"}


def test_the_rate_limit_keeps_no_address_in_the_shared_cache(client, register_server, database_cache):
    from django.db import connection

    client.post(URL, without_number(), REMOTE_ADDR="203.0.113.77")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM portal_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("registration_submit" in key for key in keys)
    assert not any("203.0.113.77" in key for key in keys)
