import pytest
from django.urls import reverse

from organisations.models import Organisation
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("organisations:staff_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_without_role_gets_403(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("organisations:staff_list")).status_code == 403


def test_council_staff_read_but_do_not_edit(client, council_staff, org_a):
    client.force_login(council_staff)
    assert client.get(reverse("organisations:staff_list")).status_code == 200
    assert client.get(reverse("organisations:staff_detail", args=[org_a.pk])).status_code == 200
    assert client.get(reverse("organisations:edit", args=[org_a.pk])).status_code == 403
    assert client.post(reverse("organisations:create"), {"name": "X", "kind": "other"}).status_code == 403


def test_coordinator_creates_an_organisation(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:create"),
        {"name": "Ny Forening", "kind": "immigrant_organisation", "tags_text": "matlaging, dans"},
    )
    organisation = Organisation.objects.get(name="Ny Forening")
    assert response.status_code == 302
    assert sorted(t.name for t in organisation.tags.all()) == ["dans", "matlaging"]
    assert "matlaging" in organisation.search_text


def test_a_wrong_org_number_is_shown_beside_the_field_and_the_input_kept(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:create"),
        {"name": "Forening Med Feil", "kind": "immigrant_organisation", "org_number": "123456789"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kontrollsifferet stemmer ikke" in html
    assert 'value="Forening Med Feil"' in html
    assert not Organisation.objects.filter(name="Forening Med Feil").exists()


@pytest.mark.parametrize("typed", ["923 609 016", " 923609016 ", "923.609.016", "923\u00a0609\u00a0016"])
def test_the_org_number_is_taken_as_brreg_prints_it(client, coordinator, typed):
    client.force_login(coordinator)
    page = client.get(reverse("organisations:create")).content.decode()
    assert 'name="org_number" maxlength="20"' in page  # room for the spaces: nothing is cut off
    response = client.post(
        reverse("organisations:create"), {"name": "Forening Med Mellomrom", "kind": "immigrant_organisation", "org_number": typed}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Organisation.objects.get(name="Forening Med Mellomrom").org_number == "923609016"


def test_publishing_needs_consent_on_record(client, coordinator):
    client.force_login(coordinator)
    data = {"name": "Forening", "kind": "immigrant_organisation", "published_on": "2026-01-05"}
    response = client.post(reverse("organisations:create"), data)
    assert "samtykke" in response.content.decode()
    assert not Organisation.objects.exists()
    data.update(consent_given_by="Styreleder", consent_given_on="2026-01-04")
    assert client.post(reverse("organisations:create"), data).status_code == 302


def test_duplicate_name_is_refused_ignoring_case(client, coordinator):
    make_organisation(name="Litauisk Forening i Rogaland")
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:create"),
        {"name": "litauisk forening i rogaland", "kind": "immigrant_organisation"},
    )
    assert response.status_code == 200
    assert Organisation.objects.count() == 1


def test_archive_hides_from_directory_and_restore_brings_back(client, coordinator, published):
    organisation = published(name="Forening")
    client.force_login(coordinator)
    client.post(reverse("organisations:archive", args=[organisation.pk]), follow=True)
    organisation.refresh_from_db()
    assert organisation.archived_at is not None
    assert "Forening" not in client.get("/organisasjoner/").content.decode().split("<main")[1]
    client.post(reverse("organisations:archive", args=[organisation.pk]))
    organisation.refresh_from_db()
    assert organisation.archived_at is None


def test_archive_requires_post(client, coordinator, org_a):
    client.force_login(coordinator)
    assert client.get(reverse("organisations:archive", args=[org_a.pk])).status_code == 405


def test_staff_list_filters_and_searches(client, council_staff, published):
    published(name="Publisert Forening")
    make_organisation(name="Upublisert Forening")
    client.force_login(council_staff)
    html = client.get(reverse("organisations:staff_list"), {"state": "unpublished"}).content.decode()
    assert "Upublisert Forening" in html and "Publisert Forening</a>" not in html.replace("Upublisert Forening</a>", "")


def test_staff_list_query_count_is_bounded(client, coordinator, django_assert_max_num_queries):
    for number in range(60):
        make_organisation(name=f"Forening {number}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("organisations:staff_list")).status_code == 200


def test_contact_person_is_added_and_shown_to_staff_only(client, coordinator, published):
    organisation = published(name="Forening")
    client.force_login(coordinator)
    client.post(
        reverse("organisations:contact_person_create", args=[organisation.pk]),
        {"name": "Kari Demo", "role": "Leder", "email": "kari@example.org", "phone": "40000000"},
    )
    assert "Kari Demo" in client.get(reverse("organisations:staff_detail", args=[organisation.pk])).content.decode()
    client.logout()
    assert "Kari Demo" not in client.get(organisation.get_absolute_url()).content.decode()
