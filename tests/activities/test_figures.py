"""docs/domain.md `activities`: activities dated in the year, on data with the year before and after,
other kinds and organisations that must not count."""

import io
import json

import pytest
from django.core.management import call_command

from activities import selectors
from organisations.models import Kind
from portal.reporting import figures
from tests.activities.factories import activity
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_activities():
    immigrant = [make_organisation(name=f"Innvandrerforening {n}") for n in range(1, 6)]
    faith = make_organisation(name="Menighet", kind=Kind.FAITH_COMMUNITY)
    council = make_organisation(name="Inkluderingsrådet", kind=Kind.VOLUNTARY_ORGANISATION)
    hotel = make_organisation(name="Quality Hotel", kind=Kind.BUSINESS)
    # 2025
    activity("own_event", "2025-10-29", "HELE VERDEN I SANDNES", participants=120, organisations=[council, hotel], role="co_organiser")
    activity("own_event", "2025-05-17", "Sommerfest", participants=None)  # empty counts 0
    activity("own_event", "2025-12-31", "Nyttårsfeiring", participants=15)
    activity("campaign", "2025-09-01", "Facebook-kampanjen", end_date="2025-10-29", channels="Facebook, e-post")
    activity("consultation", "2025-10-15", "Lokaler i skolebygg", organisations=immigrant[:4] + [faith, council], role="input")
    activity("consultation", "2025-11-01", "Innbyggernes hus", organisations=immigrant[2:5], role="input")
    activity("media", "2025-09-09", "Politikerne må snakke med oss", outlet="Sandnesposten")
    for month in (2, 6, 11):
        activity("network_meeting", f"2025-{month:02d}-10", "Inkluderingsrådets møteplass")
    activity("other", "2025-12-01", "Idémyldring om diskriminering", participants=30)
    # the year before and after: must not count
    activity("own_event", "2024-12-31", "Fjorårets fest", participants=500)
    activity("own_event", "2026-01-01", "Neste års fest", participants=700)
    activity("consultation", "2024-06-01", "Gammel høring", organisations=[make_organisation(name="Bare i fjor")], role="input")
    activity("course", "2026-02-01", "Søknadskurs neste år")
    activity("media", "2024-03-03", "Gammelt oppslag")
    return {"immigrant": immigrant}


EXPECTED_2025 = {
    "own_events": 3,
    "own_event_participants": 135,
    "campaigns": 1,
    "consultations": 2,
    # 5 immigrant organisations and a faith community; the council is voluntary
    "organisations_in_consultations": 6,
    "media_mentions": 1,
    "network_meetings": 3,
    "courses": 0,
}


def test_each_activity_figure_follows_domain_md(year_of_activities):
    assert selectors.activity_figures(2025) == EXPECTED_2025


def test_the_years_around_keep_their_own(year_of_activities):
    assert selectors.activity_figures(2024) == {
        "own_events": 1, "own_event_participants": 500, "campaigns": 0, "consultations": 1,
        "organisations_in_consultations": 1, "media_mentions": 1, "network_meetings": 0, "courses": 0,
    }
    assert selectors.activity_figures(2026)["own_event_participants"] == 700
    assert selectors.activity_figures(2026)["courses"] == 1


def test_the_figure_registry_and_the_report_json_give_the_same(year_of_activities):
    for name, value in EXPECTED_2025.items():
        assert figures.compute(f"activities.{name}", 2025) == value
    out = io.StringIO()
    call_command("annual_report", "2025", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["activities"] == EXPECTED_2025
    assert list(data["activities"]) == list(EXPECTED_2025)  # docs/domain.md's key order


def test_a_year_without_activities_gives_zeros():
    assert selectors.activity_figures(2025) == {name: 0 for name in EXPECTED_2025}
