import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.no import orgnr

from organisations.models import Organisation
from portal.spreadsheets import importing

pytestmark = pytest.mark.django_db

HEADER = "name,org_number,kind,municipality,email,phone,website,description,published_on"


def valid_number(seed):
    """The seed-th nine-digit number from 910000000 up that passes the MOD11 check."""
    candidates = (f"{number:09d}" for number in range(910000000, 920000000))
    valid = (number for number in candidates if orgnr.is_valid(number))
    for _ in range(seed):
        next(valid)
    return next(valid)


def wrong_check_digit(number):
    return number[:8] + str((int(number[8]) + 1) % 10)


def rows(count):
    return [
        f"Forening {n:03d},{valid_number(n)},immigrant_organisation,Sandnes,post{n}@example.org,,,Beskrivelse {n},2025-12-22"
        for n in range(count)
    ]


def write(directory, name, text, encoding="utf-8"):
    path = directory / name
    path.write_bytes(text.encode(encoding))
    return path


def test_row_57_with_a_wrong_check_digit_fails_the_whole_import(tmp_path, capsys):
    lines = rows(60)
    number = lines[55].split(",")[1]  # data row 56 = file row 57 (the header is row 1)
    lines[55] = lines[55].replace(number, wrong_check_digit(number))
    write(tmp_path, "organisations.csv", "\n".join([HEADER] + lines) + "\n")

    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))

    err = capsys.readouterr().err
    assert "organisations.csv:57: org_number: " in err
    assert err.count("organisations.csv:") == 1
    assert Organisation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_import_data_exits_non_zero_from_the_shell(tmp_path):
    import os
    import subprocess
    import sys

    from tests.portal.test_jobs import _database_url_for_a_worker

    write(tmp_path, "organisations.csv", HEADER + "\nForening,123456789,immigrant_organisation,,,,,,\n")
    # The test database as another process opens it (a copy on SQLite): migrated already.
    url, _read, _heartbeat = _database_url_for_a_worker(tmp_path)
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "manage.py", "import_data", str(tmp_path)], capture_output=True, text=True, env=env
    )
    assert done.returncode != 0
    assert "organisations.csv:2: org_number:" in done.stderr


def test_every_bad_row_is_reported_with_its_column(tmp_path, capsys):
    write(
        tmp_path,
        "organisations.csv",
        "\n".join(
            [
                HEADER,
                "God Forening,,immigrant_organisation,,,,,,",
                "Feil Type,,church,,,,,,",
                "Feil Dato,,other,,,,,,31.02.2025",  # DD.MM.YYYY is read (docs/domain.md), a 31 February is not
                ",,other,,,,,,",
                "Feil Epost,,other,,ikke-epost,,,,",
            ]
        ),
    )
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    err = capsys.readouterr().err
    assert "organisations.csv:3: kind:" in err
    assert "organisations.csv:4: published_on:" in err
    assert "organisations.csv:5: name:" in err
    assert "organisations.csv:6: email:" in err
    assert "organisations.csv:2:" not in err
    assert Organisation.objects.count() == 0


def test_semicolon_and_bom_are_read(tmp_path):
    text = "\ufeff" + HEADER.replace(",", ";") + "\n" + "Østre Forening;;faith_community;Sandnes;;;;\"Bønn; sang\";2025-12-22\n"
    write(tmp_path, "organisations.csv", text)
    call_command("import_data", str(tmp_path))
    organisation = Organisation.objects.get()
    assert organisation.name == "Østre Forening"
    assert organisation.kind == "faith_community"
    assert str(organisation.published_on) == "2025-12-22"
    assert organisation.description == "<p>Bønn; sang</p>"


def test_xlsx_is_read_with_numbers_and_dates_as_cells(tmp_path):
    import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["Forening X", int(valid_number(7)), "immigrant_organisation", "Sandnes", None, None, None, None, datetime.datetime(2025, 12, 22)])
    workbook.save(tmp_path / "organisations.xlsx")
    call_command("import_data", str(tmp_path))
    organisation = Organisation.objects.get()
    assert organisation.org_number == valid_number(7)
    assert str(organisation.published_on) == "2025-12-22"


def test_dry_run_writes_nothing(tmp_path):
    write(tmp_path, "organisations.csv", "\n".join([HEADER] + rows(3)))
    call_command("import_data", str(tmp_path), "--dry-run")
    assert Organisation.objects.count() == 0


def test_a_second_import_updates_by_name(tmp_path):
    write(tmp_path, "organisations.csv", "\n".join([HEADER] + rows(2)))
    call_command("import_data", str(tmp_path))
    write(tmp_path, "organisations.csv", HEADER + "\nforening 000,,voluntary_organisation,Stavanger,,,,,\n")
    call_command("import_data", str(tmp_path))
    assert Organisation.objects.count() == 2
    assert Organisation.objects.get(name__iexact="Forening 000").municipality == "Stavanger"


def test_missing_column_is_reported_on_the_header_row(tmp_path, capsys):
    write(tmp_path, "organisations.csv", "name,kind\nForening,other\n")
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    assert "organisations.csv:1: org_number: " in capsys.readouterr().err


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_imports_back_unchanged(tmp_path, file_format):
    write(tmp_path, "organisations.csv", "\n".join([HEADER] + rows(5)))
    call_command("import_data", str(tmp_path))
    before = list(Organisation.objects.values_list("name", "org_number", "kind", "email", "description", "published_on"))
    exported = importing.export_bytes("organisations", file_format)
    if file_format == "csv":
        assert exported.decode().splitlines()[0] == HEADER
    Organisation.objects.all().delete()
    (tmp_path / "organisations.csv").unlink()
    (tmp_path / f"organisations.{file_format}").write_bytes(exported)
    call_command("import_data", str(tmp_path))
    after = list(Organisation.objects.values_list("name", "org_number", "kind", "email", "description", "published_on"))
    assert after == before


def test_coordinator_screen_imports_and_reports_errors(client, coordinator):
    client.force_login(coordinator)
    bad = io.BytesIO((HEADER + "\nForening,123456789,immigrant_organisation,,,,,,\n").encode())
    bad.name = "organisations.csv"
    response = client.post("/koordinator/import/", {"kind": "organisations", "file": bad, "import": "1"})
    assert "organisations.csv:2: org_number:" in response.content.decode()
    assert Organisation.objects.count() == 0

    good = io.BytesIO((HEADER + "\nForening,,immigrant_organisation,,,,,,\n").encode())
    good.name = "organisations.csv"
    response = client.post("/koordinator/import/", {"kind": "organisations", "file": good, "import": "1"})
    assert response.status_code == 302
    assert Organisation.objects.count() == 1


def test_coordinator_export_download(client, coordinator):
    Organisation.objects.create(name="Forening", kind="other")
    client.force_login(coordinator)
    response = client.get("/koordinator/eksport/organisations.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="organisations.csv"'
    assert b"Forening,,other" in response.getvalue()


def test_an_old_exports_extra_json_is_named_in_a_warning_and_not_read(tmp_path, capsys):
    # The spreadsheet export once wrote extra.json beside the sheets; the backup keeps all that now.
    write(tmp_path, "organisations.csv", "\n".join([HEADER] + rows(1)))
    (tmp_path / "extra.json").write_text('{"format": 1, "organisations": [{"name": "Forening 000", "notes": "Internt notat"}]}')
    call_command("import_data", str(tmp_path))
    assert "warning: extra.json: not a file of the portal format, not read" in capsys.readouterr().err
    assert Organisation.objects.get().notes == ""
