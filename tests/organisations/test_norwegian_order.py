"""Organisation names in Norwegian order, sorted by the database (portal.text.collation): case ignored,
Æ Ø Å after Z, the same in the directory, the coordinators' list and the export. Runs on SQLite
(the collation registered on connection) and on PostgreSQL (the ICU collation of the migration)."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from organisations.models import Organisation
from portal.spreadsheets import importing
from portal.text.collation import norwegian
from tests.conftest import client_for, make_organisation

pytestmark = pytest.mark.django_db

EXPECTED = ["Aceh Forening", "ASSOCIATION X", "bydelsforeningen", "Émigré Klubb", "Zulu Forening", "Ærlig Talt", "Østre Forening", "Åpen Dør"]


def shuffled():
    return [EXPECTED[i] for i in (5, 1, 7, 4, 0, 6, 3, 2)]


def in_page(html, names):
    positions = {name: html.find(f">{name}<") for name in names}
    assert all(position >= 0 for position in positions.values()), positions
    return sorted(names, key=positions.get)


def test_the_database_sorts_names_the_norwegian_way(db):
    for name in shuffled():
        make_organisation(name=name)
    names = list(Organisation.objects.order_by(norwegian("name")).values_list("name", flat=True))
    assert names == EXPECTED, connection.vendor
    # Plain ordering puts capitals first (SQLite) or follows the server's locale: not this.
    assert names != sorted(EXPECTED)


def test_the_directory_lists_in_norwegian_order(client, published):
    for name in shuffled():
        published(name=name)
    html = client.get(reverse("organisations:directory")).content.decode()
    assert in_page(html, EXPECTED) == EXPECTED


def test_the_coordinators_list_and_the_export_use_the_same_order(client, coordinator):
    for name in shuffled():
        make_organisation(name=name)
    html = client_for(client, coordinator).get(reverse("organisations:staff_list")).content.decode()
    assert in_page(html, EXPECTED) == EXPECTED
    exported = importing.export_bytes("organisations", "csv").decode()
    rows = [line.split(",")[0] for line in exported.splitlines()[1:]]
    assert rows == EXPECTED


def test_a_search_longer_than_the_limit_is_shortened_and_says_so(client, published):
    published(name="Eritreisk Forening i Rogaland")
    published(name="Polsk-Norsk Forening")
    long_query = "eritreisk " + "x" * 300
    html = client.get(reverse("organisations:directory"), {"q": long_query}).content.decode()
    assert 'id="search-shortened"' in html
    assert "200" in re.search(r'id="search-shortened">([^<]*)<', html).group(1)
    # The search ran on the first 200 characters (not ignored: the other listing is filtered out).
    assert "Polsk-Norsk Forening" not in html
    assert f'value="{long_query[:200]}"' in html

    html = client.get(reverse("organisations:directory"), {"q": "eritreisk"}).content.decode()
    assert "search-shortened" not in html
    assert "Eritreisk Forening i Rogaland" in html


def test_premises_and_series_list_in_norwegian_order(client, coordinator):
    from activities.models import Premises
    from panel.models import MeetingSeries

    for name in shuffled():
        Premises.objects.create(name=name, how_to_book="Ring.", public=True)
        MeetingSeries.objects.create(name=name, slug=f"serie-{len(MeetingSeries.objects.all())}")

    assert in_page(client.get("/lokaler/").content.decode(), EXPECTED) == EXPECTED
    client_for(client, coordinator)
    assert in_page(client.get("/koordinator/moteserier/").content.decode(), EXPECTED) == EXPECTED
