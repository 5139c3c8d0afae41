"""The outreach figures (docs/domain.md `outreach.*`) on data that includes records that must not count."""

import pytest

from organisations.models import Kind
from outreach import selectors
from panel.models import MeetingKind, MeetingStatus
from portal.reporting import figures
from tests.conftest import make_organisation
from tests.outreach.factories import attend, contact, d, guidance, invitation, meeting, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """2025 outreach, with next to it everything that must be left out."""
    immigrant = [make_organisation(f"Innvandrer {n}") for n in range(5)]
    faith = make_organisation("Trossamfunn", kind=Kind.FAITH_COMMUNITY)
    service = make_organisation("Nav", kind=Kind.MUNICIPAL_SERVICE)
    voluntary = make_organisation("Frivillig", kind=Kind.VOLUNTARY_ORGANISATION)
    panel_only = make_organisation("Bare i panelet")
    working_group_only = make_organisation("Bare i arbeidsgruppe")
    last_year_only = make_organisation("Bare i fjor")
    next_year_only = make_organisation("Bare neste år")

    # Contacted: immigrant[0..4] + faith; immigrant[0] twice.
    contact(immigrant[0], d(2025, 1, 10), "no_response")
    contact(immigrant[0], d(2025, 3, 10), "responded")
    contact(immigrant[1], d(2025, 2, 1), "met", channel="meeting")
    contact(immigrant[2], d(2025, 12, 31), "no_response")
    contact(immigrant[3], d(2025, 6, 1), "met", channel="visit")
    contact(immigrant[4], d(2025, 6, 2), "no_response")
    contact(faith, d(2025, 5, 5), "responded", channel="phone")
    # Never counted: other kinds, other years.
    contact(service, d(2025, 4, 4), "met", head_count=4)
    contact(voluntary, d(2025, 4, 4), "responded")
    contact(last_year_only, d(2024, 12, 31), "met", head_count=3)
    contact(next_year_only, d(2026, 1, 1), "met", head_count=3)
    contact(immigrant[2], d(2026, 1, 2), "met")  # a response in the following year

    panel_2025 = meeting(d(2025, 9, 1))
    attend(panel_2025, panel_only)
    attend(panel_2025, immigrant[0])  # already counted through its contact
    attend(panel_2025, service)  # a municipal service at the panel
    attend(meeting(d(2025, 9, 2), kind=MeetingKind.WORKING_GROUP, title="Arbeidsgruppe"), working_group_only)
    attend(meeting(d(2024, 9, 1)), last_year_only)
    cancelled = meeting(d(2025, 10, 1))
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.save()
    attend(cancelled, next_year_only)
    return {"immigrant": immigrant, "faith": faith, "service": service}


def test_it_counts_distinct_immigrant_organisations_contacted_including_panel_attendance(world):
    # immigrant 0–4, the faith community, and the organisation seen only at the panel.
    assert selectors.organisations_contacted(2025) == 7


def test_it_counts_responses_and_panel_attendance_but_not_no_response(world):
    # immigrant 0 (responded in March), 1 (met), 3 (met), the faith community, the panel-only one;
    # immigrant 2 answered only in 2026 and immigrant 4 never.
    assert selectors.organisations_responded(2025) == 5


def test_it_counts_organisations_met(world):
    # immigrant 1 and 3 met, immigrant 0 and the panel-only organisation at the panel.
    assert selectors.organisations_met(2025) == 4


def test_it_keeps_other_years_apart(world):
    # 2024: the contact on 31 December and the panel meeting, both the same organisation.
    assert selectors.organisations_contacted(2024) == 1
    assert selectors.organisations_responded(2024) == 1
    # 2026: the next-year organisation and immigrant 2.
    assert selectors.organisations_contacted(2026) == 2
    assert selectors.organisations_contacted(2023) == 0


def test_the_figure_registry_resolves_the_outreach_keys(world):
    assert figures.compute("outreach.organisations_contacted", 2025) == 7
    assert figures.compute("outreach.organisations_responded", 2025) == 5
    assert figures.compute("outreach.people_met", 2025) == 0


