"""The coordinators' queue (/koordinator/registreringer/): approve, merge, refuse; who may; what turns public."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organisations.models import ContactPerson, Organisation
from organisations.selectors import published_at_year_end
from portal.privacy import roles
from registrations.models import Registration, Status
from tests.conftest import make_organisation
from tests.registrations.factories import submitted, waiting

pytestmark = pytest.mark.django_db


def public_names(client):
    """What a visitor can find: the directory, its search, open data and the sitemap."""
    directory = client.get("/organisasjoner/").content.decode()
    search = client.get("/organisasjoner/", {"q": "tamilsk"}).content.decode()
    data = client.get("/organisasjoner.json").json()["organisations"]
    sitemap = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    return {
        "directory": "Tamilsk Kulturforening" in directory,
        "search": "Tamilsk Kulturforening" in search,
        "open_data": any(record["name"] == "Tamilsk Kulturforening Sandnes" for record in data),
        "sitemap": "tamilsk-kulturforening" in sitemap,
    }


NOWHERE = {"directory": False, "search": False, "open_data": False, "sitemap": False}
EVERYWHERE = {"directory": True, "search": True, "open_data": True, "sitemap": True}


def test_nothing_is_public_or_counted_before_approval_and_everything_after(client, coordinator, run_jobs):
    unconfirmed, _token = submitted(name="Tamilsk Kulturforening Annen", consent=True)
    registration = waiting(consent=True)
    year = timezone.localdate().year
    assert public_names(client) == NOWHERE
    assert published_at_year_end(year) == 0
    client.force_login(coordinator)
    with run_jobs():
        response = client.post(f"/koordinator/registreringer/{registration.pk}/godkjenn/")
    organisation = Organisation.objects.get(name="Tamilsk Kulturforening Sandnes")
    assert response.status_code == 302 and response["Location"] == f"/koordinator/organisasjoner/{organisation.pk}/"
    client.logout()
    assert public_names(client) == EVERYWHERE
    assert published_at_year_end(year) == 1
    assert organisation.published_consent.given_by == "Kavitha Raj"
    assert organisation.last_confirmed_on == timezone.localdate()  # the organisation described itself today
    assert organisation.published_consent.given_by_user == registration.user
    # The applicant is the editor now, and was told so.
    assert list(organisation.editors.all()) == [registration.user]
    assert registration.user.groups.filter(name=roles.ORGANISATION_EDITOR).exists()
    (approved,) = [m for m in mail.outbox if "godkjent" in m.subject]
    assert approved.to == ["kavitha@example.org"] and organisation.get_absolute_url() in approved.body
    # The unconfirmed one stays out of sight.
    assert Registration.objects.get(pk=unconfirmed.pk).status == Status.UNCONFIRMED


def test_approval_without_consent_makes_an_editor_but_no_public_listing(client, coordinator, run_jobs):
    registration = waiting(consent=False)
    client.force_login(coordinator)
    with run_jobs():
        client.post(f"/koordinator/registreringer/{registration.pk}/godkjenn/")
    organisation = Organisation.objects.get()
    assert organisation.published_on is None and not organisation.consents.exists()
    assert organisation.editors.filter(pk=registration.user.pk).exists()
    client.logout()
    assert public_names(client) == NOWHERE
    assert "ikke offentlig" in mail.outbox[-1].body


def test_the_contact_person_moves_to_the_organisation_and_leaves_the_registration(client, coordinator):
    registration = waiting()
    client.force_login(coordinator)
    client.post(f"/koordinator/registreringer/{registration.pk}/godkjenn/")
    person = ContactPerson.objects.get()
    assert (person.name, person.email, person.phone) == ("Kavitha Raj", "kavitha@example.org", "+47 912 34 567")
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED and registration.contact_name == registration.contact_phone == ""


def test_merging_joins_the_existing_record_and_keeps_its_values(client, coordinator, run_jobs):
    existing = make_organisation(name="Tamilsk kulturforening", address="Rådhusgata 1", notes="intern")
    registration = waiting(org_number="974760673", address="Langgata 12")
    client.force_login(coordinator)
    page = client.get(f"/koordinator/registreringer/{registration.pk}/").content.decode()
    assert "Tamilsk kulturforening" in page  # a candidate by its similar name
    with run_jobs():
        response = client.post(f"/koordinator/registreringer/{registration.pk}/slaa-sammen/", {"organisation": existing.pk})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert Organisation.objects.count() == 1
    assert existing.address == "Rådhusgata 1" and existing.org_number == "974760673"
    assert existing.editors.filter(pk=registration.user.pk).exists()
    assert existing.published_on is None and existing.consents.count() == 1
    assert Registration.objects.get().status == Status.MERGED
    assert "redaktør for Tamilsk kulturforening" in mail.outbox[-1].subject


def test_merging_with_an_organisation_that_is_no_candidate_is_refused(client, coordinator):
    other = make_organisation(name="Helt annen forening")
    registration = waiting()
    client.force_login(coordinator)
    response = client.post(f"/koordinator/registreringer/{registration.pk}/slaa-sammen/", {"organisation": other.pk})
    assert response.status_code == 400
    assert Registration.objects.get().status == Status.WAITING


def test_approving_a_name_the_registry_already_has_asks_for_a_merge(client, coordinator):
    make_organisation(name="TAMILSK KULTURFORENING SANDNES")
    registration = waiting()
    client.force_login(coordinator)
    response = client.post(f"/koordinator/registreringer/{registration.pk}/godkjenn/", follow=True)
    assert "Slå registreringen sammen med den" in response.content.decode()
    assert Organisation.objects.count() == 1 and Registration.objects.get().status == Status.WAITING


def test_refusing_mails_the_message_and_removes_the_account_made_for_it(client, coordinator, run_jobs):
    registration = waiting()
    user_pk = registration.user.pk
    client.force_login(coordinator)
    with run_jobs():
        response = client.post(f"/koordinator/registreringer/{registration.pk}/avvis/",
                               {"message": "Dere driver ikke i kommunen."})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.REFUSED and registration.decided_by == coordinator
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert Organisation.objects.count() == 0
    assert "Dere driver ikke i kommunen." in mail.outbox[-1].body and mail.outbox[-1].to == ["kavitha@example.org"]


def test_refusing_needs_a_message(client, coordinator):
    registration = waiting()
    client.force_login(coordinator)
    response = client.post(f"/koordinator/registreringer/{registration.pk}/avvis/", {"message": ""})
    assert response.status_code == 400
    assert Registration.objects.get().status == Status.WAITING


def test_a_decided_registration_cannot_be_decided_again(client, coordinator):
    registration = waiting()
    client.force_login(coordinator)
    client.post(f"/koordinator/registreringer/{registration.pk}/godkjenn/")
    response = client.post(f"/koordinator/registreringer/{registration.pk}/avvis/", {"message": "Nei"}, follow=True)
    assert "allerede behandlet" in response.content.decode()
    assert Registration.objects.get().status == Status.APPROVED


@pytest.mark.parametrize("who", ["anonymous", "editor", "council_staff", "outsider"])
def test_only_coordinators_see_or_decide_registrations(client, who, request):
    registration = waiting()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for path in ("/koordinator/registreringer/", f"/koordinator/registreringer/{registration.pk}/"):
        response = client.get(path)
        assert response.status_code in (302, 403)
        assert b"kavitha@example.org" not in response.content
    client.post(f"/koordinator/registreringer/{registration.pk}/godkjenn/")
    assert Registration.objects.get().status == Status.WAITING
    assert not Organisation.objects.filter(name__icontains="tamilsk").exists()


def test_the_queue_shows_only_confirmed_registrations_in_a_fixed_number_of_queries(client, coordinator):
    submitted(name="Ubekreftet Forening")
    for n in range(3):
        waiting(name=f"Forening {n}", email=f"person{n}@example.org")
    client.force_login(coordinator)
    client.get("/koordinator/registreringer/")  # the session and the user are cached after the first request
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/koordinator/registreringer/").content.decode()
    # session, user, groups (the role), the waiting rows, the unconfirmed count, the decided rows with
    # who decided, the menu's editor check
    assert len(captured) == 7, "\n".join(q["sql"][:150] for q in captured)
    assert "Forening 2" in page and "Ubekreftet Forening" not in page
    assert "1 registrering venter på at søkeren bekrefter e-postadressen" in page


def test_the_dashboard_counts_the_registrations_waiting_for_coordinators_only(client, coordinator, council_staff):
    submitted(name="Ubekreftet Forening")
    waiting()
    client.force_login(coordinator)
    response = client.get("/koordinator/")
    tiles = {tile["key"]: tile for tile in response.context["overview"]["tiles"]}
    assert tiles["registrations"]["count"] == 1 and tiles["registrations"]["url"] == "/koordinator/registreringer/"
    client.force_login(council_staff)
    assert b"/koordinator/registreringer/" not in client.get("/koordinator/").content


def test_approval_keeps_what_enhetsregisteret_said_as_the_organisation_s_check(client, coordinator, register):
    from brreg.models import RegistryRecord
    from registrations import services
    from tests.registrations.conftest import NUMBER
    from tests.registrations.test_register import form_data

    assert client.post("/registrer-organisasjon/", form_data()).status_code == 302
    registration = Registration.objects.get()
    services.registration_confirm(registration=registration, password="Sikkert-passord-42")
    organisation = services.registration_approve(registration=registration, by=coordinator)
    record = RegistryRecord.objects.get(organisation=organisation)
    assert (record.org_number, record.found, record.in_frivillighetsregisteret) == (NUMBER, True, True)
    assert record.form_description == "Forening/lag/innretning" and record.checked_on == timezone.localdate(registration.created_at)
    client.force_login(coordinator)
    assert "Forening/lag/innretning" in client.get(f"/koordinator/organisasjoner/{organisation.pk}/").content.decode()


def test_the_coordinator_is_warned_of_a_bankrupt_unit(client, coordinator, register):
    from registrations import services
    from tests.registrations.conftest import NUMBER
    from tests.registrations.test_register import form_data

    register.units[NUMBER]["konkurs"] = True
    client.post("/registrer-organisasjon/", form_data())
    registration = Registration.objects.get()
    services.registration_confirm(registration=registration, password="Sikkert-passord-42")
    client.force_login(coordinator)
    page = client.get(f"/koordinator/registreringer/{registration.pk}/").content.decode()
    assert "Konkurs ifølge Enhetsregisteret" in page
