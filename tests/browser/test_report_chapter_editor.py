"""The chapter editor in a real browser: a coordinator marks a sentence as a footnote with the
toolbar's "Fotnote" button and adds an image with its alternative text; both reach the chapter as
the report stores them, and the form passes axe with the strict CSP."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from reports import services
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_writes_a_footnote_and_adds_an_image_with_alt_text(page, coordinator, tmp_path):
    report = services.report_create(year=2025)
    section = report.sections.get(heading="Oversikt og dialog frivillige organisasjoner")
    picture = tmp_path / "plakat.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "green").save(buffer, format="PNG")
    picture.write_bytes(buffer.getvalue())
    csp_violations = []
    page.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None)

    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(f"/koordinator/rapporter/{report.pk}/kapitler/{section.pk}/")
    editor = page.get_by_role("textbox", name="Tekst", exact=True)
    editor.click()
    page.wait_for_function("document.activeElement && document.activeElement.isContentEditable")
    keyboard = page.keyboard
    keyboard.type("Den første Frivilligbørs")
    keyboard.type("En markedsplass for samarbeid.")
    for _character in "En markedsplass for samarbeid.":
        keyboard.press("Shift+ArrowLeft")
    page.get_by_role("toolbar", name="Formatering").get_by_role("button", name="Fotnote (merk teksten som skal stå nederst på siden)").click()
    page.get_by_label("Bilde", exact=True).set_input_files(str(picture))
    page.get_by_label("Alternativ tekst", exact=True).fill("Plakat for Frivilligbørs")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(f"**/koordinator/rapporter/{report.pk}/")

    section.refresh_from_db()
    assert section.body == '<p>Den første Frivilligbørs<span class="footnote">En markedsplass for samarbeid.</span></p>'
    assert section.image and section.image_alt == "Plakat for Frivilligbørs"
    # The report's page: the footnote a link to its note, the image with its alt text, no axe violation.
    page.goto("/rapporter/2025/")
    page.get_by_role("link", name="1", exact=True).click()
    expect(page.locator("#kap-5-note-1")).to_contain_text("En markedsplass for samarbeid.")
    expect(page.get_by_role("img", name="Plakat for Frivilligbørs")).to_be_visible()
    assert page.get_by_role("img", name="Plakat for Frivilligbørs").evaluate("img => img.naturalWidth") == 40
    assert axe_violations(page) == []
    assert csp_violations == []
