"""The reports app's background job: a draft's PDF is rendered by the worker, not in the request
(WeasyPrint takes seconds on a whole report), into the shared cache the download reads."""

from django.utils.translation import gettext as _

from portal import jobs

DRAFT_PDF_JOB = "reports.draft_pdf"


@jobs.job_task()
def render_draft_pdf(job, *, report_id):
    """Safe to run again: a PDF already in the cache for the same content is not rendered twice."""
    from reports import pdf
    from reports.models import AnnualReport

    report = AnnualReport.objects.filter(pk=report_id).first()
    if report is None:
        raise jobs.JobFailed(_("Rapporten finnes ikke lenger."))
    job.progress(0, total=1, force=True)
    pdf.pdf_for_download(report)  # a draft: into the cache; approved meanwhile: stored once
    return _("PDF-en er klar.")
