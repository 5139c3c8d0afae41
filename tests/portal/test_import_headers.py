"""File names and headers in the coordinators' own words (docs/domain.md, "The portal spreadsheet
format"): each file under its English or Norwegian name, each header in English or Norwegian
ignoring case, surrounding spaces and `_` versus space; an unknown header names the Norwegian
ones; export keeps writing the English names."""

import unicodedata

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from organisations.models import Kind, Organisation
from panel.models import Attendance, Meeting
from portal.spreadsheets import importing

pytestmark = pytest.mark.django_db


def write(directory, name, lines, encoding="utf-8"):
    (directory / name).write_text("\n".join(lines) + "\n", encoding=encoding)


def test_it_reads_files_and_headers_by_their_norwegian_names(tmp_path):
    write(tmp_path, "organisasjoner.csv", [
        "Navn,ORGANISASJONSNUMMER, type ,kommune,E-post,telefon,nettside,beskrivelse,publisert",
        "Aceh Forening,,Innvandrerorganisasjon,Sandnes,,,,,",
        "NAV Sandnes,,Kommunal virksomhet,Sandnes,,,,,",
    ])
    # A Mac writes "ø" in a file name as o + combining ring; the name still matches.
    write(tmp_path, unicodedata.normalize("NFD", "Møter.csv"), ["dato;tittel;temaer;sted;start;slutt;møteserie",
                                                               "13.02.2025;Vårmøte;;Rådhuset;18:00;;"])
    write(tmp_path, "oppmote.csv", ["MØTEDATO,organisasjon, deltakere ,Møteserie", "13.02.2025,Aceh Forening,3,",
                                    "13.02.2025,NAV Sandnes,1,"])

    call_command("import_data", str(tmp_path))

    assert dict(Organisation.objects.values_list("name", "kind")) == {
        "Aceh Forening": Kind.IMMIGRANT_ORGANISATION, "NAV Sandnes": Kind.MUNICIPAL_SERVICE,
    }
    meeting = Meeting.objects.get()
    assert (meeting.date.isoformat(), meeting.title, meeting.location) == ("2025-02-13", "Vårmøte", "Rådhuset")
    assert sorted(Attendance.objects.values_list("organisation__name", "participants")) == [
        ("Aceh Forening", 3), ("NAV Sandnes", 1),
    ]


def test_a_header_matches_ignoring_case_spaces_and_underscores_in_either_language():
    raw = "  Meeting Date ,ORGANISATION,Participants\n".encode() + b"2025-02-13,X,1\n"
    dataset, _errors = importing.read_sheet(raw, "attendance.csv")
    matched, errors, in_norwegian = importing.match_headers("attendance", dataset.headers, "attendance.csv")
    assert (matched, errors, in_norwegian) == (["meeting_date", "organisation", "participants"], [], False)
    matched, errors, in_norwegian = importing.match_headers(
        "grant_applications", ["ÅR", "ordning", "organisasjon", "del", "søkt_beløp", "Innvilget  beløp", "status"], "x.csv"
    )
    assert matched == ["year", "scheme", "organisation", "part", "applied_amount", "granted_amount", "status"]
    assert errors == [] and in_norwegian


def test_an_unknown_header_is_reported_with_the_norwegian_names_and_nothing_is_written(tmp_path, capsys):
    write(tmp_path, "kontakter.csv", ["dato,organisasjon,kanal,utfall,notat,kommentar", "10.01.2025,Aceh,Telefon,Svar,"])
    write(tmp_path, "organisasjoner.csv", ["navn,organisasjonsnummer,type,kommune,e-post,telefon,nettside,beskrivelse,publisert",
                                          "Aceh,,Innvandrerorganisasjon,,,,,,"])
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_data", str(tmp_path))
    assert capsys.readouterr().err.splitlines() == [
        "kontakter.csv:1: kommentar: unknown column; allowed: dato, organisasjon, kanal, utfall, notat"
    ]
    assert not Organisation.objects.exists()


def test_a_missing_column_and_a_bad_value_are_named_as_the_sheet_names_them():
    results = importing.run_import([
        ("organisations", "organisasjoner.csv", "navn,type,kommune,e-post,telefon,nettside,beskrivelse,publisert\n".encode()),
        ("contacts", "kontakter.csv", "Dato,Organisasjon,Kanal,Utfall,Notat\n10.01.2025,Ukjent,brevdue,Svar,\n".encode()),
    ])
    assert [str(error) for result in results for error in result.errors] == [
        "organisasjoner.csv:1: organisasjonsnummer: kolonnen mangler",
        "kontakter.csv:2: Kanal: «brevdue» er ikke tillatt (tillatt: email, phone, sms, meeting, visit, other)",
        "kontakter.csv:2: Organisasjon: ukjent organisasjon «Ukjent»",
    ]


def test_one_column_given_twice_is_an_error():
    results = importing.run_import(
        [("surveys", "surveys.csv", "title,tittel,report_year,opens_on,closes_on\nA,A,2025,,\n".encode())]
    )
    assert [str(error) for result in results for error in result.errors] == [
        "surveys.csv:1: tittel: samme kolonne som «title»"
    ]


