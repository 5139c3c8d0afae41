"""The mailings jobs' old import path: a job queued, or kept for a retry, before its task moved to
mailings.services (portal.background.jobs stores each job's task by its dotted path)."""

from mailings.services import send_mailing  # noqa: F401
