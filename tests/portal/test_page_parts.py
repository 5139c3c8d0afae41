"""Places on a lower app's page where an app above shows its part (portal/web/page_parts.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template

from portal.web import page_parts


def test_a_misspelt_place_fails_where_the_part_is_declared():
    with pytest.raises(ImproperlyConfigured, match="organisation.listing.about"):
        page_parts.contribute("organisation.listning.about", template="x.html")


def test_a_misspelt_place_fails_where_the_page_names_it():
    with pytest.raises(ImproperlyConfigured):
        Template('{% load page_parts %}{% page_parts "organisation.listning" %}').render(Context({}))


def test_parts_come_in_app_order_each_in_its_own_context_and_none_shows_nothing(monkeypatch):
    parts = []
    monkeypatch.setitem(page_parts.PARTS, "organisation.form", parts)

    def from_networks(context):
        return {"who": "networks", "secret": context.get("secret")}

    def from_panel(context):
        return {"who": "panel"}

    def from_offers(context):
        return None

    from_networks.__module__, from_panel.__module__, from_offers.__module__ = "networks.page_parts", "panel.page_parts", "offers.page_parts"
    for function in (from_networks, from_offers, from_panel):
        page_parts.contribute("organisation.form", template="tests/part.html", takes_context=True)(function)
    page_parts.sort_in_app_order()
    assert [part.function for part in page_parts.PARTS["organisation.form"]] == [from_panel, from_offers, from_networks]

    from django.template import engines

    engine = engines["django"].engine
    monkeypatch.setattr(engine, "get_template", lambda name, _get=engine.get_template: Template("[{{ who }}{{ page_only }}]") if name == "tests/part.html" else _get(name))
    html = Template('{% load page_parts %}{% page_parts "organisation.form" %}').render(Context({"page_only": "!", "secret": "s"}))
    assert html == "[panel][networks]"  # the page's own values stay out of a part's context