def test_of_two_files_for_one_kind_the_english_csv_is_read_and_the_other_named(tmp_path, capsys):
    write(tmp_path, "surveys.csv", ["title,report_year,opens_on,closes_on", "Engelsk,2025,,"])
    write(tmp_path, "Undersøkelser.csv", ["tittel,rapportår,åpner,stenger", "Norsk,2025,,"])
    call_command("import_data", str(tmp_path))
    assert "warning: Undersøkelser.csv: not read, surveys.csv is read for the same file" in capsys.readouterr().err
    from surveys.models import Survey

    assert list(Survey.objects.values_list("title", flat=True)) == ["Engelsk"]


def test_export_keeps_the_english_names(db):
    Organisation.objects.create(name="Aceh Forening", kind=Kind.IMMIGRANT_ORGANISATION)
    header = importing.export_bytes("organisations", "csv").decode().splitlines()[0]
    assert header == "name,org_number,kind,municipality,email,phone,website,description,published_on"


def test_every_file_of_the_format_has_its_norwegian_names():
    # The contract's table, written out here as a second reader of the declarations.
    expected = {
        "organisations": ("organisasjoner", "navn, organisasjonsnummer, type, kommune, e-post, telefon, nettside, beskrivelse, publisert"),
        "meetings": ("møter", "dato, tittel, temaer, sted, start, slutt, møteserie"),
        "attendance": ("oppmøte", "møtedato, organisasjon, deltakere, møteserie"),
        "contacts": ("kontakter", "dato, organisasjon, kanal, utfall, notat"),
        "surveys": ("undersøkelser", "tittel, rapportår, åpner, stenger"),
        "survey_questions": ("spørsmål", "undersøkelse, nummer, type, tekst, vises hvis"),
        "survey_answers": ("svar", "undersøkelse, besvarelse, gruppe, anonym, nummer, verdi"),
        "activities": ("aktiviteter", "dato, type, tittel, deltakere, organisasjoner, notat"),
        "grant_rounds": ("tilskuddsrunder", "år, ordning, ramme, frist"),
        "grant_applications": ("tilskuddssøknader", "år, ordning, organisasjon, del, søkt beløp, innvilget beløp, status, medlemmer, deltakere, notat"),
    }
    for stem, (name, headers) in expected.items():
        assert importing.norwegian_names(stem)[0] == name
        norwegian = importing.norwegian_headers(stem)
        assert ", ".join(norwegian[column] for column in importing.all_columns(stem)) == headers, stem
    for ascii_name, stem in [("moter.xlsx", "meetings"), ("OPPMOTE.CSV", "attendance"), ("sporsmal.csv", "survey_questions"),
                             ("tilskuddssoknader.xlsx", "grant_applications"), ("undersokelser.csv", "surveys")]:
        assert importing.stem_for_filename(ascii_name) == stem
    assert importing.stem_for_filename("notater.csv") is None


def test_a_column_with_values_but_no_header_is_an_error():
    results = importing.run_import(
        [("surveys", "surveys.csv", "title,,report_year,opens_on,closes_on\nA,viktig,2025,,\nB,,2025,,\n".encode())]
    )
    assert [str(error) for result in results for error in result.errors] == [
        "surveys.csv:1: (B): kolonnen har verdier, men ingen overskrift"
    ]
    # An empty column without a header (a spreadsheet's spacer) is no error.
    results = importing.run_import(
        [("surveys", "surveys.csv", "title,,report_year,opens_on,closes_on\nA,,2025,,\n".encode())]
    )
    assert [result.errors for result in results] == [[]]


def test_a_csv_saved_by_norwegian_excel_in_windows_1252_with_semicolons_is_read():
    # Excel's "CSV (semikolonseparert)" on a Norwegian Windows writes Windows-1252.
    raw = "Tittel;Rapportår;Åpner;Stenger\r\nMøteevaluering;2025;01.11.2025;10.12.2025\r\n".encode("cp1252")
    results = importing.run_import([("surveys", "undersøkelser.csv", raw)])
    assert [result.errors for result in results] == [[]]
    from surveys.models import Survey

    survey = Survey.objects.get()
    assert (survey.title, survey.report_year, survey.opens_on.isoformat()) == ("Møteevaluering", 2025, "2025-11-01")


def test_a_missing_column_is_one_line_and_the_rows_still_count_for_the_files_after_it(db):
    results = importing.run_import([
        # A coordinator's own list without the website and description columns.
        ("organisations", "organisasjoner.csv", "navn;organisasjonsnummer;type;kommune;e-post;telefon;publisert\n"
                                                "Aceh Forening;;Innvandrerorganisasjon;Sandnes;;;\n"
                                                "Moské Sør;;Trossamfunn;Sandnes;;;\n".encode()),
        ("meetings", "møter.csv", "dato;tittel;temaer;sted\n13.02.2025;Vårmøte;;\n".encode()),
        ("attendance", "oppmøte.csv", "møtedato;organisasjon;deltakere\n13.02.2025;Aceh Forening;3\n"
                                      "13.02.2025;Moské Sør;2\n13.02.2025;Ukjent;1\n".encode()),
    ])
    assert [str(error) for result in results for error in result.errors] == [
        "organisasjoner.csv:1: beskrivelse: kolonnen mangler",
        "organisasjoner.csv:1: nettside: kolonnen mangler",
        "oppmøte.csv:4: organisasjon: ukjent organisasjon «Ukjent»",
    ]
    assert not Organisation.objects.exists()  # all or nothing
