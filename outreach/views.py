import io
import json
from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.models import ContactPerson, Organisation
from outreach import selectors, services
from outreach.forms import ContactForm, EventInvitationForm, GuidanceForm, OrganisationSearchForm, PersonEraseForm
from outreach.models import Contact, EventInvitation, Guidance
from portal.privacy import erasure
from portal.web.decorators import coordinator_required, staff_required
from portal.web.editing import form_page
from portal.web.formkeys import one_time_form
from portal.web.params import chosen_year, preselected, safe_next, with_year

PAGE_SIZE = 50


def _year_context(year):
    return {"year": year, "years": _years(year), "query": f"aar={year}"}


def _years(year):
    years = set(selectors.contact_years()) | {timezone.localdate().year, year}
    return sorted(years, reverse=True)


def _next_url(request, default):
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), default)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))


# --- The dashboard -------------------------------------------------------------------------


@staff_required
def dashboard(request):
    year = chosen_year(request)
    today = timezone.localdate()
    context = {**_year_context(year), "today": today, **selectors.dashboard(year, today)}
    return render(request, "outreach/dashboard.html", context)


@staff_required
def not_contacted(request):
    """Every immigrant organisation not contacted for twelve months, longest waiting first."""
    cutoff = selectors.twelve_months_before(timezone.localdate())
    page = _page(request, selectors.organisations_not_contacted_since(cutoff))
    return render(request, "outreach/not_contacted.html", {"page": page, "cutoff": cutoff})


# --- Contacts ----------------------------------------------------------------------------


@staff_required
def contact_list(request):
    year = chosen_year(request)
    page = _page(request, selectors.contacts_in_year(year))
    return render(request, "outreach/contact_list.html", {**_year_context(year), "page": page})


@coordinator_required
@one_time_form
def contact_create(request):
    """Log a contact: first find the organisation (search works without JavaScript), then the form."""
    organisation_id = request.POST.get("organisation") or request.GET.get("organisasjon")
    organisation = None
    if organisation_id and str(organisation_id).isdigit():
        organisation = Organisation.objects.active().filter(pk=organisation_id).first()
    search = OrganisationSearchForm(request.GET or None)
    results = None
    if organisation is None and search.is_valid() and search.cleaned_data["q"]:
        results = selectors.search_organisations(search.cleaned_data["q"])
    form = None
    if organisation is not None:
        form = ContactForm(request.POST or None, initial={"organisation": organisation})
        if request.method == "POST" and form.is_valid():
            services.contact_save_form(form=form, user=request.user)
            messages.success(request, _("Kontakten med «%(name)s» er logget.") % {"name": organisation.name})
            return redirect(_next_url(request, reverse("outreach:contact_create")))
    return render(
        request,
        "outreach/contact_form.html",
        {
            "form": form,
            "organisation": organisation,
            "search": search,
            "results": results,
            "next": _next_url(request, ""),
            "title": _("Logg en kontakt"),
        },
    )


@coordinator_required
def contact_edit(request, pk):
    contact = get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)
    return form_page(
        request, ContactForm(request.POST or None, instance=contact),
        save=partial(services.contact_save_form, user=request.user), message=_("Kontakten er lagret."),
        # the contact's year as saved (its date may have moved)
        done=lambda _saved: _next_url(request, with_year(reverse("outreach:contact_list"), contact.date.year)),
        template="outreach/contact_form.html",
        context={
            "organisation": contact.organisation, "contact": contact, "next": _next_url(request, ""), "title": _("Rediger kontakt"),
        },
    )


@coordinator_required
@require_POST
def contact_delete(request, pk):
    contact = get_object_or_404(Contact, pk=pk)
    year = contact.date.year
    contact.delete()
    messages.success(request, _("Kontakten er slettet."))
    return redirect(with_year(reverse("outreach:contact_list"), year))


@coordinator_required
@require_POST
def contact_follow_up_done(request, pk):
    contact = get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)
    services.contact_complete_follow_up(contact=contact)
    messages.success(request, _("Oppfølgingen av «%(name)s» er merket som utført.") % {"name": contact.organisation.name})
    return redirect(_next_url(request, reverse("outreach:dashboard")))


