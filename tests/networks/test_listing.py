"""Networks and agreements on the public listings: one record shown from both sides with each
side's wording, only between published listings (and municipal services, which are public
bodies); an unpublished organisation, an ended relationship and an ended agreement never show;
and the cached listings of the other side follow a change."""

import datetime

import pytest
from django.test import Client

from organisations import services as organisation_services
from organisations.models import Kind
from portal.web import pagecache
from tests.conftest import make_organisation, today
from tests.networks.factories import agreement, relationship

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def page(client, organisation):
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def section(html, anchor):
    """The listing's section under the heading with this id ("" when there is none)."""
    marker = f'aria-labelledby="{anchor}"'
    return html.split(marker, 1)[1].split("</section>", 1)[0] if marker in html else ""


@pytest.fixture
def council(published):
    """Sandnes Inkluderingsråd with two published members, an unpublished one, a branch of a
    national organisation, a partner, and a relationship that has ended."""
    raad = published("Sandnes Inkluderingsråd", kind=Kind.VOLUNTARY_ORGANISATION)
    afrika = published("Afrikansk kulturforening")
    eritrea = published("Eritreisk forening")
    hidden = make_organisation(name="Skjult forening")  # no published listing
    red_cross = published("Røde Kors", kind=Kind.VOLUNTARY_ORGANISATION)
    sandnes_red_cross = published("Sandnes Røde Kors", kind=Kind.VOLUNTARY_ORGANISATION)
    former = published("Tidligere medlem")
    relationship(afrika, raad, starts_on=today() - 400 * DAY, note="Intern merknad om kontingenten")
    relationship(eritrea, raad)
    relationship(hidden, raad)
    relationship(sandnes_red_cross, red_cross, kind="branch")
    relationship(raad, sandnes_red_cross, kind="partner", starts_on=today() - 10 * DAY)
    relationship(former, raad, starts_on=today() - 800 * DAY, ends_on=today() - 30 * DAY)
    relationship(afrika, eritrea, kind="partner", starts_on=today() + 10 * DAY)  # not yet begun
    return raad, afrika, eritrea, hidden, red_cross, sandnes_red_cross, former


def test_a_relationship_shows_on_both_listings_in_each_sides_words(client, council):
    raad, afrika, eritrea, hidden, red_cross, sandnes_red_cross, former = council

    on_raad = section(page(client, raad), "nettverk")
    assert "Paraply for" in on_raad
    assert "Afrikansk kulturforening" in on_raad and "Eritreisk forening" in on_raad
    assert afrika.get_absolute_url() in on_raad
    assert "Samarbeidspartnere" in on_raad and "Sandnes Røde Kors" in on_raad
    on_afrika = section(page(client, afrika), "nettverk")
    assert "Medlem av" in on_afrika and "Sandnes Inkluderingsråd" in on_afrika
    assert "Paraply for" not in on_afrika
    on_branch = section(page(client, sandnes_red_cross), "nettverk")
    assert "Lokallag av" in on_branch and "Røde Kors</a>" in on_branch
    assert "Samarbeidspartnere" in on_branch and "Sandnes Inkluderingsråd" in on_branch
    on_parent = section(page(client, red_cross), "nettverk")
    assert "Moderorganisasjon for" in on_parent and "Sandnes Røde Kors" in on_parent


