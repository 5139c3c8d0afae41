"""The draft PDF job's old import path: a job queued, or kept for a retry, before its task moved
to reports.pdf (portal.background.jobs stores each job's task by its dotted path)."""

from reports.pdf import render_draft_pdf  # noqa: F401
