from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import selectors, services
from activities.forms import ActivityFilterForm, ActivityForm, PremisesForm, ResourceForm
from activities.models import Activity, ActivityKind, Premises, Resource
from portal.web.decorators import coordinator_required, found_or_404, staff_required
from portal.web.editing import form_page, saved_redirect
from portal.web.formkeys import one_time_form

# --- Public -----------------------------------------------------------------------------------


def public_detail(request, pk):
    activity = found_or_404(selectors.public_activity(pk))
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
    return form_page(
        request, ActivityForm(request.POST or None, initial=initial),
        save=services.activity_save_form, message=_("Aktiviteten er registrert."), done=_activity_page,
        template="activities/activity_form.html", context={"title": _("Ny aktivitet")},
    )


def _activity_page(activity):
    return reverse("activities:detail", args=[activity.pk])


@staff_required
def activity_detail(request, pk):
    activity = found_or_404(selectors.staff_activity(pk))
    return render(
        request,
        "activities/activity_detail.html",
        {"activity": activity},
    )


@coordinator_required
def activity_edit(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    return form_page(
        request, ActivityForm(request.POST or None, instance=activity),
        save=services.activity_save_form, message=_("Aktiviteten er lagret."), done=_activity_page,
        template="activities/activity_form.html", context={"activity": activity, "title": _("Rediger aktivitet")},
    )


@coordinator_required
@require_POST
def activity_delete(request, pk):
    services.activity_delete(activity=get_object_or_404(Activity, pk=pk))
    return saved_redirect(request, _("Aktiviteten er slettet."), "activities:list")


# --- Premises and resources (kept by coordinators) ----------------------------------------------


@coordinator_required
def premises_manage(request):
    return render(request, "activities/premises_manage.html", {"premises": selectors.staff_premises()})


@coordinator_required
@one_time_form
def premises_create(request):
    return _premises_form_page(request, PremisesForm(request.POST or None), _("Nytt lokale"))


@coordinator_required
def premises_edit(request, pk):
    premises = get_object_or_404(Premises, pk=pk)
    return _premises_form_page(request, PremisesForm(request.POST or None, instance=premises), _("Rediger lokale"))


def _premises_form_page(request, form, title):
    return form_page(
        request, form, save=services.premises_save_form, message=_("Lokalet er lagret."), done="activities:premises_manage",
        template="activities/simple_form.html", context={"title": title, "back": "activities:premises_manage"},
    )


@coordinator_required
def resource_manage(request):
    return render(request, "activities/resource_manage.html", {"resources": selectors.staff_resources()})


@coordinator_required
@one_time_form
def resource_create(request):
    return _resource_form_page(request, ResourceForm(request.POST or None, request.FILES or None), _("Ny ressurs"))


@coordinator_required
def resource_edit(request, pk):
    resource = get_object_or_404(Resource, pk=pk)
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    return _resource_form_page(request, form, _("Rediger ressurs"))


def _resource_form_page(request, form, title):
    return form_page(
        request, form, save=services.resource_save_form, message=_("Ressursen er lagret."), done="activities:resource_manage",
        template="activities/simple_form.html",
        context={"title": title, "back": "activities:resource_manage", "multipart": True}, invalid_status=400,
    )
