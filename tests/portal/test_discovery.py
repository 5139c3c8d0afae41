"""Found and shared: meta descriptions, /favicon.ico and touch icons, Open Graph, JSON-LD
(schema.org Organization and Event), /sitemap.xml and /robots.txt; read with parsers we did not
write (html.parser, json, ElementTree)."""

import datetime
import json
import zoneinfo
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from organisations.models import ContactPerson, Event
from reports.models import AnnualReport
from tests.conftest import make_organisation
from tests.panel.factories import meeting

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.jsonld, self._in_jsonld = {}, {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta[attrs.get("name") or attrs.get("property")] = attrs.get("content")
        elif tag == "link":
            self.links.setdefault(attrs["rel"], attrs["href"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_jsonld = False


def head(response):
    parser = Head()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def listing(published):
    organisation = published("Eritreisk Forening", description="Kultur, språk og leksehjelp for barn og voksne.",
                             email="post@eritreisk.example.org", website="https://eritreisk.example.org")
    ContactPerson.objects.create(organisation=organisation, name="Kontakt Hemmelig", email="hemmelig@example.org")
    Event.objects.create(organisation=organisation, title="Kulturkveld", status="approved", location="Bydelshuset",
                         starts_at=datetime.datetime(2040, 7, 1, 19, 0, tzinfo=OSLO))
    Event.objects.create(organisation=organisation, title="Ikke godkjent fest",
                         starts_at=datetime.datetime(2040, 7, 2, 19, 0, tzinfo=OSLO))
    return organisation


def test_every_public_page_has_a_meta_description_and_icons(client, listing):
    for path in ("/", "/organisasjoner/", "/kalender/", f"/organisasjoner/{listing.slug}/", "/tilgjengelighet/"):
        parsed = head(client.get(path))
        assert len(parsed.meta["description"]) > 40, path
        assert parsed.links["icon"] == "/favicon.ico" and parsed.links["apple-touch-icon"].endswith("apple-touch-icon.png")
    assert head(client.get(f"/organisasjoner/{listing.slug}/")).meta["description"].startswith("Kultur, språk og leksehjelp")


def test_favicon_and_touch_icons_are_answered(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_a_listing_has_open_graph_and_schema_org_organization_with_its_events(client, listing):
    parsed = head(client.get(f"/organisasjoner/{listing.slug}/", HTTP_HOST="localhost"))
    url = f"http://localhost/organisasjoner/{listing.slug}/"
    assert parsed.meta["og:title"] == "Eritreisk Forening" and parsed.meta["og:url"] == url
    assert parsed.meta["og:description"].startswith("Kultur, språk")
    (data,) = parsed.jsonld
    assert data["@context"] == "https://schema.org" and data["@type"] == "Organization"
    assert data["name"] == "Eritreisk Forening" and data["url"] == url
    (event,) = data["event"]
    assert event["@type"] == "Event" and event["name"] == "Kulturkveld"
    assert event["startDate"] == "2040-07-01T19:00:00+02:00" and event["url"].startswith(url)
    assert "hemmelig" not in json.dumps(data).lower()


def test_a_meeting_page_has_open_graph_and_a_schema_org_event(client):
    m = meeting("2031-06-12", title="Sommermøte", status="planned", start_time=datetime.time(17, 30),
                end_time=datetime.time(20, 0), location="Kulturhuset")
    parsed = head(client.get(f"/erfaringspanelet/{m.pk}/", HTTP_HOST="localhost"))
    assert parsed.meta["og:url"] == f"http://localhost/erfaringspanelet/{m.pk}/"
    (data,) = parsed.jsonld
    assert data["@type"] == "Event" and data["startDate"] == "2031-06-12T17:30:00+02:00"
    assert data["endDate"] == "2031-06-12T20:00:00+02:00" and data["location"]["name"] == "Kulturhuset"


def test_json_ld_cannot_be_closed_by_a_value(client, published):
    organisation = published("Forening", description="</script><script>alert(1)</script>")
    content = client.get(f"/organisasjoner/{organisation.slug}/").content.decode()
    assert "<script>alert(1)" not in content


def test_the_sitemap_lists_public_pages_only_with_absolute_urls(client, listing):
    make_organisation("Ikke publisert")
    m = meeting("2031-06-12", title="Sommermøte", status="planned")
    meeting("2031-03-03", title="Arbeidsgruppe", kind="working_group")
    AnnualReport.objects.create(year=2024, status="published", published_on=datetime.date(2025, 3, 1), snapshot={"year": 2024},
                                approved_on=datetime.date(2025, 2, 1), approved_by_body="Erfaringspanelet")
    AnnualReport.objects.create(year=2025)  # a draft: not public
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert response["Content-Type"].startswith("application/xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)]
    assert f"http://localhost/organisasjoner/{listing.slug}/" in locs
    assert f"http://localhost/erfaringspanelet/{m.pk}/" in locs
    assert "http://localhost/rapporter/2024/" in locs and "http://localhost/rapporter/2025/" not in locs
    assert "http://localhost/" in locs and all(loc.startswith("http://localhost/") for loc in locs)
    assert not any("ikke-publisert" in loc or "/koordinator/" in loc for loc in locs)


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_staff_pages(client):
    text = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /koordinator/" in text and "Disallow: /konto/" in text


def test_every_page_in_the_sitemap_answers_and_every_public_page_is_in_it(client, listing):
    from activities.models import Activity
    from tests.grants import factories as grants
    from tests.panel.factories import series, series_meeting

    group = series("Arbeidsgruppe for bolig", public=True)
    series_meeting(group, "2031-04-01", status="planned")
    hidden = series("Intern gruppe", public=False)
    series_meeting(hidden, "2031-04-02", status="planned")
    panel_meeting = meeting("2031-06-12", title="Sommermøte", status="planned")
    shown = Activity.objects.create(kind="own_event", title="Kulturkveld", date=datetime.date(2031, 5, 5), public=True)
    Activity.objects.create(kind="own_event", title="Intern samling", date=datetime.date(2031, 5, 6), public=False)
    announced = grants.grant_round(year=2031, deadline=datetime.date(2031, 3, 1))
    grants.grant_round(year=2032, deadline=datetime.date(2032, 3, 1), published=False)

    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [loc.text.removeprefix("http://localhost") for loc in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)]

    for path in paths:
        assert client.get(path, HTTP_HOST="localhost").status_code == 200, path
    assert len(paths) == len(set(paths))
    for path in ("/lokaler/", "/ressurser/", "/tilskudd/", f"/tilskudd/{announced.pk}/", f"/aktiviteter/{shown.pk}/",
                 f"/moteserier/{group.slug}/", f"/erfaringspanelet/{panel_meeting.pk}/", "/tilgjengelighet/"):
        assert path in paths, path
    assert f"/moteserier/{hidden.slug}/" not in paths
