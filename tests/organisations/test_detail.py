import pytest
from django.urls import reverse

from organisations.models import ContactPerson
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_it_shows_the_public_listing_without_private_fields(client, published):
    organisation = published(
        name="Sudansk forening i Rogaland",
        email="post@sudansk.example.org",
        notes="Hemmelig internt notat om styret",
        description="Vi samles hver lørdag.",
    )
    ContactPerson.objects.create(
        organisation=organisation, name="Privat Personnavn", email="privat@example.org", phone="99999999"
    )

    response = client.get(reverse("organisations:detail", args=[organisation.slug]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Sudansk forening i Rogaland" in html
    assert "post@sudansk.example.org" in html
    assert "Vi samles hver lørdag." in html
    for private in ("Hemmelig internt notat", "Privat Personnavn", "privat@example.org", "99999999", "Styreleder"):
        assert private not in html


def test_directory_shows_no_private_fields_either(client, published):
    organisation = published(name="Forening", notes="Hemmelig internt notat")
    ContactPerson.objects.create(organisation=organisation, name="Privat Personnavn", email="privat@example.org")
    html = client.get("/organisasjoner/").content.decode()
    assert "Forening" in html
    assert "Hemmelig" not in html and "Privat Personnavn" not in html and "privat@example.org" not in html


def test_unpublished_listing_is_404(client):
    organisation = make_organisation(name="Ikke publisert")
    assert client.get(reverse("organisations:detail", args=[organisation.slug])).status_code == 404


def test_slugs_are_unique_and_readable(db):
    first = make_organisation(name="Østre Forening")
    second = make_organisation(name="ostre forening!")
    assert first.slug == "ostre-forening"
    assert second.slug == "ostre-forening-2"
