"""The goals app's document, by WeasyPrint: the plan's status report for the leadership group.
One entry point returning (filename, mimetype, bytes), rendered in the document's language."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from goals import selectors
from portal.pdf import write_pdf_ua

MIMETYPE = "application/pdf"
DOCUMENT_LANGUAGE = "nb"
# The portal's plain A4 document style (the grants' letters use it too).
CSS = "css/grants-print.css"


def _css():
    with open(finders.find(CSS), encoding="utf-8") as handle:
        return handle.read()


def plan_status(year):
    """The status report of the plan items in `year`, as the records stand today."""
    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(
            "goals/pdf/plan_status.html",
            {
                "report": selectors.plan_status_report(year),
                "css": mark_safe(_css()),
                "municipality": settings.PORTAL_MUNICIPALITY,
                "project_name": settings.PORTAL_PROJECT_NAME,
                "today": timezone.localdate(),
            },
        )
    return f"planstatus-{year}.pdf", MIMETYPE, write_pdf_ua(html)
