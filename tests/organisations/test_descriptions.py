"""Descriptions in other languages: proposed by editors, approved by coordinators, shown with
lang and dir, searched like the Norwegian text, in the open data and the spreadsheet backup."""

import json
import re

import pytest
from django.urls import reverse

from organisations import selectors, services
from organisations.models import Language, ListingDescription, ListingRevision, ModerationStatus, Organisation
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

ARABIC = "نقدم دروس اللغة العربية للأطفال"
POLISH = "Społeczność polska w Sandnes"


def _formset(*rows, initial=0):
    """POST data of the descriptions formset: rows of (language, text[, delete])."""
    data = {
        "descriptions-TOTAL_FORMS": str(len(rows)), "descriptions-INITIAL_FORMS": str(initial),
        "descriptions-MIN_NUM_FORMS": "0", "descriptions-MAX_NUM_FORMS": "30",
    }
    for index, (language, text, *delete) in enumerate(rows):
        data[f"descriptions-{index}-language"] = language
        data[f"descriptions-{index}-text"] = text
        if delete:
            data[f"descriptions-{index}-DELETE"] = "on"
    return data


def _propose(client, editor, organisation, *rows, initial=0, **fields):
    client.force_login(editor)
    return client.post(
        reverse("organisations:editor_edit", args=[organisation.slug]),
        {"description": organisation.description, **fields, **_formset(*rows, initial=initial)},
    )


def _public_slugs(query):
    return [o.slug for o in selectors.directory_organisations(q=query)]


@pytest.fixture
def listing(published, editor):
    organisation = published("Syrisk forening", description="Leksehjelp og kultur.")
    organisation.editors.add(editor)
    return organisation


def test_an_editors_description_is_public_only_once_a_coordinator_approves_it(client, editor, coordinator, listing):
    response = _propose(client, editor, listing, ("ar", ARABIC), ("pl", POLISH))
    assert response.status_code == 302
    revision = ListingRevision.objects.get(organisation=listing)
    assert revision.data["descriptions"] == [{"language": "ar", "text": f"<p>{ARABIC}</p>"}, {"language": "pl", "text": f"<p>{POLISH}</p>"}]

    # Pending: not on the listing, not in the search, not in the open data.
    assert not ListingDescription.objects.exists()
    client.logout()
    assert ARABIC not in client.get(listing.get_absolute_url()).content.decode()
    assert _public_slugs("dzieci") == [] and _public_slugs("polska") == []
    assert ARABIC not in client.get("/organisasjoner.json").content.decode()

    services.moderation_decide(item=revision, reviewer=coordinator, approve=True)
    html = client.get(listing.get_absolute_url()).content.decode()
    assert re.search(r'<div class="org-description-translation" lang="ar" dir="rtl"><p>' + ARABIC, html)
    assert re.search(r'lang="pl" dir="ltr"><p>' + POLISH, html)
    assert _public_slugs("polska") == [listing.slug]
    record = json.loads(client.get("/organisasjoner.json").content)["organisations"][0]
    assert record["descriptions"] == [
        {"language": "ar", "direction": "rtl", "text": ARABIC}, {"language": "pl", "direction": "ltr", "text": POLISH},
    ]


def test_a_rejected_description_never_reaches_the_public(client, editor, coordinator, listing):
    _propose(client, editor, listing, ("ar", ARABIC))
    services.moderation_decide(item=ListingRevision.objects.get(), reviewer=coordinator, approve=False, message="Nei")
    client.logout()
    assert ARABIC not in client.get(listing.get_absolute_url()).content.decode()
    assert not ListingDescription.objects.exists() and _public_slugs("العربية") == []


def test_a_changed_or_removed_language_changes_only_when_approved(client, editor, coordinator, listing):
    services.organisation_set_descriptions(
        organisation=listing, descriptions=[{"language": "ar", "text": ARABIC}, {"language": "pl", "text": POLISH}]
    )
    listing.refresh_search_text()
    # Arabic rewritten, Polish removed (the formset's "Slett").
    _propose(client, editor, listing, ("ar", "نص جديد"), ("pl", POLISH, "delete"), initial=2)
    revision = ListingRevision.objects.get()
    assert revision.data["descriptions"] == [{"language": "ar", "text": "<p>نص جديد</p>"}]
    assert _public_slugs("polska") == [listing.slug]  # still the approved text
    rows = {row["field"]: row for row in selectors.listing_diff(revision)}
    assert rows["description:pl"]["old"] == f"<p>{POLISH}</p>" and rows["description:pl"]["new"] == ""
    assert rows["description:ar"]["dir"] == "rtl" and rows["description:ar"]["changed"]

    services.moderation_decide(item=revision, reviewer=coordinator, approve=True)
    assert list(listing.descriptions.values_list("language__code", "text")) == [("ar", "<p>نص جديد</p>")]
    assert _public_slugs("polska") == []
    revision.refresh_from_db()
    assert revision.previous["descriptions"][1] == {"language": "pl", "text": f"<p>{POLISH}</p>"}  # the old version is kept