def test_an_unpublished_organisation_an_ended_and_a_future_relationship_never_show(client, council):
    raad, afrika, eritrea, hidden, red_cross, sandnes_red_cross, former = council

    html = page(client, raad)
    assert "Skjult forening" not in html
    assert "Intern merknad" not in html and "Intern merknad" not in page(client, afrika)  # staff's note
    assert "Tidligere medlem" not in html
    assert "Medlem av" not in section(page(client, former), "nettverk")
    assert "Eritreisk forening" not in section(page(client, afrika), "nettverk")  # partners only from next week
    # The unpublished organisation's own listing is not public at all.
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_an_agreement_shows_on_each_published_partys_listing_naming_only_public_parties(client, published):
    library = make_organisation(name="Sandnes bibliotek", kind=Kind.MUNICIPAL_SERVICE)  # a public body, no listing
    afrika = published("Afrikansk kulturforening")
    somali = published("Somalisk forening")
    hidden = make_organisation(name="Skjult forening")
    agreement(afrika, somali, library, hidden, title="Leksehjelp i biblioteket", starts_on=today() - 20 * DAY,
              text="<p>Biblioteket låner ut lesesalen hver tirsdag.</p>")
    agreement(afrika, hidden, title="Avtale bare med en skjult forening")
    agreement(afrika, somali, title="Utløpt avtale", starts_on=today() - 400 * DAY, ends_on=today() - DAY)

    on_afrika = section(page(client, afrika), "avtaler")
    assert "Leksehjelp i biblioteket" in on_afrika
    assert "Biblioteket låner ut lesesalen hver tirsdag." in on_afrika
    assert "Somalisk forening" in on_afrika and "Sandnes bibliotek" in on_afrika
    assert somali.get_absolute_url() in on_afrika
    on_somali = section(page(client, somali), "avtaler")
    assert "Leksehjelp i biblioteket" in on_somali and "Afrikansk kulturforening" in on_somali
    for html in (page(client, afrika), page(client, somali)):
        assert "Skjult forening" not in html
        assert "Avtale bare med en skjult forening" not in html  # no other party may be named
        assert "Utløpt avtale" not in html


def test_signed_in_roles_read_the_same_public_listing(client, council, editor, coordinator):
    raad, afrika, *_rest = council
    for user in (editor, coordinator):
        client.force_login(user)
        html = page(client, raad)
        assert "Afrikansk kulturforening" in html and "Skjult forening" not in html


def test_the_listing_reads_its_networks_in_three_queries(client, council, django_assert_num_queries):
    raad, afrika, eritrea, *_rest = council
    from networks import selectors

    agreement(raad, afrika, eritrea)
    # relationships with both sides (1), agreements (1) and their parties (1)
    with django_assert_num_queries(3):
        data = selectors.listing_networks(raad)
    assert [heading for heading, _others in data["relationships"]] == ["Paraply for", "Samarbeidspartnere"]
    assert [organisation.name for organisation in data["agreements"][0]["parties"]] == ["Afrikansk kulturforening", "Eritreisk forening"]


@pytest.fixture
def cached(settings):
    settings.PORTAL_PAGE_CACHE = True  # off by default under pytest (portal/settings.py)
    pagecache.LOCAL.clear()


def test_unpublishing_a_member_takes_it_off_the_cached_listing_of_its_umbrella(cached, council):
    raad, afrika, *_rest = council
    visitor = Client()
    assert "Afrikansk kulturforening" in page(visitor, raad)
    assert visitor.get(raad.get_absolute_url())[pagecache.HIT_HEADER] == "hit"

    organisation_services.organisation_unpublish(organisation=afrika)

    assert "Afrikansk kulturforening" not in page(visitor, raad)


def test_a_new_relationship_and_agreement_reach_both_cached_listings(cached, published):
    a, b = published("Alfa forening"), published("Beta forening")
    visitor = Client()
    for organisation in (a, b):
        page(visitor, organisation)
        assert visitor.get(organisation.get_absolute_url())[pagecache.HIT_HEADER] == "hit"

    relationship(a, b, kind="partner")
    agreement(a, b, title="Felles søknad om tilskudd")

    assert "Beta forening" in section(page(visitor, a), "nettverk")
    assert "Felles søknad om tilskudd" in section(page(visitor, b), "avtaler")


def test_an_english_visitor_reads_each_sides_wording_in_english(client, council, settings):
    raad, afrika, *_rest = council
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert "Umbrella for" in section(page(client, raad), "nettverk")
    assert "Member of" in section(page(client, afrika), "nettverk")
