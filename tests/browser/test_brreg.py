"""Enhetsregisteret in a real browser: upload → progress (self-refreshing page) → differences → accept."""

import gzip
import json

import pytest

from tests.brreg.factories import unit, valid_numbers
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_then_see_progress_then_accept_a_difference(page, django_user_model, tmp_path, settings):
    from portal.background import jobs
    from portal.privacy import roles

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    n = valid_numbers(3)
    renamed = make_organisation(name="Somalisk Forening", org_number=n[0], municipality="Sandnes", address="Langgata 12, 4306 Sandnes")
    make_organisation(name="Konkursen", org_number=n[1], municipality="Sandnes", address="Langgata 12, 4306 Sandnes")
    make_organisation(name="Borte", org_number=n[2])
    bulk = tmp_path / "enheter_alle.json.gz"
    bulk.write_bytes(gzip.compress(json.dumps([
        unit(n[0], "SOMALISK KULTURFORENING"), unit(n[1], "KONKURSEN", konkurs=True, konkursdato="2026-01-15"),
    ]).encode()))
    make_user(django_user_model, "koord", roles.COORDINATOR)
    sign_in(page, "koord", "pw-koord")

    page.goto("/koordinator/")
    page.get_by_role("link", name="Kontroller mot Enhetsregisteret").click()  # the yearly reminder
    page.get_by_label("Totalbestand fra Enhetsregisteret").set_input_files(str(bulk))
    page.get_by_role("button", name="Last opp og kontroller").click()
    page.wait_for_load_state()
    assert page.locator("[data-status=queued]").count() == 1
    assert page.locator("progress").count() == 1
    assert axe_violations(page) == []

    assert jobs.run_pending() == 1  # the worker's code path, in this process
    page.locator("[data-status=done]").wait_for(timeout=15_000)  # jobs.js saw it finish and reloaded
    assert "Konkursen" in page.locator("dl").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Se og godta forskjeller").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Godta Navn Somalisk Forening").click()
    page.wait_for_load_state()
    assert "er oppdatert etter Enhetsregisteret" in page.content()
    renamed.refresh_from_db()
    assert renamed.name == "SOMALISK KULTURFORENING"

    page.goto("/koordinator/organisasjoner/?registry=bankrupt")
    assert page.locator("tbody tr").all_inner_texts()[0].startswith("Konkursen")
    assert page.locator("tbody tr").count() == 1
    assert axe_violations(page) == []
