from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from brreg.units import readable, unit_facts
from organisations.models import Organisation
from portal.web.ratelimit import client_address, hit, rate_limited
from portal.web.decorators import coordinator_required, found_or_404, signed_in_required
from registrations import selectors, services
from registrations.forms import ConfirmForm, MergeForm, NumberForm, RefuseForm, RegistrationForm
from brreg.models import RegistryRecord

# Per visitor (the connecting address behind the trusted proxies), in the shared cache.
LOOKUP_RATE = {"limit": 30, "window": 60 * 60}
SUBMIT_RATE = {"limit": 5, "window": 60 * 60}
CONFIRM_RATE = {"limit": 20, "window": 15 * 60}
WITHOUT_NUMBER = "uten-nummer"


def _too_many(request, scope, rate):
    """portal.web.ratelimit's answer for one step of a view (the lookup and the submission count
    apart; the decorator counts a whole view). The visitor is counted under a keyed hash of the
    address, as the survey answers are: the cache shows no address beside the time of a registration."""
    visitor = salted_hmac(f"registrations.{scope}", client_address(request)).hexdigest()[:32]
    if hit(scope, visitor, **rate):
        return None
    response = render(request, "organisations/rate_limited.html", {"minutes": max(1, rate["window"] // 60)}, status=429)
    response["Retry-After"] = str(rate["window"])
    return response


def _duplicate_number(org_number):
    """(message, the published listing or None): says the number is taken, and nothing about the
    record that holds it beyond what the public directory shows (its name and page only when its
    listing is published)."""
    published = Organisation.objects.published().filter(org_number=org_number).first()
    if published is not None:
        return _("%(name)s er allerede i katalogen. Vil du bli redaktør for oppføringen, ta kontakt med "
                 "mangfoldskoordinatorene.") % {"name": published.name}, published
    return _("Organisasjonsnummeret er allerede registrert i portalen eller meldt inn og venter på behandling. "
             "Ta kontakt med mangfoldskoordinatorene, så hjelper de deg."), None


def _register_facts(lookup):
    """What the form shows and stores from the register's unit."""
    facts = lookup.facts

    address = RegistryRecord(**{k: facts[k] for k in ("street", "postal_code", "postal_place")}).portal_address
    website = facts["website"]
    if website and "://" not in website:
        website = "https://" + website
    return {
        "name": readable(facts["name"]),
        "registry_form": facts["form_description"],
        "municipality": readable(facts["municipality"]),
        "address": address,
        "in_frivillighetsregisteret": facts["in_frivillighetsregisteret"],
        "website": website,
    }


def _number_step(request):
    """Step one: the number (GET ?orgnr=, or the form's hidden field) checked, looked up and not
    taken. Returns a response to send back, or (org_number, facts from the register or None)."""
    without_number = request.GET.get(WITHOUT_NUMBER) == "1" or request.POST.get(WITHOUT_NUMBER) == "1"
    if without_number:
        return "", None
    data = request.POST if request.method == "POST" else request.GET
    if "orgnr" not in data:
        return render(request, "registrations/start.html", {"number_form": NumberForm()})
    number_form = NumberForm({"orgnr": data.get("orgnr", "")})
    if not number_form.is_valid():
        return render(request, "registrations/start.html", {"number_form": number_form}, status=400)
    org_number = number_form.cleaned_data["orgnr"]
    if selectors.number_taken(org_number):
        message, listing = _duplicate_number(org_number)
        number_form.add_error("orgnr", message)
        context = {"number_form": number_form, "duplicate_of": listing}
        return render(request, "registrations/start.html", context, status=409)
    limited = _too_many(request, "registration_lookup", LOOKUP_RATE)
    if limited:
        return limited
    lookup = selectors.register_lookup(org_number)
    if lookup.removed:
        number_form.add_error("orgnr", str(lookup.message) + " " + _("Sjekk nummeret, eller registrer dere uten nummer."))
        return render(request, "registrations/start.html", {"number_form": number_form}, status=404)
    if lookup.facts is None:
        # The register cannot be asked now: the visitor is not stopped, the form is typed in.
        messages.warning(request, lookup.message)
        return "", None
    return org_number, {**_register_facts(lookup), "registry_unit": lookup.unit}


@never_cache
def register(request):
    """Step one asks for the number; step two is the form, filled from the register or, for a
    group without a number (?uten-nummer=1), typed in. The form posts here."""
    step = _number_step(request)
    if isinstance(step, HttpResponse):
        return step
    org_number, facts = step
    form = RegistrationForm(request.POST or None, with_number=facts is not None)
    if request.method == "POST":
        limited = _too_many(request, "registration_submit", SUBMIT_RATE)
        if limited:
            return limited
        if form.honeypot_filled:
            # Software filled the hidden field: answered as a person would be, nothing kept or sent.
            return redirect("registrations:sent")
        if form.is_valid() and _submit(form, org_number=org_number, facts=facts) is not None:
            return redirect("registrations:sent")
    context = {"form": form, "facts": facts, "org_number": org_number}
    return render(request, "registrations/form.html", context, status=400 if form.errors else 200)


def _submit(form, *, org_number, facts):
    """Check for duplicates once more (the form was open a while) and send in; None with the
    form's errors set when it cannot be sent."""
    cleaned = form.cleaned_data
    name = facts["name"] if facts else cleaned["name"]
    if selectors.number_taken(org_number):
        message, form.duplicate_of = _duplicate_number(org_number)
        form.add_error(None, message)
        return None
    similar = selectors.similar_organisations(name) + selectors.similar_open_registrations(name)
    if similar and not cleaned.get("confirm_different"):
        form.show_confirm_different = True
        form.similar_public = [org for org in similar if isinstance(org, Organisation) and org.is_published]
        form.add_error(None, _(
            "Portalen har allerede en organisasjon med et lignende navn. Er det dere, ta kontakt med "
            "mangfoldskoordinatorene i stedet for å registrere dere på nytt. Er dere en annen organisasjon, "
            "kryss av for det nederst og send igjen."
        ))
        return None
    data = {field: cleaned[field] for field in (
        "kind", "description", "website", "contact_name", "contact_email", "contact_phone", "consent_given",
    )}
    data.update(org_number=org_number, name=name)
    if facts:
        data.update({key: value for key, value in facts.items() if key != "name" and (key != "website" or not data["website"])})
    else:
        data.update(municipality=cleaned["municipality"], address=cleaned["address"])
    try:
        return services.registration_submit(data=data, languages=cleaned["languages"], activities=cleaned["activities"])
    except services.RegistrationRefused as error:
        form.add_error(None, error.messages[0])
        return None


def sent(request):
    return render(request, "registrations/sent.html", {"confirmed": request.GET.get("bekreftet") == "1"})


def _confirmed():
    return redirect(reverse("registrations:sent") + "?bekreftet=1")


@never_cache
@rate_limited("registration_confirm", **CONFIRM_RATE)
def confirm(request, token):
    """The link in the e-mail: a new address chooses a password; an address that already has an
    account signs in and confirms. The page never shows an existing account's username."""
    registration = services.registration_by_token(token)
    if registration is None or not registration.is_confirmable:
        return render(request, "registrations/confirm_invalid.html", status=404 if registration is None else 410)
    existing = services.registration_user(registration)
    context = {"registration": registration}
    if existing is not None and not existing.is_active:
        return render(request, "registrations/confirm_invalid.html", status=403)
    if existing is not None or request.user.is_authenticated:
        owner = existing is not None and request.user.is_authenticated and request.user.pk == existing.pk
        if request.method == "POST" and owner:
            services.registration_confirm(registration=registration, user=request.user)
            messages.success(request, _("Takk! E-postadressen er bekreftet. Registreringen venter nå på mangfoldskoordinatorene."))
            return _confirmed()
        context.update(existing_account=existing is not None, owner=owner,
                       login_url=f"{reverse('login')}?next={request.path}")
        return render(request, "registrations/confirm.html", context, status=200 if request.method == "GET" else 403)
    form = ConfirmForm(request.POST or None, user=get_user_model()(username=registration.contact_email,
                                                                     email=registration.contact_email))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.registration_confirm(registration=registration, password=form.cleaned_data["password1"])
        except services.RegistrationRefused:
            return render(request, "registrations/confirm_invalid.html", status=410)
        messages.success(request, _(
            "Takk! E-postadressen er bekreftet, og kontoen %(username)s er laget. Registreringen venter nå på "
            "mangfoldskoordinatorene; du får e-post når den er behandlet."
        ) % {"username": user.get_username()})
        return _confirmed()
    context.update(form=form, username=registration.contact_email.lower())
    return render(request, "registrations/confirm.html", context, status=400 if form.errors else 200)


@signed_in_required
def mine(request):
    """The applicant's own registrations and where each stands."""
    return render(request, "registrations/mine.html", {"registrations": selectors.registrations_of(request.user)})


# --- The coordinators' queue ---------------------------------------------------------------------


@coordinator_required
def queue(request):
    return render(request, "registrations/queue.html", {
        "waiting": selectors.waiting_registrations(), "unconfirmed": selectors.unconfirmed_count(),
        "decided": selectors.decided_registrations(),
    })


def _registration(pk):
    registration = found_or_404(selectors.registration_for_staff(pk))
    return registration


def _detail(request, registration, *, refuse_form=None, merge_form=None, status=200):
    candidates = selectors.merge_candidates(registration) if registration.is_waiting else []
    facts = unit_facts(registration.registry_unit) if isinstance(registration.registry_unit, dict) else {}
    return render(request, "registrations/detail.html", {
        "registration": registration,
        "register_warnings": [label for key, label in (
            ("bankrupt", _("Konkurs ifølge Enhetsregisteret")),
            ("under_liquidation", _("Under avvikling ifølge Enhetsregisteret")),
            ("under_forced_dissolution", _("Under tvangsavvikling eller tvangsoppløsning ifølge Enhetsregisteret")),
        ) if facts.get(key)],
        "candidates": candidates,
        "refuse_form": refuse_form or RefuseForm(),
        "merge_form": merge_form or MergeForm(candidates=candidates),
    }, status=status)


@coordinator_required
def detail(request, pk):
    return _detail(request, _registration(pk))


def _refused(request, registration, error):
    messages.error(request, error.messages[0])
    return redirect("registrations:detail", pk=registration.pk)


@coordinator_required
@require_POST
def approve(request, pk):
    registration = _registration(pk)
    try:
        organisation = services.registration_approve(registration=registration, by=request.user)
    except services.RegistrationRefused as error:
        return _refused(request, registration, error)
    if organisation.published_on:
        messages.success(request, _("«%(name)s» er godkjent og vises i katalogen.") % {"name": organisation.name})
    else:
        messages.success(request, _("«%(name)s» er godkjent. Oppføringen er ikke offentlig: organisasjonen har ikke "
                                    "samtykket.") % {"name": organisation.name})
    return redirect("organisations:staff_detail", pk=organisation.pk)


@coordinator_required
@require_POST
def merge(request, pk):
    registration = _registration(pk)
    form = MergeForm(request.POST, candidates=selectors.merge_candidates(registration))
    if not form.is_valid():
        return _detail(request, registration, merge_form=form, status=400)
    try:
        organisation = services.registration_merge(
            registration=registration, organisation=form.cleaned_data["organisation"], by=request.user
        )
    except services.RegistrationRefused as error:
        return _refused(request, registration, error)
    messages.success(request, _("Registreringen er slått sammen med «%(name)s».") % {"name": organisation.name})
    return redirect("organisations:staff_detail", pk=organisation.pk)


@coordinator_required
@require_POST
def refuse(request, pk):
    registration = _registration(pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _detail(request, registration, refuse_form=form, status=400)
    try:
        services.registration_refuse(registration=registration, by=request.user, message=form.cleaned_data["message"])
    except services.RegistrationRefused as error:
        return _refused(request, registration, error)
    messages.success(request, _("Registreringen av «%(name)s» er avvist, og søkeren har fått meldingen.")
                     % {"name": registration.name})
    return redirect("registrations:queue")
