"""Universal design of the foundation's pages in a real Chromium: axe-core finds no WCAG 2.0/2.1
A or AA violation, the skip link is the first keyboard stop, and links and buttons show a
visible focus outline when reached by keyboard. (Each part of the portal tests its own pages in
tests/browser/test_<app>.py the same way.)"""

import datetime

import pytest

from organisations.models import ContactPerson, Language
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(published, org_a):
    listing = published(name="Eritreisk Forening i Rogaland", description="Kultur og fellesskap.", municipality="Sandnes")
    listing.languages.add(Language.objects.get(code="ti"))
    listing.refresh_search_text()
    ContactPerson.objects.create(organisation=org_a, name="Kari Nordmann", email="kari@example.org")
    # Networks and agreements on the listing and the dashboard, and a proposal waiting for a decision.
    from networks.models import RelationshipProposal
    from tests.networks.factories import agreement, relationship

    council = published(name="Sandnes Inkluderingsråd", kind="voluntary_organisation")
    relationship(listing, council)
    agreement(listing, council, title="Leksehjelp", text="<p>Hver tirsdag.</p>",
              starts_on=datetime.date.today() + datetime.timedelta(days=5))
    RelationshipProposal.objects.create(organisation=org_a, kind="partner_of", other=council, message="Vi samarbeider.")
    return {"listing": listing, "org_a": org_a}


PAGES = {
    # path builder, who signs in
    "start": (lambda r: "/", None),
    "directory": (lambda r: "/organisasjoner/", None),
    "directory search": (lambda r: "/organisasjoner/?q=eritreisk", None),
    "listing": (lambda r: f"/organisasjoner/{r['listing'].slug}/", None),
    "accessibility statement": (lambda r: "/tilgjengelighet/", None),
    "sign-in": (lambda r: "/konto/logg-inn/", None),
    "coordinator dashboard": (lambda r: "/koordinator/", "coordinator"),
    "networks and proposals": (lambda r: "/koordinator/nettverk/", "coordinator"),
    "organisation list": (lambda r: "/koordinator/organisasjoner/", "coordinator"),
    "organisation detail": (lambda r: f"/koordinator/organisasjoner/{r['org_a'].pk}/", "coordinator"),
    "organisation edit": (lambda r: f"/koordinator/organisasjoner/{r['org_a'].pk}/rediger/", "coordinator"),
    "organisation create": (lambda r: "/koordinator/organisasjoner/ny/", "coordinator"),
    "contact person": (lambda r: f"/koordinator/organisasjoner/{r['org_a'].pk}/kontaktpersoner/ny/", "coordinator"),
    "import": (lambda r: "/koordinator/import/", "coordinator"),
    "audit trail": (lambda r: "/koordinator/logg/", "coordinator"),
    "retention review": (lambda r: "/koordinator/personvern/", "coordinator"),
    "record of processing": (lambda r: "/koordinator/behandlingsprotokoll/", "coordinator"),
    "consent and publishing": (lambda r: f"/koordinator/organisasjoner/{r['listing'].pk}/samtykke/", "coordinator"),
    "editor's organisations": (lambda r: "/mine-organisasjoner/", "editor"),
    "editor's listing form": (lambda r: f"/mine-organisasjoner/{r['org_a'].slug}/rediger/", "editor"),
    "editor's network proposal": (lambda r: f"/mine-organisasjoner/{r['org_a'].slug}/nettverk/ny/", "editor"),
}
PASSWORDS = {"coordinator": ("koordinator", "pw-koordinator"), "editor": ("redaktor", "pw-redaktor")}


@pytest.fixture
def open_page(page, registry, coordinator, editor):
    def go(name):
        build, who = PAGES[name]
        if who:
            sign_in(page, *PASSWORDS[who])
        response = page.goto(build(registry))
        assert response.status == 200, name
        return page

    return go


@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_violations(open_page, name):
    page = open_page(name)
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", ["directory", "listing", "coordinator dashboard", "organisation edit", "import", "audit trail"])
def test_the_skip_link_comes_first_and_focus_is_visible(open_page, name):
    page = open_page(name)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Hopp til hovedinnholdet"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hovedinnhold"

    seen = set()
    for _stop in range(60):
        page.keyboard.press("Tab")
        element = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {tag: el.tagName.toLowerCase(), type: el.type || "",
                        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
                        shadow: style.boxShadow && style.boxShadow !== "none"};
            }"""
        )
        if element["tag"] in ("a", "button") or element["type"] == "submit":
            kind = "link" if element["tag"] == "a" else "button"
            assert element["outline"] or element["shadow"], f"{kind} without a visible focus indicator on {name}"
            seen.add(kind)
        if element["tag"] == "body":
            break
    assert "link" in seen or "button" in seen, f"no link or button reached by keyboard on {name}"


def test_the_lockout_page_has_no_wcag_violations(page, coordinator):
    for _attempt in range(5):
        page.goto("/konto/logg-inn/")
        page.get_by_label("Brukernavn").fill("koordinator")
        page.get_by_label("Passord").fill("feil")
        page.get_by_role("button", name="Logg inn").last.click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "For mange innloggingsforsøk"
    assert axe_violations(page) == []