def test_the_preview_shows_the_proposed_description_right_to_left(client, editor, listing):
    _propose(client, editor, listing, ("fa", "انجمن فرهنگی"))
    revision = ListingRevision.objects.get()
    html = client.get(reverse("organisations:editor_revision", args=[listing.slug, revision.pk])).content.decode()
    assert 'lang="fa" dir="rtl"><p>انجمن فرهنگی' in html


def test_a_form_posted_without_the_formset_keeps_the_descriptions(client, editor, coordinator, listing):
    services.organisation_set_descriptions(organisation=listing, descriptions=[{"language": "ar", "text": ARABIC}])
    client.force_login(editor)
    client.post(reverse("organisations:editor_edit", args=[listing.slug]), {"description": "Ny tekst"})
    revision = ListingRevision.objects.get()
    assert "descriptions" not in revision.data
    services.moderation_decide(item=revision, reviewer=coordinator, approve=True)
    assert listing.descriptions.get().text == f"<p>{ARABIC}</p>"


@pytest.mark.parametrize(
    "rows, field, message",
    [
        ((("ar", ARABIC), ("ar", "igjen")), "descriptions-1-language", "Hvert språk kan bare ha én beskrivelse."),
        ((("en", "English goes in its own field"),), "descriptions-0-language", "Velg et gyldig valg."),
        ((("no", "Norsk"),), "descriptions-0-language", "Velg et gyldig valg."),
        ((("xx-Qqqq", "Ukjent"),), "descriptions-0-language", "Velg et gyldig valg."),
        ((("ar", ""),), "descriptions-0-text", "Feltet er påkrevet."),
        ((("", "Tekst uten språk"),), "descriptions-0-language", "Feltet er påkrevet."),
    ],
)
def test_a_bad_row_is_refused_with_a_message_and_nothing_is_proposed(client, editor, listing, rows, field, message):
    response = _propose(client, editor, listing, *rows, description="Endret")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and f'name="{field}"' in html
    assert not ListingRevision.objects.exists()


def test_a_broken_formset_is_a_message_not_a_500(client, editor, listing):
    client.force_login(editor)
    response = client.post(
        reverse("organisations:editor_edit", args=[listing.slug]),
        {"descriptions-TOTAL_FORMS": "99999", "descriptions-INITIAL_FORMS": "x"},
    )
    assert response.status_code == 200 and not ListingRevision.objects.exists()


def test_a_coordinator_adds_and_removes_languages_directly(client, coordinator, council_staff, outsider, listing):
    url = reverse("organisations:edit", args=[listing.pk])
    base = {"name": listing.name, "kind": listing.kind, "description": listing.description,
            "published_on": listing.published_on.isoformat(), "consent_given_by": "Styreleder",
            "consent_given_on": listing.published_consent.given_on.isoformat()}
    for stranger in (council_staff, outsider):
        client.force_login(stranger)
        assert client.post(url, {**base, **_formset(("ar", ARABIC))}).status_code in (302, 403)
        assert not ListingDescription.objects.exists()
    client.force_login(coordinator)
    response = client.post(url, {**base, **_formset(("ar", ARABIC), ("pl", POLISH))})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _public_slugs("SPOLECZNOSC") == [listing.slug]
    assert ARABIC in client.get(url).content.decode()  # the form shows the current rows
    client.post(url, {**base, **_formset(("ar", ARABIC, "delete"), ("pl", POLISH), initial=2)})
    assert list(listing.descriptions.values_list("language__code", flat=True)) == ["pl"]
    assert _public_slugs("العربية") == []


def test_search_folds_accents_and_arabic_vowel_marks_like_the_norwegian_text(published):
    shown = published("Forening")
    services.organisation_set_descriptions(
        organisation=shown, descriptions=[{"language": "pl", "text": POLISH}, {"language": "ar", "text": "مَدْرَسَة عَرَبِيَّة"}]
    )
    shown.refresh_search_text()
    hidden = make_organisation("Ikke publisert")
    services.organisation_set_descriptions(organisation=hidden, descriptions=[{"language": "pl", "text": POLISH}])
    hidden.refresh_search_text()
    assert _public_slugs("spolecznosc") == [shown.slug]  # ł and ś folded, on SQLite and PostgreSQL alike
    assert _public_slugs("Społeczność") == [shown.slug]
    assert _public_slugs("مدرسة") == [shown.slug]  # written without the vowel marks
    assert _public_slugs("spolecznosc bergen") == []


def test_the_public_listing_reads_descriptions_in_a_fixed_number_of_queries(client, published, django_assert_max_num_queries):
    organisation = published("Forening")
    services.organisation_set_descriptions(organisation=organisation, descriptions=[{"language": "ar", "text": ARABIC}])
    with django_assert_max_num_queries(20) as one:
        client.get(organisation.get_absolute_url())
    services.organisation_set_descriptions(organisation=organisation, descriptions=[
        {"language": code, "text": f"tekst {code}"} for code in ("ar", "fa", "pl", "so", "ti", "uk")])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert 'lang="ti" dir="ltr"' in client.get(organisation.get_absolute_url()).content.decode()
