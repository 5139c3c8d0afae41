"""contacts.csv of the portal spreadsheet format: import all or nothing, errors, export round trip."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from organisations.models import Kind
from outreach import selectors
from outreach.models import Contact
from portal.spreadsheets import importing
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

HEADER = "date,organisation,channel,outcome,note"


@pytest.fixture
def organisations():
    return [
        make_organisation("Eritreisk Forening i Rogaland"),
        make_organisation("Polsk-Norsk Forening"),
        make_organisation("Nav Sandnes", kind=Kind.MUNICIPAL_SERVICE),
    ]


def write(directory, text, name="contacts.csv"):
    (directory / name).write_bytes(text.encode("utf-8"))


def test_it_imports_contacts_matched_by_organisation_name(tmp_path, organisations):
    write(
        tmp_path,
        "\n".join(
            [
                HEADER,
                "2025-01-10,eritreisk forening i rogaland,email,no_response,Første e-post",
                "2025-02-10,Eritreisk Forening i Rogaland,phone,responded,Ringte",
                "2025-03-01,Polsk-Norsk Forening,meeting,met,\"Møte; kaffe\"",
                "2025-03-01,Nav Sandnes,meeting,met,",
            ]
        ),
    )
    call_command("import_data", str(tmp_path))
    assert Contact.objects.count() == 4
    assert Contact.objects.filter(organisation=organisations[0]).count() == 2
    assert selectors.organisations_contacted(2025) == 2
    assert selectors.organisations_responded(2025) == 2


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path, capsys, organisations):
    write(
        tmp_path,
        "\n".join(
            [
                HEADER,
                "2025-01-10,Eritreisk Forening i Rogaland,email,no_response,god rad",
                "32.01.2025,Eritreisk Forening i Rogaland,email,no_response,feil dato",  # DD.MM.YYYY is read, day 32 is not
                "2025-01-10,Ukjent Forening,email,no_response,ukjent",
                "2025-01-10,Polsk-Norsk Forening,fax,no_response,feil kanal",
                "2025-01-10,Polsk-Norsk Forening,email,maybe,feil resultat",
                "2025-01-10,,email,no_response,uten organisasjon",
            ]
        ),
    )
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    err = capsys.readouterr().err
    assert "contacts.csv:3: date:" in err
    assert "contacts.csv:4: organisation: ukjent organisasjon «Ukjent Forening»" in err
    assert "contacts.csv:5: channel:" in err
    assert "contacts.csv:6: outcome:" in err
    assert "contacts.csv:7: organisation:" in err
    assert "contacts.csv:2:" not in err
    assert Contact.objects.count() == 0


def test_a_missing_column_is_reported_on_the_header_row(tmp_path, capsys, organisations):
    write(tmp_path, "date,organisation,channel,note\n2025-01-01,Polsk-Norsk Forening,email,x\n")
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    assert "contacts.csv:1: outcome:" in capsys.readouterr().err


def test_importing_the_same_file_twice_does_not_double_the_log(tmp_path, organisations):
    rows = [HEADER, "2025-01-10,Polsk-Norsk Forening,email,no_response,"] * 1
    rows.append("2025-01-10,Polsk-Norsk Forening,email,no_response,")  # two identical e-mails that day
    write(tmp_path, "\n".join(rows))
    call_command("import_data", str(tmp_path))
    call_command("import_data", str(tmp_path))
    assert Contact.objects.count() == 2


def test_semicolons_bom_and_xlsx_are_read(tmp_path, organisations):
    write(tmp_path, "\ufeff" + HEADER.replace(",", ";") + "\n2025-04-01;Polsk-Norsk Forening;sms;responded;Svar på SMS\n")
    call_command("import_data", str(tmp_path))
    assert Contact.objects.get().note == "Svar på SMS"
    (tmp_path / "contacts.csv").unlink()

    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append([datetime.datetime(2025, 5, 1), "Polsk-Norsk Forening", "visit", "met", None])
    workbook.save(tmp_path / "contacts.xlsx")
    call_command("import_data", str(tmp_path))
    assert Contact.objects.filter(date="2025-05-01", channel="visit").exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_imports_back_unchanged(tmp_path, organisations, file_format):
    write(
        tmp_path,
        "\n".join(
            [
                HEADER,
                "2025-01-10,Eritreisk Forening i Rogaland,email,no_response,Første e-post",
                "2025-02-10,Eritreisk Forening i Rogaland,phone,responded,\"Ringte, fikk svar\"",
                "2025-03-01,Polsk-Norsk Forening,meeting,met,",
                "2025-03-01,Polsk-Norsk Forening,meeting,met,",
            ]
        ),
    )
    call_command("import_data", str(tmp_path))
    fields = ("date", "organisation__name", "channel", "outcome", "note")
    before = sorted(Contact.objects.values_list(*fields))
    exported = importing.export_bytes("contacts", file_format)
    if file_format == "csv":
        assert exported.decode().splitlines()[0] == HEADER
    Contact.objects.all().delete()
    (tmp_path / "contacts.csv").unlink()
    (tmp_path / f"contacts.{file_format}").write_bytes(exported)
    call_command("import_data", str(tmp_path))
    assert sorted(Contact.objects.values_list(*fields)) == before


def test_the_coordinator_screen_imports_contacts(client, coordinator, organisations):
    client.force_login(coordinator)
    bad = io.BytesIO((HEADER + "\n2025-01-01,Polsk-Norsk Forening,letter,met,\n").encode())
    bad.name = "contacts.csv"
    response = client.post("/koordinator/import/", {"kind": "contacts", "file": bad, "import": "1"})
    assert "contacts.csv:2: channel:" in response.content.decode()
    good = io.BytesIO((HEADER + "\n2025-01-01,Polsk-Norsk Forening,email,met,\n").encode())
    good.name = "contacts.csv"
    response = client.post("/koordinator/import/", {"kind": "contacts", "file": good, "import": "1"})
    assert response.status_code == 302
    assert Contact.objects.get().created_by == coordinator


def test_the_export_download(client, coordinator, council_staff, organisations):
    Contact.objects.create(organisation=organisations[1], date=datetime.date(2025, 1, 1), channel="email", outcome="responded")
    client.force_login(coordinator)
    response = client.get("/koordinator/eksport/contacts.csv")
    assert response.status_code == 200
    assert b"2025-01-01,Polsk-Norsk Forening,email,responded," in response.getvalue()
