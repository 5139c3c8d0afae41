"""An organisation editor writes the listing's description and an event text in the formatted-text
editor with the toolbar and the keyboard (bold, a bulleted list, a description in Arabic that the
editor lays out right to left), a coordinator approves both, and the public listing shows them
formatted. Screenshots are kept for a person to look at (PORTAL_SCREENSHOT_DIR)."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organisations.models import Event, ListingRevision
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARABIC = "نقدم دروس اللغة العربية"


def test_an_editor_writes_formatted_texts_and_the_public_listing_shows_them(page, browser, live_server, editor, coordinator, published, tmp_path):
    organisation = published("Eritreisk forening", description="Gammel tekst.")
    organisation.editors.add(editor)
    shots = os.environ.get("PORTAL_SCREENSHOT_DIR") or str(tmp_path)
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, "redaktor", "pw-redaktor")
    page.goto(f"/mine-organisasjoner/{organisation.slug}/rediger/")

    description = page.get_by_role("textbox", name="Beskrivelse", exact=True)
    description.click()
    keyboard = page.keyboard
    keyboard.press("Control+a")
    keyboard.type("Vi har ")
    keyboard.press("Control+b")
    keyboard.type("leksehjelp")
    keyboard.press("Control+b")
    keyboard.type(" hver uke.")
    keyboard.press("Enter")
    toolbar = page.get_by_role("toolbar", name="Formatering").first
    toolbar.get_by_role("button", name="Punktliste").click()  # the toolbar's list button
    keyboard.type("mandag")
    keyboard.press("Enter")
    keyboard.type("onsdag")

    # The description in another language: its editor takes the chosen language and direction.
    page.locator("select[name='descriptions-0-language']").select_option("ar")
    arabic = page.locator(".prose-editor:has(textarea[name='descriptions-0-text']) [contenteditable]")
    expect(arabic).to_have_attribute("lang", "ar")
    expect(arabic).to_have_attribute("dir", "rtl")
    arabic.click()
    keyboard.type(ARABIC)
    page.get_by_role("button", name="Legg til et språk").click()  # a row added later gets its editor too
    expect(page.locator(".prose-editor:has(textarea[name='descriptions-1-text']) [contenteditable]")).to_have_count(1)
    assert axe_violations(page) == []
    # The paragraph-type menu's caret is drawn, not a "⏷" glyph (an empty box in fonts without it).
    caret = page.evaluate("getComputedStyle(document.querySelector('.prose-menubar__selected'), '::after').content")
    assert caret in ('""', "none"), caret
    page.evaluate("window.scrollTo(0, 0)")  # (the toolbars are sticky: seen from the top of the page)
    page.screenshot(path=os.path.join(shots, "rich-description-editor.png"), full_page=True)
    page.get_by_role("button", name="Send til godkjenning").click()
    page.wait_for_url("**/endringer/*/")

    page.goto(f"/mine-organisasjoner/{organisation.slug}/arrangementer/ny/")
    page.get_by_label("Tittel").fill("Kulturkveld")
    starts = timezone.localtime() + datetime.timedelta(days=10)
    page.get_by_label("Starter").fill(starts.strftime("%Y-%m-%dT19:00"))
    page.get_by_label("Sted").fill("Kulturhuset")
    page.get_by_role("textbox", name="Beskrivelse", exact=True).click()
    keyboard.type("Ta med:")
    keyboard.press("Enter")
    keyboard.type("- brød")  # "- " at the start of a line begins a list
    keyboard.press("Enter")
    keyboard.press("Control+b")
    keyboard.type("te")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send til godkjenning").click()
    page.wait_for_url(f"**/mine-organisasjoner/{organisation.slug}/")

    revision, event = ListingRevision.objects.get(), Event.objects.get()
    assert revision.data["description"] == (
        "<p>Vi har <strong>leksehjelp</strong> hver uke.</p><ul><li><p>mandag</p></li><li><p>onsdag</p></li></ul>"
    )
    assert revision.data["descriptions"] == [{"language": "ar", "text": f"<p>{ARABIC}</p>"}]
    assert event.description == "<p>Ta med:</p><ul><li><p>brød</p></li><li><p><strong>te</strong></p></li></ul>"

    staff = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900})
    review = staff.new_page()
    sign_in(review, "koordinator", "pw-koordinator")
    for path in (f"/koordinator/moderering/endringer/{revision.pk}/", f"/koordinator/moderering/arrangementer/{event.pk}/"):
        review.goto(path)
        review.get_by_label("Godkjenn").check()
        review.get_by_role("button", name="Lagre beslutningen").click()
        review.wait_for_url("**/koordinator/moderering/")
    staff.close()

    page.goto(organisation.get_absolute_url())
    listing = page.locator(".org-description")
    assert listing.locator("ul > li").all_inner_texts() == ["mandag", "onsdag"]
    assert listing.locator("strong").inner_text() == "leksehjelp"
    translation = page.locator(".org-description-translation[lang='ar']")
    expect(translation).to_have_attribute("dir", "rtl")
    assert translation.inner_text() == ARABIC
    event_text = page.locator(".event-description")
    assert event_text.locator("ul > li").all_inner_texts() == ["brød", "te"]
    assert axe_violations(page) == []
    page.screenshot(path=os.path.join(shots, "rich-description-listing.png"), full_page=True)
    assert csp == []


def test_a_toolbar_button_that_cannot_act_says_so_and_is_not_a_contrast_failure(page, editor, published):
    """Undo with nothing to undo and a link with no text selected are greyed out by the editor. They
    are announced as unavailable (aria-disabled), and so stay out of the contrast check even while
    the icon font has not arrived (the case that failed CI once: the fallback text of a faded icon
    read as faint text)."""
    organisation = published("Eritreisk forening", description="Gammel tekst.")
    organisation.editors.add(editor)
    sign_in(page, "redaktor", "pw-redaktor")
    page.route("**/material-icons.woff2", lambda route: route.abort())  # the font never arrives
    page.goto(f"/mine-organisasjoner/{organisation.slug}/rediger/")

    toolbar = page.get_by_role("toolbar", name="Formatering").first
    undo = toolbar.get_by_role("button", name="Angre")
    link = toolbar.get_by_role("button", name="Sett inn lenke")
    bold = toolbar.get_by_role("button", name="Fet")
    expect(undo).to_have_attribute("aria-disabled", "true")
    expect(link).to_have_attribute("aria-disabled", "true")
    expect(bold).not_to_have_attribute("aria-disabled", "true")
    assert axe_violations(page) == []

    description = page.get_by_role("textbox", name="Beskrivelse", exact=True)
    description.click()
    page.keyboard.press("End")
    page.keyboard.type(" Ny setning.")
    expect(undo).not_to_have_attribute("aria-disabled", "true")  # now there is something to undo
    assert undo.evaluate("button => getComputedStyle(button).opacity") == "1"  # and looks it at once, not fading in
    page.keyboard.press("Shift+Home")
    expect(link).not_to_have_attribute("aria-disabled", "true")  # and text to link
    assert link.evaluate("button => getComputedStyle(button).opacity") == "1"
    assert axe_violations(page) == []
