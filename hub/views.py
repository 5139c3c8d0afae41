import io

from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.urls import reverse
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organisations import selectors as organisation_selectors
from organisations.forms import DirectoryFilterForm
from registrations import selectors as registration_selectors
from portal.background import jobs
from portal.privacy import audit, roles
from portal.spreadsheets import import_jobs, importing
from portal.web import pagecache
from portal.web.pagecache import cached_public_page
from portal.web.decorators import SESSION_ENDED, coordinator_required, staff_required
from portal.web.forms import ImportForm
from hub import accessibility as accessibility_statement
from hub import dashboard as day_overview
from hub.home import upcoming_items


@cached_public_page(pagecache.PUBLISHED_COUNT, pagecache.CALENDAR, max_age=60)
def home(request):
    return render(
        request,
        "hub/home.html",
        {
            "search_form": DirectoryFilterForm(),
            "published_count": organisation_selectors.published_today(),
            "upcoming": upcoming_items(limit=3),
        },
    )


def accessibility(request):
    return render(
        request,
        "hub/accessibility.html",
        {
            "deviations": accessibility_statement.DEVIATIONS,
            "updated_on": accessibility_statement.STATEMENT_UPDATED_ON,
            "wcag_version": accessibility_statement.WCAG_VERSION,
        },
    )


@staff_required
def dashboard(request):
    # The day's figures first (hub/dashboard.py), then the staff navigation
    # (hub.context_processors), one card per section.
    if roles.is_coordinator(request.user):
        overview = day_overview.coordinator_overview(request.user)
    else:
        overview = day_overview.council_staff_overview(request.user)
    return render(request, "hub/dashboard.html", {"overview": overview})


class SignInView(LoginView):
    """After signing in (with no ?next=), staff land on their overview, editors on their
    organisations, someone whose organisation's registration waits on its status, anyone else on
    the start page."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Sent here by a form whose session had ended (portal.web.decorators.sign_in_again).
        return {**super().get_context_data(**kwargs), "session_ended": SESSION_ENDED in self.request.GET}

    def get_default_redirect_url(self):
        user = self.request.user
        if roles.is_staff_member(user):
            return reverse("dashboard")
        if roles.is_organisation_editor(user):
            return reverse("organisations:editor_home")
        if registration_selectors.has_waiting_registration(user):  # an organisation's own registration
            return reverse("registrations:mine")
        return super().get_default_redirect_url()


@coordinator_required
def import_upload(request):
    stems = importing.available_stems()
    form = ImportForm(request.POST or None, request.FILES or None, stems=stems)
    results = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = "check" in request.POST
        raw = upload.read()
        rows = import_jobs.count_data_rows(raw, upload.name)
        if rows is not None and rows > import_jobs.INLINE_MAX_ROWS:
            # Too big for a request: the job worker imports it, and this page shows the progress.
            import_jobs.import_start(
                stem=form.cleaned_data["kind"], filename=upload.name, raw=raw, rows=rows, dry_run=dry_run, user=request.user
            )
            messages.info(
                request,
                _("%(file)s har %(rows)s rader og leses i bakgrunnen; fremdriften vises under.")
                % {"file": upload.name, "rows": rows},
            )
            return redirect("import")
        results = importing.run_import([(form.cleaned_data["kind"], upload.name, raw)], dry_run=dry_run, user=request.user)
        failed = any(result.errors for result in results)
        if not failed and not dry_run:
            result = results[0]
            messages.success(
                request,
                _("%(file)s er importert: %(new)s nye, %(updated)s oppdatert.")
                % {"file": result.filename, "new": result.new, "updated": result.updated},
            )
            return redirect("import")
        if failed:
            messages.error(request, _("Ingenting ble importert. Rett feilene under og prøv igjen."))
    return render(
        request,
        "hub/import.html",
        {
            "form": form,
            "results": results,
            "stems": stems,
            "files": [
                {"stem": stem, "name": importing.template_filename(stem, "csv")[:-4], "columns": importing.column_help(stem)}
                for stem in stems
            ],
            "jobs": jobs.recent_jobs(kind="import", owner=request.user),
        },
    )


SHEET_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_GET
@coordinator_required
def import_template(request, stem, file_format):
    """An empty sheet of one file kind with its Norwegian headers, to fill in and import."""
    if stem not in importing.available_stems() or file_format not in SHEET_CONTENT_TYPES:
        raise Http404
    return FileResponse(
        io.BytesIO(importing.template_bytes(stem, file_format)), as_attachment=True,
        filename=importing.template_filename(stem, file_format), content_type=SHEET_CONTENT_TYPES[file_format],
    )


@require_GET
@coordinator_required
def export_file(request, stem, file_format):
    if stem not in importing.available_stems() or file_format not in ("csv", "xlsx"):
        raise Http404
    content = importing.export_bytes(stem, file_format)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=f"{stem}.{file_format}", content_type=SHEET_CONTENT_TYPES[file_format])


@coordinator_required
def audit_log(request):
    """Who changed what (django-auditlog), newest first, filterable by kind of record."""
    from django.core.paginator import Paginator

    form = audit.filter_form_class()(request.GET or None)
    model = form.cleaned_data["model"] if form.is_valid() else ""
    page = Paginator(audit.log_entries(model=model), 50).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "hub/audit_log.html",
        {"form": form, "page": page, "rows": audit.entry_rows(page.object_list), "query": query.urlencode()},
    )


@coordinator_required
def retention(request):
    """Contact persons inactive for the retention period: review, then erase them all at once."""
    from hub import retention as retention_rules

    persons = list(retention_rules.inactive_contact_persons())
    if request.method == "POST":
        if request.POST.get("confirm") == "yes" and persons:
            erased = retention_rules.contact_persons_erase(persons=persons, actor=request.user)
            messages.success(request, _("%(count)s kontaktpersoner er slettet.") % {"count": erased})
        else:
            messages.error(request, _("Kryss av for at du har gått gjennom listen før du sletter."))
        return redirect("retention")
    rows = [{"person": person, "last_activity": retention_rules.last_activity(person)} for person in persons]
    return render(
        request,
        "hub/retention.html",
        {"rows": rows, "years": retention_rules.retention_years(), "cutoff": retention_rules.cutoff_date()},
    )


@require_GET
@coordinator_required
def processing_record(request):
    """The record of processing (behandlingsprotokoll), generated from the models' declarations."""
    from hub.record_of_processing import record_rows

    return render(request, "hub/processing_record.html", {"rows": record_rows()})


@require_GET
@coordinator_required
def processing_record_pdf(request):
    """The same record as a tagged PDF, to print or hand to the data protection officer."""
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    from hub.record_of_processing import record_rows
    from portal.output.pdfua import write_pdf_ua

    with translation.override("nb"):
        html = render_to_string("hub/processing_record_print.html", {"rows": record_rows(), "today": timezone.localdate()})
    filename = f"behandlingsprotokoll-{timezone.localdate():%Y-%m-%d}.pdf"
    return FileResponse(io.BytesIO(write_pdf_ua(html)), filename=filename, content_type="application/pdf")
