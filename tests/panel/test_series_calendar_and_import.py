"""Series meetings in /kalender/ and /kalender.ics; meetings.csv and attendance.csv with the
optional series, start and end columns (docs/domain.md), matched by series and date."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from activities.models import Activity
from panel.models import Attendance, Meeting, MeetingSeries
from portal.spreadsheets import importing
from tests.panel.factories import attend, meeting, organisation, series, series_meeting

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")

MEETINGS = "date,title,topics,location,start,end,series"
ATTENDANCE = "meeting_date,organisation,participants,series"


def write(directory, name, lines):
    (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def calendar_data():
    team = series("Inkluderingsteam")
    hidden = series("Intern idémyldring", public=False)
    series_meeting(team, "2030-04-02", title="Teammøte", status="planned", start_time=datetime.time(18, 0),
                   end_time=datetime.time(19, 30), location="Rådhuset")
    series_meeting(hidden, "2030-04-03", title="Lukket møte", status="planned")
    meeting("2030-04-02", title="Panelmøte samme dag", status="planned")
    Activity.objects.create(kind="own_event", date=datetime.date(2030, 5, 1), title="Hele verden i Sandnes",
                            public=True, start_time=datetime.time(17, 0), location="Rådhuset")
    Activity.objects.create(kind="own_event", date=datetime.date(2030, 5, 2), title="Internt arrangement")
    return team


def test_the_calendar_shows_public_series_meetings_and_public_activities(client, calendar_data):
    content = client.get("/kalender/").content.decode()
    assert "Inkluderingsteam: Teammøte" in content and "Erfaringspanelet: Panelmøte samme dag" in content
    assert "Hele verden i Sandnes" in content
    assert "Lukket møte" not in content and "Internt arrangement" not in content


def test_the_ics_feed_has_the_series_meeting_at_oslo_time(client, calendar_data):
    calendar = icalendar.Calendar.from_ical(client.get("/kalender.ics").content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    team = events["Inkluderingsteam: Teammøte"]
    assert team.decoded("dtstart") == datetime.datetime(2030, 4, 2, 18, 0, tzinfo=OSLO)
    assert team.decoded("dtend") == datetime.datetime(2030, 4, 2, 19, 30, tzinfo=OSLO)
    assert str(team["url"]).endswith(f"/moteserier/{calendar_data.slug}/#mote-{calendar_data.meetings.get().pk}")
    assert "Hele verden i Sandnes" in events and "Lukket møte" not in events
    assert "Erfaringspanelet: Panelmøte samme dag" in events


def test_the_public_series_page_lists_its_meetings_and_a_hidden_series_is_not_found(client, calendar_data):
    response = client.get(f"/moteserier/{calendar_data.slug}/")
    assert response.status_code == 200 and "Teammøte" in response.content.decode()
    assert "Panelmøte samme dag" not in response.content.decode()
    hidden = MeetingSeries.objects.get(name="Intern idémyldring")
    assert client.get(f"/moteserier/{hidden.slug}/").status_code == 404


@pytest.fixture
def registry():
    return [organisation("Adle"), organisation("Baha'i"), organisation("Næringsforeningen", kind="business")]


def test_meetings_of_a_series_and_the_panel_on_the_same_date_import_apart(tmp_path, registry):
    write(tmp_path, "meetings.csv", [
        MEETINGS,
        "2025-03-11,Panelmøte,Valg,Kulturhuset,17:30,20:00,",
        "2025-03-11,Teamets oppstart,,Rådhuset,12:00,13:30,Inkluderingsteam",
        "2025-06-01,Planlegging,,,,,Arbeidsgruppe Frivilligbørs",
    ])
    write(tmp_path, "attendance.csv", [
        ATTENDANCE,
        "2025-03-11,Adle,3,",
        "2025-03-11,Adle,2,inkluderingsteam",  # the series by name, any case
        "2025-03-11,Næringsforeningen,1,Inkluderingsteam",
        "2025-06-01,Baha'i,4,Arbeidsgruppe Frivilligbørs",
    ])
    call_command("import_data", str(tmp_path))
    panel = Meeting.objects.get(kind="panel")
    assert (panel.start_time, panel.end_time, panel.series) == (datetime.time(17, 30), datetime.time(20, 0), None)
    assert dict(panel.attendances.values_list("organisation__name", "participants")) == {"Adle": 3}
    team = MeetingSeries.objects.get(name="Inkluderingsteam")  # created by the import
    first = team.meetings.get()
    assert first.kind == "series" and first.start_time == datetime.time(12, 0) and first.status == "held"
    assert dict(first.attendances.values_list("organisation__name", "participants")) == {"Adle": 2, "Næringsforeningen": 1}
    assert MeetingSeries.objects.get(name="Arbeidsgruppe Frivilligbørs").meetings.get().attendances.get().participants == 4

    # A second import matches by series and date: it updates, it does not add.
    write(tmp_path, "meetings.csv", [MEETINGS, "2025-03-11,Teamets første møte,,Rådhuset,12:00,14:00,INKLUDERINGSTEAM"])
    (tmp_path / "attendance.csv").unlink()
    call_command("import_data", str(tmp_path))
    assert Meeting.objects.count() == 3 and MeetingSeries.objects.count() == 2
    first.refresh_from_db()
    assert (first.title, first.end_time) == ("Teamets første møte", datetime.time(14, 0))
    assert Meeting.objects.get(kind="panel").title == "Panelmøte"


def test_times_as_libreoffice_saves_them_import(tmp_path, registry):
    """A sheet re-saved as CSV by LibreOffice writes its time cells as 17:30:00."""
    write(tmp_path, "meetings.csv", [
        MEETINGS,
        "2025-03-11,Panelmøte,Valg,Kulturhuset,17:30:00,20:00:00,",
        "2025-03-12,Teammøte,,,09:05:00,,Inkluderingsteam",
    ])
    call_command("import_data", str(tmp_path))
    panel = Meeting.objects.get(kind="panel")
    assert (panel.start_time, panel.end_time) == (datetime.time(17, 30), datetime.time(20, 0))
    assert Meeting.objects.get(kind="series").start_time == datetime.time(9, 5)


def test_bad_start_and_end_times_are_reported_and_nothing_is_written(tmp_path, capsys, registry):
    write(tmp_path, "meetings.csv", [
        MEETINGS,
        "2025-03-11,Teammøte,,,12:00,,Inkluderingsteam",
        "2025-03-12,Sent,,,25:00,,Inkluderingsteam",
        "2025-03-15,Sent,,,17:30:61,,Inkluderingsteam",
        "2025-03-13,Baklengs,,,14:00,13:00,Inkluderingsteam",
        "2025-03-14,Uten start,,,,13:00,",
    ])
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    err = capsys.readouterr().err
    assert "meetings.csv:3: start: «25:00» er ikke et klokkeslett på formen TT:MM." in err
    assert "meetings.csv:5: -: Møtet må slutte etter at det starter." in err
    assert "meetings.csv:6: -: Møtet må slutte etter at det starter." in err
    assert "meetings.csv:4: start: «17:30:61» er ikke et klokkeslett på formen TT:MM." in err
    assert "meetings.csv:2:" not in err
    assert not Meeting.objects.exists() and not MeetingSeries.objects.exists()


def test_attendance_names_the_series_its_meeting_belongs_to(tmp_path, capsys, registry):
    write(tmp_path, "meetings.csv", [MEETINGS, "2025-03-11,Teammøte,,,12:00,,Inkluderingsteam"])
    write(tmp_path, "attendance.csv", [
        ATTENDANCE,
        "2025-03-11,Adle,2,Inkluderingsteam",
        "2025-03-11,Baha'i,1,",  # the panel did not meet that day
        "2025-03-11,Baha'i,1,Arbeidsgruppe som ikke finnes",
        "2025-03-11,Ukjent,1,Inkluderingsteam",
    ])
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    err = capsys.readouterr().err
    assert "attendance.csv:3: meeting_date: ingen panelmøte med dato 2025-03-11" in err
    assert "attendance.csv:4: meeting_date: ingen møte i «Arbeidsgruppe som ikke finnes» med dato 2025-03-11" in err
    assert "attendance.csv:5: organisation: ukjent organisasjon «Ukjent»" in err
    assert "meetings.csv:" not in err and "attendance.csv:2:" not in err
    assert not Meeting.objects.exists() and not MeetingSeries.objects.exists() and not Attendance.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_with_series_imports_back_unchanged(tmp_path, registry, file_format):
    team = series("Inkluderingsteam")
    panel = meeting("2025-03-11", title="Panelmøte", start_time=datetime.time(17, 30), end_time=datetime.time(20, 0))
    same_day = series_meeting(team, "2025-03-11", title="Teammøte", start_time=datetime.time(12, 0))
    attend(panel, registry[0], 3)
    attend(same_day, registry[0], 2)
    attend(same_day, registry[2], 1)
    meeting("2025-04-04", kind="working_group", title="Gammel arbeidsgruppe uten serie")  # not in the sheets

    def snapshot():
        return (
            sorted((m.date, m.title, m.start_time, m.end_time, m.series.name if m.series else "") for m in Meeting.objects.exclude(kind="working_group")),
            sorted(Attendance.objects.values_list("meeting__date", "meeting__series__name", "organisation__name", "participants"),
                   key=str),
        )

    before = snapshot()
    exported = {stem: importing.export_bytes(stem, file_format) for stem in ("meetings", "attendance")}
    if file_format == "csv":
        assert exported["meetings"].decode().splitlines() == [
            MEETINGS, "2025-03-11,Panelmøte,,,17:30,20:00,", "2025-03-11,Teammøte,,,12:00,,Inkluderingsteam",
        ]
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()
    for stem, raw in exported.items():
        (tmp_path / f"{stem}.{file_format}").write_bytes(raw)
    call_command("import_data", str(tmp_path))
    assert snapshot() == before
