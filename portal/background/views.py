"""Pages of the background jobs: the progress a starting page polls, and the coordinators' list
with failures and "Prøv igjen"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.background import jobs
from portal.privacy import roles
from portal.web.decorators import coordinator_required, signed_in_required


@require_GET
@signed_in_required
def job_status(request, pk):
    """The job's progress as JSON (static/js/jobs.js): its owner and coordinators only."""
    jobs.fail_stale()
    job = get_object_or_404(jobs.Job, pk=pk)
    if job.owner_id != request.user.pk and not roles.is_coordinator(request.user):
        raise PermissionDenied
    response = JsonResponse(job.as_json())
    response["Cache-Control"] = "no-store"
    return response


@coordinator_required
def job_list(request):
    jobs.fail_stale()
    return render(request, "portal/jobs/job_list.html", {"jobs": jobs.jobs_for_coordinators()})


@coordinator_required
@require_POST
def job_retry(request, pk):
    job = get_object_or_404(jobs.Job, pk=pk)
    if job.state != jobs.Job.State.FAILED:
        messages.error(request, _("Bare jobber som har feilet kan prøves igjen."))
    else:
        jobs.job_retry(job=job)
        messages.success(request, _("«%(label)s» er lagt i kø igjen.") % {"label": job.label})
    return redirect("job_list")
