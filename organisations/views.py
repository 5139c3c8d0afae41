import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from organisations import selectors, services
from organisations.access import editable_organisation
from organisations.consent import CONSENT_WORDING
from organisations.forms import (
    AcceptInvitationForm,
    ConsentForm,
    ContactPersonForm,
    DirectoryFilterForm,
    EditorConsentForm,
    EventForm,
    InvitationForm,
    ModerationForm,
    OrganisationForm,
    OrganisationRecordForm,
    PremisesNeedForm,
    PublicListingForm,
    description_formset,
)
from organisations.models import (
    ContactPerson, EditorInvitation, Event, ListingRevision, ModerationStatus, Organisation, PremisesNeed,
)
from portal.web.ratelimit import rate_limited
from portal.privacy import roles
from portal.web import pagecache
from portal.web.pagecache import cached_public_page
from portal.web.decorators import coordinator_required, found_or_404, signed_in_required, staff_required
from portal.privacy.files import serve_private_file
from portal.web.formkeys import one_time_form

DIRECTORY_PAGE_SIZE = 20
STAFF_PAGE_SIZE = 50
REGISTER_PREFILL = ("name", "org_number", "municipality", "address", "website")


def page_of(request, queryset, size):
    return Paginator(queryset, size).get_page(request.GET.get("side"))


# --- The public directory -------------------------------------------------------------


# Its coming events leave the page as time passes: at most a minute late.
@cached_public_page(pagecache.organisation_page, pagecache.LISTINGS, max_age=60)
def detail(request, slug):
    """The public listing; what the apps above show on it (networks, regular offers) comes as page
    parts (portal/web/page_parts.py)."""
    organisation = found_or_404(selectors.public_organisation(slug))
    events = selectors.organisation_public_events(organisation)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "events": events,
            "page_url": request.build_absolute_uri(organisation.get_absolute_url()),
            "logo_absolute_url": request.build_absolute_uri(organisation.logo_url) if organisation.logo_url else "",
            "structured_data": selectors.listing_structured_data(organisation, events, request.build_absolute_uri),
        },
    )


@cached_public_page(pagecache.DIRECTORY)
def directory(request):
    form = DirectoryFilterForm(request.GET or None, municipalities=selectors.directory_municipalities())
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_of(request, selectors.directory_organisations(**filters), DIRECTORY_PAGE_SIZE)
    suggestion = None
    if filters.get("q") and not page.paginator.count:
        # A typo ("tamill", "fellesraad"): show what the nearest words find, and say so.
        suggestion = selectors.directory_suggestion(filters["q"])
        if suggestion:
            page = page_of(request, selectors.directory_organisations(**{**filters, "q": suggestion}), DIRECTORY_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("side", None)
    if suggestion:
        query["q"] = suggestion
    return render(
        request,
        "organisations/directory.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "searched": bool(filters and any(filters.values())),
            "suggestion": suggestion,
            "suggestion_query": query.urlencode(),
        },
    )


# --- Coordinator screens ---------------------------------------------------------------


@coordinator_required
@one_time_form
def create(request):
    # A lookup in Enhetsregisteret (brreg:lookup) links here with the unit's values as initial data.
    initial = {key: request.GET[key][:250] for key in REGISTER_PREFILL if request.GET.get(key)}
    form = OrganisationForm(request.POST or None, request.FILES or None, initial=initial)
    descriptions = description_formset(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), descriptions.is_complete()]):
        organisation = services.organisation_save_form(
            form=form, user=request.user, descriptions=descriptions.descriptions_or_none()
        )
        messages.success(request, _("«%(name)s» er registrert.") % {"name": organisation.name})
        return redirect("organisations:staff_detail", pk=organisation.pk)
    return render(
        request, "organisations/form.html", {"form": form, "descriptions": descriptions, "title": _("Ny organisasjon")}
    )


@coordinator_required
def edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    descriptions = description_formset(request.POST or None, descriptions=services.descriptions_data(organisation))
    if request.method == "POST" and all([form.is_valid(), descriptions.is_complete()]):
        services.organisation_save_form(form=form, user=request.user, descriptions=descriptions.descriptions_or_none())
        messages.success(request, _("Endringene er lagret."))
        return redirect("organisations:staff_detail", pk=organisation.pk)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "descriptions": descriptions,
            "organisation": organisation,
            "title": _("Rediger %(name)s") % {"name": organisation.name},
        },
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
@one_time_form
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
#
# Every editor view starts with editable_organisation: a slug of an organisation the user does
# not edit is answered 404, exactly like one that does not exist (no hint it is there).


