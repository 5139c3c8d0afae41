"""Reads of the panel and its figures (domain.md `panel.*`). The report and the goals call these."""

from organisations.models import IMMIGRANT_KINDS, Organisation
from panel.models import Attendance, MeetingKind, MeetingStatus


def panel_attendances(year):
    """Attendance at panel meetings dated in the year (cancelled meetings are not meetings held)."""
    return Attendance.objects.filter(
        meeting__kind=MeetingKind.PANEL, meeting__date__year=year
    ).exclude(meeting__status=MeetingStatus.CANCELLED)


def attending_immigrant_organisation_ids(year):
    """Ids of immigrant organisations (faith communities included) present at a panel meeting in
    the year: a subquery the outreach figures use too."""
    return (
        panel_attendances(year)
        .filter(organisation__kind__in=IMMIGRANT_KINDS)
        .values("organisation_id")
        .distinct()
    )


def organisations_represented(year):
    """panel.organisations_represented."""
    return Organisation.objects.filter(pk__in=attending_immigrant_organisation_ids(year)).count()
