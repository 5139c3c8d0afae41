"""What an input item led to: plan items, measures, activities and meeting series, set on the
item's page by a coordinator, shown in the tracker, on each of those records' pages and in the
report's chapters 6 and 11.2."""

import datetime

import pytest

from activities.models import Activity
from goals.models import Measure, PlanItem, PlanItemYear
from panel.models import InputItem
from reports import selectors as report_selectors
from reports.models import AnnualReport
from tests.panel.factories import meeting, organisation, series, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db):
    return {
        "plan_item": PlanItem.objects.create(plan_name="Integreringsplanen", chapter="11", position=2, text="Tilbakemeldingene følges systematisk opp."),
        "measure": Measure.objects.create(position=3, title="Tolketjeneste på møtene"),
        "activity": Activity.objects.create(kind="own_event", title="Informasjonsmøte om barnevern", date=datetime.date(2025, 10, 1), public=True),
        "hidden_activity": Activity.objects.create(kind="own_event", title="Internt planleggingsmøte", date=datetime.date(2025, 10, 2)),
        "series": series("Arbeidsgruppe for barnevern"),
    }


@pytest.fixture
def item(db):
    return InputItem.objects.create(
        meeting=meeting("2025-05-15"), text="Informasjon om barnevernet på flere språk.", theme="Barnevern",
        raised_by=organisation("Fedrenettverket"), assigned_service=service("Barneverntjenesten"),
        status="answered", answer="Brosjyren kommer på arabisk.", raised_on=datetime.date(2025, 5, 15),
        answered_on=datetime.date(2025, 6, 1), public=True,
    )


def edit_data(item, **links):
    data = {
        "meeting": item.meeting_id, "text": item.text, "theme": item.theme, "raised_by": item.raised_by_id,
        "assigned_service": item.assigned_service_id, "status": item.status, "raised_on": "2025-05-15",
        "answer": item.answer, "answered_on": "2025-06-01", "public": "on",
    }
    data.update(links)
    return data


def test_a_coordinator_links_an_item_to_what_it_led_to_on_the_items_page(client, coordinator, item, records):
    client.force_login(coordinator)
    page = client.get(f"/koordinator/innspill/{item.pk}/").content.decode()
    assert "Tolketjeneste på møtene" in page  # offered

    response = client.post(f"/koordinator/innspill/{item.pk}/", edit_data(
        item,
        led_to_plan_items=[records["plan_item"].pk], led_to_measures=[records["measure"].pk],
        led_to_activities=[records["activity"].pk, records["hidden_activity"].pk], led_to_series=[records["series"].pk],
    ))

    assert response.status_code == 302
    assert list(item.led_to_measures.all()) == [records["measure"]]
    tracker = client.get("/koordinator/innspill/").content.decode()
    assert "Førte til:" in tracker
    for record, url in [
        ("Integreringsplanen 2: Tilbakemeldingene", f"/koordinator/mal/plan/punkt/{records['plan_item'].pk}/rediger/"),
        ("Tolketjeneste på møtene", f"/koordinator/mal/tiltak/{records['measure'].pk}/rediger/"),
        ("Informasjonsmøte om barnevern", f"/koordinator/aktiviteter/{records['activity'].pk}/"),
        ("Arbeidsgruppe for barnevern", f"/koordinator/moteserier/{records['series'].slug}/"),
    ]:
        assert record in tracker and url in tracker


def test_each_record_links_back_to_the_input_behind_it(client, coordinator, item, records):
    for name in ("plan_items", "measures", "activities", "series"):
        key = {"plan_items": "plan_item", "measures": "measure", "activities": "activity", "series": "series"}[name]
        getattr(item, f"led_to_{name}").add(records[key])
    item.led_to_activities.add(records["hidden_activity"])
    client.force_login(coordinator)

    for url in [
        f"/koordinator/mal/plan/punkt/{records['plan_item'].pk}/rediger/",
        f"/koordinator/mal/tiltak/{records['measure'].pk}/rediger/",
        f"/koordinator/aktiviteter/{records['activity'].pk}/",
        f"/koordinator/moteserier/{records['series'].slug}/",
    ]:
        page = client.get(url).content.decode()
        assert "Innspill som førte hit" in page, url
        assert f"/koordinator/innspill/{item.pk}/" in page, url

    client.logout()
    for url in [f"/aktiviteter/{records['activity'].pk}/", f"/moteserier/{records['series'].slug}/"]:
        page = client.get(url).content.decode()
        assert "Informasjon om barnevernet på flere språk." in page, url
        assert f"/innspill/#innspill-{item.pk}" in page and "/koordinator/innspill/" not in page, url


def test_the_public_pages_name_no_input_that_is_not_public(client, item, records):
    item.public = False
    item.save()
    item.led_to_series.add(records["series"])

    page = client.get(f"/moteserier/{records['series'].slug}/").content.decode()

    assert "Informasjon om barnevernet" not in page
    assert "Innspill som førte hit" not in page


def test_council_staff_see_what_it_led_to_without_the_coordinators_links(client, council_staff, item, records):
    from panel.models import ServiceMember

    ServiceMember.objects.create(user=council_staff, organisation=item.assigned_service)
    item.led_to_measures.add(records["measure"])
    client.force_login(council_staff)

    tracker = client.get("/koordinator/innspill/").content.decode()

    assert "Tolketjeneste på møtene" in tracker
    assert "/koordinator/mal/tiltak/" not in tracker
    assert client.post(f"/koordinator/innspill/{item.pk}/", edit_data(item)).status_code in (302, 403)
    assert client.get(f"/koordinator/innspill/{item.pk}/").status_code == 403


def test_the_report_shows_what_public_input_led_to_in_chapters_6_and_11_2(item, records):
    PlanItemYear.objects.create(plan_item=records["plan_item"], year=2025, achieved_text="<p>Svar gis på hvert møte.</p>")
    item.led_to_plan_items.add(records["plan_item"])
    item.led_to_activities.add(records["activity"], records["hidden_activity"])
    secret = InputItem.objects.create(
        meeting=item.meeting, text="Et innspill som ikke er offentlig.", assigned_service=item.assigned_service,
        status="answered", answer="Internt svar.", raised_on=item.raised_on, answered_on=item.answered_on,
    )
    secret.led_to_plan_items.add(records["plan_item"])

    content = report_selectors.report_content(AnnualReport(year=2025, title="Årsrapport 2025"))

    (followed_up,) = content["input_followed_up"]
    assert followed_up["service"] == "Barneverntjenesten"
    assert followed_up["answer"] == "Brosjyren kommer på arabisk."
    # the activity that is not public is not named in a public document
    assert [(row["kind"], row["title"]) for row in followed_up["led_to"]] == [
        ("plan_item", "Integreringsplanen 2: Tilbakemeldingene følges systematisk opp."),
        ("activity", "Informasjonsmøte om barnevern"),
    ]
    (row,) = content["plan_table"]
    assert row["input"] == ["Informasjon om barnevernet på flere språk."]
