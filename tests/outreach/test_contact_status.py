"""An organisation's contact status is derived from the outreach log and panel attendance
(outreach.selectors.with_contact_status), never typed by hand; the staff pages show it."""

import pytest
from django.urls import reverse

from organisations.models import Organisation
from outreach import selectors
from outreach.models import ContactStatus
from panel.models import MeetingKind
from tests.outreach.factories import attend, contact, d, make_organisation, meeting

pytestmark = pytest.mark.django_db

TODAY = d(2026, 6, 15)  # the twelve months: 15.06.2025 up to today


def _statuses():
    rows = selectors.with_contact_status(Organisation.objects.all(), today=TODAY).values_list("name", "contact_status")
    return dict(rows)


def test_it_derives_each_status_from_the_log_and_the_panel():
    never = make_organisation(name="Aldri")
    make_organisation(name="Bare utenfor serien")
    contacted = make_organisation(name="Kontaktet uten svar")
    contact(contacted, d(2026, 5, 1), outcome="no_response")
    contact(contacted, d(2024, 1, 1), outcome="met")  # an answer long ago does not make a dialogue
    answered = make_organisation(name="Svarte")
    contact(answered, d(2025, 6, 15), outcome="responded")  # the first day of the window
    contact(answered, d(2026, 6, 1), outcome="no_response")  # a later unanswered mail keeps the dialogue
    at_panel = make_organisation(name="I panelet")
    attend(meeting(d(2025, 11, 3)), at_panel)
    old = make_organisation(name="Gammel kontakt")
    contact(old, d(2025, 6, 14), outcome="met")  # one day before the window
    attend(meeting(d(2025, 3, 1)), old)
    series_only = Organisation.objects.get(name="Bare utenfor serien")
    attend(meeting(d(2026, 2, 2), kind=MeetingKind.OTHER, title="Dugnad"), series_only)  # not a panel meeting
    future = make_organisation(name="Bare senere")
    contact(future, d(2026, 9, 1), outcome="met")  # logged ahead: not yet a contact in the window

    statuses = _statuses()

    assert statuses[never.name] == ContactStatus.NOT_CONTACTED
    assert statuses[series_only.name] == ContactStatus.NOT_CONTACTED
    assert statuses[contacted.name] == ContactStatus.CONTACTED
    assert statuses[answered.name] == ContactStatus.IN_DIALOGUE
    assert statuses[at_panel.name] == ContactStatus.IN_DIALOGUE
    assert statuses[old.name] == ContactStatus.INACTIVE
    assert statuses[future.name] == ContactStatus.NOT_CONTACTED


def test_the_staff_list_and_page_show_the_derived_status(client, coordinator, council_staff, outsider):
    organisation = make_organisation(name="Forening Med Svar")
    contact(organisation, d(2026, 1, 10), outcome="met")
    silent = make_organisation(name="Forening Uten Kontakt")
    detail = reverse("organisations:staff_detail", args=[organisation.pk])

    client.force_login(coordinator)
    listing = client.get(reverse("organisations:staff_list")).content.decode()
    row = listing[listing.index("Forening Med Svar"):]
    assert "I dialog" in row[: row.index("</tr>")]
    row = listing[listing.index("Forening Uten Kontakt"):]
    assert "Ikke kontaktet" in row[: row.index("</tr>")]
    page = client.get(detail).content.decode()
    assert 'data-contact-status="in_dialogue">I dialog<' in page
    assert 'data-contact-status="not_contacted"' in client.get(
        reverse("organisations:staff_detail", args=[silent.pk])
    ).content.decode()

    client.force_login(council_staff)
    assert 'data-contact-status="in_dialogue"' in client.get(detail).content.decode()
    client.force_login(outsider)
    assert "I dialog" not in client.get(detail).content.decode()


def test_the_edit_form_no_longer_takes_a_typed_status(client, coordinator):
    organisation = make_organisation(name="Forening")
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:edit", args=[organisation.pk]),
        {"name": "Forening", "kind": "immigrant_organisation", "contact_status": "in_dialogue"},
    )
    assert response.status_code == 302
    page = client.get(reverse("organisations:staff_detail", args=[organisation.pk])).content.decode()
    assert 'data-contact-status="not_contacted"' in page
