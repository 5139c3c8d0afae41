"""Where an organisation is active besides where it is registered: the municipalities of the
shipped list (organisations/data/kommuner.csv), the directory's municipality filter and
`active_in` in /organisasjoner.json (docs/domain.md)."""

import json

import pytest

from organisations.models import Municipality
from organisations.selectors import listing_diff
from organisations.services import listing_revision_submit, moderation_decide
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def stavanger_serving_sandnes(published):
    organisation = published("Eritreisk Forening Rogaland", municipality="Stavanger")
    organisation.active_in.add(Municipality.objects.get(number="1108"), Municipality.objects.get(number="1124"))
    published("Stavanger Sjakklubb", municipality="Stavanger")
    published("Sandnes Kulturforening", municipality="Sandnes")
    # Active in Sandnes too, but not public: never in the directory or its filter.
    hidden = make_organisation("Upublisert Forening", municipality="Stavanger")
    hidden.active_in.add(Municipality.objects.get(number="1108"))
    only_in_hå = make_organisation("Hå Forening Upublisert", municipality="Stavanger")
    only_in_hå.active_in.add(Municipality.objects.get(number="1119"))
    return organisation


def test_the_shipped_list_has_every_municipality_with_its_number(db):
    assert Municipality.objects.count() == 357
    assert Municipality.objects.get(number="1108").name == "Sandnes"
    assert Municipality.objects.get(number="1103").name == "Stavanger"
    assert Municipality.objects.get(number="0301").name.startswith("Oslo")


def test_the_sandnes_filter_finds_the_organisation_registered_in_stavanger_and_active_in_sandnes(client, stavanger_serving_sandnes):
    html = client.get("/organisasjoner/", {"municipality": "Sandnes"}).content.decode()
    assert "Eritreisk Forening Rogaland" in html and "Sandnes Kulturforening" in html
    assert "Stavanger Sjakklubb" not in html and "Upublisert Forening" not in html
    # Under Stavanger too, where it is registered, and once only.
    html = client.get("/organisasjoner/", {"municipality": "Stavanger"}).content.decode()
    assert html.count("Eritreisk Forening Rogaland") == 1 and "Stavanger Sjakklubb" in html
    assert "Sandnes Kulturforening" not in html


def test_the_filter_offers_the_municipalities_published_organisations_are_active_in(client, stavanger_serving_sandnes):
    form = client.get("/organisasjoner/").context["form"]
    offered = [value for value, _label in form.fields["municipality"].choices if value]
    assert offered == ["Sandnes", "Sola", "Stavanger"]  # not Hå: only an unpublished one is active there


def test_the_listing_shows_where_it_is_active(client, stavanger_serving_sandnes):
    html = client.get(stavanger_serving_sandnes.get_absolute_url()).content.decode()
    assert "Aktiv også i" in html and "Sandnes, Sola" in html


def test_the_open_data_has_active_in_and_keeps_every_existing_key(client, stavanger_serving_sandnes):
    records = {r["name"]: r for r in json.loads(client.get("/organisasjoner.json").content)["organisations"]}
    record = records["Eritreisk Forening Rogaland"]
    assert record["municipality"] == "Stavanger"
    assert record["active_in"] == [{"number": "1108", "name": "Sandnes"}, {"number": "1124", "name": "Sola"}]
    assert records["Stavanger Sjakklubb"]["active_in"] == []
    assert {"name", "slug", "kind", "municipality", "url", "languages", "activities", "tags"} <= set(record)


def test_an_editor_proposes_active_in_and_it_is_public_only_once_approved(client, editor, org_a, coordinator):
    from organisations.forms import PublicListingForm

    form = PublicListingForm({"active_in": [Municipality.objects.get(number="1108").pk]}, instance=org_a)
    assert form.is_valid(), form.errors
    revision = listing_revision_submit(organisation=org_a, form=form, user=editor)
    org_a.refresh_from_db()
    assert not org_a.active_in.exists()
    # The coordinator sees the change before deciding.
    (row,) = [row for row in listing_diff(revision) if row["field"] == "active_in"]
    assert (row["old"], row["new"], row["changed"]) == ("", "Sandnes", True)
    moderation_decide(item=revision, reviewer=coordinator, approve=True)
    assert list(org_a.active_in.values_list("number", flat=True)) == ["1108"]


def test_a_coordinator_sets_active_in_on_the_registry_form(client, coordinator, org_a):
    client.force_login(coordinator)
    data = {"name": org_a.name, "kind": org_a.kind, "active_in": [Municipality.objects.get(number="1108").pk],
            "descriptions-TOTAL_FORMS": "0", "descriptions-INITIAL_FORMS": "0"}
    response = client.post(f"/koordinator/organisasjoner/{org_a.pk}/rediger/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(org_a.active_in.values_list("name", flat=True)) == ["Sandnes"]


def test_an_unknown_municipality_is_refused_with_a_message_not_a_500(client, coordinator, org_a):
    client.force_login(coordinator)
    response = client.post(f"/koordinator/organisasjoner/{org_a.pk}/rediger/", {
        "name": org_a.name, "kind": org_a.kind, "active_in": ["999999"],
        "descriptions-TOTAL_FORMS": "0", "descriptions-INITIAL_FORMS": "0"})
    assert response.status_code == 200 and "active_in" in response.context["form"].errors


def test_loading_the_list_again_adds_what_is_missing_and_renames_but_keeps_the_rows(db):
    from organisations import municipalities

    sandnes = Municipality.objects.get(number="1108")
    Municipality.objects.filter(number="1108").update(name="Sandnes (gammelt navn)")
    Municipality.objects.filter(number="1103").delete()
    municipalities.load(Municipality)
    assert Municipality.objects.count() == 357
    assert Municipality.objects.get(number="1108") == sandnes and Municipality.objects.get(number="1108").name == "Sandnes"
    assert Municipality.objects.get(number="1103").name == "Stavanger"
