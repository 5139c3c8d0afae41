"""The whole grant path in a real browser: the coordinator publishes a round, an editor applies
(a draft first), the coordinator decides, the decision goes out by e-mail, the editor reports
back. axe checks every page on the way."""

import datetime

import pytest
from django.core import mail

from grants.models import ApplicationStatus, GrantApplication, UseReport
from portal.background import jobs
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.slow(reason="a whole grant round in Chromium, with its letters as PDFs")
def test_round_published_editor_applies_coordinator_decides_editor_reports_back(page, editor_page, coordinator, editor, org_a):
    today = datetime.date.today()
    year = today.year
    # --- the coordinator sets up the scheme and publishes the round
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/koordinator/tilskudd/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ny ordning").click()
    assert axe_violations(page) == []
    page.locator("#id_name").fill("Tilskudd til frivillig virksomhet")
    page.get_by_label("Tilskuddsgiver").fill("IMDi")
    page.get_by_label("Kriterier").fill("Møteplasser på tvers av bakgrunn.")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/koordinator/tilskudd/")

    page.get_by_role("link", name="Ny søknadsrunde").click()
    assert axe_violations(page) == []
    page.get_by_label("Ordning").select_option(label="Tilskudd til frivillig virksomhet")
    page.locator("#id_year").fill(str(year))
    page.get_by_label("Ramme (kr)").fill("321702")
    page.get_by_label("Søknadsfrist").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Frist for rapport om bruk").fill((today + datetime.timedelta(days=200)).isoformat())
    page.get_by_label("Utlysningstekst").fill("Søk om støtte til aktiviteter i bydelen.")
    page.get_by_label("Utlysningen er publisert").check()
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/koordinator/tilskudd/runder/*/")
    assert axe_violations(page) == []

    # --- the public announcement
    editor_page.goto("/tilskudd/")
    assert axe_violations(editor_page) == []
    editor_page.get_by_role("link", name=f"Tilskudd til frivillig virksomhet {year}").click()
    assert editor_page.get_by_text("321 702 kr").is_visible()
    assert axe_violations(editor_page) == []

    # --- the editor applies: a draft first, then sent
    sign_in(editor_page, "redaktor", "pw-redaktor")
    editor_page.goto(f"/mine-organisasjoner/{org_a.slug}/")
    editor_page.get_by_role("link", name="Søknader og vedtak").click()
    editor_page.wait_for_url("**/tilskudd/")
    assert axe_violations(editor_page) == []
    editor_page.get_by_role("link", name=f"Søk Tilskudd til frivillig virksomhet {year}").click()
    assert axe_violations(editor_page) == []
    editor_page.locator("#id_part").select_option("activity")
    editor_page.get_by_label("Prosjekt eller tiltak").fill("Sommerfest i parken")
    editor_page.get_by_label("Søkt beløp").fill("12000")
    editor_page.get_by_role("button", name="Lagre utkast").click()
    editor_page.wait_for_url("**/tilskudd/*/")
    assert editor_page.get_by_text("Utkastet er lagret").is_visible()
    application = GrantApplication.objects.get()
    assert application.status == ApplicationStatus.DRAFT

    editor_page.goto(f"/mine-organisasjoner/{org_a.slug}/tilskudd/{application.pk}/")
    editor_page.get_by_role("button", name="Send søknaden").click()  # expected participants missing
    assert editor_page.get_by_text("Oppgi forventet antall deltakere").is_visible()
    assert axe_violations(editor_page) == []
    editor_page.get_by_label("Forventede deltakere").fill("80")
    editor_page.get_by_role("button", name="Send søknaden").click()
    editor_page.wait_for_url(f"**/tilskudd/{application.pk}/")
    assert editor_page.get_by_text("Søknaden er sendt").is_visible()
    assert axe_violations(editor_page) == []
    jobs.run_pending()
    assert [m.subject for m in mail.outbox] == [f"Søknaden er mottatt: Tilskudd til frivillig virksomhet {year}"]

    # --- the coordinator assesses and decides
    page.reload()
    page.get_by_role("link", name=org_a.name).click()
    page.wait_for_url(f"**/koordinator/tilskudd/soknader/{application.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="Vurdering etter kriteriene").fill("Møteplass for hele bydelen.")
    page.get_by_role("button", name="Lagre vurderingen").click()
    page.get_by_label("Innvilget", exact=True).check()
    page.get_by_label("Innvilget beløp (kr)").fill("10000")
    page.get_by_label("Begrunnelse").fill("Godt tiltak.")
    page.get_by_role("button", name="Lagre vedtaket og send brevet").click()
    page.wait_for_url(f"**/koordinator/tilskudd/soknader/{application.pk}/")
    assert page.get_by_text("Vedtaket er lagret").is_visible()
    assert axe_violations(page) == []
    jobs.run_pending()
    decision = mail.outbox[-1]
    assert decision.to == [editor.email]
    assert "Søknaden er innvilget med 10\u00a0000 kr." in decision.body
    assert decision.attachments[0][2] == "application/pdf"

    # --- the editor sees the decision and reports back
    editor_page.goto(f"/mine-organisasjoner/{org_a.slug}/tilskudd/{application.pk}/")
    assert editor_page.get_by_text("Innvilget 10 000 kr").is_visible()
    assert axe_violations(editor_page) == []
    editor_page.get_by_role("link", name="Skriv rapporten").click()
    assert axe_violations(editor_page) == []
    editor_page.get_by_label("Hva ble gjort").fill("Sommerfest i parken med 95 deltakere.")
    editor_page.locator("#id_participants").fill("95")
    editor_page.get_by_label("Brukt beløp").fill("9500")
    editor_page.get_by_label("Ubrukte midler").fill("500")
    editor_page.get_by_role("button", name="Lever rapporten").click()
    editor_page.wait_for_url(f"**/tilskudd/{application.pk}/")
    assert editor_page.get_by_text("Rapporten om bruken av tilskuddet er levert").is_visible()
    report = UseReport.objects.get()
    assert (report.participants, report.unused_amount) == (95, 500)

    # --- the coordinators' figures
    page.goto(f"/koordinator/tilskudd/?aar={year}")
    assert axe_violations(page) == []
    assert page.get_by_text("311 702 kr").first.is_visible()  # unused: 321 702 − 10 000
