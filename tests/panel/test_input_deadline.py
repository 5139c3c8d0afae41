"""An input item's deadline (frist) is never before the day it was raised: the form says so on the
deadline's field, the model's clean does for the admin, and the database refuses it from any door."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from panel.models import InputItem
from tests.panel.factories import meeting

pytestmark = pytest.mark.django_db


def _post(client, m, **fields):
    data = {"meeting": m.pk, "text": "Tolk på foreldremøter", "status": "new", "raised_on": "2025-05-15"}
    data.update(fields)
    return client.post("/koordinator/innspill/nytt/", data)


def test_it_refuses_a_deadline_before_the_raised_date_on_the_deadline_field(client, coordinator):
    m = meeting("2025-05-15")
    client.force_login(coordinator)
    response = _post(client, m, due_on="2025-05-14")
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == ["Fristen kan ikke være før datoen innspillet ble meldt."]
    assert "Tolk på foreldremøter" in response.content.decode()  # what was typed is kept
    assert not InputItem.objects.exists()


def test_it_accepts_a_deadline_on_the_raised_date_or_none(client, coordinator):
    m = meeting("2025-05-15")
    client.force_login(coordinator)
    assert _post(client, m, due_on="2025-05-15").status_code == 302
    assert _post(client, m, text="Uten frist").status_code == 302
    assert sorted(str(item.due_on) for item in InputItem.objects.all()) == ["2025-05-15", "None"]


def test_editing_the_raised_date_past_the_deadline_is_refused(client, coordinator):
    m = meeting("2025-05-15")
    item = InputItem.objects.create(meeting=m, text="Et innspill", raised_on=datetime.date(2025, 5, 15), due_on=datetime.date(2025, 6, 1))
    client.force_login(coordinator)
    response = client.post(
        f"/koordinator/innspill/{item.pk}/",
        {"meeting": m.pk, "text": "Et innspill", "status": "new", "raised_on": "2025-06-02", "due_on": "2025-06-01"},
    )
    assert response.status_code == 200 and "due_on" in response.context["form"].errors
    item.refresh_from_db()
    assert item.raised_on == datetime.date(2025, 5, 15)


def test_the_model_refuses_it_for_the_admin_and_the_database_for_every_other_door(admin_client):
    m = meeting("2025-05-15")
    item = InputItem(meeting=m, text="x", raised_on=datetime.date(2025, 5, 15), due_on=datetime.date(2025, 5, 1))
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert refused.value.message_dict["due_on"] == ["Fristen kan ikke være før datoen innspillet ble meldt."]

    response = admin_client.post(
        "/admin/panel/inputitem/add/",
        {"meeting": m.pk, "text": "x", "status": "new", "raised_on": "2025-05-15", "due_on": "2025-05-01"},
    )
    assert response.status_code == 200 and "Fristen kan ikke være før" in response.content.decode()

    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        InputItem.objects.create(meeting=m, text="ok", raised_on=datetime.date(2025, 5, 15))
        InputItem.objects.update(due_on=datetime.date(2025, 5, 14))
    assert not InputItem.objects.exists()
