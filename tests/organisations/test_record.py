"""The organisation keeps its own record: its editors maintain the contact persons (with each
person's own consent to mailings, recorded the way the portal records it), the member count and
the needs. Private: the organisation's editors and the coordinators see it, nobody else."""

import datetime

import pytest
from auditlog.models import LogEntry

from mailings.models import ContactPreference, OptOutSource, Suppression
from mailings.selectors import receiving_persons
from mailings.services import preference_opt_out
from organisations.models import ContactPerson, Organisation, PremisesNeed
from tests.mailings.factories import person as mailing_person

pytestmark = pytest.mark.django_db


def record_url(organisation, tail=""):
    return f"/mine-organisasjoner/{organisation.slug}/{tail}"


@pytest.fixture
def signed_in_editor(client, editor):
    client.force_login(editor)
    return client


def test_the_editor_adds_a_contact_person_whose_consent_is_not_assumed(signed_in_editor, org_a):
    response = signed_in_editor.post(record_url(org_a, "kontaktpersoner/ny/"), {
        "name": "Amina Hassan", "role": "Styreleder", "email": "amina@example.org", "phone": "912 34 567"})
    assert response.status_code == 302 and response["Location"] == record_url(org_a, "opplysninger/")
    amina = ContactPerson.objects.get(organisation=org_a)
    assert (amina.name, amina.role, amina.email) == ("Amina Hassan", "Styreleder", "amina@example.org")
    # Never ticked for anyone: no consent recorded, no mailings.
    assert not ContactPreference.objects.filter(person=amina, may_email=True).exists()
    assert receiving_persons(Organisation.objects.filter(pk=org_a.pk)) == []
    form = signed_in_editor.get(record_url(org_a, "kontaktpersoner/ny/")).context["form"]
    assert form.fields["receives_mailings"].initial is False


def test_the_persons_yes_is_recorded_with_who_noted_it_and_when_and_taking_it_back_is_an_opt_out(signed_in_editor, editor, org_a):
    signed_in_editor.post(record_url(org_a, "kontaktpersoner/ny/"), {
        "name": "Amina Hassan", "email": "amina@example.org", "receives_mailings": "on"})
    amina = ContactPerson.objects.get(organisation=org_a)
    preference = amina.mailing_preference
    assert preference.may_email and preference.consent_noted_by == editor
    assert preference.consent_noted_on == datetime.date.today()
    assert receiving_persons(Organisation.objects.filter(pk=org_a.pk)) == [amina]
    # Unticked: she opted out through the editor; kept, and the address is suppressed.
    signed_in_editor.post(record_url(org_a, f"kontaktpersoner/{amina.pk}/"), {"name": "Amina Hassan", "email": "amina@example.org"})
    preference.refresh_from_db()
    assert preference.opted_out_at is not None and preference.opted_out_source == OptOutSource.EDITOR
    assert Suppression.objects.count() == 1
    assert receiving_persons(Organisation.objects.filter(pk=org_a.pk)) == []


def test_a_person_who_opted_out_cannot_be_signed_up_again_by_the_editor(signed_in_editor, org_a):
    amina = mailing_person(org_a, "Amina Hassan", "amina@example.org")
    preference_opt_out(person=amina, source=OptOutSource.LINK)
    page = signed_in_editor.get(record_url(org_a, f"kontaktpersoner/{amina.pk}/"))
    assert page.context["form"].fields["receives_mailings"].disabled
    assert "Personen har meldt seg av utsendelsene" in page.content.decode()
    response = signed_in_editor.post(record_url(org_a, f"kontaktpersoner/{amina.pk}/"), {
        "name": "Amina H.", "email": "amina@example.org", "receives_mailings": "on"})
    assert response.status_code == 302
    amina.refresh_from_db()
    assert amina.name == "Amina H."  # the rest is saved …
    assert amina.mailing_preference.opted_out_at is not None  # … the withdrawal stands
    assert amina.mailing_preference.opted_out_source == OptOutSource.LINK
    assert receiving_persons(Organisation.objects.filter(pk=org_a.pk)) == []