@signed_in_required
def editor_home(request):
    organisations = selectors.editor_organisations_overview(request.user)
    return render(request, "organisations/editor_home.html", {"organisations": organisations})


@signed_in_required
def editor_organisation(request, slug):
    organisation = editable_organisation(request, slug)
    context = {"organisation": organisation, **selectors.editor_organisation_page(organisation)}
    context["consent_form"] = EditorConsentForm()
    context["consent_wording"] = CONSENT_WORDING
    return render(request, "organisations/editor_organisation.html", context)


@signed_in_required
def editor_edit(request, slug):
    """The editor proposes a new listing; it becomes a pending change, never the public page."""
    organisation = editable_organisation(request, slug)
    pending = services.pending_revision(organisation)
    initial = _form_initial(pending.data) if pending else None
    form = PublicListingForm(request.POST or None, request.FILES or None, instance=organisation, initial=initial)
    # The pending proposal's descriptions, else the approved ones (a proposal before descriptions existed has none).
    current = pending.data.get("descriptions") if pending else None
    descriptions = description_formset(
        request.POST or None, descriptions=services.descriptions_data(organisation) if current is None else current
    )
    if request.method == "POST" and all([form.is_valid(), descriptions.is_complete()]):
        revision = services.listing_revision_submit(
            organisation=organisation, form=form, user=request.user, descriptions=descriptions.descriptions_or_none()
        )
        messages.success(request, _("Endringen er sendt til godkjenning. Slik blir oppføringen når den er godkjent."))
        return redirect("organisations:editor_revision", slug=organisation.slug, pk=revision.pk)
    # ModelForm validation writes the proposal onto the in-memory instance; it is never saved.
    return render(
        request,
        "organisations/editor_form.html",
        {"form": form, "descriptions": descriptions, "organisation": organisation, "pending": pending},
    )


def _form_initial(data):
    from organisations.models import ActivityCategory, Language, Municipality

    initial = {field: data.get(field, "") for field in services.LISTING_TEXT_FIELDS}
    initial["languages"] = list(Language.objects.filter(code__in=data.get("languages", [])).values_list("pk", flat=True))
    initial["activities"] = list(
        ActivityCategory.objects.filter(code__in=data.get("activities", [])).values_list("pk", flat=True)
    )
    initial["tags_text"] = ", ".join(data.get("tags", []))
    if "active_in" in data:
        initial["active_in"] = list(Municipality.objects.filter(number__in=data["active_in"]).values_list("pk", flat=True))
    return initial


@signed_in_required
def editor_revision(request, slug, pk):
    """The preview: a proposed listing exactly as the public page will show it."""
    organisation = editable_organisation(request, slug)
    revision = get_object_or_404(ListingRevision, pk=pk, organisation=organisation)
    return render(
        request,
        "organisations/preview.html",
        {
            "organisation": selectors.ListingPreview(organisation, revision),
            "registry": organisation,
            "revision": revision,
            "events": selectors.organisation_public_events(organisation),
            "back_url": _editor_url(organisation),
        },
    )


def _editor_url(organisation):
    return reverse("organisations:editor_organisation", args=[organisation.slug])


@signed_in_required
def editor_history(request, slug):
    organisation = editable_organisation(request, slug)
    return render(
        request,
        "organisations/history.html",
        {"organisation": organisation, "revisions": selectors.listing_history(organisation), "for_editor": True},
    )


@signed_in_required
@require_POST
def editor_consent(request, slug):
    organisation = editable_organisation(request, slug)
    if request.POST.get("action") == "withdraw":
        services.consent_withdraw(organisation=organisation, user=request.user)
        messages.success(request, _("Samtykket er trukket tilbake. Oppføringen er fjernet fra katalogen."))
        return redirect("organisations:editor_organisation", slug=organisation.slug)
    form = EditorConsentForm(request.POST)
    if form.is_valid():
        services.consent_record(
            organisation=organisation,
            given_by=form.cleaned_data["given_by"],
            given_by_user=request.user,
            recorded_by=request.user,
        )
        messages.success(request, _("Samtykket er registrert. Koordinatorene publiserer oppføringen."))
        return redirect("organisations:editor_organisation", slug=organisation.slug)
    context = {"organisation": organisation, **selectors.editor_organisation_page(organisation)}
    context.update(consent_form=form, consent_wording=CONSENT_WORDING)
    return render(request, "organisations/editor_organisation.html", context, status=400)


