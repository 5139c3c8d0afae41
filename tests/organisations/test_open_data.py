"""/organisasjoner.json (docs/domain.md: exactly the published listings, public fields, absolute url),
/kalender.json, and the embeddable directory, framed only from the origins in the environment."""

import datetime
import json
import zoneinfo

import pytest
from django.utils import timezone

from organisations.models import ContactPerson, Event, Language
from tests.conftest import make_organisation
from tests.panel.factories import meeting

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def listings(published):
    shown = published(
        "Eritreisk Forening", municipality="Sandnes", description="Kultur og leksehjelp.", email="post@eritreisk.example.org",
        website="https://eritreisk.example.org", org_number="974760673", notes="INTERN-MERKNAD",
    )
    shown.languages.add(Language.objects.get(code="ar"))
    ContactPerson.objects.create(organisation=shown, name="Kontakt Hemmelig", email="hemmelig@example.org", phone="99887766")
    make_organisation("Ikke publisert")
    published("Publiseres i morgen", published_on=datetime.date.today() + datetime.timedelta(days=1))
    published("Arkivert forening", archived_at=timezone.now())
    return shown


def test_the_json_lists_exactly_the_published_listings_with_public_fields_and_absolute_urls(client, listings):
    response = client.get("/organisasjoner.json", HTTP_HOST="localhost")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    (record,) = data["organisations"]
    assert record["name"] == "Eritreisk Forening" and record["slug"] == listings.slug
    assert record["kind"] == "immigrant_organisation" and record["municipality"] == "Sandnes"
    assert record["url"] == f"http://localhost/organisasjoner/{listings.slug}/"
    assert record["email"] == "post@eritreisk.example.org" and record["languages"] == ["ar"]
    text = response.content.decode()
    for private in ("Kontakt Hemmelig", "hemmelig@example.org", "99887766", "INTERN-MERKNAD", "Styreleder", "consent", "notes"):
        assert private not in text
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_json_query_count_does_not_grow_with_the_listings(client, published, django_assert_num_queries):
    published("En")
    # 1 organisations, 5 prefetches (languages, activities, tags, active in, descriptions with their language)
    with django_assert_num_queries(6):
        client.get("/organisasjoner.json")
    for n in range(5):
        published(f"Flere {n}")
    with django_assert_num_queries(6):
        assert len(json.loads(client.get("/organisasjoner.json").content)["organisations"]) == 6


def test_the_calendar_json_has_meetings_and_approved_events_with_offsets_and_absolute_urls(client, listings):
    summer = meeting("2031-06-12", title="Sommermøte", status="planned", start_time=datetime.time(17, 30))
    meeting("2031-03-03", title="Arbeidsgruppe", kind="working_group")
    Event.objects.create(organisation=listings, title="Kulturkveld", status="approved",
                         starts_at=datetime.datetime(2031, 1, 10, 19, 0, tzinfo=OSLO))
    Event.objects.create(organisation=listings, title="Ikke godkjent", starts_at=datetime.datetime(2031, 1, 11, 19, 0, tzinfo=OSLO))
    events = json.loads(client.get("/kalender.json", HTTP_HOST="localhost").content)["events"]
    assert [event["title"] for event in events] == ["Kulturkveld", "Erfaringspanelet: Sommermøte"]
    assert events[0]["start"] == "2031-01-10T19:00:00+01:00" and events[0]["organisation"] == "Eritreisk Forening"
    assert events[1]["start"] == "2031-06-12T17:30:00+02:00"
    assert events[1]["url"] == f"http://localhost/erfaringspanelet/{summer.pk}/"
    assert events[0]["url"].startswith("http://localhost/organisasjoner/")


def test_the_embed_page_may_be_framed_only_by_the_configured_origins(client, listings, settings):
    settings.PORTAL_EMBED_ORIGINS = ["https://www.sandnes.kommune.example", "https://intranett.example"]
    response = client.get("/innebygd/organisasjoner/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors https://www.sandnes.kommune.example https://intranett.example" in policy
    assert "script-src 'self'" in policy  # the rest of the policy is as strict as everywhere
    assert "X-Frame-Options" not in response
    content = response.content.decode()
    assert "Eritreisk Forening" in content and "Ikke publisert" not in content
    assert "<script" not in content  # no script at all, none from a third party
    assert 'target="_blank" rel="noopener"' in content
    # Every other page keeps frame-ancestors 'none' and X-Frame-Options DENY.
    for path in ("/organisasjoner/", f"/organisasjoner/{listings.slug}/", "/"):
        other = client.get(path)
        assert "frame-ancestors 'none'" in other["Content-Security-Policy"] and other["X-Frame-Options"] == "DENY"


def test_without_configured_origins_nobody_may_frame_the_embed_page(client, settings):
    settings.PORTAL_EMBED_ORIGINS = []
    assert "frame-ancestors 'none'" in client.get("/innebygd/organisasjoner/")["Content-Security-Policy"]


def test_the_embed_page_searches_like_the_directory(client, listings, published):
    published("Polsk Forening", description="Polsk skole")
    content = client.get("/innebygd/organisasjoner/", {"q": "leksehjelp"}).content.decode()
    assert "Eritreisk Forening" in content and "Polsk Forening" not in content
