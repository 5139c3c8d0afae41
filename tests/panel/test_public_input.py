"""/innspill/ and /innspill.json (docs/domain.md "Public addresses"): every item marked public
(answered or implemented), newest first, with its meeting, theme, text, service, status, answer,
dates and what it led to; the raising organisation named only when its listing is published; no
person and no internal note. Read back with the standard library's JSON parser."""

import datetime
import json

import pytest

from activities.models import Activity
from goals.models import Measure
from organisations.models import ContactPerson
from panel.models import InputItem
from portal.web import pagecache
from tests.conftest import make_organisation
from tests.panel.factories import meeting, series, series_meeting, service

pytestmark = pytest.mark.django_db
d = datetime.date


@pytest.fixture
def world(published, coordinator, council_staff):
    listed = published("Eritreisk Forening")
    ContactPerson.objects.create(organisation=listed, name="Kontakt Hemmelig", email="hemmelig@example.org")
    unlisted = make_organisation("Ikke publisert forening")
    nav = service("Nav Sandnes")
    kultur = service("Kultur")
    spring = meeting("2025-03-10", title="Vårmøtet")
    autumn = meeting("2026-09-01", title="Høstmøtet")
    group = series_meeting(series("Arbeidsgruppe for arbeid"), d(2026, 5, 4))
    measure = Measure.objects.create(position=1, title="Tolk på alle møter")
    public_activity = Activity.objects.create(kind="own_event", title="Jobbmesse", date=d(2026, 10, 1), public=True)
    hidden_activity = Activity.objects.create(kind="own_event", title="Intern planlegging", date=d(2026, 10, 2))

    def item(m, text, status="answered", public=True, **fields):
        fields.setdefault("raised_on", m.date)
        return InputItem.objects.create(
            meeting=m, text=text, status=status, public=public, answer=f"Svar på {text}",
            answered_on=fields["raised_on"] + datetime.timedelta(days=20), answered_by=council_staff,
            assigned_by=coordinator, **fields,
        )

    oldest = item(spring, "Tolk på møtene", raised_by=listed, assigned_service=nav, theme="Språk", status="implemented")
    oldest.led_to_measures.add(measure)
    newest = item(autumn, "Jobbmesse for innvandrere", raised_by=unlisted, assigned_service=nav, theme="Arbeid")
    newest.led_to_activities.add(public_activity, hidden_activity)
    middle = item(group, "Praksisplasser", raised_by=listed, assigned_service=kultur, theme="Arbeid")
    # Never public: not marked public, not answered, not pursued (even if marked public by an import).
    item(autumn, "Internt innspill", public=False, raised_by=listed, assigned_service=nav)
    item(autumn, "Ikke fulgt opp", status="not_pursued", assigned_service=nav)
    InputItem.objects.create(meeting=autumn, text="Åpent innspill", status="forwarded", raised_on=autumn.date)
    return {"oldest": oldest, "middle": middle, "newest": newest, "nav": nav, "kultur": kultur, "listed": listed}


def test_the_json_has_every_public_answered_item_newest_first_exactly_as_the_contract_says(client, world):
    response = client.get("/innspill.json")

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    records = json.loads(response.content)["input"]
    assert [record["text"] for record in records] == ["Jobbmesse for innvandrere", "Praksisplasser", "Tolk på møtene"]
    assert records[0] == {
        "meeting_date": "2026-09-01", "series": None, "theme": "Arbeid", "text": "Jobbmesse for innvandrere",
        "raised_by": None,  # its listing is not published
        "service": "Nav Sandnes", "status": "answered", "answer": "Svar på Jobbmesse for innvandrere",
        "raised_on": "2026-09-01", "answered_on": "2026-09-21",
        "led_to": [{"kind": "activity", "title": "Jobbmesse"}],  # not the activity that is not public
    }
    assert records[1]["series"] == "Arbeidsgruppe for arbeid"
    assert records[1]["raised_by"] == "Eritreisk Forening"
    assert records[2]["status"] == "implemented"
    assert records[2]["led_to"] == [{"kind": "measure", "title": "Tolk på alle møter"}]
    text = response.content.decode()
    for private in ("Kontakt Hemmelig", "hemmelig@example.org", "koordinator", "kommune", "Internt innspill", "Ikke fulgt opp", "Åpent innspill"):
        assert private not in text


