"""The organisation's record in the spreadsheet export's extra.json (hub/backup.py): where it is
active, member count, needs, premises needs and each contact person's consent and opt-out come back
from a restore as they were; a municipality number the portal does not know is refused."""

import datetime
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from hub import backup
from mailings.models import ContactPreference, OptOutSource
from mailings.services import preference_give_consent, preference_opt_out
from organisations.models import ContactPerson, Municipality, PremisesNeed
from organisations.services import premises_need_withdraw
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    organisation = make_organisation("Eritreisk Forening", municipality="Stavanger", member_count=140,
                                     other_needs=["storage"], other_needs_note="Skap")
    organisation.active_in.add(Municipality.objects.get(number="1108"))
    yes = ContactPerson.objects.create(organisation=organisation, name="Amina Ja", email="ja@example.org")
    preference_give_consent(person=yes)
    gone = ContactPerson.objects.create(organisation=organisation, name="Berhane Nei", email="nei@example.org")
    preference_give_consent(person=gone)
    preference_opt_out(person=gone, source=OptOutSource.LINK)
    ContactPerson.objects.create(organisation=organisation, name="Uten Valg")
    PremisesNeed.objects.create(organisation=organisation, weekday=2, starts_at=datetime.time(17, 30), ends_at=datetime.time(19),
                                people=25, frequency="fortnightly", purpose="Leksehjelp")
    met = PremisesNeed.objects.create(organisation=organisation, weekday=5, starts_at=datetime.time(12), ends_at=datetime.time(16), area=90)
    premises_need_withdraw(need=met)
    return organisation


def exported():
    return json.loads(json.dumps({"format": backup.FORMAT_VERSION, **backup._extras_base()}, cls=DjangoJSONEncoder))


def milliseconds(moment):
    # extra.json is written with DjangoJSONEncoder, which keeps times to the millisecond.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000) if moment else moment


def record(organisation):
    organisation.refresh_from_db()
    return {
        "own": (organisation.member_count, organisation.other_needs, organisation.other_needs_note,
                list(organisation.active_in.values_list("number", flat=True))),
        "persons": sorted(
            (p.name, p.email, getattr(p, "mailing_preference", None) and
             (p.mailing_preference.may_email, milliseconds(p.mailing_preference.opted_out_at), p.mailing_preference.opted_out_source))
            for p in organisation.contact_persons.select_related("mailing_preference")
        ),
        "needs": list(organisation.premises_needs.values_list(
            "weekday", "starts_at", "ends_at", "people", "area", "frequency", "purpose", "withdrawn_on")),
    }


def test_the_record_comes_back_from_the_export(organisation):
    before = record(organisation)
    data = exported()
    ContactPerson.objects.all().delete()
    PremisesNeed.objects.all().delete()
    organisation.active_in.clear()
    type(organisation).objects.filter(pk=organisation.pk).update(member_count=None, other_needs=[], other_needs_note="")
    backup.restore_extra(data)
    assert record(organisation) == before
    assert before["persons"][0][2] == (True, None, "")  # Amina's yes …
    assert before["persons"][1][2][2] == OptOutSource.LINK  # … and Berhane's opt-out, kept
    assert ContactPreference.objects.count() == 2


def test_an_unknown_municipality_number_is_refused_and_nothing_is_written(organisation):
    data = exported()
    data["organisations"][0]["active_in"] = ["9998"]
    ContactPerson.objects.all().delete()
    with pytest.raises(backup.RestoreError, match="unknown municipality number '9998'"):
        backup.restore_extra(data)
    assert list(organisation.active_in.values_list("number", flat=True)) == ["1108"]
    assert not ContactPerson.objects.exists()
