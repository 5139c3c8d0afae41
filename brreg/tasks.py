"""The brreg jobs' old import path: a job queued, or kept for a retry, before its task moved to
brreg.services (portal.background.jobs stores each job's task by its dotted path)."""

from brreg.services import run_import  # noqa: F401