def test_the_page_lists_the_same_items_with_their_meeting_and_what_they_led_to(client, world):
    page = client.get("/innspill/").content.decode()

    assert page.index("Jobbmesse for innvandrere") < page.index("Praksisplasser") < page.index("Tolk på møtene")
    assert f'id="innspill-{world["oldest"].pk}"' in page
    assert f'/erfaringspanelet/{world["oldest"].meeting_id}/' in page
    assert "meldt av Eritreisk Forening" in page and "Ikke publisert forening" not in page
    assert "Svar fra Nav Sandnes:" in page and "Tolk på alle møter" in page and "/aktiviteter/" in page
    assert "Intern planlegging" not in page and "Internt innspill" not in page and "Ikke fulgt opp" not in page


@pytest.mark.parametrize(
    "query, shown",
    [
        ("tema=Arbeid", ["Jobbmesse for innvandrere", "Praksisplasser"]),
        ("status=implemented", ["Tolk på møtene"]),
        ("aar=2025", ["Tolk på møtene"]),
        ("tema=Arbeid&aar=2026&status=answered", ["Jobbmesse for innvandrere", "Praksisplasser"]),
    ],
)
def test_the_page_filters_by_theme_status_and_year(client, world, query, shown):
    page = client.get(f"/innspill/?{query}").content.decode()

    for text in ["Jobbmesse for innvandrere", "Praksisplasser", "Tolk på møtene"]:
        assert (f"<p class=\"card-text\">{text}</p>" in page) == (text in shown), (query, text)


def test_the_page_filters_by_service(client, world):
    page = client.get(f"/innspill/?virksomhet={world['kultur'].pk}").content.decode()

    assert "Praksisplasser</p>" in page
    assert "Jobbmesse for innvandrere</p>" not in page and "Tolk på møtene</p>" not in page


@pytest.mark.parametrize("query", ["aar=abc", "virksomhet=999999", "tema=%00", "status=new", "aar=99999999999999999999"])
def test_a_filter_value_that_no_item_has_is_said_and_every_item_is_shown(client, world, query):
    response = client.get(f"/innspill/?{query}")

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        page = response.content.decode()
        assert "finnes ikke blant innspillene" in page
        assert "Tolk på møtene</p>" in page and "Praksisplasser</p>" in page


def test_the_page_and_the_json_read_in_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    # The JSON: the items with meeting, series, raiser and service; then what they led to: plan
    # items, measures, activities, series.
    with django_assert_num_queries(5):
        client.get("/innspill.json")
    # The page: the filters' themes, services and years, then the same five.
    with django_assert_num_queries(8):
        client.get("/innspill/")
    for n in range(6):
        extra = InputItem.objects.create(
            meeting=world["newest"].meeting, text=f"Flere {n}", status="answered", public=True, theme=f"Tema {n}",
            answer="Svar", raised_on=d(2026, 9, 1), answered_on=d(2026, 9, 2), raised_by=world["listed"],
            assigned_service=world["kultur"],
        )
        extra.led_to_measures.add(Measure.objects.create(position=10 + n, title=f"Tiltak {n}"))
    with django_assert_num_queries(5):
        assert len(json.loads(client.get("/innspill.json").content)["input"]) == 9
    with django_assert_num_queries(8):
        client.get("/innspill/")


def test_the_cached_page_and_json_change_when_an_item_is_made_public_or_what_it_led_to_changes(client, world, settings):
    settings.PORTAL_PAGE_CACHE = True
    pagecache.LOCAL.clear()
    for path in ("/innspill/", "/innspill.json"):
        client.get(path)
        assert client.get(path)[pagecache.HIT_HEADER] == "hit"

    hidden = InputItem.objects.get(text="Internt innspill")
    hidden.public = True
    hidden.save()
    assert "Internt innspill" in client.get("/innspill.json").content.decode()

    client.get("/innspill.json")
    world["oldest"].led_to_measures.clear()
    assert "Tolk på alle møter" not in client.get("/innspill.json").content.decode()

    client.get("/innspill/")
    world["listed"].name = "Eritreisk Forening Sandnes"
    world["listed"].save()
    assert "meldt av Eritreisk Forening Sandnes" in client.get("/innspill/").content.decode()
    pagecache.LOCAL.clear()


def test_the_public_menu_and_the_sitemap_lead_to_the_page(client, world):
    assert 'href="/innspill/"' in client.get("/organisasjoner/").content.decode()
    assert "/innspill/</loc>" in client.get("/sitemap.xml").content.decode()
