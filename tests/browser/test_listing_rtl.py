"""A description written in Arabic is laid out right to left (dir="auto"), on the listing and in
the directory; the screenshot is kept for a person to look at (PORTAL_SCREENSHOT_DIR)."""

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARABIC = "جمعية الجالية السورية في ساندنس تقدم دروس اللغة العربية للأطفال وأنشطة ثقافية للعائلات كل يوم سبت."


def _edges(page, selector):
    """(left, right) of the first line of the text of the element, and of its box."""
    return page.locator(selector).first.evaluate(
        """e => { const r = document.createRange(); r.selectNodeContents(e); const line = r.getClientRects()[0];
                  const box = e.getBoundingClientRect(); return [line.left - box.left, box.right - line.right]; }"""
    )


def test_an_arabic_description_is_laid_out_right_to_left(page, published, tmp_path):
    organisation = published(name="Syrisk forening", description=ARABIC + "\n\nNorsk: leksehjelp og kultur.")
    organisation.refresh_search_text()
    page.goto(f"/organisasjoner/{organisation.slug}/")
    arabic_left, arabic_right = _edges(page, ".org-description p:nth-child(1)")
    norwegian_left, norwegian_right = _edges(page, ".org-description p:nth-child(2)")
    assert arabic_right < 2 < arabic_left  # starts at the right edge
    assert norwegian_left < 2 < norwegian_right  # the Norwegian paragraph stays left to right
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR") or str(tmp_path)
    page.screenshot(path=os.path.join(folder, "listing-arabic.png"), full_page=True)
    page.goto("/organisasjoner/?q=leksehjelp")
    card_left, card_right = _edges(page, ".card-text")
    assert card_right < 2 < card_left
