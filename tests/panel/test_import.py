"""meetings.csv and attendance.csv through `import_data` and the coordinator screens."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from panel.models import Attendance, Meeting, Topic
from portal.spreadsheets import importing
from tests.panel.factories import attend, meeting, organisation

pytestmark = pytest.mark.django_db

MEETINGS = "date,title,topics,location"
ATTENDANCE = "meeting_date,organisation,participants"


def write(directory, name, lines):
    (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def registry():
    return [organisation("Adle"), organisation("Baha'i"), organisation("Polsk-Norsk Forening")]


def test_meetings_and_attendance_import_together(tmp_path, registry):
    write(tmp_path, "meetings.csv", [
        MEETINGS,
        "2025-02-13,Krysskulturelt press,Å leve i krysskulturelt press|Gjesteinnspill,Kulturhuset",
        "2025-08-28,Valg,Valg og valgdeltakelse,",
    ])
    write(tmp_path, "attendance.csv", [
        ATTENDANCE,
        "2025-02-13,Adle,3",
        "2025-02-13,baha'i,1",
        "2025-08-28,Adle,2",
    ])
    call_command("import_data", str(tmp_path))
    first = Meeting.objects.get(date="2025-02-13")
    assert first.kind == "panel" and first.status == "held"
    assert sorted(first.topics.values_list("name", flat=True)) == ["Gjesteinnspill", "Å leve i krysskulturelt press"]
    assert first.location == "Kulturhuset"
    assert dict(first.attendances.values_list("organisation__name", "participants")) == {"Adle": 3, "Baha'i": 1}
    assert Attendance.objects.count() == 3


def test_a_second_import_updates_meetings_by_date_and_attendance_by_pair(tmp_path, registry):
    existing = meeting("2025-02-13", title="Gammel tittel")
    attend(existing, registry[0], 1)
    Topic.objects.create(name="valg")
    write(tmp_path, "meetings.csv", [MEETINGS, "2025-02-13,Ny tittel,Valg,"])
    write(tmp_path, "attendance.csv", [ATTENDANCE, "2025-02-13,Adle,4"])
    call_command("import_data", str(tmp_path))
    assert Meeting.objects.count() == 1
    existing.refresh_from_db()
    assert existing.title == "Ny tittel"
    assert list(existing.topics.values_list("name", flat=True)) == ["valg"]  # matched ignoring case
    assert Attendance.objects.get().participants == 4


def test_bad_attendance_rows_are_reported_on_their_column_and_nothing_is_written(tmp_path, capsys, registry):
    write(tmp_path, "meetings.csv", [MEETINGS, "2025-02-13,Vårmøte,,"])
    write(tmp_path, "attendance.csv", [
        ATTENDANCE,
        "2025-02-13,Adle,2",
        "2025-02-13,Ukjent Forening,2",
        "2025-03-01,Adle,2",
        "2025-02-13,Baha'i,0",
        "30.02.2025,Baha'i,1",  # DD.MM.YYYY is read (docs/domain.md); 30 February is no date
        "2025-02-13,Polsk-Norsk Forening,to",
    ])
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    err = capsys.readouterr().err
    assert "attendance.csv:3: organisation: ukjent organisasjon «Ukjent Forening»" in err
    assert "attendance.csv:4: meeting_date: ingen panelmøte med dato 2025-03-01" in err
    assert "attendance.csv:5: participants:" in err
    assert "attendance.csv:6: meeting_date:" in err
    assert "attendance.csv:7: participants:" in err
    assert "attendance.csv:2:" not in err
    assert not Meeting.objects.exists()  # the good meetings.csv is rolled back too
    assert not Attendance.objects.exists()


def test_attendance_at_a_meeting_of_another_kind_is_not_matched(tmp_path, capsys, registry):
    meeting("2025-02-13", kind="working_group")
    write(tmp_path, "attendance.csv", [ATTENDANCE, "2025-02-13,Adle,2"])
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    assert "attendance.csv:2: meeting_date: ingen panelmøte med dato 2025-02-13" in capsys.readouterr().err


def test_bad_meeting_rows_are_reported(tmp_path, capsys):
    write(tmp_path, "meetings.csv", [MEETINGS, "2025-02-30,Umulig dato,,", "2025-03-01,,,"])
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    err = capsys.readouterr().err
    assert "meetings.csv:2: date:" in err
    assert "meetings.csv:3: title:" in err
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_imports_back_unchanged(tmp_path, registry, file_format):
    write(tmp_path, "meetings.csv", [MEETINGS, "2025-02-13,Vårmøte,B-tema|A-tema,Kulturhuset", "2025-08-28,Høstmøte,,"])
    write(tmp_path, "attendance.csv", [ATTENDANCE, "2025-02-13,Adle,3", "2025-08-28,Baha'i,1"])
    call_command("import_data", str(tmp_path))
    meeting("2025-03-03", kind="working_group", title="Ikke et panelmøte")
    exported_meetings = importing.export_bytes("meetings", file_format)
    exported_attendance = importing.export_bytes("attendance", file_format)
    if file_format == "csv":
        # Export writes the optional columns too (start, end, series: empty for the panel).
        assert exported_meetings.decode().splitlines() == [
            MEETINGS + ",start,end,series", "2025-02-13,Vårmøte,A-tema|B-tema,Kulturhuset,,,", "2025-08-28,Høstmøte,,,,,"
        ]
        assert exported_attendance.decode().splitlines() == [
            ATTENDANCE + ",series", "2025-02-13,Adle,3,", "2025-08-28,Baha'i,1,"
        ]

    def snapshot():
        return (
            sorted((m.date, m.title, m.location, tuple(t.name for t in m.topics.all())) for m in Meeting.objects.filter(kind="panel")),
            sorted(Attendance.objects.values_list("meeting__date", "organisation__name", "participants")),
        )

    before = snapshot()
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()
    for path in tmp_path.iterdir():
        path.unlink()
    (tmp_path / f"meetings.{file_format}").write_bytes(exported_meetings)
    (tmp_path / f"attendance.{file_format}").write_bytes(exported_attendance)
    call_command("import_data", str(tmp_path))
    assert snapshot() == before


def test_coordinator_screen_imports_attendance_and_reports_errors(client, coordinator, registry):
    meeting("2025-02-13")
    client.force_login(coordinator)
    bad = io.BytesIO(f"{ATTENDANCE}\n2025-02-13,Ukjent,2\n".encode())
    bad.name = "attendance.csv"
    response = client.post("/koordinator/import/", {"kind": "attendance", "file": bad, "import": "1"})
    assert "attendance.csv:2: organisation: ukjent organisasjon" in response.content.decode()
    good = io.BytesIO(f"{ATTENDANCE}\n2025-02-13,Adle,2\n".encode())
    good.name = "attendance.csv"
    assert client.post("/koordinator/import/", {"kind": "attendance", "file": good, "import": "1"}).status_code == 302
    assert Attendance.objects.get().participants == 2


def test_coordinator_export_downloads(client, coordinator, registry):
    attend(meeting("2025-02-13", title="Vårmøte"), registry[0], 2)
    client.force_login(coordinator)
    response = client.get("/koordinator/eksport/attendance.csv")
    assert response.status_code == 200
    assert response.getvalue().decode().splitlines() == [ATTENDANCE + ",series", "2025-02-13,Adle,2,"]
    assert client.get("/koordinator/eksport/meetings.csv").getvalue().decode().splitlines()[1] == "2025-02-13,Vårmøte,,,,,"
