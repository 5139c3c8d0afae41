"""/tilgjengelighet/ in Uutilsynet's form: scope, conformance status, each known deviation with its
success criterion and dates, the method, feedback and complaint."""

import re

import pytest

from hub import accessibility

pytestmark = pytest.mark.django_db


def test_the_statement_has_uutilsynets_parts_and_every_known_deviation(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "mangfold@kommune.example.org"
    content = client.get("/tilgjengelighet/").content.decode()
    for heading in ("Omfang", "Samsvarsstatus", "Kjente brudd på kravene", "Tilbakemelding og kontakt", "Klage"):
        assert re.search(rf"<h2>{heading}</h2>", content), heading
    assert "Delvis i samsvar." in content
    assert "sist oppdatert 1. desember 2026" in content
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>.*?<time datetime=\"(\d{4}-\d\d-\d\d)\"", content, re.S)
    assert len(rows) == len(accessibility.DEVIATIONS) >= 3
    for (criterion, found_on), deviation in zip(rows, accessibility.DEVIATIONS):
        assert f"WCAG 2.1 {deviation['criterion']}" in criterion and found_on == deviation["found_on"].isoformat()
    assert 'href="mailto:mangfold@kommune.example.org"' in content and "uutilsynet.no" in content
