"""Chapters 5–10 written from the records: the series, the activities, the premises; in the
JSON, the HTML and the PDF (read back with pdftotext), frozen on approval."""

import io
import json

import pytest
from django.core.management import call_command

from activities.models import Premises
from organisations.models import Kind
from panel.models import InputItem
from reports import pdf, services
from tests.activities.factories import activity
from tests.panel.factories import attend, series, series_meeting
from tests.reports import factories
from tests.reports.test_pdf import flat, pdf_text

pytestmark = pytest.mark.django_db


def body_text(data):
    """The PDF's text without the running headers (each page repeats the title and the chapter)."""
    pages = []
    for page in pdf_text(data).split("\f"):
        lines = page.splitlines()
        if lines and lines[0].startswith("Årsrapport"):
            rest = [line for line in lines[1:]]
            while rest and not rest[0].strip():
                rest.pop(0)
            lines = rest[1:]  # the chapter's heading repeated
        pages.append("\n".join(lines))
    return flat("\n".join(pages))


def chapter(text, heading, next_heading):
    """The chapter's text: from its heading (the last one, after the table of contents) to the next."""
    start = text.rindex(heading)
    return text[start:text.index(next_heading, start)]


def command_json(year):
    out = io.StringIO()
    call_command("annual_report", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def build_beyond_the_panel(panel, year=2025):
    """The seed's chapters 5–9 as records, beside records of the years around that must not count."""
    council = factories.make_organisation(name="Sandnes Inkluderingsråd", kind=Kind.VOLUNTARY_ORGANISATION)
    business = factories.make_organisation(name="Næringsforeningen", kind=Kind.BUSINESS)
    hotel = factories.make_organisation(name="Quality Hotel Residence", kind=Kind.BUSINESS)
    immigrant = panel["organisations"]

    team = series("Inkluderingsteam", kind="inclusion_team")
    group = series("Arbeidsgruppe Frivilligbørs", kind="working_group")
    group.members.set([council, business, hotel])
    # On the date of a panel meeting, with people who also came to the panel.
    same_day = series_meeting(team, factories.d(year, 3, 11), title="Oppstart av inkluderingsteamet")
    attend(same_day, immigrant[5], 3)
    attend(same_day, council, 2)
    attend(series_meeting(team, factories.d(year, 9, 15), title="Høstmøte i teamet"), immigrant[6], 2)
    planning = series_meeting(group, factories.d(year, 10, 2), title="Planlegging av Frivilligbørs")
    attend(planning, council, 2)
    attend(planning, business, 1)
    attend(planning, hotel, 1)
    attend(series_meeting(team, factories.d(year + 1, 2, 2), title="Neste års teammøte"), immigrant[7], 9)

    activity("own_event", factories.d(year, 10, 29), "HELE VERDEN I SANDNES", participants=120,
             organisations=[council, hotel], role="co_organiser", location="Sandnes rådhus")
    activity("own_event", factories.d(year - 1, 10, 29), "Fjorårets fest", participants=999)
    activity("campaign", factories.d(year, 9, 1), "Facebook-kampanjen Mangfold er en ressurs",
             end_date=factories.d(year, 10, 29), channels="Facebook, e-post")
    activity("consultation", factories.d(year, 10, 15), "Lokaler i skolebygg", organisations=immigrant[10:16],
             role="input", case="Sandnes Eiendom: lokaler i skolebygg for frivillige", deadline=factories.d(year, 11, 15),
             input_sent="Innspill til høringsuttalelsen fra Inkluderingsrådet", outcome="Behandles politisk i 2026")
    activity("media", factories.d(year, 9, 9), "Politikerne må begynne å snakke med oss", outlet="Sandnesposten")
    activity("network_meeting", factories.d(year, 11, 5), "Inkluderingsrådets møteplass", organisations=[council, immigrant[12]])
    activity("course", factories.d(year + 1, 1, 15), "Søknadskurs neste år")
    Premises.objects.create(name="Bydelshuset Lura", owner="Sandnes kommune", terms="free", how_to_book="Ring bydelshuset.")
    service = panel["services"][0]
    InputItem.objects.create(meeting=panel["current_meetings"][0], text="Tolk på foreldremøter", assigned_service=service,
                             status="answered", raised_on=factories.d(year, 3, 11), answer="Ja.")
    InputItem.objects.create(meeting=panel["current_meetings"][0], text="Åpningstider", assigned_service=service,
                             raised_on=factories.d(year, 3, 11))


@pytest.fixture
def year_beyond(db):
    panel = factories.build_reference_year(2025)
    build_beyond_the_panel(panel)
    return panel


def test_the_json_has_series_and_activities_beside_unmoved_panel_figures(year_beyond):
    data = command_json(2025)
    assert data["series"] == [
        {"name": "Arbeidsgruppe Frivilligbørs", "meetings": 1, "organisations_represented": 3, "participants": 4},
        {"name": "Inkluderingsteam", "meetings": 2, "organisations_represented": 3, "participants": 7},
    ]
    assert data["activities"] == {
        "own_events": 1, "own_event_participants": 120, "campaigns": 1, "consultations": 1,
        "organisations_in_consultations": 6, "media_mentions": 1, "network_meetings": 1, "courses": 0,
    }
    # The reference report's panel and outreach figures, untouched by the series and activities.
    assert data["panel"]["meetings"] == 4
    assert data["panel"]["organisations_represented"] == 26
    assert data["panel"]["organisations_at_two_or_more_meetings"] == 13
    assert data["panel"]["municipal_services_at_two_or_more_meetings"] == 7
    assert data["outreach"] == {**data["outreach"], "organisations_contacted": 125, "organisations_responded": 81}


def test_the_pdf_shows_the_series_the_events_with_participants_and_the_consultations(year_beyond, tmp_path):
    report = services.report_create(year=2025)
    data = pdf.generate(report)[2]
    (tmp_path / "rapport.pdf").write_bytes(data)
    text = body_text(data)
    chapter21 = chapter(text, "2.1 Organisasjoner som har deltatt i Erfaringspanelet", "3. Økt deltagelse")
    # seed §2.1: the voluntary organisations at the panel by name; one only at a series is not there
    assert "Disse frivillige organisasjonene deltok også på møter i Erfaringspanelet i 2025: Frivillig Inkluderingsråd." in chapter21
    chapter5 = chapter(text, "5. Oversikt og dialog frivillige organisasjoner", "6. Oversikt og dialog kommunale")
    assert "Sandnes Inkluderingsråd" in chapter5
    assert "Arbeidsgruppe Frivilligbørs (Arbeidsgruppe): Næringsforeningen, Quality Hotel Residence, Sandnes Inkluderingsråd" in chapter5
    assert "Inkluderingsrådets møteplass" in chapter5
    chapter6 = chapter(text, "6. Oversikt og dialog kommunale tjenester", "7. Møteplasser")
    assert "Kommunal tjeneste 001 2" in chapter6  # at two of the year's panel meetings
    assert "Innspill til virksomhetene i 2025" in chapter6 and "Besvart" in chapter6
    chapter7 = chapter(text, "7. Møteplasser", "8. Økt synlighet")
    assert "1 høring i 2025; 6 innvandrerorganisasjoner ga innspill." in chapter7
    assert "Lokaler i skolebygg" in chapter7 and "frist 15. november 2025" in chapter7
    assert "Ga innspill: Innvandrerforening 011" in chapter7
    assert "Utfall: Behandles politisk i 2026" in chapter7
    assert "Bydelshuset Lura" in chapter7
    chapter8 = chapter(text, "8. Økt synlighet", "9. Kampanjearbeid")
    assert "Sandnesposten" in chapter8 and "Politikerne må begynne å snakke med oss" in chapter8
    chapter9 = chapter(text, "9. Kampanjearbeid", "10. Bærekraft")
    assert "Facebook-kampanjen Mangfold er en ressurs" in chapter9 and "Kanaler: Facebook, e-post" in chapter9
    assert "1 eget arrangement i 2025 med til sammen 120 deltakere." in chapter9
    assert "HELE VERDEN I SANDNES" in chapter9 and "Fjorårets fest" not in text
    chapter10 = chapter(text, "10. Bærekraft", "11. Status og måloppnåelse")
    assert "Inkluderingsteam" in chapter10 and "Oppstart av inkluderingsteamet" in chapter10
    assert "Møteserier i 2025" in chapter10
    rows = {line.split()[-4]: line.split()[-3:] for line in pdf_text(data, layout=True).splitlines()
            if line.strip().startswith(("Arbeidsgruppe Frivilligbørs", "Inkluderingsteam")) and line.split()[-1].isdigit()}
    assert rows == {"Frivilligbørs": ["1", "3", "4"], "Inkluderingsteam": ["2", "3", "7"]}  # meetings, organisations, participants
    assert "Neste års teammøte" not in text and "Søknadskurs neste år" not in text


def test_approval_freezes_the_series_and_the_activities(year_beyond, client, coordinator):
    report = services.report_create(year=2025)
    services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.d(2026, 3, 11))
    frozen = command_json(2025)

    late = series("Sen møteserie")
    attend(series_meeting(late, factories.d(2025, 12, 20), title="Sent møte"), factories.make_organisation(name="Sen forening"))
    activity("own_event", factories.d(2025, 12, 30), "Sent arrangement", participants=50)
    activity("consultation", factories.d(2025, 12, 30), "Sen høring")

    assert command_json(2025) == frozen
    client.force_login(coordinator)
    html = client.get("/rapporter/2025/").content.decode()
    assert "HELE VERDEN I SANDNES" in html and "Lokaler i skolebygg" in html
    assert "Sent arrangement" not in html and "Sen høring" not in html and "Sen møteserie" not in html
    report.refresh_from_db()
    text = flat(pdf_text(pdf.generate(report)[2]))
    assert "Sent møte" not in text and "Sen høring" not in text
    draft = services.report_reopen(report=report)
    from reports.selectors import report_content

    assert report_content(draft)["figures"]["activities"]["own_event_participants"] == 170
