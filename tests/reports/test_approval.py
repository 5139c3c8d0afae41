"""Approval looks before it freezes: the confirmation lists chapters without text and typed numbers
that disagree with the computed figure; publishing asks too; a new year starts from last year's texts."""

import pytest
from django.urls import reverse

from reports import services
from reports.consistency import differing_numbers
from reports.models import AnnualReport
from tests.conftest import client_for
from tests.reports import factories

pytestmark = pytest.mark.django_db
APPROVE = {"approved_by_body": "Erfaringspanelet", "approved_on": "2026-03-11"}


@pytest.fixture
def draft(db):
    factories.build_panel(2025)  # 4 panel meetings, 26 immigrant organisations represented
    report = services.report_create(year=2025)
    for section in report.sections.exclude(heading__in=["Innledning", "Erfaringspanelet"]):
        services.section_save(report=report, section=section, level=section.level, heading=section.heading,
                              body="<p>Skrevet.</p>", generated=section.generated)
    panel = report.sections.get(heading="Erfaringspanelet")
    services.section_save(
        report=report, section=panel, level=1, heading=panel.heading, generated=panel.generated,
        body="<p>I 2025 ble det holdt 4 møter i panelet, og 20 organisasjoner deltok.</p>",
    )
    return report


def test_approving_first_shows_the_empty_chapters_and_the_differing_number_and_freezes_nothing(client, coordinator, draft):
    client_for(client, coordinator)

    response = client.post(reverse("reports:report_approve", args=[draft.pk]), APPROVE)

    assert response.status_code == 200
    html = response.content.decode()
    empty = html.split('id="empty-heading"')[1].split("</section>")[0]
    assert "Innledning" in empty and "Skrevet" not in empty and "Erfaringspanelet" not in empty
    numbers = html.split('id="numbers-heading"')[1].split("</section>")[0]
    assert "<td>20</td>" in numbers and "<td>26 " in numbers  # typed 20, computed 26
    assert "<td>4</td>" not in numbers  # 4 meetings is right
    assert "<td>2025</td>" not in numbers  # a year is no count
    draft.refresh_from_db()
    assert draft.is_draft and draft.snapshot is None

    response = client.post(reverse("reports:report_approve", args=[draft.pk]), {**APPROVE, "confirmed": "1"})
    draft.refresh_from_db()
    assert draft.status == "approved" and response.status_code == 302


def test_publishing_asks_before_it_publishes(client, coordinator, draft):
    client_for(client, coordinator)
    services.report_approve(report=draft, approved_by_body="Erfaringspanelet", approved_on=factories.d(2026, 3, 11))

    response = client.post(reverse("reports:report_publish", args=[draft.pk]))
    assert response.status_code == 200 and "Ja, publiser" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published

    client.post(reverse("reports:report_publish", args=[draft.pk]), {"confirmed": "1"})
    draft.refresh_from_db()
    assert draft.is_published


def test_council_staff_get_no_confirmation_page(client, council_staff, draft):
    client_for(client, council_staff)
    assert client.post(reverse("reports:report_approve", args=[draft.pk]), APPROVE).status_code == 403
    assert client.post(reverse("reports:report_publish", args=[draft.pk])).status_code == 403


def test_a_new_years_draft_starts_from_last_years_chapter_texts(draft):
    services.report_create(year=2026)
    new = AnnualReport.objects.get(year=2026)
    old = list(draft.sections.values_list("heading", "body", "generated"))
    assert list(new.sections.values_list("heading", "body", "generated")) == old
    # Another year's report (not the year before) is not the template.
    services.report_create(year=2030)
    assert not AnnualReport.objects.get(year=2030).sections.exclude(body="").exists()


@pytest.mark.parametrize(
    "text, listed",
    [
        ("Vi kontaktet 29 organisasjoner, og 81 svarte.", ["29"]),  # contacted 125, responded 81
        ("20 personer kom på arrangementet 1. mars.", ["20"]),  # participants 50; 1. mars is a date
        ("Deltakelsen økte med 189 % fra 2024.", ["189 %"]),  # growth 150
        ("Vi kontaktet 125 organisasjoner i 2025.", []),
        ("Tjue organisasjoner deltok.", []),  # words are not checked
        ("Gjennomsnittet var 4,5 av 5 poeng.", []),  # no word names a figure
    ],
)
def test_the_matcher_attributes_a_number_to_the_nearest_figure_word(text, listed):
    figures = {
        "panel": {"organisations_represented": 26, "growth_percent": 150},
        "outreach": {"organisations_contacted": 125, "organisations_responded": 81},
        "activities": {"own_event_participants": 50},
    }
    found = differing_numbers([{"number": "4", "heading": "Økt deltagelse", "body": f"<p>{text}</p>"}], figures)
    assert [f["typed"] for f in found] == listed


def carried_over_2026_draft():
    """A 2026 draft whose introduction still speaks of 2025, and tells of a meeting on a date after
    the approval date."""
    factories.build_panel(2026)
    report = services.report_create(year=2026)
    section = report.sections.get(heading="Innledning")
    services.section_save(
        report=report, section=section, level=section.level, heading=section.heading, generated=section.generated,
        body="<p>Prosjektet har i 2025 arbeidet godt med panelet. Julemøtet ble holdt 27. desember 2026.</p>"
             "<p>Arbeidet i 2026 fortsatte. Neste samling var 15.12.2026, og oppstarten var 2026-03-11.</p>",
    )
    return report


def test_the_approval_page_flags_other_years_and_dates_after_the_approval_date(client, coordinator):
    draft = carried_over_2026_draft()
    client_for(client, coordinator)

    response = client.post(
        reverse("reports:report_approve", args=[draft.pk]),
        {"approved_by_body": "Erfaringspanelet", "approved_on": "2026-12-06"},
    )

    html = response.content.decode()
    years = html.split('id="years-heading"')[1].split("</section>")[0]
    assert "<td>2025</td>" in years and "Prosjektet har i 2025 arbeidet godt" in years
    assert "<td>2026</td>" not in years and "Arbeidet i 2026 fortsatte" not in years
    dates = html.split('id="dates-heading"')[1].split("</section>")[0]
    assert "<td>27. desember 2026</td>" in dates and "<td>15.12.2026</td>" in dates
    assert "<td>2026-03-11</td>" not in dates  # before the approval date: no finding
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_text_true_on_the_day_is_not_flagged(client, coordinator, draft):
    client_for(client, coordinator)

    html = client.post(reverse("reports:report_approve", args=[draft.pk]), APPROVE).content.decode()

    assert "Teksten nevner ingen andre år." in html
    assert "Ingen datoer i teksten ligger etter godkjenningsdatoen." in html


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Møtet 3. januar 2027 ble flyttet.", ["3. januar 2027"]),
        ("Møtet 20. desember ble holdt.", ["20. desember"]),  # no year: the report's year
        ("Møtet 5. desember ble holdt.", []),
        ("Møtet 31.12. var det siste.", ["31.12."]),
        ("Se kapittel 5.2 og 4,5 i snitt; 31.02.2026 finnes ikke.", []),
    ],
)
def test_dates_after_the_approval_date_are_read_in_the_ways_coordinators_write_them(text, flagged):
    from reports.consistency import dates_after

    found = dates_after([{"number": "1", "heading": "Innledning", "body": f"<p>{text}</p>"}], factories.d(2026, 12, 6), 2026)

    assert [f["typed"] for f in found] == flagged
