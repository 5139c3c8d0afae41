"""Organisation descriptions (Norwegian, English, other languages) and event texts are formatted
text (portal.text.formatted): formatted on the pages, plain text in every sink that takes plain text
(open data, the calendar feeds, meta and Open Graph, JSON-LD, the sheets, the search), and
cleaned on every way in."""

import csv
import datetime
import io
import json
import re
import zoneinfo

import openpyxl
import pytest
import vobject
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from organisations import selectors
from organisations.models import Event, Language, ListingDescription, Organisation
from portal.spreadsheets import importing, writing
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")

FORMATTED = '<p>Vi har <strong>leksehjelp</strong> &amp; mat.</p><ul><li><p>mandag</p></li><li><p>onsdag</p></li></ul>'
PLAIN = "Vi har leksehjelp & mat.\n\n- mandag\n- onsdag"
HOSTILE = ('<p onclick="alert(1)">Hei <a href="javascript:alert(2)">lenke</a></p><script>alert(3)</script>'
           '<img src=x onerror="alert(4)"><p style="color:red">Slutt</p>')
HOSTILE_MARKERS = ("<script", "onclick", "onerror", "javascript:", "style=", "alert(", "<img")


def assert_clean(text):
    for marker in HOSTILE_MARKERS:
        assert marker not in text, marker


def main(response):
    """The page's own content (the layout's scripts are the portal's, from static/)."""
    return response.content.decode().split("<main", 1)[1].split("</main>")[0]


@pytest.fixture
def listing(published):
    organisation = published("Eritreisk forening", description=FORMATTED, description_en="<p>We offer <em>homework help</em>.</p>")
    ListingDescription.objects.create(organisation=organisation, language=Language.objects.get(code="ar"),
                                      text="<p>نقدم <strong>دروس</strong></p><ul><li>الاثنين</li></ul>")
    organisation.refresh_search_text()
    return organisation


def event_of(organisation, **fields):
    return Event.objects.create(organisation=organisation, title="Kulturkveld", status="approved", location="Kulturhuset",
                                starts_at=datetime.datetime(2031, 1, 10, 19, 0, tzinfo=OSLO), **fields)


def test_the_public_listing_shows_the_formatting_in_each_language(client, listing):
    event_of(listing, description="<p>Ta med <strong>mat</strong>:</p><ul><li>brød</li><li>te</li></ul>")
    html = client.get(listing.get_absolute_url()).content.decode()
    assert '<div class="org-description bidi-paragraphs"><p>Vi har <strong>leksehjelp</strong> &amp; mat.</p><ul><li><p>mandag</p>' in html
    assert re.search(r'lang="ar" dir="rtl"><p>نقدم <strong>دروس</strong></p><ul><li>الاثنين</li></ul>', html)
    assert 'lang="en" dir="ltr"><p>We offer <em>homework help</em>.</p>' in html
    assert '<div class="event-description"><p>Ta med <strong>mat</strong>:</p><ul><li>brød</li><li>te</li></ul></div>' in html


def test_open_data_gives_plain_text_in_every_language(client, listing):
    (record,) = json.loads(client.get("/organisasjoner.json").content)["organisations"]
    assert record["description"] == PLAIN
    assert record["description_en"] == "We offer homework help."
    assert record["descriptions"] == [{"language": "ar", "direction": "rtl", "text": "نقدم دروس\n\n- الاثنين"}]


def test_the_calendar_json_and_the_ics_feed_give_the_event_text_as_plain_text(client, listing):
    event_of(listing, description=FORMATTED)
    (item,) = [e for e in json.loads(client.get("/kalender.json").content)["events"] if e["title"] == "Kulturkveld"]
    assert item["description"] == PLAIN
    # A second reader (vobject, not the icalendar package that writes the feed).
    calendar = vobject.readOne(client.get(reverse("calendar_ics")).content.decode())
    (entry,) = [e for e in calendar.vevent_list if e.summary.value.startswith("Kulturkveld")]
    assert entry.description.value == PLAIN


def test_meta_open_graph_and_json_ld_describe_the_listing_in_plain_text(client, listing):
    html = client.get(listing.get_absolute_url()).content.decode()
    meta = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    og = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    assert meta == og == "Vi har leksehjelp &amp; mat. - mandag - onsdag"  # attribute-escaped "&" only
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1))
    assert data["description"] == PLAIN