@coordinator_required
def organisation_search(request):
    """The search results alone, for the log page's search-as-you-type (static/js/outreach.js)."""
    search = OrganisationSearchForm(request.GET or None)
    results = selectors.search_organisations(search.cleaned_data["q"]) if search.is_valid() else []
    return render(
        request,
        "outreach/_organisation_results.html",
        {"results": results, "searched": bool(request.GET.get("q", "").strip()), "next": _next_url(request, "")},
    )


# --- Guidance and invitations ----------------------------------------------------------------


@staff_required
def guidance_list(request):
    year = chosen_year(request)
    page = _page(request, selectors.guidance_in_year(year))
    return render(
        request,
        "outreach/guidance_list.html",
        {**_year_context(year), "page": page, "summary": selectors.guidance_summary(year)},
    )


@coordinator_required
@one_time_form
def guidance_form(request, pk=None):
    guidance = get_object_or_404(Guidance, pk=pk) if pk else None
    initial = preselected(request, organisation="organisasjon") if guidance is None else {}
    return _record_form_page(
        request, GuidanceForm(request.POST or None, instance=guidance, initial=initial),
        list_url="outreach:guidance_list", message=_("Veiledningen er lagret."),
        title=_("Rediger veiledning") if guidance else _("Ny veiledning"),
        erasable_guidance=guidance if guidance and guidance.holds_person_data else None,
    )


def _record_form_page(request, form, *, list_url, message, title, **context):
    """A guidance or invitation record's form; saved, back where the user came from, else to the
    record's year in its list."""
    return form_page(
        request, form, save=partial(services.record_save_form, user=request.user), message=message,
        done=lambda record: _next_url(request, with_year(reverse(list_url), record.date.year)),
        template="outreach/record_form.html",
        context={"title": title, "next": _next_url(request, ""), "cancel_url": reverse(list_url), **context},
    )


@coordinator_required
@require_POST
def guidance_erase_person(request, pk):
    guidance = get_object_or_404(Guidance, pk=pk, organisation__isnull=True)
    services.guidance_erase_person(guidance=guidance, actor=request.user)
    messages.success(request, _("Navn og kontaktopplysning er slettet. Veiledningen telles fortsatt."))
    return redirect("outreach:guidance_edit", pk=guidance.pk)


@staff_required
def invitation_list(request):
    year = chosen_year(request)
    page = _page(request, selectors.invitations_in_year(year))
    return render(
        request,
        "outreach/invitation_list.html",
        {**_year_context(year), "page": page, "visits": selectors.visits_summary(year)},
    )


@coordinator_required
@one_time_form
def invitation_form(request, pk=None):
    invitation = get_object_or_404(EventInvitation, pk=pk) if pk else None
    initial = preselected(request, organisation="organisasjon") if invitation is None else {}
    return _record_form_page(
        request, EventInvitationForm(request.POST or None, instance=invitation, initial=initial),
        list_url="outreach:invitation_list", message=_("Invitasjonen er lagret."),
        title=_("Rediger invitasjon") if invitation else _("Ny invitasjon til arrangement"),
    )


# --- Privacy: a contact person's data, and erasure ----------------------------------------------


@coordinator_required
def person_privacy(request, pk):
    person = get_object_or_404(ContactPerson.objects.select_related("organisation"), pk=pk)
    form = PersonEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = person.organisation
        erasure.erase(person, actor=request.user)
        messages.success(request, _("Personen er slettet. Tallene for møtte personer er beholdt uten navn."))
        return redirect("organisations:staff_detail", pk=organisation.pk)
    contacts = person.outreach_contacts.order_by("date", "pk")
    return render(request, "outreach/person_privacy.html", {"person": person, "contacts": contacts, "form": form})


@coordinator_required
def person_export(request, pk):
    person = get_object_or_404(ContactPerson.objects.select_related("organisation"), pk=pk)
    data = selectors.contact_person_data(person)
    return FileResponse(
        io.BytesIO(json.dumps(data, ensure_ascii=False, indent=2).encode()), as_attachment=True,
        filename=f"kontaktperson-{person.pk}.json", content_type="application/json; charset=utf-8",
    )