def test_a_new_person_at_an_address_that_opted_out_is_refused_with_a_message(signed_in_editor, org_a):
    old = mailing_person(org_a, "Gammel Kontakt", "felles@example.org")
    preference_opt_out(person=old, source=OptOutSource.LINK)
    response = signed_in_editor.post(record_url(org_a, "kontaktpersoner/ny/"), {
        "name": "Ny Kontakt", "email": "Felles@Example.org", "receives_mailings": "on"})
    assert response.status_code == 200
    assert "Denne adressen er meldt av utsendelsene" in response.content.decode()
    assert not ContactPerson.objects.filter(name="Ny Kontakt").exists()
    assert Suppression.objects.count() == 1


def test_consent_without_an_address_asks_for_one(signed_in_editor, org_a):
    response = signed_in_editor.post(record_url(org_a, "kontaktpersoner/ny/"), {"name": "Uten Adresse", "receives_mailings": "on"})
    assert response.status_code == 200 and "Skriv e-postadressen" in response.content.decode()
    assert not ContactPerson.objects.exists()


def test_removing_a_contact_person_erases_them_from_the_trail_too(signed_in_editor, org_a):
    signed_in_editor.post(record_url(org_a, "kontaktpersoner/ny/"), {"name": "Kari Nordmann", "email": "kari@example.org"})
    kari = ContactPerson.objects.get(name="Kari Nordmann")
    assert LogEntry.objects.filter(object_repr__icontains="Kari Nordmann").exists()
    response = signed_in_editor.post(record_url(org_a, f"kontaktpersoner/{kari.pk}/fjern/"))
    assert response.status_code == 302
    assert not ContactPerson.objects.filter(pk=kari.pk).exists()
    assert not LogEntry.objects.filter(object_repr__icontains="Kari Nordmann").exists()
    assert not LogEntry.objects.filter(changes_text__icontains="kari@example.org").exists()


def test_member_count_and_other_needs_are_saved_at_once_and_checked(signed_in_editor, org_a):
    response = signed_in_editor.post(record_url(org_a, "opplysninger/"), {
        "member_count": "140", "other_needs": ["volunteers", "storage"], "other_needs_note": "Skap til kostymer."})
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert (org_a.member_count, org_a.other_needs, org_a.other_needs_note) == (140, ["storage", "volunteers"], "Skap til kostymer.")
    for bad in ({"member_count": "-3"}, {"member_count": "mange"}, {"other_needs": ["castle"]}, {"member_count": "9" * 30}):
        response = signed_in_editor.post(record_url(org_a, "opplysninger/"), bad)
        assert response.status_code == 400
    org_a.refresh_from_db()
    assert org_a.member_count == 140


def test_a_premises_need_is_saved_checked_and_withdrawn(signed_in_editor, org_a):
    url = record_url(org_a, "lokalbehov/ny/")
    good = {"weekday": "1", "starts_at": "17:30", "ends_at": "20:00", "people": "25", "frequency": "weekly", "purpose": "Leksehjelp"}
    for bad, field in (({"ends_at": "17:00"}, "ends_at"), ({"people": "", "area": ""}, "people"), ({"weekday": "9"}, "weekday"),
                       ({"starts_at": "25:99"}, "starts_at"), ({"area": "-5", "people": ""}, "area")):
        response = signed_in_editor.post(url, {**good, **bad})
        assert response.status_code == 200 and field in response.context["form"].errors
    assert not PremisesNeed.objects.exists()
    assert signed_in_editor.post(url, good).status_code == 302
    need = PremisesNeed.objects.get()
    assert (need.weekday, need.starts_at, need.people, need.area) == (1, datetime.time(17, 30), 25, None)
    page = signed_in_editor.get(record_url(org_a, "opplysninger/")).content.decode()
    assert "Tirsdag 17:30–20:00" in page and "25 personer" in page
    assert signed_in_editor.post(record_url(org_a, f"lokalbehov/{need.pk}/dekket/")).status_code == 302
    need.refresh_from_db()
    assert need.withdrawn_on == datetime.date.today()
    assert signed_in_editor.get(record_url(org_a, f"lokalbehov/{need.pk}/")).status_code == 404


