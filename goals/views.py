import io

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from goals import selectors, services
from goals.forms import (
    GoalForm,
    GoalValueForm,
    MeasureForm,
    MeasureYearForm,
    PlanItemForm,
    PlanItemYearForm,
    YearSelectForm,
)
from goals.models import Goal, Measure, MeasureYear, PlanItem, PlanItemYear
from portal.web.decorators import coordinator_required, staff_required
from portal.web.editing import form_page
from portal.web.formkeys import one_time_form
from portal.web.params import check_year, chosen_year, with_year


def _selected_year(request):
    """The year chosen with ?aar=, or the current year (an invalid value falls back quietly)."""
    year = chosen_year(request, default=selectors.current_year)
    return year, YearSelectForm(initial={"aar": year})


def _with_year(url_name, year):
    return with_year(reverse(url_name), year)


# --- Goals ---------------------------------------------------------------------------------


@staff_required
def goal_list(request):
    year, year_form = _selected_year(request)
    page = selectors.goals_page(year)
    return render(
        request,
        "goals/goal_list.html",
        {"year": year, "year_form": year_form, "years": page["years"], "rows": page["rows"], "section": "goals"},
    )


@coordinator_required
@one_time_form
def goal_form(request, pk=None):
    goal = get_object_or_404(Goal, pk=pk) if pk else None
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        goal = services.goal_save_form(form=form)
        messages.success(request, _("Målet «%(title)s» er lagret.") % {"title": goal.title})
        return redirect("goals:goal_list")
    title = _("Rediger mål") if goal else _("Nytt mål")
    return render(
        request, "goals/form.html", {"form": form, "title": title, "cancel_url": reverse("goals:goal_list"), "section": "goals"}
    )


@coordinator_required
def goal_values(request, pk):
    goal = get_object_or_404(Goal.objects.prefetch_related("values"), pk=pk)
    form = GoalValueForm(request.POST or None, initial={"year": selectors.current_year()})
    if request.method == "POST" and form.is_valid():
        services.goal_value_set(goal=goal, **form.cleaned_data)
        messages.success(request, _("Tallet for %(year)s er lagret.") % {"year": form.cleaned_data["year"]})
        return redirect("goals:goal_values", pk=goal.pk)
    return render(request, "goals/goal_values.html", {"goal": goal, "form": form, "section": "goals"})


@coordinator_required
@require_POST
def goal_value_delete(request, pk, year):
    check_year(year)
    goal = get_object_or_404(Goal, pk=pk)
    services.goal_value_delete(goal=goal, year=year)
    messages.success(request, _("Tallet for %(year)s er slettet.") % {"year": year})
    return redirect("goals:goal_values", pk=goal.pk)


# --- Plan items ----------------------------------------------------------------------------


@staff_required
def plan_list(request):
    year, year_form = _selected_year(request)
    return render(
        request,
        "goals/plan_list.html",
        {
            "year": year,
            "year_form": year_form,
            "plans": selectors.plan_page(year),
            "previous_year": year - 1,
            "section": "plan",
        },
    )


@coordinator_required
@require_POST
def plan_copy(request, year):
    check_year(year)
    added = services.plan_year_start(year=year)
    if added:
        messages.success(
            request,
            _("%(count)s planpunkter fra %(previous)s er kopiert til %(year)s.")
            % {"count": added, "previous": year - 1, "year": year},
        )
    else:
        messages.info(request, _("Ingen nye planpunkter å kopiere: %(year)s har dem allerede.") % {"year": year})
    return redirect(_with_year("goals:plan_list", year))


@coordinator_required
@one_time_form
def plan_item_form(request, pk=None):
    item = get_object_or_404(PlanItem, pk=pk) if pk else None
    return _item_form_page(
        request, PlanItemForm(request.POST or None, instance=item),
        save=services.plan_item_save_form, message=_("Planpunktet er lagret."), list_url="goals:plan_list", section="plan",
        title=_("Rediger planpunkt") if item else _("Nytt planpunkt"),
    )


def _item_form_page(request, form, *, save, message, list_url, section, title):
    """A plan item's or a measure's form (goals/form.html)."""
    return form_page(
        request, form, save=save, message=message, done=list_url, template="goals/form.html",
        context={"title": title, "cancel_url": reverse(list_url), "section": section},
    )


@coordinator_required
def plan_item_year(request, pk, year):
    check_year(year)
    item = get_object_or_404(PlanItem, pk=pk)
    entry = PlanItemYear.objects.filter(plan_item=item, year=year).first()
    form = PlanItemYearForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.plan_item_year_save(
            plan_item=item,
            year=year,
            achieved_text=form.cleaned_data["achieved_text"],
            status=form.cleaned_data["status"],
            goals=form.cleaned_data["goals"],
            measures=form.cleaned_data["measures"],
        )
        messages.success(request, _("Det som er oppnådd i %(year)s er lagret.") % {"year": year})
        return redirect(_with_year("goals:plan_list", year))
    return render(
        request,
        "goals/plan_item_year.html",
        {"form": form, "item": item, "year": year, "cancel_url": _with_year("goals:plan_list", year), "section": "plan"},
    )


@staff_required
def plan_status(request):
    """The status report for the leadership group, as the records stand today (any day)."""
    year, year_form = _selected_year(request)
    return render(
        request,
        "goals/plan_status.html",
        {
            "year": year,
            "year_form": year_form,
            "report": selectors.plan_status_report(year),
            "today": timezone.localdate(),
            "section": "plan",
        },
    )


@staff_required
def plan_status_pdf(request):
    from goals import pdf

    year, _year_form = _selected_year(request)
    filename, mimetype, data = pdf.plan_status(year)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=mimetype)


# --- Measures ------------------------------------------------------------------------------


@staff_required
def measure_list(request):
    year, year_form = _selected_year(request)
    return render(
        request,
        "goals/measure_list.html",
        {"year": year, "year_form": year_form, "rows": selectors.measures_page(year), "section": "measures"},
    )


@coordinator_required
@one_time_form
def measure_form(request, pk=None):
    measure = get_object_or_404(Measure, pk=pk) if pk else None
    return _item_form_page(
        request, MeasureForm(request.POST or None, instance=measure),
        save=services.measure_save_form, message=_("Tiltaket er lagret."), list_url="goals:measure_list", section="measures",
        title=_("Rediger tiltak") if measure else _("Nytt tiltak"),
    )


@coordinator_required
def measure_year(request, pk, year):
    check_year(year)
    measure = get_object_or_404(Measure, pk=pk)
    entry = MeasureYear.objects.filter(measure=measure, year=year).first()
    form = MeasureYearForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.measure_year_save(measure=measure, year=year, **form.cleaned_data)
        messages.success(request, _("Status for %(year)s er lagret.") % {"year": year})
        return redirect(_with_year("goals:measure_list", year))
    title = _("%(measure)s i %(year)s") % {"measure": measure.title, "year": year}
    return render(
        request,
        "goals/form.html",
        {"form": form, "title": title, "cancel_url": _with_year("goals:measure_list", year), "section": "measures"},
    )
