"""Reads of the networks and the agreement register: the listings' sections, the report's lists,
the dashboard's and the figures (docs/domain.md "Networks and agreements").

A relationship or an agreement belongs to a year when it was in force on some day of it: it
started on or before 31 December (a relationship without a start date is from before the portal)
and did not end before 1 January. Records of other years never leak in.

Public pages never reveal an organisation that is not published: a relationship shows on a
listing only when the other organisation's listing is published too, and an agreement names the
other parties that are published or municipal services (public bodies, named in public already,
as /innspill/ names the service an input item went to).
"""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import (
    FROM_LABELS, TO_LABELS, Agreement, AgreementParty, Relationship, RelationshipKind, RelationshipProposal,
)
from organisations.models import ModerationStatus
from organisations.models import Kind, Organisation
from portal.reporting import figures
from portal.text.collation import norwegian, sort_key
from portal.text.sanitize import richtext_to_plain_text

# How far ahead the dashboard looks for agreements starting or ending.
SOON = datetime.timedelta(days=30)


def _in_force_between(first, last):
    """Q: in force on some day from `first` to `last` (both included)."""
    return (Q(starts_on__isnull=True) | Q(starts_on__lte=last)) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))


def _year(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def agreements_in(year):
    return Agreement.objects.filter(_in_force_between(*_year(year)))


def relationships_in(year):
    return Relationship.objects.filter(_in_force_between(*_year(year)))


# --- The figures ----------------------------------------------------------------------------


@figures.register("networks.agreements", _("Avtaler som gjaldt i året"))
def agreements(year):
    """networks.agreements: agreements in force on some day of the year."""
    return agreements_in(year).count()


@figures.register("networks.new_agreements", _("Nye avtaler i året"))
def new_agreements(year):
    """networks.new_agreements: agreements that started in the year."""
    return Agreement.objects.filter(starts_on__year=year).count()


@figures.register("networks.relationships", _("Forbindelser mellom organisasjoner i året"))
def relationships(year):
    """networks.relationships: relationships between organisations in force on some day of the year."""
    return relationships_in(year).count()


# --- The public listing ---------------------------------------------------------------------


def _published_q(prefix, today):
    return Q(
        **{
            f"{prefix}published_on__isnull": False,
            f"{prefix}published_on__lte": today,
            f"{prefix}archived_at__isnull": True,
        }
    )


def _named_in_public(organisation, today):
    if organisation.archived_at is not None:
        return False
    if organisation.kind == Kind.MUNICIPAL_SERVICE:
        return True
    return organisation.published_on is not None and organisation.published_on <= today


def listing_networks(organisation, today=None):
    """What an organisation's public listing shows of its networks and agreements (three queries):
    {"relationships": [(heading, [organisation, …]), …], "agreements": [{"agreement", "parties"}, …]}.

    Relationships in force today with an organisation whose listing is published, grouped by how
    this side names the other ("Medlem av", "Paraply for" …). Agreements not yet ended, each with
    the other parties that may be named in public; one with no such party is left out (it would
    read as an agreement with nobody). `organisation` may be the moderation's ListingPreview: only
    its pk is used."""
    today = today or timezone.localdate()
    current = _in_force_between(today, today)
    rows = Relationship.objects.filter(current).filter(
        Q(organisation_id=organisation.pk) & _published_q("other__", today)
        | Q(other_id=organisation.pk) & _published_q("organisation__", today)
    ).select_related("organisation", "other")
    groups = {}
    for row in rows:
        outward = row.organisation_id == organisation.pk
        heading = (FROM_LABELS if outward else TO_LABELS)[row.kind]
        key = (list(RelationshipKind.values).index(row.kind), 0 if outward or row.kind == RelationshipKind.PARTNER else 1)
        groups.setdefault(key, (heading, []))[1].append(row.other if outward else row.organisation)
    relationships = [
        (heading, sorted({o.pk: o for o in others}.values(), key=lambda o: sort_key(o.name)))
        for _key, (heading, others) in sorted(groups.items())
    ]
    agreements = []
    for agreement in (
        Agreement.objects.filter(links__organisation_id=organisation.pk)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .prefetch_related(Prefetch("links", queryset=AgreementParty.objects.select_related("organisation")))
        .order_by("starts_on", "pk")
    ):
        parties = [
            link.organisation for link in agreement.links.all()
            if link.organisation_id != organisation.pk and _named_in_public(link.organisation, today)
        ]
        if parties:
            agreements.append({"agreement": agreement, "parties": sorted(parties, key=lambda o: sort_key(o.name))})
    return {"relationships": relationships, "agreements": agreements}


# --- The annual report ----------------------------------------------------------------------


def _made_at(agreement):
    if agreement.meeting_id:
        meeting = agreement.meeting
        return {"kind": "meeting", "title": meeting.title, "date": meeting.date}
    if agreement.activity_id:
        return {"kind": "activity", "title": agreement.activity.title, "date": agreement.activity.date}
    if agreement.event_id:
        return {"kind": "event", "title": agreement.event.title, "date": timezone.localdate(agreement.event.starts_at)}
    return None


def report_networks(year):
    """The report's chapter 5 lists (three queries): the agreements in force in the year, by start
    date, each with its parties and where it was made; and the relationships in force in the
    year, by the umbrella (or parent, or partner) and then the organisation."""
    agreements = (
        agreements_in(year)
        .select_related("meeting", "activity", "event")
        .prefetch_related(Prefetch("links", queryset=AgreementParty.objects.select_related("organisation")))
        .order_by("starts_on", "title", "pk")
    )
    relationships = relationships_in(year).select_related("organisation", "other").order_by(
        norwegian("other__name"), norwegian("organisation__name"), "pk"
    )
    return {
        "agreements": [
            {
                "title": agreement.title,
                "text": richtext_to_plain_text(agreement.text),
                "starts_on": agreement.starts_on,
                "ends_on": agreement.ends_on,
                "parties": sorted((link.organisation.name for link in agreement.links.all()), key=sort_key),
                "made_at": _made_at(agreement),
            }
            for agreement in agreements
        ],
        "relationships": [
            {
                "organisation": row.organisation.name,
                "kind": row.kind,
                "kind_label": str(row.get_kind_display()),
                "other": row.other.name,
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
            }
            for row in relationships
        ],
    }


# --- The coordinators' pages ------------------------------------------------------------------


def dashboard_networks(today=None):
    """The dashboard's networks and agreements (three queries): agreements in force this year and
    new this year, those starting or ending within the next 30 days, and the editors' proposals
    waiting for a coordinator."""
    today = today or timezone.localdate()
    first, last = _year(today.year)
    counts = Agreement.objects.aggregate(
        in_force=Count("pk", filter=_in_force_between(first, last)),
        new=Count("pk", filter=Q(starts_on__gte=first, starts_on__lte=last)),
    )
    soon = list(
        Agreement.objects.filter(
            Q(starts_on__gte=today, starts_on__lte=today + SOON) | Q(ends_on__gte=today, ends_on__lte=today + SOON)
        ).order_by("starts_on", "pk")
    )
    return {
        "year": today.year,
        "in_force": counts["in_force"],
        "new": counts["new"],
        "starting": [a for a in soon if today <= a.starts_on <= today + SOON],
        "ending": sorted((a for a in soon if a.ends_on and today <= a.ends_on <= today + SOON), key=lambda a: a.ends_on),
        "proposals": RelationshipProposal.objects.filter(status=ModerationStatus.PENDING).count(),
    }


def staff_agreements(*, year=None, organisation=None):
    queryset = Agreement.objects.annotate(party_count=Count("links"))
    if organisation is not None:
        queryset = queryset.filter(pk__in=AgreementParty.objects.filter(organisation=organisation).values("agreement_id"))
    if year:
        queryset = queryset.filter(_in_force_between(*_year(year)))
    return queryset.order_by("-starts_on", "title", "pk")


def agreement_years():
    return sorted({d.year for d in Agreement.objects.dates("starts_on", "year")}, reverse=True)


def staff_agreement(pk):
    return (
        Agreement.objects.select_related("meeting", "meeting__series", "activity", "event", "event__organisation")
        .prefetch_related(Prefetch("links", queryset=AgreementParty.objects.select_related("organisation").order_by(norwegian("organisation__name"))))
        .filter(pk=pk)
        .first()
    )


def staff_relationships(*, organisation=None):
    queryset = Relationship.objects.select_related("organisation", "other")
    if organisation is not None:
        queryset = queryset.filter(Q(organisation=organisation) | Q(other=organisation))
    return queryset.order_by(norwegian("other__name"), norwegian("organisation__name"), "-starts_on", "pk")


def partner_slugs(organisation):
    """The slugs of every organisation whose listing may name this one (one query)."""
    return list(
        Organisation.objects.filter(
            Q(relationships_from__other=organisation)
            | Q(relationships_to__organisation=organisation)
            | Q(agreement_links__agreement__links__organisation=organisation)
        )
        .exclude(pk=organisation.pk)
        .values_list("slug", flat=True)
        .distinct()
    )


def pending_proposals():
    """The editors' proposals waiting for a coordinator, oldest first."""
    return list(
        RelationshipProposal.objects.filter(status=ModerationStatus.PENDING)
        .select_related("organisation", "other", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def organisation_proposals(organisation):
    """An organisation's own proposals, newest first, with how they were decided."""
    return list(RelationshipProposal.objects.filter(organisation=organisation).select_related("other").order_by("-submitted_at", "-pk"))
