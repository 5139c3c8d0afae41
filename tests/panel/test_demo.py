"""The demo data reproduces the reference report's 2025 panel figures."""

import io

import pytest
from django.core.management import call_command

from portal.reporting import figures

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_reference_reports_panel_figures():
    call_command("seed_demo", stdout=io.StringIO())
    expected = {
        "panel.meetings": 4,
        "panel.organisations_represented": 26,
        "panel.organisations_represented_previous_year": 9,
        "panel.growth_percent": 189,
        "panel.organisations_at_two_or_more_meetings": 13,
        "panel.municipal_services_at_two_or_more_meetings": 7,
    }
    assert {key: figures.compute(key, 2025) for key in expected} == expected
