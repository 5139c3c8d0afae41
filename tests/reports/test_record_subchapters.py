"""Chapters like the seed's, from the records: a record the coordinators mark as worth a
subchapter (a network or working group, a consultation, an own event, a campaign) gets one in its
chapter, after the chapter's figures, built from the record, with their own paragraph first."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity
from organisations.models import Kind
from reports import selectors, services
from tests.activities.factories import activity
from tests.conftest import client_for, make_organisation
from tests.panel.factories import attend, series, series_meeting

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def records():
    council = make_organisation(name="Sandnes Inkluderingsråd", kind=Kind.VOLUNTARY_ORGANISATION)
    hotel = make_organisation(name="Quality Hotel Residence", kind=Kind.BUSINESS)
    adle = make_organisation(name="Adle")
    group = series(
        "Arbeidsgruppe Frivilligbørs", kind="working_group", description="Planlegger den første Frivilligbørs.",
        report_year=2025, report_heading="Frivilligbørs", report_text="<p>Et medlem av panelet spurte om et frivillighetstorg.</p>",
    )
    group.members.set([council, hotel])
    held = series_meeting(group, D(2025, 9, 18), title="Oppstart av arbeidsgruppen")
    attend(held, council, 2)
    attend(held, hotel, 1)
    series_meeting(group, D(2024, 12, 5), title="Møte året før")  # another year: not told
    series("Inkluderingsteam", kind="inclusion_team", description="Ikke merket")  # not marked
    event = activity(
        "own_event", "2025-10-29", "HELE VERDEN I SANDNES", participants=120, organisations=[council],
        role="co_organiser", location="Sandnes rådhus", note="<p>Musikk, dans og mat.</p>", report_year=2025,
        report_text="<p>Politikerne fikk slått av en prat.</p>",
    )
    consultation = activity(
        "consultation", "2025-10-01", "Lokaler i skolebygg", organisations=[adle], role="input",
        case="Sandnes Eiendom sendte saken på høring.", outcome="Saken behandles politisk.", report_year=2025,
    )
    activity("campaign", "2025-09-01", "Umerket kampanje", note="<p>Står i kapittelets liste.</p>")
    activity("own_event", "2024-10-29", "Fjorårets fest", report_year=2024)  # the 2024 report's
    return {"group": group, "event": event, "consultation": consultation}


def headings(content):
    return [(s["number"], s["heading"]) for s in content["sections"]]


def test_it_tells_each_marked_record_in_a_subchapter_after_its_chapters_figures(records):
    report = services.report_create(year=2025)
    content = selectors.build_content(report)
    numbered = headings(content)
    assert ("5", "Oversikt og dialog frivillige organisasjoner") in numbered
    assert numbered[numbered.index(("5", "Oversikt og dialog frivillige organisasjoner")) + 1] == ("5.1", "Frivilligbørs")
    assert numbered[numbered.index(("7", "Møteplasser")) + 1] == ("7.1", "Lokaler i skolebygg")
    assert numbered[numbered.index(("9", "Kampanjearbeid")) + 1] == ("9.1", "HELE VERDEN I SANDNES")
    titles = [heading for _number, heading in numbered]
    assert "Fjorårets fest" not in titles and "Umerket kampanje" not in titles and "Inkluderingsteam" not in titles

    group = next(s for s in content["sections"] if s["heading"] == "Frivilligbørs")
    assert group["body"] == "<p>Et medlem av panelet spurte om et frivillighetstorg.</p>"
    record = group["record"]
    assert record["members"] == ["Quality Hotel Residence", "Sandnes Inkluderingsråd"]
    assert [m["title"] for m in record["meetings_list"]] == ["Oppstart av arbeidsgruppen"]
    assert (record["meetings"], record["organisations_represented"], record["participants"]) == (1, 2, 3)


def test_the_page_shows_the_subchapters_from_the_records(client, coordinator, records):
    report = services.report_create(year=2025)
    page = client_for(client, coordinator).get(reverse("reports:detail", args=[2025])).content.decode()
    event = page[page.index("9.1 HELE VERDEN I SANDNES"):]
    for text in ("Politikerne fikk slått av en prat.", "Musikk, dans og mat.", "29. oktober 2025", "Sandnes rådhus",
                 "Sandnes Inkluderingsråd", "120"):
        assert text in event
    consultation = page[page.index("7.1 Lokaler i skolebygg"):page.index("8. Økt synlighet")]
    assert "Sandnes Eiendom sendte saken på høring." in consultation
    assert "Adle" in consultation and "Saken behandles politisk." in consultation
    assert report.is_draft
    # The unmarked campaign stays in the chapter's own list; a marked one is not told twice.
    chapter = page[page.index("9. Kampanjearbeid"):page.index("9.1 HELE VERDEN")]
    assert "Umerket kampanje" in chapter


def test_an_approved_report_keeps_the_subchapters_as_approved(records):
    report = services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=D(2026, 3, 11))
    Activity.objects.filter(pk=records["event"].pk).update(report_text="<p>Skrevet etterpå.</p>", report_year=None)
    content = selectors.report_content(report)
    event = next(s for s in content["sections"] if s["heading"] == "HELE VERDEN I SANDNES")
    assert event["body"] == "<p>Politikerne fikk slått av en prat.</p>"


def test_a_record_whose_chapter_the_report_lacks_gets_a_chapter_at_the_end(records):
    report = services.report_create(year=2025)
    report.sections.filter(generated="meeting_places").update(generated="")
    numbered = headings(selectors.build_content(report))
    assert numbered[-2:] == [(numbered[-2][0], "Flere aktiviteter"), (numbered[-2][0] + ".1", "Lokaler i skolebygg")]


def test_a_coordinator_marks_an_activity_for_the_years_report(client, coordinator, council_staff):
    record = activity("media", "2025-09-09", "Politikerne må snakke med oss", outlet="Sandnesposten")
    url = reverse("activities:edit", args=[record.pk])
    data = {"kind": "media", "title": record.title, "date": "2025-09-09", "outlet": "Sandnesposten",
            "report_year": "2025", "report_heading": "Avisartikkel i Sandnesposten", "report_text": "<p>Fire personer ble intervjuet.</p>"}
    assert client_for(client, council_staff).post(url, data).status_code in (302, 403)
    record.refresh_from_db()
    assert record.report_year is None
    response = client_for(client, coordinator).post(url, data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.report_year, record.report_heading) == (2025, "Avisartikkel i Sandnesposten")
    content = selectors.build_content(services.report_create(year=2025))
    numbered = headings(content)
    assert numbered[numbered.index(("8", "Økt synlighet")) + 2] == ("8.2", "Avisartikkel i Sandnesposten")
