"""The coordinators' pages for networks and agreements: a coordinator records them (two parties at
least, dates in order, made at one place, no relationship with itself or twice), council staff
read, an editor and an anonymous visitor get nothing; and the overview's agreements counted on
data that includes what must not count."""

import datetime

import pytest
from django.urls import reverse

from networks.models import Agreement, Relationship
from organisations.models import Kind
from panel.models import Meeting
from tests.conftest import make_organisation
from tests.networks.factories import agreement, relationship

pytestmark = pytest.mark.django_db

d = datetime.date


@pytest.fixture
def parties(org_a, org_b):
    return org_a, org_b, make_organisation(name="Sandnes bibliotek", kind=Kind.MUNICIPAL_SERVICE)


def test_a_coordinator_records_an_agreement_made_at_a_meeting(client, coordinator, parties):
    a, b, library = parties
    meeting = Meeting.objects.create(kind="panel", date=d(2026, 3, 11), title="Vårmøtet")
    client.force_login(coordinator)

    response = client.post(reverse("networks:agreement_create"), {
        "title": "Leksehjelp i biblioteket", "parties": [a.pk, library.pk], "starts_on": "2026-03-11",
        "ends_on": "2027-03-10", "meeting": meeting.pk, "text": "<p>Lesesalen hver tirsdag.</p><script>x()</script>",
    })

    made = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("networks:agreement_detail", args=[made.pk])
    assert set(made.parties.all()) == {a, library} and made.meeting == meeting
    assert "<script>" not in made.text
    detail = client.get(response["Location"]).content.decode()
    assert "Vårmøtet" in detail and "Sandnes bibliotek" in detail and "Lesesalen hver tirsdag." in detail


