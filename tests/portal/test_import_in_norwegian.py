"""The portal spreadsheet format in the coordinators' own words (docs/domain.md): every coded value also
as the Norwegian label the screens show (any case), every date also as DD.MM.YYYY; one error line
per bad row, no cascade from a file that had errors; a file that is not part of the format named."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from activities.models import ActivityKind
from grants.models import ApplicationStatus, Part
from organisations.models import Kind, Organisation
from outreach.models import Channel, Outcome
from panel.models import InputItem, InputStatus
from portal.spreadsheets import importing
from reports.selectors import report_figures
from surveys.models import QuestionKind

pytestmark = pytest.mark.django_db

# A small year of records in codes and ISO dates, with records that must not count (2023, a
# business, a series meeting, a withdrawn application).
CODED = {
    "organisations": [
        "name,org_number,kind,municipality,email,phone,website,description,published_on",
        "Aceh Forening,,immigrant_organisation,Stavanger,,,,,2025-03-01",
        "Moské Sør,,faith_community,Sandnes,,,,,",
        "Polsk Forening,,immigrant_organisation,Stavanger,,,,,2026-01-02",
        "NAV Stavanger,,municipal_service,Stavanger,,,,,",
        "Kultur,,municipal_service,Stavanger,,,,,",
        "Hotellet,,business,Stavanger,,,,,2025-01-01",
    ],
    "meetings": [
        "date,title,topics,location,start,end,series",
        "2024-11-20,Høstmøte,,Rådhuset,,,",
        "2025-02-13,Vårmøte,bolig,Rådhuset,18:00,20:00,",
        "2025-10-09,Høstmøte,,Rådhuset,,,",
        "2025-05-05,Teammøte,,Biblioteket,,,Inkluderingsteam",
    ],
    "attendance": [
        "meeting_date,organisation,participants,series",
        "2024-11-20,Aceh Forening,2,",
        "2025-02-13,Aceh Forening,3,",
        "2025-10-09,Moské Sør,1,",
        "2025-02-13,NAV Stavanger,1,",
        "2025-10-09,NAV Stavanger,2,",
        "2025-02-13,Kultur,1,",
        "2025-02-13,Hotellet,1,",
        "2025-05-05,Polsk Forening,4,Inkluderingsteam",
    ],
    "contacts": [
        "date,organisation,channel,outcome,note",
        "2025-01-10,Polsk Forening,phone,responded,ringte",
        "2025-03-10,Polsk Forening,email,no_response,",
        "2025-04-01,Moské Sør,visit,met,besøk",
        "2023-04-01,Aceh Forening,sms,met,gammelt",
        "2025-06-01,Hotellet,meeting,responded,",
    ],
    "surveys": [
        "title,report_year,opens_on,closes_on",
        "Evaluering 2025,2025,2025-11-01,2025-12-10",
    ],
    "survey_questions": [
        "survey,position,kind,text,shown_if",
        "Evaluering 2025,1,score,Hvor nyttig?,",
        "Evaluering 2025,2,yes_no,Kommer du igjen?,",
        "Evaluering 2025,3,text,Hvorfor?,2=no",
    ],
    "survey_answers": [
        "survey,response,respondent_group,anonymous,position,value",
        "Evaluering 2025,r1,Innvandrerorganisasjon,yes,1,5",
        "Evaluering 2025,r1,Innvandrerorganisasjon,yes,2,yes",
        "Evaluering 2025,r2,Innvandrerorganisasjon,no,1,4",
        "Evaluering 2025,r2,Innvandrerorganisasjon,no,2,no",
        "Evaluering 2025,r2,Innvandrerorganisasjon,no,3,For langt",
        "Evaluering 2025,r3,Kommunen,no,1,3",
        "Evaluering 2025,r3,Kommunen,no,2,yes",
    ],
    "activities": [
        "date,kind,title,participants,organisations,note",
        "2025-06-14,own_event,Mangfoldsfest,120,Aceh Forening|Moské Sør,",
        "2025-09-01,consultation,Høring om bolig,,Aceh Forening|Polsk Forening|Hotellet,",
        "2025-09-20,network_meeting,Nettverk,,,",
        "2024-09-20,course,Gammelt kurs,10,,",
    ],
    "grant_rounds": [
        "year,scheme,allocation,deadline",
        "2025,Lokal ordning,100000,2025-03-01",
    ],
    "grant_applications": [
        "year,scheme,organisation,part,applied_amount,granted_amount,status,members,participants,note",
        "2025,Lokal ordning,Aceh Forening,operating,25000,20000,granted,40,,",
        "2025,Lokal ordning,Moské Sør,activity,15000,15000,granted,,100,",
        "2025,Lokal ordning,Polsk Forening,activity,9000,,refused,,30,",
        "2025,Lokal ordning,Hotellet,operating,30000,,withdrawn,500,,",
    ],
    "input": [
        "meeting_date,series,organisation,theme,text,service,status,raised_on,due_on,answer,answered_on,public",
        "2025-02-13,,Aceh Forening,Bolig,Flere utleieboliger,NAV Stavanger,answered,,2025-03-01,Vi ser på det,2025-03-10,yes",
        "2025-02-13,,,Språk,Tolk på møtene,Kultur,implemented,2025-02-14,,Tolk bestilles,2025-02-20,no",
        "2025-10-09,,Moské Sør,Lokaler,Rimelige lokaler,,in_progress,,,,,no",
        "2025-05-05,Inkluderingsteam,Polsk Forening,Skole,Leksehjelp,,new,,,,,no",
        "2024-11-20,,Aceh Forening,Bolig,Gammelt innspill,NAV Stavanger,not_pursued,,,,,no",
    ],
}

# Which columns hold codes (and their choices) or dates, per file.
CODE_COLUMNS = {
    ("organisations", "kind"): Kind.choices,
    ("contacts", "channel"): Channel.choices,
    ("contacts", "outcome"): Outcome.choices,
    ("survey_questions", "kind"): QuestionKind.choices,
    ("survey_answers", "anonymous"): [("yes", "Ja"), ("no", "Nei")],
    ("activities", "kind"): ActivityKind.choices,
    ("grant_applications", "part"): Part.choices,
    ("grant_applications", "status"): ApplicationStatus.choices,
    ("input", "status"): InputStatus.choices,
    ("input", "public"): [("yes", "Ja"), ("no", "Nei")],
}
DATE_COLUMNS = {"published_on", "date", "meeting_date", "opens_on", "closes_on", "deadline", "raised_on", "due_on", "answered_on"}
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def in_norwegian_words(stem, lines):
    """The coded sheet as a coordinator types it: labels (in changing case) and DD.MM.YYYY."""
    headers = lines[0].split(",")
    out = [lines[0]]
    for number, line in enumerate(lines[1:]):
        cells = line.split(",")
        for index, header in enumerate(headers):
            value = cells[index]
            choices = CODE_COLUMNS.get((stem, header))
            if choices and value:
                with translation.override("nb"):
                    label = str(dict(choices)[value])
                value = label.upper() if number % 2 else label
            elif header in DATE_COLUMNS and ISO_DATE.match(value):
                year, month, day = ISO_DATE.match(value).groups()
                value = f"{day}.{month}.{year}"
            elif stem == "survey_questions" and header == "shown_if":
                value = value.replace("=no", "=Nei")
            cells[index] = value
        if stem == "survey_answers" and cells[4] == "2":  # a yes/no answer
            cells[5] = {"yes": "Ja", "no": "nei"}[cells[5]]
        out.append(",".join(cells))
    return out


def write(directory, sheets):
    directory.mkdir()
    for stem, lines in sheets.items():
        (directory / f"{stem}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def figures_after_import(directory):
    """The report JSON of 2025 after importing DIR, then everything undone again."""
    with transaction.atomic():
        call_command("import_data", str(directory))
        figures = report_figures(2025)
        figures["imported input"] = list(
            InputItem.objects.order_by("meeting__date", "text").values_list(
                "meeting__date", "meeting__series__name", "raised_by__name", "theme", "text", "assigned_service__name",
                "status", "raised_on", "due_on", "answer", "answered_on", "public",
            )
        )
        transaction.set_rollback(True)
    return figures


def test_a_sheet_in_norwegian_words_gives_the_same_report_figures_as_the_coded_one(tmp_path):
    norwegian = {stem: in_norwegian_words(stem, lines) for stem, lines in CODED.items()}
    assert "20.11.2024,Høstmøte,,Rådhuset,,," in norwegian["meetings"]
    assert "2025-01-10,Polsk Forening,Telefon,Svar,ringte".replace("2025-01-10", "10.01.2025") in norwegian["contacts"]

    coded = figures_after_import(write(tmp_path / "coded", CODED))
    assert not Organisation.objects.exists()
    in_words = figures_after_import(write(tmp_path / "norsk", norwegian))

    assert in_words == coded
    # The figures are the ones the rows make, not zeros of an import that read nothing.
    assert coded["panel"]["meetings"] == 2
    assert coded["panel"]["organisations_represented"] == 2  # Aceh, Moské (not the services, not the hotel)
    assert coded["panel"]["municipal_services_at_two_or_more_meetings"] == 1  # NAV
    assert (coded["outreach"]["organisations_contacted"], coded["outreach"]["organisations_responded"]) == (3, 3)
    assert coded["directory"]["published_at_year_end"] == 1  # Aceh: Polsk is 2026, the hotel a business
    (survey,) = coded["surveys"]
    assert [group["responses"] for group in survey["groups"]] == [2, 1]
    assert [group["anonymous"] for group in survey["groups"]] == [1, 0]  # "Ja"/"nei" read as yes/no
    assert coded["series"][0]["participants"] == 4
    assert coded["activities"]["own_event_participants"] == 120
    assert coded["activities"]["organisations_in_consultations"] == 2
    assert coded["activities"]["courses"] == 0
    (grants,) = coded["grants"]
    assert grants["applications"] == 3 and grants["granted_amount"] == 35000
    assert [(item[4], item[6], item[7].isoformat()) for item in coded["imported input"]] == [
        ("Gammelt innspill", "not_pursued", "2024-11-20"),
        ("Flere utleieboliger", "answered", "2025-02-13"),  # raised_on empty: the meeting's date
        ("Tolk på møtene", "implemented", "2025-02-14"),
        ("Leksehjelp", "new", "2025-05-05"),
        ("Rimelige lokaler", "in_progress", "2025-10-09"),
    ]


def test_three_bad_rows_give_three_error_lines_and_an_unknown_file_is_named(tmp_path, capsys):
    sheets = {
        "organisations": [
            CODED["organisations"][0],
            "Aceh Forening,,Innvandrerorganisasjon,,,,,,01.03.2025",
            "Moské Sør,,kirke,,,,,,",  # bad: no such kind
            "NAV Stavanger,,kommunal virksomhet,,,,,,",
        ],
        "meetings": [CODED["meetings"][0], "13.02.2025,Vårmøte,,,,,"],
        "attendance": [
            CODED["attendance"][0],
            "13.02.2025,Aceh Forening,3,",
            "13.02.2025,NAV Stavanger,null,",  # bad: not a number
        ],
        # The good rows of the files with errors count here: no "unknown organisation".
        "contacts": [
            CODED["contacts"][0],
            "10.01.2025,Aceh Forening,Telefon,Svar,",
            "11.01.2025,NAV Stavanger,brevdue,Svar,",  # bad: no such channel
            "12.01.2025,NAV Stavanger,E-POST,møtt,",
        ],
    }
    directory = write(tmp_path / "sheets", sheets)
    (directory / "notater.txt").write_text("ikke et ark", encoding="utf-8")
    (directory / "kontakter.csv").write_text("date\n", encoding="utf-8")

    with pytest.raises(CommandError, match="3 error"):
        call_command("import_data", str(directory))
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert lines == [
        "organisations.csv:3: kind: «kirke» er ikke tillatt (tillatt: immigrant_organisation, faith_community,"
        " voluntary_organisation, municipal_service, business, other)",
        "attendance.csv:3: participants: antall deltakere må være et helt tall, minst 1 (fikk «null»)",
        "contacts.csv:3: channel: «brevdue» er ikke tillatt (tillatt: email, phone, sms, meeting, visit, other)",
    ]
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert [line.split(":")[1].strip() for line in warnings] == ["kontakter.csv", "notater.txt"]
    # kontakter.csv is contacts' Norwegian name: contacts.csv is read instead of it, and said so.
    assert warnings[0] == "warning: kontakter.csv: not read, contacts.csv is read for the same file"
    assert not Organisation.objects.exists()  # all or nothing


def test_a_date_is_read_in_both_forms_and_a_bad_one_names_them(db):
    results = importing.run_import(
        [("surveys", "surveys.csv", "title,report_year,opens_on,closes_on\nA,2025,01.11.2025,2025-12-10\nB,2025,1/11/2025,\n".encode())]
    )
    assert [str(error) for result in results for error in result.errors] == [
        "surveys.csv:3: opens_on: «1/11/2025» er ikke en dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)"
    ]


# The contract's table of Norwegian names (docs/domain.md), written out here rather than read from
# the resources, so the test checks them: file names (the XLSX copy uses the ASCII spelling where
# the table gives one) and headers in the column order of the English files.
NORWEGIAN = {
    "organisations": ("organisasjoner", "organisasjoner", "navn, organisasjonsnummer, type, kommune, e-post, telefon, nettside, beskrivelse, publisert"),
    "meetings": ("møter", "moter", "dato, tittel, temaer, sted, start, slutt, møteserie"),
    "attendance": ("oppmøte", "oppmote", "møtedato, organisasjon, deltakere, møteserie"),
    "contacts": ("kontakter", "kontakter", "dato, organisasjon, kanal, utfall, notat"),
    "surveys": ("undersøkelser", "undersokelser", "tittel, rapportår, åpner, stenger"),
    "survey_questions": ("spørsmål", "sporsmal", "undersøkelse, nummer, type, tekst, vises hvis"),
    "survey_answers": ("svar", "svar", "undersøkelse, besvarelse, gruppe, anonym, nummer, verdi"),
    "activities": ("aktiviteter", "aktiviteter", "dato, type, tittel, deltakere, organisasjoner, notat"),
    "grant_rounds": ("tilskuddsrunder", "tilskuddsrunder", "år, ordning, ramme, frist"),
    "grant_applications": ("tilskuddssøknader", "tilskuddssoknader", "år, ordning, organisasjon, del, søkt beløp, innvilget beløp, status, medlemmer, deltakere, notat"),
    "input": ("innspill", "innspill", "møtedato, møteserie, meldt av, tema, innspill, virksomhet, status, meldt, frist, svar, besvart, offentlig"),
}
NORWEGIAN_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")


def norwegian_rows(stem, lines):
    """The sheet in Norwegian words with the Norwegian header row, as lists of cells."""
    english_headers = lines[0].split(",")
    norwegian_headers = NORWEGIAN[stem][2].split(", ")
    by_english = dict(zip(english_headers, norwegian_headers))  # the files' columns are in the table's order
    assert len(english_headers) == len(norwegian_headers)
    rows = [[by_english[header] for header in english_headers]]
    # Upper case here and there, as a coordinator's sheet has it.
    rows[0] = [header.upper() if index % 3 == 1 else header for index, header in enumerate(rows[0])]
    rows += [line.split(",") for line in in_norwegian_words(stem, lines)[1:]]
    return rows


def write_csv_with_bom_and_semicolons(directory):
    import csv

    directory.mkdir()
    for stem, lines in CODED.items():
        out = io.StringIO(newline="")
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(norwegian_rows(stem, lines))
        (directory / f"{NORWEGIAN[stem][0]}.csv").write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))
    return directory


def xlsx_cell(value):
    """A cell as Excel or LibreOffice stores what a coordinator typed: dates and times as date and
    time cells, numbers as numbers."""
    if match := NORWEGIAN_DATE.match(value):
        day, month, year = match.groups()
        return datetime.date(int(year), int(month), int(day))
    if re.fullmatch(r"\d{2}:\d{2}", value):
        return datetime.time(int(value[:2]), int(value[3:]))
    if value.isdigit():
        return int(value)
    return value or None


def write_xlsx(directory):
    from openpyxl import Workbook

    directory.mkdir()
    for stem, lines in CODED.items():
        workbook = Workbook()
        header, *rows = norwegian_rows(stem, lines)
        workbook.active.append(header)
        for row in rows:
            workbook.active.append([xlsx_cell(cell) for cell in row])
        workbook.save(directory / f"{NORWEGIAN[stem][1]}.xlsx")
    return directory


def test_a_norwegian_headed_copy_in_csv_and_in_xlsx_gives_the_english_figures(tmp_path):
    english = figures_after_import(write(tmp_path / "english", CODED))
    assert english["panel"]["meetings"] == 2 and len(english["imported input"]) == 5  # the sheets were read
    # The report's input figures from input.csv: the 2024 item and the series' item do not count;
    # median of 25 days (13.02 → 10.03) and 6 days (14.02 → 20.02) is 15.5, rounded half up.
    assert english["input"] == {
        "raised": 3, "answered": 2, "implemented": 1, "not_pursued": 0, "open": 1, "organisations_heard": 1,
        "median_days_to_answer": 16,
        "by_service": [{"service": "Kultur", "raised": 1, "answered": 1}, {"service": "NAV Stavanger", "raised": 1, "answered": 1}],
    }

    as_csv = write_csv_with_bom_and_semicolons(tmp_path / "csv")
    assert (as_csv / "møter.csv").read_bytes().startswith("\ufeffdato;TITTEL;temaer;sted;START;slutt;møteserie".encode())
    assert "13.02.2025;;Aceh Forening;Bolig;Flere utleieboliger;NAV Stavanger;Besvart;;01.03.2025;Vi ser på det;10.03.2025;Ja" in (
        as_csv / "innspill.csv"
    ).read_text(encoding="utf-8-sig").splitlines()
    assert figures_after_import(as_csv) == english

    as_xlsx = write_xlsx(tmp_path / "xlsx")
    assert sorted(path.name for path in as_xlsx.iterdir())[:3] == ["aktiviteter.xlsx", "innspill.xlsx", "kontakter.xlsx"]
    assert figures_after_import(as_xlsx) == english
