"""English that is English: in English mode dates read `10 December 2025`
(portal/formats/en), never the US `12/10/2025` nor the Norwegian `10. desember`, on public and
coordinator pages; language names are the English ones. Bokmål keeps its own formats."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from organisations.models import Language
from tests.conftest import client_for
from tests.panel.factories import meeting

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_public_meeting_and_a_listing_in_english(client, published):
    held = meeting("2025-12-10", title="Desembermøte", status="held")
    organisation = published(name="Eritreisk Forening", published_on=datetime.date(2025, 12, 10))
    organisation.languages.add(Language.objects.get(code="ti"), Language.objects.get(code="so"))

    html = english(client).get(reverse("panel:public_meeting", args=[held.pk])).content.decode()
    assert "Wednesday 10 December 2025" in html
    assert "desember" not in html and "12/10/2025" not in html and "10/12/2025" not in html

    listing = client.get(organisation.get_absolute_url()).content.decode()
    assert "Tigrinya" in listing and "Somali" in listing and "tigrinja" not in listing
    directory = client.get(reverse("organisations:directory")).content.decode()
    assert "Tigrinya" in directory and "tigrinja" not in directory


def test_the_coordinators_list_in_english_and_in_norwegian(client, coordinator, published):
    published(name="Eritreisk Forening", published_on=datetime.date(2025, 12, 10))
    client_for(client, coordinator)
    html = english(client).get(reverse("organisations:staff_list")).content.decode()
    assert "10 December 2025" in html and "12/10/2025" not in html

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    html = client.get(reverse("organisations:staff_list")).content.decode()
    assert "10.12.2025" in html  # bokmål's short date, as before


def test_norwegian_text_on_english_pages_is_marked_lang_nb(client, published):
    """An English page showing what was typed in Norwegian marks it, so screen readers read it as
    Norwegian (WCAG 3.1.2); the Norwegian page needs no mark."""
    import re

    from panel.models import InputItem, Topic

    held = meeting("2025-12-10", title="Desembermøte", status="held", location="Kulturhuset")
    held.topics.add(Topic.objects.create(name="Bolig og arbeid"))
    InputItem.objects.create(meeting=held, text="Behov for lokaler", status="answered", answer="Biblioteket låner ut rom.",
                             answered_on=datetime.date(2025, 12, 20), public=True)
    published(name="Eritreisk Forening", description="Kultur og leksehjelp for barn.")

    def marked(html, text):
        return bool(re.search(r'lang="nb"[^>]*>(?:[^<]|<(?!/))*' + re.escape(text), html))

    page = english(client).get(reverse("panel:public_meeting", args=[held.pk])).content.decode()
    for text in ("Desembermøte", "Kulturhuset", "Bolig og arbeid", "Behov for lokaler", "Biblioteket låner ut rom."):
        assert marked(page, text), text
    assert marked(client.get(reverse("organisations:directory")).content.decode(), "Kultur og leksehjelp")

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    norwegian = client.get(reverse("panel:public_meeting", args=[held.pk])).content.decode()
    assert 'lang="nb"' not in norwegian.split("<body", 1)[1]
