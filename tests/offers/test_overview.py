"""/faste-tilbud/: the public overview of the regular offers and its filters."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from organisations.models import Kind, ModerationStatus
from tests.conftest import make_organisation
from tests.offers.factories import offer

pytestmark = pytest.mark.django_db

LISTED = datetime.date(2026, 1, 1)


def titles(client, **query):
    html = client.get(reverse("offers:list"), query).content.decode()
    return [h.get_text(strip=True) for h in BeautifulSoup(html, "html.parser").select("article h2")]


@pytest.fixture
def offers(frozen_today):
    """The language café of the Done-when, and offers that must not match one filter or another."""
    eritrean = make_organisation("Eritreisk forening", published_on=LISTED)
    hidden = make_organisation("Ikke publisert forening")
    library = make_organisation("Sandnes bibliotek", kind=Kind.MUNICIPAL_SERVICE)  # no listing, still public
    return {
        "cafe": offer(eritrean, title="Tigrinsk språkkafé", weekdays="2", start="18:00", end="20:00",
                      pauses=[("2027-06-21", "2027-08-08")]),
        "homework": offer(eritrean, title="Leksehjelp", kind="homework_help", audience="children", weekdays="3",
                          start="15:00", end="17:00"),
        "arabic": offer(library, title="Arabisk lesekveld", kind="course", audience="adults", languages=("ar",),
                        weekdays="2", start="19:00", end="21:00"),
        "women": offer(library, title="Zumba for kvinner", kind="sports", audience="women", languages=("ti", "no"),
                       weekdays="6", start="10:00", end="11:30"),
        "pending": offer(eritrean, title="Ventende kveldskurs", status=ModerationStatus.PENDING),
        "rejected": offer(eritrean, title="Avvist kveldskurs", status=ModerationStatus.REJECTED),
        "unlisted": offer(hidden, title="Skjult kveldskafé"),
        "ended": offer(eritrean, title="Avsluttet kveldskafé", valid_from="2026-01-06", valid_until="2026-11-30"),
    }


def test_it_shows_the_language_cafe_for_evening_and_tigrinya_and_nothing_else(client, offers):
    assert titles(client, tid="evening", sprak="ti") == ["Tigrinsk språkkafé"]


def test_it_shows_each_public_current_offer_once_in_norwegian_order(client, offers):
    offer(offers["cafe"].organisation, title="Ærlig prat", weekdays="14")  # two days, one card
    offer(offers["cafe"].organisation, title="Åpen hall", kind="sports")
    assert titles(client) == [
        "Arabisk lesekveld", "Leksehjelp", "Tigrinsk språkkafé", "Zumba for kvinner", "Ærlig prat", "Åpen hall",
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"tid": "morning"}, ["Zumba for kvinner"]),
        ({"tid": "afternoon"}, ["Leksehjelp"]),
        ({"tid": "evening"}, ["Arabisk lesekveld", "Tigrinsk språkkafé"]),
        ({"dag": "2"}, ["Arabisk lesekveld", "Tigrinsk språkkafé"]),
        ({"dag": "3"}, ["Leksehjelp"]),
        ({"sprak": "ar"}, ["Arabisk lesekveld"]),
        # An offer for everyone is for children too; one for women or adults is not.
        ({"hvem": "children"}, ["Leksehjelp", "Tigrinsk språkkafé"]),
        ({"hvem": "women"}, ["Tigrinsk språkkafé", "Zumba for kvinner"]),
        ({"sprak": "ti", "tid": "morning"}, ["Zumba for kvinner"]),
        ({"sprak": "ti", "dag": "3", "hvem": "children"}, ["Leksehjelp"]),
    ],
)
def test_each_filter_finds_exactly_its_offers(client, offers, query, expected):
    assert titles(client, **query) == expected


def test_a_filter_value_that_is_not_a_choice_is_ignored_not_an_error(client, offers):
    response = client.get(reverse("offers:list"), {"dag": "9", "tid": "<script>", "sprak": "ti"})
    assert response.status_code == 200
    assert "Zumba for kvinner" in response.content.decode() and "Arabisk lesekveld" not in response.content.decode()


def test_the_page_says_when_no_offer_matches(client, offers):
    html = client.get(reverse("offers:list"), {"sprak": "ar", "tid": "morning"}).content.decode()
    assert "Ingen tilbud passer valgene." in html


def test_the_card_shows_when_where_and_the_pause(client, offers):
    html = client.get(reverse("offers:list"), {"tid": "evening", "sprak": "ti"}).content.decode()
    card = BeautifulSoup(html, "html.parser").select_one(f"#tilbud-{offers['cafe'].pk}")
    text = card.get_text(" ", strip=True)
    assert "Hver tirsdag kl. 18:00–20:00" in text and "Sandnes bibliotek" in text and "tigrinja" in text
    assert "21. juni 2027–8. august 2027" in text
    assert card.select_one(f'a[href="{offers["cafe"].organisation.get_absolute_url()}"]')


def test_the_overview_is_in_the_menu_and_the_sitemap(client, offers):
    assert f'href="{reverse("offers:list")}"' in client.get(reverse("home")).content.decode()
    assert "/faste-tilbud/" in client.get(reverse("sitemap")).content.decode()


def test_its_queries_do_not_grow_with_the_offers(client, offers, django_assert_num_queries):
    with django_assert_num_queries(4):
        # 1 the languages of the public offers (the filter), 2 the offers with their organisations,
        # 3 their languages, 4 their pauses.
        client.get(reverse("offers:list"), {"hvem": "children"})
    for n in range(5):
        offer(offers["cafe"].organisation, title=f"Kafé {n}", languages=("ti", "ar"), pauses=[("2027-02-01", "2027-02-07")])
    with django_assert_num_queries(4):
        client.get(reverse("offers:list"))


def test_the_overview_in_english(client, offers):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("offers:list"), {"tid": "evening", "sprak": "ti"}).content.decode()
    assert "Regular offers" in html and "Every Tuesday, 18:00–20:00" in html and "Tigrinya" in html
    assert "Evening (from 17:00)" in html and "21 June 2027–8 August 2027" in html
    assert "tirsdag" not in html and "Kveld" not in html


def test_the_time_of_day_boundaries_are_12_and_17(client, frozen_today):
    library = make_organisation("Sandnes bibliotek", kind=Kind.MUNICIPAL_SERVICE)
    for start in ("11:59", "12:00", "16:59", "17:00"):
        offer(library, title=f"Start {start}", start=start, end="23:00")
    assert titles(client, tid="morning") == ["Start 11:59"]
    assert titles(client, tid="afternoon") == ["Start 12:00", "Start 16:59"]
    assert titles(client, tid="evening") == ["Start 17:00"]
    html = client.get(reverse("offers:list")).content.decode()
    assert "Formiddag (før kl. 12:00)" in html and "Ettermiddag (12:00–16:59)" in html and "Kveld (fra kl. 17:00)" in html
