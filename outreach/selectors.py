"""Reads of the outreach log and its figures (docs/domain.md `outreach.*`). The report, the goals and
the coordinator dashboard call these; no outreach figure is computed anywhere else."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import chain
from operator import itemgetter

from django.db.models import Case, CharField, Count, Max, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from organisations.models import IMMIGRANT_KINDS, ContactPerson, Organisation
from outreach.models import (
    RESPONDED_OUTCOMES,
    Contact,
    ContactStatus,
    EventInvitation,
    Guidance,
    GuidanceTopic,
    InvitationResponse,
    Outcome,
)
from panel.models import Attendance
from panel.selectors import attending_immigrant_organisation_ids
from portal.reporting import figures
from portal.text.collation import norwegian
from portal.reporting.periods import in_period
from portal.text.search import query_terms

NOT_CONTACTED_MONTHS = 12
FOLLOW_UP_HORIZON_DAYS = 14


# --- The figures ---------------------------------------------------------------------------


def immigrant_contacts(year):
    """Logged contacts with immigrant organisations (faith communities included) dated in the year."""
    return Contact.objects.filter(organisation__kind__in=IMMIGRANT_KINDS, **in_period(year, "date"))


def _organisations_with(contacts, year):
    # Panel attendance in the year counts as contact, response and meeting alike (docs/domain.md).
    return Organisation.objects.filter(
        Q(pk__in=contacts.values("organisation_id")) | Q(pk__in=attending_immigrant_organisation_ids(year))
    )


@figures.register("outreach.organisations_contacted", _("Innvandrerorganisasjoner kontaktet"), periods=True)
def organisations_contacted(year):
    """outreach.organisations_contacted: distinct immigrant organisations with a logged contact in
    the year, or attendance at a panel meeting in the year."""
    return _organisations_with(immigrant_contacts(year), year).count()


@figures.register("outreach.organisations_responded", _("Innvandrerorganisasjoner som har svart eller er møtt"), periods=True)
def organisations_responded(year):
    """outreach.organisations_responded: as contacted, but only contacts whose outcome is
    `responded` or `met` count (panel attendance still does)."""
    return _organisations_with(immigrant_contacts(year).filter(outcome__in=RESPONDED_OUTCOMES), year).count()


@figures.register("outreach.organisations_met", _("Innvandrerorganisasjoner møtt"), periods=True)
def organisations_met(year):
    """The funnel's last step: immigrant organisations met in person in the year (a contact with
    outcome `met`, or attendance at a panel meeting)."""
    return _organisations_with(immigrant_contacts(year).filter(outcome=Outcome.MET), year).count()


@figures.register("outreach.people_met", _("Personer møtt fysisk"), periods=True)
def people_met(year):
    """People of immigrant organisations met in person in the year: distinct contact persons on
    contacts with outcome `met`, plus those contacts' head counts of people not recorded by name."""
    met = immigrant_contacts(year).filter(outcome=Outcome.MET)
    persons = ContactPerson.objects.filter(outreach_contacts__in=met).values("pk").distinct().count()
    heads = met.aggregate(total=Coalesce(Sum("head_count"), 0))["total"]
    return persons + heads


def _guidance_of_year(year):
    """The counting rule of guidance (docs/domain.md): every case dated in the year, whoever asked
    and whatever its topic. guidance_given and guidance_summary's total both count this."""
    return Guidance.objects.filter(date__year=year)


@figures.register("outreach.guidance_given", _("Veiledninger gitt"))
def guidance_given(year):
    """Guidance cases dated in the year, whoever asked."""
    return _guidance_of_year(year).count()