def test_cards_and_the_embed_page_show_a_plain_snippet(client, listing):
    for path in ("/organisasjoner/", "/innebygd/organisasjoner/"):
        html = client.get(path).content.decode()
        assert "Vi har leksehjelp &amp; mat. - mandag - onsdag" in html, path
        assert "&lt;" not in html and "&amp;amp;" not in html


def test_the_sheets_hold_readable_plain_text(listing):
    rows = list(csv.DictReader(io.StringIO(importing.export_bytes("organisations", "csv").decode("utf-8-sig"))))
    # In CSV the list lines after a line break carry the formula escape ("'- mandag"): a reader
    # splitting on ';' breaks the cell there (portal/spreadsheets/writing.py); the import drops it again.
    assert writing.restore(rows[0]["description"]) == PLAIN
    assert "\n'- mandag" in rows[0]["description"]
    sheet = openpyxl.load_workbook(io.BytesIO(importing.export_bytes("organisations", "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("description") + 1).value == PLAIN


def test_the_search_matches_the_words_never_the_markup(listing, published):
    published("Polsk forening", description='<p>Se <a href="https://polsk.no">nettsiden</a>.</p>')
    assert [o.name for o in selectors.directory_organisations(q="leksehjelp")] == ["Eritreisk forening"]
    assert [o.name for o in selectors.directory_organisations(q="دروس")] == ["Eritreisk forening"]
    for markup in ("strong", "href", "ul", "li", "amp"):
        assert list(selectors.directory_organisations(q=markup)) == [], markup


def test_an_imported_plain_description_becomes_paragraphs_and_a_list(tmp_path):
    (tmp_path / "organisations.csv").write_text(
        "name,org_number,kind,municipality,email,phone,website,description,published_on\n"
        '"Somalisk forening",,immigrant_organisation,Sandnes,,,,"Vi møtes hver uke.\n\nVi tilbyr:\n- norskkurs\n- leksehjelp",\n',
        encoding="utf-8",
    )
    call_command("import_data", str(tmp_path))
    assert Organisation.objects.get().description == (
        "<p>Vi møtes hver uke.</p><p>Vi tilbyr:</p><ul><li><p>norskkurs</p></li><li><p>leksehjelp</p></li></ul>"
    )


def test_an_export_imported_again_keeps_the_formatting(tmp_path, listing):
    (tmp_path / "organisations.csv").write_bytes(importing.export_bytes("organisations", "csv"))
    call_command("import_data", str(tmp_path))
    listing.refresh_from_db()
    assert listing.description == FORMATTED  # the sheet's words are the same: the bold and the list stay


def test_hostile_html_is_removed_on_import(tmp_path, listing):
    (tmp_path / "organisations.csv").write_text(
        "name,org_number,kind,municipality,email,phone,website,description,published_on\n"
        f'"Importert forening",,immigrant_organisation,,,,,"{HOSTILE.replace(chr(34), chr(34) * 2)}",\n', encoding="utf-8")
    call_command("import_data", str(tmp_path))
    imported = Organisation.objects.get(name="Importert forening").description
    assert_clean(imported) and "Hei" in imported and "Slutt" in imported


def test_the_editors_forms_and_the_admin_clean_what_they_store(client, editor, org_a, coordinator, django_user_model):
    client.force_login(editor)
    client.post(reverse("organisations:editor_edit", args=[org_a.slug]), {
        "description": HOSTILE, "description_en": HOSTILE,
        "descriptions-TOTAL_FORMS": "1", "descriptions-INITIAL_FORMS": "0", "descriptions-MIN_NUM_FORMS": "0",
        "descriptions-MAX_NUM_FORMS": "30", "descriptions-0-language": "ar", "descriptions-0-text": HOSTILE,
    })
    data = org_a.listing_revisions.get().data
    for text in (data["description"], data["description_en"], data["descriptions"][0]["text"]):
        assert_clean(text) and "Slutt" in text
    starts = (datetime.datetime.now(OSLO) + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("organisations:editor_event_create", args=[org_a.slug]),
                {"title": "Fest", "starts_at": starts, "location": "Huset", "description": HOSTILE, "audience": "open"})
    assert_clean(Event.objects.get(title="Fest").description)

    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, field in ((Organisation, "description"), (Event, "description"), (ListingDescription, "text")):
        form_field = admin.site._registry[model].get_form(request).base_fields[field] if model in admin.site._registry else None
        if form_field is None:  # ListingDescription is edited inline on the organisation
            form_field = ListingDescription._meta.get_field(field).formfield()
        cleaned = form_field.clean(HOSTILE)
        assert_clean(cleaned) and "Slutt" in cleaned, model


def test_stored_hostile_html_is_cleaned_at_render(client, coordinator, listing):
    Organisation.objects.filter(pk=listing.pk).update(description=HOSTILE, description_en=HOSTILE)
    ListingDescription.objects.filter(organisation=listing).update(text=HOSTILE)
    event = event_of(listing, description=HOSTILE)
    Event.objects.filter(pk=event.pk).update(description=HOSTILE, status="pending")
    pages = [listing.get_absolute_url(), "/organisasjoner/", "/innebygd/organisasjoner/"]
    for path in pages:
        assert_clean(main(client.get(path)))
    client.force_login(coordinator)
    for path in (reverse("organisations:staff_detail", args=[listing.pk]), reverse("organisations:moderation_event", args=[event.pk])):
        body = main(client.get(path))
        assert_clean(body) and "Slutt" in body


def test_the_moderation_diff_shows_the_formatting_safely_and_says_when_only_it_changed(client, editor, coordinator, org_a):
    org_a.description = "<p>Vi har leksehjelp.</p>"
    org_a.save()
    client.force_login(editor)
    client.post(reverse("organisations:editor_edit", args=[org_a.slug]),
                {"description": "<p>Vi har <strong>leksehjelp</strong>.</p><script>alert(1)</script>"})
    revision = org_a.listing_revisions.get()
    rows = {row["field"]: row for row in selectors.listing_diff(revision)}
    assert rows["description"]["changed"] and rows["description"]["formatting_only"]
    client.force_login(coordinator)
    html = client.get(reverse("organisations:moderation_revision", args=[revision.pk])).content.decode()
    assert '<div class="diff-richtext"><p>Vi har <strong>leksehjelp</strong>.</p></div>' in html
    assert "Samme tekst, ny formatering." in html and "&lt;p&gt;" not in html
    assert_clean(html.split("<main", 1)[1].split("</main>")[0])
    preview = client.get(reverse("organisations:moderation_revision", args=[revision.pk]) + "?forhandsvisning=1").content.decode()
    assert "<p>Vi har <strong>leksehjelp</strong>.</p>" in preview


def test_a_description_in_another_language_has_its_editor_in_that_language(client, editor, listing):
    listing.editors.add(editor)
    client.force_login(editor)
    html = client.get(reverse("organisations:editor_edit", args=[listing.slug])).content.decode()
    textarea = re.search(r'<textarea[^>]*name="descriptions-0-text"[^>]*>', html).group(0)
    assert 'lang="ar"' in textarea and 'dir="rtl"' in textarea and 'data-richtext-lang-from="id_descriptions-0-language"' in textarea
    assert "data-django-prose-editor" in textarea
    english = re.search(r'<textarea[^>]*name="description_en"[^>]*>', html).group(0)
    assert 'lang="en"' in english and "data-django-prose-editor" in english


def test_a_coordinators_form_stores_cleaned_formatted_text(client, coordinator):
    organisation = make_organisation("Kurdisk forening")
    client.force_login(coordinator)
    response = client.post(reverse("organisations:edit", args=[organisation.pk]), {
        "name": organisation.name, "kind": organisation.kind, "description": "Linje en.\n\n- punkt", "notes": "",
    })
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "<p>Linje en.</p><ul><li><p>punkt</p></li></ul>"


def test_a_proposal_written_before_the_editor_shows_no_change_where_there_is_none(listing, editor):
    from organisations.models import ListingRevision
    from organisations.services import listing_snapshot

    # The listing as the data migration left it, and a proposal of the same texts typed before it.
    Organisation.objects.filter(pk=listing.pk).update(description="<p>Vi har leksehjelp.</p><ul><li><p>mandag</p></li></ul>")
    ListingDescription.objects.filter(organisation=listing).update(text="<p>نقدم دروس</p>")
    listing.refresh_from_db()
    data = listing_snapshot(listing)
    data["description"] = "Vi har leksehjelp.\n- mandag"
    data["descriptions"] = [{"language": "ar", "text": "نقدم دروس"}]
    revision = ListingRevision.objects.create(organisation=listing, data=data, submitted_by=editor)
    rows = {row["field"]: row for row in selectors.listing_diff(revision)}
    assert not rows["description"]["changed"] and not rows["description:ar"]["changed"]
