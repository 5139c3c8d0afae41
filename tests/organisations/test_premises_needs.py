"""The coordinators' sum of the organisations' premises needs by weekday and part of the day, as a
page and as spreadsheets (read back with python-calamine, a reader the product does not use)."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from organisations.models import PremisesNeed
from organisations.services import premises_need_withdraw
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


def need(organisation, weekday, starts, ends, people=None, area=None, **fields):
    return PremisesNeed.objects.create(
        organisation=organisation, weekday=weekday, starts_at=datetime.time(*starts), ends_at=datetime.time(*ends),
        people=people, area=area, **fields,
    )


@pytest.fixture
def dataset(db):
    a = make_organisation("Afghansk Kulturforening", other_needs=["storage", "funding"], other_needs_note="Lager 40 m²")
    b = make_organisation("Bosnisk Forening")
    need(a, 0, (18, 0), (21, 0), people=30, purpose="Dans")  # Monday evening
    need(a, 0, (15, 0), (19, 0), people=10, area=60, purpose="Leksehjelp")  # Monday afternoon and evening
    need(b, 0, (17, 0), (19, 0), area=80, frequency="monthly")  # Monday evening only (starts as the afternoon ends)
    need(b, 2, (10, 0), (12, 0), people=12)  # Wednesday morning only (ends as the afternoon starts)
    # Must not count: a need met or withdrawn, a need of an archived organisation, other needs.
    met = need(make_organisation("Cubansk Forening"), 0, (18, 0), (20, 0), people=500, area=900)
    premises_need_withdraw(need=met)
    archived = make_organisation("Dansk Forening (arkivert)", archived_at=timezone.now(), other_needs=["transport", "storage"])
    need(archived, 0, (18, 0), (20, 0), people=1000)
    return a, b


EXPECTED = {
    ("mandag", "kl. 12–17"): {"organisations": 1, "needs": 1, "people": 10, "area": 60},
    ("mandag", "etter kl. 17"): {"organisations": 2, "needs": 3, "people": 40, "area": 140},
    ("onsdag", "før kl. 12"): {"organisations": 1, "needs": 1, "people": 12, "area": 0},
}
ZERO = {"organisations": 0, "needs": 0, "people": 0, "area": 0}


def test_the_sum_by_weekday_and_time_matches_the_dataset(dataset):
    from organisations.selectors import premises_needs_by_weekday

    rows = premises_needs_by_weekday()
    assert len(rows) == 7 * 3
    by_cell = {(str(row["weekday"]), str(row["band"])): {k: row[k] for k in ZERO} for row in rows}
    for cell, figures in by_cell.items():
        assert figures == EXPECTED.get(cell, ZERO), cell


def test_the_page_shows_the_sum_and_the_needs_behind_it_to_coordinators_only(client, dataset, coordinator, council_staff, editor):
    client.force_login(coordinator)
    page = client.get("/koordinator/lokalbehov/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Afghansk Kulturforening" in html and "Bosnisk Forening" in html
    assert "Cubansk Forening" not in html and "Dansk Forening" not in html
    assert '<th scope="row">Mandag</th><td>etter kl. 17</td><td class="text-end">2</td><td class="text-end">3</td><td class="text-end">40</td><td class="text-end">140</td>' in html
    # The needs besides premises, by organisation; an archived organisation's are not listed.
    assert "Lagerplass: Afghansk Kulturforening (1)" in html and "Økonomisk støtte: Afghansk Kulturforening (1)" in html
    assert "Transport" not in html
    for user in (council_staff, editor):
        client.force_login(user)
        assert client.get("/koordinator/lokalbehov/").status_code == 403
        assert client.get("/koordinator/lokalbehov/lokalbehov-per-ukedag.xlsx").status_code == 403


def test_the_spreadsheet_has_norwegian_headers_and_the_same_figures(client, dataset, coordinator):
    client.force_login(coordinator)
    response = client.get("/koordinator/lokalbehov/lokalbehov-per-ukedag.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="lokalbehov-per-ukedag-{datetime.date.today().isoformat()}.xlsx"'
    header, *rows = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue())).get_sheet_by_index(0).to_python()
    assert header == ["Ukedag", "Tid på dagen", "Organisasjoner", "Behov", "Personer", "Kvadratmeter"]
    assert len(rows) == 21
    figures = {(row[0], row[1]): dict(zip(("organisations", "needs", "people", "area"), map(int, row[2:]))) for row in rows}
    for cell, expected in figures.items():
        assert expected == EXPECTED.get(cell, ZERO), cell


def test_the_list_spreadsheet_holds_each_counted_need_and_no_formula(client, dataset, coordinator):
    a, _b = dataset
    need(a, 4, (19, 0), (22, 0), people=8, purpose='=HYPERLINK("http://angriper.example/","Klikk")')
    client.force_login(coordinator)
    data = client.get("/koordinator/lokalbehov/lokalbehov.xlsx").getvalue()
    header, *rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert header == ["Organisasjon", "Ukedag", "Fra", "Til", "Personer", "Kvadratmeter", "Hvor ofte", "Bruk"]
    assert sorted(row[0] for row in rows) == ["Afghansk Kulturforening"] * 3 + ["Bosnisk Forening"] * 2
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_the_page_takes_a_fixed_number_of_queries(client, dataset, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    client.get("/koordinator/lokalbehov/")
    for n in range(5):
        need(make_organisation(f"Flere {n}"), n, (18, 0), (20, 0), people=n + 1)
    # session, user, the user's roles, the needs with their organisation, the other needs, the
    # navigation's "edits organisations" check
    with django_assert_num_queries(6):
        assert client.get("/koordinator/lokalbehov/").status_code == 200
