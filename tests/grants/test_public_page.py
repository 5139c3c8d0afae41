"""/tilskudd/ between rounds: the coming rounds, the schemes and what earlier rounds granted, so a
resident or an organisation finds something to act on when no round is open."""

import datetime
from html import unescape

import pytest
from django.utils import timezone

from grants.models import ApplicationStatus, Part
from tests.conftest import make_organisation
from tests.grants import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def between_rounds(db):
    today = timezone.localdate()
    last_year = f.grant_round(year=today.year - 1, deadline=today - datetime.timedelta(days=200))
    coming = f.grant_round(
        year=today.year + 1, scheme_name="Aktivitetsmidler", funder="Sandnes kommune",
        opens_on=today + datetime.timedelta(days=30), deadline=today + datetime.timedelta(days=90),
    )
    f.grant_round(year=today.year - 2, scheme_name="Skjult ordning", deadline=today - datetime.timedelta(days=500), published=False)
    a, b, c = (make_organisation(name) for name in ("Eritreisk Forening", "Polsk Forening", "Somalisk Forening"))
    f.granted(last_year, a, part=Part.OPERATING, applied=20000, amount=15000, heads=40)
    f.granted(last_year, a, part=Part.ACTIVITY, applied=10000, amount=8000, heads=30)
    f.granted(last_year, b, part=Part.ACTIVITY, applied=12000, amount=7500, heads=25)
    f.application(last_year, c, applied=9000, status=ApplicationStatus.REFUSED)  # refused: not counted
    f.application(last_year, c, applied=5000, status=ApplicationStatus.WITHDRAWN)
    return {"last_year": last_year, "coming": coming, "today": today}


def test_between_rounds_the_page_shows_the_coming_round_the_schemes_and_past_awards(client, between_rounds):
    html = unescape(client.get("/tilskudd/").content.decode())
    coming = between_rounds["coming"]

    assert f"Aktivitetsmidler {coming.year}" in html and "Åpner " in html
    assert "Tilskuddsordninger" in html and "Tilskudd til frivillig virksomhet i lokalsamfunn" in html
    assert "Fra IMDi" in html
    past = html[html.index("Tildelt i tidligere runder"):]
    row = past[past.index(f"Tilskudd til frivillig virksomhet i lokalsamfunn {between_rounds['last_year'].year}"):]
    row = row[:row.index("</tr>")]
    # three granted applications from two organisations, 30 500 kr; the refused and withdrawn left out
    assert [cell.split("<")[0] for cell in row.split('class="text-end">')[1:]] == ["3", "2", "30\xa0500\xa0kr"]
    assert "Skjult ordning" not in html  # an unpublished round shows nowhere
    assert "Eritreisk Forening" not in html  # totals, not who asked


def test_the_page_takes_a_fixed_number_of_queries(client, between_rounds, django_assert_num_queries):
    for year in range(2010, 2016):
        f.grant_round(year=year, deadline=datetime.date(year, 3, 1))
    # session-free anonymous page: open and coming rounds, schemes, past rounds with their totals
    with django_assert_num_queries(3):
        assert client.get("/tilskudd/").status_code == 200
