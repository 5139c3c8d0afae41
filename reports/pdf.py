"""The annual report as a PDF, by WeasyPrint, with one entry point: `generate(report)`.

An approved report's PDF is rendered once and kept in its FileField; a draft's PDF is kept in
the cache under a key derived from the report's content, so it is rendered again exactly when
the records (or the chapters) change, never on a timer.

Except while one of the year's surveys is open (docs/operations.md "Anonymity: the threat model"): then a
draft's PDF is a dated copy of answers still coming in, and two such copies in the cache table
(with their expiry times) would isolate the answers given between them. Nothing derived from an
open survey's answers is stored, so the draft is then rendered for each download, in the request,
and kept nowhere: not in the cache, not in a job's row, not on disk.
"""

import hashlib
import json
from functools import lru_cache

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.background import jobs
from portal.output.pdfua import DOCUMENT_LANGUAGE, resource_url, static_text, write_pdf_ua
from reports import selectors, services
from reports.models import AnnualReport, ReportSection
from surveys.selectors import year_has_open_survey

MIMETYPE = "application/pdf"
PRINT_CSS = "css/report-print.css"
# Part of the draft cache key: bump when the templates change the document's look.
RENDER_VERSION = "3"  # 2: tagged PDF/UA-1; 3: subchapters from records, footnotes, images
DRAFT_CACHE_SECONDS = 7 * 24 * 3600  # an upper bound for the cache's memory, not a freshness timer


@lru_cache(maxsize=1)
def print_css():
    return static_text(PRINT_CSS)


def filename_for(content):
    version = content.get("version") or 1
    suffix = f"-v{version}" if version > 1 else ""
    return f"arsrapport-{content['year']}{suffix}.pdf"


def render_print_html(content):
    """The self-contained HTML WeasyPrint lays out (the print CSS inline, no external files)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(
            "reports/print.html",
            {"content": content, "print_css": mark_safe(print_css()), "for_print": True},
        )


def html_to_pdf(html, resources=None):
    """A tagged PDF/UA-1 (portal.output.pdfua): structure tree, language, title, headers as artifacts."""
    return write_pdf_ua(html, resources=resources)


def chapter_images(content):
    """The chapters' images for the renderer, read from the private storage: {url: (bytes, type)}."""
    from django.urls import reverse

    from portal.privacy.files import served_content_type

    ids = [s["image"]["id"] for s in content.get("sections") or [] if s.get("image")]
    resources = {}
    for section in ReportSection.objects.filter(pk__in=ids).exclude(image=""):
        try:
            with section.image.open("rb") as handle:
                data = handle.read()
        except OSError:
            continue  # a lost file: the PDF shows the alt text's place without the picture
        url = resource_url(reverse("reports:section_image", args=[section.pk]))
        resources[url] = (data, served_content_type(section.image.name))
    return resources


def generate(report, content=None):
    """Render the report (its frozen snapshot when approved): (filename, mimetype, bytes)."""
    content = content if content is not None else selectors.report_content(report)
    return filename_for(content), MIMETYPE, html_to_pdf(render_print_html(content), resources=chapter_images(content))


def content_key(content):
    """The draft's cache key: a hash of everything the PDF shows."""
    digest = hashlib.sha256()
    digest.update(RENDER_VERSION.encode())
    digest.update(hashlib.sha256(print_css().encode()).digest())
    digest.update(json.dumps(content, sort_keys=True, ensure_ascii=False).encode())
    return f"reports:pdf:{digest.hexdigest()}"


def pdf_for_download(report):
    """(filename, bytes) for a download: from storage when approved, from the cache for a draft."""
    if report.is_frozen:
        if report.pdf and not report.pdf.storage.exists(report.pdf.name):
            # The stored file was lost (e.g. a media volume restored without it): render it again
            # from the same frozen snapshot rather than fail the download.
            type(report).objects.filter(pk=report.pk).update(pdf="")
            report.pdf = None
        if not report.pdf:
            filename, _mimetype, data = generate(report)
            report = services.report_store_pdf(report=report, filename=filename, data=data)
        report.pdf.open("rb")
        try:
            data = report.pdf.read()
        finally:
            report.pdf.close()
        return filename_for(report.snapshot), data
    content = selectors.report_content(report)
    if draft_is_kept_nowhere(report):
        return filename_for(content), generate(report, content=content)[2]
    key = content_key(content)
    data = cache.get(key)
    if data is None:
        _filename, _mimetype, data = generate(report, content=content)
        cache.set(key, data, DRAFT_CACHE_SECONDS)
    return filename_for(content), data


def draft_is_kept_nowhere(report):
    """True when a draft's PDF must not be stored: one of the year's surveys is open."""
    return report.is_draft and year_has_open_survey(report.year)


def cached_draft(report):
    """(filename, bytes) of a draft's PDF when the shared cache holds it for the draft's present
    content, else None: the download view renders nothing itself (render_draft_pdf does, in a job)."""
    content = selectors.report_content(report)
    data = cache.get(content_key(content))
    return None if data is None else (filename_for(content), data)


# --- The draft's PDF as a job (portal.background.jobs): WeasyPrint takes seconds on a whole report --------

DRAFT_PDF_JOB = "reports.draft_pdf"


@jobs.job_task()
def render_draft_pdf(job, *, report_id):
    """Safe to run again: a PDF already in the cache for the same content is not rendered twice."""
    report = AnnualReport.objects.filter(pk=report_id).first()
    if report is None:
        raise jobs.JobFailed(_("Rapporten finnes ikke lenger."))
    job.progress(0, total=1, force=True)
    pdf_for_download(report)  # a draft: into the cache; approved meanwhile: stored once
    return _("PDF-en er klar.")


def report_draft_pdf_start(*, report, user):
    """The job that renders a draft's PDF; the user's own unfinished one when it already runs
    (a reload of the waiting page starts nothing new)."""
    return jobs.job_start_once(
        kind=DRAFT_PDF_JOB, label=_("PDF av årsrapport %(year)s") % {"year": report.year}, task=render_draft_pdf,
        owner=user, subject=report, kwargs={"report_id": report.pk}, total=1,
    )
