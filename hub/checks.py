"""System checks of the composition layer's lists (retention activity, the staff
navigation, the start page's sources). Registered from HubConfig.ready()."""

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse

from hub import context_processors, home, retention


def lookup_problem(model, path):
    """Why `path` (a__b__c) is not a chain of fields from `model`, or None when it is."""
    current = model
    parts = path.split("__")
    for index, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return f"{current._meta.label} has no field {part!r}"
        if index < len(parts) - 1:
            if not field.is_relation:
                return f"{current._meta.label}.{part} is not a relation"
            current = field.related_model
    return None


@checks.register()
def check_retention_activity(app_configs=None, **kwargs):
    errors = []
    for activity in retention.ACTIVITY:
        paths = [activity.date] + [p for p in (activity.person, activity.organisation) if p]
        problems = [problem for problem in (lookup_problem(activity.model, path) for path in paths) if problem]
        if not (activity.person or activity.organisation):
            problems.append("neither a person nor an organisation lookup")
        for problem in problems:
            errors.append(
                checks.Error(
                    f"The retention activity {activity.name!r} does not resolve: {problem}.",
                    obj=activity.name,
                    id="hub.E001",
                )
            )
    return errors


@checks.register(checks.Tags.urls)
def check_staff_sections(app_configs=None, **kwargs):
    errors = []
    for url_name, *_rest in context_processors.STAFF_SECTIONS:
        try:
            reverse(url_name)
        except NoReverseMatch as exc:
            errors.append(
                checks.Error(
                    f"The staff navigation names the page {url_name!r}, which does not exist: {exc}",
                    obj=url_name,
                    id="hub.E003",
                )
            )
    return errors


@checks.register()
def check_upcoming_sources(app_configs=None, **kwargs):
    return [
        checks.Error(f"The start page's source {source!r} is not callable.", obj=repr(source), id="hub.E004")
        for source in home.UPCOMING_SOURCES
        if not callable(source)
    ]