@signed_in_required
@require_POST
def editor_confirm(request, slug):
    organisation = editable_organisation(request, slug)
    services.listing_confirm(organisation=organisation)
    messages.success(request, _("Takk! Oppføringen er bekreftet som oppdatert."))
    return redirect("organisations:editor_organisation", slug=organisation.slug)


@signed_in_required
@one_time_form
def editor_event(request, slug, pk=None):
    organisation = editable_organisation(request, slug)
    event = get_object_or_404(Event, pk=pk, organisation=organisation) if pk else None
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        services.event_submit(form=form, organisation=organisation, user=request.user)
        messages.success(request, _("Arrangementet er sendt til godkjenning."))
        return redirect("organisations:editor_organisation", slug=organisation.slug)
    title = _("Endre arrangement") if event else _("Nytt arrangement")
    return render(
        request, "organisations/event_form.html", {"form": form, "organisation": organisation, "event": event, "title": title}
    )


@signed_in_required
@require_POST
def editor_event_delete(request, slug, pk):
    organisation = editable_organisation(request, slug)
    event = get_object_or_404(Event, pk=pk, organisation=organisation)
    services.event_delete(event=event)
    messages.success(request, _("Arrangementet er slettet."))
    return redirect("organisations:editor_organisation", slug=organisation.slug)


# --- Invitations: the one-time link ------------------------------------------------------

# 20 invitation pages per address in 15 minutes: plenty for a person, useless for guessing.
INVITATION_RATE = {"limit": 20, "window": 15 * 60}


