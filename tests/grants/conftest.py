import pytest

from grants.models import ApplicationStatus, Part
from organisations.models import Kind
from tests.conftest import make_organisation
from tests.grants import factories


@pytest.fixture
def grants_2025(db):
    """Two schemes' rounds in 2025 and one in 2024, with every kind of application.

    IMDi 2025 (321 702 kr): Kulturforeningen (immigrant) has operating support AND two activity
    grants; Trossamfunnet (faith community) operating; Frivilligsentralen (voluntary) activity;
    a refused, a withdrawn, an undecided one and an unsent draft.
    Kommunens ordning 2025 (100 000 kr): Frivilligsentralen operating.
    IMDi 2024: a grant that belongs to another year.
    """
    culture = make_organisation(name="Kulturforeningen")
    faith = make_organisation(name="Trossamfunnet", kind=Kind.FAITH_COMMUNITY)
    voluntary = make_organisation(name="Frivilligsentralen", kind=Kind.VOLUNTARY_ORGANISATION)
    refused = make_organisation(name="Avslått forening")
    withdrawn = make_organisation(name="Trukket forening")
    waiting = make_organisation(name="Ventende forening")
    drafting = make_organisation(name="Utkastforeningen")

    imdi = factories.grant_round(2025, 321702)
    factories.granted(imdi, culture, part=Part.OPERATING, applied=25000, amount=20000, heads=40)
    factories.granted(imdi, culture, part=Part.ACTIVITY, applied=15000, amount=15000, heads=100)
    factories.granted(imdi, culture, part=Part.ACTIVITY, applied=8000, amount=5000, heads=30)
    factories.granted(imdi, faith, part=Part.OPERATING, applied=12000, amount=10000, heads=60)
    factories.granted(imdi, voluntary, part=Part.ACTIVITY, applied=10000, amount=7000, heads=50)
    factories.application(imdi, refused, applied=9000, status=ApplicationStatus.REFUSED, participants=999, decision_reason="Utenfor formålet")
    factories.application(imdi, withdrawn, part=Part.OPERATING, applied=30000, status=ApplicationStatus.WITHDRAWN, members=500)
    factories.application(imdi, waiting, applied=4000, participants=20)
    factories.application(imdi, drafting, applied=99999, status=ApplicationStatus.DRAFT, participants=10)

    municipal = factories.grant_round(2025, 100000, scheme_name="Kommunens tilskudd til inkludering")
    factories.granted(municipal, voluntary, part=Part.OPERATING, applied=50000, amount=40000, heads=25)

    earlier = factories.grant_round(2024, 300000)
    factories.granted(earlier, culture, part=Part.OPERATING, applied=99000, amount=90000, heads=700)
    return {"imdi": imdi, "municipal": municipal, "earlier": earlier, "culture": culture, "voluntary": voluntary}


EXPECTED_2025 = [
    {
        "scheme": "Kommunens tilskudd til inkludering",
        "allocation": 100000,
        "applications": 1,
        "applied_amount": 50000,
        "granted": {
            "operating": {"applications": 1, "organisations": 1, "amount": 40000, "members": 25},
            "activity": {"applications": 0, "organisations": 0, "amount": 0, "participants": 0},
        },
        "granted_amount": 40000,
        "immigrant_organisations_granted": 0,
        "unused": 60000,
    },
    {
        "scheme": "Tilskudd til frivillig virksomhet i lokalsamfunn",
        "allocation": 321702,
        # 5 granted + refused + undecided; the withdrawn one and the draft are not applications
        "applications": 7,
        "applied_amount": 25000 + 15000 + 8000 + 12000 + 10000 + 9000 + 4000,
        "granted": {
            "operating": {"applications": 2, "organisations": 2, "amount": 30000, "members": 100},
            # Kulturforeningen's two activity grants are one organisation
            "activity": {"applications": 3, "organisations": 2, "amount": 27000, "participants": 180},
        },
        "granted_amount": 57000,
        # Kulturforeningen and Trossamfunnet; the voluntary organisation is not counted here
        "immigrant_organisations_granted": 2,
        "unused": 321702 - 57000,
    },
]
