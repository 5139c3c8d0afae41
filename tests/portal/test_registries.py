"""The registries fail loudly: an entry that does not resolve, or a model holding
work that nobody audits, fails `manage.py check` instead of turning into None."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from hub import context_processors, retention
from panel.models import Attendance
from portal import audit, figures, importing


def check_output():
    """The errors `manage.py check` reports, or "" when it passes."""
    try:
        call_command("check")
    except SystemCheckError as exc:
        return str(exc)
    return ""


def test_the_project_passes_its_checks():
    assert check_output() == ""


def test_a_figure_naming_a_missing_selector_fails_the_check(monkeypatch):
    monkeypatch.setitem(
        figures.FIGURES, "panel.meetings", figures.Figure("panel.selectors.meetings_counted_renamed", "Møter")
    )
    output = check_output()
    assert "portal.E001" in output
    assert "panel.selectors.meetings_counted_renamed" in output


def test_computing_a_figure_with_a_missing_selector_raises_instead_of_none(monkeypatch):
    monkeypatch.setitem(figures.FIGURES, "panel.meetings", figures.Figure("panel.selectors.nothing_here", "Møter"))
    with pytest.raises(ImportError):
        figures.compute("panel.meetings", 2025)


def test_an_import_file_naming_a_missing_resource_fails_the_check(monkeypatch):
    monkeypatch.setitem(importing.IMPORT_FILES, "attendance", "panel.resources.AttendanceSheet")
    output = check_output()
    assert "portal.E002" in output and "'attendance'" in output


def test_a_goal_sheet_that_is_not_a_resource_fails_the_check(monkeypatch):
    monkeypatch.setitem(importing.IMPORT_FILES, "goal_values", "goals.models.GoalValue")
    output = check_output()
    assert "portal.E002" in output and "not a django-import-export Resource" in output


def test_a_work_holding_model_that_is_not_audited_fails_the_check(monkeypatch):
    monkeypatch.delitem(audit.AUDITED, "panel.InputItem")
    output = check_output()
    assert "portal.E004" in output
    assert "panel.InputItem is neither audited nor exempted" in output


def test_an_audit_entry_naming_a_missing_model_fails_the_check(monkeypatch):
    # The first version registered panel.Input and panel.Minutes, which never existed.
    monkeypatch.setitem(audit.AUDITED, "panel.Input", ())
    output = check_output()
    assert "portal.E003" in output and "'panel.Input'" in output


def test_an_exemption_without_a_reason_fails_the_check(monkeypatch):
    monkeypatch.setitem(audit.EXEMPT, "surveys.Answer", " ")
    assert "portal.E005" in check_output()


def test_a_retention_activity_with_a_renamed_field_fails_the_check(monkeypatch):
    monkeypatch.setattr(
        retention,
        "ACTIVITY",
        retention.ACTIVITY + [retention.Activity("attendance_again", Attendance, date="meeting__held_on", organisation="organisation")],
    )
    output = check_output()
    assert "hub.E001" in output and "panel.Meeting has no field 'held_on'" in output


def test_a_staff_section_naming_a_missing_page_fails_the_check(monkeypatch):
    monkeypatch.setattr(
        context_processors,
        "STAFF_SECTIONS",
        context_processors.STAFF_SECTIONS + [("grants:grant_list", "Tilskudd", "", "staff")],
    )
    output = check_output()
    assert "hub.E003" in output and "grants:grant_list" in output


def test_an_erasure_shredder_that_does_not_resolve_fails_the_check(monkeypatch):
    from portal import erasure

    monkeypatch.setitem(erasure.SHREDDERS, "organisations.ContactPerson", ["outreach.services.contact_person_forget"])
    output = check_output()
    assert "portal.E006" in output and "contact_person_forget" in output
