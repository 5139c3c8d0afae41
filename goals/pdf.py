"""The goals app's document, by WeasyPrint: the plan's status report for the leadership group.
One entry point returning (filename, mimetype, bytes), rendered in the document's language."""

from goals import selectors
from portal.output.pdfua import plain_document

MIMETYPE = "application/pdf"


def plan_status(year):
    """The status report of the plan items in `year`, as the records stand today."""
    data = plain_document("goals/pdf/plan_status.html", {"report": selectors.plan_status_report(year)})
    return f"planstatus-{year}.pdf", MIMETYPE, data
