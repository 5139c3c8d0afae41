"""input.csv (innspill) of the portal spreadsheet format (docs/domain.md): imported all or nothing
with one error line per bad row, matched by meeting and text, exported in the same columns."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from panel.models import InputItem
from portal.spreadsheets import importing
from tests.panel.factories import meeting, organisation, series, series_meeting, service

pytestmark = pytest.mark.django_db

HEADER = "meeting_date,series,organisation,theme,text,service,status,raised_on,due_on,answer,answered_on,public"


@pytest.fixture
def registry():
    panel_meeting = meeting("2025-02-13")
    team = series("Inkluderingsteam")
    team_meeting = series_meeting(team, "2025-02-13")
    organisation("Aceh Forening")
    service("NAV Sandnes")
    return panel_meeting, team_meeting


def errors_of(results):
    return [str(error) for result in results for error in result.errors]


def test_it_imports_input_at_the_panel_and_at_a_series_meeting_in_norwegian(tmp_path, registry):
    panel_meeting, team_meeting = registry
    (tmp_path / "innspill.csv").write_text(
        "\ufeffmøtedato;møteserie;meldt av;tema;innspill;virksomhet;status;meldt;frist;svar;besvart;offentlig\n"
        "13.02.2025;;Aceh Forening;Bolig;Flere utleieboliger;NAV Sandnes;Besvart;;01.03.2025;Vi ser på det;20.02.2025;Ja\n"
        "13.02.2025;Inkluderingsteam;;Språk;Tolk på møtene;;Ny;14.02.2025;;;;\n",
        encoding="utf-8",
    )
    call_command("import_data", str(tmp_path))

    answered = InputItem.objects.get(meeting=panel_meeting)
    assert answered.text == "Flere utleieboliger" and answered.theme == "Bolig"
    assert answered.raised_by.name == "Aceh Forening" and answered.assigned_service.name == "NAV Sandnes"
    assert (answered.status, answered.answer, answered.public) == ("answered", "Vi ser på det", True)
    assert answered.raised_on == datetime.date(2025, 2, 13)  # empty: the meeting's date
    assert (answered.due_on, answered.answered_on) == (datetime.date(2025, 3, 1), datetime.date(2025, 2, 20))
    raised_at_team = InputItem.objects.get(meeting=team_meeting)
    assert raised_at_team.raised_by is None  # the meeting as a whole
    assert (raised_at_team.status, raised_at_team.raised_on, raised_at_team.public) == ("new", datetime.date(2025, 2, 14), False)


def test_each_bad_row_is_one_line_and_nothing_is_written(registry):
    organisation("Hotellet")
    sheet = "\n".join([
        HEADER,
        "2025-02-13,,,,Godt innspill,,new,,,,,no",
        "2025-02-14,,,,Uten møte,,new,,,,,no",
        "2025-02-13,Arbeidsgruppe,,,Ukjent serie,,new,,,,,no",
        "2025-02-13,,,,Feil virksomhet,Hotellet,new,,,,,no",
        "2025-02-13,,,,Besvart uten svar,,answered,,,,,no",
        "2025-02-13,,,,Offentlig men nytt,,in_progress,,,,,yes",
        "2025-02-13,,,,Ukjent status,,ferdig,,,,,no",
        "2025-02-13,,,,Svar før meldt,,implemented,2025-02-13,,Gjort,2025-01-01,",
        "2025-02-13,,,,Frist før meldt,,new,2025-02-13,2025-02-01,,,",
        "2025-02-13,,,,Ja eller nei,,new,,,,,kanskje",
        "2025-02-13,,,,,,new,,,,,",
    ]) + "\n"
    results = importing.run_import([("input", "input.csv", sheet.encode())])
    assert errors_of(results) == [
        "input.csv:3: meeting_date: ingen panelmøte med dato 2025-02-14",
        "input.csv:4: meeting_date: ingen møte i «Arbeidsgruppe» med dato 2025-02-13",
        "input.csv:5: service: «Hotellet» er ikke en kommunal virksomhet (type immigrant_organisation)",
        "input.csv:6: answer: mangler; påkrevd når status er answered",
        "input.csv:6: answered_on: mangler; påkrevd når status er answered",
        "input.csv:7: public: kan bare være yes for et innspill med status answered eller implemented (status er in_progress)",
        "input.csv:8: status: «ferdig» er ikke tillatt (tillatt: new, forwarded, in_progress, answered, implemented, not_pursued)",
        "input.csv:9: answered_on: kan ikke være før datoen innspillet ble meldt",
        "input.csv:10: due_on: Fristen kan ikke være før datoen innspillet ble meldt.",
        "input.csv:11: public: «kanskje» er ikke tillatt (tillatt: yes, no)",
        "input.csv:12: text: Feltet kan ikke være blankt.",
    ]
    assert not InputItem.objects.exists()


def test_a_second_import_updates_the_item_matched_by_meeting_and_text(registry):
    panel_meeting, team_meeting = registry
    first = f"{HEADER}\n2025-02-13,,,,Tolk på møtene,,new,,,,,no\n2025-02-13,Inkluderingsteam,,,Tolk på møtene,,new,,,,,no\n"
    assert errors_of(importing.run_import([("input", "input.csv", first.encode())])) == []
    again = f"{HEADER}\n2025-02-13,,,,Tolk på møtene,NAV Sandnes,implemented,,,Tolk bestilles,2025-03-01,yes\n"
    results = importing.run_import([("input", "input.csv", again.encode())])
    assert errors_of(results) == [] and (results[0].new, results[0].updated) == (0, 1)
    assert InputItem.objects.count() == 2
    item = InputItem.objects.get(meeting=panel_meeting)
    assert (item.status, item.assigned_service.name, item.public) == ("implemented", "NAV Sandnes", True)
    assert InputItem.objects.get(meeting=team_meeting).status == "new"  # the series' item is another one


def test_an_export_imports_back_unchanged(registry, coordinator):
    panel_meeting, team_meeting = registry
    sheet = (
        f"{HEADER}\n"
        "2025-02-13,,Aceh Forening,Bolig,\"Flere boliger, og billigere\",NAV Sandnes,answered,2025-02-14,2025-03-01,Svar,2025-02-20,yes\n"
        "2025-02-13,Inkluderingsteam,,,=1+1,,not_pursued,,,,,no\n"
    )
    assert errors_of(importing.run_import([("input", "input.csv", sheet.encode())], user=coordinator)) == []
    for file_format in ("csv", "xlsx"):
        exported = importing.export_bytes("input", file_format)
        results = importing.run_import([("input", f"input.{file_format}", exported)])
        assert errors_of(results) == [] and (results[0].new, results[0].updated) == (0, 2)
    lines = importing.export_bytes("input", "csv").decode().splitlines()
    # Two meetings on one date: the order of their rows is not part of the format (PostgreSQL and
    # SQLite give them either way round).
    assert lines[0] == HEADER and sorted(lines[1:]) == [
        "2025-02-13,,Aceh Forening,Bolig,\"Flere boliger, og billigere\",NAV Sandnes,answered,2025-02-14,2025-03-01,Svar,2025-02-20,yes",
        "2025-02-13,Inkluderingsteam,,,'=1+1,,not_pursued,2025-02-13,,,,no",
    ]
    assert InputItem.objects.filter(meeting=panel_meeting).get().changed_by == coordinator


def test_import_data_reads_input_after_the_meetings_it_names(tmp_path):
    organisation("Aceh Forening")
    (tmp_path / "meetings.csv").write_text("date,title,topics,location\n2025-02-13,Vårmøte,,\n", encoding="utf-8")
    (tmp_path / "input.csv").write_text(f"{HEADER}\n2025-02-13,,Aceh Forening,,Tolk,,new,,,,,no\n", encoding="utf-8")
    call_command("import_data", str(tmp_path))
    assert InputItem.objects.get().meeting.title == "Vårmøte"
    assert importing.available_stems().index("input") > importing.available_stems().index("meetings")


def test_a_bad_input_row_fails_the_whole_run(tmp_path, capsys):
    (tmp_path / "meetings.csv").write_text("date,title,topics,location\n2025-02-13,Vårmøte,,\n", encoding="utf-8")
    (tmp_path / "innspill.csv").write_text(f"{HEADER}\n2025-02-13,,Ukjent,,Tolk,,new,,,,,no\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_data", str(tmp_path))
    assert "innspill.csv:2: organisation: ukjent organisasjon «Ukjent»" in capsys.readouterr().err
    from panel.models import Meeting

    assert not Meeting.objects.exists()


def test_an_xlsx_with_date_cells_and_a_true_cell_for_public_is_read(registry):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Møtedato", "Møteserie", "Meldt av", "Tema", "Innspill", "Virksomhet", "Status", "Meldt",
                            "Frist", "Svar", "Besvart", "Offentlig"])
    workbook.active.append([datetime.date(2025, 2, 13), None, "Aceh Forening", None, "Tolk", "NAV Sandnes", "Gjennomført",
                            None, None, "Bestilt", datetime.datetime(2025, 3, 1), True])
    out = io.BytesIO()
    workbook.save(out)
    results = importing.run_import([("input", "innspill.xlsx", out.getvalue())])
    assert errors_of(results) == []
    item = InputItem.objects.get()
    assert (item.status, item.answered_on, item.public) == ("implemented", datetime.date(2025, 3, 1), True)
