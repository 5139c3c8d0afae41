"""grant_rounds.csv and grant_applications.csv through the portal's import registry: all or
nothing, one `FILE:ROW: column: message` line per bad row, an export that imports back unchanged."""

import io

import pytest
from django.core.management import call_command

from grants import selectors
from grants.models import GrantApplication, GrantRound
from organisations.models import Kind
from portal.spreadsheets import importing
from tests.conftest import make_organisation
from tests.grants.conftest import EXPECTED_2025

pytestmark = pytest.mark.django_db

ROUNDS = (
    "year,scheme,allocation,deadline\n"
    "2025,Tilskudd til frivillig virksomhet i lokalsamfunn,321702,2025-03-01\n"
    "2025,Kommunens tilskudd,100000,01.04.2025\n"
)


def run(files, **kwargs):
    return importing.run_import([(stem, f"{stem}.csv", text.encode()) for stem, text in files], **kwargs)


def errors(results):
    return [str(error) for result in results for error in result.errors]


def test_it_imports_rounds_and_applications_and_the_figures_follow(db):
    make_organisation(name="Kulturforeningen")
    make_organisation(name="Frivilligsentralen", kind=Kind.VOLUNTARY_ORGANISATION)
    rounds = "year;scheme;allocation;deadline\n2025;Lokal ordning;321702;01.03.2025\n"
    applications = (
        "year,scheme,organisation,part,applied_amount,granted_amount,status,members,participants,note\n"
        "2025,Lokal ordning,Kulturforeningen,operating,25000,20000,granted,40,,\n"
        "2025,lokal ordning,kulturforeningen,Aktivitetsstøtte,15000,15000,Innvilget,,100,Sommerfest\n"
        "2025,Lokal ordning,Frivilligsentralen,activity,9000,,refused,,30,\n"
        "2025,Lokal ordning,Frivilligsentralen,operating,30000,,withdrawn,500,,\n"
    )
    results = run([("grant_rounds", rounds), ("grant_applications", applications)])
    assert errors(results) == []
    (figures,) = selectors.report_grants(2025)
    assert figures["applications"] == 3 and figures["applied_amount"] == 49000
    assert figures["granted"]["operating"] == {"applications": 1, "organisations": 1, "amount": 20000, "members": 40}
    assert figures["granted"]["activity"]["participants"] == 100
    assert figures["unused"] == 321702 - 35000


def test_every_bad_row_is_reported_once_and_nothing_is_written(db):
    make_organisation(name="Kulturforeningen")
    rounds = ROUNDS + "20x5,Lokal ordning,100,2025-01-01\n2025,Lokal ordning,mange,2025-13-01\n"
    applications = (
        "year,scheme,organisation,part,applied_amount,granted_amount,status,members,participants,note\n"
        "2025,Tilskudd til frivillig virksomhet i lokalsamfunn,Kulturforeningen,operating,25000,20000,granted,40,,\n"
        "2025,Tilskudd til frivillig virksomhet i lokalsamfunn,Ukjent forening,activity,1000,,received,,,\n"
        "2025,Tilskudd til frivillig virksomhet i lokalsamfunn,Kulturforeningen,drift,1000,,received,,,\n"
        "2025,Tilskudd til frivillig virksomhet i lokalsamfunn,Kulturforeningen,activity,1000,2000,granted,,,\n"
        "2025,Tilskudd til frivillig virksomhet i lokalsamfunn,Kulturforeningen,activity,1000,500,refused,,,\n"
        "2025,Tilskudd til frivillig virksomhet i lokalsamfunn,Kulturforeningen,activity,1000,,granted,,,\n"
        "2025,Tilskudd til frivillig virksomhet i lokalsamfunn,Kulturforeningen,activity,1000,,kanskje,,,\n"
        "2024,Tilskudd til frivillig virksomhet i lokalsamfunn,Kulturforeningen,activity,1000,,received,,,\n"
        "2025,Tilskudd til frivillig virksomhet i lokalsamfunn,Kulturforeningen,activity,1000,,received,,mange,\n"
    )
    results = run([("grant_rounds", rounds), ("grant_applications", applications)])
    assert errors(results) == [
        "grant_rounds.csv:4: year: «20x5» er ikke et årstall",
        "grant_rounds.csv:5: allocation: «mange» er ikke et helt tall (0 eller mer)",
        "grant_rounds.csv:5: deadline: «2025-13-01» er ikke en dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
        "grant_applications.csv:3: organisation: ukjent organisasjon «Ukjent forening»",
        "grant_applications.csv:4: part: «drift» er ikke tillatt (tillatt: operating, activity)",
        "grant_applications.csv:5: granted_amount: 2000 er mer enn søkt beløp 1000",
        "grant_applications.csv:6: granted_amount: skal være tom når status ikke er granted",
        "grant_applications.csv:7: granted_amount: må fylles ut med mer enn 0 når status er granted",
        "grant_applications.csv:8: status: «kanskje» er ikke tillatt (tillatt: received, granted, refused, withdrawn)",
        "grant_applications.csv:9: year: ingen søknadsrunde «Tilskudd til frivillig virksomhet i lokalsamfunn» 2024 (grant_rounds.csv)",
        "grant_applications.csv:10: participants: «mange» er ikke et helt tall (0 eller mer)",
    ]
    assert not GrantRound.objects.exists() and not GrantApplication.objects.exists()


def test_an_export_imports_back_unchanged(grants_2025, tmp_path):
    exported = {stem: importing.export_bytes(stem, "csv", importing.resource_class(stem)().get_export_queryset()) for stem in ("grant_rounds", "grant_applications")}
    assert b"99999" not in exported["grant_applications"]  # the unsent draft is not exported
    results = importing.run_import([(stem, f"{stem}.csv", data) for stem, data in exported.items()])
    assert errors(results) == []
    assert sum(r.new for r in results) == 0  # everything matched what is there
    assert selectors.report_grants(2025) == EXPECTED_2025


def test_the_spreadsheet_export_restores_every_grant_figure(grants_2025, tmp_path):
    call_command("export_all", str(tmp_path), stdout=io.StringIO())
    assert (tmp_path / "grant_rounds.csv").exists() and (tmp_path / "grant_applications.csv").exists()
    GrantApplication.objects.all().delete()
    GrantRound.objects.all().delete()
    results = importing.run_import(
        [(stem, f"{stem}.csv", (tmp_path / f"{stem}.csv").read_bytes()) for stem in ("grant_rounds", "grant_applications")]
    )
    assert errors(results) == []
    assert selectors.report_grants(2025) == EXPECTED_2025
    assert len(selectors.report_grants(2024)) == 1
