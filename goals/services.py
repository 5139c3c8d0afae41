"""Writes of the goals app: forms saved, year accounts kept, a new year started, sheets imported."""

from importlib import import_module

from django.db import transaction

from goals.models import GoalValue, MeasureYear, PlanItemYear
from portal import importing, spreadsheets
from portal.sanitize import clean_html


def goal_save_form(*, form):
    return form.save()


def goal_value_set(*, goal, year, value, note=""):
    """The hand-entered number of a goal for a year; a second entry for the year replaces it."""
    entry, _created = GoalValue.objects.update_or_create(goal=goal, year=year, defaults={"value": value, "note": note})
    return entry


def goal_value_delete(*, goal, year):
    GoalValue.objects.filter(goal=goal, year=year).delete()


def plan_item_save_form(*, form):
    return form.save()


@transaction.atomic
def plan_item_year_save(*, plan_item, year, achieved_text, goals=(), measures=()):
    """The coordinators' account of a plan item for a year, cleaned before it is stored."""
    entry, _created = PlanItemYear.objects.update_or_create(
        plan_item=plan_item, year=year, defaults={"achieved_text": clean_html(achieved_text).strip()}
    )
    entry.goals.set(goals)
    entry.measures.set(measures)
    return entry


@transaction.atomic
def plan_year_start(*, year):
    """Start a year with the plan items followed the year before, with the same goals and
    measures linked and an empty account. Idempotent: items the year already has are kept as
    they are, so pressing the button twice changes nothing. Returns how many were added."""
    previous = PlanItemYear.objects.filter(year=year - 1).prefetch_related("goals", "measures")
    existing = set(PlanItemYear.objects.filter(year=year).values_list("plan_item_id", flat=True))
    added = 0
    for entry in previous:
        if entry.plan_item_id in existing:
            continue
        # get_or_create on the unique (plan_item, year): a double click racing itself adds one.
        copy, created = PlanItemYear.objects.get_or_create(plan_item_id=entry.plan_item_id, year=year)
        if created:
            copy.goals.set(entry.goals.all())
            copy.measures.set(entry.measures.all())
            added += 1
    return added


def measure_save_form(*, form):
    return form.save()


def measure_year_save(*, measure, year, status, deliverables=""):
    entry, _created = MeasureYear.objects.update_or_create(
        measure=measure, year=year, defaults={"status": status, "deliverables": deliverables.strip()}
    )
    return entry


# --- Spreadsheets ---------------------------------------------------------------------------

# stem → Resource, in the order a set of files is imported (later files refer to earlier ones).
SHEETS = {
    "goals": "goals.resources.GoalResource",
    "goal_values": "goals.resources.GoalValueResource",
    "measures": "goals.resources.MeasureResource",
    "plan_items": "goals.resources.PlanItemResource",
    "plan_item_years": "goals.resources.PlanItemYearResource",
}


def sheet_resource(stem):
    module_path, _dot, name = SHEETS[stem].rpartition(".")
    return getattr(import_module(module_path), name)


def _import_one(stem, filename, raw, user):
    try:
        dataset, width_errors = importing.read_sheet(raw, filename)
    except importing.FileFormatError as exc:
        return importing.FileResult(filename, errors=[importing.RowError(filename, 1, "-", str(exc))])
    cls = sheet_resource(stem)
    result = importing.FileResult(filename)
    missing = [column for column in cls.portal_columns if column not in dataset.headers]
    if missing:
        from django.utils.translation import gettext as _

        result.errors = [importing.RowError(filename, 1, column, _("kolonnen mangler")) for column in missing]
        return result
    resource = cls()
    outcome = resource.import_data(
        dataset,
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=user,
        filename=filename,
    )
    # The portal's own FILE:ROW: column: message conversion, so the goals sheets report errors
    # exactly like the files of `import_data`.
    errors = importing.errors_from_result(outcome, filename, resource)
    result.errors = sorted(width_errors + errors, key=lambda e: (e.row, e.column))
    result.new = outcome.totals.get("new", 0)
    result.updated = outcome.totals.get("update", 0)
    return result


def sheets_import(*, files, dry_run=False, user=None):
    """files: (stem, filename, raw bytes) of the SHEETS kinds. All or nothing, like
    portal.importing.run_import: nothing is written when any row of any file is wrong."""
    ordered = sorted(files, key=lambda item: list(SHEETS).index(item[0]))
    results = []
    with transaction.atomic():
        for stem, filename, raw in ordered:
            results.append(_import_one(stem, filename, raw, user))
        if dry_run or any(result.errors for result in results):
            transaction.set_rollback(True)
    return results


def sheet_export(stem, file_format):
    resource = sheet_resource(stem)()
    return spreadsheets.sheet_bytes(resource.export(), file_format, resource=resource, title=stem)
