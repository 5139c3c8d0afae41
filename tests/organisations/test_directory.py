import datetime

import pytest
from django.urls import reverse

from organisations.models import Kind, Language
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_it_lists_published_organisations_only(client, published):
    published(name="Eritreisk Forening i Rogaland")
    make_organisation(name="Ikke Publisert Forening")
    make_organisation(name="Framtidig Forening", published_on=datetime.date.today() + datetime.timedelta(days=3))
    archived = published(name="Arkivert Forening")
    archived.archived_at = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    archived.save()

    html = client.get(reverse("organisations:directory")).content.decode()

    assert "Eritreisk Forening i Rogaland" in html
    assert "Ikke Publisert Forening" not in html
    assert "Framtidig Forening" not in html
    assert "Arkivert Forening" not in html


@pytest.mark.parametrize("query", ["eritreisk", "ERITREISK", "Eritreisk forening"])
def test_search_ignores_case(client, published, query):
    published(name="Eritreisk Forening i Rogaland")
    published(name="Polsk-Norsk Forening")

    html = client.get(reverse("organisations:directory"), {"q": query}).content.decode()

    assert "Eritreisk Forening i Rogaland" in html
    assert "Polsk-Norsk Forening" not in html


def test_search_folds_norwegian_letters_and_accents(client, published):
    published(name="Østre Ærlig Kulturforening")
    published(name="Café Ubuntu")

    assert "Østre Ærlig" in client.get("/organisasjoner/", {"q": "ostre"}).content.decode()
    assert "Østre Ærlig" in client.get("/organisasjoner/", {"q": "ØSTRE aerlig"}).content.decode()
    assert "Café Ubuntu" in client.get("/organisasjoner/", {"q": "cafe"}).content.decode()


def test_search_covers_description_languages_and_activities(client, published):
    from organisations.models import ActivityCategory

    tamil = published(name="Forening 1", description="Dans og musikk for barn")
    tamil.languages.add(Language.objects.get(code="ta"))
    tamil.refresh_search_text()
    sport = published(name="Forening 2")
    sport.activities.add(ActivityCategory.objects.get(code="1.2"))
    sport.refresh_search_text()

    def names(q):
        return client.get("/organisasjoner/", {"q": q}).content.decode()

    assert "Forening 1" in names("musikk") and "Forening 2" not in names("musikk")
    assert "Forening 1" in names("tamil") and "Forening 2" not in names("tamil")
    assert "Forening 2" in names("idrett") and "Forening 1" not in names("idrett")


def test_filters_by_kind_language_and_municipality(client, published):
    faith = published(name="Trossamfunn X", kind=Kind.FAITH_COMMUNITY, municipality="Stavanger")
    faith.languages.add(Language.objects.get(code="ar"))
    published(name="Forening Y", kind=Kind.IMMIGRANT_ORGANISATION, municipality="Sandnes")

    by_kind = client.get("/organisasjoner/", {"kind": "faith_community"}).content.decode()
    by_language = client.get("/organisasjoner/", {"language": "ar"}).content.decode()
    by_place = client.get("/organisasjoner/", {"municipality": "Sandnes"}).content.decode()

    assert "Trossamfunn X" in by_kind and "Forening Y" not in by_kind
    assert "Trossamfunn X" in by_language and "Forening Y" not in by_language
    assert "Forening Y" in by_place and "Trossamfunn X" not in by_place


def test_it_paginates(client, published):
    for number in range(25):
        published(name=f"Forening {number:02d}")

    first = client.get("/organisasjoner/").content.decode()
    second = client.get("/organisasjoner/", {"side": 2}).content.decode()

    assert "Forening 00" in first and "Forening 24" not in first
    assert "Forening 24" in second and "Forening 00" not in second


def test_hostile_query_values_do_not_fail(client, published):
    published(name="Forening")
    for params in ({"q": "x" * 5000}, {"kind": "nope"}, {"side": "abc"}, {"side": "-1"}, {"q": "%_\\'\"<script>"}):
        assert client.get("/organisasjoner/", params).status_code == 200


@pytest.mark.parametrize("size", [5, 40])
def test_query_count_does_not_grow_with_the_directory(client, published, django_assert_max_num_queries, size):
    for number in range(size):
        organisation = published(name=f"Forening {number:02d}")
        organisation.languages.add(Language.objects.get(code="ar"), Language.objects.get(code="so"))
    # session-free anonymous page: count, page, languages, activities, the filters' choices
    with django_assert_max_num_queries(6):
        response = client.get("/organisasjoner/", {"q": "forening", "language": "ar"})
    assert response.status_code == 200


def test_start_page_links_to_the_directory(client, published):
    published(name="Forening")
    html = client.get("/").content.decode()
    assert 'href="/organisasjoner/"' in html


@pytest.mark.parametrize(
    "typed, meant, found",
    [
        ("tamill", "Tamil", "Tamil Association"),
        ("fellesraad", "Fellesråd", "Sandnes Fellesråd"),
        ("Mamamran", "Mamaran", "Mamaran Kvinneforening"),
        ("eritrisk forening", "Eritreisk forening", "Eritreisk Forening i Rogaland"),
    ],
)
def test_a_search_with_a_typo_says_what_was_meant_and_shows_it(client, published, typed, meant, found):
    from html import unescape

    for name in ("Tamil Association", "Sandnes Fellesråd", "Mamaran Kvinneforening", "Eritreisk Forening i Rogaland"):
        published(name=name)
    make_organisation(name="Tamill Ikke Publisert")  # a word of an unpublished listing is never suggested

    html = unescape(client.get(reverse("organisations:directory"), {"q": typed}).content.decode())

    assert f"Ingen treff på «{typed}». Mente du " in html and f"«{meant}»" in html
    assert found in html
    assert html.count('class="card') >= 1 and "Polsk" not in html


def test_a_search_nothing_is_close_to_suggests_nothing(client, published):
    published(name="Tamil Association")
    html = client.get(reverse("organisations:directory"), {"q": "xqzw"}).content.decode()
    assert "Mente du" not in html and "Ingen organisasjoner passer søket." in html
    assert "Mente du" not in client.get(reverse("organisations:directory"), {"q": "tamil"}).content.decode()
