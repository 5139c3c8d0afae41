import io

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.privacy import roles
from portal.web.decorators import coordinator_required, staff_required
from portal.privacy.files import serve_private_file
from portal.web.formkeys import one_time_form
from reports import consistency, pdf, selectors, services
from portal.web.forms import PeriodForm
from reports.forms import ApproveForm, NewReportForm, SectionForm, SendForm
from reports.models import AnnualReport, ReportSection

# --- Public pages (drafts and approved-but-unpublished versions only for staff) ----------


def _version_param(request):
    # ASCII digits only: "²".isdigit() is true but int("²") fails (a 500 for a typed URL).
    value = request.GET.get("versjon")
    if value and value.isascii() and value.isdigit() and len(value) <= 6:
        return int(value)
    return None


def _visible_report(request, year):
    """The report a visitor may see for the year, or 404 (a draft is not admitted to exist)."""
    staff = roles.is_staff_member(request.user)
    report = selectors.report_for_year(year, staff=staff, version=_version_param(request))
    if report is None:
        raise Http404
    return report


def public_list(request):
    staff = roles.is_staff_member(request.user)
    return render(request, "reports/public_list.html", {"years": selectors.reports_for_list(staff=staff)})


def detail(request, year):
    report = _visible_report(request, year)
    response = render(
        request,
        "reports/detail.html",
        {"report": report, "content": selectors.report_content(report), "for_print": False},
    )
    if not report.is_published:
        # A draft is computed for each request (an open survey's results with it) and kept by no
        # browser or proxy either (docs/operations.md "Anonymity").
        response["Cache-Control"] = "private, no-store"
    return response


def section_image(request, section_pk):
    """A chapter's image: private until its report is published (staff see it in every version)."""
    section = get_object_or_404(ReportSection.objects.select_related("report"), pk=section_pk)
    if not section.image or not (section.report.is_published or roles.is_staff_member(request.user)):
        raise Http404
    response = serve_private_file(section.image)
    if section.report.is_published:
        response["Cache-Control"] = "public, max-age=3600"
    return response


def pdf_download(request, year):
    report = _visible_report(request, year)
    if report.is_frozen or pdf.draft_is_kept_nowhere(report):
        # Approved: rendered once, stored (conventions 7). A draft of a year with an open survey:
        # rendered now and kept nowhere, not even in a job's row (docs/operations.md "Anonymity").
        filename, data = pdf.pdf_for_download(report)
    else:  # a draft: rendered by a background job; this page shows its progress, then the download
        ready = pdf.cached_draft(report)
        if ready is None:
            job = pdf.report_draft_pdf_start(report=report, user=request.user)
            response = render(request, "reports/pdf_pending.html", {"report": report, "job": job})
            response["Cache-Control"] = "private, no-store"
            return response
        filename, data = ready
    response = FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=pdf.MIMETYPE)
    # Drafts change with the records: never let a browser or proxy keep one.
    response["Cache-Control"] = "public, max-age=3600" if report.is_published else "private, no-store"
    return response


# --- Coordinator pages -------------------------------------------------------------------


@staff_required
def report_list(request):
    form = NewReportForm()
    return render(request, "reports/report_list.html", {"reports": selectors.staff_reports(), "form": form})