def _hours(minutes):
    return str((Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def guidance_summary(year):
    """{"total", "by_topic": [{"topic", "label", "count"}], "hours"} for the year: one query.
    Every topic is listed, in the order of the choices, zeros included."""
    rows = {
        row["topic"]: row
        for row in _guidance_of_year(year)
        .order_by()
        .values("topic")
        .annotate(count=Count("pk"), minutes=Sum("minutes_spent"))
    }
    by_topic = [
        {"topic": topic.value, "label": str(topic.label), "count": rows.get(topic.value, {}).get("count", 0)}
        for topic in GuidanceTopic
    ]
    minutes = sum(row["minutes"] or 0 for row in rows.values())
    # The total counts every case, a topic no longer among the choices too (by_topic lists the choices).
    total = sum(row["count"] for row in rows.values())
    return {"total": total, "by_topic": by_topic, "hours": _hours(minutes)}


def visits_summary(year):
    """{"attended": [{"date", "organisation", "title"}], "declined_count"}: one query."""
    invitations = (
        EventInvitation.objects.filter(
            date__year=year, response__in=(InvitationResponse.ATTENDED, InvitationResponse.DECLINED)
        )
        .select_related("organisation")
        .order_by("date", "pk")
    )
    attended, declined = [], 0
    for invitation in invitations:
        if invitation.response == InvitationResponse.ATTENDED:
            attended.append(
                {"date": invitation.date.isoformat(), "organisation": invitation.organisation.name, "title": invitation.title}
            )
        else:
            declined += 1
    return {"attended": attended, "declined_count": declined}


def report_outreach(year):
    """The annual report's outreach section as data (a fixed number of queries, whatever the size)."""
    return {
        "organisations_contacted": organisations_contacted(year),
        "organisations_responded": organisations_responded(year),
        "people_met": people_met(year),
        "guidance": guidance_summary(year),
        "visits": visits_summary(year),
    }


def funnel(year):
    return {
        "contacted": organisations_contacted(year),
        "responded": organisations_responded(year),
        "met": organisations_met(year),
    }


# --- The dashboard's lists -------------------------------------------------------------------


def follow_ups_due(today, horizon_days=FOLLOW_UP_HORIZON_DAYS, limit=50):
    """Open follow-ups dated up to `horizon_days` ahead (overdue ones first)."""
    return list(
        Contact.objects.filter(follow_up_done=False, follow_up_on__lte=today + datetime.timedelta(days=horizon_days))
        .select_related("organisation")
        .order_by("follow_up_on", "pk")[:limit]
    )


def follow_up_counts(today, horizon_days=FOLLOW_UP_HORIZON_DAYS):
    """Open follow-ups of logged contacts: due (today or earlier) and coming within
    `horizon_days` (one query; the dashboard's figure, the list is follow_ups_due)."""
    horizon = today + datetime.timedelta(days=horizon_days)
    return Contact.objects.filter(follow_up_done=False, follow_up_on__isnull=False).aggregate(
        due=Count("pk", filter=Q(follow_up_on__lte=today)),
        upcoming=Count("pk", filter=Q(follow_up_on__gt=today, follow_up_on__lte=horizon)),
    )


def twelve_months_before(today):
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def _last_contact_on(**filters):
    """The date of the organisation's (OuterRef) latest logged contact, of those matching filters."""
    latest = (
        Contact.objects.filter(organisation=OuterRef("pk"), **filters)
        .order_by()
        .values("organisation")
        .annotate(last=Max("date"))
    )
    return Subquery(latest.values("last"))


def _last_panel_on(**filters):
    """The date of the latest counted panel meeting the organisation (OuterRef) attended."""
    latest = (
        Attendance.objects.at_counted_meetings()
        .filter(organisation=OuterRef("pk"), **filters)
        .order_by()
        .values("organisation")
        .annotate(last=Max("meeting__date"))
    )
    return Subquery(latest.values("last"))


def organisations_not_contacted_since(cutoff):
    """Active immigrant organisations with neither a logged contact nor panel attendance on or
    after `cutoff`, annotated with `last_contact` and `last_panel` (None when never)."""
    return (
        Organisation.objects.active()
        .immigrant()
        .annotate(last_contact=_last_contact_on(), last_panel=_last_panel_on())
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=cutoff))
        .filter(Q(last_panel__isnull=True) | Q(last_panel__lt=cutoff))
        .order_by(Coalesce("last_contact", "last_panel").asc(nulls_first=True), "name")
    )


def with_contact_status(queryset, *, today):
    """Annotate organisations with `contact_status` (a ContactStatus value), derived from the
    outreach log and panel attendance, the same evidence docs/domain.md's outreach figures count, over
    the twelve months up to `today` (the window of the dashboard's "not contacted" list):

    - not_contacted: no logged contact and no panel attendance, ever;
    - inactive: some, but none in the last twelve months (the dashboard lists these as not contacted);
    - in_dialogue: in the last twelve months a contact whose outcome is a response (responded, met)
      or attendance at a panel meeting (docs/domain.md counts attendance as contact and response);
    - contacted: contacted in the last twelve months, with no response yet.

    Records dated after `today` (a contact logged ahead) do not count yet. One query with the rows (three subqueries), no query per organisation."""
    cutoff = twelve_months_before(today)
    return queryset.annotate(
        last_contact_on=_last_contact_on(date__lte=today),
        last_response_on=_last_contact_on(date__lte=today, outcome__in=RESPONDED_OUTCOMES),
        last_panel_on=_last_panel_on(meeting__date__lte=today),
        contact_status=Case(
            When(last_contact_on__isnull=True, last_panel_on__isnull=True, then=Value(ContactStatus.NOT_CONTACTED)),
            When(Q(last_response_on__gte=cutoff) | Q(last_panel_on__gte=cutoff), then=Value(ContactStatus.IN_DIALOGUE)),
            When(last_contact_on__gte=cutoff, then=Value(ContactStatus.CONTACTED)),
            default=Value(ContactStatus.INACTIVE),
            output_field=CharField(),
        ),
    )


