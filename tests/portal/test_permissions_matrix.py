"""Every named URL × every role → the status code it must answer (GET).

The roles are the four of domain.md: an anonymous resident, the editor of organisation A
(tests.conftest `editor`/`org_a`), council staff and a coordinator. `MATRIX` below has a row for
every URL name the resolver knows (admin:* and Django's set_language excepted); the test
`test_every_url_name_is_in_the_matrix` fails when a URL is added without a row, so a new page
cannot ship without someone deciding who may open it.

A row is a list of cases; a case builds the URL's kwargs from `world` (objects made per test) and
gives the expected answer per role:
  200/403/404/405 …   that status
  LOGIN               302 to the sign-in page (anonymous visitors of a protected page)
  redirect("/x/")     302 somewhere else
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organisations.models import ContactPerson, Kind
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "editor", "council_staff", "coordinator")
LOGIN = "LOGIN"
EXCLUDED_NAMESPACES = ("admin",)
EXCLUDED_NAMES = ("set_language",)  # Django's own language switch (POST, tested in test_pages)


@dataclass(frozen=True)
class Redirect:
    to: str


def redirect(to):
    return Redirect(to)


def row(anonymous, editor, council_staff, coordinator):
    return {"anonymous": anonymous, "editor": editor, "council_staff": council_staff, "coordinator": coordinator}


PUBLIC = row(200, 200, 200, 200)
STAFF = row(LOGIN, 403, 200, 200)  # portal.access.staff_required
COORDINATOR = row(LOGIN, 403, 403, 200)  # portal.access.coordinator_required
COORDINATOR_POST_ONLY = row(LOGIN, 403, 403, 405)  # coordinator_required, then require_POST
SIGNED_IN = row(LOGIN, 200, 200, 200)  # portal.access.signed_in_required
NOT_FOUND = row(404, 404, 404, 404)


@dataclass
class Case:
    expected: dict
    kwargs: Callable = field(default=lambda w: {})
    note: str = ""


# --- kwargs builders: `w` is the world fixture ------------------------------------------------


def org_a_pk(w):
    return {"pk": w.org_a.pk}


def person_of_a(w):
    return {"pk": w.org_a.pk, "person_pk": w.person_a.pk}


def panel_meeting(w, kind="panel"):
    from panel.models import Meeting

    return Meeting.objects.create(kind=kind, date=datetime.date.today(), title="Erfaringspanelet", location="Rådhuset")


def meeting_pk(w):
    return {"pk": panel_meeting(w).pk}


def guest(w):
    from panel.models import Guest

    meeting = panel_meeting(w)
    return {"pk": meeting.pk, "guest_pk": Guest.objects.create(meeting=meeting, name="Gjest").pk}


def attachment(w):
    from django.core.files.base import ContentFile

    from panel.models import MeetingAttachment

    item = MeetingAttachment(meeting=panel_meeting(w), title="Saksliste")
    item.file.save("saksliste.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"attachment_pk": item.pk}


def invitation(w):
    from panel.models import Invitation

    meeting = panel_meeting(w)
    return {"pk": meeting.pk, "invitation_pk": Invitation.objects.create(meeting=meeting, organisation=w.org_a).pk}


def input_item(w, assigned=False):
    from panel.models import InputItem

    item = InputItem.objects.create(
        meeting=panel_meeting(w), text="Behov for lokaler", assigned_service=w.service if assigned else None
    )
    return {"pk": item.pk}


def contact(w):
    from outreach.models import Contact

    return {"pk": Contact.objects.create(date=datetime.date.today(), organisation=w.org_a).pk}


def guidance(w):
    from outreach.models import Guidance

    return {"pk": Guidance.objects.create(date=datetime.date.today(), organisation=w.org_a).pk}


def event_invitation(w):
    from outreach.models import EventInvitation

    return {"pk": EventInvitation.objects.create(date=datetime.date.today(), organisation=w.org_a, title="Fest").pk}


MATRIX = {
    # portal
    "home": [Case(PUBLIC)],
    "accessibility": [Case(PUBLIC)],
    "login": [Case(row(200, redirect("/"), redirect("/"), redirect("/")), note="signed-in users are sent home")],
    "logout": [Case(row(405, 405, 405, 405), note="logging out is a POST")],
    "dashboard": [Case(STAFF)],
    "import": [Case(COORDINATOR)],
    "export": [
        Case(COORDINATOR, lambda w: {"stem": "organisations", "file_format": "csv"}),
        Case(row(LOGIN, 403, 403, 404), lambda w: {"stem": "passwords", "file_format": "csv"}, "unknown file kind"),
    ],
    "audit_log": [Case(COORDINATOR)],
    "retention": [Case(COORDINATOR)],
    # organisations
    "organisations:directory": [Case(PUBLIC)],
    "organisations:detail": [
        Case(PUBLIC, lambda w: {"slug": w.org_a.slug}),
        Case(NOT_FOUND, lambda w: {"slug": w.org_b.slug}, "an unpublished listing is not public, even to staff"),
    ],
    "organisations:staff_list": [Case(STAFF)],
    "organisations:create": [Case(COORDINATOR)],
    "organisations:staff_detail": [Case(STAFF, org_a_pk), Case(row(LOGIN, 403, 404, 404), lambda w: {"pk": 999999})],
    "organisations:edit": [Case(COORDINATOR, org_a_pk)],
    "organisations:archive": [Case(COORDINATOR_POST_ONLY, org_a_pk)],
    "organisations:contact_person_create": [Case(COORDINATOR, org_a_pk)],
    "organisations:contact_person_edit": [
        Case(COORDINATOR, person_of_a),
        Case(
            row(LOGIN, 403, 403, 404),
            lambda w: {"pk": w.org_a.pk, "person_pk": w.person_b.pk},
            "a person of B reached through A's address",
        ),
    ],
    "organisations:editor_home": [Case(SIGNED_IN)],
    "organisations:editor_edit": [
        Case(row(LOGIN, 200, 404, 404), lambda w: {"slug": w.org_a.slug}, "only the organisation's own editors"),
        Case(row(LOGIN, 404, 404, 404), lambda w: {"slug": w.org_b.slug}, "A's editor cannot reach B"),
    ],
    # panel
    "panel:calendar": [Case(PUBLIC)],
    "panel:calendar_ics": [Case(PUBLIC)],
    "panel:public_meeting": [
        Case(PUBLIC, meeting_pk),
        Case(NOT_FOUND, lambda w: {"pk": panel_meeting(w, kind="working_group").pk}, "only panel meetings are public"),
    ],
    "panel:meeting_ics": [Case(PUBLIC, meeting_pk)],
    "panel:meeting_list": [Case(STAFF)],
    "panel:figures": [Case(STAFF)],
    "panel:meeting_create": [Case(COORDINATOR)],
    "panel:meeting_detail": [Case(STAFF, meeting_pk)],
    "panel:meeting_edit": [Case(COORDINATOR, meeting_pk)],
    "panel:meeting_minutes": [Case(COORDINATOR, meeting_pk)],
    "panel:guest_add": [Case(COORDINATOR_POST_ONLY, meeting_pk)],
    "panel:guest_delete": [Case(COORDINATOR_POST_ONLY, guest)],
    "panel:attachment_add": [Case(COORDINATOR, meeting_pk)],
    "panel:attachment_download": [Case(STAFF, attachment, "minutes' attachments are internal")],
    "panel:attachment_delete": [Case(COORDINATOR_POST_ONLY, attachment)],
    "panel:invitations": [Case(COORDINATOR, meeting_pk)],
    "panel:invitation_status": [Case(COORDINATOR_POST_ONLY, invitation)],
    "panel:attendance": [Case(COORDINATOR, meeting_pk)],
    "panel:sign_in_sheet": [Case(COORDINATOR, meeting_pk)],
    "panel:input_list": [Case(STAFF)],
    "panel:input_create": [Case(COORDINATOR)],
    "panel:input_edit": [Case(COORDINATOR, input_item)],
    "panel:input_answer": [
        Case(row(LOGIN, 403, 404, 200), input_item, "council staff answer only input assigned to their service"),
        Case(row(LOGIN, 403, 200, 200), lambda w: input_item(w, assigned=True), "assigned to the staff's service"),
    ],
    # outreach
    "outreach:dashboard": [Case(STAFF)],
    "outreach:contact_list": [Case(STAFF)],
    "outreach:contact_create": [Case(COORDINATOR)],
    "outreach:organisation_search": [Case(COORDINATOR)],
    "outreach:contact_edit": [Case(COORDINATOR, contact)],
    "outreach:contact_delete": [Case(COORDINATOR_POST_ONLY, contact)],
    "outreach:contact_follow_up_done": [Case(COORDINATOR_POST_ONLY, contact)],
    "outreach:guidance_list": [Case(STAFF)],
    "outreach:guidance_create": [Case(COORDINATOR)],
    "outreach:guidance_edit": [Case(COORDINATOR, guidance)],
    "outreach:invitation_list": [Case(STAFF)],
    "outreach:invitation_create": [Case(COORDINATOR)],
    "outreach:invitation_edit": [Case(COORDINATOR, event_invitation)],
    "outreach:person_privacy": [Case(COORDINATOR, lambda w: {"pk": w.person_a.pk})],
    "outreach:person_export": [Case(COORDINATOR, lambda w: {"pk": w.person_a.pk})],
    # surveys
    "surveys:survey_list": [Case(STAFF)],
}


# --- the machinery ----------------------------------------------------------------------------


def url_names():
    """Every named URL pattern as `namespace:name`, admin and set_language left out."""

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + [pattern.namespace] if pattern.namespace else namespaces
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield ":".join(namespaces + [pattern.name])

    names = set()
    for name in walk(get_resolver().url_patterns, []):
        if name.split(":")[0] in EXCLUDED_NAMESPACES or name in EXCLUDED_NAMES:
            continue
        names.add(name)
    return names


def test_every_url_name_is_in_the_matrix():
    missing = sorted(url_names() - set(MATRIX))
    assert not missing, (
        "URL names without a row in tests/portal/test_permissions_matrix.py MATRIX "
        f"(decide who may open them): {missing}"
    )


def test_the_matrix_has_no_row_for_a_url_that_is_gone():
    assert not sorted(set(MATRIX) - url_names())


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Four users per case: the production hasher would make this file take a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(org_a, org_b, editor):
    org_a.published_on = datetime.date.today() - datetime.timedelta(days=3)
    org_a.consent_given_by = "Styreleder"
    org_a.consent_given_on = org_a.published_on
    org_a.save()
    return SimpleNamespace(
        org_a=org_a,
        org_b=org_b,
        editor=editor,
        person_a=ContactPerson.objects.create(organisation=org_a, name="Kari Nordmann", email="kari@example.org"),
        person_b=ContactPerson.objects.create(organisation=org_b, name="Ola Nordmann"),
        service=make_organisation(name="NAV Testby", kind=Kind.MUNICIPAL_SERVICE),
    )


@pytest.fixture
def role_users(world, council_staff, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # attachments made by the builders
    try:
        from panel.models import ServiceMember
    except ImportError:
        pass
    else:
        ServiceMember.objects.create(user=council_staff, organisation=world.service)
    return {"anonymous": None, "editor": world.editor, "council_staff": council_staff, "coordinator": coordinator}


def _answer(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login") + "?"):
            return LOGIN
        return Redirect(location)
    return response.status_code


CASES = [
    pytest.param(name, index, id=f"{name}#{index}" if len(cases) > 1 else name)
    for name, cases in sorted(MATRIX.items())
    for index in range(len(cases))
]


@pytest.mark.parametrize("url_name,index", CASES)
def test_each_role_gets_the_status_the_matrix_gives(client, world, role_users, url_name, index):
    if url_name not in url_names():
        pytest.fail(f"{url_name} is in the matrix but not in the URLconf")
    case = MATRIX[url_name][index]
    url = reverse(url_name, kwargs=case.kwargs(world))
    answers = {}
    for role in ROLES:
        client.logout()
        if role_users[role] is not None:
            client.force_login(role_users[role])
        answers[role] = _answer(client.get(url))
    assert answers == case.expected, f"GET {url} ({case.note or url_name})"
