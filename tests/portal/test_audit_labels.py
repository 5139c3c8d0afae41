"""The audit trail reads like the forms: a choice by its label, yes/no as Ja/Nei, an empty list
as a dash (never `planned`, `True` or `[]`)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from panel.models import Meeting
from portal.privacy import audit

pytestmark = pytest.mark.django_db


def _changes(field):
    return [
        (entry["entry"].action, change["old"], change["new"])
        for entry in audit.entry_rows(LogEntry.objects.order_by("pk"))
        for change in entry["changes"]
        if change["field"] == field
    ]


def test_the_trail_shows_labels_not_stored_values(client, coordinator, org_a):
    client.force_login(coordinator)
    meeting = Meeting.objects.create(kind="panel", date=datetime.date(2026, 3, 5), title="Vårmøtet")
    meeting.status = "held"
    meeting.save()

    assert _changes("status") == [(0, "–", "Planlagt"), (1, "Planlagt", "Gjennomført")]
    assert _changes("working_methods") == [(0, "–", "–")]  # created with [] (nothing chosen)
    assert (0, "–", "Erfaringspanel") in _changes("kind")  # MeetingKind.PANEL's label
    html = client.get(reverse("audit_log")).content.decode()
    assert "Planlagt → Gjennomført" in html
    assert "planned" not in html and "[]" not in html


def test_a_json_value_reads_as_words_by_the_fields_labels(db):
    # A survey's texts in other languages (surveys.Survey.translations) were shown as raw JSON.
    from surveys.models import Survey

    survey = Survey.objects.create(title="Brukerundersøkelse", report_year=2025)
    survey.translations = {"en": {"title": "User survey", "introduction": ""}, "ar": {"title": "استبيان"}}
    survey.save()

    ((_action, old, new),) = [change for change in _changes("translations") if change[0] == 1]
    assert old == "–"
    assert new == "ar (tittel: استبيان); en (tittel: User survey)"  # the trail keeps keys sorted
    assert "{" not in new and '"' not in new


def test_formatted_text_reads_as_its_words(client, coordinator, org_a):
    # An organisation's description is formatted text (portal.text.formatted): the trail shows no tags.
    org_a.description = "<p>Vi har <strong>leksehjelp</strong>.</p><ul><li><p>mandag</p></li></ul>"
    org_a.save()
    ((_action, old, new),) = [change for change in _changes("description") if change[0] == 1]
    assert (old, new) == ("–", "Vi har leksehjelp.\n\n- mandag")
    client.force_login(coordinator)
    html = client.get(reverse("audit_log")).content.decode()
    assert "&lt;strong&gt;" not in html and "leksehjelp" in html
