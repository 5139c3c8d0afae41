"""The panel jobs' old import path: a job queued, or kept for a retry, before its task moved to
panel.services (portal.background.jobs stores each job's task by its dotted path)."""

from panel.services import render_minutes_pdf, send_invitation_reminders, send_invitations, send_meeting_update  # noqa: F401
