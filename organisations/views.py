from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import selectors, services
from organisations.forms import (
    ContactPersonForm,
    DirectoryFilterForm,
    OrganisationForm,
    OrganisationListFilterForm,
    PublicListingForm,
)
from organisations.models import ContactPerson, Organisation
from portal.access import coordinator_required, signed_in_required, staff_required

DIRECTORY_PAGE_SIZE = 20
STAFF_PAGE_SIZE = 50


def _page(request, queryset, size):
    return Paginator(queryset, size).get_page(request.GET.get("side"))


# --- The public directory -------------------------------------------------------------


def directory(request):
    form = DirectoryFilterForm(request.GET or None, municipalities=selectors.directory_municipalities())
    filters = form.cleaned_data if form.is_valid() else {}
    page = _page(request, selectors.directory_organisations(**filters), DIRECTORY_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "organisations/directory.html",
        {"form": form, "page": page, "query": query.urlencode(), "searched": bool(filters and any(filters.values()))},
    )


def detail(request, slug):
    organisation = selectors.public_organisation(slug)
    if organisation is None:
        raise Http404
    return render(request, "organisations/detail.html", {"organisation": organisation})


# --- Coordinator screens ---------------------------------------------------------------


@staff_required
def staff_list(request):
    form = OrganisationListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = _page(request, selectors.staff_organisations(**filters), STAFF_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "organisations/staff_list.html", {"form": form, "page": page, "query": query.urlencode()})


@staff_required
def staff_detail(request, pk):
    organisation = selectors.staff_organisation(pk)
    if organisation is None:
        raise Http404
    return render(request, "organisations/staff_detail.html", {"organisation": organisation})


@coordinator_required
def create(request):
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_save_form(form=form)
        messages.success(request, _("«%(name)s» er registrert.") % {"name": organisation.name})
        return redirect("organisations:staff_detail", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "title": _("Ny organisasjon")})


@coordinator_required
def edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_save_form(form=form)
        messages.success(request, _("Endringene er lagret."))
        return redirect("organisations:staff_detail", pk=organisation.pk)
    return render(
        request,
        "organisations/form.html",
        {"form": form, "organisation": organisation, "title": _("Rediger %(name)s") % {"name": organisation.name}},
    )


@coordinator_required
@require_POST
def archive(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if organisation.is_archived:
        services.organisation_restore(organisation=organisation)
        messages.success(request, _("«%(name)s» er hentet fram fra arkivet.") % {"name": organisation.name})
    else:
        services.organisation_archive(organisation=organisation)
        messages.success(request, _("«%(name)s» er arkivert.") % {"name": organisation.name})
    return redirect("organisations:staff_detail", pk=organisation.pk)


@coordinator_required
def contact_person_form(request, pk, person_pk=None):
    organisation = get_object_or_404(Organisation, pk=pk)
    person = get_object_or_404(ContactPerson, pk=person_pk, organisation=organisation) if person_pk else None
    form = ContactPersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.contact_person_save_form(form=form, organisation=organisation)
        messages.success(request, _("Kontaktpersonen er lagret."))
        return redirect("organisations:staff_detail", pk=organisation.pk)
    title = _("Rediger kontaktperson") if person else _("Ny kontaktperson")
    return render(request, "organisations/contact_person_form.html", {"form": form, "organisation": organisation, "title": title})


# --- Organisation editors --------------------------------------------------------------


def _editable_organisation(request, slug):
    """The organisation if the user may edit its listing; 404 otherwise (no hint it exists)."""
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    if not organisation.editors.filter(pk=request.user.pk).exists():
        raise Http404
    return organisation


@signed_in_required
def editor_home(request):
    organisations = selectors.editor_organisations(request.user)
    return render(request, "organisations/editor_home.html", {"organisations": organisations})


@signed_in_required
def editor_edit(request, slug):
    organisation = _editable_organisation(request, slug)
    form = PublicListingForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_save_form(form=form)
        messages.success(request, _("Oppføringen er lagret."))
        return redirect("organisations:editor_home")
    return render(request, "organisations/editor_form.html", {"form": form, "organisation": organisation})
