"""Reads of the grants app, and every grant figure (docs/domain.md `grants`).

`round_figures(round)` is the one place the counting rule lives; the report's JSON, the
coordinators' dashboard and the yearly report to IMDi all call it (through `report_grants`).
"""

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from brreg import selectors as brreg_selectors
from grants.models import (
    SENT_STATUSES,
    ApplicationStatus,
    GrantApplication,
    GrantRound,
    GrantScheme,
    Part,
    UseReport,
)
from organisations.models import IMMIGRANT_KINDS, Organisation
from portal.text.collation import norwegian
from outreach.models import Guidance, GuidanceTopic

GRANTED = Q(status=ApplicationStatus.GRANTED)


def _part_figures(applications, part, head_field):
    granted = applications.filter(GRANTED, part=part)
    sums = granted.aggregate(
        applications=Count("pk"),
        organisations=Count("organisation", distinct=True),
        amount=Sum("granted_amount"),
        heads=Sum(head_field),
    )
    return {
        "applications": sums["applications"],
        "organisations": sums["organisations"],
        "amount": sums["amount"] or 0,
        head_field: sums["heads"] or 0,
    }


def round_figures(grant_round):
    """docs/domain.md `grants`, one round: applications are all sent ones but the withdrawn (a draft
    the organisation has not sent is no application yet)."""
    counted = GrantApplication.objects.filter(round=grant_round, status__in=SENT_STATUSES).exclude(
        status=ApplicationStatus.WITHDRAWN
    )
    totals = counted.aggregate(applications=Count("pk"), applied_amount=Sum("applied_amount"))
    operating = _part_figures(counted, Part.OPERATING, "members")
    activity = _part_figures(counted, Part.ACTIVITY, "participants")
    granted_amount = operating["amount"] + activity["amount"]
    immigrant = (
        counted.filter(GRANTED, organisation__kind__in=IMMIGRANT_KINDS).aggregate(n=Count("organisation", distinct=True))["n"]
    )
    return {
        "scheme": grant_round.scheme.name,
        "allocation": grant_round.allocation,
        "applications": totals["applications"],
        "applied_amount": totals["applied_amount"] or 0,
        "granted": {"operating": operating, "activity": activity},
        "granted_amount": granted_amount,
        "immigrant_organisations_granted": immigrant,
        "unused": grant_round.allocation - granted_amount,
    }


def rounds_of_year(year):
    return GrantRound.objects.filter(year=year).select_related("scheme").order_by("scheme__name", "pk")


def report_grants(year):
    """The report JSON's `grants`: every round of the year, ordered by scheme."""
    return [round_figures(grant_round) for grant_round in rounds_of_year(year)]


def report_grants_section(year):
    """What the report's grants section shows besides the figures: the rounds with their
    deadlines and what the recipients reported back (JSON-safe values, frozen on approval)."""
    rows = []
    for grant_round in rounds_of_year(year):
        reports = UseReport.objects.filter(application__round=grant_round, submitted_at__isnull=False)
        reported = reports.aggregate(n=Count("pk"), participants=Sum("participants"), unused=Sum("unused_amount"))
        rows.append(
            {
                **round_figures(grant_round),
                "funder": grant_round.scheme.funder,
                "deadline": grant_round.deadline,
                "reports_received": reported["n"],
                "reported_participants": reported["participants"] or 0,
                "reported_unused": reported["unused"] or 0,
            }
        )
    return rows


# --- Pages ---------------------------------------------------------------------------------


def schemes():
    return GrantScheme.objects.annotate(round_count=Count("rounds")).order_by(norwegian("name"))


def rounds_for_dashboard():
    return GrantRound.objects.select_related("scheme").annotate(
        sent=Count("applications", filter=Q(applications__status__in=SENT_STATUSES)),
        drafts=Count("applications", filter=Q(applications__status=ApplicationStatus.DRAFT)),
    ).order_by("-year", "scheme__name")


def public_rounds(today=None):
    """Published rounds whose deadline has not passed, soonest deadline first."""
    today = today or timezone.localdate()
    return GrantRound.objects.filter(published=True, deadline__gte=today).select_related("scheme").order_by("deadline", "scheme__name")


PAST_AWARDS_SHOWN = 12


def public_schemes():
    """The schemes with a published round (one not yet announced is the coordinators' draft), in
    Norwegian order."""
    published = GrantRound.objects.filter(scheme=OuterRef("pk"), published=True)
    return GrantScheme.objects.filter(Exists(published)).order_by(norwegian("name"))


def public_past_awards(today=None, limit=PAST_AWARDS_SHOWN):
    """Published rounds whose deadline has passed, newest first, each with what was granted in
    total: the number of granted applications, of organisations, and the sum (no names: the
    page shows how the money goes, not who asked)."""
    today = today or timezone.localdate()
    granted = Q(applications__status=ApplicationStatus.GRANTED)
    return (
        GrantRound.objects.filter(published=True, deadline__lt=today)
        .select_related("scheme")
        .annotate(
            granted_applications=Count("applications", filter=granted),
            granted_organisations=Count("applications__organisation", filter=granted, distinct=True),
            granted_amount=Sum("applications__granted_amount", filter=granted),
        )
        .order_by("-year", "scheme__name")[:limit]
    )


