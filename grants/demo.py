"""Demo grants shaped like seed 003's Sandnes line: IMDi's local scheme with 321 702 kr, operating
and activity support, a refusal, a withdrawn application, a complaint and reports on use; a
second, smaller municipal scheme; and last year's round. Fictional projects and amounts."""

import datetime

from grants.models import ApplicationStatus, Channel, Complaint, GrantApplication, GrantRound, GrantScheme, Part, UseReport
from organisations.models import Organisation
from outreach.models import Guidance, GuidanceTopic

IMDI = "Tilskudd til frivillig virksomhet i lokalsamfunn"
MUNICIPAL = "Kommunens tilskudd til inkluderingstiltak"

APPLICATIONS = [
    # scheme, year, organisation index, part, applied, granted or status, heads, project
    (IMDI, 2025, 0, Part.OPERATING, 25000, 20000, 140, ""),
    (IMDI, 2025, 0, Part.ACTIVITY, 15000, 15000, 120, "Sommerfest i parken"),
    (IMDI, 2025, 1, Part.OPERATING, 18000, 15000, 60, ""),
    (IMDI, 2025, 2, Part.ACTIVITY, 30000, 22000, 200, "Leksehjelp for alle"),
    (IMDI, 2025, 3, Part.ACTIVITY, 12000, ApplicationStatus.REFUSED, 40, "Tur til fjells"),
    (IMDI, 2025, 4, Part.OPERATING, 20000, ApplicationStatus.WITHDRAWN, 30, ""),
    (MUNICIPAL, 2025, 1, Part.ACTIVITY, 10000, 8000, 50, "Kulturkveld"),
    (IMDI, 2024, 0, Part.OPERATING, 22000, 18000, 130, ""),
]


def seed(stdout):
    organisations = list(Organisation.objects.active().order_by("name")[:5])
    if len(organisations) < 5:
        return
    imdi, _ = GrantScheme.objects.get_or_create(
        name=IMDI,
        defaults={"funder": "IMDi", "purpose": "Deltakelse, dialog og samhandling i lokalsamfunnet.",
                  "criteria": "Møteplasser på tvers av bakgrunn; åpne for alle; realistisk budsjett."},
    )
    municipal, _ = GrantScheme.objects.get_or_create(
        name=MUNICIPAL, defaults={"funder": "Sandnes kommune", "offers_operating": False, "criteria": "Tiltak åpne for alle."}
    )
    rounds = {
        (IMDI, 2025): GrantRound.objects.get_or_create(scheme=imdi, year=2025, defaults={"allocation": 321702, "deadline": datetime.date(2025, 3, 1), "report_due_on": datetime.date(2026, 2, 1), "published": True})[0],
        (MUNICIPAL, 2025): GrantRound.objects.get_or_create(scheme=municipal, year=2025, defaults={"allocation": 50000, "deadline": datetime.date(2025, 5, 1), "published": True})[0],
        (IMDI, 2024): GrantRound.objects.get_or_create(scheme=imdi, year=2024, defaults={"allocation": 300000, "deadline": datetime.date(2024, 3, 1), "published": True})[0],
    }
    if GrantApplication.objects.exists():
        return
    for scheme, year, index, part, applied, outcome, heads, project in APPLICATIONS:
        granted = outcome if isinstance(outcome, int) else None
        status = ApplicationStatus.GRANTED if granted else outcome
        application = GrantApplication.objects.create(
            round=rounds[(scheme, year)], organisation=organisations[index], part=part, project=project,
            applied_amount=applied, granted_amount=granted, status=status, channel=Channel.PAPER,
            members=heads if part == Part.OPERATING else None, participants=heads if part == Part.ACTIVITY else None,
            decided_on=datetime.date(year, 4, 2) if status in (ApplicationStatus.GRANTED, ApplicationStatus.REFUSED) else None,
            decision_reason="Utenfor ordningens formål." if status == ApplicationStatus.REFUSED else "",
        )
        if granted:
            report = UseReport.objects.create(application=application, due_on=datetime.date(year + 1, 2, 1))
            if year == 2024:
                report.what_was_done, report.participants, report.amount_used, report.unused_amount = "Drift av foreningen.", 130, 18000, 0
                report.submitted_at = datetime.datetime(2025, 1, 20, 12, tzinfo=datetime.timezone.utc)
                report.save()
        if status == ApplicationStatus.REFUSED:
            Complaint.objects.create(application=application, received_on=datetime.date(year, 4, 15), grounds="Tiltaket er åpent for alle.")
        help_given = Guidance.objects.filter(organisation=organisations[index], topic=GuidanceTopic.GRANT_APPLICATION).first()
        if help_given:
            application.guidance.add(help_given)
    stdout.write(f"  grants: {GrantApplication.objects.count()} applications in {GrantRound.objects.count()} rounds")
