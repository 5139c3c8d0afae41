import pytest

from tests.conftest import make_organisation
from tests.outreach.factories import contact, d, guidance, invitation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["contact", "guidance", "eventinvitation"])
def test_the_admin_lists_and_opens_outreach_records(admin_client, model):
    org = make_organisation("Forening")
    records = {
        "contact": contact(org, d(2025, 1, 1)),
        "guidance": guidance(d(2025, 1, 1), org),
        "eventinvitation": invitation(org, d(2025, 1, 1)),
    }
    assert admin_client.get(f"/admin/outreach/{model}/").status_code == 200
    assert admin_client.get(f"/admin/outreach/{model}/{records[model].pk}/change/").status_code == 200