def round_applications(grant_round):
    """The round's applications for the coordinators, drafts left out (they are the organisation's own)."""
    return (
        GrantApplication.objects.filter(round=grant_round, status__in=SENT_STATUSES)
        .select_related("organisation")
        .annotate(guidance_count=Count("guidance"))
        .order_by(norwegian("organisation__name"), "part", "pk")
    )


def application_for_staff(pk):
    return (
        GrantApplication.objects.select_related("round__scheme", "organisation", "submitted_by", "decided_by")
        .prefetch_related("guidance", "complaints", "attachments")
        .get(pk=pk)
    )


def organisation_applications(organisation):
    """An organisation's own applications, newest round first, for its editors' page."""
    return (
        GrantApplication.objects.filter(organisation=organisation)
        .select_related("round__scheme", "use_report")
        .order_by("-round__year", "round__scheme__name", "-pk")
    )


def guidance_choices(organisation):
    """Guidance logged for the organisation, newest first: what a coordinator may link."""
    return Guidance.objects.filter(organisation=organisation).order_by("-date", "-pk")


def use_reports_due_for_reminder(today=None):
    """Reports not delivered whose due date is within a week or past, not reminded in the last week."""
    import datetime

    today = today or timezone.localdate()
    week = datetime.timedelta(days=7)
    return (
        UseReport.objects.filter(submitted_at__isnull=True, due_on__lte=today + week)
        .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lte=today - week))
        .select_related("application__organisation", "application__round__scheme")
        .prefetch_related("application__organisation__editors")
        .order_by("due_on", "pk")
    )


# --- Help that counts --------------------------------------------------------------------


def help_path(year):
    """Organisations given guidance on grant applications in the year: did they apply, were they
    granted (in a round of the year)? One row per organisation, by name."""
    helped = Guidance.objects.filter(date__year=year, topic=GuidanceTopic.GRANT_APPLICATION, organisation__isnull=False)
    applications = GrantApplication.objects.filter(
        organisation=OuterRef("pk"), round__year=year, status__in=SENT_STATUSES
    ).exclude(status=ApplicationStatus.WITHDRAWN)
    rows = (
        Organisation.objects.filter(pk__in=helped.values("organisation"))
        .annotate(
            applied=Exists(applications),
            granted=Exists(applications.filter(status=ApplicationStatus.GRANTED)),
            linked=Exists(
                GrantApplication.objects.filter(organisation=OuterRef("pk"), round__year=year, guidance__in=helped)
            ),
        )
        .order_by(norwegian("name"))
    )
    rows = list(rows)
    return {
        "rows": rows,
        "helped": len(rows),
        "applied": sum(1 for row in rows if row.applied),
        "granted": sum(1 for row in rows if row.granted),
    }


def readiness(year):
    """Immigrant organisations that could apply in the year's rounds but have not.

    Ready means: accounts on file (an accounts attachment on any of its applications), every
    earlier grant reported on, and registered in Frivillighetsregisteret according to the last
    Brønnøysund check of its present number (brreg's own reading: never checked, or checked under
    a number it no longer has = unknown, shown as such and not held against it; a unit deleted
    since = not registered, so not in Frivillighetsregisteret).
    """
    applied_this_year = GrantApplication.objects.filter(
        organisation=OuterRef("pk"), round__year=year, status__in=SENT_STATUSES
    ).exclude(status=ApplicationStatus.WITHDRAWN)
    unreported = UseReport.objects.filter(application__organisation=OuterRef("pk"), submitted_at__isnull=True, due_on__lt=timezone.localdate())
    earlier = GrantApplication.objects.filter(organisation=OuterRef("pk"), round__year__lt=year, status=ApplicationStatus.GRANTED)
    candidates = (
        Organisation.objects.active()
        .filter(kind__in=IMMIGRANT_KINDS)
        .annotate(
            applied=Exists(applied_this_year),
            has_unreported=Exists(unreported),
            earlier_grants=Exists(earlier),
            accounts_on_file=_accounts_on_file(),
            frivillig=brreg_selectors.in_frivillighetsregisteret_subquery(),
        )
        .filter(applied=False)
        .order_by(norwegian("name"))
    )
    return [
        {
            "organisation": organisation,
            "accounts_on_file": bool(organisation.accounts_on_file),
            "earlier_grants_reported": not organisation.has_unreported,
            "earlier_grants": organisation.earlier_grants,
            "frivillighetsregisteret": organisation.frivillig,
            "ready": bool(organisation.accounts_on_file) and not organisation.has_unreported and organisation.frivillig is not False,
        }
        for organisation in candidates
    ]


def _accounts_on_file():
    from grants.models import Attachment, AttachmentKind

    return Exists(Attachment.objects.filter(application__organisation=OuterRef("pk"), kind=AttachmentKind.ACCOUNTS))
