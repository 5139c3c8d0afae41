"""The goal form's indicator list names figures by their labels, not their internal keys."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from portal.reporting import figures

pytestmark = pytest.mark.django_db


def test_the_indicator_list_shows_labels_without_keys(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("goals:goal_create")).content.decode()
    key, (_selector, label) = next(iter(figures.FIGURES.items()))
    assert f'<option value="{key}">{escape(str(label))}</option>' in html
    assert f"({key})" not in html
