"""JSON-LD under the strict Content-Security-Policy, in real Chromium: the data block is read from
the page and Chromium reports no CSP violation (script-src stays 'self', no nonce, no 'unsafe-inline')."""

import datetime
import json
import zoneinfo

import pytest

from organisations.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_json_ld_is_readable_and_breaks_no_csp_rule(page, published):
    organisation = published(name="Eritreisk Forening", description="Kultur og fellesskap.")
    Event.objects.create(organisation=organisation, title="Kulturkveld", status="approved",
                         starts_at=datetime.datetime(2040, 7, 1, 19, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo")))
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    response = page.goto(f"/organisasjoner/{organisation.slug}/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "nonce-" not in policy
    violations = page.evaluate("""() => new Promise(resolve => {
        const seen = [];
        document.addEventListener('securitypolicyviolation', e => seen.push(e.violatedDirective));
        setTimeout(() => resolve(seen), 500);
    })""")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "Organization" and data["event"][0]["name"] == "Kulturkveld"
    assert violations == [] and not [p for p in problems if "Content Security Policy" in p]