def test_people_met_counts_distinct_persons_plus_head_counts():
    org = make_organisation("Forening")
    other = make_organisation("Annen forening")
    kari, ola = person(org, "Kari"), person(org, "Ola")
    amina = person(other, "Amina")
    contact(org, d(2025, 2, 1), "met", persons=[kari, ola])
    contact(org, d(2025, 5, 1), "met", persons=[kari], head_count=2)  # Kari again: counted once
    contact(other, d(2025, 5, 1), "met", persons=[amina], head_count=1)
    # Not counted: persons on a contact that was not a meeting, another year, a municipal service.
    contact(other, d(2025, 6, 1), "responded", persons=[amina], head_count=5)
    contact(org, d(2024, 6, 1), "met", persons=[kari], head_count=7)
    service = make_organisation("Kultur", kind=Kind.MUNICIPAL_SERVICE)
    contact(service, d(2025, 6, 1), "met", persons=[person(service, "Per")], head_count=9)
    assert selectors.people_met(2025) == 3 + 2 + 1
    assert selectors.people_met(2024) == 1 + 7


def test_guidance_summary_counts_every_topic_and_rounds_hours_half_up():
    org = make_organisation("Forening")
    service = make_organisation("Kultur", kind=Kind.MUNICIPAL_SERVICE)
    guidance(d(2025, 1, 1), org, "grant_application", minutes=60)
    guidance(d(2025, 2, 1), service, "cooperation", minutes=45)
    guidance(d(2025, 3, 1), None, "premises", minutes=0, person_name="Ola", person_reply_to="ola@example.org")
    guidance(d(2024, 3, 1), org, "premises", minutes=600)  # another year
    summary = selectors.guidance_summary(2025)
    assert summary["total"] == 3
    assert summary["hours"] == "1.8"  # 105 minutes = 1.75 h → 1.8
    counts = {row["topic"]: row["count"] for row in summary["by_topic"]}
    assert counts == {"grant_application": 1, "premises": 1, "municipal_services": 0, "cooperation": 1, "other": 0}
    assert selectors.guidance_given(2025) == 3


def test_the_guidance_total_and_the_figure_agree_on_a_topic_outside_the_choices():
    """A case whose topic is no longer a choice (imported, or a choice since removed) is still a
    case given: the report's guidance total and the figure guidance_given count it alike."""
    from outreach.models import Guidance

    org = make_organisation("Forening")
    guidance(d(2025, 1, 1), org, "grant_application")
    legacy = guidance(d(2025, 2, 1), org, "other")
    Guidance.objects.filter(pk=legacy.pk).update(topic="language_course")
    guidance(d(2024, 2, 1), org, "premises")  # another year
    assert selectors.guidance_given(2025) == 2
    assert selectors.guidance_summary(2025)["total"] == 2
    assert selectors.report_outreach(2025)["guidance"]["total"] == 2


def test_report_outreach_has_the_contract_shape_in_a_constant_number_of_queries(world, django_assert_num_queries):
    org = world["immigrant"][1]
    invitation(org, d(2025, 5, 17), "attended", "Nasjonaldag")
    invitation(org, d(2025, 6, 14), "declined", "Familiedag (lørdag)")
    invitation(org, d(2025, 7, 14), "pending", "Sommerfest")
    invitation(org, d(2024, 6, 14), "declined", "I fjor")
    guidance(d(2025, 3, 3), org, "premises", minutes=90)
    with django_assert_num_queries(6):
        # contacted, responded, persons met, head counts, guidance by topic, invitations
        data = selectors.report_outreach(2025)
    assert data["organisations_contacted"] == 7
    assert data["organisations_responded"] == 5
    assert data["people_met"] == 0
    assert data["guidance"]["total"] == 1
    assert data["guidance"]["hours"] == "1.5"
    assert {"topic": "premises", "label": "Lokaler", "count": 1} in data["guidance"]["by_topic"]
    assert data["visits"] == {
        "attended": [{"date": "2025-05-17", "organisation": org.name, "title": "Nasjonaldag"}],
        "declined_count": 1,
    }
