from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import selectors, services
from activities.forms import ActivityFilterForm, ActivityForm, PremisesForm, ResourceForm
from activities.models import Activity, ActivityKind, Premises, Resource
from portal.access import coordinator_required, staff_required
from portal.formkeys import one_time_form

# --- Public -----------------------------------------------------------------------------------


def public_detail(request, pk):
    activity = selectors.public_activity(pk)
    if activity is None:
        raise Http404
    return render(
        request,
        "activities/public_detail.html",
        {"activity": activity},
    )


def premises_list(request):
    return render(request, "activities/premises_list.html", {"premises": selectors.public_premises()})


def resource_list(request):
    languages = selectors.resource_languages()
    language = request.GET.get("sprak", "")[:12]
    if language and language not in {lang.code for lang in languages}:
        language = ""
    return render(
        request,
        "activities/resource_list.html",
        {"resources": selectors.public_resources(language), "languages": languages, "language": language},
    )


# --- Activities (coordinators; council staff read) ----------------------------------------------


@staff_required
def activity_list(request):
    form = ActivityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("aar") or None
    return render(
        request,
        "activities/activity_list.html",
        {
            "form": form,
            "activities": selectors.staff_activities(year=year, kind=filters.get("kind", "")),
            "years": selectors.activity_years(),
            "year": year,
            "counts": selectors.year_counts_by_kind(year or timezone.localdate().year),
            "counts_year": year or timezone.localdate().year,
        },
    )


@coordinator_required
@one_time_form
def activity_create(request):
    initial = {}
    if request.GET.get("type", "") in ActivityKind.values:
        initial["kind"] = request.GET["type"]
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = services.activity_save_form(form=form)
        messages.success(request, _("Aktiviteten er registrert."))
        return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "title": _("Ny aktivitet")})


@staff_required
def activity_detail(request, pk):
    activity = selectors.staff_activity(pk)
    if activity is None:
        raise Http404
    return render(
        request,
        "activities/activity_detail.html",
        {"activity": activity},
    )


@coordinator_required
def activity_edit(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        services.activity_save_form(form=form)
        messages.success(request, _("Aktiviteten er lagret."))
        return redirect("activities:detail", pk=activity.pk)
    return render(
        request, "activities/activity_form.html", {"form": form, "activity": activity, "title": _("Rediger aktivitet")}
    )


@coordinator_required
@require_POST
def activity_delete(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    services.activity_delete(activity=activity)
    messages.success(request, _("Aktiviteten er slettet."))
    return redirect("activities:list")


# --- Premises and resources (kept by coordinators) ----------------------------------------------


@coordinator_required
def premises_manage(request):
    return render(request, "activities/premises_manage.html", {"premises": selectors.staff_premises()})


@coordinator_required
@one_time_form
def premises_create(request):
    form = PremisesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.premises_save_form(form=form)
        messages.success(request, _("Lokalet er lagret."))
        return redirect("activities:premises_manage")
    return render(request, "activities/simple_form.html", {"form": form, "title": _("Nytt lokale"), "back": "activities:premises_manage"})


@coordinator_required
def premises_edit(request, pk):
    premises = get_object_or_404(Premises, pk=pk)
    form = PremisesForm(request.POST or None, instance=premises)
    if request.method == "POST" and form.is_valid():
        services.premises_save_form(form=form)
        messages.success(request, _("Lokalet er lagret."))
        return redirect("activities:premises_manage")
    return render(request, "activities/simple_form.html", {"form": form, "title": _("Rediger lokale"), "back": "activities:premises_manage"})


@coordinator_required
def resource_manage(request):
    return render(request, "activities/resource_manage.html", {"resources": selectors.staff_resources()})


@coordinator_required
@one_time_form
def resource_create(request):
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.resource_save_form(form=form)
        messages.success(request, _("Ressursen er lagret."))
        return redirect("activities:resource_manage")
    return render(
        request, "activities/simple_form.html",
        {"form": form, "title": _("Ny ressurs"), "back": "activities:resource_manage", "multipart": True},
        status=400 if form.is_bound else 200,
    )


@coordinator_required
def resource_edit(request, pk):
    resource = get_object_or_404(Resource, pk=pk)
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        services.resource_save_form(form=form)
        messages.success(request, _("Ressursen er lagret."))
        return redirect("activities:resource_manage")
    return render(
        request, "activities/simple_form.html",
        {"form": form, "title": _("Rediger ressurs"), "back": "activities:resource_manage", "multipart": True},
        status=400 if form.is_bound else 200,
    )
