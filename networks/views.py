from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from networks import selectors, services
from networks.forms import (
    AgreementForm, RejectionForm, RelationshipFilterForm, RelationshipForm, RelationshipProposalForm,
)
from networks.models import Agreement, Relationship, RelationshipProposal
from organisations.access import editable_organisation
from organisations.models import Organisation
from portal.web.decorators import coordinator_required, found_or_404, signed_in_required, staff_required
from portal.web.editing import form_page, saved_redirect
from portal.web.formkeys import one_time_form
from portal.web.params import chosen_year, preselected

# --- Relationships between organisations (coordinators; council staff read) -------------------


@staff_required
def relationship_list(request):
    form = RelationshipFilterForm(request.GET or None)
    organisation = None
    if form.is_valid() and form.cleaned_data.get("organisasjon"):
        organisation = Organisation.objects.filter(pk=form.cleaned_data["organisasjon"]).first()
    return render(
        request,
        "networks/relationship_list.html",
        {
            "relationships": selectors.staff_relationships(organisation=organisation),
            "organisation": organisation,
            "agreements": selectors.staff_agreements(organisation=organisation) if organisation else None,
            "proposals": selectors.pending_proposals(),
            "rejection_form": RejectionForm(),
        },
    )


@coordinator_required
@one_time_form
def relationship_create(request):
    return form_page(
        request, RelationshipForm(request.POST or None, initial=preselected(request, organisation="organisasjon")),
        save=services.relationship_save_form, message=_("Forbindelsen er registrert."), done="networks:relationship_list",
        template="networks/form.html", context={"title": _("Ny forbindelse"), "back": "networks:relationship_list"},
    )


@coordinator_required
def relationship_edit(request, pk):
    relationship = get_object_or_404(Relationship, pk=pk)
    return form_page(
        request, RelationshipForm(request.POST or None, instance=relationship),
        save=services.relationship_save_form, message=_("Forbindelsen er lagret."), done="networks:relationship_list",
        template="networks/form.html",
        context={"title": _("Rediger forbindelse"), "back": "networks:relationship_list",
                 "delete_url": "networks:relationship_delete", "object": relationship},
    )


@coordinator_required
@require_POST
def relationship_delete(request, pk):
    services.relationship_delete(relationship=get_object_or_404(Relationship, pk=pk))
    return saved_redirect(request, _("Forbindelsen er slettet."), "networks:relationship_list")


# --- The agreement register (coordinators; council staff read) ----------------------------------


@staff_required
def agreement_list(request):
    year = chosen_year(request, default=None)
    return render(
        request,
        "networks/agreement_list.html",
        {"agreements": selectors.staff_agreements(year=year), "years": selectors.agreement_years(), "year": year},
    )


@coordinator_required
@one_time_form
def agreement_create(request):
    return form_page(
        request, AgreementForm(request.POST or None),
        save=services.agreement_save_form, message=_("Avtalen er registrert."), done=_agreement_page,
        template="networks/form.html", context={"title": _("Ny avtale"), "back": "networks:agreement_list"},
    )


def _agreement_page(agreement):
    return reverse("networks:agreement_detail", args=[agreement.pk])


@staff_required
def agreement_detail(request, pk):
    agreement = found_or_404(selectors.staff_agreement(pk))
    return render(request, "networks/agreement_detail.html", {"agreement": agreement})


@coordinator_required
def agreement_edit(request, pk):
    agreement = get_object_or_404(Agreement, pk=pk)
    return form_page(
        request, AgreementForm(request.POST or None, instance=agreement),
        save=services.agreement_save_form, message=_("Avtalen er lagret."), done=_agreement_page,
        template="networks/form.html",
        context={"title": _("Rediger avtale"), "back": "networks:agreement_list",
                 "delete_url": "networks:agreement_delete", "object": agreement},
    )


@coordinator_required
@require_POST
def agreement_delete(request, pk):
    services.agreement_delete(agreement=get_object_or_404(Agreement, pk=pk))
    return saved_redirect(request, _("Avtalen er slettet."), "networks:agreement_list")


# --- Proposals from the organisations' editors ------------------------------------------------
#
# Every editor view starts with editable_organisation: an organisation the user does not edit
# answers 404 like one that does not exist.


@signed_in_required
def editor_networks(request, slug):
    organisation = editable_organisation(request, slug)
    return render(
        request,
        "networks/editor_networks.html",
        {"organisation": organisation, "proposals": selectors.organisation_proposals(organisation),
         **selectors.listing_networks(organisation)},
    )


@signed_in_required
@one_time_form
def editor_relationship_propose(request, slug):
    organisation = editable_organisation(request, slug)
    return form_page(
        request, RelationshipProposalForm(request.POST or None, organisation=organisation),
        save=partial(services.relationship_propose, organisation=organisation, user=request.user),
        message=_("Forslaget er sendt til koordinatorene."),
        done=reverse("networks:editor_networks", args=[organisation.slug]),
        template="networks/editor_propose.html", context={"organisation": organisation, "title": _("Foreslå en forbindelse")},
    )


@coordinator_required
@require_POST
def relationship_proposal_approve(request, pk):
    proposal = get_object_or_404(RelationshipProposal, pk=pk)
    try:
        services.relationship_proposal_approve(proposal=proposal, reviewer=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Forslaget er godkjent, og forbindelsen er registrert."))
    return redirect("networks:relationship_list")


@coordinator_required
@require_POST
def relationship_proposal_reject(request, pk):
    proposal = get_object_or_404(RelationshipProposal, pk=pk)
    form = RejectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv hvorfor forslaget ikke godkjennes."))
        return redirect("networks:relationship_list")
    try:
        services.relationship_proposal_reject(proposal=proposal, reviewer=request.user, message=form.cleaned_data["message"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Forslaget er avvist."))
    return redirect("networks:relationship_list")
