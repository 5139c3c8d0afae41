"""An activity's description ("beskrivelse", Activity.note) is formatted text: formatted on its
pages and in the annual report (HTML and the tagged PDF), plain text in the calendar feeds and
activities.csv, cleaned on every way in."""

import csv
import datetime
import io
import json

import pytest
import vobject
from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity
from portal.spreadsheets import importing, writing
from reports import pdf, services
from tests.activities.factories import activity
from tests.pdfua import pdfinfo, pdftotext

pytestmark = pytest.mark.django_db

NOTE = "<p>Vi brukte <strong>tre</strong> kanaler:</p><ul><li><p>Facebook</p></li><li><p>plakater</p></li></ul>"
PLAIN = "Vi brukte tre kanaler:\n\n- Facebook\n- plakater"
HOSTILE = '<p onclick="alert(1)">Hei</p><script>alert(2)</script><img src=x onerror="alert(3)"><p style="x">Slutt</p>'
HEADER = "date,kind,title,participants,organisations,note"


def assert_clean(text):
    for marker in ("<script", "onclick", "onerror", "style=", "alert(", "<img"):
        assert marker not in text, marker


def test_the_public_calendar_feeds_give_the_description_as_plain_text(client):
    day = datetime.date.today() + datetime.timedelta(days=7)
    activity("own_event", day, "Mangfoldsfest", public=True, note=NOTE)
    (item,) = [e for e in json.loads(client.get("/kalender.json").content)["events"] if e["title"] == "Mangfoldsfest"]
    assert item["description"] == PLAIN
    calendar = vobject.readOne(client.get(reverse("calendar_ics")).content.decode())
    (entry,) = [e for e in calendar.vevent_list if e.summary.value == "Mangfoldsfest"]
    assert entry.description.value == PLAIN
    assert "Vi brukte tre kanaler: - Facebook - plakater" in " ".join(client.get("/kalender/").content.decode().split())


def test_the_pages_show_the_formatting_and_never_stored_hostile_html(client, coordinator):
    shown = activity("own_event", datetime.date.today() + datetime.timedelta(days=7), "Mangfoldsfest", public=True, note=NOTE)
    hostile = activity("own_event", datetime.date.today() + datetime.timedelta(days=8), "Fest to", public=True)
    Activity.objects.filter(pk=hostile.pk).update(note=HOSTILE)  # as a raw restore would store it
    page = client.get(reverse("activities:public_detail", args=[shown.pk])).content.decode()
    assert f'<div class="activity-note">{NOTE}</div>' in page
    client.force_login(coordinator)
    for url in (reverse("activities:public_detail", args=[hostile.pk]), reverse("activities:detail", args=[hostile.pk])):
        body = client.get(url).content.decode().split("<main", 1)[1].split("</main>")[0]
        assert_clean(body) and "Slutt" in body


def test_the_coordinators_form_stores_cleaned_formatted_text(client, coordinator):
    client.force_login(coordinator)
    client.post("/koordinator/aktiviteter/ny/", {"kind": "own_event", "title": "Fest", "date": "2025-10-29", "note": HOSTILE})
    note = Activity.objects.get().note
    assert_clean(note) and note == "<p>Hei</p><p>Slutt</p>"


def test_the_sheet_reads_plain_text_as_paragraphs_writes_plain_text_and_keeps_the_formatting(tmp_path):
    (tmp_path / "activities.csv").write_text(
        f'{HEADER}\n2025-09-01,campaign,Kampanjen,,,"Vi brukte:\n- Facebook\n- plakater"\n'
        f'2025-09-02,campaign,Farlig,,,"{HOSTILE.replace(chr(34), chr(34) * 2)}"\n', encoding="utf-8")
    call_command("import_data", str(tmp_path))
    assert Activity.objects.get(title="Kampanjen").note == "<p>Vi brukte:</p><ul><li><p>Facebook</p></li><li><p>plakater</p></li></ul>"
    assert_clean(Activity.objects.get(title="Farlig").note)

    Activity.objects.filter(title="Kampanjen").update(note=NOTE)
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(importing.export_bytes("activities", "csv").decode("utf-8-sig")))}
    # A list line "- Facebook" after a line break is escaped ("'- Facebook") in CSV: a reader that
    # splits on ';' breaks the cell at the line break, and '-' would start a formula there
    # (portal/spreadsheets/writing.py). The import drops the escape again.
    assert writing.restore(rows["Kampanjen"]["note"]) == PLAIN
    (tmp_path / "activities.csv").write_bytes(importing.export_bytes("activities", "csv"))
    call_command("import_data", str(tmp_path))
    assert Activity.objects.get(title="Kampanjen").note == NOTE  # same words: the formatting stays


@pytest.mark.slow(reason="renders the year's report as HTML and as a tagged PDF")
def test_the_reports_campaign_shows_its_list_in_html_and_as_a_tagged_list_in_the_pdf(client, coordinator):
    activity("campaign", "2025-09-01", "Kampanjen Mangfold er en ressurs", end_date=datetime.date(2025, 10, 29), note=NOTE + HOSTILE)
    report = services.report_create(year=2025)
    client.force_login(coordinator)
    html = client.get(reverse("reports:detail", args=[2025])).content.decode()
    assert '<div class="activity-note"><p>Vi brukte <strong>tre</strong> kanaler:</p><ul><li>Facebook</li><li>plakater</li></ul><p>Hei</p><p>Slutt</p></div>' in html
    data = pdf.generate(report)[2]
    text = " ".join(pdftotext(data).split())
    assert "Vi brukte tre kanaler:" in text and "plakater" in text and "<p>" not in text and "alert" not in text
    # Tagged as PDF/UA wants a list: each item an LI of a label and a body holding its text.
    structure = " ".join(pdfinfo(data, "-struct-text").split())
    for item in ("Facebook", "plakater"):
        assert f'LI (block) Lbl (block) Span (inline) "• " LBody (block) Span (inline) "{item}"' in structure