@coordinator_required
@require_POST
@one_time_form
def report_create(request):
    form = NewReportForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/report_list.html", {"reports": selectors.staff_reports(), "form": form})
    try:
        report = services.report_create(year=form.cleaned_data["year"], user=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:report_list")
    messages.success(request, _("Utkastet for %(year)s er laget.") % {"year": report.year})
    return redirect("reports:report_edit", pk=report.pk)


@staff_required
def report_edit(request, pk):
    report = get_object_or_404(AnnualReport, pk=pk)
    return render(
        request,
        "reports/report_edit.html",
        {
            "report": report,
            "sections": report.sections.all(),
            "approve_form": ApproveForm(),
            "period_form": PeriodForm(initial={"fra": report.period_start, "til": report.period_end}),
            "send_form": SendForm() if report.is_published else None,
            "sendings": report.sendings.select_related("mailing", "sent_by"),
            "generated_labels": selectors.GENERATED_LABELS,
        },
    )


@coordinator_required
@one_time_form
def section_form(request, pk, section_pk=None):
    report = get_object_or_404(AnnualReport, pk=pk)
    section = get_object_or_404(ReportSection, pk=section_pk, report=report) if section_pk else None
    if not report.is_draft:
        messages.error(request, _("Rapporten er godkjent og kan ikke endres."))
        return redirect("reports:report_edit", pk=report.pk)
    form = SectionForm(request.POST or None, request.FILES or None, instance=section)
    if request.method == "POST" and form.is_valid():
        services.section_save(report=report, section=section, **form.cleaned_data)
        messages.success(request, _("Kapittelet er lagret."))
        return redirect("reports:report_edit", pk=report.pk)
    title = _("Rediger kapittel") if section else _("Nytt kapittel")
    return render(request, "reports/section_form.html", {"report": report, "form": form, "title": title, "section": section})


def _section_action(request, section_pk, action):
    section = get_object_or_404(ReportSection.objects.select_related("report"), pk=section_pk)
    try:
        action(section)
    except services.ReportError as error:
        messages.error(request, str(error))
    return redirect("reports:report_edit", pk=section.report_id)


@coordinator_required
@require_POST
def section_move(request, section_pk):
    direction = -1 if request.POST.get("direction") == "up" else 1
    return _section_action(request, section_pk, lambda s: services.section_move(section=s, direction=direction))


@coordinator_required
@require_POST
def section_delete(request, section_pk):
    return _section_action(request, section_pk, lambda s: services.section_delete(section=s))


def _errors(form):
    """A form's messages in one line, for the page it redirects back to."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@coordinator_required
@require_POST
def report_period(request, pk):
    report = get_object_or_404(AnnualReport, pk=pk)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("reports:report_edit", pk=report.pk)
    try:
        services.report_set_period(report=report, period=form.cleaned_data["period"])
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Perioden er lagret.") if report.period else _("Perioden er tatt bort."))
    return redirect("reports:report_edit", pk=report.pk)


@coordinator_required
@require_POST
def report_send(request, pk):
    report = get_object_or_404(AnnualReport, pk=pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("reports:report_edit", pk=report.pk)
    try:
        sending, failed = services.report_send(
            report=report, segment=form.cleaned_data["segment"], named=form.cleaned_data["named"], user=request.user
        )
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Rapporten er sendt med lenken."))
        if failed:
            messages.error(request, _("E-posten kom ikke fram til: %(names)s.") % {"names": ", ".join(failed)})
    return redirect("reports:report_edit", pk=report.pk)


@coordinator_required
@require_POST
def report_approve(request, pk):
    report = get_object_or_404(AnnualReport, pk=pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fyll inn hvem som godkjente rapporten, og når."))
        return redirect("reports:report_edit", pk=report.pk)
    if not report.is_draft:
        messages.error(request, _("Rapporten er godkjent og kan ikke endres. Åpne den igjen for å lage en ny versjon."))
        return redirect("reports:report_edit", pk=report.pk)
    if request.POST.get("confirmed") != "1":
        # Look before freezing: what would be frozen, with its empty chapters and disagreeing numbers.
        checks = consistency.approval_checks(
            selectors.report_content(report), approved_on=form.cleaned_data["approved_on"]
        )
        return render(request, "reports/approve_confirm.html", {"report": report, "form": form, "checks": checks})
    try:
        report = services.report_approve(report=report, **form.cleaned_data)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Rapporten er godkjent, og tallene er frosset."))
    return redirect("reports:report_edit", pk=report.pk)


@coordinator_required
@require_POST
def report_publish(request, pk):
    report = get_object_or_404(AnnualReport, pk=pk)
    if request.POST.get("confirmed") != "1" and report.status == "approved":
        return render(request, "reports/publish_confirm.html", {"report": report})
    try:
        services.report_publish(report=report)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Rapporten er publisert."))
    return redirect("reports:report_edit", pk=report.pk)


@coordinator_required
@require_POST
def report_reopen(request, pk):
    report = get_object_or_404(AnnualReport, pk=pk)
    try:
        draft = services.report_reopen(report=report, user=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:report_edit", pk=report.pk)
    messages.success(request, _("Versjon %(version)s er laget som nytt utkast.") % {"version": draft.version})
    return redirect("reports:report_edit", pk=draft.pk)
