from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offers import selectors, services
from offers.forms import OfferFilterForm, OfferForm, StaffOfferForm
from offers.invalidation import OFFERS
from offers.models import Offer
from organisations.access import editable_organisation
from organisations.forms import ModerationForm
from organisations.models import ModerationStatus
from organisations.services import moderation_decide
from portal.web.decorators import coordinator_required, signed_in_required, staff_required
from portal.web.formkeys import one_time_form
from portal.web.pagecache import cached_public_page


# --- Public ------------------------------------------------------------------------------------


@cached_public_page(OFFERS)
def offer_list(request):
    """/faste-tilbud/: the regular offers, filterable by audience, language, day and time of day."""
    form = OfferFilterForm(request.GET or None, languages=selectors.offer_languages())
    filters = form.filters()
    return render(
        request,
        "offers/offer_list.html",
        {"form": form, "offers": selectors.public_offers(**filters), "filtered": any(filters.values())},
    )


# --- Organisation editors ------------------------------------------------------------------------


@signed_in_required
def editor_list(request, slug):
    organisation = editable_organisation(request, slug)
    return render(
        request, "offers/editor_list.html", {"organisation": organisation, "offers": selectors.editor_offers(organisation)}
    )


@signed_in_required
@one_time_form
def editor_form(request, slug, pk=None):
    organisation = editable_organisation(request, slug)
    offer = get_object_or_404(Offer, pk=pk, organisation=organisation) if pk else None
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        services.offer_submit(form=form, organisation=organisation, user=request.user)
        messages.success(request, _("Tilbudet er sendt til godkjenning."))
        return redirect("offers:editor_list", slug=organisation.slug)
    title = _("Endre fast tilbud") if offer else _("Nytt fast tilbud")
    return render(request, "offers/offer_form.html", {"form": form, "organisation": organisation, "offer": offer, "title": title})


@signed_in_required
@require_POST
def editor_delete(request, slug, pk):
    organisation = editable_organisation(request, slug)
    services.offer_delete(offer=get_object_or_404(Offer, pk=pk, organisation=organisation))
    messages.success(request, _("Tilbudet er slettet."))
    return redirect("offers:editor_list", slug=organisation.slug)


# --- Coordinators -----------------------------------------------------------------------------


@staff_required
def staff_list(request):
    status = request.GET.get("status", "")
    status = status if status in ModerationStatus.values else ""
    return render(
        request,
        "offers/staff_list.html",
        {"offers": selectors.staff_offers(status=status), "status": status, "statuses": ModerationStatus.choices},
    )


@coordinator_required
@one_time_form
def staff_create(request):
    form = StaffOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        offer = services.offer_save_by_coordinator(form=form, organisation=form.cleaned_data["organisation"], user=request.user)
        messages.success(request, _("«%(title)s» er lagret og vises offentlig.") % {"title": offer.title})
        return redirect("offers:staff_detail", pk=offer.pk)
    return render(request, "offers/offer_form.html", {"form": form, "title": _("Nytt fast tilbud"), "staff": True})


@coordinator_required
def staff_edit(request, pk):
    offer = get_object_or_404(Offer, pk=pk)
    form = StaffOfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        services.offer_save_by_coordinator(form=form, organisation=form.cleaned_data["organisation"], user=request.user)
        messages.success(request, _("Endringene er lagret og vises offentlig."))
        return redirect("offers:staff_detail", pk=offer.pk)
    return render(
        request, "offers/offer_form.html", {"form": form, "offer": offer, "title": _("Endre fast tilbud"), "staff": True}
    )


@coordinator_required
def staff_detail(request, pk):
    """The offer as sent in, and the decision on it while it waits (moderated like an event)."""
    offer = get_object_or_404(
        Offer.objects.select_related("organisation", "submitted_by", "reviewed_by").prefetch_related("languages", "pauses"), pk=pk
    )
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and offer.is_pending and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            moderation_decide(item=offer, reviewer=request.user, approve=approve, message=form.cleaned_data["message"].strip())
            messages.success(request, _("Tilbudet er godkjent.") if approve else _("Tilbudet er avvist."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("offers:staff_list")
    return render(request, "offers/staff_detail.html", {"offer": offer, "form": form})


@coordinator_required
@require_POST
def staff_delete(request, pk):
    offer = get_object_or_404(Offer, pk=pk)
    services.offer_delete(offer=offer)
    messages.success(request, _("Tilbudet er slettet."))
    return redirect("offers:staff_list")
