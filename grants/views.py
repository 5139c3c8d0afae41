import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import pdf, selectors, services
from grants.forms import (
    ApplicationForm,
    AssessmentForm,
    AttachmentForm,
    ComplaintForm,
    ComplaintOutcomeForm,
    DecisionForm,
    GuidanceLinkForm,
    PaperApplicationForm,
    PaymentForm,
    RoundForm,
    SchemeForm,
    UseReportForm,
)
from grants.models import ApplicationStatus, Attachment, Complaint, GrantApplication, GrantRound, GrantScheme, UseReport
from organisations.access import editable_organisation
from portal.web.decorators import coordinator_required, signed_in_required, staff_required
from portal.privacy.files import serve_private_file
from portal.web.formkeys import one_time_form
from portal.web.params import chosen_year


def _download(filename, mimetype, data):
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=mimetype)


# --- Public ------------------------------------------------------------------------------


def round_list(request):
    """/tilskudd/: the rounds open or coming, the schemes, and what earlier rounds granted, so the
    page tells what there is to apply for between rounds too."""
    return render(
        request,
        "grants/round_list.html",
        {
            "rounds": selectors.public_rounds(),
            "schemes": selectors.public_schemes(),
            "past_awards": selectors.public_past_awards(),
            "today": timezone.localdate(),
        },
    )


def round_public(request, pk):
    grant_round = get_object_or_404(GrantRound.objects.select_related("scheme"), pk=pk, published=True)
    return render(request, "grants/round_public.html", {"round": grant_round, "is_open": grant_round.is_open()})


# --- Organisation editors ------------------------------------------------------------------
#
# Every editor view starts with editable_organisation: an organisation the user does not edit
# answers 404 like one that does not exist, and an application is looked up *within* it.


def _own_application(request, slug, pk):
    organisation = editable_organisation(request, slug)
    application = get_object_or_404(
        GrantApplication.objects.select_related("round__scheme", "organisation"), pk=pk, organisation=organisation
    )
    return organisation, application


@signed_in_required
def editor_applications(request, slug):
    organisation = editable_organisation(request, slug)
    context = {
        "organisation": organisation,
        "applications": selectors.organisation_applications(organisation),
        "open_rounds": [r for r in selectors.public_rounds() if r.is_open()],
    }
    return render(request, "grants/editor_applications.html", context)


@signed_in_required
@one_time_form
def editor_apply(request, slug, round_pk):
    organisation = editable_organisation(request, slug)
    grant_round = get_object_or_404(GrantRound.objects.select_related("scheme"), pk=round_pk, published=True)
    if not grant_round.is_open():
        messages.error(request, _("Runden tar ikke imot søknader nå."))
        return redirect("grants:editor_applications", slug=organisation.slug)
    form = ApplicationForm(request.POST or None, grant_round=grant_round, submitting="send" in request.POST)
    return _save_application(request, organisation, grant_round, form)


@signed_in_required
def editor_application(request, slug, pk):
    """A draft opens as its form again; a sent application shows its status and decision."""
    organisation, application = _own_application(request, slug, pk)
    if application.is_draft:
        form = ApplicationForm(
            request.POST or None, instance=application, grant_round=application.round, submitting="send" in request.POST
        )
        return _save_application(request, organisation, application.round, form)
    report = UseReport.objects.filter(application=application).first()
    return render(
        request,
        "grants/editor_application.html",
        {
            "organisation": organisation,
            "application": application,
            "use_report": report,
            "attachments": application.attachments.all(),
            "attachment_form": AttachmentForm() if application.status == ApplicationStatus.RECEIVED else None,
        },
    )


