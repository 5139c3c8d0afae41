"""The registries fail loudly: a figure, file or shredder that names nothing fails when its module
is imported, and a model holding work that nobody audits fails `manage.py check`; nothing turns
into None at render."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from hub import context_processors, retention
from panel.models import Attendance
from portal.privacy import audit
from portal.reporting import figures
from portal.spreadsheets import importing


def check_output():
    """The errors `manage.py check` reports, or "" when it passes."""
    try:
        call_command("check")
    except SystemCheckError as exc:
        return str(exc)
    return ""


def test_the_project_passes_its_checks():
    assert check_output() == ""


@pytest.mark.parametrize("module", ["selectors.py", "consistency.py"])
def test_a_figure_key_the_report_asks_for_that_is_not_registered_fails_at_import(monkeypatch, module):
    """The report names the figures it reads one by one (the growth goal's, the ones approval checks
    the chapter texts against) by their functions: if one were no longer registered (its decorator
    removed or given another function), importing the report's module fails, naming the function,
    instead of the growth target or the check going missing at render."""
    import panel.selectors

    unregistered = {key: figure for key, figure in figures.FIGURES.items() if figure.selector is not panel.selectors.growth_percent}
    monkeypatch.setattr(figures, "FIGURES", unregistered)
    with pytest.raises(ImproperlyConfigured, match="panel.selectors.growth_percent is not a figure"):
        runpy.run_path(str(Path(settings.BASE_DIR) / "reports" / module))


def test_the_report_reaches_each_figure_it_names_by_its_function():
    import panel.selectors
    from reports import selectors

    assert figures.FIGURES[selectors.GROWTH].selector is panel.selectors.growth_percent
    assert figures.FIGURES[selectors.REPRESENTED].selector is panel.selectors.organisations_represented


def test_a_misspelt_figure_key_fails_when_it_is_registered():
    with pytest.raises(ImproperlyConfigured, match="'panel_meetings' must read '<group>.<name>'"):
        figures.register("panel_meetings", "Møter")


def test_a_figure_key_registered_by_a_second_function_fails_when_it_is_registered(monkeypatch):
    monkeypatch.setattr(figures, "FIGURES", dict(figures.FIGURES))

    def meetings_counted(year):
        return 0

    with pytest.raises(ImproperlyConfigured, match="'panel.meetings' is registered twice: by panel.selectors.meetings_count"):
        figures.register("panel.meetings", "Møter", periods=True)(meetings_counted)


def test_registering_a_class_that_is_not_a_resource_as_a_file_fails_at_once(monkeypatch):
    from goals.models import GoalValue

    monkeypatch.setattr(importing, "IMPORT_FILES", dict(importing.IMPORT_FILES))
    with pytest.raises(ImproperlyConfigured, match="not a django-import-export Resource"):
        importing.register("goal_values")(GoalValue)
    assert importing.IMPORT_FILES["goal_values"].__name__ == "GoalValueResource"


def test_a_resource_without_its_columns_or_with_a_header_read_two_ways_fails_at_once(monkeypatch):
    from panel.resources import AttendanceResource

    monkeypatch.setattr(importing, "IMPORT_FILES", dict(importing.IMPORT_FILES))
    no_columns = type("AttendanceSheet", (AttendanceResource,), {"portal_columns": []})
    with pytest.raises(ImproperlyConfigured, match="lists no portal_columns"):
        importing.register("attendance_again")(no_columns)
    headers = dict(AttendanceResource.portal_norwegian_headers)
    first, second = list(headers)[:2]
    headers[second] = headers[first]
    clash = type("AttendanceSheet", (AttendanceResource,), {"portal_norwegian_headers": headers})
    with pytest.raises(ImproperlyConfigured, match="would name two columns"):
        importing.register("attendance_again")(clash)
    assert "attendance_again" not in importing.IMPORT_FILES


def test_the_registries_keep_installed_apps_order_whichever_module_was_imported_first(monkeypatch):
    """The report's keys, the order files are imported in (a file after those it refers to) and the
    shredders' order are INSTALLED_APPS order and the order the code is written in, even when one
    app's module was imported before another's (the report JSON of docs/domain.md keeps its order)."""
    from portal.privacy import erasure

    figure_keys, stems = list(figures.FIGURES), list(importing.IMPORT_FILES)
    shredders = list(erasure.SHREDDERS["organisations.ContactPerson"])
    assert figure_keys[:2] == ["directory.published_at_year_end", "panel.meetings"]
    assert stems[:4] == ["organisations", "meetings", "attendance", "input"]
    assert [f"{f.__module__}.{f.__name__}" for f in shredders] == [
        "organisations.services.contact_person_consent_shred",
        "outreach.services.contact_person_shred",
        "networks.services.contact_person_shred",
    ]
    # As if networks' selectors and goals' resources had been imported first, and the shredders backwards:
    first = [key for key in figure_keys if key.startswith("networks.")]
    monkeypatch.setattr(figures, "FIGURES", {key: figures.FIGURES[key] for key in first + figure_keys})
    goals_first = [stem for stem in stems if importing.IMPORT_FILES[stem].__module__ == "goals.resources"]
    monkeypatch.setattr(importing, "IMPORT_FILES", {stem: importing.IMPORT_FILES[stem] for stem in goals_first + stems})
    monkeypatch.setattr(erasure, "SHREDDERS", {**erasure.SHREDDERS, "organisations.ContactPerson": shredders[::-1]})
    figures.sort_in_app_order()
    importing.sort_in_app_order()
    erasure.sort_in_app_order()
    assert list(figures.FIGURES) == figure_keys
    assert list(importing.IMPORT_FILES) == stems
    assert erasure.SHREDDERS["organisations.ContactPerson"] == shredders


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


def test_an_erasure_shredder_for_a_model_that_is_not_an_erasure_subject_fails_the_check(monkeypatch):
    from organisations.models import Organisation
    from portal.privacy import erasure

    monkeypatch.setattr(erasure, "SHREDDERS", {key: list(value) for key, value in erasure.SHREDDERS.items()})

    def organisation_forget(*, person):
        return None

    erasure.shredder(Organisation)(organisation_forget)
    output = check_output()
    assert "portal.E006" in output and "'organisations.Organisation', which is not an erasure subject" in output