def contact_status(organisation, *, today):
    """The ContactStatus of one organisation (the rule of with_contact_status)."""
    value = with_contact_status(Organisation.objects.filter(pk=organisation.pk), today=today).values_list(
        "contact_status", flat=True
    ).first()
    return ContactStatus(value or ContactStatus.NOT_CONTACTED)


def recent_contacts(limit=15):
    return list(Contact.objects.select_related("organisation").order_by("-date", "-pk")[:limit])


def dashboard(year, today):
    """Everything the coordinator dashboard shows, in a bounded number of queries."""
    not_contacted = organisations_not_contacted_since(twelve_months_before(today))
    return {
        "funnel": funnel(year),
        "people_met": people_met(year),
        "guidance": guidance_summary(year),
        "visits": visits_summary(year),
        "follow_ups": follow_ups_due(today),
        "not_contacted": list(not_contacted[:30]),
        "not_contacted_count": not_contacted.count(),
        "recent_contacts": recent_contacts(),
    }


def contact_years():
    """Years that have any outreach record, newest first (for the year chooser)."""
    years = set()
    for model in (Contact, Guidance, EventInvitation):
        years.update(d.year for d in model.objects.dates("date", "year"))
    return sorted(years, reverse=True)


# --- Lists ------------------------------------------------------------------------------------


def contacts_in_year(year):
    return (
        Contact.objects.filter(date__year=year)
        .select_related("organisation")
        .prefetch_related("persons_met")
        .order_by("-date", "-pk")
    )


def guidance_in_year(year):
    return _guidance_of_year(year).select_related("organisation").order_by("-date", "-pk")


def invitations_in_year(year):
    return EventInvitation.objects.filter(date__year=year).select_related("organisation").order_by("-date", "-pk")


def search_organisations(query, limit=15):
    """Active organisations matching every folded word of the query (the registry's search copy)."""
    if not query_terms(query):
        return []
    return list(Organisation.objects.active().search(query).order_by(norwegian("name"))[:limit])


# --- The organisation's timeline ---------------------------------------------------------------

TIMELINE_LIMIT = 40


def organisation_timeline(organisation, limit=TIMELINE_LIMIT):
    """The organisation's contacts, meeting attendance, guidance and invitations merged newest
    first: one query per source plus one for the persons met, whatever the history's length."""
    contacts = (
        Contact.objects.filter(organisation=organisation)
        .prefetch_related(Prefetch("persons_met", queryset=ContactPerson.objects.order_by(norwegian("name"))))
        .order_by("-date", "-pk")[:limit]
    )
    attendances = (
        Attendance.objects.filter(organisation=organisation)
        .select_related("meeting")
        .order_by("-meeting__date", "-pk")[:limit]
    )
    guidance = Guidance.objects.filter(organisation=organisation).order_by("-date", "-pk")[:limit]
    invitations = EventInvitation.objects.filter(organisation=organisation).order_by("-date", "-pk")[:limit]
    entries = chain(
        ({"kind": "contact", "date": c.date, "object": c} for c in contacts),
        ({"kind": "attendance", "date": a.meeting.date, "object": a} for a in attendances),
        ({"kind": "guidance", "date": g.date, "object": g} for g in guidance),
        ({"kind": "invitation", "date": i.date, "object": i} for i in invitations),
    )
    return sorted(entries, key=itemgetter("date"), reverse=True)[:limit]


# --- Privacy ---------------------------------------------------------------------------------


def contact_person_data(person):
    """Everything held about a contact person, as JSON-ready data (GDPR access request)."""
    organisation = person.organisation
    contacts = person.outreach_contacts.order_by("date", "pk")
    return {
        "person": {
            "name": person.name,
            "role": person.role,
            "email": person.email,
            "phone": person.phone,
            "created_at": person.created_at.isoformat(),
            "updated_at": person.updated_at.isoformat(),
        },
        "organisation": {"name": organisation.name, "kind": organisation.kind},
        "contacts": [
            {
                "date": contact.date.isoformat(),
                "channel": contact.channel,
                "direction": contact.direction,
                "outcome": contact.outcome,
                "note": contact.note,
                "follow_up_on": contact.follow_up_on.isoformat() if contact.follow_up_on else None,
            }
            for contact in contacts
        ],
    }
