from urllib.parse import urlencode

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from brreg import selectors, services
from brreg.forms import AcceptForm, LookupForm, UploadForm
from brreg.models import ImportRun
from organisations.models import Organisation
from portal.web.decorators import coordinator_required
from portal.web.params import safe_next


@coordinator_required
def overview(request):
    services.import_runs_settle()
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = services.import_run_start(upload=form.cleaned_data["file"], user=request.user)
        messages.success(request, _("Filen er lastet opp. Kontrollen kjører i bakgrunnen."))
        return redirect("brreg:run_detail", pk=run.pk)
    context = {
        "form": form,
        "runs": selectors.recent_runs(),
        "last_check": selectors.last_check(),
        "due": selectors.check_due(),
        "lookup_form": LookupForm(),
    }
    return render(request, "brreg/overview.html", context, status=400 if form.errors else 200)


@coordinator_required
@never_cache
def run_detail(request, pk):
    services.import_runs_settle()
    run = get_object_or_404(ImportRun, pk=pk)
    return render(request, "brreg/run_detail.html", {"run": run})


@coordinator_required
@never_cache
def run_status(request, pk):
    """The run's progress as JSON, polled by static/js/jobs.js on the run's page."""
    services.import_runs_settle()
    return JsonResponse(get_object_or_404(ImportRun, pk=pk).as_json())


@coordinator_required
def differences(request):
    return render(request, "brreg/differences.html", {"rows": selectors.organisations_with_differences()})


def _back(request, form, default):
    return redirect(safe_next(request, form.cleaned_data.get("next") if form.is_valid() else "", default))


@coordinator_required
@require_POST
def accept(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ukjent felt."))
        return redirect("brreg:differences")
    try:
        changed = services.registry_accept(organisation=organisation, fields=form.fields_to_accept(), user=request.user)
    except services.AcceptError as error:
        messages.error(request, str(error))
    else:
        if changed:
            messages.success(request, _("«%(name)s» er oppdatert etter Enhetsregisteret.") % {"name": organisation.name})
    return _back(request, form, "brreg:differences")


@coordinator_required
@require_POST
def accept_all(request):
    accepted, refused = 0, []
    for organisation, _found in selectors.organisations_with_differences():
        try:
            if services.registry_accept(organisation=organisation, fields=["name", "address", "municipality"], user=request.user):
                accepted += 1
        except services.AcceptError as error:
            refused.append(str(error))
    messages.success(request, _("%(count)s organisasjoner er oppdatert etter Enhetsregisteret.") % {"count": accepted})
    for message in refused:
        messages.error(request, message)
    return redirect("brreg:differences")


def _prefill_query(facts, org_number):
    """The create form's initial values from a unit (organisations.views.create reads them)."""
    website = facts["website"]
    if website and "://" not in website:
        website = "https://" + website
    values = {
        "name": facts["name"], "org_number": org_number, "municipality": facts["municipality"].title(),
        "address": "", "website": website,
    }
    from brreg.models import RegistryRecord

    values["address"] = RegistryRecord(**{k: facts[k] for k in ("street", "postal_code", "postal_place")}).portal_address
    return urlencode({key: value for key, value in values.items() if value})


@coordinator_required
def lookup(request):
    form = LookupForm(request.GET or None)
    result = organisation = None
    if form.is_valid():
        if form.cleaned_data.get("organisation"):
            organisation = Organisation.objects.filter(pk=form.cleaned_data["organisation"]).first()
        result = services.registry_lookup(form.cleaned_data["orgnr"])
    context = {
        "form": form, "result": result, "organisation": organisation,
        "create_url": (
            f"{reverse('organisations:create')}?{_prefill_query(result.facts, result.org_number)}"
            if result is not None and result.facts else ""
        ),
    }
    return render(request, "brreg/lookup.html", context, status=400 if form.errors else 200)


@coordinator_required
@require_POST
def lookup_save(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if not organisation.org_number:
        messages.error(request, _("Organisasjonen har ikke organisasjonsnummer."))
        return redirect("organisations:staff_detail", pk=organisation.pk)
    result = services.registry_lookup(organisation.org_number)
    record = services.registry_record_from_lookup(organisation=organisation, lookup=result)
    if record is None:
        messages.error(request, result.message)
    elif result.message:
        messages.warning(request, result.message)
    else:
        messages.success(request, _("Kontrollert mot Enhetsregisteret."))
    return redirect("organisations:staff_detail", pk=organisation.pk)
