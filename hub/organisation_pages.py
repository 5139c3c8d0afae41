"""The organisations' pages that show other apps' records too, so they live in the composition
layer: the coordinators' list (Enhetsregisteret's
flags, the contact status) and page (the contact status), the moderation queue (listing changes,
events and regular offers) and the editor's contact person (with the person's consent to
mailings). hub/urls.py adds them to the `organisations` URL namespace beside organisations/urls.py."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from brreg import selectors as brreg_selectors
from brreg.forms import OrganisationRegistryFilterForm
from mailings import selectors as mailing_selectors
from mailings import services as mailing_services
from mailings.forms import EditorContactPersonForm
from offers import selectors as offer_selectors
from organisations import selectors as organisation_selectors
from organisations.access import editable_organisation
from organisations.models import ContactPerson
from organisations.views import STAFF_PAGE_SIZE, page_of, record_url
from outreach import selectors as outreach_selectors
from portal.web.decorators import coordinator_required, found_or_404, signed_in_required, staff_required
from portal.web.formkeys import one_time_form
from portal.background.jobs import Job


@staff_required
def staff_list(request):
    form = OrganisationRegistryFilterForm(request.GET or None)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    registry_flag = filters.pop("registry", "")
    queryset = brreg_selectors.filter_by_flag(organisation_selectors.staff_organisations(**filters), registry_flag)
    queryset = outreach_selectors.with_contact_status(queryset, today=timezone.localdate())
    page = page_of(request, brreg_selectors.with_registry_record(queryset), STAFF_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "hub/organisation_staff_list.html", {"form": form, "page": page, "query": query.urlencode()})


@staff_required
def staff_detail(request, pk):
    organisation = found_or_404(organisation_selectors.staff_organisation(pk))
    contact_status = outreach_selectors.contact_status(organisation, today=timezone.localdate())
    return render(
        request, "hub/organisation_staff_detail.html", {"organisation": organisation, "contact_status": contact_status}
    )


@coordinator_required
def moderation_queue(request):
    # Decision e-mails that failed every attempt are shown here, where the decisions are made.
    failed_mail = Job.objects.filter(kind="organisations.decision_mail", state=Job.State.FAILED).order_by("-created_at")[:10]
    return render(
        request,
        "hub/moderation_queue.html",
        {
            **organisation_selectors.moderation_queue(),
            "offers": offer_selectors.pending_offers(),
            "failed_mail_jobs": list(failed_mail),
        },
    )


@signed_in_required
@one_time_form
def editor_contact_person(request, slug, pk=None):
    organisation = editable_organisation(request, slug)
    person = get_object_or_404(ContactPerson, pk=pk, organisation=organisation) if pk else None
    preference = mailing_selectors.person_preference(person) if person else None
    form = EditorContactPersonForm(request.POST or None, instance=person, preference=preference)
    if request.method == "POST" and form.is_valid():
        mailing_services.contact_person_save_by_editor(form=form, organisation=organisation, user=request.user)
        messages.success(request, _("Kontaktpersonen er lagret."))
        return redirect(record_url(organisation))
    title = _("Endre kontaktperson") if person else _("Ny kontaktperson")
    return render(
        request, "organisations/editor_record_form.html",
        {"form": form, "organisation": organisation, "title": title, "person": person},
    )


urlpatterns = [
    path("koordinator/organisasjoner/", staff_list, name="staff_list"),
    path("koordinator/organisasjoner/<int:pk>/", staff_detail, name="staff_detail"),
    path("koordinator/moderering/", moderation_queue, name="moderation_queue"),
    path("mine-organisasjoner/<slug:slug>/kontaktpersoner/ny/", editor_contact_person, name="editor_contact_person_create"),
    path("mine-organisasjoner/<slug:slug>/kontaktpersoner/<int:pk>/", editor_contact_person, name="editor_contact_person_edit"),
]