@never_cache
@rate_limited("invitation", **INVITATION_RATE)
def invitation_accept(request, token):
    """A new address chooses a password; an address that has an account signs in and accepts.
    The page never shows an existing account's username."""
    invitation = services.invitation_by_token(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "organisations/invitation_invalid.html", status=404 if invitation is None else 410)
    existing = services.invitation_user(invitation)
    context = {"invitation": invitation}
    if existing is not None and not existing.is_active:
        return render(request, "organisations/invitation_refused.html", context, status=403)
    if existing is not None:
        signed_in_as_owner = request.user.is_authenticated and request.user.pk == existing.pk
        if request.method == "POST" and signed_in_as_owner:
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError:
                return render(request, "organisations/invitation_invalid.html", status=410)
            messages.success(request, _("Du er nå redaktør for %(name)s.") % {"name": invitation.organisation.name})
            return redirect("organisations:editor_home")
        context.update(
            existing_account=True,
            signed_in_as_owner=signed_in_as_owner,
            login_url=f"{reverse('login')}?next={request.path}",
        )
        return render(request, "organisations/invitation_accept.html", context, status=200 if request.method == "GET" else 403)
    if request.user.is_authenticated:
        # Signed in as someone else: the invitation is for a new account at another address.
        context["other_account"] = True
        return render(request, "organisations/invitation_accept.html", context, status=200 if request.method == "GET" else 403)
    form = AcceptInvitationForm(
        request.POST or None, user=get_user_model()(username=invitation.email, email=invitation.email)
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except ValidationError:
            return render(request, "organisations/invitation_invalid.html", status=410)
        messages.success(
            request,
            _("Passordet er satt. Logg inn med brukernavnet %(username)s og passordet du valgte.")
            % {"username": user.get_username()},
        )
        return redirect(f"{reverse('login')}?next={reverse('organisations:editor_home')}")
    context.update(form=form, username=invitation.email.lower())
    return render(request, "organisations/invitation_accept.html", context)


# --- Coordinators: editors, consent, moderation -------------------------------------------


@coordinator_required
def staff_editors(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.editor_invite(organisation=organisation, email=form.cleaned_data["email"], invited_by=request.user)
        except services.InvitationRefused as refused:
            form.add_error("email", refused.messages[0])
        else:
            messages.success(request, _("Invitasjonen er sendt til %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("organisations:staff_editors", pk=organisation.pk)
    return render(
        request,
        "organisations/staff_editors.html",
        {"organisation": organisation, "form": form, **selectors.invitations_and_editors(organisation)},
    )


@coordinator_required
@require_POST
def staff_editor_revoke(request, pk, user_pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    user = get_object_or_404(organisation.editors.all(), pk=user_pk)
    services.editor_revoke(organisation=organisation, user=user)
    messages.success(request, _("%(user)s er ikke lenger redaktør.") % {"user": user.email or user.get_username()})
    return redirect("organisations:staff_editors", pk=organisation.pk)


@coordinator_required
@require_POST
def staff_invitation_cancel(request, pk, invitation_pk):
    invitation = get_object_or_404(EditorInvitation, pk=invitation_pk, organisation_id=pk)
    services.invitation_cancel(invitation=invitation)
    messages.success(request, _("Invitasjonen er trukket tilbake."))
    return redirect("organisations:staff_editors", pk=pk)


@coordinator_required
def staff_consent(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = ConsentForm(request.POST or None) if request.POST.get("action") == "record" else ConsentForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "record" and form.is_valid():
            services.consent_record(
                organisation=organisation,
                given_by=form.cleaned_data["given_by"],
                given_on=form.cleaned_data["given_on"],
                recorded_by=request.user,
            )
            messages.success(request, _("Samtykket er registrert."))
            return redirect("organisations:staff_consent", pk=pk)
        if action == "withdraw":
            services.consent_withdraw(organisation=organisation, user=request.user)
            messages.success(request, _("Samtykket er trukket tilbake, og oppføringen er avpublisert."))
            return redirect("organisations:staff_consent", pk=pk)
        if action == "publish":
            try:
                services.organisation_publish(organisation=organisation)
                messages.success(request, _("Oppføringen er publisert."))
            except ValidationError as error:
                messages.error(request, error.messages[0])
            return redirect("organisations:staff_consent", pk=pk)
        if action == "unpublish":
            services.organisation_unpublish(organisation=organisation)
            messages.success(request, _("Oppføringen er avpublisert."))
            return redirect("organisations:staff_consent", pk=pk)
    return render(
        request,
        "organisations/staff_consent.html",
        {
            "organisation": organisation,
            "form": form,
            "consents": selectors.consent_history(organisation),
            "active_consent": services.active_consent(organisation),
            "consent_wording": CONSENT_WORDING,
        },
    )


@staff_required
def staff_history(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "organisations/history.html",
        {"organisation": organisation, "revisions": selectors.listing_history(organisation), "for_editor": False},
    )


def _decide(request, item, form, *, approved, rejected):
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.moderation_decide(item=item, reviewer=request.user, approve=approve, message=form.cleaned_data["message"].strip())
        messages.success(request, approved if approve else rejected)
    except ValidationError as error:
        messages.error(request, error.messages[0])


@coordinator_required
def moderation_revision(request, pk):
    revision = get_object_or_404(ListingRevision.objects.select_related("organisation", "submitted_by"), pk=pk)
    if request.method == "GET" and "forhandsvisning" in request.GET:
        return _moderation_preview(request, revision)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and revision.status == ModerationStatus.PENDING and form.is_valid():
        _decide(request, revision, form, approved=_("Endringen er godkjent og publisert."), rejected=_("Endringen er avvist. Redaktøren har fått e-post."))
        return redirect("organisations:moderation_queue")
    return render(
        request,
        "organisations/moderation_revision.html",
        {"revision": revision, "organisation": revision.organisation, "rows": selectors.listing_diff(revision), "form": form},
    )


@signed_in_required
def revision_logo(request, pk):
    """A proposed logo (private storage): for coordinators and the organisation's editors only."""
    revision = get_object_or_404(ListingRevision.objects.select_related("organisation"), pk=pk)
    allowed = roles.is_coordinator(request.user) or revision.organisation.editors.filter(pk=request.user.pk).exists()
    if not allowed or not revision.logo:
        raise Http404
    return serve_private_file(revision.logo)


def _moderation_preview(request, revision):
    """The coordinator sees the proposal as the public will, before deciding."""
    organisation = revision.organisation
    return render(
        request,
        "organisations/preview.html",
        {
            "organisation": selectors.ListingPreview(organisation, revision),
            "registry": organisation,
            "revision": revision,
            "events": selectors.organisation_public_events(organisation),
            "for_staff": True,
        },
    )


@coordinator_required
def moderation_event(request, pk):
    event = get_object_or_404(Event.objects.select_related("organisation", "submitted_by", "language"), pk=pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and event.status == ModerationStatus.PENDING and form.is_valid():
        _decide(request, event, form, approved=_("Arrangementet er godkjent."), rejected=_("Arrangementet er avvist."))
        return redirect("organisations:moderation_queue")
    return render(request, "organisations/moderation_event.html", {"event": event, "form": form})


# --- Open data and the embeddable directory ---------------------------------------------


@cached_public_page(pagecache.DIRECTORY)
def directory_json(request):
    """/organisasjoner.json (docs/domain.md): the published listings, their public fields, absolute URLs."""
    records = selectors.open_data_records(request.build_absolute_uri)
    response = JsonResponse({"organisations": records}, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any web page may read it
    return response


@cached_public_page(pagecache.DIRECTORY)
@xframe_options_exempt
def directory_embed(request):
    """The directory for other sites to show in an <iframe>: no menu, no script, links open the
    portal in a new tab. Only the origins in PORTAL_EMBED_ORIGINS may frame it."""
    form = DirectoryFilterForm(request.GET or None, municipalities=selectors.directory_municipalities())
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_of(request, selectors.directory_organisations(**filters), DIRECTORY_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("side", None)
    response = render(
        request, "organisations/embed.html", {"form": form, "page": page, "query": query.urlencode()}
    )
    # This page only: frame-ancestors from the environment ('none' when nobody is allowed).
    response._csp_replace = {"frame-ancestors": list(settings.PORTAL_EMBED_ORIGINS) or ["'none'"]}
    return response


# --- The organisation's own record (editors), and the premises needs (coordinators) -----------


def record_url(organisation):
    return reverse("organisations:editor_record", args=[organisation.slug])


@signed_in_required
def editor_record(request, slug):
    """Contact persons, member count and needs: the organisation's private record, which only its
    editors and the coordinators see. Saved at once; confirmed yearly with the listing."""
    organisation = editable_organisation(request, slug)
    form = OrganisationRecordForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_record_save(form=form)
        messages.success(request, _("Opplysningene er lagret."))
        return redirect(record_url(organisation))
    context = {"organisation": organisation, "form": form, **selectors.editor_record_page(organisation)}
    return render(request, "organisations/editor_record.html", context, status=400 if form.errors else 200)


@signed_in_required
@require_POST
def editor_contact_person_remove(request, slug, pk):
    organisation = editable_organisation(request, slug)
    person = get_object_or_404(ContactPerson, pk=pk, organisation=organisation)
    services.contact_person_remove(person=person, user=request.user)
    messages.success(request, _("Kontaktpersonen er fjernet og slettet fra portalen."))
    return redirect(record_url(organisation))


@signed_in_required
@one_time_form
def editor_premises_need(request, slug, pk=None):
    organisation = editable_organisation(request, slug)
    need = get_object_or_404(PremisesNeed, pk=pk, organisation=organisation, withdrawn_on__isnull=True) if pk else None
    form = PremisesNeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        services.premises_need_save(form=form, organisation=organisation)
        messages.success(request, _("Behovet for lokaler er lagret."))
        return redirect(record_url(organisation))
    title = _("Endre behov for lokaler") if need else _("Nytt behov for lokaler")
    return render(
        request, "organisations/editor_record_form.html", {"form": form, "organisation": organisation, "title": title}
    )


@signed_in_required
@require_POST
def editor_premises_need_withdraw(request, slug, pk):
    organisation = editable_organisation(request, slug)
    need = get_object_or_404(PremisesNeed, pk=pk, organisation=organisation)
    services.premises_need_withdraw(need=need)
    messages.success(request, _("Behovet er markert som dekket eller ikke lenger aktuelt."))
    return redirect(record_url(organisation))


@coordinator_required
def premises_needs(request):
    """The organisations' premises needs summed by weekday and part of the day, for a consultation
    or the property department, with the needs behind the sum."""
    needs = selectors.current_premises_needs()
    return render(
        request, "organisations/premises_needs.html",
        {"rows": selectors.premises_needs_by_weekday(needs), "needs": needs, "other_needs": selectors.other_needs_summary()},
    )


def _download(filename, mimetype, content):
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=mimetype)


@coordinator_required
def premises_needs_xlsx(request):
    return _download(*selectors.premises_needs_spreadsheet(timezone.localdate()))


@coordinator_required
def premises_needs_list_xlsx(request):
    return _download(*selectors.premises_needs_spreadsheet(timezone.localdate(), detailed=True))
