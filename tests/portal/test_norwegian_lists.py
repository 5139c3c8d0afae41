"""Coordinators' lists beyond the directory name organisations in Norwegian order too (portal.text.collation).

The directory's own order is tested in tests/organisations/test_norwegian_order.py; these are the
lists of the other apps (grants, outreach), which sorted by the raw name: capitals first on SQLite.
"""

import pytest

from grants import selectors as grant_selectors
from outreach.forms import ContactForm
from outreach.selectors import search_organisations
from tests.conftest import make_organisation
from tests.grants.factories import application, grant_round

pytestmark = pytest.mark.django_db

EXPECTED = ["aceh lag", "BYDEL lag", "Ærlig lag", "Østre lag"]


@pytest.fixture
def organisations():
    return [make_organisation(name=name) for name in ("Østre lag", "BYDEL lag", "Ærlig lag", "aceh lag")]


def test_the_outreach_search_and_its_form_list_in_norwegian_order(organisations):
    assert [each.name for each in search_organisations("lag")] == EXPECTED
    choices = [each.name for each in ContactForm().fields["organisation"].queryset]
    assert choices == EXPECTED


def test_a_grant_rounds_applications_list_in_norwegian_order(organisations):
    the_round = grant_round()
    for organisation in organisations:
        application(the_round, organisation)
    names = [each.organisation.name for each in grant_selectors.round_applications(the_round)]
    assert names == EXPECTED
