"""Choosing organisations for an activity in Chromium: a search box filters the long list, a
plain click adds to the choices (never replaces them), and what was chosen stays in view."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_list_is_searchable_and_keeps_earlier_choices(page, live_server, coordinator):
    for name in ("Eritreisk Forening", "Tamil Association", "Polsk Forening", "Somalisk Kvinneforening", "Sandnes Fellesråd"):
        make_organisation(name=name)
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/koordinator/aktiviteter/ny/")

    field = page.locator("#div_id_co_organisers")
    field.get_by_label("Eritreisk Forening").check()
    search = field.get_by_role("searchbox", name="Søk i listen")
    search.fill("tamil")
    expect(field.get_by_label("Polsk Forening")).to_be_hidden()
    expect(field.get_by_label("Eritreisk Forening")).to_be_visible()  # chosen: stays in view
    field.get_by_label("Tamil Association").click()  # one plain click adds
    search.fill("fellesrad")  # å typed as a
    expect(field.get_by_label("Sandnes Fellesråd")).to_be_visible()
    search.fill("")
    expect(field.get_by_label("Polsk Forening")).to_be_visible()

    assert field.get_by_label("Eritreisk Forening").is_checked() and field.get_by_label("Tamil Association").is_checked()
    assert not csp
