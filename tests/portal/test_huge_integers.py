"""A number no integer column can hold (2**64) typed into any field of a form is a form error,
never a 500: on SQLite the driver cannot even send it ("Python int too large to convert to SQLite
INTEGER"), which every multiple-choice field (pk__in) ran into (portal/db/lookups.py)."""

import re

import pytest

from organisations.models import Organisation

pytestmark = pytest.mark.django_db
HUGE = str(2**64)
FORMS = [
    "/koordinator/organisasjoner/ny/",
    "/koordinator/moteserier/ny/",
    "/koordinator/aktiviteter/ny/",
    "/koordinator/ressurser/ny/",
    "/koordinator/utvalg/ny/",
]


@pytest.mark.parametrize("path", FORMS)
def test_a_huge_number_in_every_field_is_a_form_error_not_a_500(client, coordinator, path):
    client.force_login(coordinator)
    client.raise_request_exception = False
    page = client.get(path).content.decode()
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*name="([^"]+)"', page)) - {"csrfmiddlewaretoken"}
    assert names
    response = client.post(path, {name: HUGE for name in names})
    assert response.status_code in (200, 400)  # the form again with its errors, or a clear refusal
    if response.status_code == 200:
        assert "is-invalid" in response.content.decode() or "errorlist" in response.content.decode()


def test_in_leaves_out_numbers_the_column_cannot_hold(org_a):
    assert list(Organisation.objects.filter(pk__in=[2**64, org_a.pk])) == [org_a]
    assert list(Organisation.objects.filter(pk__in=[2**64, -(2**64)])) == []
