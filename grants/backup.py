"""What the grants part of the backup keeps beyond grant_rounds.csv and grant_applications.csv
(hub/backup.py puts it in extra.json under "grants"): each scheme's funder, purpose and criteria;
each round's dates, announcement and publication; each sent application's project, assessment,
decision, payment, complaints, report on use and the guidance linked to it.

Applications line up with grant_applications.csv by its export order. Not kept: drafts (the
organisations' own, never in the sheet) and attachments (files, like the other apps' attachments).
"""

from grants.models import SENT_STATUSES, Complaint, GrantApplication, GrantRound, GrantScheme, UseReport

SCHEME_FIELDS = ("funder", "purpose", "criteria", "offers_operating", "offers_activity")
ROUND_FIELDS = ("opens_on", "report_due_on", "announcement", "published")
APPLICATION_FIELDS = (
    "project", "description", "channel", "submitted_at", "assessment", "decision_reason", "decided_on",
    "decision_sent_at", "paid_on", "paid_amount",
)
REPORT_FIELDS = ("due_on", "what_was_done", "participants", "amount_used", "unused_amount", "submitted_at", "last_reminded_on")
COMPLAINT_FIELDS = ("received_on", "grounds", "outcome", "outcome_on", "outcome_note")


class GrantsRestoreError(Exception):
    pass


def _export_order():
    return (
        GrantApplication.objects.filter(status__in=SENT_STATUSES)
        .select_related("round__scheme", "organisation")
        .order_by("round__year", "round__scheme__name", "organisation__name", "pk")
    )


def export_extras(guidance_order):
    """guidance_order: the guidance cases in the order extra.json lists them (their index links)."""
    index = {case.pk: position for position, case in enumerate(guidance_order)}
    applications = []
    for application in _export_order().prefetch_related("guidance", "complaints"):
        report = UseReport.objects.filter(application=application).first()
        applications.append(
            {
                "year": application.round.year,
                "scheme": application.round.scheme.name,
                "organisation": application.organisation.name,
                **{name: getattr(application, name) for name in APPLICATION_FIELDS},
                "use_report": {name: getattr(report, name) for name in REPORT_FIELDS} if report else None,
                "complaints": [{name: getattr(c, name) for name in COMPLAINT_FIELDS} for c in application.complaints.all()],
                "guidance": sorted(index[g.pk] for g in application.guidance.all() if g.pk in index),
            }
        )
    return {
        "schemes": [{"name": s.name, **{n: getattr(s, n) for n in SCHEME_FIELDS}} for s in GrantScheme.objects.order_by("name")],
        "rounds": [
            {"scheme": r.scheme.name, "year": r.year, **{n: getattr(r, n) for n in ROUND_FIELDS}}
            for r in GrantRound.objects.select_related("scheme").order_by("year", "scheme__name")
        ],
        "applications": applications,
    }


def restore_extras(data, *, assign, guidance_order):
    """After the sheets are imported: put back what they cannot hold. `assign(instance, item,
    exclude=…)` is hub.backup's field setter; guidance_order the restored guidance cases in
    extra.json's order."""
    for item in data.get("schemes", []):
        scheme = GrantScheme.objects.filter(name__iexact=item["name"]).first()
        if scheme is None:
            raise GrantsRestoreError(f"extra.json: no grant scheme {item['name']!r} in grant_rounds.csv")
        assign(scheme, item, exclude=("name",))
        scheme.save()
    for item in data.get("rounds", []):
        grant_round = GrantRound.objects.filter(scheme__name__iexact=item["scheme"], year=item["year"]).first()
        if grant_round is None:
            raise GrantsRestoreError(f"extra.json: no grant round {item['scheme']!r} {item['year']} in grant_rounds.csv")
        assign(grant_round, item, exclude=("scheme", "year"))
        grant_round.save()
    applications = list(_export_order())
    extras = data.get("applications", [])
    if len(applications) != len(extras):
        raise GrantsRestoreError(f"extra.json: {len(extras)} grant applications, but grant_applications.csv gave {len(applications)}")
    for application, item in zip(applications, extras):
        if (application.round.year, application.round.scheme.name, application.organisation.name) != (item["year"], item["scheme"], item["organisation"]):
            raise GrantsRestoreError(f"extra.json: grant applications do not line up with grant_applications.csv at {item['organisation']!r}")
        assign(application, item, exclude=("year", "scheme", "organisation", "use_report", "complaints", "guidance"))
        application.save()
        if item.get("use_report"):
            report = UseReport(application=application)
            assign(report, item["use_report"])
            report.save()
        for complaint in item.get("complaints", []):
            record = Complaint(application=application)
            assign(record, complaint)
            record.save()
        application.guidance.set([guidance_order[i] for i in item.get("guidance", []) if i < len(guidance_order)])
