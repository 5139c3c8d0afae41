"""Least privilege for council staff, tested per field (docs/domain.md "Privacy").

The permissions matrix says which pages each role may open; this file says what council staff
may *read* on them. Every page the matrix lets council staff open (200) is fetched as council
staff, with marker values planted in the records behind it, and none of the markers may appear:
contact persons (name, e-mail, phone), coordinators' internal notes, personal survey links, and
names from the guidance log. The same pages as a coordinator do show them (the markers are real).
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse

from organisations.models import ContactPerson
from portal.privacy import roles
from tests.portal.test_permissions_matrix import MATRIX, ROLES, _fast_passwords, role_users, world  # noqa: F401

pytestmark = pytest.mark.django_db

PERSON_NAME = "Ragnhild Markørsen"
PERSON_EMAIL = "ragnhild.markor@example.org"
PERSON_PHONE = "+47 912 34 567"
INTERNAL_NOTE = "MARKØR-intern-merknad-om-styret"
CONTACT_NOTE = "MARKØR-kontaktnotat-ringte-Ragnhild"
GUIDANCE_NAME = "Yusuf Markørsen-Privat"
GUIDANCE_REPLY_TO = "yusuf.markor@example.org"
GUIDANCE_OUTCOME = "MARKØR-veiledning-resultat"


@pytest.fixture
def planted(world):
    from outreach.models import Contact, Guidance
    from surveys.models import PersonalLink, Survey

    org = world.org_a
    org.notes = INTERNAL_NOTE
    org.save(update_fields=["notes"])
    person = ContactPerson.objects.create(organisation=org, name=PERSON_NAME, email=PERSON_EMAIL, phone=PERSON_PHONE)
    contact = Contact.objects.create(date=datetime.date.today(), organisation=org, note=CONTACT_NOTE)
    contact.persons_met.add(person)
    Guidance.objects.create(
        date=datetime.date.today(), person_name=GUIDANCE_NAME, person_reply_to=GUIDANCE_REPLY_TO, outcome=GUIDANCE_OUTCOME
    )
    survey = Survey.objects.create(title="Markørundersøkelse", report_year=datetime.date.today().year)
    PersonalLink.objects.create(survey=survey, label="Til Ragnhild")
    return person


def markers():
    """Every value council staff must never read; link tokens include those the builders made."""
    from surveys.models import PersonalLink

    return [
        PERSON_NAME, PERSON_EMAIL, PERSON_PHONE, INTERNAL_NOTE, CONTACT_NOTE,
        GUIDANCE_NAME, GUIDANCE_REPLY_TO, GUIDANCE_OUTCOME,
        *PersonalLink.objects.values_list("token", flat=True),
    ]


def readable_cases(role):
    for name, cases in sorted(MATRIX.items()):
        for index, case in enumerate(cases):
            if case.expected[role] == 200:
                yield name, index, case


def fetch(client, world, name, case):
    """The page of one matrix case, its records built in a savepoint rolled back afterwards
    (the builders make e.g. a draft report each, and a year has one draft at a time)."""
    with transaction.atomic():
        response = client.get(reverse(name, kwargs=case.kwargs(world)))
        text = page_text(response)
        tokens = markers()
        transaction.set_rollback(True)
    return response, text, tokens


def page_text(response):
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def test_council_staff_read_no_contact_person_note_survey_link_or_guidance_name_on_any_page(
    client, world, role_users, planted
):
    client.force_login(role_users["council_staff"])
    opened, leaks = [], []
    for name, index, case in readable_cases("council_staff"):
        response, text, tokens = fetch(client, world, name, case)
        assert response.status_code == 200, name
        opened.append(name)
        leaks += [(name, marker) for marker in tokens if marker in text]
    assert len(opened) > 30  # every page of the role, not a handful
    assert leaks == []


def test_the_markers_are_real_a_coordinator_reads_them(client, world, role_users, planted):
    """The council-staff test would pass on an empty world: show the planted values on the pages."""
    client.force_login(role_users["coordinator"])
    seen = set()
    for name, index, case in readable_cases("coordinator"):
        if case.expected["council_staff"] != 200:
            continue
        _response, text, tokens = fetch(client, world, name, case)
        seen |= {marker for marker in tokens if marker in text}
    assert {PERSON_NAME, PERSON_EMAIL, PERSON_PHONE, INTERNAL_NOTE, CONTACT_NOTE, GUIDANCE_NAME} <= seen
    from surveys.models import PersonalLink

    link = PersonalLink.objects.get(label="Til Ragnhild")
    detail = reverse("surveys:survey_detail", args=[link.survey_id])
    assert link.token in client.get(detail).content.decode()
    client.force_login(role_users["council_staff"])
    assert link.token not in client.get(detail).content.decode()


def test_council_staff_hold_no_permission_to_read_personal_data_models():
    roles.sync_role_permissions()
    held = set(
        Permission.objects.filter(group__name=roles.COUNCIL_STAFF).values_list("content_type__model", "codename")
    )
    # docs/domain.md "Privacy", as the apps' privacy.py withhold them (one declaration each).
    assert roles.COUNCIL_STAFF_NEVER_READS == {
        "organisations.contactperson", "organisations.editorinvitation", "outreach.guidance",
        "surveys.personallink", "surveys.response", "surveys.answer", "surveys.submissionkey",
    }
    for model in roles.COUNCIL_STAFF_NEVER_READS:
        assert (model.split(".")[1], f"view_{model.split('.')[1]}") not in held
    assert ("organisation", "view_organisation") in held  # still read-mostly


def test_the_council_staff_dashboard_offers_only_what_they_can_do(client, council_staff):
    client.force_login(council_staff)
    page = client.get(reverse("dashboard"))
    sections = page.context["staff_sections"]
    assert sections
    for section in sections:
        assert client.get(section["url"]).status_code == 200, section["url"]
        description = str(section["description"]).lower()
        for verb in ("rediger", "arkiver", "lag ", "logg ", "endre"):
            assert verb not in description, (section["url"], description)


def test_council_staff_reach_their_area_under_their_own_name(client, council_staff, coordinator):
    from html import unescape

    client.force_login(council_staff)
    page = unescape(client.get(reverse("dashboard")).content.decode())
    menu = page[page.index("<nav"):page.index("</nav>")]
    assert ">Kommuneansatt</a>" in menu and "Koordinator" not in menu
    assert "<title>Kommuneansatt" in page

    client.force_login(coordinator)
    menu = client.get(reverse("dashboard")).content.decode()
    assert ">Koordinator</a>" in menu[menu.index("<nav"):menu.index("</nav>")]


def test_a_migrate_gives_the_roles_the_permissions_of_every_app_even_those_listed_after_the_floor(db):
    """As on a new database (or after a flush): no permission exists until post_migrate creates
    each app's in its turn; the roles must end up with those of the apps after `portal` too."""
    from django.core.management.sql import emit_post_migrate_signal

    Permission.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    held = set(Permission.objects.filter(group__name=roles.COORDINATOR).values_list("content_type__app_label", flat=True))
    assert held == set(roles.domain_apps())
    assert Permission.objects.filter(group__name=roles.COUNCIL_STAFF, codename="view_organisation").exists()


def test_the_staff_roles_hold_only_the_permissions_of_the_apps_that_declare_them(db):
    """An app's AppConfig says whether the staff roles work with its records; the floor lists none.
    An app that does not say so (the mailings' recipients and the registrations' applicants are
    the coordinators' work through their own pages) gives the roles none of its permissions."""
    from django.apps import apps

    declared = {config.label for config in apps.get_app_configs() if getattr(config, "staff_roles_hold_permissions", False)}
    assert set(roles.domain_apps()) == declared
    assert {"organisations", "panel", "reports"} <= declared
    assert not declared & {"mailings", "registrations", "brreg", "hub", "portal", "auth"}
    roles.sync_role_permissions()
    for role in (roles.COORDINATOR, roles.COUNCIL_STAFF):
        held = set(Permission.objects.filter(group__name=role).values_list("content_type__app_label", flat=True))
        assert held <= declared and "organisations" in held
