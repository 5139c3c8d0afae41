"""The input pages of this change in Chromium: axe-core finds no WCAG 2.0/2.1 A or AA violation on
/innspill/ (with its filters used), an editor's "Våre innspill" and the form that sends input, the
coordinator's input form with its theme list and what the item led to, and the proposals."""

import datetime

import pytest

from goals.models import Measure
from panel.models import InputItem, Meeting, Topic
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_input_pages_have_no_wcag_violations(page, org_a, editor, coordinator):
    from organisations.models import Kind

    nav = make_organisation(name="Nav Sandnes", kind=Kind.MUNICIPAL_SERVICE)
    held = Meeting.objects.create(kind="panel", date=datetime.date(2025, 5, 15), title="Vårmøtet", status="held")
    Topic.objects.create(name="Arbeid")
    item = InputItem.objects.create(
        meeting=held, text="Jobbmesse for innvandrere.", theme="Arbeid", raised_by=org_a, assigned_service=nav,
        status="implemented", answer="Messen holdes i oktober.", raised_on=held.date,
        answered_on=datetime.date(2025, 6, 1), public=True,
    )
    item.led_to_measures.add(Measure.objects.create(position=1, title="Jobbmesse"))

    page.goto("/innspill/")
    assert "Jobbmesse for innvandrere." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Status").select_option("implemented")
    page.get_by_role("button", name="Vis", exact=True).click()
    page.wait_for_load_state()
    assert "Messen holdes i oktober." in page.locator("main").inner_text()
    assert axe_violations(page) == []

    sign_in(page, "redaktor", "pw-redaktor")
    page.goto(f"/mine-organisasjoner/{org_a.slug}/innspill/")
    assert "Messen holdes i oktober." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Send innspill eller foreslå et tema").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.get_by_label("Hva vil dere ta opp?").fill("Leksehjelp på arabisk.")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()
    assert "Venter på koordinatoren" in page.locator("main").inner_text()

    page.context.clear_cookies()
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(f"/koordinator/innspill/{item.pk}/")
    assert axe_violations(page) == []
    page.goto("/koordinator/innspill/")
    assert "Jobbmesse" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Forslag fra organisasjonene").click()
    page.wait_for_load_state()
    assert "Leksehjelp på arabisk." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Svar hvorfor ikke").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
