"""Plan steering: a plan item has a responsible unit and a status per year, and the leadership
group's status report (HTML and PDF) groups the items by unit and status with what was achieved."""

import subprocess

import pytest
from django.urls import reverse

from goals import pdf, selectors, services
from goals.models import PlanItem, PlanItemYear
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    kultur = make_organisation(name="Kultur", kind="municipal_service")
    nav = make_organisation(name="NAV Sandnes", kind="municipal_service")

    def item(position, text, unit=None):
        return PlanItem.objects.create(plan_name="Plan for inkludering", position=position, text=text, responsible_unit=unit)

    moteplasser = item(1, "Møteplasser i bydelene", kultur)
    frivillig = item(2, "Samarbeid med frivillig sektor", kultur)
    arbeid = item(3, "Veier til arbeid", nav)
    sprak = item(4, "Språkkafé", kultur)
    item(5, "Felles kalender")  # no unit, no account: not started
    services.plan_item_year_save(plan_item=moteplasser, year=2026, status="done", achieved_text="<p>Tre møteplasser åpnet.</p>")
    services.plan_item_year_save(plan_item=frivillig, year=2026, status="under_way", achieved_text="<p>Avtale under arbeid.</p>")
    services.plan_item_year_save(plan_item=arbeid, year=2026, status="dropped", achieved_text="")
    services.plan_item_year_save(plan_item=sprak, year=2025, status="done", achieved_text="<p>I fjor.</p>")  # another year
    return {"kultur": kultur, "nav": nav}


def test_the_status_report_groups_items_by_unit_and_status(plan):
    report = selectors.plan_status_report(2026)

    shape = [
        (unit["unit"], [(group["status"], [item["text"] for item in group["items"]]) for group in unit["statuses"]])
        for unit in report["units"]
    ]
    assert shape == [
        ("Kultur", [("not_started", ["Språkkafé"]), ("under_way", ["Samarbeid med frivillig sektor"]), ("done", ["Møteplasser i bydelene"])]),
        ("NAV Sandnes", [("dropped", ["Veier til arbeid"])]),
        (None, [("not_started", ["Felles kalender"])]),
    ]
    assert {t["status"]: t["count"] for t in report["totals"]} == {"not_started": 2, "under_way": 1, "done": 1, "dropped": 1}
    done = report["units"][0]["statuses"][2]["items"][0]
    assert done["achieved_html"] == "<p>Tre møteplasser åpnet.</p>"


def test_the_status_report_takes_two_queries(plan, django_assert_num_queries):
    with django_assert_num_queries(2):  # the year's accounts; the items with their unit
        selectors.plan_status_report(2026)


def test_staff_read_the_status_report_and_others_do_not(client, council_staff, outsider, plan):
    url = reverse("goals:plan_status") + "?aar=2026"
    client.force_login(council_staff)

    html = client.get(url).content.decode()

    assert html.index("Kultur") < html.index("NAV Sandnes") < html.index("Uten ansvarlig enhet")
    assert "Tre møteplasser åpnet." in html and "Avsluttet uten gjennomføring" in html and "I fjor." not in html
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 403)


def test_the_status_report_as_pdf_read_by_pdftotext(client, coordinator, plan):
    client.force_login(coordinator)

    response = client.get(reverse("goals:plan_status_pdf") + "?aar=2026")

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="planstatus-2026.pdf"' in response["Content-Disposition"]
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=response.getvalue(), capture_output=True, check=True).stdout.decode().split())
    assert "Status for planen 2026" in text
    assert text.index("Kultur") < text.index("Gjennomført (1)") < text.index("NAV Sandnes") < text.index("Avsluttet uten gjennomføring (1)")
    assert "Tre møteplasser åpnet." in text and "I fjor." not in text


def test_the_coordinator_sets_the_unit_and_the_years_status(client, coordinator, plan):
    client.force_login(coordinator)
    item = PlanItem.objects.get(position=5)

    client.post(reverse("goals:plan_item_edit", args=[item.pk]), {
        "plan_name": item.plan_name, "position": 5, "text": item.text, "responsible_unit": plan["nav"].pk,
    })
    client.post(reverse("goals:plan_item_year", args=[item.pk, 2026]), {"status": "under_way", "achieved_text": "<p>Startet.</p>"})

    item.refresh_from_db()
    assert item.responsible_unit == plan["nav"]
    assert PlanItemYear.objects.get(plan_item=item, year=2026).status == "under_way"
