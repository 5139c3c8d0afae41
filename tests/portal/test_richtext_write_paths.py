"""Formatted text is safe on every way in: the admin's form cleans it on save, and text that
arrives raw (``manage.py restore`` deserializes without forms or pre_save) is cleaned at render."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from panel.models import Meeting
from portal.background import jobs
from portal.operations import backup_archive
from tests.conftest import client_for

PAYLOAD = '<p>Referat</p><script>alert("x")</script><img src=x onerror="alert(1)"><p onmouseover="alert(2)">Slutt</p>'
MARKERS = ("<script", "onerror", "onmouseover", "alert(")


def test_the_admins_form_for_minutes_cleans_what_it_stores(db, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    form_class = admin.site._registry[Meeting].get_form(request)
    form = form_class(
        data={"kind": "panel", "date": "2026-03-11", "title": "Panelmøte", "status": "held", "minutes": PAYLOAD, "working_methods": "[]"},
    )
    form.is_valid()
    assert form.cleaned_data["minutes"] == "<p>Referat</p><p>Slutt</p>"


@pytest.mark.django_db(transaction=True)
def test_minutes_that_come_back_raw_through_restore_render_without_the_payload(client, coordinator, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = Meeting.objects.create(kind="panel", date=timezone.localdate(), title="Panelmøte", status="held")
    Meeting.objects.filter(pk=meeting.pk).update(minutes=PAYLOAD)  # stored raw, as a restore or import would
    archive = tmp_path / "backup.zip"
    backup_archive.backup(archive)
    backup_archive.restore(archive, replace=True)

    restored = Meeting.objects.get(pk=meeting.pk)
    assert "<script" in restored.minutes  # the restore stored it as it was …
    client_for(client, coordinator)
    page = client.get(reverse("panel:meeting_detail", args=[meeting.pk])).content.decode()
    minutes = page.split('class="minutes')[1].split("</div>")[0]
    assert "Referat" in minutes and "Slutt" in minutes
    for marker in MARKERS:  # … and the page shows none of it
        assert marker not in minutes
    client.get(reverse("panel:minutes_pdf", args=[meeting.pk]))  # starts the job that renders it
    jobs.run_pending()
    pdf = client.get(reverse("panel:minutes_pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf.getvalue().startswith(b"%PDF")
