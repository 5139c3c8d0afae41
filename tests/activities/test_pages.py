"""The coordinators' screens for activities, premises and resources: who may write, what the
public sees, and bad input that is refused without a 500."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity, Premises, Resource
from organisations.models import Language
from panel.models import MeetingSeries
from tests.activities.factories import activity
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

EVENT = {"kind": "own_event", "title": "Hele verden i Sandnes", "date": "2025-10-29", "participants": "120"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_only_a_coordinator_records_an_activity(client, coordinator, council_staff, editor):
    partner = make_organisation(name="Quality Hotel", kind="business")
    for user in (council_staff, editor):
        client.force_login(user)
        assert client.post("/koordinator/aktiviteter/ny/", EVENT).status_code == 403
    client.logout()
    assert client.post("/koordinator/aktiviteter/ny/", EVENT).status_code == 302  # to the sign-in page
    assert not Activity.objects.exists()
    client.force_login(coordinator)
    response = client.post("/koordinator/aktiviteter/ny/", {**EVENT, "co_organisers": [partner.pk]})
    event = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/koordinator/aktiviteter/{event.pk}/"
    assert list(event.links.values_list("organisation__name", "role")) == [("Quality Hotel", "co_organiser")]


def test_a_consultation_records_the_case_the_deadline_the_input_and_the_outcome(client, coordinator):
    adle = make_organisation(name="Adle")
    client.force_login(coordinator)
    client.post("/koordinator/aktiviteter/ny/", {
        "kind": "consultation", "title": "Lokaler i skolebygg", "date": "2025-10-01", "case": "Sandnes Eiendom",
        "deadline": "2025-11-01", "input_sent": "Høringsuttalelse", "outcome": "Behandles i 2026", "gave_input": [adle.pk],
    })
    consultation = Activity.objects.get()
    assert (consultation.deadline, consultation.outcome) == (datetime.date(2025, 11, 1), "Behandles i 2026")
    assert consultation.links.get().role == "input"
    page = client.get(f"/koordinator/aktiviteter/{consultation.pk}/").content.decode()
    assert "Sandnes Eiendom" in page and "Høringsuttalelse" in page and "Adle" in page


def test_bad_input_is_refused_and_nothing_is_written(client, coordinator):
    client.force_login(coordinator)
    for bad in (
        {**EVENT, "participants": "-1"},
        {**EVENT, "start_time": "18:00", "end_time": "17:00"},
        {**EVENT, "end_date": "2025-10-01"},
        {**EVENT, "kind": "media", "public": "on"},
        {**EVENT, "kind": "fest"},
        {**EVENT, "co_organisers": ["999999"]},
    ):
        assert client.post("/koordinator/aktiviteter/ny/", bad).status_code == 200
    assert not Activity.objects.exists()


def test_council_staff_read_the_activities_and_the_public_sees_only_public_ones(client, council_staff):
    internal = activity("own_event", "2025-05-05", "Internt møte")
    public = activity("course", "2025-06-06", "Søknadskurs", public=True)
    client.force_login(council_staff)
    listing = client.get("/koordinator/aktiviteter/?aar=2025").content.decode()
    assert "Internt møte" in listing and "Søknadskurs" in listing
    assert "Ny aktivitet" not in listing  # no write buttons
    client.logout()
    assert client.get(f"/aktiviteter/{internal.pk}/").status_code == 404
    assert client.get(f"/aktiviteter/{public.pk}/").status_code == 200


def test_premises_and_resources_are_kept_by_coordinators_and_public(client, coordinator, council_staff, media):
    client.force_login(council_staff)
    assert client.post("/koordinator/lokaler/nytt/", {"name": "X", "terms": "free", "how_to_book": "Ring"}).status_code == 403
    client.force_login(coordinator)
    client.post("/koordinator/lokaler/nytt/", {"name": "Bydelshuset", "terms": "free", "how_to_book": "Ring bydelshuset.", "public": "on"})
    client.post("/koordinator/lokaler/nytt/", {"name": "Lukket lokale", "terms": "rent", "how_to_book": "Ring."})
    guide = SimpleUploadedFile("soknadsveileder.pdf", b"%PDF-1.4\n% veileder\n", content_type="application/pdf")
    response = client.post("/koordinator/ressurser/ny/", {"title": "Søknadsveileder", "kind": "file", "file": guide, "public": "on",
                                                          "languages": [Language.objects.get(code="no").pk]})
    assert response.status_code == 302
    assert Premises.objects.count() == 2
    resource = Resource.objects.get()
    assert resource.file.name.startswith("resources/") and (media / resource.file.name).exists()  # a public file
    client.logout()
    premises = client.get("/lokaler/").content.decode()
    assert "Ring bydelshuset." in premises and "Lukket lokale" not in premises
    library = client.get("/ressurser/?sprak=no").content.decode()
    assert "Søknadsveileder" in library and f"/media/{resource.file.name}" in library
    arabic = Resource.objects.create(title="دليل المنح", kind="link", url="https://example.org/ar")
    arabic.languages.set(Language.objects.filter(code="ar"))
    only_arabic = client.get("/ressurser/?sprak=ar").content.decode()
    assert "دليل المنح" in only_arabic and "Søknadsveileder" not in only_arabic
    assert "دليل المنح" not in client.get("/ressurser/?sprak=no").content.decode()


def test_a_disguised_file_is_refused_for_the_library(client, coordinator, media):
    client.force_login(coordinator)
    fake = SimpleUploadedFile("veileder.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    response = client.post("/koordinator/ressurser/ny/", {"title": "Falsk", "kind": "file", "file": fake})
    assert response.status_code == 400 and not Resource.objects.exists()


def test_a_series_name_is_unique_and_the_panel_is_taken(client, coordinator):
    client.force_login(coordinator)
    client.post("/koordinator/moteserier/ny/", {"name": "Inkluderingsteam", "kind": "inclusion_team"})
    for name in ("inkluderingsteam", "Erfaringspanelet"):
        assert client.post("/koordinator/moteserier/ny/", {"name": name, "kind": "other"}).status_code == 200
    assert list(MeetingSeries.objects.values_list("name", flat=True)) == ["Inkluderingsteam"]


def test_organisations_are_chosen_with_check_boxes_that_keep_earlier_choices(client, coordinator):
    """A multi-select dropped every earlier choice on one plain click; check boxes cannot, and
    static/js/choices.js makes the list searchable (the page loads it; no inline script)."""
    names = ("Østlandet Forening", "Zambisk Forening", "Ærlig Forening", "afghansk forening")
    organisations = {name: make_organisation(name=name) for name in names}
    event = activity("own_event", datetime.date(2025, 10, 29), organisations=[organisations["Zambisk Forening"]], role="co_organiser")
    client.force_login(coordinator)

    page = client.get(f"/koordinator/aktiviteter/{event.pk}/rediger/").content.decode()

    boxes = re.findall(r'<input[^>]*name="co_organisers"[^>]*>', page)
    assert len(boxes) == len(names) and all('type="checkbox"' in box and 'data-choice-search="Søk i listen"' in box for box in boxes)
    assert "js/choices.js" in page and '<select name="co_organisers"' not in page
    zambisk = organisations["Zambisk Forening"].pk
    assert [box for box in boxes if "checked" in box] == [box for box in boxes if f'value="{zambisk}"' in box]
    field = page[page.index('name="co_organisers"'):page.index('name="taking_part"')]
    positions = [field.index(name) for name in ("afghansk forening", "Zambisk Forening", "Ærlig Forening", "Østlandet Forening")]
    assert positions == sorted(positions)

    # Ticking one more sends both.
    data = {**EVENT, "co_organisers": [zambisk, organisations["Ærlig Forening"].pk]}
    client.post(f"/koordinator/aktiviteter/{event.pk}/rediger/", data)
    assert sorted(event.links.values_list("organisation__name", flat=True)) == ["Zambisk Forening", "Ærlig Forening"]


def test_the_file_of_a_resource_that_is_not_public_is_never_in_the_public_media_root(client, coordinator, media, settings):
    """Not public: the file lives in the private media root under an unguessable folder, with no
    address; made public, it moves to /media/; made private again, it leaves."""
    client.force_login(coordinator)
    internal = SimpleUploadedFile("intern-veileder.pdf", b"%PDF-1.4\n% intern\n", content_type="application/pdf")
    response = client.post("/koordinator/ressurser/ny/", {"title": "Intern veileder", "kind": "file", "file": internal,
                                                          "languages": [Language.objects.get(code="no").pk]})
    assert response.status_code == 302
    resource = Resource.objects.get()
    public_files = lambda: [p for p in media.rglob("*") if p.is_file()] if media.exists() else []  # noqa: E731
    assert public_files() == []
    private = settings.PRIVATE_MEDIA_ROOT / resource.file.name
    assert private.is_file() and private.read_bytes().startswith(b"%PDF-1.4")
    assert "intern-veileder" not in client.get("/ressurser/").content.decode()
    assert "Intern veileder" in client.get(f"/koordinator/ressurser/{resource.pk}/").content.decode()  # the edit form works

    form = {"title": "Intern veileder", "kind": "file", "public": "on", "languages": [Language.objects.get(code="no").pk]}
    assert client.post(f"/koordinator/ressurser/{resource.pk}/", form).status_code == 302
    resource.refresh_from_db()
    assert [p.name for p in public_files()] == ["intern-veileder.pdf"] and not private.exists()
    client.logout()
    assert f"/media/{resource.file.name}" in client.get("/ressurser/?sprak=no").content.decode()

    client.force_login(coordinator)
    assert client.post(f"/koordinator/ressurser/{resource.pk}/", {**form, "public": ""}).status_code == 302
    resource.refresh_from_db()
    assert public_files() == [] and (settings.PRIVATE_MEDIA_ROOT / resource.file.name).is_file()


def test_the_library_names_a_resources_languages_in_the_pages_own_language(client, db):
    """'arabisk' is a Norwegian word: marked lang="ar", a screen reader reads it with an Arabic voice."""
    from bs4 import BeautifulSoup

    guide = Resource.objects.create(title="Søknadsveileder", kind="link", url="https://example.org/veileder")
    guide.languages.set(Language.objects.filter(code__in=["ar", "so"]))
    page = BeautifulSoup(client.get("/ressurser/").content, "html.parser")
    (card,) = page.select("main section.card")
    assert "· arabisk, somali" in " ".join(card.get_text().split())
    assert [element["lang"] for element in card.select("[lang]")] == []  # the page's own language: Norwegian

    client.post("/i18n/setlang/", {"language": "en", "next": "/ressurser/"})
    page = BeautifulSoup(client.get("/ressurser/").content, "html.parser")
    assert page.html["lang"] == "en" and "· Arabic, Somali" in " ".join(page.select_one("main section.card").get_text().split())
    assert page.select("main section.card [lang]") == []
