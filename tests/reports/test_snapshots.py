"""An approved report renders from its frozen snapshot whatever the snapshot's schema version:
the fixture was frozen by the portal at schema 1 (before growth_target was renamed)."""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from reports import pdf, selectors, snapshots
from reports.models import AnnualReport, ReportStatus
from tests.reports import factories
from tests.reports.test_pdf import flat, pdf_text

FIXTURE = Path(__file__).parent / "snapshots" / "annual-report-2025-schema-1.json"


def frozen_schema_1():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def published_2025(db):
    """A report approved and published with the schema-1 snapshot, and no records behind it."""
    return AnnualReport.objects.create(
        year=2025,
        version=1,
        title="Årsrapport 2025",
        status=ReportStatus.PUBLISHED,
        approved_by_body="Erfaringspanelet",
        approved_on=datetime.date(2026, 3, 11),
        published_on=datetime.date(2026, 3, 12),
        snapshot=frozen_schema_1(),
    )


def test_the_fixture_is_a_schema_1_snapshot_with_the_old_key():
    snapshot = frozen_schema_1()
    assert snapshot["schema"] == 1
    assert "growth_target" in snapshot and "growth_target_percent" not in snapshot


def test_a_schema_1_report_renders_its_frozen_figures_on_the_page(client, published_2025):
    html = client.get("/rapporter/2025/").content.decode()
    assert "Det ble arrangert 4 møter" in html
    # the growth target, read through the schema-1 reader (the template asks for the new key)
    assert "Målet var en økning på 50" in html


def test_a_schema_1_report_renders_as_pdf(published_2025):
    text = flat(pdf_text(pdf.generate(published_2025)[2]))
    assert "Målet var en økning på 50 % fra 2024 til 2025. Økningen ble på 189 %." in text
    assert "Godkjent av Erfaringspanelet 11. mars 2026" in text


def test_reading_never_changes_the_stored_snapshot(published_2025):
    content = selectors.report_content(published_2025)
    assert content["schema"] == snapshots.SCHEMA and content["growth_target_percent"] == 50
    published_2025.refresh_from_db()
    assert published_2025.snapshot == frozen_schema_1()


def test_a_snapshot_without_a_schema_is_read_as_version_1():
    snapshot = frozen_schema_1()
    del snapshot["schema"]
    assert snapshots.read(snapshot)["growth_target_percent"] == 50


def test_a_snapshot_from_a_newer_portal_is_refused_not_misread():
    snapshot = frozen_schema_1()
    snapshot["schema"] = snapshots.SCHEMA + 1
    with pytest.raises(snapshots.UnknownSchema):
        snapshots.read(snapshot)


@pytest.mark.django_db
def test_a_snapshot_frozen_today_has_the_current_schema_and_reads_unchanged():
    factories.build_reference_year(2025)
    content = selectors.build_content(AnnualReport(year=2025))
    assert content["schema"] == snapshots.SCHEMA
    assert snapshots.read(copy.deepcopy(content)) == content


def test_a_schema_without_a_reader_fails_the_check(monkeypatch):
    monkeypatch.setattr(snapshots, "SCHEMA", snapshots.SCHEMA + 1)
    with pytest.raises(SystemCheckError, match="reports.E001"):
        call_command("check")


def test_a_schema_2_report_drops_its_stored_chart_markup_and_draws_the_charts_from_its_figures(client, db):
    """Schema 2 stored the charts as SVG markup; they are now drawn from the figures at render."""
    snapshot = json.loads((Path(__file__).parent / "snapshots" / "annual-report-2025-schema-2.json").read_text(encoding="utf-8"))
    assert snapshot["schema"] == 2 and "<svg" in snapshot["charts"]["participation"]
    snapshot["charts"]["participation"] = snapshot["charts"]["participation"].replace("per år", "STORED")
    AnnualReport.objects.create(
        year=2025, version=1, title="Årsrapport 2025", status=ReportStatus.PUBLISHED,
        approved_by_body="Erfaringspanelet", approved_on=datetime.date(2026, 3, 11),
        published_on=datetime.date(2026, 3, 12), snapshot=snapshot,
    )
    assert "charts" not in snapshots.read(snapshot)
    html = client.get("/rapporter/2025/").content.decode()
    assert "STORED" not in html
    assert 'class="report-chart"' in html and "Innvandrerorganisasjoner representert i Erfaringspanelet per år" in html
    assert 'class="score-chart"' in html


def test_a_schema_3_report_still_lists_its_organisations_by_name(client, db):
    """Schema 3 stored the panel's and the period's lists of names as "organisations_represented",
    the name of the count among the figures; the lists now have a name of their own."""
    snapshot = json.loads((Path(__file__).parent / "snapshots" / "annual-report-2025-schema-3.json").read_text(encoding="utf-8"))
    assert snapshot["schema"] == 3 and snapshot["panel"]["organisations_represented"][0] == "Innvandrerforening 005"
    AnnualReport.objects.create(
        year=2025, version=1, title="Årsrapport 2025", status=ReportStatus.PUBLISHED,
        approved_by_body="Erfaringspanelet", approved_on=datetime.date(2026, 3, 11),
        published_on=datetime.date(2026, 3, 12), snapshot=snapshot,
    )
    content = snapshots.read(snapshot)
    assert len(content["panel"]["represented_organisation_names"]) == 26 and "organisations_represented" not in content["panel"]
    assert len(content["period"]["represented_organisation_names"]) == 30
    assert content["figures"]["panel"]["organisations_represented"] == 26  # the count keeps its name
    html = client.get("/rapporter/2025/").content.decode()
    assert "i Erfaringspanelet i 2025 (26 organisasjoner)" in html
    year_list = html[html.index('<ul class="name-columns">'):]
    assert "<li>Innvandrerforening 005</li>" in year_list[:year_list.index("</ul>")]
    period_list = html[html.index('period-organisations">'):]
    assert "<li>Innvandrerforening 030</li>" in period_list[:period_list.index("</ul>")]