@pytest.mark.parametrize("fields, field, message", [
    ({"parties": ["A"]}, "parties", "En avtale har minst to parter."),
    ({"ends_on": "2026-01-01"}, "ends_on", "Avtalen må slutte samme dag eller senere enn den starter."),
    ({"starts_on": "31.02.2026"}, "starts_on", "Oppgi en gyldig dato."),
    ({"meeting": "M", "activity": "X"}, "meeting", "Velg høyst ett møte, én aktivitet eller ett arrangement."),
])
def test_a_bad_agreement_is_refused_with_a_message_and_stores_nothing(client, coordinator, parties, fields, field, message):
    from activities.models import Activity

    a, b, library = parties
    ids = {"A": a.pk, "M": Meeting.objects.create(kind="panel", date=d(2026, 3, 11), title="Møte").pk,
           "X": Activity.objects.create(kind="own_event", date=d(2026, 4, 16), title="Frivilligbørs").pk}
    data = {"title": "Avtale", "parties": [a.pk, b.pk], "starts_on": "2026-02-01", **fields}
    data = {key: ([ids.get(v, v) for v in value] if isinstance(value, list) else ids.get(value, value)) for key, value in data.items()}
    client.force_login(coordinator)

    response = client.post(reverse("networks:agreement_create"), data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert Agreement.objects.count() == 0


def test_editing_an_agreement_changes_its_parties(client, coordinator, parties):
    a, b, library = parties
    made = agreement(a, b)
    client.force_login(coordinator)

    response = client.post(reverse("networks:agreement_edit", args=[made.pk]), {
        "title": made.title, "parties": [b.pk, library.pk], "starts_on": made.starts_on.isoformat(),
    })

    assert response.status_code == 302
    assert set(made.parties.all()) == {b, library}


def test_a_coordinator_records_a_relationship_and_it_is_not_recorded_twice_or_with_itself(client, coordinator, parties):
    a, b, _library = parties
    client.force_login(coordinator)
    url = reverse("networks:relationship_create")

    assert client.post(url, {"organisation": a.pk, "kind": "member", "other": b.pk, "starts_on": "2025-05-01"}).status_code == 302
    again = client.post(url, {"organisation": a.pk, "kind": "member", "other": b.pk})
    reverse_way = client.post(url, {"organisation": b.pk, "kind": "partner", "other": a.pk})
    itself = client.post(url, {"organisation": a.pk, "kind": "partner", "other": a.pk})

    assert "Denne forbindelsen er allerede registrert." in str(again.context["form"].errors)
    assert "Den andre veien er denne forbindelsen allerede registrert." in str(reverse_way.context["form"].errors)
    assert "En organisasjon kan ikke ha en forbindelse med seg selv." in str(itself.context["form"].errors)
    assert list(Relationship.objects.values_list("organisation", "kind", "other")) == [(a.pk, "member", b.pk)]


def test_an_ended_relationship_may_be_followed_by_a_new_one(client, coordinator, parties):
    a, b, _library = parties
    relationship(a, b, starts_on=d(2020, 1, 1), ends_on=d(2022, 12, 31))
    client.force_login(coordinator)

    response = client.post(reverse("networks:relationship_create"), {"organisation": a.pk, "kind": "member", "other": b.pk})

    assert response.status_code == 302 and Relationship.objects.count() == 2


def test_council_staff_read_the_register_and_cannot_change_it(client, council_staff, parties):
    a, b, library = parties
    made = agreement(a, library, title="Språkkafé")
    link = relationship(a, b, note="Betaler kontingent fra 2026.")
    client.force_login(council_staff)

    listing = client.get(reverse("networks:agreement_list")).content.decode()
    assert "Språkkafé" in listing and reverse("networks:agreement_create") not in listing
    relationships = client.get(reverse("networks:relationship_list")).content.decode()
    assert "Organisasjon B" in relationships and "Betaler kontingent fra 2026." in relationships
    assert client.post(reverse("networks:agreement_delete", args=[made.pk])).status_code == 403
    assert client.post(reverse("networks:relationship_delete", args=[link.pk])).status_code == 403
    assert Agreement.objects.count() == 1 and Relationship.objects.count() == 1


def test_an_editor_and_a_visitor_read_nothing_of_the_register(client, editor, parties):
    a, _b, library = parties
    made = agreement(a, library, title="Intern avtale")
    for url in (reverse("networks:agreement_list"), reverse("networks:agreement_detail", args=[made.pk])):
        assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(editor)
    for url in (reverse("networks:agreement_list"), reverse("networks:agreement_detail", args=[made.pk]),
                reverse("networks:relationship_list")):
        assert client.get(url).status_code == 403


def test_the_agreement_list_filters_by_the_year_it_was_in_force(client, coordinator, parties):
    a, b, _library = parties
    agreement(a, b, title="Gjaldt 2024 og 2025", starts_on=d(2024, 6, 1), ends_on=d(2025, 5, 31))
    agreement(a, b, title="Først i 2026", starts_on=d(2026, 1, 1))
    client.force_login(coordinator)

    html = client.get(reverse("networks:agreement_list"), {"aar": 2025}).content.decode()

    assert "Gjaldt 2024 og 2025" in html and "Først i 2026" not in html
    assert client.get(reverse("networks:agreement_list"), {"aar": "x'"}).status_code == 200


def test_deleting_an_agreement_keeps_its_parties(client, coordinator, parties):
    a, b, _library = parties
    made = agreement(a, b)
    client.force_login(coordinator)

    assert client.post(reverse("networks:agreement_delete", args=[made.pk])).status_code == 302

    assert Agreement.objects.count() == 0 and {a.pk, b.pk} <= set(a._meta.model.objects.values_list("pk", flat=True))


# --- The coordinator's overview ---------------------------------------------------------------


def test_the_overview_shows_the_years_agreements_and_those_starting_or_ending_soon(client, coordinator, council_staff, parties, frozen_today):
    a, b, _library = parties  # today is 6 December 2026
    agreement(a, b, title="Gjelder hele året", starts_on=d(2025, 1, 1))
    agreement(a, b, title="Ny i år, slutter snart", starts_on=d(2026, 2, 1), ends_on=d(2026, 12, 20))
    agreement(a, b, title="Starter snart", starts_on=d(2026, 12, 15))
    agreement(a, b, title="Starter over nyttår", starts_on=d(2027, 1, 4))  # within 30 days, not this year
    agreement(a, b, title="Endte i fjor", starts_on=d(2024, 1, 1), ends_on=d(2025, 12, 31))  # not this year
    agreement(a, b, title="Starter om to måneder", starts_on=d(2027, 2, 6))  # neither
    client.force_login(coordinator)

    response = client.get(reverse("dashboard"))

    shown = response.context["overview"]["agreements"]
    assert (shown["in_force"], shown["new"]) == (3, 2)
    assert [a.title for a in shown["starting"]] == ["Starter snart", "Starter over nyttår"]
    assert [a.title for a in shown["ending"]] == ["Ny i år, slutter snart"]
    html = response.content.decode()
    assert "3 avtaler gjelder i 2026, 2 av dem nye i år." in html
    assert "Starter om to måneder" not in html and "Endte i fjor" not in html
    # Council staff's overview is their units' input: no agreements.
    client.force_login(council_staff)
    assert "agreements" not in client.get(reverse("dashboard")).context["overview"]


def test_an_organisations_networks_and_agreements_are_one_click_from_its_staff_page(client, council_staff, coordinator, parties):
    a, b, library = parties
    relationship(a, b)
    relationship(b, library, kind="partner")  # not A's
    agreement(a, library, title="Språkkafé")
    agreement(b, library, title="Ikke A sin avtale")
    client.force_login(coordinator)
    url = reverse("networks:relationship_list") + f"?organisasjon={a.pk}"
    assert url in client.get(reverse("organisations:staff_detail", args=[a.pk])).content.decode()

    client.force_login(council_staff)
    html = client.get(url).content.decode()

    assert "Organisasjon B" in html and "Språkkafé" in html
    assert "Ikke A sin avtale" not in html and "samarbeidspartner med" not in html


def _page_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


@pytest.mark.parametrize("url_name, query", [
    # session, user, roles, the menu's editor check (4); the relationships with both organisations
    # (1); the proposals waiting (1)
    ("networks:relationship_list", ""),
    # session, user, roles, the menu's editor check (4); the agreements with their party counts (1);
    # the years (1)
    ("networks:agreement_list", "?aar=2026"),
])
def test_the_lists_take_the_same_queries_however_many_records(client, coordinator, parties, url_name, query):
    a, b, library = parties
    client.force_login(coordinator)
    url = reverse(url_name) + query
    relationship(a, b)
    agreement(a, b, starts_on=d(2026, 1, 1))
    few = _page_queries(client, url)
    for n in range(6):
        other = make_organisation(name=f"Forening {n}")
        relationship(other, library, kind="partner")
        agreement(other, library, a, title=f"Avtale {n}", starts_on=d(2026, 2, 1))
    assert len(_page_queries(client, url)) == len(few) == 6