def test_an_editor_reaches_nothing_of_another_organisations_record(signed_in_editor, org_a, org_b):
    theirs = ContactPerson.objects.create(organisation=org_b, name="Ola Hemmelig", email="ola@example.org")
    need = PremisesNeed.objects.create(organisation=org_b, weekday=2, starts_at=datetime.time(18), ends_at=datetime.time(20), people=9)
    for url in (record_url(org_b, "opplysninger/"), record_url(org_b, "kontaktpersoner/ny/"),
                record_url(org_b, f"kontaktpersoner/{theirs.pk}/"), record_url(org_a, f"kontaktpersoner/{theirs.pk}/"),
                record_url(org_b, f"lokalbehov/{need.pk}/"), record_url(org_a, f"lokalbehov/{need.pk}/")):
        assert signed_in_editor.get(url).status_code == 404, url
    for url in (record_url(org_a, f"kontaktpersoner/{theirs.pk}/fjern/"), record_url(org_b, f"kontaktpersoner/{theirs.pk}/fjern/"),
                record_url(org_a, f"lokalbehov/{need.pk}/dekket/"), record_url(org_b, "opplysninger/")):
        assert signed_in_editor.post(url, {"member_count": "1"}).status_code == 404, url
    assert ContactPerson.objects.filter(pk=theirs.pk).exists()
    need.refresh_from_db()
    org_b.refresh_from_db()
    assert need.withdrawn_on is None and org_b.member_count is None
    own = signed_in_editor.get(record_url(org_a, "opplysninger/")).content.decode()
    assert "Ola Hemmelig" not in own


def test_the_record_is_never_public_and_council_staff_do_not_see_it(client, published, council_staff, coordinator):
    organisation = published("Synlig Forening", member_count=321, other_needs=["storage"], other_needs_note="HEMMELIG-BEHOV")
    ContactPerson.objects.create(organisation=organisation, name="Kari Kontakt", email="kari@example.org")
    PremisesNeed.objects.create(organisation=organisation, weekday=0, starts_at=datetime.time(18), ends_at=datetime.time(21),
                                people=77, purpose="HEMMELIG-BRUK")
    secrets = ("321", "HEMMELIG-BEHOV", "Lagerplass", "Kari Kontakt", "HEMMELIG-BRUK")
    for url in (organisation.get_absolute_url(), "/organisasjoner.json", "/organisasjoner/"):
        text = client.get(url).content.decode()
        assert not [secret for secret in secrets if secret in text], url
    client.force_login(council_staff)
    text = client.get(f"/koordinator/organisasjoner/{organisation.pk}/").content.decode()
    assert not [secret for secret in secrets if secret in text]
    client.force_login(coordinator)
    text = client.get(f"/koordinator/organisasjoner/{organisation.pk}/").content.decode()
    assert all(secret in text for secret in ("321", "HEMMELIG-BEHOV", "Lagerplass", "Kari Kontakt")) and "77 personer" in text


def test_the_yearly_confirmation_covers_the_record(signed_in_editor, org_a):
    page = signed_in_editor.get(record_url(org_a)).content.decode()
    assert "kontaktpersonene og behovene" in page and record_url(org_a, "opplysninger/") in page
    assert signed_in_editor.post(record_url(org_a, "bekreft/")).status_code == 302
    org_a.refresh_from_db()
    assert org_a.last_confirmed_on == datetime.date.today()


def test_the_record_page_takes_a_fixed_number_of_queries(signed_in_editor, org_a, django_assert_num_queries):
    for n in range(4):
        mailing_person(org_a, f"Person {n}", f"p{n}@example.org")
        PremisesNeed.objects.create(organisation=org_a, weekday=n, starts_at=datetime.time(18), ends_at=datetime.time(20), people=5)
    signed_in_editor.get(record_url(org_a, "opplysninger/"))
    # session, user, the organisation, its editors check, the persons with their mailing choice,
    # the needs, the user's roles (navigation) and the navigation's "edits organisations" check
    with django_assert_num_queries(8):
        assert signed_in_editor.get(record_url(org_a, "opplysninger/")).status_code == 200


def test_the_editors_changes_to_the_record_are_in_the_audit_trail(signed_in_editor, editor, org_a):
    from django.contrib.contenttypes.models import ContentType

    signed_in_editor.post(record_url(org_a, "lokalbehov/ny/"), {
        "weekday": "3", "starts_at": "18:00", "ends_at": "21:00", "area": "120", "frequency": "monthly"})
    signed_in_editor.post(record_url(org_a, "opplysninger/"), {"member_count": "55", "other_needs": ["transport"]})
    need = PremisesNeed.objects.get(organisation=org_a)
    (created,) = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(PremisesNeed), object_pk=str(need.pk))
    assert created.actor == editor and created.changes_dict["area"] == ["None", "120"]
    changed = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Organisation), object_pk=str(org_a.pk)).first()
    assert changed.actor == editor and changed.changes_dict["member_count"] == ["None", "55"]
