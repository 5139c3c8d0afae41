"""The regular offers in the spreadsheet export (export_all → extra.json) and back (import_data)."""

import datetime
import json

import pytest
from django.core.management import call_command

from hub import backup
from offers.models import Offer
from organisations.models import Kind, ModerationStatus, Organisation
from tests.conftest import make_organisation
from tests.offers.factories import offer

pytestmark = pytest.mark.django_db


def test_an_export_restores_every_offer_with_its_rule_languages_pauses_and_state(tmp_path, capsys):
    eritrean = make_organisation("Eritreisk forening", published_on=datetime.date(2026, 1, 1))
    library = make_organisation("Sandnes bibliotek", kind=Kind.MUNICIPAL_SERVICE)
    offer(eritrean, title="Språkkafé", languages=("ti", "no"), pauses=[("2027-06-21", "2027-08-08"), ("2027-03-30", "2027-03-30")],
          description="<p>Kaffe og <strong>prat</strong></p>")
    offer(library, title="Leksehjelp", weekdays="13", start="15:00", end="17:00", valid_until=None,
          status=ModerationStatus.PENDING, audience="children")
    backup.export_all(tmp_path / "first")
    first = json.loads((tmp_path / "first" / "extra.json").read_text())
    assert [item["title"] for item in first["offers"]] == ["Språkkafé", "Leksehjelp"]

    Offer.objects.all().delete()
    Organisation.objects.all().delete()
    call_command("import_data", str(tmp_path / "first"))
    capsys.readouterr()

    cafe = Offer.objects.get(title="Språkkafé")
    assert cafe.organisation.name == "Eritreisk forening" and cafe.status == ModerationStatus.APPROVED
    assert sorted(cafe.languages.values_list("code", flat=True)) == ["no", "ti"]
    assert [(p.starts_on.isoformat(), p.ends_on.isoformat()) for p in cafe.pauses.all()] == [
        ("2027-03-30", "2027-03-30"), ("2027-06-21", "2027-08-08")]
    assert "<strong>prat</strong>" in cafe.description and cafe.start_time == datetime.time(18)
    homework = Offer.objects.get(title="Leksehjelp")
    assert homework.status == ModerationStatus.PENDING and homework.valid_until is None and homework.weekdays == "13"
    backup.export_all(tmp_path / "second")
    assert json.loads((tmp_path / "second" / "extra.json").read_text())["offers"] == first["offers"]


def test_a_bad_offer_in_extra_json_writes_nothing(tmp_path, capsys):
    from django.core.management.base import CommandError

    eritrean = make_organisation("Eritreisk forening")
    offer(eritrean, title="Språkkafé")
    backup.export_all(tmp_path)
    extra = json.loads((tmp_path / "extra.json").read_text())
    extra["offers"][0]["weekdays"] = "9"
    (tmp_path / "extra.json").write_text(json.dumps(extra))
    Offer.objects.all().delete()
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    assert not Offer.objects.exists()
