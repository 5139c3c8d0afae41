"""The whole path of a description in other languages: an editor writes Arabic and English, a
coordinator approves, the public listing shows the Arabic right to left (lang="ar" dir="rtl") and
the directory finds the organisation by a word only the English text has. The screenshot is kept
for a person to look at (PORTAL_SCREENSHOT_DIR)."""

import os

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARABIC = "جمعية الجالية السورية في ساندنس تقدم دروس اللغة العربية للأطفال وأنشطة ثقافية للعائلات كل يوم سبت."
PERSIAN = "انجمن فرهنگی ما هر هفته کلاس زبان فارسی برگزار می‌کند."


def _edges(page, selector):
    """(left, right) gap between the first line of the element's text and its box."""
    return page.locator(selector).first.evaluate(
        """e => { const r = document.createRange(); r.selectNodeContents(e); const line = r.getClientRects()[0];
                  const box = e.getBoundingClientRect(); return [line.left - box.left, box.right - line.right]; }"""
    )


def test_an_arabic_and_an_english_description_from_proposal_to_the_public_listing(
    page, editor, coordinator, published, tmp_path
):
    organisation = published("Syrisk forening", description="Leksehjelp og kultur for hele familien.")
    organisation.editors.add(editor)
    sign_in(page, "redaktor", "pw-redaktor")
    page.goto(f"/mine-organisasjoner/{organisation.slug}/rediger/")
    page.get_by_role("textbox", name="Beskrivelse på engelsk").fill("Homework help and a weekly calligraphy workshop.")
    page.locator("select[name='descriptions-0-language']").select_option("ar")
    page.locator(".prose-editor:has(textarea[name='descriptions-0-text']) [contenteditable]").fill(ARABIC)
    page.get_by_role("button", name="Legg til et språk").click()  # a second row, by the page's script
    page.locator("select[name='descriptions-1-language']").select_option("fa")
    page.locator(".prose-editor:has(textarea[name='descriptions-1-text']) [contenteditable]").fill(PERSIAN)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send til godkjenning").click()
    page.wait_for_url("**/endringer/*/")
    assert page.locator("[lang='ar'][dir='rtl']").inner_text().startswith(ARABIC[:20])  # the preview
    assert axe_violations(page) == []

    page.context.clear_cookies()
    page.goto(organisation.get_absolute_url())  # not public before the approval
    assert page.locator("[lang='ar']").count() == 0
    page.goto("/organisasjoner/?q=calligraphy")
    assert page.get_by_role("link", name="Syrisk forening").count() == 0

    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/koordinator/moderering/")
    page.get_by_role("link", name="Se endringene Syrisk forening").click()
    assert page.locator("td[lang='ar'][dir='rtl']").count() == 1
    assert axe_violations(page) == []
    page.get_by_label("Godkjenn").check()
    page.get_by_role("button", name="Lagre beslutningen").click()
    page.wait_for_url("**/koordinator/moderering/")

    page.context.clear_cookies()
    page.goto(organisation.get_absolute_url())
    arabic = page.locator(".org-description-translation[lang='ar']")
    assert arabic.get_attribute("dir") == "rtl"
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    left, right = _edges(page, ".org-description-translation[lang='ar'] p")
    assert right < 2 < left  # the line starts at the right edge
    left, right = _edges(page, ".org-description-translation[lang='en'] p")
    assert left < 2 < right  # English stays left to right
    assert page.locator(".org-description-translation[lang='fa'][dir='rtl']").count() == 1
    assert axe_violations(page) == []
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR") or str(tmp_path)
    page.locator(".org-other-languages").screenshot(path=os.path.join(folder, "listing-languages.png"))
    page.screenshot(path=os.path.join(folder, "listing-languages-page.png"), full_page=True)

    page.goto("/organisasjoner/?q=calligraphy")
    page.get_by_role("link", name="Syrisk forening").click()
    page.wait_for_url(f"**/organisasjoner/{organisation.slug}/")
