import pytest

from organisations.models import Language
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_searches_the_directory_and_opens_a_listing(page, published):
    eritrean = published(name="Eritreisk Forening i Rogaland", description="Kultur og fellesskap.", municipality="Sandnes")
    eritrean.languages.add(Language.objects.get(code="ti"))
    eritrean.refresh_search_text()
    published(name="Polsk-Norsk Forening")

    page.goto("/")
    page.get_by_label("Søk etter organisasjon, språk eller aktivitet").fill("eritreisk")
    page.keyboard.press("Enter")
    page.wait_for_url("**/organisasjoner/?q=eritreisk")
    assert page.get_by_role("link", name="Eritreisk Forening i Rogaland").is_visible()
    assert page.get_by_role("link", name="Polsk-Norsk Forening").count() == 0

    page.get_by_role("link", name="Eritreisk Forening i Rogaland").click()
    page.wait_for_url("**/organisasjoner/eritreisk-forening-i-rogaland/")
    assert page.get_by_role("heading", level=1).inner_text() == "Eritreisk Forening i Rogaland"
    assert "tigrinja" in page.content()


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, published):
    published(name="Forening")
    page.goto("/organisasjoner/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hopp til hovedinnholdet"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hovedinnhold"


def test_no_console_errors_from_the_content_security_policy(page, published):
    published(name="Forening")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/organisasjoner/")
    page.get_by_label("Type").select_option("faith_community")
    page.get_by_role("button", name="Søk", exact=True).click()  # filters apply on the button
    page.wait_for_url("**kind=faith_community**")
    assert errors == []


@pytest.mark.parametrize(
    "path",
    ["/", "/organisasjoner/", "/organisasjoner/?q=finnes-ikke", "/tilgjengelighet/", "/konto/logg-inn/"],
)
def test_public_pages_have_no_wcag_violations(page, published, path):
    organisation = published(name="Eritreisk Forening i Rogaland", description="Kultur.")
    organisation.languages.add(Language.objects.get(code="ti"))
    page.goto(path)
    assert axe_violations(page) == []


def test_listing_page_has_no_wcag_violations(page, published):
    organisation = published(name="Eritreisk Forening i Rogaland", description="Kultur.", email="post@example.org", website="https://example.org/")
    page.goto(organisation.get_absolute_url())
    assert axe_violations(page) == []
