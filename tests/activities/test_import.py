"""activities.csv (docs/domain.md): all or nothing, one line per bad row, an export imports back."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from activities.models import Activity, ActivityOrganisation
from portal.spreadsheets import importing
from tests.activities.factories import activity
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db
HEADER = "date,kind,title,participants,organisations,note"


def write(directory, name, lines):
    (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def registry():
    return {
        "adle": make_organisation(name="Adle"),
        "council": make_organisation(name="Sandnes Inkluderingsråd", kind="voluntary_organisation"),
        "hotel": make_organisation(name="Quality Hotel Residence", kind="business"),
    }


def test_activities_import_with_their_organisations(tmp_path, registry):
    write(tmp_path, "activities.csv", [
        HEADER,
        "2025-10-29,own_event,HELE VERDEN I SANDNES,120,Sandnes Inkluderingsråd|quality hotel residence,I rådhuset",
        "2025-10-15,Høring,Lokaler i skolebygg,,Adle|Sandnes Inkluderingsråd,",  # the Norwegian label
        "2025-09-09,media,Politikerne må snakke med oss,,,Sandnesposten",
    ])
    call_command("import_data", str(tmp_path))
    event = Activity.objects.get(kind="own_event")
    assert (event.participants, event.note) == (120, "<p>I rådhuset</p>")  # plain text stored as a paragraph
    assert sorted(event.links.values_list("organisation__name", "role")) == [
        ("Quality Hotel Residence", "taking_part"), ("Sandnes Inkluderingsråd", "taking_part")
    ]
    consultation = Activity.objects.get(kind="consultation")
    assert consultation.participants is None
    assert set(consultation.links.values_list("role", flat=True)) == {"input"}  # a consultation's organisations gave input
    assert Activity.objects.get(kind="media").links.count() == 0


def test_a_second_import_updates_by_date_kind_and_title_and_keeps_a_co_organiser(tmp_path, registry):
    existing = activity("own_event", "2025-10-29", "Hele verden i Sandnes", participants=100,
                        organisations=[registry["council"]], role="co_organiser")
    write(tmp_path, "activities.csv", [HEADER, "2025-10-29,own_event,HELE VERDEN I SANDNES,120,Sandnes Inkluderingsråd|Adle,"])
    call_command("import_data", str(tmp_path))
    assert Activity.objects.count() == 1
    existing.refresh_from_db()
    assert existing.participants == 120
    assert dict(existing.links.values_list("organisation__name", "role")) == {
        "Sandnes Inkluderingsråd": "co_organiser", "Adle": "taking_part"
    }


def test_bad_rows_are_reported_once_each_and_nothing_is_written(tmp_path, capsys, registry):
    write(tmp_path, "activities.csv", [
        HEADER,
        "2025-10-29,own_event,Godt arrangement,12,Adle,",
        "2025-10-30,fest,Feil type,,,",
        "2025-10-31,own_event,Feil antall,mange,,",
        "2025-11-01,own_event,Ukjent partner,,Adle|Finnes Ikke,",
        "2025-02-30,course,Umulig dato,,,",
        "2025-11-02,course,,,,",
        "2025-11-03,own_event,Negativt,-3,,",
    ])
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    err = capsys.readouterr().err
    assert "activities.csv:3: kind: «fest» er ikke en type aktivitet; gyldige verdier er own_event, campaign, consultation, media, network_meeting, course, other" in err
    assert "activities.csv:4: participants: antall deltakere må være tomt eller et helt tall, minst 0 (fikk «mange»)" in err
    assert "activities.csv:5: organisations: ukjent organisasjon «Finnes Ikke»" in err
    assert "activities.csv:6: date:" in err
    assert "activities.csv:7: title:" in err
    assert "activities.csv:8: participants:" in err
    assert "activities.csv:2:" not in err
    assert len([line for line in err.splitlines() if line.startswith("activities.csv:")]) == 6
    assert not Activity.objects.exists() and not ActivityOrganisation.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(tmp_path, registry, file_format):
    activity("own_event", "2025-10-29", "HELE VERDEN I SANDNES", participants=120,
             organisations=[registry["council"], registry["hotel"]], note="<p>Rådhuset</p>")
    activity("consultation", "2025-10-15", "Lokaler i skolebygg", organisations=[registry["adle"]], role="input")
    activity("course", "2025-03-01", "Søknadskurs", participants=0)

    def snapshot():
        return sorted(
            (a.date, a.kind, a.title, a.participants, a.note, tuple(sorted(a.links.values_list("organisation__name", "role"))))
            for a in Activity.objects.all()
        )

    before = snapshot()
    raw = importing.export_bytes("activities", file_format)
    if file_format == "csv":
        assert raw.decode().splitlines() == [
            HEADER,
            "2025-03-01,course,Søknadskurs,0,,",
            "2025-10-15,consultation,Lokaler i skolebygg,,Adle,",
            "2025-10-29,own_event,HELE VERDEN I SANDNES,120,Quality Hotel Residence|Sandnes Inkluderingsråd,Rådhuset",
        ]
    Activity.objects.all().delete()
    (tmp_path / f"activities.{file_format}").write_bytes(raw)
    call_command("import_data", str(tmp_path))
    assert snapshot() == before


def test_the_coordinator_screen_takes_the_file(client, coordinator, registry):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    upload = SimpleUploadedFile("activities.csv", f"{HEADER}\n2025-05-05,network_meeting,Møteplassen,,Adle,\n".encode())
    response = client.post("/koordinator/import/", {"kind": "activities", "file": upload})
    assert response.status_code == 302
    assert Activity.objects.get().title == "Møteplassen"
