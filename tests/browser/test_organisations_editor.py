import datetime

import pytest
from django.utils import timezone

from organisations.models import Event, ListingRevision, ModerationStatus
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_edits_and_sees_the_preview(page, editor, published):
    organisation = published("Eritreisk Forening", description="Gammel tekst.")
    organisation.editors.add(editor)
    sign_in(page, "redaktor", "pw-redaktor")

    page.goto("/mine-organisasjoner/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Eritreisk Forening", exact=True).click()
    page.wait_for_url(f"**/mine-organisasjoner/{organisation.slug}/")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Rediger oppføringen").click()
    page.wait_for_url("**/rediger/")
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="Beskrivelse", exact=True).fill("Kulturkveld hver fredag, alle er velkomne.")
    page.get_by_label("Møtested").fill("Sandnes kulturhus")
    page.get_by_role("button", name="Send til godkjenning").click()
    page.wait_for_url("**/endringer/*/")

    assert "Forhåndsvisning" in page.get_by_test_id("preview-status").inner_text()
    assert page.get_by_text("Kulturkveld hver fredag, alle er velkomne.").is_visible()
    assert page.get_by_text("Sandnes kulturhus").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Eritreisk Forening"
    assert axe_violations(page) == []

    page.goto(organisation.get_absolute_url())  # the public page is unchanged until approval
    assert page.get_by_text("Gammel tekst.").is_visible()

    page.goto(f"/mine-organisasjoner/{organisation.slug}/arrangementer/ny/")
    assert axe_violations(page) == []


def test_the_coordinator_moderation_pages_are_accessible(page, coordinator, editor, published):
    organisation = published("Polsk-Norsk Forening", description="Før.")
    organisation.editors.add(editor)
    revision = ListingRevision.objects.create(
        organisation=organisation, submitted_by=editor,
        data={"description": "Etter.", "languages": ["pl"], "activities": [], "tags": ["dans"], "logo": "", "logo_change": "keep"},
    )
    Event.objects.create(
        organisation=organisation, title="Dansekveld", starts_at=timezone.now() + datetime.timedelta(days=4),
        location="Huset", status=ModerationStatus.PENDING, submitted_by=editor,
    )
    sign_in(page, "koordinator", "pw-koordinator")

    page.goto("/koordinator/moderering/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Se endringene Polsk-Norsk Forening").click()
    page.wait_for_url(f"**/moderering/endringer/{revision.pk}/")
    assert page.get_by_role("cell", name="Etter.").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Godkjenn").check()
    page.get_by_role("button", name="Lagre beslutningen").click()
    page.wait_for_url("**/koordinator/moderering/")

    page.get_by_role("link", name="Behandle Dansekveld").click()
    assert axe_violations(page) == []

    for path in (f"/koordinator/organisasjoner/{organisation.pk}/redaktorer/",
                 f"/koordinator/organisasjoner/{organisation.pk}/samtykke/",
                 f"/koordinator/organisasjoner/{organisation.pk}/historikk/"):
        page.goto(path)
        assert axe_violations(page) == [], path

    page.goto(organisation.get_absolute_url())
    assert page.get_by_text("Etter.").is_visible()
