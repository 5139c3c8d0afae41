"""A sheet re-saved by LibreOffice or Excel imports as typed (docs/domain.md: coordinators' own
sheets are welcome as they are): times as 17:30:00, dates as date cells or with a midnight time,
whole numbers written 3,0 or 321 702; what is not unambiguous is refused with a message."""

import datetime
import io

import pytest
from openpyxl import Workbook

from activities.models import Activity
from grants.models import GrantRound
from panel.models import Attendance, Meeting
from portal.spreadsheets import importing
from portal.spreadsheets.widgets import whole_number
from surveys.models import Answer, Survey
from tests.panel.factories import organisation

pytestmark = pytest.mark.django_db


def errors_of(results):
    return [str(error) for result in results for error in result.errors]


def csv(*lines):
    return ("\n".join(lines) + "\n").encode()


def test_times_with_seconds_dates_with_midnight_and_numbers_with_decimals_are_read():
    organisation("Aceh Forening")
    results = importing.run_import([
        ("meetings", "møter.csv", csv(
            "dato;tittel;temaer;sted;start;slutt;møteserie",
            "13.02.2025 00:00:00;Vårmøte;;Rådhuset;17:30:00;19:00:00;",
        )),
        ("attendance", "oppmøte.csv", csv("møtedato;organisasjon;deltakere;møteserie", "13.02.2025;Aceh Forening;3,0;")),
        ("activities", "aktiviteter.csv", csv("dato,type,tittel,deltakere,organisasjoner,notat", "2025-06-14,Eget arrangement,Fest,120.0,,")),
        ("grant_rounds", "tilskuddsrunder.csv", csv("år;ordning;ramme;frist", "2025,0;Lokal ordning;321 702;01.03.2025")),
        ("surveys", "surveys.csv", csv("title,report_year,opens_on,closes_on", "Evaluering,2025.0,2025-11-01 00:00,")),
        ("survey_questions", "survey_questions.csv", csv("survey,position,kind,text,shown_if", "Evaluering,1.0,score,Nyttig?,")),
        ("survey_answers", "survey_answers.csv", csv(
            "survey;response;respondent_group;anonymous;position;value", "Evaluering;r1;Gruppe;Ja;1,0;4,0",
        )),
    ])
    assert errors_of(results) == []
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.start_time, meeting.end_time) == (
        datetime.date(2025, 2, 13), datetime.time(17, 30), datetime.time(19, 0),
    )
    assert Attendance.objects.get().participants == 3
    assert Activity.objects.get().participants == 120
    grant_round = GrantRound.objects.get()
    assert (grant_round.year, grant_round.allocation) == (2025, 321702)
    survey = Survey.objects.get()
    assert (survey.report_year, survey.opens_on) == (2025, datetime.date(2025, 11, 1))
    assert Answer.objects.get().value == "4"


def test_what_is_not_unambiguous_is_refused():
    organisation("Aceh Forening")
    results = importing.run_import([
        ("meetings", "meetings.csv", csv(
            "date,title,topics,location,start,end,series",
            "2025-02-13,A,,,17:30:15,,",
            "13.02.2025 12:00,B,,,,,",
            "2025-02-14,C,,,,,",
        )),
        ("attendance", "attendance.csv", csv(
            "meeting_date,organisation,participants", "2025-02-14,Aceh Forening,1.000", "2025-02-14,Aceh Forening,2.5",
        )),
    ])
    assert errors_of(results) == [
        "meetings.csv:2: start: «17:30:15» er ikke et klokkeslett på formen TT:MM.",
        "meetings.csv:3: date: «13.02.2025 12:00» er ikke en dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
        "attendance.csv:2: participants: antall deltakere må være et helt tall, minst 1 (fikk «1.000»)",
        "attendance.csv:3: participants: antall deltakere må være et helt tall, minst 1 (fikk «2.5»)",
    ]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "cell, number",
    [("12", 12), ("12.0", 12), ("12,00", 12), (" 321 702 ", 321702), ("321\u00a0702", 321702), (12.0, 12), ("", None)],
)
def test_a_whole_number_is_read_as_spreadsheets_write_it(cell, number):
    assert whole_number(cell) == number


@pytest.mark.parametrize("cell", ["1.000", "1,000", "12.5", "-3", "12 34", "3 000,5", 2.5, "1e3"])
def test_a_number_that_is_not_plainly_whole_is_refused(cell):
    with pytest.raises(ValueError):
        whole_number(cell)


def test_an_xlsx_with_date_and_time_cells_and_decimal_numbers_is_read():
    organisation("Aceh Forening")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["dato", "tittel", "temaer", "sted", "start", "slutt", "møteserie"])
    sheet.append([datetime.datetime(2025, 2, 13), "Vårmøte", None, "Rådhuset", datetime.time(17, 30), None, None])
    out = io.BytesIO()
    workbook.save(out)
    attendance = Workbook()
    attendance.active.append(["møtedato", "organisasjon", "deltakere"])
    attendance.active.append([datetime.date(2025, 2, 13), "Aceh Forening", 4.0])
    out2 = io.BytesIO()
    attendance.save(out2)

    results = importing.run_import(
        [("meetings", "møter.xlsx", out.getvalue()), ("attendance", "oppmøte.xlsx", out2.getvalue())]
    )
    assert errors_of(results) == []
    assert Meeting.objects.get().start_time == datetime.time(17, 30)
    assert Attendance.objects.get().participants == 4