def _save_application(request, organisation, grant_round, form):
    if request.method == "POST" and form.is_valid():
        submit = "send" in request.POST
        try:
            application = services.application_save(
                form=form, organisation=organisation, grant_round=grant_round, user=request.user, submit=submit
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submit:
                messages.success(request, _("Søknaden er sendt. Du får en bekreftelse på e-post."))
                return redirect("grants:editor_application", slug=organisation.slug, pk=application.pk)
            messages.success(request, _("Utkastet er lagret. Du kan komme tilbake og sende det før fristen."))
            return redirect("grants:editor_application", slug=organisation.slug, pk=application.pk)
    return render(
        request,
        "grants/editor_apply.html",
        {
            "organisation": organisation,
            "round": grant_round,
            "form": form,
            "application": form.instance,
            "attachments": form.instance.attachments.all() if form.instance.pk else [],
            "attachment_form": AttachmentForm(),
        },
        status=400 if form.is_bound else 200,
    )


@signed_in_required
@require_POST
@one_time_form
def editor_attachment_add(request, slug, pk):
    """Budget and accounts go with the application while it is not yet decided."""
    organisation, application = _own_application(request, slug, pk)
    if application.is_decided or application.status == ApplicationStatus.WITHDRAWN:
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attachment_add(form=form, application=application, user=request.user)
        messages.success(request, _("Vedlegget er lagt ved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("grants:editor_application", slug=organisation.slug, pk=application.pk)


@signed_in_required
def editor_attachment_download(request, slug, pk, attachment_pk):
    _organisation, application = _own_application(request, slug, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    return serve_private_file(attachment.file, filename=attachment.filename)


@signed_in_required
def editor_decision_pdf(request, slug, pk):
    _organisation, application = _own_application(request, slug, pk)
    if not application.is_decided:
        raise Http404
    return _download(*pdf.decision_letter(application))


@signed_in_required
def editor_use_report(request, slug, pk):
    organisation, application = _own_application(request, slug, pk)
    report = get_object_or_404(UseReport, application=application)
    if report.is_submitted:
        messages.info(request, _("Rapporten er levert."))
        return redirect("grants:editor_application", slug=organisation.slug, pk=application.pk)
    form = UseReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        services.use_report_submit(form=form, user=request.user)
        messages.success(request, _("Takk! Rapporten om bruken av tilskuddet er levert."))
        return redirect("grants:editor_application", slug=organisation.slug, pk=application.pk)
    return render(
        request,
        "grants/editor_use_report.html",
        {"organisation": organisation, "application": application, "form": form},
        status=400 if form.is_bound else 200,
    )


# --- Coordinators --------------------------------------------------------------------------


@staff_required
def dashboard(request):
    year = chosen_year(request)
    context = {
        "year": year,
        "figures": selectors.report_grants_section(year),
        "rounds": selectors.rounds_for_dashboard(),
        "schemes": selectors.schemes(),
        "help_path": selectors.help_path(year),
    }
    return render(request, "grants/dashboard.html", context)


@coordinator_required
def readiness(request):
    year = chosen_year(request)
    rows = selectors.readiness(year)
    return render(request, "grants/readiness.html", {"year": year, "rows": rows})


def _model_form(request, form_class, instance, template, success, context=None):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Lagret."))
        return redirect(success(saved))
    return render(request, template, {"form": form, "object": instance, **(context or {})}, status=400 if form.is_bound else 200)


@coordinator_required
@one_time_form
def scheme_form(request, pk=None):
    scheme = get_object_or_404(GrantScheme, pk=pk) if pk else None
    return _model_form(request, SchemeForm, scheme, "grants/scheme_form.html", lambda s: reverse("grants:dashboard"))


@coordinator_required
@one_time_form
def round_form(request, pk=None):
    grant_round = get_object_or_404(GrantRound, pk=pk) if pk else None
    return _model_form(
        request, RoundForm, grant_round, "grants/round_form.html", lambda r: reverse("grants:round_detail", args=[r.pk])
    )


@coordinator_required
def round_detail(request, pk):
    grant_round = get_object_or_404(GrantRound.objects.select_related("scheme"), pk=pk)
    return render(
        request,
        "grants/round_detail.html",
        {"round": grant_round, "figures": selectors.round_figures(grant_round), "applications": selectors.round_applications(grant_round)},
    )


@coordinator_required
@one_time_form
def application_create(request, pk):
    grant_round = get_object_or_404(GrantRound.objects.select_related("scheme"), pk=pk)
    form = PaperApplicationForm(request.POST or None, grant_round=grant_round)
    if request.method == "POST" and form.is_valid():
        application = services.application_register_paper(form=form, grant_round=grant_round, user=request.user)
        messages.success(request, _("Papirsøknaden er registrert."))
        return redirect("grants:application_detail", pk=application.pk)
    return render(request, "grants/application_create.html", {"round": grant_round, "form": form}, status=400 if form.is_bound else 200)


def _staff_application(pk):
    try:
        application = selectors.application_for_staff(pk)
    except GrantApplication.DoesNotExist:
        raise Http404 from None
    if application.is_draft:
        raise Http404  # a draft is the organisation's own until it is sent
    return application


def _detail(request, application, status=200, **forms):
    context = {
        "application": application,
        "round": application.round,
        "assessment_form": AssessmentForm(instance=application),
        "decision_form": DecisionForm(
            application=application,
            initial={"status": application.status if application.is_decided else None, "granted_amount": application.granted_amount, "reason": application.decision_reason},
        ),
        "payment_form": PaymentForm(instance=application),
        "complaint_form": ComplaintForm(initial={"received_on": timezone.localdate()}),
        "guidance_form": GuidanceLinkForm(
            choices=selectors.guidance_choices(application.organisation), initial={"guidance": list(application.guidance.all())}
        ),
        "complaints": [(c, ComplaintOutcomeForm(instance=c, prefix=f"c{c.pk}")) for c in application.complaints.all()],
        "use_report": UseReport.objects.filter(application=application).first(),
        **forms,
    }
    return render(request, "grants/application_detail.html", context, status=status)


@coordinator_required
def application_detail(request, pk):
    return _detail(request, _staff_application(pk))


@coordinator_required
@require_POST
def application_assess(request, pk):
    application = _staff_application(pk)
    form = AssessmentForm(request.POST, instance=application)
    if not form.is_valid():
        return _detail(request, application, status=400, assessment_form=form)
    services.application_assess(application=application, assessment=form.cleaned_data["assessment"])
    messages.success(request, _("Vurderingen er lagret."))
    return redirect("grants:application_detail", pk=pk)


@coordinator_required
@require_POST
def application_decide(request, pk):
    application = _staff_application(pk)
    form = DecisionForm(request.POST, application=application)
    if not form.is_valid():
        return _detail(request, application, status=400, decision_form=form)
    data = form.cleaned_data
    try:
        services.application_decide(
            application=application,
            status=data["status"],
            granted_amount=data["granted_amount"],
            reason=data["reason"],
            decided_on=data["decided_on"],
            user=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, application, status=400, decision_form=form)
    if data["status"] == ApplicationStatus.WITHDRAWN:
        messages.success(request, _("Søknaden er markert som trukket."))
    else:
        messages.success(request, _("Vedtaket er lagret, og vedtaksbrevet sendes på e-post."))
    return redirect("grants:application_detail", pk=pk)


@coordinator_required
@require_POST
def application_payment(request, pk):
    application = _staff_application(pk)
    if application.status != ApplicationStatus.GRANTED:
        raise Http404
    form = PaymentForm(request.POST, instance=application)
    if not form.is_valid():
        return _detail(request, application, status=400, payment_form=form)
    services.application_record_payment(application=application, paid_on=form.cleaned_data["paid_on"], paid_amount=form.cleaned_data["paid_amount"])
    messages.success(request, _("Utbetalingen er registrert."))
    return redirect("grants:application_detail", pk=pk)


@coordinator_required
@require_POST
def application_guidance(request, pk):
    application = _staff_application(pk)
    form = GuidanceLinkForm(request.POST, choices=selectors.guidance_choices(application.organisation))
    if not form.is_valid():
        return _detail(request, application, status=400, guidance_form=form)
    services.application_link_guidance(application=application, guidance=form.cleaned_data["guidance"])
    messages.success(request, _("Veiledningen er knyttet til søknaden."))
    return redirect("grants:application_detail", pk=pk)


@coordinator_required
@require_POST
@one_time_form
def complaint_create(request, pk):
    application = _staff_application(pk)
    if not application.is_decided:
        raise Http404
    form = ComplaintForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, status=400, complaint_form=form)
    services.complaint_register(application=application, **form.cleaned_data)
    messages.success(request, _("Klagen er registrert."))
    return redirect("grants:application_detail", pk=pk)


@coordinator_required
@require_POST
def complaint_outcome(request, pk):
    complaint = get_object_or_404(Complaint.objects.select_related("application"), pk=pk)
    form = ComplaintOutcomeForm(request.POST, instance=complaint, prefix=f"c{complaint.pk}")
    if not form.is_valid():
        application = _staff_application(complaint.application_id)
        return _detail(request, application, status=400)
    services.complaint_decide(complaint=complaint, **form.cleaned_data)
    messages.success(request, _("Utfallet av klagen er lagret."))
    return redirect("grants:application_detail", pk=complaint.application_id)


@coordinator_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    if attachment.application.is_draft:
        raise Http404  # a draft's files are the organisation's own until it is sent
    return serve_private_file(attachment.file, filename=attachment.filename)


@coordinator_required
def decision_pdf(request, pk):
    application = _staff_application(pk)
    if not application.is_decided:
        raise Http404
    return _download(*pdf.decision_letter(application))


@coordinator_required
def imdi_report_pdf(request, year):
    return _download(*pdf.imdi_report(year))


@coordinator_required
def imdi_report_xlsx(request, year):
    return _download(*pdf.imdi_spreadsheet(year))
